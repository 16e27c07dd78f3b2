import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';

/**
 * A document of the procedure as rendered: the template and version, the data it was rendered from, the
 * PDF and its SHA-256. Written once, never changed. `dataHash` (SHA-256 of the canonical data) is the
 * verification code printed on the signed contract.
 */
@Entity('case_documents')
@Index('uq_case_documents_event_template', ['caseId', 'eventSeq', 'templateId'], { unique: true })
@Index('idx_case_documents_data_hash', ['dataHash'])
@Index('idx_case_documents_pdf_sha256', ['pdfSha256'])
// Not unique on its own: a distributed table's unique indexes must hold the distribution column (case_id; docs/scaling.md).
@Index('idx_case_documents_id', ['id'])
export class CaseDocument {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_documents_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** The event of the case's log that produced it. */
  @Column({ name: 'event_seq', type: 'integer' })
  eventSeq: number;

  @Column({ name: 'template_id', type: 'varchar', length: 64 })
  templateId: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ name: 'data_hash', type: 'char', length: 64 })
  dataHash: string;

  @Column({ type: 'bytea', select: false })
  pdf: Buffer;

  @Column({ name: 'pdf_sha256', type: 'char', length: 64 })
  pdfSha256: string;

  @Column({ name: 'pdf_bytes', type: 'integer' })
  pdfBytes: number;

  @Column({ type: 'integer' })
  pages: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
