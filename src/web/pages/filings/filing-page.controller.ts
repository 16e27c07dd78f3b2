import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CasesService } from '../../../bargaining/cases.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { sendHeaders } from '../../../filings/filings.controller.js';
import { FilingMaterialsService } from '../../../filings/filing-materials.service.js';
import { readMultipart, type Part } from '../../../filings/multipart.js';
import { formPayload } from '../event-forms.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageSession } from '../page-session.js';
import { readForm } from '../read-form.js';
import { FilingPageView, type Attempt } from './filing-page.view.js';
import { refusalOf } from './refusal.js';
import { CasePage } from '../case-page-docs.js';

/**
 * The employer's filing page (procedure.md states 11–12, CCP Arts 42–43): the materials checklist with an
 * upload form per item, what is uploaded so far, then the FILED form. The union reads it.
 */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller('cases/:id/filing')
@UseFilters(PageExceptionFilter)
export class FilingPageController {
  constructor(
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(FilingMaterialsService) private readonly materials: FilingMaterialsService,
    @Inject(FilingPageView) private readonly view: FilingPageView,
  ) {}

  @Get()
  @CasePage('报送备案页 The filing page: materials checklist, uploads, the FILED form, the receipt (HTML)')
  async page(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const flash = typeof req.query.uploaded === 'string' ? { uploaded: req.query.uploaded } : req.query.sent === 'FILED' ? { sent: 'FILED' } : undefined;
    await this.view.render(id, actor, req, res, 200, undefined, flash);
  }

  @Page()
  @Post('materials')
  @ApiOperation({ summary: '上传报送材料（表单） Upload a material from the page (multipart with the CSRF token; 303 back, or the page again with the message)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('multipart/form-data')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'stored: back to the filing page' })
  @ApiResponse({ status: 400, description: 'no file, or no item' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not the employer side' })
  @ApiResponse({ status: 409, description: 'not in a filing state' })
  @ApiResponse({ status: 413, description: 'larger than 10 MB' })
  @ApiResponse({ status: 415, description: 'not PDF, JPEG or PNG' })
  async upload(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    let parts: Part[];
    try {
      parts = await readMultipart(req);
    } catch (error) {
      // Unreadable (too large, not multipart): nothing was done; the page again with why (no token was read, none is needed to say so).
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return this.view.render(id, actor, req, res, refusal.status, { form: 'upload', kind: '', refusal });
    }
    const field = (name: string) => parts.find((p) => p.name === name && p.fileName === undefined)?.data.toString('utf8');
    this.session.requireCsrf(req, field('csrf'));
    const kind = field('kind') ?? '';
    const file = parts.find((p) => p.name === 'file');
    try {
      // A file input left empty posts a part with an empty name and no bytes: "choose a file".
      await this.materials.upload(actor, id, async () => ({ kind, fileName: file?.fileName, bytes: file?.data }));
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return this.view.render(id, actor, req, res, refusal.status, { form: 'upload', kind, refusal });
    }
    res.redirect(303, `/cases/${id}/filing?uploaded=${encodeURIComponent(kind)}`);
  }

  @Page()
  @Post('filed')
  @ApiOperation({ summary: '报送审查（表单） Send FILED from the filing page (CSRF, expectedVersion; 303 back, or the page again with the messages)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded: to /cases/:id/filing?sent=FILED' })
  @ApiResponse({ status: 400, description: 'the page again, the messages beside the fields' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token' })
  @ApiResponse({ status: 409, description: 'the case moved on, or FILED is not allowed now' })
  @ApiResponse({ status: 422, description: 'a filing rule is not met (Arts 42–43)' })
  async filed(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await readForm(req);
    this.session.requireCsrf(req, values.csrf);
    const attempt = (status: number, refusal: Attempt['refusal']) => this.view.render(id, actor, req, res, status, { form: 'FILED', kind: '', values, refusal });
    const expectedVersion = /^\d{1,9}$/.test(values.expectedVersion ?? '') ? Number(values.expectedVersion) : undefined;
    if (!expectedVersion) return attempt(400, { status: 400, fieldErrors: [], formErrors: [{ zh: '缺少案件版本', en: 'the case version is missing' }] });
    const view = await this.cases.view(actor, id);
    const event = view.allowedEvents.find((e) => e.type === 'FILED');
    const converted = formPayload('FILED', event?.payloadSchema ?? { type: 'object' }, values);
    if (converted.violations.length) return attempt(400, { status: 400, fieldErrors: converted.violations, formErrors: [] });
    try {
      await this.cases.send(actor, id, 'FILED', converted.payload, { expectedVersion });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return attempt(refusal.status, refusal);
    }
    res.redirect(303, `/cases/${id}/filing?sent=FILED`);
  }

  @Page()
  @Get('materials/:materialId')
  @ApiOperation({ summary: '下载报送材料（页面） Download a material with the session (attachment, nosniff)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'materialId', format: 'uuid' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'the file' })
  @ApiResponse({ status: 404, description: 'no such material, or the case is out of reach' })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Param('materialId', new ParseUUIDPipe()) materialId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { material, bytes } = await this.materials.download(actor, id, materialId);
    sendHeaders(res, material);
    res.status(200).end(bytes);
  }
}
