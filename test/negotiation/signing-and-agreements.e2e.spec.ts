import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { samplePayload } from '../support/procedure-samples.js';
import {
  agreeLowestWage,
  appoint,
  employeeTeam,
  employerTeam,
  expectStatus,
  fieldErrors,
  get,
  negotiatingCase,
  nextDay,
  post,
  rep,
  resetBench,
  scheduleSession,
  sendEvent,
  signMinutes,
  startBench,
  startDraft,
  violationsOf,
  type Bench,
} from './workspace-helpers.js';

// Who signs, what is signed, and what an agreement binds: the chiefs sign (Arts 34, 37), the term signed is the
// draft's (Arts 36–38), the minimum wage is the one in force when the contract starts (LCL Art 55), an agreed
// proposal must still fit the draft, a vacancy is filled before the draft is agreed (Art 31), one person one seat.

let b: Bench;
beforeAll(async () => {
  b = await startBench();
});
afterAll(async () => {
  await b?.t.close();
});
beforeEach(async () => {
  await resetBench(b);
});

/** Drafted, agreed by the chiefs and adopted by the congress: the case awaits the signatures. */
async function awaitingSignature(wage = 1500, term?: { termStart: string; termEnd: string }): Promise<string> {
  const id = await negotiatingCase(b);
  await startDraft(b, id);
  await agreeLowestWage(b, id, wage);
  if (term) {
    const sessionNo = await scheduleSession(b, id);
    const p = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'term', terms: term }), 201);
    expectStatus(await post(b, id, `proposals/${p.body.id}/agreement`, {}, 'employer.demo'), 200);
    await signMinutes(b, id, sessionNo);
  }
  expectStatus(await sendEvent(b, id, 'union.demo', 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay(b))), 200);
  expectStatus(await sendEvent(b, id, 'union.demo', 'CONGRESS_VOTED', samplePayload('CONGRESS_VOTED', nextDay(b))), 200);
  return id;
}

const signing = (on: string, extra: Record<string, unknown> = {}) => ({ ...samplePayload('SIGNED', on), ...extra });

describe('signing (CCP Arts 34, 37, 38)', () => {
  it('only the chief’s own account signs for a side whose chief seat has one; the names signed are the chiefs’', async () => {
    const id = await awaitingSignature();
    const on = nextDay(b);
    expect(violationsOf(await sendEvent(b, id, 'union.shujin2', 'SIGNED', signing(on))).map((v) => [v.rule, v.article])).toEqual([['compliance.procedure.chiefSigns', 'CCP Art 37']]);
    const wrongName = violationsOf(await sendEvent(b, id, 'union.demo', 'SIGNED', signing(on, { employeeChief: '路人甲' })));
    expect(wrongName.map((v) => v.rule)).toEqual(['compliance.procedure.signing']);
    expect(wrongName[0].message_zh).toContain('路人甲');
    expectStatus(await sendEvent(b, id, 'union.demo', 'SIGNED', signing(on)), 200);
  });

  it('the term signed must be the draft’s term', async () => {
    const id = await awaitingSignature(1500, { termStart: '2018-04-01', termEnd: '2021-03-31' });
    const on = nextDay(b);
    const refused = violationsOf(await sendEvent(b, id, 'union.demo', 'SIGNED', signing(on, { termStart: '2018-05-01', termEnd: '2021-04-30' })));
    expect(refused.map((v) => v.rule)).toEqual(['compliance.term.mismatch', 'compliance.term.mismatch']);
    expectStatus(await sendEvent(b, id, 'union.demo', 'SIGNED', signing(on, { termStart: '2018-04-01', termEnd: '2021-03-31' })), 200);
  });

  it('the minimum wage is the one in force when the contract starts: 1500 passes in March 2018, not from 2018-07-01 (1780, tier 1)', async () => {
    const id = await awaitingSignature(1500);
    const on = nextDay(b);
    const refused = violationsOf(await sendEvent(b, id, 'union.demo', 'SIGNED', signing(on, { termStart: '2018-07-01', termEnd: '2021-06-30' })));
    expect(refused.map((v) => v.rule)).toEqual(['compliance.wage.minimum']);
    expectStatus(await sendEvent(b, id, 'union.demo', 'SIGNED', signing(on, { termStart: on })), 200);
    const report = expectStatus(await get(b, id, 'compliance'), 200).body;
    expect(report.minimumWage).toMatchObject({ amount: 1500, onDate: on });
  });
});

