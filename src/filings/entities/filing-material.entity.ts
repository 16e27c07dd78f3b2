import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseRecord } from '../../workflow-engine/entities/case.entity.js';

/** A file the employer uploaded for its filing (报送材料, CCP Arts 42–43); the bytes live in the row (10 MB at most). */
@Entity('case_filing_materials')
export class FilingMaterial {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_case_filing_materials_case' })
  case?: Relation<CaseRecord>;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** An item of the FILED payload's `materials` checklist, or `other`. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  /** As read from the file's first bytes (application/pdf, image/jpeg, image/png), not as the client said. */
  @Column({ name: 'content_type', type: 'varchar', length: 40 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  bytes?: Buffer;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;
}
