import { PassThrough } from 'node:stream';
import { Controller, Get, Inject, Param, ParseUUIDPipe, Req, Res, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { summaryRows } from '../../../campaigns/ledger/ledger-columns.js';
import { CSV_TYPE, writeLedgerCsv } from '../../../campaigns/ledger/ledger-csv.js';
import { writeLedgerXlsx, XLSX_TYPE } from '../../../campaigns/ledger/ledger-xlsx.js';
import { attachment } from '../../../campaigns/ledger/ledger.controller.js';
import { LedgerService, type Ledger } from '../../../campaigns/ledger/ledger.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { FederationPagesService, requireRole } from './federation-pages.service.js';

/** Summary rows shown on the page before the 合计 row (the file has them all). */
const PREVIEW_ROWS = 10;

const percent = (v: number | null) => (v === null ? '—' : `${v}%`);

/** The campaign's ledger (台账) through the pages: a preview of the summary sheet and the XLSX and CSV downloads with the session. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class LedgerPageController {
  constructor(
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(LedgerService) private readonly ledger: LedgerService,
    @Inject(FederationPagesService) private readonly federation: FederationPagesService,
  ) {}

  @Page()
  @Get('ledger')
  @ApiOperation({ summary: '台账页 Pick a campaign: a preview of 活动情况汇总表 and the XLSX and CSV downloads (HTML)' })
  @ApiQuery({ name: 'campaign', required: false, description: 'campaign id (default: the newest reaching you)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 403, description: 'not a federation or an administrator' })
  async page(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    const lang = this.pages.langOf(req, res);
    const [user, choice] = await Promise.all([this.session.user(actor, req, lang), this.federation.campaignChoice(actor, req.query.campaign)]);
    let preview;
    if (choice.chosen) {
      const { view } = await this.ledger.prepare(actor, choice.chosen.id, {});
      const rows = summaryRows(view);
      const total = rows.pop()!;
      const line = (r: (typeof rows)[number], isTotal: boolean) => ({
        name: r.name,
        isTotal,
        enterprises: r.enterprisesInScope,
        offers: r.offers,
        offerRate: percent(r.rates.offerRate),
        responses: r.responses,
        signed: r.signed,
        filed: r.filed,
        establishmentRate: percent(r.rates.establishmentRate),
      });
      preview = { asOf: view.asOf, region: view.region.name, rows: [...rows.slice(0, PREVIEW_ROWS).map((r) => line(r, false)), line(total, true)], more: Math.max(0, rows.length - PREVIEW_ROWS) };
    }
    this.pages.render(req, res, 200, 'federation-ledger', { lang, title: 'fedLedgerTitle', user, ...choice, preview });
  }

  @Page()
  @Get('ledger/:id/ledger.xlsx')
  @ApiOperation({ summary: '台账下载（XLSX） The campaign’s ledger as GET /api/campaigns/:id/ledger.xlsx, with the page session' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'the workbook, streamed' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 404, description: 'no such campaign reaching the caller' })
  async xlsx(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    const ledger = await this.ledger.prepare(actor, id, {});
    this.stream(res, XLSX_TYPE, this.ledger.fileName(ledger, '台账', 'xlsx'), (out) => writeLedgerXlsx(ledger, this.ledger.enterpriseRows(ledger), out));
  }

  @Page()
  @Get('ledger/:id/ledger.csv')
  @ApiOperation({ summary: '台账下载（CSV） One sheet of the ledger (sheet=summary or enterprises) as GET /api/campaigns/:id/ledger.csv, with the page session' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'sheet', required: false, enum: ['summary', 'enterprises'] })
  @ApiProduces(CSV_TYPE)
  @ApiOkResponse({ description: 'the sheet as CSV (UTF-8 with BOM), streamed' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 404, description: 'no such campaign reaching the caller' })
  async csv(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['federation', 'admin']);
    const sheet = req.query.sheet === 'enterprises' ? 'enterprises' : 'summary';
    const ledger: Ledger = await this.ledger.prepare(actor, id, {});
    const name = this.ledger.fileName(ledger, sheet === 'summary' ? '活动情况汇总表' : '企业集体协商建制情况表', 'csv');
    this.stream(res, CSV_TYPE, name, (out) => writeLedgerCsv(ledger, sheet, this.ledger.enterpriseRows(ledger), out));
  }

  /** The file written into the response as it is made; abandoned with the response if the client leaves. */
  private stream(res: Response, type: string, name: string, write: (out: PassThrough) => Promise<void>) {
    const out = new PassThrough();
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    res.status(200).set({ 'Content-Type': type, 'Content-Disposition': attachment(name), 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' });
    out.pipe(res);
    write(out).catch((err) => {
      out.destroy(err);
      res.destroy(err);
    });
  }
}
