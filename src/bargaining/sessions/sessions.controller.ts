import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { PositiveIntParam, UuidParam } from '../../common/validation/validation-pipe.js';
import { RemarkDto } from '../workspace/remark.dto.js';
import { RecordMinutesDto, ScheduleSessionDto } from './sessions.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('negotiation 协商工作台')
@ApiBearerAuth()
@Controller('api/cases/:id/sessions')
export class SessionsController {
  constructor(@Inject(SessionsService) private readonly sessions: SessionsService) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '协商会议 Sessions of the case' })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.sessions.list(actor, id);
  }

  @Post()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '安排会议 Agenda, date, place and a recorder who is not a representative (Art 33)' })
  schedule(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: ScheduleSessionDto) {
    return this.sessions.schedule(actor, id, body);
  }

  @Get(':sessionNo')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'sessionNo', type: 'integer' })
  @ApiOperation({ summary: '会议 One session with its minutes and confirmations' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('sessionNo', PositiveIntParam) sessionNo: number) {
    return this.sessions.get(actor, id, sessionNo);
  }

  @Put(':sessionNo/minutes')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'sessionNo', type: 'integer' })
  @ApiOperation({ summary: '会议记录 Date held, attendance and minutes (until a chief confirms them)' })
  minutes(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: RecordMinutesDto, @Param('sessionNo', PositiveIntParam) sessionNo: number) {
    return this.sessions.recordMinutes(actor, id, sessionNo, body);
  }

  @Post(':sessionNo/confirmation')
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'sessionNo', type: 'integer' })
  @ApiOperation({ summary: '首席代表确认 A chief confirms the minutes from their own account; the second confirmation records SESSION_HELD and cuts a draft version' })
  confirm(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: RemarkDto, @Param('sessionNo', PositiveIntParam) sessionNo: number) {
    return this.sessions.confirm(actor, id, sessionNo, body.remark);
  }
}
