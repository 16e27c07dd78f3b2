import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { DeadlineCalendar } from '../../src/workflow-engine/calendar/deadline-calendar.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../support/procedure-samples.js';
import { startInstance, type ServiceInstance } from '../support/service-instance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Many requests on one case at once, over HTTP: optimistic concurrency (If-Match), re-evaluation without it,
// Idempotency-Key under a race, and the log that results (seq 1..version, the hash chain). Runs on PGlite (one
// process, statements interleaved) and on PostgreSQL; the tests with two instances on one database run only
// with TEST_DATABASE_URL.

const serverIt = process.env.TEST_DATABASE_URL ? it : it.skip;
const N = 50;

type Headers = { Authorization: string };
/** Anything that serves the API: the test app, or a second instance on its database. */
interface Api {
  http: TestApp['http'];
}

let t: TestApp;
let second: ServiceInstance | undefined;
const H: Record<string, Headers> = {};

beforeAll(async () => {
  t = await startTestApp();
  // Listening: supertest then connects to this port for every request instead of binding the server once per request.
  await t.app.listen(0, '127.0.0.1');
  for (const u of ['union.demo', 'employer.demo', 'bureau.demo']) H[u] = { Authorization: `Bearer ${await t.login(u)}` };
});

afterAll(async () => {
  await second?.close();
  await t?.close();
});

const today = () => DeadlineCalendar.chinaDate(t.clock.now());

function send(api: Api, id: string, who: string, type: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api.http().post(`/api/cases/${id}/events`).set(H[who]).set(headers).send({ type, payload });
}

async function ok(api: Api, id: string, who: string, type: string, payload: Record<string, unknown>): Promise<Response> {
  const res = await send(api, id, who, type, payload);
  expect({ type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ type, status: 200, body: undefined });
  return res;
}

