import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { RegisterPageView, RegisterQuery } from '../../../bargaining/register/register.dto.js';
import { RegisterService } from '../../../bargaining/register/register.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { AccessPolicy } from '../../../common/access/access-policy.js';
import { fieldViolation, ValidationFailed, type FieldViolation } from '../../../common/errors/domain-error.js';
import { isIsoDate } from '../../../common/validation/decorators.js';
import { RegionDirectory } from '../../../organisations/region-directory.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { kindLabel } from './start-case.service.js';

const FILTERS = ['region', 'industry', 'expiresAfter', 'expiresBefore', 'q'] as const;
const PAGE_SIZE = 20;

/** The query string as the register's filters; a malformed one is a message beside its field. */
function parseQuery(raw: Record<string, unknown>): { query: RegisterQuery; values: Record<string, string>; problems: FieldViolation[] } {
  const values = Object.fromEntries(FILTERS.map((f) => [f, typeof raw[f] === 'string' ? (raw[f] as string).trim() : ''])) as Record<string, string>;
  const problems: FieldViolation[] = [];
  const query: RegisterQuery = { pageSize: PAGE_SIZE };
  if (values.region) {
    if (/^\d{6}$/.test(values.region)) query.region = values.region;
    else problems.push(fieldViolation('region', 'isRegionCode', '请从列表中选择地区', 'choose a region from the list'));
  }
  if (values.industry) {
    if (/^[A-T]$/.test(values.industry)) query.industry = values.industry;
    else problems.push(fieldViolation('industry', 'isIndustryCode', '请从列表中选择行业', 'choose an industry from the list'));
  }
  for (const f of ['expiresAfter', 'expiresBefore'] as const) {
    if (!values[f]) continue;
    if (isIsoDate(values[f])) query[f] = values[f];
    else problems.push(fieldViolation(f, 'isIsoDate', '请填写有效日期（年-月-日）', 'enter a valid date (YYYY-MM-DD)'));
  }
  if (values.q) {
    if (values.q.length <= 100) query.q = values.q;
    else problems.push(fieldViolation('q', 'maxLength', '检索词最多 100 个字', 'at most 100 characters'));
  }
  const page = typeof raw.page === 'string' && /^\d{1,5}$/.test(raw.page) ? Number(raw.page) : 1;
  query.page = Math.max(1, page);
  return { query, values, problems };
}

/** The register of contracts in force (bureau, federation, admin): the same search as GET /api/register. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class RegisterPageController {
  constructor(
    @Inject(RegisterService) private readonly register: RegisterService,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
  ) {}

  @Page()
  @Get('register')
  @ApiOperation({ summary: '集体合同登记簿（页面） Contracts in force: by region, industry, term end, words of the text; paginated (HTML)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the register' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 400, description: 'a malformed filter: the page with the message beside it' })
  @ApiResponse({ status: 403, description: 'the caller’s role does not read the register' })
  async page(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    this.register.assertReader(actor);
    const { query, values, problems } = parseQuery(req.query as Record<string, unknown>);
    let result: RegisterPageView | undefined;
    let violations = problems;
    if (!problems.length) {
      try {
        result = await this.register.search(actor, query);
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error;
        violations = error.violations;
      }
    }
    const lang = this.pages.langOf(req, res);
    const errors = Object.fromEntries(FILTERS.map((f) => [f, violations.filter((v) => v.field === f).map((v) => ({ zh: v.message_zh, en: v.message_en }))]));
    const industries: { code: string; name: string }[] = await this.dataSource.query('SELECT code, name FROM industries ORDER BY code');
    const regions = this.regions
      .all()
      .filter((r) => this.access.inJurisdiction(actor, r.code))
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((r) => ({ code: r.code, name: `${r.level === 'county' ? '— ' : ''}${r.name}`, selected: r.code === values.region }));
    const pageCount = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
    const link = (page: number) => {
      const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v));
      if (page > 1) params.set('page', String(page));
      return `/register${params.size ? `?${params}` : ''}`;
    };
    this.pages.render(req, res, violations.length ? 400 : 200, 'register', {
      lang,
      title: 'registerTitle',
      user: await this.session.user(actor, req, lang),
      values,
      errors,
      failed: violations.length > 0,
      regions,
      industries: industries.map((i) => ({ ...i, selected: i.code === values.industry })),
      result: result && {
        ...result,
        items: result.items.map((e) => ({ ...e, kindLabel: kindLabel(e.kind) })),
        pageCount,
        pager: pageCount > 1 || result.page > 1,
        prev: result.page > 1 ? link(result.page - 1) : null,
        next: result.page < pageCount ? link(result.page + 1) : null,
      },
    });
  }
}
