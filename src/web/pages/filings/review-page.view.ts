import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CasesService } from '../../../bargaining/cases.service.js';
import { DraftsService } from '../../../bargaining/drafts/drafts.service.js';
import { CaseAccess } from '../../../bargaining/workspace/case-access.js';
import type { Actor } from '../../../common/auth/actor.js';
import type { Bilingual } from '../../../common/errors/domain-error.js';
import { ComplianceService } from '../../../compliance/compliance.service.js';
import type { Finding } from '../../../compliance/compliance-rule.js';
import { checklist } from '../../../filings/filing-kinds.js';
import { FilingMaterialsService } from '../../../filings/filing-materials.service.js';
import { FilingReceiptsService } from '../../../filings/filing-receipts.service.js';
import { CaseWorkflowService } from '../../../workflow-engine/case-workflow.service.js';
import { sqlOn, type LoadedCase } from '../../../workflow-engine/case-store.js';
import { CaseNotFound } from '../../../workflow-engine/engine-errors.js';
import type { CaseContext } from '../../../workflow-engine/machine/case-context.js';
import { eventForms } from '../event-forms.js';
import { HomeService } from '../home.service.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { bilingualOf, type Refusal } from './refusal.js';

/** The review page's forms besides the generated ones. */
export type ReviewForm = 'receipt' | 'MATERIALS_REQUESTED' | 'OBJECTION_ISSUED' | 'APPROVED';

export interface ReviewAttempt {
  form: ReviewForm;
  values: Record<string, string>;
  refusal: Refusal;
  /** OBJECTION_ISSUED: the posted row of each finding sent (rows left empty are not sent). */
  rowOf?: number[];
}

/** Blank rows offered below the prefilled findings. */
const SPARE_ROWS = 2;

export const GENERATED: ReviewForm[] = ['MATERIALS_REQUESTED', 'APPROVED'];

