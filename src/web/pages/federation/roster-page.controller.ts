import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RosterImport } from '../../../campaigns/entities/roster-import.entity.js';
import { ROSTER_IMPORT_MODES, type RosterImportMode } from '../../../campaigns/roster/roster-importer.js';
import { attachment, XLSX_TYPE } from '../../../campaigns/roster/roster-upload.js';
import { RosterService } from '../../../campaigns/roster/roster.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { NotFound, type Bilingual } from '../../../common/errors/domain-error.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { FederationPagesService, requireRole } from './federation-pages.service.js';
import { readMultipart } from './multipart-form.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const importNotFound = (id: string) => new NotFound({ zh: '名册导入', en: 'Roster import' }, id);

interface UploadErrors {
  campaign?: Bilingual[];
  file?: Bilingual[];
  mode?: Bilingual[];
}

/**
 * The federation's roster import (企业名册导入) through the pages: pick a campaign, upload the XLSX or CSV as a
 * multipart form (the CSRF token a field of it), then the import's progress and its per-row report. The file
 * goes to the same RosterService as POST /api/campaigns/:id/roster.
 */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class RosterPageController {
  constructor(
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(RosterService) private readonly roster: RosterService,
    @Inject(FederationPagesService) private readonly federation: FederationPagesService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Page()
  @Get('roster')
  @ApiOperation({ summary: '名册导入页 Pick a campaign, upload its roster (XLSX/CSV), the imports so far, the template (HTML)' })
  @ApiQuery({ name: 'campaign', required: false, description: 'campaign id (default: the newest reaching you)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 403, description: 'not a federation or an administrator' })
  async page(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    await this.render(actor, req, res, 200, req.query.campaign, 'all_or_nothing', {});
  }

  @Page()
  @Post('roster')
  @ApiOperation({ summary: '名册上传表单 Upload a roster file (multipart/form-data: csrf, campaign, mode, file); 303 to the import’s progress' })
  @ApiConsumes('multipart/form-data')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'started: to /roster/imports/:importId; or not signed in: to /login' })
  @ApiResponse({ status: 400, description: 'no campaign, no file or an unknown mode: the page again with the message beside the field' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not a federation or an administrator' })
  @ApiResponse({ status: 404, description: 'the campaign does not reach the caller' })
  @ApiResponse({ status: 413, description: 'the file exceeds 50 MB' })
  async upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    // The role before the body (up to 50 MB) is read; the CSRF token is a field of the body.
    requireRole(actor, ['federation', 'admin']);
    const { fields, files } = await readMultipart(req);
    this.session.requireCsrf(req, fields.csrf);
    const mode = (ROSTER_IMPORT_MODES as readonly string[]).includes(fields.mode ?? '') ? (fields.mode as RosterImportMode) : undefined;
    const file = files.file;
    const errors: UploadErrors = {};
    if (!UUID.test(fields.campaign ?? '')) errors.campaign = [{ zh: '请选择集中要约活动', en: 'Choose a campaign' }];
    if (!file || !file.fileName || file.content.length === 0) errors.file = [{ zh: '请选择要上传的名册文件（.xlsx 或 .csv）', en: 'Choose the roster file to upload (.xlsx or .csv)' }];
    if (!mode) errors.mode = [{ zh: '请选择导入方式', en: 'Choose how to import' }];
    if (errors.campaign || errors.file || errors.mode) return this.render(actor, req, res, 400, fields.campaign, mode ?? 'all_or_nothing', errors);
    const campaign = await this.roster.importable(actor, fields.campaign!);
    const started = await this.roster.start(actor, campaign, { fileName: file!.fileName, content: file!.content, mode: mode! });
    res.redirect(303, `/roster/imports/${started.importId}`);
  }

  @Page()
  @Get('roster/imports/:id')
  @ApiOperation({ summary: '名册导入进度页 An import’s progress (refreshing itself while it runs), then its counts and the per-row report (HTML)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 403, description: 'not a federation or an administrator' })
  @ApiResponse({ status: 404, description: 'no such import, or not within the caller’s reach' })
  async importPage(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    const lang = this.pages.langOf(req, res);
    const row = await this.dataSource.getRepository(RosterImport).findOne({ where: { id }, select: { id: true, campaignId: true } });
    if (!row) throw importNotFound(id);
    // The service decides who sees the import (its campaign and the importer's jurisdiction).
    const [user, view, campaign] = await Promise.all([this.session.user(actor, req, lang), this.roster.view(actor, row.campaignId, id), this.federation.campaignChoice(actor, row.campaignId)]);
    const running = view.status === 'running';
    const percent = view.totalRows ? Math.min(100, Math.floor((view.processedRows / view.totalRows) * 100)) : null;
    this.pages.render(req, res, 200, 'federation-import', {
      lang,
      title: 'fedImportTitle',
      user,
      view,
      campaign: campaign.chosen,
      running,
      percent,
      truncated: view.problems.length < view.problemCount,
      rejected: view.status === 'rejected',
      imported: view.status === 'imported',
      failedRun: view.status === 'failed',
      modeKey: view.mode === 'skip_bad_rows' ? 'fedModeSkip' : 'fedModeAll',
      phaseKey: view.phase ? `fedPhase_${view.phase}` : 'fedPhase_elsewhere',
      statusKey: `fedStatus_${view.status}`,
    });
  }

  @Page()
  @Get('roster/template')
  @ApiOperation({ summary: '名册模板下载 The campaign’s roster template (XLSX), as GET /api/campaigns/:id/roster/template.xlsx, with the page session' })
  @ApiQuery({ name: 'campaign', required: true, description: 'campaign id' })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'the workbook' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 404, description: 'no such campaign reaching the caller' })
  async template(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    const id = typeof req.query.campaign === 'string' && UUID.test(req.query.campaign) ? req.query.campaign : undefined;
    if (!id) throw new NotFoundException();
    const xlsx = await this.roster.template(actor, id);
    res.status(200).set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment('企业名册模板.xlsx'), 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff' }).send(xlsx);
  }

  private async render(actor: Actor, req: Request, res: Response, status: number, asked: unknown, mode: RosterImportMode, errors: UploadErrors) {
    const lang = this.pages.langOf(req, res);
    const [user, choice] = await Promise.all([this.session.user(actor, req, lang), this.federation.campaignChoice(actor, asked)]);
    const imports = choice.chosen ? await this.roster.list(actor, choice.chosen.id) : [];
    this.pages.render(req, res, status, 'federation-roster', {
      lang,
      title: 'fedRosterTitle',
      user,
      ...choice,
      imports: imports.slice(0, 20).map((i) => ({ ...i, statusKey: `fedStatus_${i.status}` })),
      skipMode: mode === 'skip_bad_rows',
      errors,
      failed: status >= 400,
    });
  }
}
