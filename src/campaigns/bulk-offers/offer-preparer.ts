import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONTRACT_KIND_TITLES } from '../../bargaining/dto/case.dto.js';
import { AccessPolicy } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import { offerLetterData } from '../../documents/data/letter-data.js';
import { DocumentSources } from '../../documents/document-sources.js';
import { PDF_RENDERER } from '../../documents/documents.tokens.js';
import type { PdfRenderer } from '../../documents/renderer/pdf-renderer.js';
import { TemplateRegistry } from '../../documents/templates/template-registry.js';
import { JobError, JobLeaseLost, PermanentJobError } from '../../jobs/job-errors.js';
import { JobQueue, type ClaimedJob, type JobContext } from '../../jobs/job-queue.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import { sqlOn } from '../../workflow-engine/case-store.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import { canonicalJson } from '../../workflow-engine/event-log/event-chain.js';
import { WorkflowRegistry } from '../../workflow-engine/workflow-registry.js';
import { CampaignScope } from '../campaign-scope.js';
import type { BulkOfferContentDto, BulkOfferKind } from './dto/bulk-offer.dto.js';

export const BULK_OFFER_QUEUE = 'bulk-offer';
const TEMPLATE = 'offer-letter';

/** One enterprise of a bulk request: everything the job needs, as the request saw it. */
export interface BulkOfferJob extends Record<string, unknown> {
  campaignId: string;
  enterpriseId: string;
  kind: BulkOfferKind;
  /** Root of the part of the campaign's scope the batch covers (the requesting federation's part). */
  scopeRoot: string;
  offer: BulkOfferContentDto;
  /** The federation's user who asked: the case is started in their name. */
  actor: Actor;
}

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const permanent = (zh: string, en: string) => new PermanentJobError(zh, en);

/**
 * Prepares one enterprise's offer (集中要约: the federation organises, the enterprise union issues, CCP Art 32):
 * starts the case in the campaign (the enterprise's union the employee side, the enterprise the employer) and
 * renders the offer letter pre-filled from the request, stored as a document of the CASE_STARTED event. The
 * union then issues the offer itself (OFFER_ISSUED), whose outbox renders the official letter.
 * A case started is noted in the job with the start (one transaction): a later attempt only renders the letter.
 */
