import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { CampaignsService } from './campaigns.service.js';
import { CreateCampaignDto, ReplaceTargetsDto, UpdateCampaignDto } from './dto/campaign.dto.js';

@ApiTags('campaigns 集中要约活动')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignsController {
  constructor(@Inject(CampaignsService) private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({ summary: '活动列表 The campaigns that reach your region' })
  list(@CurrentActor() actor: Actor) {
    return this.campaigns.list(actor);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: '新建活动 Create a campaign: period, region scope, contract kinds, targets per region (federations)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCampaignDto) {
    return this.campaigns.create(actor, dto);
  }

  @Get(':id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '活动详情 One campaign with its targets and roster size' })
  view(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string) {
    return this.campaigns.view(actor, id);
  }

  @Patch(':id')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '修改活动 Rename, move the period, change the kinds in scope' })
  update(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: UpdateCampaignDto) {
    return this.campaigns.update(actor, id, dto);
  }

  @Put(':id/targets')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '活动目标 Replace the targets per region' })
  replaceTargets(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: ReplaceTargetsDto) {
    return this.campaigns.replaceTargets(actor, id, dto.targets);
  }
}
