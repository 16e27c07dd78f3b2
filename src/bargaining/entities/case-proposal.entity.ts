import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';
import type { ContractTerms } from '../contract/contract-document.js';

export type ProposalAction = 'amend' | 'add' | 'delete';
export type ProposalStatus = 'open' | 'countered' | 'agreed' | 'withdrawn' | 'applied' | 'lapsed';
export type Side = 'employee' | 'employer';

/** One side's proposal on one article (propose, counter, agree, withdraw), tied to a session. */
@Entity('case_proposals')
@Index('idx_case_proposals_article', ['caseId', 'articleKey'])
export class CaseProposal {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_proposals_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** 1, 2, 3… within the case, for people to refer to. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ name: 'session_no', type: 'integer' })
  sessionNo: number;

  @Column({ type: 'varchar', length: 8 })
  side: Side;

  @Column({ type: 'varchar', length: 8 })
  action: ProposalAction;

  @Column({ name: 'article_key', type: 'varchar', length: 40 })
  articleKey: string;

  /** `add`: the chapter (1-based) and the article it follows (null: first of the chapter). */
  @Column({ name: 'chapter_no', type: 'integer', nullable: true })
  chapterNo: number | null;

  @Column({ name: 'after_key', type: 'varchar', length: 40, nullable: true })
  afterKey: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'jsonb', nullable: true })
  topics: string[] | null;

  @Column({ type: 'jsonb', nullable: true })
  terms: ContractTerms | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The draft version the proposal was made against. */
  @Column({ name: 'base_version', type: 'integer' })
  baseVersion: number;

  @Column({ name: 'counter_to', type: 'uuid', nullable: true })
  counterTo: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: ProposalStatus;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** What the deciding side said when agreeing or withdrawing. */
  @Column({ name: 'decision_remark', type: 'text', nullable: true })
  decisionRemark: string | null;

  @Column({ name: 'applied_in', type: 'integer', nullable: true })
  appliedIn: number | null;
}
