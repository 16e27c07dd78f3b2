import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { CreateGuidanceNoteDto, GuidanceNoteView } from './guidance-note.dto.js';
import { GuidanceNotesService } from './guidance-notes.service.js';

@ApiTags('instructors 集体协商指导员')
@ApiBearerAuth()
@Controller('api/cases/:id/guidance-notes')
export class GuidanceNotesController {
  constructor(@Inject(GuidanceNotesService) private readonly notes: GuidanceNotesService) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '指导意见 The instructors’ guidance notes on the case, newest first (whoever may read the case)' })
  @ApiOkResponse({ type: [GuidanceNoteView] })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.notes.list(actor, id);
  }

  @Post()
  @HttpCode(201)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '填写指导意见 Add a guidance note (an instructor assigned to the case; 1–2000 characters)' })
  @ApiCreatedResponse({ type: GuidanceNoteView })
  add(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: CreateGuidanceNoteDto) {
    return this.notes.add(actor, id, dto.body);
  }
}
