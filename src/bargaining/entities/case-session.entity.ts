import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';

/**
 * A negotiation session (协商会议): agenda, time, place, a recorder jointly named who is not a representative
 * (Art 33), attendance and minutes. The minutes count as signed when both chiefs have confirmed them from
 * their own accounts; the second confirmation records SESSION_HELD and cuts a draft version.
 */
@Entity('case_sessions')
export class CaseSession {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_sessions_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ name: 'session_no', type: 'integer' })
  sessionNo: number;

  @Column({ name: 'scheduled_on', type: 'date' })
  scheduledOn: string;

  @Column({ name: 'starts_at', type: 'varchar', length: 5, nullable: true })
  startsAt: string | null;

  @Column({ type: 'varchar', length: 200 })
  place: string;

  @Column({ type: 'jsonb' })
  agenda: string[];

  @Column({ type: 'jsonb' })
  recorder: { name: string; personId: string };

  @Column({ name: 'held_on', type: 'date', nullable: true })
  heldOn: string | null;

  /** personIds of the representatives present. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attendance: string[];

  @Column({ type: 'text', nullable: true })
  minutes: string | null;

  @Column({ name: 'employee_confirmed_by', type: 'uuid', nullable: true })
  employeeConfirmedBy: string | null;

  @Column({ name: 'employee_confirmed_at', type: 'timestamptz', nullable: true })
  employeeConfirmedAt: Date | null;

  @Column({ name: 'employer_confirmed_by', type: 'uuid', nullable: true })
  employerConfirmedBy: string | null;

  @Column({ name: 'employer_confirmed_at', type: 'timestamptz', nullable: true })
  employerConfirmedAt: Date | null;

  /** What each chief added when confirming. */
  @Column({ name: 'employee_remark', type: 'text', nullable: true })
  employeeRemark: string | null;

  @Column({ name: 'employer_remark', type: 'text', nullable: true })
  employerRemark: string | null;

  /** The SESSION_HELD entry of the case's log, once both chiefs confirmed. */
  @Column({ name: 'event_seq', type: 'integer', nullable: true })
  eventSeq: number | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
