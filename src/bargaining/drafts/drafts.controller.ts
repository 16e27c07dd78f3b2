import { Body, Controller, Get, Header, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { PositiveIntParam, UuidParam } from '../../common/validation/validation-pipe.js';
import { RedlineQuery, StartDraftDto } from './drafts.dto.js';
import { DraftsService } from './drafts.service.js';

@ApiTags('negotiation 协商工作台')
@ApiBearerAuth()
@Controller('api/cases/:id/drafts')
export class DraftsController {
  constructor(@Inject(DraftsService) private readonly drafts: DraftsService) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '草案版本 The draft’s versions' })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.drafts.list(actor, id);
  }

  @Post()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '起草 Version 1: the kind’s empty template, or the previous contract on renewal' })
  start(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: StartDraftDto) {
    return this.drafts.start(actor, id, body);
  }

  @Get('latest')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '最新草案 The latest version, chapters and numbered articles' })
  latest(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.drafts.get(actor, id, 'latest');
  }

  @Get(':version')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'version', type: 'integer' })
  @ApiOperation({ summary: '草案 One version, chapters and numbered articles' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('version', PositiveIntParam) version: number) {
    return this.drafts.get(actor, id, version);
  }

  @Get(':version/redline')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'version', type: 'integer' })
  @ApiProduces('application/json', 'text/html')
  @ApiOperation({ summary: '修订对照 Redline against another version or the previous contract: by article, and by character within one (JSON or HTML)' })
  @Header('Cache-Control', 'no-store')
  async redline(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('version', PositiveIntParam) version: number, @Query() query: RedlineQuery, @Res({ passthrough: true }) res: Response) {
    const { json, html } = await this.drafts.redline(actor, id, version, query);
    if (query.format !== 'html') return json;
    res.type('text/html; charset=utf-8');
    return html;
  }
}
