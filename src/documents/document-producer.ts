import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_LOGGER } from '../common/logging/logger.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { CaseWorkflowService } from '../workflow-engine/case-workflow.service.js';
import { sqlOn } from '../workflow-engine/case-store.js';
import { canonicalJson } from '../workflow-engine/event-log/event-chain.js';
import { DocumentSourceIncomplete, documentsFor } from './data/index.js';
import { DocumentSources, type AssembledSource } from './document-sources.js';
import { PDF_RENDERER } from './documents.tokens.js';
import type { PdfRenderer } from './renderer/pdf-renderer.js';
import { TemplateRegistry } from './templates/template-registry.js';

/** How long a claimed outbox row is left to this instance before another may take it over (a crash mid-render). */
const LEASE_MS = 5 * 60_000;
const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface ProducedDocument {
  id: string;
  templateId: string;
  pdfSha256: string;
}

/**
 * Renders the documents of the events that produce them, from case_outbox: claims a batch (a lease, in a short
 * transaction), renders outside any transaction, then stores the documents and deletes the row in one. A failure
 * waits and is retried; with any number of instances an event's documents are stored once (unique per event and template).
 */
@Injectable()
export class DocumentProducer implements OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private kicked = false;
  private stopping = false;
  private unsubscribe?: () => void;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DocumentSources) private readonly sources: DocumentSources,
    @Inject(TemplateRegistry) private readonly templates: TemplateRegistry,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Started by main.ts once the service listens (not while the demo seed writes): rendering competes for the CPU. */
  start() {
    if (this.config.schedulerIntervalMs <= 0 || this.timer) return; // tests drive runUntilIdle() themselves
    this.unsubscribe = this.engine.onOutboxWritten(() => this.kick());
    this.schedule(0);
  }

  async onApplicationShutdown() {
    // Finish the batch in hand, claim no more: the rest waits in the outbox for the next start.
    this.stopping = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** An event with documents was just written: run now rather than at the next round. */
  kick() {
    if (this.running) this.kicked = true;
    else if (this.timer) this.schedule(0);
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      this.running = this.runUntilIdle().catch((err) => this.logger.error({ err }, 'document production failed'));
      await this.running;
      this.running = undefined;
      const again = this.kicked;
      this.kicked = false;
      if (this.timer) this.schedule(again ? 0 : this.config.schedulerIntervalMs);
    }, delay);
    this.timer.unref();
  }

  /** Produces everything available now, batch after batch; returns how many events were done. */
  async runUntilIdle(batchSize = 4): Promise<number> {
    let total = 0;
    while (!this.stopping) {
      const rows = await this.claim(batchSize);
      if (rows.length === 0) return total;
      // A batch at a time, its renders side by side (the renderer's pool and queue bound them).
      await Promise.all(rows.map((r) => this.produce(r.case_id, r.seq, r.attempts)));
      total += rows.length;
    }
    return total;
  }

  private async claim(n: number): Promise<{ case_id: string; seq: number; attempts: number }[]> {
    const now = this.clock.now();
    // The driver's own rows (TypeORM's query() answers an UPDATE with [rows, count]).
    return sqlOn(this.dataSource).rows(
      `UPDATE case_outbox o SET available_at = $2, attempts = o.attempts + 1
        WHERE (o.case_id, o.seq) IN (SELECT case_id, seq FROM case_outbox WHERE available_at <= $1 ORDER BY available_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING o.case_id, o.seq, o.attempts`,
      [now, new Date(now.getTime() + LEASE_MS), n],
    );
  }

  /** One event's documents; on failure the row waits (1 min, doubling, at most a day) with the error kept. */
  async produce(caseId: string, seq: number, attempts = 1): Promise<ProducedDocument[]> {
    try {
      const source = await this.sources.assemble(sqlOn(this.dataSource), caseId, seq);
      const produced = source ? await this.render(source) : [];
      await this.dataSource.transaction(async (m) => {
        for (const d of produced) {
          await m.query(
            `INSERT INTO case_documents (case_id, id, event_seq, template_id, template_version, title, data, data_hash, pdf, pdf_sha256, pdf_bytes, pages, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13) ON CONFLICT (case_id, event_seq, template_id) DO NOTHING`,
            [caseId, d.id, seq, d.templateId, d.templateVersion, d.title, JSON.stringify(d.data), d.dataHash, d.pdf, d.pdfSha256, d.pdf.length, d.pages, this.clock.now()],
          );
        }
        await m.query('DELETE FROM case_outbox WHERE case_id = $1 AND seq = $2', [caseId, seq]);
      });
      return produced.map(({ id, templateId, pdfSha256 }) => ({ id, templateId, pdfSha256 }));
    } catch (err) {
      if (err instanceof DocumentSourceIncomplete) {
        // Nothing to render, ever (a contract agreed on paper, with no text recorded): done, and said so.
        this.logger.warn({ caseId, seq, reason: err.message }, 'event has no document to render');
        await this.dataSource.query('DELETE FROM case_outbox WHERE case_id = $1 AND seq = $2', [caseId, seq]);
        return [];
      }
      const wait = Math.min(60_000 * 2 ** (attempts - 1), 24 * 3600_000);
      this.logger.warn({ err, caseId, seq, attempts }, 'document rendering failed; will retry');
      await this.dataSource.query('UPDATE case_outbox SET available_at = $3, last_error = $4 WHERE case_id = $1 AND seq = $2', [caseId, seq, new Date(this.clock.now().getTime() + wait), String((err as Error).message ?? err).slice(0, 2000)]);
      return [];
    }
  }

  private async render(source: AssembledSource) {
    let documents = documentsFor(source);
    // The signed contract carries its verification code: the hash of its data before the code is added.
    let code: string | undefined;
    if (source.event.type === 'SIGNED') {
      const contract = documents.find((d) => d.templateId.startsWith('contract-'));
      if (contract) {
        code = sha256(canonicalJson(contract.data));
        const url = `/api/documents/verify/${code}`;
        const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
        documents = documentsFor({ ...source, verification: { code, url, qrSvg } });
      }
    }
    const author = [source.caseRow.unionName, source.caseRow.employerName].filter(Boolean).join('、');
    return Promise.all(
      documents.map(async (d) => {
        const page = this.templates.render(d.templateId, d.data);
        const result = await this.renderer.render({ html: page.html, title: page.title, author, subject: source.caseRow.title, keywords: ['集体协商', page.subject, source.caseRow.kind, `${d.templateId}@${page.template.version}`] });
        const isContract = d.templateId.startsWith('contract-') && code !== undefined;
        return {
          id: randomUUID(),
          templateId: d.templateId,
          templateVersion: page.template.version,
          title: page.title,
          data: d.data,
          dataHash: isContract ? code! : sha256(canonicalJson(d.data)),
          pdf: result.pdf,
          pdfSha256: sha256(result.pdf),
          pages: result.pages,
        };
      }),
    );
  }
}
