import { Column, CreateDateColumn, Entity, PrimaryColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CaseRecord } from './case.entity.js';

/** An Idempotency-Key seen on a case: a retry gets the stored answer, never a second transition. */
@Entity('case_idempotency_keys')
export class CaseIdempotencyKey {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_idempotency_keys_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** sha256 of the request (type and payload): the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'seq', type: 'integer' })
  seq: number;

  /** The case as the first answer showed it: a retry gets the same answer. */
  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON
  result: Record<string, any>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
