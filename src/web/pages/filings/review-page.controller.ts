import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { fieldViolation, type FieldViolation } from '../../../common/errors/domain-error.js';
import { FilingReceiptsService } from '../../../filings/filing-receipts.service.js';
import { FilingsInboxService } from '../../../filings/filings-inbox.service.js';
import { formPayload } from '../event-forms.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';
import { refusalOf, type Refusal } from './refusal.js';
import { GENERATED, ReviewPageView, type ReviewForm } from './review-page.view.js';

const EVENT_TYPES: ReviewForm[] = [...GENERATED, 'OBJECTION_ISSUED'];

/** The bureau's pages (procedure.md state 13, CCP Arts 44–47): the inbox of filings under review, and the review of one. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller('filings')
@UseFilters(PageExceptionFilter)
export class ReviewPageController {
  constructor(
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(FilingsInboxService) private readonly inboxes: FilingsInboxService,
    @Inject(FilingReceiptsService) private readonly receipts: FilingReceiptsService,
    @Inject(ReviewPageView) private readonly view: ReviewPageView,
  ) {}

  @Page()
  @Get()
  @ApiOperation({ summary: '备案收件箱页 The bureau’s inbox: filings under review by review deadline, overdue filings flagged (HTML)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 403, description: 'not the labour bureau' })
  async inbox(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const lang = this.pages.langOf(req, res);
    const items = await this.inboxes.inbox(actor);
    const user = await this.session.user(actor, req, lang);
    this.pages.render(req, res, 200, 'filings-inbox', { lang, title: 'filInboxTitle', user, items });
  }

  @Page()
  @Get(':caseId')
  @ApiOperation({ summary: '备案审查页 The review of one filing: compliance findings, materials, redline, and the receipt and decision forms (HTML)' })
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 404, description: 'not the bureau of the case’s jurisdiction, or no such case' })
  async review(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const done = typeof req.query.done === 'string' && /^(receipt|[A-Z_]{2,40})$/.test(req.query.done) ? req.query.done : undefined;
    await this.view.render(caseId, actor, req, res, 200, undefined, done);
  }

  @Page()
  @Post(':caseId/receipt')
  @ApiOperation({ summary: '出具受理回执（表单） Issue the receipt from the review page (CSRF; 303 back, or the page again with the messages)' })
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'issued (or already issued): back to the review page' })
  @ApiResponse({ status: 400, description: 'a date or number refused' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token' })
  @ApiResponse({ status: 409, description: 'not under review' })
  async receipt(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.view.load(actor, caseId);
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    const problems: FieldViolation[] = [];
    const receiptNo = (values.receiptNo ?? '').trim();
    const receivedOn = (values.receivedOn ?? '').trim();
    if (receiptNo.length > 64 || /[\u0000-\u001f\u007f]/.test(receiptNo)) problems.push(fieldViolation('receiptNo', 'format', '回执编号不超过 64 个字符', 'the receipt number has at most 64 characters'));
    if (receivedOn && !/^\d{4}-\d{2}-\d{2}$/.test(receivedOn)) problems.push(fieldViolation('receivedOn', 'isIsoDate', '日期格式须为 YYYY-MM-DD', 'the date must be YYYY-MM-DD'));
    if (problems.length) return this.view.render(caseId, actor, req, res, 400, { form: 'receipt', values, refusal: { status: 400, fieldErrors: problems, formErrors: [] } });
    try {
      await this.receipts.issue(actor, caseId, { receiptNo: receiptNo || undefined, receivedOn: receivedOn || undefined });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return this.view.render(caseId, actor, req, res, refusal.status, { form: 'receipt', values, refusal });
    }
    res.redirect(303, `/filings/${caseId}?done=receipt`);
  }

  @Page()
  @Post(':caseId/events')
  @ApiOperation({ summary: '审查决定（表单） MATERIALS_REQUESTED, OBJECTION_ISSUED or APPROVED from the review page (CSRF, expectedVersion; 303 back, or the page again with the messages)' })
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded: back to the review page' })
  @ApiResponse({ status: 400, description: 'the page again, the messages beside the fields' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token' })
  @ApiResponse({ status: 409, description: 'the case moved on, or the decision is not allowed now' })
  @ApiResponse({ status: 422, description: 'a procedure rule is not met' })
  async decide(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.view.load(actor, caseId);
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    const type = EVENT_TYPES.find((t) => t === values.type);
    const expectedVersion = /^\d{1,9}$/.test(values.expectedVersion ?? '') ? Number(values.expectedVersion) : undefined;
    let rowOf: number[] | undefined;
    const refuse = (refusal: Refusal) => this.view.render(caseId, actor, req, res, refusal.status, { form: type ?? 'APPROVED', values, refusal, rowOf });
    if (!type || !expectedVersion) {
      return refuse({ status: 400, fieldErrors: [], formErrors: [{ zh: '缺少审查决定类型或案件版本', en: 'the decision type or the case version is missing' }] });
    }
    let payload: Record<string, unknown>;
    if (type === 'OBJECTION_ISSUED') {
      const objection = objectionPayload(values);
      payload = objection.payload;
      rowOf = objection.rowOf;
    } else {
      const view = await this.cases.view(actor, caseId);
      const converted = formPayload(type, view.allowedEvents.find((e) => e.type === type)?.payloadSchema ?? { type: 'object' }, values);
      if (converted.violations.length) return refuse({ status: 400, fieldErrors: converted.violations, formErrors: [] });
      payload = converted.payload;
    }
    try {
      await this.cases.send(actor, caseId, type, payload, { expectedVersion });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return refuse(refusal);
    }
    res.redirect(303, `/filings/${caseId}?done=${type}`);
  }
}

/**
 * The objection (审查意见书, Art 45) from the rows of the form: article, finding and legal basis. The payload's
 * finding has no field of its own for the basis, so it is written into the finding's text. Empty rows are left out.
 */
export function objectionPayload(values: Record<string, string>): { payload: Record<string, unknown>; rowOf: number[] } {
  const rows = Math.min(Math.max(Number(values.rows) || 0, 0), 200);
  const findings: { article: string; issue: string }[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < rows; i++) {
    const article = (values[`findings.${i}.article`] ?? '').trim();
    const issue = (values[`findings.${i}.issue`] ?? '').replace(/\r\n/g, '\n').trim();
    const basis = (values[`findings.${i}.basis`] ?? '').trim();
    if (!issue && !article) continue;
    findings.push({ article, issue: issue && basis ? `${issue}（法律依据：${basis}）` : issue });
    rowOf.push(i);
  }
  const payload: Record<string, unknown> = { occurredOn: (values['payload.occurredOn'] ?? '').trim(), findings };
  const note = (values['payload.note'] ?? '').replace(/\r\n/g, '\n').trim();
  if (note) payload.note = note;
  return { payload, rowOf };
}
