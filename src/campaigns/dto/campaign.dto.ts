import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CONTRACT_KINDS } from '../../bargaining/dto/case.dto.js';
import { IsIsoDate, IsRegionCode } from '../../common/validation/decorators.js';

export class CampaignTargetDto {
  @ApiProperty({ description: 'a region of the campaign’s scope' }) @IsRegionCode() regionCode: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '要约率 offers / enterprises in scope, per cent' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) offerRate?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '应约率 offers answered / offers, per cent' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) responseRate?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '签约率 contracts signed / offers, per cent' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) signingRate?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '备案率 contracts filed / signed, per cent' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) filingRate?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: '动态建制率 enterprises with a contract in force / enterprises in scope, per cent' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) establishmentRate?: number;
  @ApiPropertyOptional({ minimum: 0, description: '覆盖职工人数 employees covered' }) @IsOptional() @IsInt() @Min(0) @Max(100_000_000) employeesCovered?: number;
}

export class CreateCampaignDto {
  @ApiProperty({ example: '2026年四川省集体协商“集中要约月”活动' }) @IsString() @MinLength(2) @MaxLength(200) name: string;
  @ApiProperty({ example: '2026-04-01' }) @IsIsoDate() startsOn: string;
  @ApiProperty({ example: '2026-04-30' }) @IsIsoDate() endsOn: string;
  @ApiPropertyOptional({ description: 'root of the scope (default: your jurisdiction’s root)' }) @IsOptional() @IsRegionCode() regionCode?: string;
  @ApiProperty({ enum: CONTRACT_KINDS, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CONTRACT_KINDS, { each: true }) kinds: string[];
  @ApiPropertyOptional({ type: [CampaignTargetDto] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => CampaignTargetDto) targets?: CampaignTargetDto[];
}

export class UpdateCampaignDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(2) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() startsOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() endsOn?: string;
  @ApiPropertyOptional({ enum: CONTRACT_KINDS, isArray: true }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(CONTRACT_KINDS, { each: true }) kinds?: string[];
}

export class ReplaceTargetsDto {
  @ApiProperty({ type: [CampaignTargetDto] }) @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => CampaignTargetDto) targets: CampaignTargetDto[];
}

export interface CampaignTargetView {
  regionCode: string;
  regionName: string;
  offerRate: number | null;
  responseRate: number | null;
  signingRate: number | null;
  filingRate: number | null;
  establishmentRate: number | null;
  employeesCovered: number | null;
}

export interface CampaignView {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  regionCode: string;
  regionName: string;
  kinds: string[];
  organisationId: string;
  /** Enterprises on the roster. */
  rosterSize: number;
  targets: CampaignTargetView[];
  createdAt: Date;
}
