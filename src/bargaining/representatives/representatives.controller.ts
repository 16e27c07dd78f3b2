import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { AppointRepresentativesDto, DepartureDto, ReplaceRepresentativeDto } from './representatives.dto.js';
import { RepresentativesService } from './representatives.service.js';

@ApiTags('negotiation 协商工作台')
@ApiBearerAuth()
@Controller('api/cases/:id/representatives')
export class RepresentativesController {
  constructor(@Inject(RepresentativesService) private readonly service: RepresentativesService) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '协商代表 Both teams, departures, the open vacancy and the Arts 19–24 rules as they stand' })
  view(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.service.view(actor, id);
  }

  @Post()
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '产生协商代表 Appoint the caller’s side’s team (the whole list); records REPRESENTATIVES_APPOINTED' })
  appoint(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: AppointRepresentativesDto) {
    return this.service.appoint(actor, id, body);
  }

  @Post(':personId/departure')
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '代表出缺 A representative leaves; the seat must be filled within 15 days (Art 31; Art 28 protects employee representatives)' })
  leave(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('personId') personId: string, @Body() body: DepartureDto) {
    return this.service.leave(actor, id, personId, body);
  }

  @Post(':personId/replacement')
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '更换代表 One leaves and a successor takes the seat, recorded together' })
  replace(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('personId') personId: string, @Body() body: ReplaceRepresentativeDto) {
    return this.service.replace(actor, id, personId, body);
  }
}
