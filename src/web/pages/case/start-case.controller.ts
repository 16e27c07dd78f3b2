import { Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { StartCaseDto } from '../../../bargaining/dto/case.dto.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { DomainError, fieldViolation, ValidationFailed, type Bilingual, type FieldViolation } from '../../../common/errors/domain-error.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';
import { StartCaseService, type StartChoices } from './start-case.service.js';

/** The fields of the start form whose messages show beside them; a violation of another field shows above the form. */
const FIELDS = ['unionId', 'employerId', 'kind', 'campaignId', 'title', 'enterprises'] as const;

/** Starting a case from the pages: the parties, the kind of contract and the campaign; then the new case's page. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class StartCaseController {
  constructor(
    @Inject(StartCaseService) private readonly start: StartCaseService,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
  ) {}

  @Page()
  @Get('cases/new')
  @ApiOperation({ summary: '发起集体协商（表单） The start form: parties within reach, contract kind, campaign (HTML; union or employer)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the form' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 403, description: 'the caller’s role starts no cases from the pages' })
  async form(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const choices = await this.start.choices(actor);
    await this.render(actor, req, res, 200, choices, {}, [], []);
  }

  @Page()
  @Post('cases/new')
  @ApiOperation({ summary: '发起集体协商（提交） Start a case from the form (CSRF): 303 to the new case, or the form again with the messages' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'started: to /cases/:id; or not signed in: to /login' })
  @ApiResponse({ status: 400, description: 'the form again, the messages beside the fields, the values kept' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or the caller may not start this case' })
  async submit(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    const choices = await this.start.choices(actor);
    const problems = checkForm(values, choices);
    if (problems.length) return this.render(actor, req, res, 400, choices, values, problems, []);
    const dto: StartCaseDto = {
      kind: values.kind as StartCaseDto['kind'],
      unionId: values.unionId,
      ...(values.employerId ? { employerId: values.employerId } : {}),
      ...(values.campaignId ? { campaignId: values.campaignId } : {}),
      ...(values.title?.trim() ? { title: values.title.trim() } : {}),
      ...(choices.industrial ? { enterprises: choices.enterprises.filter((e) => values[`enterprise.${e.id}`] === 'on').map((e) => ({ enterpriseId: e.id, employees: e.employees })) } : {}),
    };
    try {
      const started = await this.cases.start(actor, dto);
      res.redirect(303, `/cases/${started.id}`);
    } catch (error) {
      if (error instanceof ValidationFailed) return this.render(actor, req, res, 400, choices, values, error.violations, []);
      if (error instanceof DomainError && error.status >= 400 && error.status < 500) return this.render(actor, req, res, error.status, choices, values, [], [error.detail ?? error.title]);
      throw error;
    }
  }

  private async render(actor: Actor, req: Request, res: Response, status: number, choices: StartChoices, values: Record<string, string>, violations: FieldViolation[], formErrors: Bilingual[]) {
    const lang = this.pages.langOf(req, res);
    const errorsOf = (name: string) => violations.filter((v) => v.field === name || v.field.startsWith(`${name}.`)).map((v) => ({ zh: v.message_zh, en: v.message_en }));
    const errors = Object.fromEntries(FIELDS.map((f) => [f, errorsOf(f)]));
    const loose = violations.filter((v) => !FIELDS.some((f) => v.field === f || v.field.startsWith(`${f}.`))).map((v) => ({ zh: v.message_zh, en: v.message_en }));
    const picked = (list: { id: string }[], value: string | undefined) => list.map((o) => ({ ...o, selected: list.length === 1 || o.id === value }));
    this.pages.render(req, res, status, 'case-new', {
      lang,
      title: 'startTitle',
      user: await this.session.user(actor, req, lang),
      choices: {
        ...choices,
        unions: picked(choices.unions, values.unionId),
        employers: choices.employerOptional ? choices.employers.map((o) => ({ ...o, selected: o.id === values.employerId })) : picked(choices.employers, values.employerId),
        kinds: choices.kinds.map((k) => ({ ...k, selected: k.value === values.kind })),
        campaigns: choices.campaigns.map((c) => ({ ...c, selected: c.id === values.campaignId })),
        enterprises: choices.enterprises.map((e) => ({ ...e, checked: values[`enterprise.${e.id}`] === 'on' })),
      },
      titleValue: values.title ?? '',
      errors,
      formErrors: formErrors.concat(loose),
      failed: status >= 400,
    });
  }
}

/** What the page can tell before the service: a kind of this workflow, parties and campaign of the lists. */
function checkForm(values: Record<string, string>, choices: StartChoices): FieldViolation[] {
  const problems: FieldViolation[] = [];
  if (!choices.kinds.some((k) => k.value === values.kind)) {
    problems.push(fieldViolation('kind', 'isIn', '请选择集体合同的类型', 'choose the kind of contract'));
  }
  if (!isUUID(values.unionId ?? '')) problems.push(fieldViolation('unionId', 'isUUID', '请选择工会', 'choose the union'));
  if (values.employerId ? !isUUID(values.employerId) : !choices.employerOptional) problems.push(fieldViolation('employerId', 'isUUID', '请选择企业', 'choose the enterprise'));
  if (values.campaignId && !isUUID(values.campaignId)) problems.push(fieldViolation('campaignId', 'isUUID', '请从列表中选择集中要约活动', 'choose a campaign from the list'));
  const title = values.title?.trim() ?? '';
  if (title && (title.length < 2 || title.length > 200)) problems.push(fieldViolation('title', 'length', '名称须为 2–200 个字', 'the title must be 2–200 characters'));
  return problems;
}
