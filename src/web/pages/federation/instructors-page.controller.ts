import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { Clock } from '../../../common/clock.js';
import { DomainError, ValidationFailed, type Bilingual } from '../../../common/errors/domain-error.js';
import { AssignmentsService } from '../../../instructors/assignments.service.js';
import { InstructorFiguresService } from '../../../instructors/instructor-figures.service.js';
import { InstructorsService } from '../../../instructors/instructors.service.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';
import { FederationPagesService, requireRole } from './federation-pages.service.js';
import { CasePage } from '../case-page-docs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** The instructors whose workload the page details (a city's are a few dozen). */
const DETAILED = 100;

/** The federation's instructors (指导员管理): their load and year's assessment, open cases without one, and assigning one to a case. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class InstructorsPageController {
  constructor(
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(InstructorsService) private readonly instructors: InstructorsService,
    @Inject(InstructorFiguresService) private readonly figures: InstructorFiguresService,
    @Inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @Inject(FederationPagesService) private readonly federation: FederationPagesService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Page()
  @Get('instructors')
  @ApiOperation({ summary: '指导员管理 Instructors of the jurisdiction: load, workload by state, the year’s assessment; open cases without an instructor (HTML)' })
  @ApiQuery({ name: 'year', required: false, type: Number, description: '考核年度 (default: this year)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 403, description: 'not a federation or an administrator' })
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    const lang = this.pages.langOf(req, res);
    const thisYear = Number(this.instructors.today().slice(0, 4));
    const asked = typeof req.query.year === 'string' && /^\d{4}$/.test(req.query.year) ? Number(req.query.year) : thisYear;
    const year = asked >= 2000 && asked <= thisYear ? asked : thisYear;
    const [user, assessment, unassigned] = await Promise.all([this.session.user(actor, req, lang), this.figures.assessment(actor, { year }), this.federation.unassigned(actor, this.clock.now())]);
    // Each instructor's open cases by state (the workload service, one read each, bounded).
    const workloads = await Promise.all(assessment.items.slice(0, DETAILED).map((i) => this.figures.workload(actor, i.instructor.id)));
    const items = assessment.items.map((item, k) => ({ ...item, workload: workloads[k] }));
    const years = Array.from({ length: 5 }, (_, k) => thisYear - k).map((y) => ({ year: y, selected: y === year }));
    this.pages.render(req, res, 200, 'federation-instructors', { lang, title: 'fedInstructorsTitle', user, assessment, items, unassigned, years });
  }

  @Get('cases/:id/instructors')
  @CasePage('指派指导员页 Who guides the case, and the suggested instructors to assign (narrowest region, then fewest open cases) (HTML)')
  @ApiResponse({ status: 403, description: 'not a federation or an administrator' })
  async casePage(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    await this.renderCase(id, actor, req, res, 200, { assigned: req.query.assigned === '1' });
  }

  @Page()
  @Post('cases/:id/instructors')
  @ApiOperation({ summary: '指派指导员表单 Assign the chosen instructor (CSRF; 303 back with a notice, or the page again with the reason)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'assigned: to /cases/:id/instructors?assigned=1; or not signed in: to /login' })
  @ApiResponse({ status: 400, description: 'no instructor chosen: the page again with the message' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not a federation or an administrator' })
  @ApiResponse({ status: 404, description: 'no such case, or not within the caller’s reach' })
  @ApiResponse({ status: 409, description: 'the instructor may not guide this case now (appointment, region, case ended): the page again with the reason' })
  async assign(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    requireRole(actor, ['federation', 'admin']);
    const instructorId = values.instructorId ?? '';
    if (!UUID.test(instructorId)) return this.renderCase(id, actor, req, res, 400, { errors: [{ zh: '请选择一名指导员', en: 'Choose an instructor' }] });
    try {
      await this.assignments.assign(actor, id, instructorId, {});
    } catch (error) {
      // 404 of the case is the filter's page; an instructor out of reach, a rule not met: the page again with why.
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'forbidden') throw error;
      if (error.status === 404 && !(await this.caseVisible(actor, id))) throw error;
      const messages: Bilingual[] = error instanceof ValidationFailed ? error.violations.map((v) => ({ zh: v.message_zh, en: v.message_en })) : [error.detail ?? error.title];
      return this.renderCase(id, actor, req, res, error.status === 404 ? 400 : error.status, { errors: messages });
    }
    res.redirect(303, `/cases/${id}/instructors?assigned=1`);
  }

  private async caseVisible(actor: Actor, id: string): Promise<boolean> {
    return this.cases.view(actor, id).then(
      () => true,
      () => false,
    );
  }

  private async renderCase(id: string, actor: Actor, req: Request, res: Response, status: number, form: { assigned?: boolean; errors?: Bilingual[] }) {
    const lang = this.pages.langOf(req, res);
    const view = await this.cases.view(actor, id);
    const [user, current, suggestions] = await Promise.all([this.session.user(actor, req, lang), this.assignments.list(actor, id), this.assignments.suggestions(actor, id)]);
    this.pages.render(req, res, status, 'federation-assign', {
      lang,
      title: 'fedAssignTitle',
      pageTitle: `${lang === 'zh' ? '指派指导员' : 'Assign an instructor'} · ${view.title}`,
      user,
      view,
      current,
      suggestions,
      ...form,
      failed: status >= 400,
    });
  }
}
