import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 审计日志 One line of the audit log: a sign-in (succeeded, failed, throttled) or an administrative act. Append-only:
 * a trigger of the migration refuses UPDATE, DELETE and TRUNCATE, so not even the service can rewrite it.
 */
@Entity('audit_log')
@Index('ix_audit_log_at', ['at'])
@Index('ix_audit_log_kind_at', ['kind', 'at'])
@Index('ix_audit_log_actor_at', ['actorUsername', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  /** The service clock's instant. */
  @Column({ type: 'timestamptz' })
  at: Date;

  /** e.g. login.succeeded, login.failed, login.throttled, user.created, campaign.changed (see AUDITED_ROUTES). */
  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The signed-in user, or for a sign-in the username that was tried. */
  @Column({ name: 'actor_username', type: 'text', nullable: true })
  actorUsername: string | null;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ name: 'subject_type', type: 'text', nullable: true })
  subjectType: string | null;

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId: string | null;

  /** The request: method, path, answer status. */
  @Column({ type: 'text', nullable: true })
  method: string | null;

  @Column({ type: 'text', nullable: true })
  path: string | null;

  @Column({ type: 'integer', nullable: true })
  status: number | null;

  /** What was asked (route parameters, the body without secrets) and what came of it (the new id). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;
}