@Injectable()
export class OfferPreparer implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(WorkflowRegistry) private readonly workflows: WorkflowRegistry,
    @Inject(CampaignScope) private readonly campaigns: CampaignScope,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(DocumentSources) private readonly sources: DocumentSources,
    @Inject(TemplateRegistry) private readonly templates: TemplateRegistry,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    // As many side by side as the renderer has pages: more would only wait in its queue.
    this.jobs.register<BulkOfferJob>(BULK_OFFER_QUEUE, (job, ctx) => this.prepare(job, ctx), { concurrency: this.config.render.pages });
  }

  async prepare(job: ClaimedJob<BulkOfferJob>, ctx: JobContext): Promise<{ caseId: string; documentId: string }> {
    try {
      const earlier = job.result?.caseId;
      const caseId = typeof earlier === 'string' ? earlier : await this.startCase(job.payload, ctx);
      return { caseId, documentId: await this.letter(caseId, job.payload) };
    } catch (err) {
      if (err instanceof JobError || err instanceof JobLeaseLost || !(err instanceof Error)) throw err;
      // A refusal of the rules (400, 403, 404, 422) comes back on every attempt; the rest may not.
      if (err instanceof DomainError && [400, 403, 404, 422].includes(err.status)) throw permanent(err.detail?.zh ?? err.title.zh, err.detail?.en ?? err.title.en);
      if (err instanceof DomainError) throw new JobError(err.detail?.zh ?? err.title.zh, err.detail?.en ?? err.title.en);
      throw new JobError(`准备要约失败：${err.message}`, `preparing the offer failed: ${err.message}`);
    }
  }

  private async startCase(p: BulkOfferJob, ctx: JobContext): Promise<string> {
    const kindTitle = CONTRACT_KIND_TITLES[p.kind];
    const [enterprise] = await this.dataSource.query(`SELECT id, name, kind, region_code, industry_code, employees FROM organisations WHERE id = $1`, [p.enterpriseId]);
    if (!enterprise || enterprise.kind !== 'enterprise' || !this.access.inJurisdiction(p.actor, enterprise.region_code)) {
      throw permanent(`企业 ${p.enterpriseId} 不存在或不在您的管辖范围内`, `enterprise ${p.enterpriseId} does not exist or is outside your jurisdiction`);
    }
    const name: string = enterprise.name;
    if (!this.regions.isWithin(enterprise.region_code, p.scopeRoot)) {
      throw permanent(`企业“${name}”不在本次活动（您负责的部分）的范围内`, `enterprise “${name}” is outside the campaign’s scope (the part in your jurisdiction)`);
    }
    this.access.assert(p.actor, 'case.create', { regionCode: enterprise.region_code });
    // Period, scope and kinds of the campaign as they are now (it may have changed since the request).
    const campaignId = await this.campaigns.resolve({ campaignId: p.campaignId, regionCode: enterprise.region_code, kind: p.kind, on: this.engine.today() });
    const finals = this.finalStates(p.kind);
    return this.dataSource.transaction(async (m) => {
      // The union's row locked: two batches preparing the same enterprise's offer take turns, and the second sees the first's case.
      const unions: { id: string; name: string }[] = await m.query(
        `SELECT id, name FROM organisations WHERE kind = 'union' AND union_level = 'enterprise' AND enterprise_id = $1 ORDER BY id FOR NO KEY UPDATE`,
        [enterprise.id],
      );
      if (unions.length === 0) {
        throw permanent(
          `企业“${name}”尚未建立企业工会：集体协商要约由企业工会发出（《集体合同规定》第三十二条），请先指导企业依法建会`,
          `enterprise “${name}” has no enterprise union: the offer is the union’s own act (CCP Art 32); help the employees establish one first`,
        );
      }
      if (unions.length > 1) {
        throw permanent(`企业“${name}”登记了 ${unions.length} 个企业工会，无法确定要约方`, `enterprise “${name}” has ${unions.length} enterprise unions registered: which one offers is unclear`);
      }
      const [open] = await m.query(`SELECT id FROM cases WHERE campaign_id = $1 AND kind = $2 AND employer_org_id = $3 AND NOT (status = ANY($4::varchar[])) LIMIT 1`, [campaignId, p.kind, enterprise.id, finals]);
      if (open) {
        throw permanent(`企业“${name}”在本次活动中已有进行中的${kindTitle}协商（案件 ${open.id}）`, `enterprise “${name}” already has an open ${p.kind} case in this campaign (${open.id})`);
      }
      const row = await this.engine.start(m, p.actor, {
        kind: p.kind,
        unionOrgId: unions[0].id,
        employerOrgId: enterprise.id,
        enterprises: [{ enterpriseId: enterprise.id, employees: enterprise.employees ?? 0 }],
        regionCode: enterprise.region_code,
        industryCode: enterprise.industry_code,
        title: `${name} ${kindTitle}`,
        campaignId,
        initiatorSide: 'employee',
      });
      await ctx.checkpoint({ caseId: row.id }, m);
      return row.id;
    });
  }

  /** The prepared offer letter of the case (rendered once: an earlier attempt's is kept). */
  private async letter(caseId: string, p: BulkOfferJob): Promise<string> {
    const existing = await this.storedLetter(caseId);
    if (existing) return existing;
    const source = await this.sources.assemble(sqlOn(this.dataSource), caseId, 1);
    if (!source) throw permanent(`案件 ${caseId} 已不存在`, `case ${caseId} no longer exists`);
    // The letter the union will issue, dated the day it is prepared; the response deadline starts when it is issued.
    const data = offerLetterData({ ...source, event: { type: 'OFFER_ISSUED', seq: 1, occurredOn: this.engine.today(), payload: { ...p.offer } } });
    const page = this.templates.render(TEMPLATE, data);
    const title = `${page.title}（代拟稿）`;
    const author = [source.caseRow.unionName, source.caseRow.employerName].filter(Boolean).join('、');
    const result = await this.renderer.render({ html: page.html, title, author, subject: source.caseRow.title, keywords: ['集体协商', '集中要约', page.subject, source.caseRow.kind, `${TEMPLATE}@${page.template.version}`] });
    const id = randomUUID();
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO case_documents (case_id, id, event_seq, template_id, template_version, title, data, data_hash, pdf, pdf_sha256, pdf_bytes, pages, created_at)
       VALUES ($1, $2, 1, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12) ON CONFLICT (case_id, event_seq, template_id) DO NOTHING RETURNING id`,
      [caseId, id, TEMPLATE, page.template.version, title, JSON.stringify(data), sha256(canonicalJson(data)), result.pdf, sha256(result.pdf), result.pdf.length, result.pages, this.engine.now()],
    );
    return inserted[0]?.id ?? (await this.storedLetter(caseId))!;
  }

  private async storedLetter(caseId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(`SELECT id FROM case_documents WHERE case_id = $1 AND event_seq = 1 AND template_id = $2`, [caseId, TEMPLATE]);
    return row?.id;
  }

  /** The states a case of this kind ends in (any version of its workflow): a case in any other is open. */
  private finalStates(kind: string): string[] {
    const states = this.workflows
      .list()
      .filter((w) => w.definition.kinds.includes(kind))
      .flatMap((w) => Object.entries(w.definition.machine.states).filter(([, s]) => s.type === 'final').map(([state]) => state));
    return [...new Set(states)];
  }
}
