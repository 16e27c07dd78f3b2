import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { loadWorkflowFiles } from '../../src/workflow-engine/definition/workflow-files.js';
import { addDays, addYears, EMPLOYEE_TEAM, EMPLOYER_TEAM, rep, samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { as, assignDemoInstructor, createExtraUsers, today, type Headers } from './engine-helpers.js';

// The contract of POST /api/cases/:id/events and what goes with it: concurrency, idempotency, roles and
// parties, visibility, payload and date checks, the procedure's guards, renewal, listing, the case view,
// the hash chain and the workflow endpoints.

let t: TestApp;
const H: Record<string, Headers> = {};
const START = '2018-03-01T04:00:00Z'; // 12:00 in China, a Thursday

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  for (const u of ['union.demo', 'employer.demo', 'bureau.demo', 'federation.demo', 'instructor.demo', 'admin.demo', 'union.catering', 'employer.catering', 'employer.jinjiang', 'union.mianyang', 'federation.mianyang']) {
    H[u] = await as(t, u);
  }
});

afterAll(async () => {
  await t?.close();
});

// Every test starts on the same day with no deadline pending from an earlier test (they would fire when it moves the clock).
beforeEach(async () => {
  t.clock.set(START);
  await t.dataSource.query('DELETE FROM case_deadlines');
});

const PROBLEM = /^application\/problem\+json/;

/** Moves the clock a day on and returns the new China date: acts are dated in increasing order. */
function nextDay(): string {
  t.clock.advanceDays(1);
  return today(t);
}

const ENTERPRISE_CASE = { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') };
const INDUSTRY_CASE = { kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] };

async function startCase(who: Headers = H['union.demo'], body: Record<string, unknown> = ENTERPRISE_CASE): Promise<string> {
  const res = await t.http().post('/api/cases').set(who).send(body);
  expect(res.status).toBe(201);
  return res.body.id;
}

function send(id: string, who: Headers, type: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.http().post(`/api/cases/${id}/events`).set(who).set(headers).send({ type, payload });
}

/** Sends and expects 200. */
async function ok(id: string, who: Headers, type: string, payload: Record<string, unknown>): Promise<Response> {
  const res = await send(id, who, type, payload);
  expect({ type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ type, status: 200, body: undefined });
  return res;
}

const view = (id: string, who: Headers = H['union.demo']) => t.http().get(`/api/cases/${id}`).set(who);
const historyOf = async (id: string, who: Headers = H['union.demo']) => (await t.http().get(`/api/cases/${id}/history`).set(who)).body as { seq: number; type: string; payload: Record<string, unknown>; hash: string }[];

interface Parties {
  union: Headers;
  employer: Headers;
  bureau: Headers;
}
const enterpriseParties = (): Parties => ({ union: H['union.demo'], employer: H['employer.demo'], bureau: H['bureau.demo'] });
const industryParties = (): Parties => ({ union: H['union.catering'], employer: H['employer.catering'], bureau: H['bureau.demo'] });

/** The ordinary course of a union-initiated case, step by step: [state it is sent in, who, type, payload]. */
const COURSE: [string, keyof Parties, string, (on: string) => Record<string, unknown>][] = [
  ['drafting_offer', 'union', 'OFFER_ISSUED', (on) => samplePayload('OFFER_ISSUED', on)],
  ['awaiting_response', 'employer', 'RESPONSE_AGREED', (on) => samplePayload('RESPONSE_AGREED', on)],
  ['preparing_talks', 'union', 'REPRESENTATIVES_APPOINTED', (on) => ({ occurredOn: on, members: EMPLOYEE_TEAM })],
  ['preparing_talks', 'employer', 'REPRESENTATIVES_APPOINTED', (on) => ({ occurredOn: on, members: EMPLOYER_TEAM })],
  ['preparing_talks', 'union', 'TALKS_SCHEDULED', (on) => samplePayload('TALKS_SCHEDULED', on)],
  ['negotiating', 'union', 'SESSION_HELD', (on) => samplePayload('SESSION_HELD', on)],
  ['negotiating', 'union', 'DRAFT_AGREED', (on) => samplePayload('DRAFT_AGREED', on)],
  ['congress_review', 'union', 'CONGRESS_VOTED', (on) => samplePayload('CONGRESS_VOTED', on)],
  ['awaiting_signature', 'union', 'SIGNED', (on) => samplePayload('SIGNED', on)],
  ['awaiting_filing', 'employer', 'FILED', (on) => samplePayload('FILED', on)],
  ['under_review', 'bureau', 'APPROVED', (on) => samplePayload('APPROVED', on)],
  ['effective', 'union', 'PUBLISHED', (on) => samplePayload('PUBLISHED', on)],
];

/** Drives a fresh case along COURSE up to the first step sent in `until` (stops before it); returns the last view. */
async function driveTo(id: string, until: string, parties: Parties = enterpriseParties(), from = 0): Promise<Record<string, any>> {
  let current = (await view(id, parties.union)).body;
  for (const [state, who, type, payload] of COURSE.slice(from)) {
    if (current.state === until) break;
    expect({ type, state: current.state }).toEqual({ type, state });
    current = (await ok(id, parties[who], type, payload(nextDay()))).body;
  }
  expect(current.state).toBe(until);
  return current;
}

function violationsOf(res: Response): { rule: string; article: string }[] {
  expect({ status: res.status, type: res.body.type }).toEqual({ status: 422, type: 'urn:cb-engine:problem:procedure-rule-violated' });
  expect(res.headers['content-type']).toMatch(PROBLEM);
  return res.body.violations.map((v: { rule: string; article: string }) => ({ rule: v.rule, article: v.article }));
}

