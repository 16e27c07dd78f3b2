import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_LOGGER } from '../common/logging/logger.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { sqlOn } from '../workflow-engine/case-store.js';
import { failureOf, JobLeaseLost, PermanentJobError } from './job-errors.js';
import type { JobStatus } from './entities/job.entity.js';

/** How long a claimed job is its worker's before another may take it (the worker died mid-job). */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** Rows per INSERT when enqueueing (a bulk request holds up to 10,000). */
const ENQUEUE_CHUNK = 2000;

export interface EnqueueOptions {
  batchId?: string | null;
  /** Attempts before the job is left failed (default 3). */
  maxAttempts?: number;
}

export interface WorkerOptions {
  /** Jobs of this queue run side by side in one instance (default 1). */
  concurrency?: number;
  leaseMs?: number;
}

export interface ClaimedJob<P = Record<string, unknown>> {
  id: string;
  queue: string;
  batchId: string | null;
  payload: P;
  /** This attempt's number, from 1. */
  attempts: number;
  maxAttempts: number;
  /** The end of this claim's lease: with the attempt number, the fence of its writes (a retry by hand counts attempts afresh). */
  lockedUntil: Date;
  /** What earlier attempts kept with checkpoint() (null at first). */
  result: Record<string, unknown> | null;
}

export interface JobContext {
  /**
   * Keeps `partial` in the job's result, so that a later attempt resumes after it; with `manager`, in the
   * caller's transaction (the work and the note of it commit together). Throws JobLeaseLost when another worker took the job.
   */
  checkpoint(partial: Record<string, unknown>, manager?: EntityManager): Promise<void>;
}

/** The job's work: its return value becomes the job's result (merged over the checkpoints). */
export type JobHandler<P = Record<string, unknown>> = (job: ClaimedJob<P>, ctx: JobContext) => Promise<Record<string, unknown> | void>;

export type JobOutcome = 'done' | 'retried' | 'failed' | 'lost';
export type DrainResult = Record<JobOutcome, number>;

interface Worker {
  queue: string;
  handler: JobHandler<never>;
  concurrency: number;
  leaseMs: number;
  timer?: NodeJS.Timeout;
  running?: Promise<unknown>;
  kicked: boolean;
}

interface JobRow {
  id: string;
  queue: string;
  batch_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  locked_until: Date;
  result: Record<string, unknown> | null;
}

