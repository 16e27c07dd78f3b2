import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/**
 * A unit of background work kept in PostgreSQL (works the same on PGlite): claimed with
 * FOR UPDATE SKIP LOCKED, retried with back-off up to max_attempts, then left failed for a retry by hand.
 */
@Entity('jobs')
@Check('chk_jobs_status', `"status" IN ('queued', 'running', 'done', 'failed')`)
@Index('idx_jobs_due', ['queue', 'runAfter'], { where: `"status" = 'queued'` })
@Index('idx_jobs_batch', ['batchId'])
// The lapsed leases, looked for when no queued job is due: without it that check scans every finished job.
@Index('idx_jobs_leased', ['queue', 'lockedUntil'], { where: `"status" = 'running'` })
export class Job {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'integer', default: 3 })
  maxAttempts: number;

  @Column({ name: 'run_after', type: 'timestamptz' })
  runAfter: Date;

  /** A running job whose lease passed is claimed again (its worker died). */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