describe('agreements bind (proposals)', () => {
  it('a second agreement on an article already settled, or on an article changed since, is refused with 409; nothing blocks the minutes', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const sessionNo = await scheduleSession(b, id);
    const remove = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'delete', articleKey: 'pay-date' }), 201);
    const amend = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-date', text: '企业每月10日前足额支付工资。' }, 'employer.demo'), 201);
    expectStatus(await post(b, id, `proposals/${remove.body.id}/agreement`, {}, 'employer.demo'), 200);
    const second = await post(b, id, `proposals/${amend.body.id}/agreement`, {}, 'union.demo');
    expect(second.status).toBe(409);
    expect(second.body.detail_en).toContain('already settled');
    // The minutes can still be signed; the open proposal stays open.
    expect(await signMinutes(b, id, sessionNo)).toBe(2);
    const stale = await post(b, id, `proposals/${amend.body.id}/agreement`, {}, 'union.demo');
    expect(stale.status).toBe(409);
    expect(stale.body.detail_en).toMatch(/changed since|does not fit/);
  });
});

describe('representatives (CCP Arts 19, 28, 31)', () => {
  it('one person, one seat: a list naming someone twice → 422 representatives.unique', async () => {
    const id = await negotiatingCase(b);
    const [chief, second] = employeeTeam();
    const res = await post(b, id, 'representatives', { occurredOn: nextDay(b), members: [chief, second, second] });
    expect(violationsOf(res).map((v) => [v.rule, v.article])).toEqual([['representatives.unique', 'CCP Art 19']]);
  });

  it('an employee representative’s contract does not end during the term (Art 28): contract_ended → 422', async () => {
    const id = await negotiatingCase(b);
    const res = await post(b, id, 'representatives/E-002/departure', { occurredOn: nextDay(b), reason: 'contract_ended' });
    expect(violationsOf(res).map((v) => [v.rule, v.article])).toEqual([['representatives.contractExtended', 'CCP Art 28']]);
  });

  it('an open vacancy stops DRAFT_AGREED even when the teams are equal (Art 31); filling it lets the draft through', async () => {
    const id = await negotiatingCase(b, { employee: [...employeeTeam(), rep('E代表4', 'E-004')], employer: [...employerTeam(), rep('M代表4', 'M-004')] });
    expectStatus(await post(b, id, 'representatives/E-004/departure', { occurredOn: nextDay(b), reason: 'resigned' }), 200);
    expectStatus(await post(b, id, 'representatives/M-004/departure', { occurredOn: today(), reason: 'resigned' }, 'employer.demo'), 200);
    const refused = violationsOf(await sendEvent(b, id, 'union.demo', 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay(b))));
    expect(refused.map((v) => v.rule)).toEqual(['representatives.vacancy', 'representatives.vacancy']);
    await appoint(b, id, 'union.demo', [...employeeTeam(), rep('E代表5', 'E-005')]);
    await appoint(b, id, 'employer.demo', [...employerTeam(), rep('M代表5', 'M-005')]);
    expectStatus(await sendEvent(b, id, 'union.demo', 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay(b))), 200);
  });
});

describe('input the service refuses with a 4xx', () => {
  it('a term start before 1900 → 400 naming terms.termStart; an unknown draft version → 404', async () => {
    const id = await negotiatingCase(b);
    await startDraft(b, id);
    const sessionNo = await scheduleSession(b, id);
    const res = await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'term', terms: { termStart: '0050-01-01', termEnd: '0052-12-31' } });
    expect(fieldErrors(res)).toEqual([
      { field: 'terms.termStart', rule: 'isIsoDate' },
      { field: 'terms.termEnd', rule: 'isIsoDate' },
    ]);
    expect((await get(b, id, 'compliance?version=99')).status).toBe(404);
  });
});

function today(): string {
  return new Date(b.t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
