import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../support/procedure-samples.js';
import type { DueDeadline } from '../support/hardening/back-dated-deadlines.js';
import { checkInvariants } from '../support/hardening/invariants.js';
import type { Ack } from '../support/hardening/procedure-clients.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The verifier of the crash and several-instances checks can fail: each invariant is broken on purpose in
// the database (a lost acknowledged write, a duplicate, a gap, a tampered event, a deadline left due or
// fired twice, a rollup off by one) and the verifier names it; repaired, it reports nothing again.

let t: TestApp;
let acks: Ack[];
let due: DueDeadline[];
let caseA: string;
let caseB: string;

const send = async (id: string, token: string, type: string, payload: unknown, version: number, key: string) => {
  const res = await t.http().post(`/api/cases/${id}/events`).set({ Authorization: `Bearer ${token}`, 'If-Match': `"${version}"`, 'Idempotency-Key': key }).send({ type, payload });
  expect(res.status).toBe(200);
  return { caseId: id, key, type, version: res.body.version as number, replayed: false };
};

const check = () => checkInvariants(t.dataSource, { acks, dueDeadlines: due, now: t.clock.now() });
const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);

beforeAll(async () => {
  t = await startTestApp();
  const union = await t.login('union.demo');
  const employer = await t.login('employer.demo');
  const start = async () => (await t.http().post('/api/cases').set({ Authorization: `Bearer ${union}` }).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') })).body.id as string;
  // B: an offer whose response period (20 days) runs out; the scheduler fires it once.
  caseB = await start();
  const offerB = await send(caseB, union, 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-01'), 1, 'inv-b-offer');
  t.clock.set('2018-03-25T04:00:00Z');
  expect(await t.fireDueDeadlines()).toBe(1);
  due = [{ caseId: caseB, key: 'response', onExpiry: 'RESPONSE_DEADLINE_PASSED' }];
  // A: two acknowledged acts, its next deadline still running.
  caseA = await start();
  acks = [offerB, await send(caseA, union, 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-25'), 1, 'inv-a-offer'), await send(caseA, employer, 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', '2018-03-25'), 2, 'inv-a-agree')];
});

afterAll(async () => {
  await t?.close();
});

describe('the hardening verifier', () => {
  it('finds nothing wrong in a database the service wrote', async () => {
    const report = await check();
    expect(report.violations).toEqual([]);
    expect(report.figures).toMatchObject({ acknowledged: 3, deadlinesExpected: 1, deadlineEvents: 1, rollupRowsCompared: 'all equal' });
    expect(report.figures.chainsVerified).toBe(report.figures.cases);
  });

  it('names a version acknowledged to two writers (a lost update)', async () => {
    const report = await checkInvariants(t.dataSource, { acks: [...acks, { caseId: caseA, key: 'inv-a-refuse', type: 'RESPONSE_REFUSED', version: 3, replayed: false }], dueDeadlines: due, now: t.clock.now() });
    expect(report.violations).toEqual(expect.arrayContaining([`lost update: version 3 of case ${caseA} acknowledged twice (RESPONSE_AGREED, RESPONSE_REFUSED)`, expect.stringContaining(`acknowledged RESPONSE_REFUSED (version 3) of case ${caseA} not stored`)]));
  });

  it('names an acknowledged event the database lost (its commit undone), and the rollups that still count it', async () => {
    const [{ row, key }] = await q(`SELECT to_jsonb(e) AS row, (SELECT to_jsonb(k) FROM case_idempotency_keys k WHERE k.case_id = e.case_id AND k.seq = 3) AS key FROM case_events e WHERE case_id = $1 AND seq = 3`, [caseA]);
    await q(`DELETE FROM case_idempotency_keys WHERE case_id = $1 AND seq = 3`, [caseA]);
    await q(`DELETE FROM case_events WHERE case_id = $1 AND seq = 3`, [caseA]);
    await q(`UPDATE cases SET version = 2 WHERE id = $1`, [caseA]);
    const report = await check();
    expect(report.violations).toEqual(expect.arrayContaining([`acknowledged RESPONSE_AGREED (version 3) of case ${caseA} not stored (found nothing)`, expect.stringMatching(/^rollup stats_case_events .*RESPONSE_AGREED/), `Idempotency-Key inv-a-agree of case ${caseA}: acknowledged as version 3, stored nowhere`]));
    expect(report.violations.join('\n')).not.toMatch(/version gap|hash chain/);
    await q(`INSERT INTO case_events SELECT * FROM jsonb_populate_record(NULL::case_events, $1)`, [row]);
    await q(`INSERT INTO case_idempotency_keys SELECT * FROM jsonb_populate_record(NULL::case_idempotency_keys, $1)`, [key]);
    await q(`UPDATE cases SET version = 3 WHERE id = $1`, [caseA]);
    expect((await check()).violations).toEqual([]);
  });

  it('names an event stored twice, and the gap it leaves', async () => {
    await q(`INSERT INTO case_events SELECT case_id, 4, type, actor_id, actor_role, payload, from_state, to_state, occurred_on, recorded_at, prev_hash, hash FROM case_events WHERE case_id = $1 AND seq = 3`, [caseA]);
    const report = await check();
    expect(report.violations).toEqual(expect.arrayContaining([`acknowledged RESPONSE_AGREED stored 2 times in case ${caseA}`, `version gap in case ${caseA}: version 3, 4 events, seq 1..4`]));
    await q(`DELETE FROM case_events WHERE case_id = $1 AND seq = 4`, [caseA]);
    expect((await check()).violations).toEqual([]);
  });

  it('names a tampered event by the first broken link of its chain', async () => {
    await q(`UPDATE case_events SET payload = payload || '{"proposedPlace":"别处"}' WHERE case_id = $1 AND seq = 2`, [caseA]);
    expect((await check()).violations).toContain(`hash chain of case ${caseA} broken at seq 2 (hash-mismatch)`);
    await q(`UPDATE case_events SET payload = payload || '{"proposedPlace":"公司三楼会议室"}' WHERE case_id = $1 AND seq = 2`, [caseA]);
    expect((await check()).violations).toEqual([]);
  });

  it('names a deadline left due and one fired twice', async () => {
    await q(`INSERT INTO case_deadlines (case_id, key, state, due_on, due_at, on_expiry, marks_overdue, basis) VALUES ($1, 'probe', 'preparing_talks', '2018-03-20', '2018-03-20T16:00:00Z', 'FIRST_MEETING_DEADLINE_PASSED', true, '{}')`, [caseA]);
    await q(`INSERT INTO case_events SELECT case_id, 4, type, actor_id, actor_role, payload, from_state, to_state, occurred_on, recorded_at, prev_hash, hash FROM case_events WHERE case_id = $1 AND seq = 3`, [caseB]);
    await q(`UPDATE cases SET version = 4 WHERE id = $1`, [caseB]);
    const report = await check();
    expect(report.violations).toEqual(
      expect.arrayContaining([
        `deadline probe of case ${caseA} due since 2018-03-20T16:00:00.000Z and not fired`,
        `RESPONSE_DEADLINE_PASSED of case ${caseB} recorded 2 times for one deadline`,
        `due deadline response of case ${caseB} fired 2 times, expected once`,
      ]),
    );
    await q(`DELETE FROM case_deadlines WHERE case_id = $1 AND key = 'probe'`, [caseA]);
    await q(`DELETE FROM case_events WHERE case_id = $1 AND seq = 4`, [caseB]);
    await q(`UPDATE cases SET version = 3 WHERE id = $1`, [caseB]);
    expect((await check()).violations).toEqual([]);
  });

  it('names a version that does not match the log', async () => {
    await q(`UPDATE cases SET version = version + 1 WHERE id = $1`, [caseB]);
    expect((await check()).violations).toEqual([`version gap in case ${caseB}: version 4, 3 events, seq 1..3`]);
    await q(`UPDATE cases SET version = version - 1 WHERE id = $1`, [caseB]);
  });

  it('names a rollup that differs from the recount', async () => {
    await q(`UPDATE stats_case_states SET cases = cases + 1 WHERE status = 'response_overdue'`);
    expect((await check()).violations).toEqual([expect.stringMatching(/^rollup stats_case_states .*response_overdue: 2\/\S+ kept, 1\/\S+ recounted$/)]);
    await q(`UPDATE stats_case_states SET cases = cases - 1 WHERE status = 'response_overdue'`);
    expect((await check()).violations).toEqual([]);
  });
});