function fieldErrors(res: Response): { field: string; rule: string }[] {
  expect({ status: res.status, type: res.body.type }).toEqual({ status: 400, type: 'urn:cb-engine:problem:validation-failed' });
  expect(res.headers['content-type']).toMatch(PROBLEM);
  return res.body.errors.map((e: { field: string; rule: string }) => ({ field: e.field, rule: e.rule }));
}

describe('optimistic concurrency', () => {
  it('If-Match with a stale version: 409 problem+json with currentVersion, nothing recorded', async () => {
    const id = await startCase();
    const offer = await send(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()), { 'If-Match': '"1"' });
    expect(offer.status).toBe(200);
    expect(offer.headers.etag).toBe('"2"');

    const stale = await send(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: nextDay() }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(PROBLEM);
    expect(stale.body).toMatchObject({ status: 409, type: 'urn:cb-engine:problem:version-conflict', currentVersion: 2 });
    expect((await historyOf(id)).map((e) => e.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED']);
    expect((await view(id)).body).toMatchObject({ state: 'awaiting_response', version: 2 });

    const fresh = await send(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: today(t) }, { 'If-Match': 'W/"2"' });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ state: 'preparing_talks', version: 3 });
    expect(fresh.headers.etag).toBe('"3"');
  });

  it('body expectedVersion with a stale version: 409 with currentVersion; the current one is accepted', async () => {
    const id = await startCase();
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    const on = nextDay();
    const stale = await t.http().post(`/api/cases/${id}/events`).set(H['employer.demo']).send({ type: 'RESPONSE_AGREED', payload: { occurredOn: on }, expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(PROBLEM);
    expect(stale.body).toMatchObject({ type: 'urn:cb-engine:problem:version-conflict', currentVersion: 2 });
    expect((await historyOf(id)).length).toBe(2);
    const current = await t.http().post(`/api/cases/${id}/events`).set(H['employer.demo']).send({ type: 'RESPONSE_AGREED', payload: { occurredOn: on }, expectedVersion: 2 });
    expect(current.status).toBe(200);
    expect(current.body.version).toBe(3);
  });
});

describe('idempotency', () => {
  it('a retry with the same Idempotency-Key gets the same answer and records nothing new', async () => {
    const id = await startCase();
    const payload = samplePayload('OFFER_ISSUED', nextDay());
    const key = { 'Idempotency-Key': 'offer-2018-0001' };
    const first = await send(id, H['union.demo'], 'OFFER_ISSUED', payload, key);
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.body).toMatchObject({ state: 'awaiting_response', version: 2 });

    const retry = await send(id, H['union.demo'], 'OFFER_ISSUED', payload, key);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.body).toEqual(first.body);
    const history = await historyOf(id);
    expect(history.map((e) => e.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED']);

    const other = await send(id, H['union.demo'], 'OFFER_ISSUED', { ...payload, subjects: ['劳动报酬'] }, key);
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(PROBLEM);
    expect(other.body.type).toBe('urn:cb-engine:problem:idempotency-key-reused');
    // The same key from another user is not theirs to replay.
    const stranger = await send(id, H['federation.demo'], 'OFFER_ISSUED', payload, key);
    expect(stranger.status).toBe(422);
    expect((await historyOf(id)).length).toBe(2);

    // A retry that arrives after the case moved on is still a replay: not judged again (OFFER_ISSUED is not allowed now), not recorded twice.
    await ok(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: nextDay() });
    const late = await send(id, H['union.demo'], 'OFFER_ISSUED', payload, key);
    expect(late.status).toBe(200);
    expect(late.headers['idempotent-replayed']).toBe('true');
    // The same answer as the first time: the case as it was right after the offer.
    expect(late.body).toMatchObject({ state: 'awaiting_response', version: 2 });
    expect(late.headers.etag).toBe(first.headers.etag);
    expect((await historyOf(id)).map((e) => e.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED']);
    // Keys are per case: the same key on another case is a new request.
    const other2 = await startCase();
    const fresh = await send(other2, H['union.demo'], 'OFFER_ISSUED', payload, key);
    expect(fresh.status).toBe(200);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a malformed Idempotency-Key is refused: 400 naming the header', async () => {
    const id = await startCase();
    const res = await send(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()), { 'Idempotency-Key': 'short' });
    expect(fieldErrors(res)).toEqual([{ field: 'Idempotency-Key', rule: 'format' }]);
  });
});

describe('events the state or the type does not allow', () => {
  it('an event not allowed in the current state: 409 listing the caller’s allowedEvents', async () => {
    const id = await startCase();
    const res = await send(id, H['union.demo'], 'SIGNED', samplePayload('SIGNED', nextDay()));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: 'urn:cb-engine:problem:event-not-allowed', state: 'drafting_offer', currentVersion: 1 });
    expect(res.body.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['OFFER_ISSUED', 'WITHDRAWN']);
    // The list is the caller's: the responding side may send nothing before the offer.
    const employer = await send(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: today(t) });
    expect(employer.status).toBe(409);
    expect(employer.body.allowedEvents).toEqual([]);
    expect((await historyOf(id)).length).toBe(1);
  });

  it('an unknown event type: 400 on field type', async () => {
    const id = await startCase();
    for (const type of ['NOT_AN_EVENT', 'offer_issued']) {
      const res = await send(id, H['union.demo'], type, { occurredOn: nextDay() });
      expect(fieldErrors(res).map((e) => e.field)).toEqual(['type']);
    }
    expect((await historyOf(id)).length).toBe(1);
  });
});

