import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { NotFound } from '../common/errors/domain-error.js';
import { CaseAccess } from '../bargaining/workspace/case-access.js';
import { AccessPolicy } from '../common/access/access-policy.js';
import { CaseNotFound } from '../workflow-engine/engine-errors.js';
import { CaseDocument } from './entities/case-document.entity.js';

export interface DocumentSummary {
  id: string;
  caseId: string;
  eventSeq: number;
  eventType: string;
  templateId: string;
  templateVersion: number;
  title: string;
  pages: number;
  pdfBytes: number;
  pdfSha256: string;
  dataHash: string;
  createdAt: Date;
  pdfUrl: string;
}

export interface CaseDocumentsView {
  caseId: string;
  documents: DocumentSummary[];
  /** Events whose documents are still being rendered (or wait for a retry): progress of the asynchronous part. */
  pending: { eventSeq: number; eventType: string; attempts: number; lastError: string | null }[];
}

const SUMMARY = `d.id, d.case_id, d.event_seq, e.type AS event_type, d.template_id, d.template_version, d.title, d.pages, d.pdf_bytes, d.pdf_sha256, d.data_hash, d.created_at`;
type SummaryRow = { id: string; case_id: string; event_seq: number; event_type: string; template_id: string; template_version: number; title: string; pages: number; pdf_bytes: number; pdf_sha256: string; data_hash: string; created_at: Date };
const toSummary = (r: SummaryRow): DocumentSummary => ({
  id: r.id,
  caseId: r.case_id,
  eventSeq: r.event_seq,
  eventType: r.event_type,
  templateId: r.template_id,
  templateVersion: r.template_version,
  title: r.title,
  pages: r.pages,
  pdfBytes: r.pdf_bytes,
  pdfSha256: r.pdf_sha256.trim(),
  dataHash: r.data_hash.trim(),
  createdAt: r.created_at,
  pdfUrl: `/api/documents/${r.id}/pdf`,
});

/** The stored documents: listed per case, downloaded, verified by their code; every read behind the case's visibility. */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  async forCase(actor: Actor, caseId: string): Promise<CaseDocumentsView> {
    await this.cases.load(actor, caseId);
    const rows: SummaryRow[] = await this.dataSource.query(`SELECT ${SUMMARY} FROM case_documents d JOIN case_events e ON e.case_id = d.case_id AND e.seq = d.event_seq WHERE d.case_id = $1 ORDER BY d.event_seq, d.template_id`, [caseId]);
    const pending: { seq: number; type: string; attempts: number; last_error: string | null }[] = await this.dataSource.query(
      'SELECT o.seq, e.type, o.attempts, o.last_error FROM case_outbox o JOIN case_events e ON e.case_id = o.case_id AND e.seq = o.seq WHERE o.case_id = $1 ORDER BY o.seq',
      [caseId],
    );
    return { caseId, documents: rows.map(toSummary), pending: pending.map((p) => ({ eventSeq: p.seq, eventType: p.type, attempts: p.attempts, lastError: p.last_error })) };
  }

  async pdf(actor: Actor, id: string): Promise<{ title: string; pdf: Buffer; sha256: string }> {
    const [row] = await this.dataSource.query('SELECT case_id, title, pdf, pdf_sha256 FROM case_documents WHERE id = $1', [id]);
    if (!row) throw new NotFound({ zh: '文书', en: 'Document' }, id);
    await this.cases.load(actor, row.case_id).catch((err) => {
      throw err instanceof CaseNotFound ? new NotFound({ zh: '文书', en: 'Document' }, id) : err;
    });
    return { title: row.title, pdf: row.pdf, sha256: row.pdf_sha256.trim() };
  }

  /** A verification code (the signed contract's) or a PDF's SHA-256: which document it is, if the caller may see the case. */
  async verify(actor: Actor, hash: string): Promise<{ valid: true; document: DocumentSummary; caseTitle: string; signedOn: string | null }> {
    const rows: (SummaryRow & { case_title: string; occurred_on: string | Date })[] = await this.dataSource.query(
      `SELECT ${SUMMARY}, c.title AS case_title, e.occurred_on FROM case_documents d JOIN case_events e ON e.case_id = d.case_id AND e.seq = d.event_seq JOIN cases c ON c.id = d.case_id
        WHERE d.data_hash = $1 OR d.pdf_sha256 = $1 ORDER BY d.created_at LIMIT 1`,
      [hash],
    );
    const row = rows[0];
    const notFound = () => new NotFound({ zh: '核验码对应的文书', en: 'Document for this code' }, hash);
    if (!row) throw notFound();
    await this.cases.load(actor, row.case_id).catch((err) => {
      throw err instanceof CaseNotFound ? notFound() : err;
    });
    const occurredOn = typeof row.occurred_on === 'string' ? row.occurred_on : row.occurred_on.toISOString().slice(0, 10);
    return { valid: true, document: toSummary(row), caseTitle: row.case_title, signedOn: row.event_type === 'SIGNED' ? occurredOn : null };
  }
}
