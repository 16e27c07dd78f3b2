import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { DeadlineCalendar } from '../../src/workflow-engine/calendar/deadline-calendar.js';
import { samplePayload } from '../support/procedure-samples.js';
import { ORDINARY_COURSE } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Durable deadlines end to end, on a fake clock (never sleeping): how periods are counted (procedure.md:
// the day of the act not counted, a period ending on a rest day runs to the next working day, 24:00 China
// time), when and how often they fire, how leaving a state or a transition cancels or moves them, and what
// the service says for a year without holiday data. Every date below was counted by hand from
// src/reference-data/cn-holidays-2018.json; the comments show the count.

let t: TestApp;
type Headers = { Authorization: string };
const H: Record<string, Headers> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['union.demo', 'employer.demo', 'bureau.demo']) H[u] = { Authorization: `Bearer ${await t.login(u)}` };
});

afterAll(async () => {
  await t?.close();
});

// Each test owns the deadlines that exist while it runs: none left by an earlier test fires when it moves the clock.
beforeEach(async () => {
  await t.dataSource.query('DELETE FROM case_deadlines');
});

/** Noon in China of `date`. */
const noon = (date: string) => `${date}T04:00:00.000Z`;
const today = () => DeadlineCalendar.chinaDate(t.clock.now());

async function startCase(): Promise<string> {
  const res = await t.http().post('/api/cases').set(H['union.demo']).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  return res.body.id;
}

const send = (id: string, who: Headers, type: string, payload: Record<string, unknown>) => t.http().post(`/api/cases/${id}/events`).set(who).send({ type, payload });

async function ok(id: string, who: string, type: string, payload: Record<string, unknown>): Promise<Response> {
  const res = await send(id, H[who], type, payload);
  expect({ type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ type, status: 200, body: undefined });
  return res;
}

const view = async (id: string) => {
  const res = await t.http().get(`/api/cases/${id}`).set(H['union.demo']);
  expect(res.status).toBe(200);
  return res.body;
};

interface HistoryEntry {
  seq: number;
  type: string;
  actorId: string | null;
  actorRole: string;
  fromState: string | null;
  toState: string;
  occurredOn: string;
  payload: Record<string, unknown>;
}
const historyOf = async (id: string): Promise<HistoryEntry[]> => {
  const res = await t.http().get(`/api/cases/${id}/history`).set(H['union.demo']);
  expect(res.status).toBe(200);
  return res.body;
};

/** The deadline rows of a case, straight from the table. */
const rowsOf = async (id: string): Promise<{ key: string; state: string; due_on: string; due_at: Date; warnings: { zh: string; en: string }[] }[]> =>
  t.dataSource.query('SELECT key, state, due_on::text AS due_on, due_at, warnings FROM case_deadlines WHERE case_id = $1 ORDER BY key', [id]);

/** Sets the clock and fires what is due; returns how many fired. */
async function fireAt(instant: string): Promise<number> {
  t.clock.set(instant);
  return t.fireDueDeadlines();
}

/** Drives a fresh case to `under_review`, one act a day from `from` (ten acts: FILED nine days later); the clock ends on that day. */
async function driveToReview(from: string): Promise<{ id: string; filedOn: string }> {
  t.clock.set(noon(from));
  const id = await startCase();
  let res: Response | undefined;
  for (const [i, [who, type, payload]] of ORDINARY_COURSE.entries()) {
    if (i > 0) t.clock.advanceDays(1);
    res = await ok(id, who, type, payload(today()));
  }
  expect(res!.body.state).toBe('under_review');
  return { id, filedOn: today() };
}