async function startCase(api: Api = t): Promise<string> {
  const res = await api.http().post('/api/cases').set(H['union.demo']).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A fresh case in `negotiating` (version 6). */
async function negotiatingCase(): Promise<{ id: string; version: number }> {
  const id = await startCase();
  const on = today();
  await ok(t, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
  await ok(t, id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', on));
  await ok(t, id, 'union.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYEE_TEAM });
  await ok(t, id, 'employer.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYER_TEAM });
  const talks = await ok(t, id, 'union.demo', 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', on));
  expect(talks.body).toMatchObject({ state: 'negotiating', version: 6 });
  return { id, version: 6 };
}

/** The log from the table: seq, type, and whether seq runs 1..n with the case's version n. */
async function logOf(id: string): Promise<{ seqs: number[]; types: string[]; version: number }> {
  const rows: { seq: number; type: string }[] = await t.dataSource.query('SELECT seq, type FROM case_events WHERE case_id = $1 ORDER BY seq', [id]);
  const [{ version }] = await t.dataSource.query('SELECT version FROM cases WHERE id = $1', [id]);
  return { seqs: rows.map((r) => r.seq), types: rows.map((r) => r.type), version };
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function expectSoundLog(id: string, version: number) {
  const log = await logOf(id);
  expect(log.version).toBe(version);
  expect(log.seqs).toEqual(oneToN(version));
  const verdict = await t.http().get(`/api/cases/${id}/history/verify`).set(H['union.demo']);
  expect(verdict.body).toEqual({ valid: true, length: version });
  return log;
}

const tally = (results: Response[]) => results.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});

describe(`concurrent events on one case (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(`${N} concurrent SESSION_HELD with the same If-Match: exactly one 200, ${N - 1} × 409 with currentVersion`, async () => {
    const { id, version } = await negotiatingCase();
    const on = today();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        send(t, id, i % 2 ? 'employer.demo' : 'union.demo', 'SESSION_HELD', { ...samplePayload('SESSION_HELD', on), sessionNo: i + 1 }, { 'If-Match': `"${version}"` }),
      ),
    );
    expect(tally(results)).toEqual({ 200: 1, 409: N - 1 });
    const winner = results.findIndex((r) => r.status === 200);
    expect(results[winner].body).toMatchObject({ state: 'negotiating', version: version + 1, record: { sessionsHeld: 1 } });
    expect(results[winner].headers.etag).toBe(`"${version + 1}"`);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body).toMatchObject({ status: 409, type: 'urn:cb-engine:problem:version-conflict', currentVersion: version + 1 });
    }
    const log = await expectSoundLog(id, version + 1);
    expect(log.types.filter((x) => x === 'SESSION_HELD')).toHaveLength(1);
    // The one recorded is the winner's.
    const [{ payload }] = await t.dataSource.query('SELECT payload FROM case_events WHERE case_id = $1 AND seq = $2', [id, version + 1]);
    expect(payload.sessionNo).toBe(winner + 1);
  });

  it(`${N} concurrent REPRESENTATIVES_APPOINTED in preparing_talks with the same If-Match: one 200, the rest 409`, async () => {
    const id = await startCase();
    const on = today();
    await ok(t, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
    const agreed = await ok(t, id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', on));
    const version: number = agreed.body.version;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        i % 2
          ? send(t, id, 'employer.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYER_TEAM }, { 'If-Match': String(version) })
          : send(t, id, 'union.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYEE_TEAM }, { 'If-Match': String(version) }),
      ),
    );
    expect(tally(results)).toEqual({ 200: 1, 409: N - 1 });
    expect(results.filter((r) => r.status === 409).every((r) => r.body.currentVersion === version + 1)).toBe(true);
    await expectSoundLog(id, version + 1);
  });

  it(`${N} rounds of racing requests without If-Match: each applied exactly once, seq 1..version without a gap, the chain verifies`, async () => {
    const { id, version: v0 } = await negotiatingCase();
    const on = today();
    let version = v0;
    for (let round = 0; round < N; round++) {
      const results = await Promise.all([
        send(t, id, 'union.demo', 'SESSION_HELD', { ...samplePayload('SESSION_HELD', on), sessionNo: 2 * round + 1 }),
        send(t, id, 'employer.demo', 'SESSION_HELD', { ...samplePayload('SESSION_HELD', on), sessionNo: 2 * round + 2 }),
        send(t, id, 'union.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYEE_TEAM }),
      ]);
      expect({ round, statuses: results.map((r) => r.status) }).toEqual({ round, statuses: [200, 200, 200] });
      // Each answer is the case just after its own event: three consecutive versions.
      expect(results.map((r) => r.body.version as number).sort((a, b) => a - b)).toEqual([version + 1, version + 2, version + 3]);
      version += 3;
    }
    expect(version).toBe(v0 + 3 * N);
    const log = await expectSoundLog(id, version);
    expect(log.types.filter((x) => x === 'SESSION_HELD')).toHaveLength(2 * N);
    expect((await t.http().get(`/api/cases/${id}`).set(H['union.demo'])).body).toMatchObject({ state: 'negotiating', version, record: { sessionsHeld: 2 * N } });
  });

  it(`a burst of ${N} without If-Match: each request applied once (200) or refused with 409 after the engine's retries — never lost, never twice`, async () => {
    const { id, version: v0 } = await negotiatingCase();
    const on = today();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => send(t, id, i % 2 ? 'employer.demo' : 'union.demo', 'SESSION_HELD', { ...samplePayload('SESSION_HELD', on), sessionNo: i + 1 })),
    );
    const counts = tally(results);
    console.log(`burst of ${N} without If-Match on ${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).every((s) => s === '200' || s === '409')).toBe(true);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.type).toBe('urn:cb-engine:problem:version-conflict');
    const applied = results.filter((r) => r.status === 200);
    expect(applied.length).toBeGreaterThan(0);
    // Every 200 is its own event: distinct consecutive versions, and exactly those sessions in the log.
    expect(applied.map((r) => r.body.version as number).sort((a, b) => a - b)).toEqual(oneToN(applied.length).map((k) => v0 + k));
    const log = await expectSoundLog(id, v0 + applied.length);
    const recorded: { n: number }[] = await t.dataSource.query(`SELECT (payload->>'sessionNo')::int AS n FROM case_events WHERE case_id = $1 AND type = 'SESSION_HELD' ORDER BY n`, [id]);
    const winners = results.flatMap((r, i) => (r.status === 200 ? [i + 1] : []));
    expect(recorded.map((r) => r.n)).toEqual(winners);
    expect(log.types.filter((x) => x === 'SESSION_HELD')).toHaveLength(applied.length);
  });

  it(`${N} concurrent requests with the same Idempotency-Key: one transition, all 200 with the same answer`, async () => {
    const { id, version } = await negotiatingCase();
    const key = `race-${randomUUID()}`;
    const payload = samplePayload('SESSION_HELD', today());
    const results = await Promise.all(Array.from({ length: N }, () => send(t, id, 'union.demo', 'SESSION_HELD', payload, { 'Idempotency-Key': key })));
    expect(tally(results)).toEqual({ 200: N });
    expect(new Set(results.map((r) => r.headers.etag))).toEqual(new Set([`"${version + 1}"`]));
    const original = results.filter((r) => r.headers['idempotent-replayed'] === undefined);
    expect(original).toHaveLength(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(N - 1);
    for (const r of results) expect(r.body).toEqual(original[0].body);
    const log = await expectSoundLog(id, version + 1);
    expect(log.types.filter((x) => x === 'SESSION_HELD')).toHaveLength(1);
  });

  describe('two instances on one database', () => {
    const secondInstance = async (): Promise<ServiceInstance> => {
      if (!second) {
        const url = (t.dataSource.options as { url?: string }).url!;
        second = await startInstance({ kind: 'postgres', url }, { clock: t.clock });
        await second.app.listen(0, '127.0.0.1');
      }
      return second;
    };

    serverIt('(server only) an instance whose cached copy is behind judges the event on the database, not on its cache', async () => {
      const b = await secondInstance();
      const id = await startCase(b);
      const on = today();
      // b wrote the offer last: it keeps the case, awaiting the response, in its cache.
      await ok(b, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
      // The answer goes through the other instance.
      await ok(t, id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', on));
      // Allowed in preparing_talks, where the case is; not in awaiting_response, where b's cache has it.
      const reps = await send(b, id, 'union.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYEE_TEAM });
      expect({ status: reps.status, body: reps.status === 200 ? { state: reps.body.state, version: reps.body.version } : reps.body }).toEqual({
        status: 200,
        body: { state: 'preparing_talks', version: 4 },
      });
      await expectSoundLog(id, 4);
    });

    serverIt('(server only) a deadline fired by the other instance’s scheduler: this instance acts on the new state, not on its cached one', async () => {
      const b = await secondInstance();
      const id = await startCase(b);
      const at = t.clock.now();
      // b issues the offer (and caches the case awaiting the response): received 2018-03-01, due Wednesday 03-21.
      await ok(b, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-01'));
      await t.dataSource.query('DELETE FROM case_deadlines WHERE case_id <> $1', [id]);
      try {
        t.clock.set('2018-03-22T04:00:00Z');
        // The other instance's scheduler fires it.
        expect(await t.fireDueDeadlines()).toBe(1);
        // The bureau may record a late response only once the response is overdue: through b, which last saw the case awaiting it.
        const late = await send(b, id, 'bureau.demo', 'RESPONSE_AGREED', { occurredOn: '2018-03-22' });
        expect({ status: late.status, body: late.status === 200 ? { state: late.body.state, version: late.body.version, late: late.body.record.response.late } : late.body }).toEqual({
          status: 200,
          body: { state: 'preparing_talks', version: 4, late: true },
        });
        const log = await expectSoundLog(id, 4);
        expect(log.types).toEqual(['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_DEADLINE_PASSED', 'RESPONSE_AGREED']);
      } finally {
        await t.dataSource.query('DELETE FROM case_deadlines');
        t.clock.set(at);
      }
    });

    serverIt(`(server only) the same If-Match and the same Idempotency-Key across two instances: one 200 / ${N - 1} × 409; one transition`, async () => {
      const b = await secondInstance();
      const { id, version: v0 } = await negotiatingCase();
      const on = today();
      // Each instance with its own copy in cache: b one version behind.
      await ok(b, id, 'union.demo', 'SESSION_HELD', samplePayload('SESSION_HELD', on));
      await ok(t, id, 'employer.demo', 'SESSION_HELD', samplePayload('SESSION_HELD', on));
      const version = v0 + 2;
      const raced = await Promise.all(
        Array.from({ length: N }, (_, i) => send(i % 2 ? b : t, id, i % 4 < 2 ? 'union.demo' : 'employer.demo', 'SESSION_HELD', samplePayload('SESSION_HELD', on), { 'If-Match': `"${version}"` })),
      );
      expect(tally(raced)).toEqual({ 200: 1, 409: N - 1 });
      expect(raced.filter((r) => r.status === 409).every((r) => r.body.currentVersion === version + 1)).toBe(true);

      const key = `race-${randomUUID()}`;
      const payload = samplePayload('SESSION_HELD', on);
      const keyed = await Promise.all(Array.from({ length: N }, (_, i) => send(i % 2 ? b : t, id, 'union.demo', 'SESSION_HELD', payload, { 'Idempotency-Key': key })));
      expect(tally(keyed)).toEqual({ 200: N });
      expect(new Set(keyed.map((r) => r.body.version))).toEqual(new Set([version + 2]));
      expect(keyed.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);

      const free = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? b : t, id, 'employer.demo', 'SESSION_HELD', samplePayload('SESSION_HELD', on))));
      expect(tally(free)).toEqual({ 200: 10 });
      const log = await expectSoundLog(id, version + 12);
      expect(log.types.filter((x) => x === 'SESSION_HELD')).toHaveLength(2 + 1 + 1 + 10);
    });
  });
});
