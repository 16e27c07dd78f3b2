import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../common/access/access-policy.js';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { NotFound } from '../../common/errors/domain-error.js';
import { IsRegionCode } from '../../common/validation/decorators.js';
import { Industry } from '../entities/industry.entity.js';
import { RegionDirectory } from '../region-directory.js';

class RegionView {
  @ApiProperty({ example: '510107' }) code: string;
  @ApiProperty({ example: '武侯区' }) name: string;
  @ApiProperty({ enum: ['province', 'prefecture', 'county'] }) level: string;
  @ApiProperty({ nullable: true, type: String, example: '510100' }) parentCode: string | null;
}

class IndustryView {
  @ApiProperty({ example: 'C' }) code: string;
  @ApiProperty({ example: '制造业' }) name: string;
}

class ListRegionsQuery {
  @ApiPropertyOptional({ description: 'children of this region' }) @IsOptional() @IsRegionCode() parentCode?: string;
  @ApiPropertyOptional({ enum: ['province', 'prefecture', 'county'] }) @IsOptional() @IsIn(['province', 'prefecture', 'county']) level?: string;
}

const regionView = ({ code, name, level, parentCode }: RegionView) => ({ code, name, level, parentCode });

@ApiTags('reference 基础数据')
@ApiBearerAuth()
@Controller('api')
export class ReferenceController {
  constructor(
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get('regions')
  @ApiOperation({ summary: '行政区划 Regions (GB/T 2260): Sichuan, its prefectures and loaded counties' })
  @ApiOkResponse({ type: [RegionView] })
  listRegions(@CurrentActor() actor: Actor, @Query() query: ListRegionsQuery): RegionView[] {
    this.access.assert(actor, 'reference.read');
    return this.regions
      .all()
      .filter((r) => (query.parentCode === undefined || r.parentCode === query.parentCode) && (query.level === undefined || r.level === query.level))
      .map(regionView);
  }

  @Get('regions/:code')
  @ApiOperation({ summary: '行政区划 One region' })
  @ApiOkResponse({ type: RegionView })
  getRegion(@CurrentActor() actor: Actor, @Param('code') code: string): RegionView {
    this.access.assert(actor, 'reference.read');
    const region = this.regions.get(code);
    if (!region) throw new NotFound({ zh: '行政区划', en: 'Region' }, code);
    return regionView(region);
  }

  @Get('industries')
  @ApiOperation({ summary: '行业门类 Industry sections (GB/T 4754-2017)' })
  @ApiOkResponse({ type: [IndustryView] })
  async listIndustries(@CurrentActor() actor: Actor): Promise<IndustryView[]> {
    this.access.assert(actor, 'reference.read');
    return this.dataSource.getRepository(Industry).find({ order: { code: 'ASC' } });
  }
}