describe('roles and parties', () => {
  it('a role the file does not allow: 403 (bureau or instructor issuing the offer; the responder issuing it)', async () => {
    const id = await startCase();
    await assignDemoInstructor(t, id);
    for (const who of ['bureau.demo', 'instructor.demo', 'federation.demo', 'employer.demo']) {
      const res = await send(id, H[who], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)));
      expect({ who, status: res.status, type: res.body.type }).toEqual({ who, status: 403, type: 'urn:cb-engine:problem:forbidden' });
      expect(res.headers['content-type']).toMatch(PROBLEM);
    }
    expect((await view(id)).body).toMatchObject({ state: 'drafting_offer', version: 1 });
  });

  it('party rules follow the initiator: when the employer initiates, it may not answer its own offer', async () => {
    const id = await startCase(H['employer.demo']);
    expect((await view(id, H['employer.demo'])).body).toMatchObject({ initiatorSide: 'employer', state: 'drafting_offer' });
    expect((await send(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)))).status).toBe(403);
    await ok(id, H['employer.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    const own = await send(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: nextDay() });
    expect(own.status).toBe(403);
    expect(own.headers['content-type']).toMatch(PROBLEM);
    const ownRefusal = await send(id, H['employer.demo'], 'RESPONSE_REFUSED', samplePayload('RESPONSE_REFUSED', today(t)));
    expect(ownRefusal.status).toBe(403);
    expect((await view(id, H['employer.demo'])).body.allowedEvents).toEqual([]);
    expect((await view(id, H['union.demo'])).body.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['RESPONSE_AGREED', 'RESPONSE_REFUSED']);
    const answered = await ok(id, H['union.demo'], 'RESPONSE_AGREED', { occurredOn: today(t) });
    expect(answered.body.state).toBe('preparing_talks');
  });

  it('a transition’s roles override the event’s: the bureau may record a late response only once it is overdue', async () => {
    const id = await startCase();
    const offered = await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    expect((await send(id, H['bureau.demo'], 'RESPONSE_AGREED', { occurredOn: today(t) })).status).toBe(403);
    t.clock.set(offered.body.deadlines[0].dueAt);
    expect(await t.fireDueDeadlines()).toBe(1);
    expect((await view(id)).body).toMatchObject({ state: 'response_overdue', overdue: true });
    const late = await ok(id, H['bureau.demo'], 'RESPONSE_AGREED', { occurredOn: today(t) });
    expect(late.body).toMatchObject({ state: 'preparing_talks', record: { response: { late: true } } });
  });
});

