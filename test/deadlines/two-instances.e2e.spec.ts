import { afterAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/common/clock.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../support/procedure-samples.js';
import { demoActor, startInstance, type ServiceInstance } from '../support/service-instance.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Two service instances (two DataSources, two Nest apps, two schedulers) on ONE PostgreSQL database fire
// 1,000 due deadlines concurrently: each exactly once (FOR UPDATE OF c, d SKIP LOCKED), and both share the
// work. Needs several connections on one server: runs only with TEST_DATABASE_URL.

const serverIt = process.env.TEST_DATABASE_URL ? it : it.skip;
const CASES = 1000;

let db: TestDatabase | undefined;
const instances: ServiceInstance[] = [];

afterAll(async () => {
  for (const s of instances) await s.close();
  await db?.drop();
});

describe('two instances on one database', () => {
  serverIt(`(server only) ${CASES} due response deadlines, both schedulers running concurrently: each fires exactly once`, async () => {
    db = await createTestDatabase();
    const at = new Date('2018-03-01T04:00:00Z');
    const a = await startInstance(db.target, { clock: new ManualClock(at) });
    instances.push(a);
    const b = await startInstance(db.target, { clock: new ManualClock(at) });
    instances.push(b);

    // 1,000 cases, each with an offer received 2018-03-01 (due Wednesday 2018-03-21, 24:00 China time): through
    // the engine service in transactions of 50, half of them on each instance.
    const union = demoActor('union.demo');
    const started = Date.now();
    const batches = Array.from({ length: CASES / 50 }, (_, i) => i);
    await Promise.all(
      batches.map((i) => {
        const s = i % 2 === 0 ? a : b;
        return s.dataSource.transaction(async (manager) => {
          for (let n = 0; n < 50; n++) {
            const c = await s.engine.start(manager, union, {
              kind: 'comprehensive',
              unionOrgId: demoId('union-shujin'),
              employerOrgId: demoId('ent-shujin'),
              enterprises: [{ enterpriseId: demoId('ent-shujin'), employees: 812 }],
              regionCode: '510107',
              industryCode: null,
              title: `并发期限 ${i}-${n}`,
              initiatorSide: 'employee',
            });
            await s.engine.sendWithin(manager, c.id, 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', '2018-03-01'), union);
          }
        });
      }),
    );
    const createdMs = Date.now() - started;
    const [{ n: due }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM case_deadlines WHERE key = 'response' AND due_at = '2018-03-21T16:00:00Z'`);
    expect(due).toBe(CASES);
    // Not due yet: neither fires anything.
    expect(await Promise.all([a.scheduler.runUntilIdle(), b.scheduler.runUntilIdle()])).toEqual([0, 0]);

    a.clock.set('2018-03-22T04:00:00Z');
    b.clock.set('2018-03-22T04:00:00Z');
    const fired = { a: 0, b: 0 };
    const firing = Date.now();
    for (let round = 0; round < 4; round++) {
      const [x, y] = await Promise.all([a.scheduler.runUntilIdle(), b.scheduler.runUntilIdle()]);
      fired.a += x;
      fired.b += y;
    }
    const firedMs = Date.now() - firing;
    console.log(`two instances: created ${CASES} cases in ${createdMs} ms; fired ${fired.a + fired.b} in ${firedMs} ms — instance A ${fired.a}, instance B ${fired.b}`);

    expect(fired.a + fired.b).toBe(CASES);
    expect(fired.a).toBeGreaterThan(0);
    expect(fired.b).toBeGreaterThan(0);

    const q = (sql: string) => a.dataSource.query(sql) as Promise<{ n: number }[]>;
    const count = async (sql: string) => (await q(sql))[0].n;
    expect(await count(`SELECT count(*)::int AS n FROM cases`)).toBe(CASES);
    expect(await count(`SELECT count(*)::int AS n FROM case_events WHERE type = 'RESPONSE_DEADLINE_PASSED'`)).toBe(CASES);
    // Each case exactly one expiry, by the system, dated the day after the last day.
    expect(
      await count(`SELECT count(*)::int AS n FROM cases c
                    WHERE (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = 'RESPONSE_DEADLINE_PASSED') <> 1`),
    ).toBe(0);
    expect(
      await a.dataSource.query(`SELECT actor_role, actor_id, occurred_on::text AS occurred_on, count(*)::int AS n FROM case_events
                                 WHERE type = 'RESPONSE_DEADLINE_PASSED' GROUP BY 1, 2, 3`),
    ).toEqual([{ actor_role: 'system', actor_id: null, occurred_on: '2018-03-22', n: CASES }]);
    expect(await count(`SELECT count(*)::int AS n FROM case_deadlines`)).toBe(0);
    expect(await a.dataSource.query(`SELECT status, overdue, count(*)::int AS n FROM cases GROUP BY 1, 2`)).toEqual([{ status: 'response_overdue', overdue: true, n: CASES }]);
    // The log of every case: seq 1..version without a gap, the version its last seq.
    expect(
      await count(`SELECT count(*)::int AS n FROM cases c
                     JOIN (SELECT case_id, max(seq) AS max_seq, count(*) AS events FROM case_events GROUP BY case_id) e ON e.case_id = c.id
                    WHERE c.version <> e.max_seq OR e.events <> e.max_seq OR c.version <> 3`),
    ).toBe(0);

    // Once more on both: nothing left.
    expect(await Promise.all([a.scheduler.runUntilIdle(), b.scheduler.runUntilIdle()])).toEqual([0, 0]);
  }, 180_000);
});
