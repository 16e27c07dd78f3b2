import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { ValidationFailed, type Bilingual } from '../../../common/errors/domain-error.js';
import { GUIDANCE_NOTE_MAX } from '../../../instructors/entities/guidance-note.entity.js';
import { GuidanceNotesService } from '../../../instructors/guidance/guidance-notes.service.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';
import { CasePage } from '../case-page-docs.js';

/** A case's guidance notes (指导意见), newest first, and the assigned instructor's form to add one. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class GuidancePageController {
  constructor(
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(GuidanceNotesService) private readonly notes: GuidanceNotesService,
  ) {}

  @Get('cases/:id/guidance')
  @CasePage('指导意见页 A case’s guidance notes, newest first; the assigned instructor’s form (HTML)')
  async page(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.render(id, actor, req, res, 200, { added: req.query.added === '1' });
  }

  @Page()
  @Post('cases/:id/guidance')
  @ApiOperation({ summary: '指导意见表单 Add a guidance note from the page (CSRF; 303 back to the notes, or the page again with the message)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded: to /cases/:id/guidance?added=1; or not signed in: to /login' })
  @ApiResponse({ status: 400, description: 'empty or too long: the page again, the message beside the field, the text kept' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not the case’s instructor' })
  @ApiResponse({ status: 404, description: 'no such case, or not within the caller’s reach' })
  async add(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    try {
      await this.notes.add(actor, id, values.body ?? '');
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      return this.render(id, actor, req, res, 400, { body: values.body ?? '', errors: error.violations.map((v) => ({ zh: v.message_zh, en: v.message_en })) });
    }
    res.redirect(303, `/cases/${id}/guidance?added=1`);
  }

  private async render(id: string, actor: Actor, req: Request, res: Response, status: number, form: { added?: boolean; body?: string; errors?: Bilingual[] }) {
    const lang = this.pages.langOf(req, res);
    // The case first: 404 for whoever may not read it, before anything else is read.
    const view = await this.cases.view(actor, id);
    const [user, notes] = await Promise.all([this.session.user(actor, req, lang), this.notes.list(actor, id)]);
    this.pages.render(req, res, status, 'federation-guidance', {
      lang,
      title: 'fedGuidanceTitle',
      pageTitle: `${lang === 'zh' ? '指导意见' : 'Guidance'} · ${view.title}`,
      user,
      view,
      notes,
      mayWrite: this.notes.mayWrite(actor),
      max: GUIDANCE_NOTE_MAX,
      ...form,
      failed: status >= 400,
    });
  }
}