describe('visibility', () => {
  it('another region’s user, or another party, gets 404 for the case, its events and its history', async () => {
    const id = await startCase();
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    for (const who of ['federation.mianyang', 'union.mianyang', 'employer.jinjiang', 'union.catering']) {
      const get = await view(id, H[who]);
      expect({ who, status: get.status, type: get.body.type }).toEqual({ who, status: 404, type: 'urn:cb-engine:problem:case-not-found' });
      const events = await send(id, H[who], 'RESPONSE_AGREED', { occurredOn: today(t) });
      expect({ who, status: events.status }).toEqual({ who, status: 404 });
      for (const path of ['history', 'history/verify']) {
        const res = await t.http().get(`/api/cases/${id}/${path}`).set(H[who]);
        expect({ who, path, status: res.status }).toEqual({ who, path, status: 404 });
      }
      const diagram = await t.http().get(`/api/workflows/enterprise-contract/diagram?format=mermaid&caseId=${id}`).set(H[who]);
      expect({ who, status: diagram.status }).toEqual({ who, status: 404 });
    }
    expect((await historyOf(id)).length).toBe(2);
    // The authorities of the region see it; an instructor once assigned to it (procedure.md: "read assigned cases").
    expect((await view(id, H['instructor.demo'])).status).toBe(404);
    expect((await t.http().get(`/api/cases/${id}/history`).set(H['instructor.demo'])).status).toBe(404);
    expect((await t.http().get('/api/cases').set(H['instructor.demo'])).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    await assignDemoInstructor(t, id);
    for (const who of ['federation.demo', 'bureau.demo', 'instructor.demo']) expect((await view(id, H[who])).status).toBe(200);
    const listed = (await t.http().get('/api/cases').set(H['instructor.demo'])).body.items.map((c: { id: string }) => c.id);
    expect(listed).toContain(id);
    // Only assigned cases: as many as the instructor's assignments, however many cases the region has.
    const [{ n }] = await t.dataSource.query("SELECT count(*)::int AS n FROM case_instructors ci JOIN instructors i ON i.id = ci.instructor_id JOIN users u ON u.id = i.user_id WHERE u.username = 'instructor.demo' AND ci.unassigned_at IS NULL");
    expect(listed.length).toBe(n);
    expect(n).toBeLessThan((await t.http().get('/api/cases').set(H['federation.demo'])).body.total);
  });

  it('an industry case is visible to the association and to every covered enterprise', async () => {
    const id = await startCase(H['union.catering'], INDUSTRY_CASE);
    for (const who of ['union.catering', 'employer.catering', 'employer.jinjiang', 'federation.demo', 'bureau.demo']) expect({ who, status: (await view(id, H[who])).status }).toEqual({ who, status: 200 });
    for (const who of ['union.demo', 'employer.demo', 'federation.mianyang']) expect({ who, status: (await view(id, H[who])).status }).toEqual({ who, status: 404 });
  });
});

describe('payload and dates', () => {
  it('an invalid payload: 400 naming payload.<field>', async () => {
    const id = await startCase();
    const on = nextDay();
    const cases: [string, Record<string, unknown>, { field: string; rule: string }][] = [
      ['OFFER_ISSUED', { occurredOn: on, subjects: [] }, { field: 'payload.subjects', rule: 'arrayMinSize' }],
      ['OFFER_ISSUED', { subjects: ['劳动报酬'] }, { field: 'payload.occurredOn', rule: 'isIsoDate' }],
      ['OFFER_ISSUED', { occurredOn: '2018-02-30', subjects: ['劳动报酬'] }, { field: 'payload.occurredOn', rule: 'isIsoDate' }],
      ['OFFER_ISSUED', { occurredOn: on, subjects: ['劳动报酬'], surprise: 1 }, { field: 'payload.surprise', rule: 'unknownField' }],
      ['WITHDRAWN', { occurredOn: on }, { field: 'payload.reason', rule: 'isString' }],
    ];
    for (const [type, payload, expected] of cases) {
      const res = await send(id, H['union.demo'], type, payload);
      expect({ type, payload, errors: fieldErrors(res) }).toEqual({ type, payload, errors: expect.arrayContaining([expect.objectContaining({ field: expected.field })]) });
      expect(res.body.errors.find((e: { field: string }) => e.field === expected.field).rule).toBe(expected.rule);
    }
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
    await ok(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: nextDay() });
    // Nested: a representative's flag.
    const nested = await send(id, H['union.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: nextDay(), members: [{ ...EMPLOYEE_TEAM[0], chief: 'yes' }, ...EMPLOYEE_TEAM.slice(1)] });
    expect(fieldErrors(nested)).toEqual([{ field: 'payload.members.0.chief', rule: 'isBoolean' }]);
    expect((await historyOf(id)).length).toBe(3);
  });

  it('occurredOn after the clock’s China date: 400 notInFuture (the China date, not UTC)', async () => {
    const id = await startCase();
    // 2018-03-01T17:30Z is 01:30 on 2018-03-02 in China.
    t.clock.set('2018-03-01T17:30:00Z');
    const future = await send(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-03'));
    expect(fieldErrors(future)).toEqual([{ field: 'payload.occurredOn', rule: 'notInFuture' }]);
    const chinaToday = await send(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-02'));
    expect(chinaToday.status).toBe(200);
  });

  it('occurredOn earlier than the case’s previous act: 400 notBeforePreviousAct; the same day is fine', async () => {
    const id = await startCase();
    t.clock.advanceDays(10);
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-05'));
    const earlier = await send(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: '2018-03-04' });
    expect(fieldErrors(earlier)).toEqual([{ field: 'payload.occurredOn', rule: 'notBeforePreviousAct' }]);
    await ok(id, H['employer.demo'], 'RESPONSE_AGREED', { occurredOn: '2018-03-05' });
    // An act may be recorded later than it happened: deadlines count from the act.
    expect((await view(id)).body.deadlines[0]).toMatchObject({ key: 'first_meeting', basis: { from: '2018-03-05' } });
  });
});

describe('procedure guards (422 citing the article)', () => {
  async function preparingTalks(): Promise<string> {
    const id = await startCase();
    await driveTo(id, 'preparing_talks');
    return id;
  }
  async function appoint(id: string, employee: unknown[], employer: unknown[]) {
    await ok(id, H['union.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: today(t), members: employee });
    await ok(id, H['employer.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: today(t), members: employer });
  }
  async function talksRefused(id: string, payload = samplePayload('TALKS_SCHEDULED', today(t))) {
    const before = (await view(id)).body.version;
    const res = await send(id, H['union.demo'], 'TALKS_SCHEDULED', payload);
    const violations = violationsOf(res);
    expect((await view(id)).body).toMatchObject({ state: 'preparing_talks', version: before });
    return violations;
  }

  it('CCP Art 23: an external expert may not be chief; experts at most a third, by written delegation', async () => {
    const id = await preparingTalks();
    nextDay();
    const expertChief = [rep('外聘律师', 'X-001', { chief: true, external: true, delegated: true }), EMPLOYEE_TEAM[1], EMPLOYEE_TEAM[2]];
    await ok(id, H['union.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: today(t), members: expertChief });
    await ok(id, H['employer.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: today(t), members: EMPLOYER_TEAM });
    expect(await talksRefused(id)).toEqual([{ rule: 'representatives.expertNotChief', article: 'CCP Art 23' }]);

    const twoExperts = [EMPLOYEE_TEAM[0], rep('专家甲', 'X-002', { external: true, delegated: true }), rep('专家乙', 'X-003', { external: true })];
    await ok(id, H['union.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: today(t), members: twoExperts });
    expect(await talksRefused(id)).toEqual([
      { rule: 'representatives.expertShare', article: 'CCP Art 23' },
      { rule: 'representatives.expertDelegation', article: 'CCP Art 23' },
    ]);
  });

  it('CCP Art 19: at least three a side, in equal numbers, one chief each', async () => {
    const id = await preparingTalks();
    nextDay();
    await appoint(id, [...EMPLOYEE_TEAM, rep('赵六', 'E-004')], EMPLOYER_TEAM);
    expect(await talksRefused(id)).toEqual([{ rule: 'representatives.equal', article: 'CCP Art 19' }]);
    await appoint(id, EMPLOYEE_TEAM.slice(0, 2), EMPLOYER_TEAM.slice(0, 2));
    expect(await talksRefused(id)).toEqual([
      { rule: 'representatives.minimum', article: 'CCP Art 19' },
      { rule: 'representatives.minimum', article: 'CCP Art 19' },
    ]);
    await appoint(id, EMPLOYEE_TEAM.map((m) => ({ ...m, chief: true })), EMPLOYER_TEAM);
    expect(await talksRefused(id)).toContainEqual({ rule: 'representatives.oneChief', article: 'CCP Art 19' });
  });

  it('CCP Art 24: nobody represents both sides', async () => {
    const id = await preparingTalks();
    nextDay();
    await appoint(id, EMPLOYEE_TEAM, [...EMPLOYER_TEAM.slice(0, 2), EMPLOYEE_TEAM[2]]);
    expect(await talksRefused(id)).toEqual([{ rule: 'representatives.bothSides', article: 'CCP Art 24' }]);
  });

  it('CCP Art 33: the recorder is not a representative', async () => {
    const id = await preparingTalks();
    nextDay();
    await appoint(id, EMPLOYEE_TEAM, EMPLOYER_TEAM);
    const payload = { ...samplePayload('TALKS_SCHEDULED', today(t)), recorder: { name: EMPLOYER_TEAM[1].name, personId: EMPLOYER_TEAM[1].personId } };
    expect(await talksRefused(id, payload)).toEqual([{ rule: 'talks.recorderNotRepresentative', article: 'CCP Art 33' }]);
    expect((await ok(id, H['union.demo'], 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', today(t)))).body.state).toBe('negotiating');
  });

  it('the draft is refused too when the teams became invalid during the talks (CCP Art 19)', async () => {
    const id = await startCase();
    await driveTo(id, 'negotiating');
    await ok(id, H['employer.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: nextDay(), members: EMPLOYER_TEAM.slice(0, 2) });
    const res = await send(id, H['union.demo'], 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay()));
    expect(violationsOf(res)).toEqual([
      { rule: 'representatives.minimum', article: 'CCP Art 19' },
      { rule: 'representatives.equal', article: 'CCP Art 19' },
    ]);
  });

  it('CCP Art 36: a congress below quorum, or without a majority of the whole roster, sends the draft back with the reasons', async () => {
    const id = await startCase();
    await driveTo(id, 'congress_review');
    const vote = (roster: number, present: number, yes: number) => ({ occurredOn: nextDay(), body: 'congress', roster, present, yes, no: present - yes, abstain: 0 });

    const quorum = await ok(id, H['union.demo'], 'CONGRESS_VOTED', vote(100, 66, 60));
    expect(quorum.body.state).toBe('negotiating');
    expect(quorum.body.record.congress).toMatchObject({ roster: 100, present: 66, yes: 60, passed: false });
    expect(quorum.body.record.congress.reasons).toHaveLength(1);
    expect(quorum.body.record.congress.reasons[0].en).toMatch(/66 present is less than 2\/3 of the roster of 100/);
    expect(quorum.body.record.congress.reasons[0].zh).toMatch(/出席人数 66/);

    await ok(id, H['union.demo'], 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay()));
    const majority = await ok(id, H['union.demo'], 'CONGRESS_VOTED', vote(100, 100, 50));
    expect(majority.body.state).toBe('negotiating');
    expect(majority.body.record.congress.passed).toBe(false);
    expect(majority.body.record.congress.reasons.map((r: { en: string }) => r.en)).toEqual([expect.stringMatching(/50 yes votes are not more than half of the whole roster of 100/)]);

    // Exactly two thirds present and one more than half of the roster voting yes pass.
    await ok(id, H['union.demo'], 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay()));
    const passed = await ok(id, H['union.demo'], 'CONGRESS_VOTED', vote(99, 66, 50));
    expect(passed.body.state).toBe('awaiting_signature');
    expect(passed.body.record.congress).toMatchObject({ passed: true, reasons: [] });
  });

  it('CCP Art 38: a term of 1 to 3 years', async () => {
    const id = await startCase();
    await driveTo(id, 'awaiting_signature');
    const on = nextDay();
    const sign = (years: number, days = -1) => send(id, H['union.demo'], 'SIGNED', { ...samplePayload('SIGNED', on), termStart: on, termEnd: addDays(addYears(on, years), days) });
    expect(violationsOf(await sign(4))).toEqual([{ rule: 'term.length', article: 'CCP Art 38' }]);
    expect(violationsOf(await sign(3, 0))).toEqual([{ rule: 'term.length', article: 'CCP Art 38' }]);
    expect(violationsOf(await sign(1, -2))).toEqual([{ rule: 'term.length', article: 'CCP Art 38' }]);
    expect((await view(id)).body).toMatchObject({ state: 'awaiting_signature' });
    const signed = await sign(1);
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ state: 'awaiting_filing', record: { term: { start: on, end: addDays(addYears(on, 1), -1) } } });
  });

  it('CCP Arts 42–43: the filing needs three copies and the materials; a late one a written explanation', async () => {
    const id = await startCase();
    const signing = await driveTo(id, 'awaiting_filing');
    const filing = samplePayload('FILED', nextDay()) as { materials: Record<string, unknown> };
    const twoCopies = await send(id, H['employer.demo'], 'FILED', { ...filing, materials: { ...filing.materials, contractCopies: 2 } });
    expect(violationsOf(twoCopies)).toEqual([{ rule: 'filing.copies', article: 'CCP Art 42' }]);
    const noMinutes = await send(id, H['employer.demo'], 'FILED', { ...filing, materials: { ...filing.materials, minutesSigned: false } });
    expect(violationsOf(noMinutes)).toEqual([{ rule: 'filing.minutesSigned', article: 'CCP Art 43' }]);
    // The union does not file an enterprise contract (the employer does, Art 42).
    expect((await send(id, H['union.demo'], 'FILED', filing)).status).toBe(403);

    t.clock.set(signing.deadlines.find((d: { key: string }) => d.key === 'filing').dueAt);
    expect(await t.fireDueDeadlines()).toBe(1);
    expect((await view(id)).body).toMatchObject({ state: 'filing_overdue', overdue: true });
    const { delayExplanation: _d, ...unexplained } = samplePayload('FILED', today(t));
    expect(violationsOf(await send(id, H['employer.demo'], 'FILED', unexplained))).toEqual([{ rule: 'filing.delayExplanation', article: 'CCP Art 42' }]);
    const late = await ok(id, H['employer.demo'], 'FILED', samplePayload('FILED', today(t)));
    expect(late.body).toMatchObject({ state: 'under_review', overdue: false, record: { filing: { late: true } } });
  });

  it('CCP Art 52: coordination is extended once, by at most 15 days', async () => {
    const id = await startCase();
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    await ok(id, H['employer.demo'], 'RESPONSE_REFUSED', samplePayload('RESPONSE_REFUSED', nextDay()));
    t.clock.advanceDays(2);
    expect(today(t)).toBe('2018-03-05');
    const requested = await ok(id, H['union.demo'], 'COORDINATION_REQUESTED', samplePayload('COORDINATION_REQUESTED', '2018-03-05'));
    // 30 days from Monday 2018-03-05: Wednesday 2018-04-04.
    expect(requested.body.deadlines).toMatchObject([{ key: 'coordination', dueOn: '2018-04-04' }]);

    const tooLong = await send(id, H['bureau.demo'], 'COORDINATION_EXTENDED', { ...samplePayload('COORDINATION_EXTENDED', nextDay()), days: 16 });
    expect(fieldErrors(tooLong)).toEqual([{ field: 'payload.days', rule: 'max' }]);
    expect((await send(id, H['union.demo'], 'COORDINATION_EXTENDED', samplePayload('COORDINATION_EXTENDED', today(t)))).status).toBe(403);

    const extended = await ok(id, H['bureau.demo'], 'COORDINATION_EXTENDED', samplePayload('COORDINATION_EXTENDED', today(t)));
    // 15 more days from 2018-04-04: 2018-04-19 (a Thursday).
    expect(extended.body).toMatchObject({ state: 'coordination', record: { coordination: { extended: true } } });
    expect(extended.body.deadlines).toMatchObject([{ key: 'coordination', dueOn: '2018-04-19' }]);

    const again = await send(id, H['bureau.demo'], 'COORDINATION_EXTENDED', { ...samplePayload('COORDINATION_EXTENDED', today(t)), days: 5 });
    expect(violationsOf(again)).toEqual([{ rule: 'coordination.extendOnce', article: 'CCP Art 52' }]);
    expect((await view(id)).body.deadlines).toMatchObject([{ key: 'coordination', dueOn: '2018-04-19' }]);
  });
});

describe('renewal', () => {
  it.each([
    ['enterprise', ENTERPRISE_CASE, enterpriseParties],
    ['industry', INDUSTRY_CASE, industryParties],
  ] as const)('%s: in force → renewal window 3 months before the end → RENEWAL_OFFERED starts the linked case', async (_kind, body, partiesOf) => {
    const parties = partiesOf();
    const id = await startCase(parties.union, body);
    const inForce = await driveTo(id, 'in_force', parties);
    const term = inForce.record.term as { start: string; end: string };
    expect(term.end).toBe(addDays(addYears(term.start, 3), -1));
    // The window opens on the day three months before the end (24:00 China of the day before).
    const window = inForce.deadlines.find((d: { key: string }) => d.key === 'renewal_window');
    const threeMonthsBefore = monthsBefore(term.end, 3);
    expect(window).toMatchObject({ onExpiry: 'RENEWAL_WINDOW_OPENED', dueOn: addDays(threeMonthsBefore, -1), dueAt: new Date(`${threeMonthsBefore}T00:00:00+08:00`).toISOString() });

    t.clock.set(new Date(new Date(window.dueAt).getTime() - 60_000));
    expect(await t.fireDueDeadlines()).toBe(0);
    t.clock.set(window.dueAt);
    expect(await t.fireDueDeadlines()).toBe(1);
    const opened = (await view(id, parties.union)).body;
    expect(opened.state).toBe('renewal_window');
    expect(opened.deadlines).toMatchObject([{ key: 'expiry', onExpiry: 'EXPIRED', dueOn: term.end }]);

    const offer = samplePayload('RENEWAL_OFFERED', today(t));
    const renewed = await ok(id, parties.union, 'RENEWAL_OFFERED', offer);
    expect(renewed.body).toMatchObject({ state: 'renewing', nextCaseId: expect.any(String) });
    const nextId = renewed.body.nextCaseId as string;
    expect(renewed.headers.link).toBe(`</api/cases/${nextId}>; rel="successor"`);
    expect(renewed.body.deadlines).toEqual([]);

    const next = (await view(nextId, parties.union)).body;
    expect(next).toMatchObject({
      state: 'awaiting_response',
      version: 2,
      previousCaseId: id,
      nextCaseId: null,
      kind: inForce.kind,
      initiatorSide: 'employee',
      regionCode: inForce.regionCode,
      industryCode: inForce.industryCode,
      union: inForce.union,
      employer: inForce.employer,
      enterprises: inForce.enterprises,
      employeesCovered: inForce.employeesCovered,
      workflow: inForce.workflow,
      record: { offer: { occurredOn: offer.occurredOn, subjects: offer.subjects }, previousCaseId: id },
    });
    expect(next.deadlines).toMatchObject([{ key: 'response', onExpiry: 'RESPONSE_DEADLINE_PASSED' }]);
    // The responding side answers the renewal offer on the new case.
    expect(next.allowedEvents).toEqual([]);
    expect((await view(nextId, parties.employer)).body.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['RESPONSE_AGREED', 'RESPONSE_REFUSED']);
    const nextHistory = await historyOf(nextId, parties.union);
    expect(nextHistory.map((e) => e.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED']);
    for (const caseId of [id, nextId]) expect((await t.http().get(`/api/cases/${caseId}/history/verify`).set(parties.union)).body).toMatchObject({ valid: true });
  });
});

/** `months` calendar months before `date`, clamped to the month's end. */
function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const [year, month] = [Math.floor(index / 12), index % 12];
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

describe('GET /api/cases: filters and visibility', () => {
  interface Summary {
    id: string;
    state: string;
    kind: string;
    regionCode: string;
    industryCode: string | null;
    overdue: boolean;
    union: { id: string };
  }
  async function listAll(who: Headers, query: Record<string, string> = {}): Promise<Summary[]> {
    const items: Summary[] = [];
    for (let page = 1; ; page++) {
      const res = await t.http().get('/api/cases').set(who).query({ ...query, page: String(page), pageSize: '100' });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      if (items.length >= res.body.total || res.body.items.length === 0) {
        expect(items.length).toBe(res.body.total);
        return items;
      }
    }
  }
  const ids = (items: Summary[]) => items.map((i) => i.id);

  it('filters by state, region, industry, kind and overdue; each party and authority sees its own', async () => {
    // Overdue: one whose response deadline fired, one whose deadline passed but has not fired yet.
    const fired = await startCase();
    const firedOffer = await ok(fired, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    t.clock.set(firedOffer.body.deadlines[0].dueAt);
    expect(await t.fireDueDeadlines()).toBe(1);
    const pending = await startCase();
    await ok(pending, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)));
    // Its 20 days pass; the scheduler has not run yet.
    t.clock.advanceDays(25);

    const drafting = await startCase();
    const wage = await startCase(H['union.demo'], { ...ENTERPRISE_CASE, kind: 'wage' });
    await ok(wage, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    const industry = await startCase(H['union.catering'], INDUSTRY_CASE);
    const mianyang = await startCase(H['union.mianyang'], { kind: 'comprehensive', unionId: demoId('union-mianyang'), employerId: demoId('ent-mianyang') });

    const fed = H['federation.demo'];
    const byState = await listAll(fed, { state: 'awaiting_response' });
    expect(ids(byState)).toEqual(expect.arrayContaining([wage, pending]));
    expect(ids(byState)).not.toContain(drafting);
    expect(byState.every((i) => i.state === 'awaiting_response')).toBe(true);

    const wuhou = await listAll(fed, { region: '510107' });
    expect(ids(wuhou)).toEqual(expect.arrayContaining([drafting, wage, fired, pending]));
    expect(ids(wuhou)).not.toContain(industry);
    expect(wuhou.every((i) => i.regionCode === '510107')).toBe(true);
    const chengdu = await listAll(fed, { region: '510100' });
    expect(ids(chengdu)).toEqual(expect.arrayContaining([drafting, industry]));
    expect(ids(chengdu)).not.toContain(mianyang);
    // A region outside the caller's jurisdiction narrows to nothing of it.
    expect(ids(await listAll(fed, { region: '510700' }))).toEqual([]);

    const catering = await listAll(fed, { industry: 'H' });
    expect(ids(catering)).toContain(industry);
    expect(ids(catering)).not.toContain(drafting);
    expect(catering.every((i) => i.industryCode === 'H')).toBe(true);

    const wages = await listAll(fed, { kind: 'wage' });
    expect(ids(wages)).toContain(wage);
    expect(ids(wages)).not.toContain(drafting);
    expect(wages.every((i) => i.kind === 'wage')).toBe(true);
    expect(ids(await listAll(fed, { kind: 'industry' }))).toContain(industry);

    const overdue = await listAll(fed, { overdue: 'true' });
    expect(ids(overdue)).toEqual(expect.arrayContaining([fired, pending]));
    for (const c of [drafting, wage, industry]) expect(ids(overdue)).not.toContain(c);
    expect(overdue.find((i) => i.id === fired)).toMatchObject({ state: 'response_overdue', overdue: true });
    const notOverdue = await listAll(fed, { overdue: 'false' });
    expect(ids(notOverdue)).toEqual(expect.arrayContaining([drafting, wage, industry]));
    for (const c of [fired, pending]) expect(ids(notOverdue)).not.toContain(c);
    expect(ids(await listAll(fed, { state: 'awaiting_response', overdue: 'true' }))).toEqual(expect.arrayContaining([pending]));
    expect(ids(await listAll(fed, { state: 'awaiting_response', overdue: 'true' }))).not.toContain(wage);
    expect((await t.http().get('/api/cases').set(fed).query({ overdue: 'maybe' })).status).toBe(400);

    // Visibility.
    const unionSees = await listAll(H['union.demo']);
    expect(ids(unionSees)).toEqual(expect.arrayContaining([drafting, wage, fired, pending]));
    expect(unionSees.every((i) => i.union.id === demoId('union-shujin'))).toBe(true);
    const fedSees = await listAll(fed);
    expect(ids(fedSees)).toEqual(expect.arrayContaining([drafting, industry]));
    expect(ids(fedSees)).not.toContain(mianyang);
    expect(fedSees.every((i) => i.regionCode.startsWith('5101'))).toBe(true);
    const mianyangSees = await listAll(H['federation.mianyang']);
    expect(ids(mianyangSees)).toContain(mianyang);
    expect(mianyangSees.every((i) => i.regionCode === '510700')).toBe(true);
    const jinjiang = await listAll(H['employer.jinjiang']);
    expect(ids(jinjiang)).toContain(industry);
    expect(ids(jinjiang)).not.toContain(drafting);
    expect(ids(await listAll(H['employer.demo']))).not.toContain(industry);
    expect(ids(await listAll(H['employer.demo']))).toContain(drafting);
  });
});

describe('GET /api/cases/:id', () => {
  it('shows what the caller may send, with the payload schema, and the deadlines with daysRemaining', async () => {
    const id = await startCase();
    const drafting = (await view(id)).body;
    expect(drafting.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['OFFER_ISSUED', 'WITHDRAWN']);
    const offerSchema = drafting.allowedEvents[0].payloadSchema;
    expect(offerSchema.properties).toMatchObject({ occurredOn: expect.any(Object), subjects: expect.objectContaining({ type: 'array' }) });
    expect(drafting.deadlines).toEqual([]);
    await assignDemoInstructor(t, id);
    for (const who of ['employer.demo', 'bureau.demo', 'federation.demo', 'instructor.demo']) expect({ who, allowed: (await view(id, H[who])).body.allowedEvents }).toEqual({ who, allowed: [] });

    // Received 2018-03-01: 20 days, to Wednesday 2018-03-21.
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-01'));
    const employerView = (await view(id, H['employer.demo'])).body;
    expect(employerView.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['RESPONSE_AGREED', 'RESPONSE_REFUSED']);
    for (const e of employerView.allowedEvents) {
      expect(e.label).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
      expect(e.payloadSchema.properties.occurredOn).toBeDefined();
    }
    expect(employerView.allowedEvents[1].payloadSchema.properties.reason).toBeDefined();
    expect((await view(id)).body.allowedEvents).toEqual([]);
    expect(employerView.deadlines).toEqual([expect.objectContaining({ key: 'response', onExpiry: 'RESPONSE_DEADLINE_PASSED', dueOn: '2018-03-21', dueAt: '2018-03-21T16:00:00.000Z', daysRemaining: 20 })]);
    expect(employerView.deadlines[0].label).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
    expect(employerView.nextDueOn).toBe('2018-03-21');

    t.clock.advanceDays(25);
    expect((await view(id)).body.deadlines[0].daysRemaining).toBe(-5);
  });

  it('a period ending on a rest day runs to the next working day (CC Art 203)', async () => {
    const id = await startCase();
    // 2018-02-01 + 20 days = 2018-02-21, the last day of the Spring Festival holiday: due 2018-02-22.
    const offered = await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-02-01'));
    expect(offered.body.deadlines).toMatchObject([{ key: 'response', dueOn: '2018-02-22', daysRemaining: -7 }]);
  });
});

describe('the hash chain', () => {
  it('verifies, and names the first tampered event as the first broken link', async () => {
    const id = await startCase();
    await driveTo(id, 'negotiating');
    const verified = await t.http().get(`/api/cases/${id}/history/verify`).set(H['union.demo']);
    expect(verified.body).toEqual({ valid: true, length: 6 });
    const history = await historyOf(id);
    const tampered = { ...history[2].payload, occurredOn: '2018-01-01' };
    await t.dataSource.query('UPDATE case_events SET payload = $3::jsonb WHERE case_id = $1 AND seq = $2', [id, 3, JSON.stringify(tampered)]);
    await t.dataSource.query('UPDATE case_events SET payload = $3::jsonb WHERE case_id = $1 AND seq = $2', [id, 5, JSON.stringify({ ...history[4].payload, place: '别处' })]);
    const broken = await t.http().get(`/api/cases/${id}/history/verify`).set(H['union.demo']);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ valid: false, length: 6, firstBroken: { seq: 3, reason: 'hash-mismatch', found: history[2].hash } });
    expect(broken.body.firstBroken.expected).not.toBe(broken.body.firstBroken.found);
  });
});

describe('workflow endpoints', () => {
  const files = loadWorkflowFiles();

  it('GET /api/workflows lists both workflows, every version, with their states and events', async () => {
    const res = await t.http().get('/api/workflows').set(H['union.demo']);
    expect(res.status).toBe(200);
    expect([...new Set(res.body.map((w: { id: string }) => w.id))].sort()).toEqual(['enterprise-contract', 'industry-regional-contract']);
    expect(res.body.length).toBe(files.length);
    for (const f of files) {
      const listed = res.body.find((w: { id: string; version: number }) => w.id === f.definition.id && w.version === f.definition.version);
      const newest = Math.max(...files.filter((x) => x.definition.id === f.definition.id).map((x) => x.definition.version));
      expect(listed).toMatchObject({
        version: f.definition.version,
        hash: f.hash,
        latest: f.definition.version === newest,
        scope: f.definition.scope,
        kinds: f.definition.kinds,
        states: Object.keys(f.definition.machine.states),
        events: Object.keys(f.definition.events),
      });
    }
  });

  it('the diagram highlights a case’s state in Mermaid; SVG is image/svg+xml', async () => {
    const id = await startCase();
    await ok(id, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay()));
    const base = '/api/workflows/enterprise-contract/diagram';

    const plain = await t.http().get(`${base}?format=mermaid`).set(H['union.demo']);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.text).toMatch(/^stateDiagram-v2\n/);
    expect(plain.text).not.toMatch(/class \w+ current/);

    const mermaid = await t.http().get(`${base}?format=mermaid&caseId=${id}`).set(H['union.demo']);
    expect(mermaid.status).toBe(200);
    expect(mermaid.text).toContain('  class awaiting_response current');
    expect(mermaid.text.match(/class \w+ current/g)).toEqual(['class awaiting_response current']);
    expect(mermaid.text).toContain('awaiting_response --> preparing_talks : RESPONSE_AGREED');

    const svg = await t
      .http()
      .get(`${base}?format=svg&caseId=${id}`)
      .set(H['union.demo'])
      .buffer(true)
      .parse((res, done) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => done(null, data));
      });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const body = svg.body as string;
    expect(body).toMatch(/^<svg /);
    expect(body).toContain('当前状态: 等待应约');

    const industry = await startCase(H['union.catering'], INDUSTRY_CASE);
    expect((await t.http().get(`${base}?format=mermaid&caseId=${industry}`).set(H['federation.demo'])).status).toBe(404);
    const own = await t.http().get(`/api/workflows/industry-regional-contract/diagram?format=mermaid&caseId=${industry}`).set(H['federation.demo']);
    expect(own.text).toContain('class drafting_offer current');
  });
});
