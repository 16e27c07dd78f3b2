import { Column, Entity, PrimaryColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CaseRecord } from './case.entity.js';

/** The append-only, hash-chained log of a case: hash = sha256(prev_hash ‖ canonical event). */
@Entity('case_events')
export class CaseEventRecord {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_events_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  /** null for the system (deadlines). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON as sent
  payload: Record<string, any>;

  @Column({ name: 'from_state', type: 'varchar', length: 64, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 64 })
  toState: string;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
