import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';
import { Instructor } from './instructor.entity.js';

/** An instructor assigned to guide a case (current while unassigned_at is null). */
@Entity('case_instructors')
@Index('idx_case_instructors_instructor', ['instructorId'])
export class CaseInstructor {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_instructors_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ name: 'instructor_id', type: 'uuid' })
  instructorId: string;

  @ManyToOne(() => Instructor, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'instructor_id', foreignKeyConstraintName: 'fk_case_instructors_instructor' })
  instructor?: Relation<Instructor>;

  @Column({ name: 'assigned_by', type: 'uuid', nullable: true })
  assignedBy: string | null;

  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  /** When the assignment ended (unassigned or replaced): the row stays, so the year's assessment still counts the guidance given. */
  @Column({ name: 'unassigned_at', type: 'timestamptz', nullable: true })
  unassignedAt: Date | null;
}
