import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/common/clock.js';
import type { DatabaseTarget } from '../../src/database/data-source.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../support/procedure-samples.js';
import { startInstance, waitFor, type ServiceInstance } from '../support/service-instance.js';
import { createTestDatabase } from '../support/test-database.js';

// Deadlines are rows, not timers: one that falls due while the service is stopped fires once, by the
// scheduler's own timer, when the service starts again on the same database. On PGlite the database is a
// directory on disk; with TEST_DATABASE_URL one database on the server, created here and used by every start.

let target: DatabaseTarget;
let dispose: () => Promise<void>;
const running: ServiceInstance[] = [];

beforeAll(async () => {
  if (process.env.TEST_DATABASE_URL) {
    const db = await createTestDatabase();
    target = db.target;
    dispose = db.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'cb-restart-'));
    target = { kind: 'pglite', dataDir: dir };
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  for (const s of running) await s.close();
  await dispose?.();
});

async function start(clock: ManualClock, env: Record<string, string> = {}): Promise<ServiceInstance> {
  const s = await startInstance(target, { clock, env });
  running.push(s);
  return s;
}

describe(`restart (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'PGlite on disk'})`, () => {
  it('a deadline that falls due while the service is stopped fires exactly once after it starts again', async () => {
    // First run, 2018-02-01: the offer is received; the response period ends 2018-02-22 24:00 China time.
    const first = await start(new ManualClock(new Date('2018-02-01T04:00:00Z')));
    const union = await first.as('union.demo');
    const created = await first.http().post('/api/cases').set(union).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const offered = await first.http().post(`/api/cases/${id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', '2018-02-01') });
    expect(offered.status).toBe(200);
    expect(offered.body.deadlines).toMatchObject([{ key: 'response', dueAt: '2018-02-22T16:00:00.000Z' }]);
    expect(await first.scheduler.runUntilIdle()).toBe(0);
    await first.close();

    // Stopped across the end of the period; started again on 2018-02-25 with the scheduler's timer on.
    const second = await start(new ManualClock(new Date('2018-02-25T04:00:00Z')), { SCHEDULER_INTERVAL_MS: '20' });
    expect(second.config.schedulerIntervalMs).toBe(20);
    const statusOf = async () => ((await second.dataSource.query('SELECT status FROM cases WHERE id = $1', [id])) as { status: string }[])[0]?.status;
    const fired = await waitFor(async () => (await statusOf()) === 'response_overdue', 5000);
    expect({ fired, status: await statusOf() }).toEqual({ fired: true, status: 'response_overdue' });

    // Once more by hand, while the timer keeps running: nothing left to fire.
    expect(await second.scheduler.runUntilIdle()).toBe(0);
    const events: { seq: number; actor_role: string; actor_id: string | null; occurred_on: string }[] = await second.dataSource.query(
      `SELECT seq, actor_role, actor_id, occurred_on::text AS occurred_on FROM case_events WHERE case_id = $1 AND type = 'RESPONSE_DEADLINE_PASSED'`,
      [id],
    );
    expect(events).toEqual([{ seq: 3, actor_role: 'system', actor_id: null, occurred_on: '2018-02-23' }]);
    expect(await second.dataSource.query('SELECT key FROM case_deadlines WHERE case_id = $1', [id])).toEqual([]);
    const view = await second.http().get(`/api/cases/${id}`).set(await second.as('union.demo'));
    expect(view.body).toMatchObject({ state: 'response_overdue', overdue: true, version: 3 });
    await second.close();

    // A third start finds nothing to fire again.
    const third = await start(new ManualClock(new Date('2018-03-10T04:00:00Z')));
    expect(await third.scheduler.runUntilIdle()).toBe(0);
    const history = await third.http().get(`/api/cases/${id}/history`).set(await third.as('union.demo'));
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_DEADLINE_PASSED']);
    expect((await third.http().get(`/api/cases/${id}/history/verify`).set(await third.as('union.demo'))).body).toEqual({ valid: true, length: 3 });
  });
});
