import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from './case.entity.js';

/**
 * Events whose consequences run after the transition (the documents they produce), written in the same
 * statement as the event itself: an event has its row, or there is no event. Workers claim rows with
 * SKIP LOCKED and delete them when done; a failure waits (`available_at`) and is retried.
 */
@Entity('case_outbox')
@Index('idx_case_outbox_available', ['availableAt'])
export class CaseOutboxRecord {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_outbox_case' })
  case?: Relation<CaseRecord>;

  /** The event's sequence number in the case's log. */
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'available_at', type: 'timestamptz' })
  availableAt: Date;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}
