import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { IsIndustryCode, IsRegionCode } from '../common/validation/decorators.js';
import { CONTRACT_KINDS } from '../bargaining/dto/case.dto.js';
import { StatisticsService } from './statistics.service.js';

export class StatisticsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one campaign (集中要约月) only' }) @IsOptional() @IsUUID() campaign?: string;
  @ApiPropertyOptional({ description: 'root of the breakdown: a region of your jurisdiction (default: its root)' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ description: 'GB/T 4754 section letter' }) @IsOptional() @IsIndustryCode() industry?: string;
  @ApiPropertyOptional({ enum: CONTRACT_KINDS }) @IsOptional() @IsIn(CONTRACT_KINDS) kind?: string;
}

@ApiTags('statistics 统计')
@ApiBearerAuth()
@Controller('api/statistics')
export class StatisticsController {
  constructor(@Inject(StatisticsService) private readonly statistics: StatisticsService) {}

  @Get()
  @ApiOperation({ summary: '统计 Cases by state, offers, responses (refused, late), signed, filed, contracts in force and what they cover, by child region and by industry, and the daily series: from the rollups kept with every event' })
  overview(@CurrentActor() actor: Actor, @Query() query: StatisticsQueryDto) {
    return this.statistics.overview(actor, query);
  }
}
