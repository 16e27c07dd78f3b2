import { Column, Entity, Index, PrimaryColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { CaseRecord } from './case.entity.js';

/** A running deadline: a row, not a timer, so it survives restarts and fires once whatever the number of instances. */
@Entity('case_deadlines')
@Index('idx_case_deadlines_due', ['dueAt'])
export class CaseDeadline {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_deadlines_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  /** The state it belongs to: leaving the state cancels it. */
  @Column({ type: 'varchar', length: 64 })
  state: string;

  /** The last day of the period (China calendar day). */
  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  /** 24:00 China time of the last day. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'on_expiry', type: 'varchar', length: 64 })
  onExpiry: string;

  @Column({ name: 'marks_overdue', type: 'boolean' })
  marksOverdue: boolean;

  /** How it was counted, for people: e.g. {days: 20, calendar: 'natural', from: '2018-02-01', source: 'CCP Art 32'}. */
  @Column({ type: 'jsonb' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON
  basis: Record<string, any>;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  warnings: { zh: string; en: string }[];
}