/**
 * A job queue on the `jobs` table (PostgreSQL or PGlite, in the same transactions as the data): enqueued in the
 * caller's transaction, claimed with FOR UPDATE SKIP LOCKED under a lease, retried with back-off (2^attempts s) up to
 * max_attempts, then left failed with its last error for a retry by hand. "Now" is the Clock's, so tests drive
 * the back-off and the leases with a ManualClock. Any number of instances may work one queue.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly workers = new Map<string, Worker>();
  private started = false;
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Registers the handler of a queue; its worker polls once the application has started (not in tests: SCHEDULER_INTERVAL_MS=0). */
  register<P>(queue: string, handler: JobHandler<P>, options: WorkerOptions = {}) {
    if (this.workers.has(queue)) throw new Error(`queue ${queue} already has a handler`);
    const worker: Worker = { queue, handler: handler as JobHandler<never>, concurrency: Math.max(1, options.concurrency ?? 1), leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, kicked: false };
    this.workers.set(queue, worker);
    if (this.started) this.schedule(worker, 0);
  }

  /** The queues with a handler. */
  queues(): string[] {
    return [...this.workers.keys()];
  }

  onApplicationBootstrap() {
    if (this.config.schedulerIntervalMs <= 0) return; // tests drain by hand
    this.started = true;
    for (const w of this.workers.values()) this.schedule(w, 0);
  }

  async onApplicationShutdown() {
    // Finish the jobs in hand, claim no more: the rest wait in the table for the next start.
    this.stopping = true;
    for (const w of this.workers.values()) {
      clearTimeout(w.timer);
      w.timer = undefined;
    }
    await Promise.all([...this.workers.values()].map((w) => w.running));
  }

  /** Adds jobs in the caller's transaction: they exist if and only if it commits. Returns their ids in order. */
  async enqueue(manager: EntityManager, queue: string, payloads: Record<string, unknown>[], options: EnqueueOptions = {}): Promise<string[]> {
    const now = this.clock.now();
    const ids = payloads.map(() => randomUUID());
    for (let i = 0; i < payloads.length; i += ENQUEUE_CHUNK) {
      const rows = payloads.slice(i, i + ENQUEUE_CHUNK).map((payload, j) => ({ id: ids[i + j], payload }));
      await manager.query(
        `INSERT INTO jobs (id, queue, batch_id, payload, status, attempts, max_attempts, run_after, created_at, updated_at)
         SELECT x.id, $1, $2, x.payload, 'queued', 0, $3, $4, $4, $4 FROM jsonb_to_recordset($5::jsonb) AS x(id uuid, payload jsonb)`,
        [queue, options.batchId ?? null, options.maxAttempts ?? 3, now, JSON.stringify(rows)],
      );
    }
    return ids;
  }

  /** Jobs were just committed: the queue's worker runs now rather than at its next round. */
  kick(queue: string) {
    const w = this.workers.get(queue);
    if (!w || !this.started || this.stopping) return;
    if (w.running) w.kicked = true;
    else this.schedule(w, 0);
  }

  /** Runs the queue's due jobs until none is due (tests, the CLI, the worker's rounds). */
  async drain(queue: string): Promise<DrainResult> {
    const w = this.workers.get(queue);
    if (!w) throw new Error(`queue ${queue} has no handler`);
    const tally: DrainResult = { done: 0, retried: 0, failed: 0, lost: 0 };
    const slot = async () => {
      while (!this.stopping) {
        const [job] = await this.claim(queue, 1, w.leaseMs);
        if (!job) return;
        tally[await this.run(w, job)]++;
      }
    };
    await Promise.all(Array.from({ length: w.concurrency }, slot));
    return tally;
  }

  /**
   * Takes up to `n` due jobs: queued ones whose time has come, then running ones whose lease passed (their worker
   * died). Each comes back with its attempt counted and a new lease. Two statements rather than one with an OR
   * (which scans the finished jobs, which only grow): the queued ones through the partial index idx_jobs_due,
   * the lapsed leases, when no queued job is due, through idx_jobs_leased.
   */
  async claim(queue: string, n: number, leaseMs = DEFAULT_LEASE_MS): Promise<ClaimedJob[]> {
    const queued = await this.claimWhere(`status = 'queued' AND run_after <= $2`, queue, n, leaseMs);
    if (queued.length === n) return queued;
    return [...queued, ...(await this.claimWhere(`status = 'running' AND locked_until < $2`, queue, n - queued.length, leaseMs))];
  }

  private async claimWhere(due: string, queue: string, n: number, leaseMs: number): Promise<ClaimedJob[]> {
    const now = this.clock.now();
    // The driver's own rows (TypeORM's query() answers an UPDATE with [rows, count]).
    const rows = await sqlOn(this.dataSource).rows<JobRow>(
      `UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, locked_until = $3, updated_at = $2
        WHERE j.id IN (SELECT id FROM jobs WHERE queue = $1 AND ${due} ORDER BY run_after LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING j.id, j.queue, j.batch_id, j.payload, j.attempts, j.max_attempts, j.locked_until, j.result`,
      [queue, now, new Date(now.getTime() + leaseMs), n],
    );
    return rows.map((r) => ({ id: r.id, queue: r.queue, batchId: r.batch_id, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts, lockedUntil: r.locked_until, result: r.result }));
  }

  /** Puts a batch's failed jobs (or those of `jobIds` among them) back in the queue, their attempts counted afresh; returns how many. */
  async retryFailed(batchId: string, jobIds?: string[]): Promise<number> {
    const now = this.clock.now();
    const rows = await sqlOn(this.dataSource).rows(
      `UPDATE jobs SET status = 'queued', attempts = 0, run_after = $2, locked_until = NULL, last_error = NULL, updated_at = $2
        WHERE batch_id = $1 AND status = 'failed' AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])) RETURNING id`,
      [batchId, now, jobIds ?? null],
    );
    return rows.length;
  }

  /** A batch's jobs counted by status. */
  async countByStatus(batchId: string): Promise<Record<JobStatus, number>> {
    const rows: { status: JobStatus; n: number }[] = await this.dataSource.query('SELECT status, count(*)::int AS n FROM jobs WHERE batch_id = $1 GROUP BY status', [batchId]);
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /**
   * One attempt of a claimed job, and what became of it. Writes are fenced by the attempt number and the lease
   * (a retry by hand starts the attempts afresh): a worker whose job was taken over writes nothing.
   */
  private async run(w: Worker, job: ClaimedJob): Promise<JobOutcome> {
    const fence = [job.id, job.attempts];
    const lease = job.lockedUntil;
    const ctx: JobContext = {
      checkpoint: async (partial, manager) => {
        const sql = sqlOn(this.dataSource, manager);
        const rows = await sql.rows(`UPDATE jobs SET result = COALESCE(result, '{}'::jsonb) || $3::jsonb WHERE id = $1 AND attempts = $2 AND locked_until = $4 AND status = 'running' RETURNING id`, [...fence, JSON.stringify(partial), lease]);
        // An UPDATE through TypeORM's manager answers [rows, count].
        const updated = manager ? (rows as unknown as [unknown[], number])[1] : rows.length;
        if (!updated) throw new JobLeaseLost(job.id);
        job.result = { ...job.result, ...partial };
      },
    };
    try {
      const result = (await (w.handler as JobHandler)(job, ctx)) ?? {};
      const now = this.clock.now();
      const done = await sqlOn(this.dataSource).rows(
        `UPDATE jobs SET status = 'done', result = COALESCE(result, '{}'::jsonb) || $3::jsonb, locked_until = NULL, last_error = NULL, updated_at = $4
          WHERE id = $1 AND attempts = $2 AND locked_until = $5 AND status = 'running' RETURNING id`,
        [...fence, JSON.stringify(result), now, lease],
      );
      return done.length ? 'done' : 'lost';
    } catch (err) {
      if (err instanceof JobLeaseLost) return 'lost';
      const failure = failureOf(err);
      const now = this.clock.now();
      const final = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const runAfter = new Date(now.getTime() + 2 ** job.attempts * 1000);
      // A permanent failure is an answer (no union, out of scope), not a fault: info, without a stack.
      if (err instanceof PermanentJobError) this.logger.info({ queue: job.queue, jobId: job.id, reason: failure.en }, 'job refused');
      else this.logger.warn({ queue: job.queue, jobId: job.id, attempts: job.attempts, final, err, reason: failure.en }, final ? 'job failed' : 'job failed; will retry');
      const rows = await sqlOn(this.dataSource).rows(
        `UPDATE jobs SET status = $3::varchar, run_after = CASE WHEN $3::varchar = 'queued' THEN $4::timestamptz ELSE run_after END, locked_until = NULL, last_error = $5, updated_at = $6
          WHERE id = $1 AND attempts = $2 AND locked_until = $7 AND status = 'running' RETURNING id`,
        [...fence, final ? 'failed' : 'queued', runAfter, JSON.stringify(failure), now, lease],
      );
      if (!rows.length) return 'lost';
      return final ? 'failed' : 'retried';
    }
  }

  private schedule(w: Worker, delay: number) {
    clearTimeout(w.timer);
    w.timer = setTimeout(async () => {
      w.running = this.drain(w.queue).catch((err) => this.logger.error({ err, queue: w.queue }, 'job worker failed'));
      await w.running;
      w.running = undefined;
      const again = w.kicked;
      w.kicked = false;
      if (w.timer && !this.stopping) this.schedule(w, again ? 0 : this.config.schedulerIntervalMs);
    }, delay);
    w.timer.unref();
  }
}