describe('the response period (CCP Art 32: 20 days from receipt of the written offer)', () => {
  it('an offer received 2018-02-01 is due 2018-02-22 (02-21 is Spring Festival), fires once at 24:00 China time', async () => {
    t.clock.set(noon('2018-02-01'));
    const id = await startCase();
    // 2018-02-01 not counted; day 20 is Wednesday 02-21, a Spring Festival holiday; the next working day is Thursday 02-22.
    const offered = await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-02-01'));
    expect(offered.body.deadlines).toEqual([
      expect.objectContaining({ key: 'response', dueOn: '2018-02-22', dueAt: '2018-02-22T16:00:00.000Z', onExpiry: 'RESPONSE_DEADLINE_PASSED', daysRemaining: 21, warnings: [] }),
    ]);
    expect(offered.body.deadlines[0].basis).toMatchObject({ days: 20, calendar: 'natural', from: '2018-02-01' });
    const [row] = await rowsOf(id);
    expect({ key: row.key, state: row.state, dueOn: row.due_on, dueAt: new Date(row.due_at).toISOString() }).toEqual({
      key: 'response',
      state: 'awaiting_response',
      dueOn: '2018-02-22',
      dueAt: '2018-02-22T16:00:00.000Z',
    });

    // 23:59 China time on the last day: the period still runs.
    expect(await fireAt('2018-02-22T15:59:00Z')).toBe(0);
    expect(await fireAt('2018-02-22T15:59:59.999Z')).toBe(0);
    expect(await view(id)).toMatchObject({ state: 'awaiting_response', overdue: false, version: 2 });

    // 24:00 China time: it passes, exactly once.
    expect(await fireAt('2018-02-22T16:00:00Z')).toBe(1);
    const overdue = await view(id);
    expect(overdue).toMatchObject({ state: 'response_overdue', overdue: true, version: 3, deadlines: [] });
    const history = await historyOf(id);
    const passed = history.filter((e) => e.type === 'RESPONSE_DEADLINE_PASSED');
    expect(passed).toEqual([
      expect.objectContaining({ seq: 3, actorRole: 'system', actorId: null, fromState: 'awaiting_response', toState: 'response_overdue', occurredOn: '2018-02-23' }),
    ]);
    expect(await rowsOf(id)).toEqual([]);

    expect(await t.fireDueDeadlines()).toBe(0);
    expect(await fireAt('2018-03-30T04:00:00Z')).toBe(0);
    expect((await historyOf(id)).filter((e) => e.type === 'RESPONSE_DEADLINE_PASSED')).toHaveLength(1);
    expect(await view(id)).toMatchObject({ state: 'response_overdue', version: 3 });

    // The overdue list shows it; the chain of the log holds the system's entry.
    const list = await t.http().get('/api/cases').query({ overdue: 'true', state: 'response_overdue' }).set(H['union.demo']);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await t.http().get(`/api/cases/${id}/history/verify`).set(H['union.demo'])).body).toEqual({ valid: true, length: 3 });
  });

  it('answering before the deadline cancels it: no `response` row remains and passing its end fires nothing', async () => {
    t.clock.set(noon('2018-02-05'));
    const id = await startCase();
    await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-02-01'));
    expect((await rowsOf(id)).map((r) => r.key)).toEqual(['response']);
    const agreed = await ok(id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', '2018-02-05'));
    // 10 working days after Monday 02-05: 06, 07, 08, 09, Sunday 02-11 (a working weekend), 12, 13, 14 (8);
    // 02-15..02-21 Spring Festival; 22 (9), 23 (10).
    expect(agreed.body.deadlines.map((d: { key: string; dueOn: string }) => [d.key, d.dueOn])).toEqual([['first_meeting', '2018-02-23']]);
    expect((await rowsOf(id)).map((r) => r.key)).toEqual(['first_meeting']);

    expect(await fireAt('2018-02-22T16:00:00Z')).toBe(0);
    expect(await fireAt('2018-02-23T15:59:59Z')).toBe(0);
    expect((await historyOf(id)).map((e) => e.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED']);
    expect(await view(id)).toMatchObject({ state: 'preparing_talks', overdue: false, version: 3 });
  });

  it('a refusal cancels it too: the refused state runs no deadline', async () => {
    t.clock.set(noon('2018-02-02'));
    const id = await startCase();
    await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-02-01'));
    const refused = await ok(id, 'employer.demo', 'RESPONSE_REFUSED', samplePayload('RESPONSE_REFUSED', '2018-02-02'));
    expect(refused.body).toMatchObject({ state: 'refused', deadlines: [] });
    expect(await rowsOf(id)).toEqual([]);
    expect(await fireAt('2018-02-23T04:00:00Z')).toBe(0);
    expect((await view(id)).version).toBe(3);
  });
});

describe('natural days against working days', () => {
  it('natural: day 20 on the Qingming holiday runs to the working Sunday 2018-04-08; working: 10 working days skip weekends and holidays', async () => {
    t.clock.set(noon('2018-03-16'));
    const id = await startCase();
    // Offer Friday 03-16: day 20 is Thursday 04-05 (Qingming); 04-06 and Saturday 04-07 are holidays too;
    // Sunday 04-08 is a working day (调休): the period ends on 2018-04-08.
    const offered = await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-16'));
    expect(offered.body.deadlines).toMatchObject([{ key: 'response', dueOn: '2018-04-08', dueAt: '2018-04-08T16:00:00.000Z' }]);

    t.clock.set(noon('2018-04-02'));
    expect(await t.fireDueDeadlines()).toBe(0);
    // Agreed Monday 04-02. Working days: Tue 04-03 (1), Wed 04-04 (2); Thu 04-05..Sat 04-07 Qingming; Sun 04-08 worked (3);
    // 04-09..04-13 (4..8); weekend; Mon 04-16 (9), Tue 04-17 (10). (Weekends alone would give 04-16; ignoring
    // the working Sunday 04-18; natural days 04-12.)
    const agreed = await ok(id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', '2018-04-02'));
    expect(agreed.body.deadlines).toEqual([
      expect.objectContaining({ key: 'first_meeting', dueOn: '2018-04-17', dueAt: '2018-04-17T16:00:00.000Z', onExpiry: 'FIRST_MEETING_DEADLINE_PASSED', warnings: [] }),
    ]);
    expect(agreed.body.deadlines[0].basis).toMatchObject({ days: 10, calendar: 'working', from: '2018-04-02' });
    expect((await rowsOf(id)).map((r) => [r.key, r.state, r.due_on])).toEqual([['first_meeting', 'preparing_talks', '2018-04-17']]);

    // The response period (04-08) lies behind: nothing of it fires.
    expect(await fireAt('2018-04-09T04:00:00Z')).toBe(0);
    expect(await fireAt('2018-04-17T15:59:59.999Z')).toBe(0);
    expect(await fireAt('2018-04-17T16:00:00Z')).toBe(1);
    // The first-meeting expiry stays in the state and flags it.
    expect(await view(id)).toMatchObject({ state: 'preparing_talks', overdue: true, deadlines: [] });
    const last = (await historyOf(id)).at(-1)!;
    expect(last).toMatchObject({ type: 'FIRST_MEETING_DEADLINE_PASSED', actorRole: 'system', fromState: 'preparing_talks', toState: 'preparing_talks', occurredOn: '2018-04-18' });
    expect(await t.fireDueDeadlines()).toBe(0);
  });

  it('working days across National Day 2018: agreed Friday 2018-09-28 → 2018-10-17', async () => {
    t.clock.set(noon('2018-09-28'));
    const id = await startCase();
    await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-09-20'));
    // Sat 09-29 and Sun 09-30 are worked (1, 2); 10-01..10-07 holidays; 10-08..10-12 (3..7); Mon 10-15 (8),
    // Tue 10-16 (9), Wed 10-17 (10).
    const agreed = await ok(id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', '2018-09-28'));
    expect(agreed.body.deadlines).toMatchObject([{ key: 'first_meeting', dueOn: '2018-10-17', dueAt: '2018-10-17T16:00:00.000Z' }]);
  });
});

describe('coordination (CCP Art 52: 30 days, extendable once by at most 15)', () => {
  it('COORDINATION_EXTENDED by 15 moves the deadline; the old end fires nothing, the new one fires once', async () => {
    t.clock.set(noon('2018-05-02'));
    const id = await startCase();
    await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-05-02'));
    await ok(id, 'employer.demo', 'RESPONSE_REFUSED', samplePayload('RESPONSE_REFUSED', '2018-05-02'));
    // Requested Wednesday 05-02: day 30 is Friday 06-01, a working day.
    const requested = await ok(id, 'union.demo', 'COORDINATION_REQUESTED', samplePayload('COORDINATION_REQUESTED', '2018-05-02'));
    expect(requested.body).toMatchObject({ state: 'coordination', deadlines: [{ key: 'coordination', dueOn: '2018-06-01', dueAt: '2018-06-01T16:00:00.000Z' }] });

    t.clock.set(noon('2018-05-30'));
    // 15 more days from 06-01: Saturday 06-16, and 06-16..06-18 are the Dragon Boat holiday: Tuesday 06-19.
    const extended = await ok(id, 'bureau.demo', 'COORDINATION_EXTENDED', samplePayload('COORDINATION_EXTENDED', '2018-05-30'));
    expect(extended.body).toMatchObject({ state: 'coordination', deadlines: [{ key: 'coordination', dueOn: '2018-06-19', dueAt: '2018-06-19T16:00:00.000Z' }] });
    expect(extended.body.deadlines[0].basis).toMatchObject({ extendedBy: 15 });
    expect((await rowsOf(id)).map((r) => [r.key, r.due_on])).toEqual([['coordination', '2018-06-19']]);
    expect((await view(id)).deadlines).toMatchObject([{ key: 'coordination', dueOn: '2018-06-19' }]);

    expect(await fireAt('2018-06-01T16:00:00Z')).toBe(0);
    expect(await fireAt('2018-06-19T15:59:59Z')).toBe(0);
    expect(await view(id)).toMatchObject({ state: 'coordination', overdue: false });
    expect(await fireAt('2018-06-19T16:00:00Z')).toBe(1);
    expect(await view(id)).toMatchObject({ state: 'coordination', overdue: true, deadlines: [] });
    expect((await historyOf(id)).filter((e) => e.type === 'COORDINATION_DEADLINE_PASSED')).toEqual([expect.objectContaining({ actorRole: 'system', occurredOn: '2018-06-20' })]);
    expect(await t.fireDueDeadlines()).toBe(0);
  });
});

describe('review by the bureau (CCP Arts 44–47)', () => {
  it('MATERIALS_REQUESTED opens a `materials` period, MATERIALS_SUPPLIED cancels it; the review period is untouched', async () => {
    const { id, filedOn } = await driveToReview('2018-05-05');
    // Filed Monday 05-14 (the bureau's receipt): 15 days, Tuesday 05-29.
    expect(filedOn).toBe('2018-05-14');
    expect((await rowsOf(id)).map((r) => [r.key, r.due_on])).toEqual([['review', '2018-05-29']]);

    t.clock.set(noon('2018-05-15'));
    // Requested Tuesday 05-15: 7 days, Tuesday 05-22.
    const requested = await ok(id, 'bureau.demo', 'MATERIALS_REQUESTED', samplePayload('MATERIALS_REQUESTED', '2018-05-15'));
    expect(requested.body.state).toBe('under_review');
    expect(requested.body.deadlines.map((d: { key: string; dueOn: string }) => [d.key, d.dueOn])).toEqual([
      ['materials', '2018-05-22'],
      ['review', '2018-05-29'],
    ]);
    expect((await rowsOf(id)).map((r) => [r.key, r.state, r.due_on])).toEqual([
      ['materials', 'under_review', '2018-05-22'],
      ['review', 'under_review', '2018-05-29'],
    ]);

    t.clock.set(noon('2018-05-16'));
    const supplied = await ok(id, 'employer.demo', 'MATERIALS_SUPPLIED', samplePayload('MATERIALS_SUPPLIED', '2018-05-16'));
    expect(supplied.body.deadlines.map((d: { key: string; dueOn: string }) => [d.key, d.dueOn])).toEqual([['review', '2018-05-29']]);
    expect((await rowsOf(id)).map((r) => [r.key, r.due_on])).toEqual([['review', '2018-05-29']]);
    expect(await fireAt('2018-05-22T16:00:00Z')).toBe(0);
    expect(await view(id)).toMatchObject({ state: 'under_review', overdue: false });
  });

  it('silence means approval (CCP Art 47): REVIEW_DEADLINE_PASSED → effective, not overdue; the publication period starts', async () => {
    const { id } = await driveToReview('2018-05-05');
    expect(await fireAt('2018-05-29T15:59:59.999Z')).toBe(0);
    expect(await view(id)).toMatchObject({ state: 'under_review' });
    expect(await fireAt('2018-05-29T16:00:00Z')).toBe(1);
    const effective = await view(id);
    expect(effective).toMatchObject({ state: 'effective', overdue: false, record: { effectiveOn: '2018-05-30' } });
    // In effect from Wednesday 05-30: 10 days to publish, Saturday 06-09, hence Monday 06-11.
    expect(effective.deadlines).toMatchObject([{ key: 'publication', dueOn: '2018-06-11' }]);
    expect((await historyOf(id)).filter((e) => e.type === 'REVIEW_DEADLINE_PASSED')).toEqual([
      expect.objectContaining({ actorRole: 'system', fromState: 'under_review', toState: 'effective', occurredOn: '2018-05-30' }),
    ]);
    const notOverdue = await t.http().get('/api/cases').query({ overdue: 'false', state: 'effective' }).set(H['union.demo']);
    expect(notOverdue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(await t.fireDueDeadlines()).toBe(0);
  });

  it('a correction period that passed in review does not make the contract overdue once it takes effect by silence', async () => {
    const { id } = await driveToReview('2018-05-05');
    t.clock.set(noon('2018-05-15'));
    await ok(id, 'bureau.demo', 'MATERIALS_REQUESTED', samplePayload('MATERIALS_REQUESTED', '2018-05-15'));
    expect(await fireAt('2018-05-22T16:00:00Z')).toBe(1);
    expect(await view(id)).toMatchObject({ state: 'under_review', overdue: true });
    expect((await rowsOf(id)).map((r) => r.key)).toEqual(['review']);

    expect(await fireAt('2018-05-29T16:00:00Z')).toBe(1);
    const effective = await view(id);
    expect(effective).toMatchObject({ state: 'effective', overdue: false });
    expect(effective.deadlines.map((d: { key: string }) => d.key)).toEqual(['publication']);
    expect((await historyOf(id)).slice(-2).map((e) => [e.type, e.actorRole, e.occurredOn])).toEqual([
      ['MATERIALS_DEADLINE_PASSED', 'system', '2018-05-23'],
      ['REVIEW_DEADLINE_PASSED', 'system', '2018-05-30'],
    ]);
  });
});

describe('a year without holiday data', () => {
  it('2025 is covered: no warning, health ok', async () => {
    t.clock.set(noon('2025-06-03'));
    const id = await startCase();
    // Tuesday 2025-06-03 + 20 = Monday 06-23.
    const offered = await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2025-06-03'));
    expect(offered.body.deadlines).toMatchObject([{ key: 'response', dueOn: '2025-06-23', warnings: [] }]);
    const health = await t.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', calendar: { status: 'ok', missingYears: [] } });
  });

  it('2031: every deadline computed carries a warning naming 2031 (weekends alone), and /health reports the calendar degraded', async () => {
    t.clock.set(noon('2031-03-03'));
    const id = await startCase();
    // Monday 2031-03-03 + 20 = Sunday 03-23: counted with weekends alone, Monday 03-24.
    const offered = await ok(id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2031-03-03'));
    expect(offered.body.deadlines).toMatchObject([{ key: 'response', dueOn: '2031-03-24', dueAt: '2031-03-24T16:00:00.000Z' }]);
    const warnings = offered.body.deadlines[0].warnings as { zh: string; en: string }[];
    expect(warnings).toHaveLength(1);
    expect(warnings[0].en).toMatch(/\b2031\b/);
    expect(warnings[0].zh).toMatch(/2031/);
    expect((await view(id)).deadlines[0].warnings).toEqual(warnings);
    expect((await rowsOf(id))[0].warnings).toEqual(warnings);

    // The next deadline it computes warns as well (working days this time).
    const agreed = await ok(id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', '2031-03-03'));
    expect(agreed.body.deadlines).toMatchObject([{ key: 'first_meeting', dueOn: '2031-03-17' }]);
    expect(agreed.body.deadlines[0].warnings).toEqual([expect.objectContaining({ en: expect.stringMatching(/\b2031\b/), zh: expect.stringMatching(/2031/) })]);

    const health = await t.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'degraded', calendar: { status: 'degraded', missingYears: [2031, 2032] } });
    expect(health.body.calendar.message_en).toMatch(/2031/);
  });
});
