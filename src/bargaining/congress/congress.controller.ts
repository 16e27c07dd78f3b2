import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { CongressVoted } from '../../workflow-engine/payloads/event-payloads.js';
import { CongressService } from './congress.service.js';

@ApiTags('negotiation 协商工作台')
@ApiBearerAuth()
@Controller('api/cases/:id/congress')
export class CongressController {
  constructor(@Inject(CongressService) private readonly congress: CongressService) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '职代会审议 Votes with the Art 36 quorum and majority, and the resolution’s data' })
  view(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.congress.view(actor, id);
  }

  @Post()
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '表决结果 Record the vote (CONGRESS_VOTED); a rejection returns the case to negotiation with the reasons' })
  vote(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: CongressVoted) {
    return this.congress.vote(actor, id, body);
  }
}
