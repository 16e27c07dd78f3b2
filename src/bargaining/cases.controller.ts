import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { ValidationFailed } from '../common/errors/domain-error.js';
import { PageOf } from '../common/pagination/page.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { CasesService } from './cases.service.js';
import { CaseEventView, CaseSummaryView, CaseView, ChainVerdictView, ListCasesQuery, SendEventDto, StartCaseDto } from './dto/case.dto.js';

const CasePage = PageOf(CaseSummaryView, 'CasePage');

/** `If-Match: "7"` or `7` (a weak W/ prefix is accepted). */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m) throw new ValidationFailed([{ field: 'If-Match', rule: 'version', message_zh: 'If-Match 须为案件版本号', message_en: 'If-Match must be the case version' }]);
  return Number(m[1]);
}

function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(header)) {
    throw new ValidationFailed([{ field: 'Idempotency-Key', rule: 'format', message_zh: 'Idempotency-Key 须为 8–128 个字母、数字或 ._:-', message_en: 'Idempotency-Key must be 8–128 letters, digits or ._:-' }]);
  }
  return header;
}

@ApiTags('cases 集体协商案件')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: '发起集体协商 Start a case (its union or employer, or the federation)' })
  @ApiCreatedResponse({ type: CaseView })
  async start(@CurrentActor() actor: Actor, @Body() body: StartCaseDto, @Res({ passthrough: true }) res: Response): Promise<CaseView> {
    const view = await this.cases.start(actor, body);
    res.setHeader('ETag', `"${view.version}"`).setHeader('Location', `/api/cases/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: '案件列表 Cases the caller may see (filters: state, region, industry, kind, campaign, overdue)' })
  @ApiOkResponse({ type: CasePage })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery) {
    return this.cases.list(actor, query);
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '案件 State, version, the events the caller may send now, deadlines, parties' })
  @ApiOkResponse({ type: CaseView })
  async get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) res: Response): Promise<CaseView> {
    const view = await this.cases.view(actor, id);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/events')
  @ApiParam({ name: 'id', format: 'uuid' })
  @HttpCode(200)
  @ApiOperation({ summary: '发送事件 Send an event: role and party checked, payload validated, transition recorded with its deadlines' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version you saw; 409 with the current one if it moved' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key gets the same answer, no second transition' })
  @ApiOkResponse({ type: CaseView })
  @ApiConflictResponse({ description: 'version conflict, or the event is not allowed now (lists the allowed ones)' })
  @ApiUnprocessableEntityResponse({ description: 'a procedure rule is not met (each violation cites its article)' })
  async send(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() body: SendEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const expectedVersion = parseIfMatch(ifMatch) ?? body.expectedVersion;
    const result = await this.cases.send(actor, id, body.type, body.payload, { expectedVersion, idempotencyKey: parseIdempotencyKey(idempotencyKey) });
    res.setHeader('ETag', `"${result.view.version}"`);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    if (result.linkedCaseId) res.setHeader('Link', `</api/cases/${result.linkedCaseId}>; rel="successor"`);
    return result.view;
  }

  @Get(':id/history')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '事件记录 The hash-chained event log' })
  @ApiOkResponse({ type: [CaseEventView] })
  history(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.cases.history(actor, id);
  }

  @Get(':id/history/verify')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '校验事件链 Verify the hash chain; names the first broken link' })
  @ApiOkResponse({ type: ChainVerdictView })
  verify(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.cases.verify(actor, id);
  }
}