/** Builds and renders the bureau's review page (web/pages/filings-review.hbs). */
@Injectable()
export class ReviewPageView {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseAccess) private readonly access: CaseAccess,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(ComplianceService) private readonly compliance: ComplianceService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(FilingMaterialsService) private readonly materials: FilingMaterialsService,
    @Inject(FilingReceiptsService) private readonly receipts: FilingReceiptsService,
    @Inject(HomeService) private readonly home: HomeService,
  ) {}

  /** The case for the bureau of its jurisdiction; 404 for everyone else. */
  async load(actor: Actor, caseId: string): Promise<LoadedCase> {
    if (actor.role !== 'bureau') throw new CaseNotFound(caseId);
    return this.access.load(actor, caseId);
  }

  async render(caseId: string, actor: Actor, req: Request, res: Response, status: number, attempt?: ReviewAttempt, flash?: string) {
    const c = await this.load(actor, caseId);
    const lang = this.pages.langOf(req, res);
    const [user, view, report, materials, receipt, redline] = await Promise.all([
      this.session.user(actor, req, lang),
      this.cases.view(actor, caseId),
      this.compliance.evaluate(sqlOn(this.dataSource), c, this.engine.workflowOf(c).definition.parameters),
      this.materials.list(actor, caseId),
      this.receipts.current(caseId),
      this.redline(actor, c),
    ]);
    const today = this.home.today();
    const mine = (form: ReviewForm) => (attempt?.form === form ? attempt : undefined);
    const filedOn = (c.snapshot.context as unknown as CaseContext).filing?.occurredOn ?? '';
    const findings = report.findings.map((f) => findingRow(f));

    const uploaded = new Set(materials.map((m) => m.kind));
    const missing = checklist(c.kind)
      .filter((i) => i.required && !uploaded.has(i.kind))
      .map((i) => i.label.zh)
      .join('\n');
    const generated = view.allowedEvents
      .filter((e) => (GENERATED as string[]).includes(e.type))
      .map((event) => {
        const tried = mine(event.type as ReviewForm);
        // MATERIALS_REQUESTED prefilled with the required items nothing was uploaded for.
        const values = tried?.values ?? (event.type === 'MATERIALS_REQUESTED' && missing ? { 'payload.missing': missing } : {});
        return eventForms([event], today, { type: event.type, values, fieldErrors: tried?.refusal.fieldErrors ?? [], formErrors: tried?.refusal.formErrors ?? [] })[0];
      });

    const objectionEvent = view.allowedEvents.find((e) => e.type === 'OBJECTION_ISSUED');
    const objection = objectionEvent ? { label: objectionEvent.label, ...this.objectionForm(findings, today, mine('OBJECTION_ISSUED')) } : undefined;

    const receiptTried = mine('receipt');
    const receiptForm =
      view.state === 'under_review' && !receipt
        ? {
            receiptNo: receiptTried?.values.receiptNo ?? '',
            receivedOn: receiptTried?.values.receivedOn ?? filedOn,
            errors: receiptTried?.refusal.formErrors ?? [],
            errorsOf: {
              receiptNo: (receiptTried?.refusal.fieldErrors ?? []).filter((v) => v.field === 'receiptNo').map(bilingualOf),
              receivedOn: (receiptTried?.refusal.fieldErrors ?? []).filter((v) => v.field === 'receivedOn').map(bilingualOf),
            },
          }
        : undefined;

    this.pages.render(req, res, status, 'filings-review', {
      lang,
      title: 'filReviewTitle',
      pageTitle: view.title,
      user,
      view,
      filedOn,
      review: view.deadlines.find((d) => d.key === 'review'),
      report,
      findings,
      materials: materials.map((m) => ({ ...m, sha12: m.sha256.slice(0, 12) })),
      receipt,
      receiptForm,
      redline,
      forms: generated,
      objection,
      flash: flash ? view.allowedEvents.find((e) => e.type === flash)?.label : undefined,
      flashType: flash,
      failed: status >= 400,
      hasActions: !!receiptForm || generated.length > 0 || !!objection,
    });
  }

  /** The objection's rows: what was posted, else the compliance findings, then spare blank rows. */
  private objectionForm(findings: ReturnType<typeof findingRow>[], today: string, tried?: ReviewAttempt) {
    const posted = tried ? Math.min(Math.max(Number(tried.values.rows) || 0, 0), 200) : 0;
    const base = tried
      ? Array.from({ length: posted }, (_, i) => ({ article: tried.values[`findings.${i}.article`] ?? '', issue: tried.values[`findings.${i}.issue`] ?? '', basis: tried.values[`findings.${i}.basis`] ?? '' }))
      : findings.map((f) => ({ article: f.articleText, issue: f.message.zh, basis: f.basis.zh }));
    const rows = [...base, ...(tried ? [] : Array.from({ length: SPARE_ROWS }, () => ({ article: '', issue: '', basis: '' })))];
    const errorsOfRow = (i: number, field: string): Bilingual[] =>
      (tried?.refusal.fieldErrors ?? []).filter((v) => v.field === `payload.findings.${tried!.rowOf?.indexOf(i)}.${field}` && (tried!.rowOf?.indexOf(i) ?? -1) >= 0).map(bilingualOf);
    const loose = (tried?.refusal.fieldErrors ?? []).filter((v) => !/^payload\.findings\.\d+\./.test(v.field) && v.field !== 'payload.occurredOn' && v.field !== 'payload.note').map(bilingualOf);
    const fieldErr = (name: string) => (tried?.refusal.fieldErrors ?? []).filter((v) => v.field === name).map(bilingualOf);
    return {
      occurredOn: tried?.values['payload.occurredOn'] ?? today,
      occurredOnErrors: fieldErr('payload.occurredOn'),
      note: tried?.values['payload.note'] ?? '',
      noteErrors: fieldErr('payload.note'),
      errors: [...(tried?.refusal.formErrors ?? []), ...loose],
      count: rows.length,
      rows: rows.map((r, i) => ({
        ...r,
        i,
        n: i + 1,
        articleErrors: errorsOfRow(i, 'article'),
        issueErrors: errorsOfRow(i, 'issue'),
      })),
    };
  }

  /**
   * The redline the bureau reads: against the previous contract (the final draft of the case this one renews),
   * else the latest draft against its first version; none without a draft.
   */
  private async redline(actor: Actor, c: LoadedCase) {
    const latest = await DraftsService.latest(this.dataSource.manager, c.id);
    if (!latest) return { none: true };
    const previous = c.previousCaseId ? await DraftsService.latest(this.dataSource.manager, c.previousCaseId) : null;
    const { json } = await this.drafts.redline(actor, c.id, latest.version, { against: previous ? 'previous' : '1' });
    return {
      none: false,
      againstPrevious: !!previous,
      from: json.from.label,
      to: json.to.label,
      summary: json.summary,
      articles: json.articles
        .filter((a) => a.change !== 'unchanged')
        .map((a) => ({
          key: a.key,
          label: (a.to ?? a.from)!.label,
          title: (a.to ?? a.from)!.title,
          changeKey: `filChange_${a.change}`,
          change: a.change,
          ops: a.text.map((o) => ({ text: o.text, insert: o.op === 'insert', remove: o.op === 'delete' })),
          terms: a.terms,
        })),
    };
  }
}

function findingRow(f: Finding) {
  return {
    id: f.id,
    blocking: f.severity === 'blocking',
    articleText: f.contractArticle?.label ?? '程序',
    article: f.contractArticle ? { zh: f.contractArticle.label, en: f.contractArticle.label } : { zh: '程序', en: 'Procedure' },
    message: { zh: f.message_zh, en: f.message_en },
    basis: { zh: `${f.citation.law_zh}${f.citation.article}`, en: `${f.citation.law_en} ${f.citation.article_en}` },
  };
}
