import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';

/** The bureau's receipt (受理回执) of one filing: the filing is the FILED event it answers (its seq), so a refiling after an objection gets its own. */
@Entity('case_filing_receipts')
export class FilingReceipt {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_filing_receipts_case' })
  case?: Relation<CaseRecord>;

  /** The seq of the FILED event received. */
  @PrimaryColumn({ name: 'filing_seq', type: 'integer' })
  filingSeq: number;

  @Column({ name: 'receipt_no', type: 'varchar', length: 64 })
  receiptNo: string;

  /** The day the bureau received the filing (China date). */
  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  @Column({ name: 'issued_by', type: 'uuid' })
  issuedBy: string;

  /** The bureau (organisation) that issued it. */
  @Column({ name: 'bureau_org_id', type: 'uuid' })
  bureauOrgId: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}
