import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../src/common/logging/logger.js';
import { createDataSource } from '../../src/database/data-source.js';
import { JobError, PermanentJobError } from '../../src/jobs/job-errors.js';
import { JobQueue, type JobHandler } from '../../src/jobs/job-queue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The job queue on the jobs table, on the real database: enqueued in the caller's transaction, claimed once,
// retried with back-off that only the (manual) clock lets pass, failed after max_attempts or at once when
// permanent, a lapsed lease taken over; two workers on two connections never run one job twice.

let t: TestApp;
const logger = createLogger('silent');
const queueOn = (ds: DataSource) => new JobQueue(ds, t.clock, t.config, logger);

beforeAll(async () => {
  t = await startTestApp({ seedDemo: false });
});
afterAll(async () => {
  await t?.close();
});

type Row = { id: string; status: string; attempts: number; run_after: Date; locked_until: Date | null; last_error: string | null; result: Record<string, unknown> | null };
const rowsOf = async (queue: string): Promise<Row[]> => t.dataSource.query('SELECT id, status, attempts, run_after, locked_until, last_error, result FROM jobs WHERE queue = $1 ORDER BY created_at, id', [queue]);
const enqueue = (q: JobQueue, queue: string, payloads: Record<string, unknown>[], options = {}) => t.dataSource.transaction((m) => q.enqueue(m, queue, payloads, options));
const advance = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

