import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { attachment, readUpload, uploadFileName, XLSX_TYPE } from './roster-upload.js';
import { RosterImportStartedView, RosterImportSummaryView, RosterImportView, RosterPage, RosterQuery, RosterUploadQuery } from './roster.dto.js';
import { RosterService } from './roster.service.js';

@ApiTags('campaigns 集中要约活动')
@ApiBearerAuth()
@Controller('api/campaigns')
export class RosterController {
  constructor(@Inject(RosterService) private readonly roster: RosterService) {}

  @Post(':id/roster')
  @HttpCode(202)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes(XLSX_TYPE, 'text/csv', 'application/octet-stream')
  @ApiBody({ description: 'the file itself (.xlsx, first sheet; or CSV, UTF-8), at most 50 MB; columns as in the template', schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: RosterImportStartedView })
  @ApiOperation({ summary: '导入企业名册 Import the roster from an XLSX or CSV file (raw body): checked row by row, written all at once or not at all; progress at roster/imports/{importId}' })
  async upload(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: RosterUploadQuery, @Req() req: Request): Promise<RosterImportStartedView> {
    // Who may import is settled before the body is read.
    const campaign = await this.roster.importable(actor, id);
    const content = await readUpload(req);
    return this.roster.start(actor, campaign, { fileName: uploadFileName(req, query.filename), content, mode: query.mode ?? 'all_or_nothing' });
  }

  @Get(':id/roster')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: RosterPage })
  @ApiOperation({ summary: '企业名册 The campaign’s roster (the part in your jurisdiction), by region and industry' })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: RosterQuery) {
    return this.roster.roster(actor, id, query);
  }

  @Get(':id/roster/imports')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: [RosterImportSummaryView] })
  @ApiOperation({ summary: '名册导入记录 The campaign’s roster imports, newest first' })
  imports(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.roster.list(actor, id);
  }

  @Get(':id/roster/imports/:importId')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOkResponse({ type: RosterImportView })
  @ApiOperation({ summary: '名册导入进度 One import: its phase and progress while it runs, then its counts and the problems found (row, column, rule)' })
  view(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('importId', UuidParam) importId: string) {
    return this.roster.view(actor, id, importId);
  }

  @Get(':id/roster/template.xlsx')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces(XLSX_TYPE)
  @ApiOperation({ summary: '名册模板 The roster template: header, an example row, 填写说明, and the campaign’s region codes and the industries as drop-downs' })
  async template(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) res: Response) {
    const xlsx = await this.roster.template(actor, id);
    res.set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': attachment('企业名册模板.xlsx'), 'Cache-Control': 'private, no-cache' });
    return new StreamableFile(xlsx);
  }
}
