import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';
import type { ContractDocument } from '../contract/contract-document.js';

export type DraftSource = 'template' | 'previous_contract' | 'agreed';

/** A version of the contract draft; never changed once written. Version 1 is the starting point. */
@Entity('case_drafts')
export class CaseDraft {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_drafts_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 24 })
  source: DraftSource;

  /** The session whose confirmed minutes cut this version (source `agreed`). */
  @Column({ name: 'session_no', type: 'integer', nullable: true })
  sessionNo: number | null;

  /** The proposals applied to the previous version to make this one. */
  @Column({ name: 'proposal_ids', type: 'jsonb', default: () => "'[]'" })
  proposalIds: string[];

  @Column({ type: 'jsonb' })
  content: ContractDocument;

  /** SHA-256 of the canonical JSON of the content. */
  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