describe('JobQueue', () => {
  it('enqueues in the caller’s transaction: a rollback leaves no job', async () => {
    const q = queueOn(t.dataSource);
    let seenInside = -1;
    await expect(
      t.dataSource.transaction(async (m) => {
        await q.enqueue(m, 'rollback', [{ n: 1 }, { n: 2 }]);
        seenInside = (await m.query(`SELECT count(*)::int AS n FROM jobs WHERE queue = 'rollback'`))[0].n;
        throw new Error('the caller’s work failed');
      }),
    ).rejects.toThrow('the caller’s work failed');
    expect(seenInside).toBe(2);
    expect(await rowsOf('rollback')).toEqual([]);
  });

  it('runs a job once and keeps its result', async () => {
    const q = queueOn(t.dataSource);
    const seen: number[] = [];
    q.register<{ n: number }>('square', async (job) => {
      seen.push(job.payload.n);
      return { square: job.payload.n ** 2 };
    }, { concurrency: 2 });
    const ids = await enqueue(q, 'square', [{ n: 2 }, { n: 3 }, { n: 4 }]);
    expect(await q.drain('square')).toEqual({ done: 3, retried: 0, failed: 0, lost: 0 });
    expect(seen.sort()).toEqual([2, 3, 4]);
    const rows = await rowsOf('square');
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.map((r) => [r.status, r.attempts, r.locked_until, r.last_error])).toEqual(Array(3).fill(['done', 1, null, null]));
    expect(rows.map((r) => r.result!.square).sort()).toEqual([16, 4, 9]);
    expect(await q.drain('square')).toEqual({ done: 0, retried: 0, failed: 0, lost: 0 });
  });

  it('retries a transient failure only once the clock passes run_after (2^attempts seconds)', async () => {
    const q = queueOn(t.dataSource);
    let calls = 0;
    q.register('flaky', async (job) => {
      calls++;
      if (job.attempts === 1) throw new JobError('浏览器崩溃', 'the browser crashed');
      return { ok: true };
    });
    await enqueue(q, 'flaky', [{}]);
    const failedAt = t.clock.now().getTime();
    expect(await q.drain('flaky')).toMatchObject({ retried: 1, done: 0 });
    let [row] = await rowsOf('flaky');
    expect(row).toMatchObject({ status: 'queued', attempts: 1, locked_until: null, last_error: JSON.stringify({ zh: '浏览器崩溃', en: 'the browser crashed' }) });
    expect(row.run_after.getTime()).toBe(failedAt + 2000);
    expect(await q.drain('flaky')).toMatchObject({ done: 0, retried: 0 });
    advance(1999);
    expect(await q.drain('flaky')).toMatchObject({ done: 0, retried: 0 });
    expect(calls).toBe(1);
    advance(1);
    expect(await q.drain('flaky')).toMatchObject({ done: 1 });
    [row] = await rowsOf('flaky');
    expect(row).toMatchObject({ status: 'done', attempts: 2, last_error: null, result: { ok: true } });
    expect(calls).toBe(2);
  });

  it('leaves a job failed with its last error after max_attempts, the waits doubling', async () => {
    const q = queueOn(t.dataSource);
    q.register('doomed', async (job) => {
      throw new Error(`attempt ${job.attempts} failed`);
    });
    await enqueue(q, 'doomed', [{}], { maxAttempts: 3 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = t.clock.now().getTime();
      const tally = await q.drain('doomed');
      const [row] = await rowsOf('doomed');
      expect(row.attempts).toBe(attempt);
      if (attempt < 3) {
        expect(tally).toMatchObject({ retried: 1, failed: 0 });
        expect(row.status).toBe('queued');
        waits.push(row.run_after.getTime() - before);
        advance(row.run_after.getTime() - before);
      } else {
        expect(tally).toMatchObject({ retried: 0, failed: 1 });
        expect(row).toMatchObject({ status: 'failed', last_error: JSON.stringify({ zh: 'attempt 3 failed', en: 'attempt 3 failed' }) });
      }
    }
    expect(waits).toEqual([2000, 4000]);
    advance(3_600_000);
    expect(await q.drain('doomed')).toMatchObject({ done: 0, retried: 0, failed: 0 });
  });

  it('fails at once on a PermanentJobError, whatever attempts are left; a retry by batch counts afresh', async () => {
    const q = queueOn(t.dataSource);
    let cured = false;
    q.register('no-union', async () => {
      if (!cured) throw new PermanentJobError('该企业尚未建立工会', 'the enterprise has no union');
      return { prepared: true };
    });
    const batchId = randomUUID();
    await enqueue(q, 'no-union', [{}, {}], { maxAttempts: 5, batchId });
    expect(await q.drain('no-union')).toMatchObject({ failed: 2, retried: 0 });
    expect((await rowsOf('no-union')).map((r) => [r.status, r.attempts, r.last_error])).toEqual(Array(2).fill(['failed', 1, JSON.stringify({ zh: '该企业尚未建立工会', en: 'the enterprise has no union' })]));
    expect(await q.countByStatus(batchId)).toEqual({ queued: 0, running: 0, done: 0, failed: 2 });
    cured = true;
    expect(await q.retryFailed(batchId)).toBe(2);
    expect((await rowsOf('no-union')).map((r) => [r.status, r.attempts, r.last_error])).toEqual(Array(2).fill(['queued', 0, null]));
    expect(await q.drain('no-union')).toMatchObject({ done: 2 });
    expect(await q.countByStatus(batchId)).toEqual({ queued: 0, running: 0, done: 2, failed: 0 });
  });

  it('takes over a running job whose lease passed (its worker died), and not before', async () => {
    const q = queueOn(t.dataSource);
    const attempts: number[] = [];
    q.register('lease', async (job) => {
      attempts.push(job.attempts);
      return { by: 'second worker' };
    }, { leaseMs: 60_000 });
    await enqueue(q, 'lease', [{}]);
    const [claimed] = await q.claim('lease', 1, 60_000); // a worker that claims and dies
    expect(claimed.attempts).toBe(1);
    expect((await rowsOf('lease'))[0]).toMatchObject({ status: 'running', locked_until: new Date(t.clock.now().getTime() + 60_000) });
    advance(60_000);
    expect(await q.drain('lease')).toMatchObject({ done: 0 });
    expect(attempts).toEqual([]);
    advance(1);
    expect(await q.drain('lease')).toMatchObject({ done: 1 });
    expect(attempts).toEqual([2]);
    expect((await rowsOf('lease'))[0]).toMatchObject({ status: 'done', attempts: 2, locked_until: null, result: { by: 'second worker' } });
  });

  it('a worker whose job was taken over writes nothing when it finally finishes', async () => {
    const slow = queueOn(t.dataSource);
    const fast = queueOn(t.dataSource);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const claimed = new Promise<void>((r) => (started = r));
    slow.register('fenced', async (_job, ctx) => {
      started();
      await held;
      await ctx.checkpoint({ late: true });
      return { by: 'slow' };
    }, { leaseMs: 1000 });
    fast.register('fenced', async () => ({ by: 'fast' }), { leaseMs: 1000 });
    await enqueue(slow, 'fenced', [{}]);
    const slowRun = slow.drain('fenced');
    await claimed;
    advance(1001);
    expect(await fast.drain('fenced')).toMatchObject({ done: 1 });
    release();
    expect(await slowRun).toEqual({ done: 0, retried: 0, failed: 0, lost: 1 });
    expect((await rowsOf('fenced'))[0]).toMatchObject({ status: 'done', attempts: 2, result: { by: 'fast' } });
  });

  it('a worker whose job failed meanwhile and was retried by hand (attempts counted afresh) still writes nothing', async () => {
    const slow = queueOn(t.dataSource);
    const other = queueOn(t.dataSource);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const claimed = new Promise<void>((r) => (started = r));
    slow.register('refenced', async () => {
      started();
      await held;
      return { by: 'slow' };
    }, { leaseMs: 1000 });
    let calls = 0;
    other.register('refenced', async () => {
      calls++;
      if (calls === 1) throw new PermanentJobError('暂时不行', 'not now');
      await held; // the retried attempt 1 is running when the slow worker wakes
      return { by: 'retried' };
    }, { leaseMs: 60_000 });
    const batchId = randomUUID();
    await enqueue(slow, 'refenced', [{}], { batchId });
    const slowRun = slow.drain('refenced');
    await claimed;
    advance(1001);
    expect(await other.drain('refenced')).toMatchObject({ failed: 1 }); // took the lapsed lease (attempt 2), failed
    expect(await other.retryFailed(batchId)).toBe(1);
    const retried = other.drain('refenced'); // attempt 1 again, running
    await new Promise((r) => setImmediate(r));
    while ((await rowsOf('refenced'))[0].status !== 'running') await new Promise((r) => setImmediate(r));
    release();
    expect(await slowRun).toEqual({ done: 0, retried: 0, failed: 0, lost: 1 });
    expect(await retried).toMatchObject({ done: 1 });
    expect((await rowsOf('refenced'))[0]).toMatchObject({ status: 'done', attempts: 1, result: { by: 'retried' } });
  });

  (process.env.TEST_DATABASE_URL ? it : it.skip)('two workers on two connections claim each job exactly once (PostgreSQL server)', async () => {
    const other = await createDataSource({ kind: 'postgres', url: (t.dataSource.options as { url: string }).url });
    await other.initialize();
    try {
      const runs = new Map<string, number>();
      const handler = (ds: DataSource): JobHandler => async (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await ds.query('SELECT $1::uuid AS id', [job.id]); // a round trip, so that the workers interleave
        return {};
      };
      const a = queueOn(t.dataSource);
      const b = queueOn(other);
      a.register('race', handler(t.dataSource), { concurrency: 4 });
      b.register('race', handler(other), { concurrency: 4 });
      const ids = await enqueue(a, 'race', Array.from({ length: 300 }, (_, i) => ({ i })));
      const [ra, rb] = await Promise.all([a.drain('race'), b.drain('race')]);
      expect(ra.done + rb.done).toBe(300);
      expect(ra.done).toBeGreaterThan(0);
      expect(rb.done).toBeGreaterThan(0);
      expect([...runs.keys()].sort()).toEqual([...ids].sort());
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      const [summary] = await t.dataSource.query(`SELECT count(*)::int AS n, bool_and(status = 'done' AND attempts = 1) AS once FROM jobs WHERE queue = 'race'`);
      expect(summary).toEqual({ n: 300, once: true });
    } finally {
      await other.destroy();
    }
  });
});
