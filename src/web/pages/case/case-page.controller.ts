import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { fieldViolation, ValidationFailed, type Bilingual, type FieldViolation } from '../../../common/errors/domain-error.js';
import { eventForms, formPayload, type Entered } from '../event-forms.js';
import { isFormRefusal, VERSION_CONFLICT_HINT } from '../form-refusal.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';
import { CasePageService } from './case-page.service.js';
import { CasePage } from '../case-page-docs.js';

/**
 * The case page: state, parties, the diagram with the current state, deadlines, the documents, the timeline,
 * the workspace pages that apply, and a form for each event the viewer may send now.
 */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class CasePageController {
  constructor(
    @Inject(CasePageService) private readonly casePages: CasePageService,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  @Get('cases/:id')
  @CasePage('案件页 A case: state on the workflow diagram, parties, deadlines, documents, timeline, a form per allowed event (HTML)')
  async casePage(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const sent = typeof req.query.sent === 'string' && /^[A-Z][A-Z_]{1,63}$/.test(req.query.sent) ? req.query.sent : undefined;
    await this.renderCase(id, actor, req, res, 200, undefined, sent);
  }

  @Page()
  @Post('cases/:id/events')
  @ApiOperation({ summary: '案件页表单：发送事件 Send an event from the case page’s form (CSRF; 303 back to the case, or the page again with the messages)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded: to /cases/:id?sent=<type>; or not signed in: to /login' })
  @ApiResponse({ status: 400, description: 'the page again, the messages beside the fields, the values kept' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or the caller may not send it' })
  @ApiResponse({ status: 409, description: 'the case moved on (another person acted), or the event is not allowed now' })
  @ApiResponse({ status: 422, description: 'a procedure rule is not met' })
  async sendEvent(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    const type = /^[A-Z][A-Z_]{1,63}$/.test(values.type ?? '') ? values.type : '';
    const expectedVersion = /^\d{1,9}$/.test(values.expectedVersion ?? '') ? Number(values.expectedVersion) : undefined;
    const refuse = (status: number, fieldErrors: FieldViolation[], formErrors: Bilingual[]) =>
      this.renderCase(id, actor, req, res, status, { type, values, fieldErrors, formErrors });
    if (!type || !expectedVersion) {
      const missing = [
        ...(type ? [] : [fieldViolation('type', 'isEventType', '缺少事件类型', 'the event type is missing')]),
        ...(expectedVersion ? [] : [fieldViolation('expectedVersion', 'isInt', '缺少案件版本', 'the case version is missing')]),
      ];
      return refuse(400, [], missing.map((v) => ({ zh: v.message_zh, en: v.message_en })));
    }
    // The schema the form was made from: the event as the viewer may send it now (the engine decides anyway).
    const view = await this.cases.view(actor, id);
    const event = view.allowedEvents.find((e) => e.type === type);
    const converted = formPayload(type, event?.payloadSchema ?? { type: 'object' }, values);
    if (converted.violations.length) return refuse(400, converted.violations, []);
    try {
      await this.cases.send(actor, id, type, converted.payload, { expectedVersion });
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      if (error instanceof ValidationFailed) return refuse(400, error.violations, []);
      const messages: Bilingual[] = [error.detail ?? error.title];
      if (error.code === 'version-conflict') {
        messages.unshift(VERSION_CONFLICT_HINT);
      }
      return refuse(error.status, [], messages);
    }
    res.redirect(303, `/cases/${id}?sent=${encodeURIComponent(type)}`);
  }

  private async renderCase(id: string, actor: Actor, req: Request, res: Response, status: number, entered?: Entered, sent?: string) {
    const lang = this.pages.langOf(req, res);
    const [user, data] = await Promise.all([this.session.user(actor, req, lang), this.casePages.load(actor, id, lang)]);
    const forms = eventForms(data.view.allowedEvents, this.casePages.today(), entered);
    // An event no form stands for (it is not allowed now): its messages above the forms.
    const loose = entered && !forms.some((f) => f.type === entered.type) ? entered.formErrors.concat(entered.fieldErrors.map((v) => ({ zh: v.message_zh, en: v.message_en }))) : [];
    const sentLabel = sent ? data.history.filter((h) => h.type === sent).at(-1)?.label : undefined;
    // ?preview=<document id>: that document of this case shown in a frame below the list (only one of its own).
    const preview = typeof req.query.preview === 'string' ? data.documents.find((d) => d.id === req.query.preview) : undefined;
    const overdue = data.view.overdue || data.view.deadlines.some((d) => d.daysRemaining < 0);
    this.pages.render(req, res, status, 'case', { lang, title: 'colCase', pageTitle: data.view.title, user, ...data, overdue, forms, loose, sentLabel, preview, framesSelf: preview !== undefined, failed: status >= 400 });
  }
}
