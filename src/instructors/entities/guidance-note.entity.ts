import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity.js';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';

/** The longest guidance note (指导意见) taken, in characters. */
export const GUIDANCE_NOTE_MAX = 2000;

/**
 * A guidance note (指导意见) an assigned instructor wrote on a case: read by the case's parties, its
 * instructors and the authorities of its region. `seq` numbers the notes of a case in the order written
 * (the service clock may give two notes the same instant).
 */
@Entity('case_guidance_notes')
@Unique('uq_case_guidance_notes_seq', ['caseId', 'seq'])
@Check('ck_case_guidance_notes_body', `char_length(body) BETWEEN 1 AND ${GUIDANCE_NOTE_MAX}`)
export class GuidanceNote {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_guidance_notes_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_case_guidance_notes_author' })
  author?: Relation<User>;

  @Column({ type: 'text' })
  body: string;

  /** From the service clock (as the case's events), not the database's. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
