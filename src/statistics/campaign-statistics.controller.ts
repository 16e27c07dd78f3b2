import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CONTRACT_KINDS } from '../bargaining/dto/case.dto.js';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { IsIndustryCode, IsRegionCode } from '../common/validation/decorators.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { CampaignStatisticsService } from './campaign-statistics.service.js';

export class CampaignStatsQueryDto {
  @ApiPropertyOptional({ description: 'root of the breakdown: a region of the campaign’s scope in your jurisdiction (default: the part of the scope you see)' })
  @IsOptional()
  @IsRegionCode()
  region?: string;

  @ApiPropertyOptional({ description: 'GB/T 4754 section letter' }) @IsOptional() @IsIndustryCode() industry?: string;
  @ApiPropertyOptional({ enum: CONTRACT_KINDS }) @IsOptional() @IsIn(CONTRACT_KINDS) kind?: string;
}

@ApiTags('statistics 统计')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignStatisticsController {
  constructor(@Inject(CampaignStatisticsService) private readonly statistics: CampaignStatisticsService) {}

  @Get(':id/stats')
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      '活动统计 A campaign’s figures by child region, industry and region × industry: counts, rates against targets, late and refused responses, contracts expiring within 3 and 6 months, roster coverage, the daily series and the overdue cases',
  })
  stats(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: CampaignStatsQueryDto) {
    return this.statistics.forCampaign(actor, id, query);
  }
}
