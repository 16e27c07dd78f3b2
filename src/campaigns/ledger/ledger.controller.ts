import { PassThrough } from 'node:stream';
import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional } from 'class-validator';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { CampaignStatsQueryDto } from '../../statistics/campaign-statistics.controller.js';
import { CSV_TYPE, writeLedgerCsv } from './ledger-csv.js';
import { writeLedgerXlsx, XLSX_TYPE } from './ledger-xlsx.js';
import { LedgerService } from './ledger.service.js';

export class LedgerCsvQueryDto extends CampaignStatsQueryDto {
  @ApiPropertyOptional({ enum: ['summary', 'enterprises'], default: 'summary', description: 'summary: 活动情况汇总表; enterprises: 企业集体协商建制情况表' })
  @IsOptional()
  @IsIn(['summary', 'enterprises'])
  sheet?: 'summary' | 'enterprises';
}

/** RFC 6266/5987: an ASCII fallback and the Chinese name, percent-encoded UTF-8. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

@ApiTags('campaigns 集中要约活动')
@ApiBearerAuth()
@Controller('api/campaigns')
export class LedgerController {
  constructor(@Inject(LedgerService) private readonly ledger: LedgerService) {}

  /** The stream the file is written to; closed with the response if the client leaves before the end. */
  private download(res: Response): PassThrough {
    const out = new PassThrough();
    res.on('close', () => {
      if (!res.writableFinished) out.destroy();
    });
    return out;
  }

  @Get(':id/ledger.xlsx')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces(XLSX_TYPE)
  @ApiOperation({
    summary: '导出台账 The campaign’s ledger as XLSX: 活动情况汇总表 (by region, with 合计, the figures of GET …/stats) and 企业集体协商建制情况表 (every roster enterprise and those off it with a case), streamed',
  })
  async xlsx(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: CampaignStatsQueryDto, @Res({ passthrough: true }) res: Response) {
    const ledger = await this.ledger.prepare(actor, id, query);
    res.set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment(this.ledger.fileName(ledger, '台账', 'xlsx')), 'Cache-Control': 'private, no-store' });
    const out = this.download(res);
    writeLedgerXlsx(ledger, this.ledger.enterpriseRows(ledger), out).catch((err) => out.destroy(err));
    return new StreamableFile(out);
  }

  @Get(':id/ledger.csv')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces(CSV_TYPE)
  @ApiOperation({ summary: '导出台账（CSV） One sheet of the ledger as CSV (UTF-8 with BOM, for Excel): sheet=summary (活动情况汇总表) or enterprises (企业集体协商建制情况表)' })
  async csv(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: LedgerCsvQueryDto, @Res({ passthrough: true }) res: Response) {
    const { sheet = 'summary', ...filters } = query;
    const ledger = await this.ledger.prepare(actor, id, filters);
    const name = this.ledger.fileName(ledger, sheet === 'summary' ? '活动情况汇总表' : '企业集体协商建制情况表', 'csv');
    res.set({ 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(name), 'Cache-Control': 'private, no-store' });
    const out = this.download(res);
    writeLedgerCsv(ledger, sheet, this.ledger.enterpriseRows(ledger), out).catch((err) => out.destroy(err));
    return new StreamableFile(out);
  }
}
