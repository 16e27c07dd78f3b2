import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsIndustryCode, IsIsoDate, IsRegionCode } from '../../common/validation/decorators.js';

/** The states of a contract in force (生效 and in force; still binding in the renewal window). */
export const IN_FORCE_STATES = ['effective', 'in_force', 'renewal_window'] as const;

export class RegisterQuery {
  @ApiPropertyOptional({ description: 'region code: that region and its subtree (within the caller’s jurisdiction)' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ description: 'GB/T 4754 section (A–T)' }) @IsOptional() @IsIndustryCode() industry?: string;
  @ApiPropertyOptional({ description: 'term ends on or before this day (YYYY-MM-DD)' }) @IsOptional() @IsIsoDate() expiresBefore?: string;
  @ApiPropertyOptional({ description: 'term ends on or after this day (YYYY-MM-DD)' }) @IsOptional() @IsIsoDate() expiresAfter?: string;
  @ApiPropertyOptional({ description: 'words in the contract text (the latest draft’s articles) or the case title', minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class RegisterEntryView {
  @ApiProperty({ format: 'uuid', description: 'the case' }) caseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'wage' }) kind: string;
  @ApiProperty({ enum: IN_FORCE_STATES }) state: string;
  @ApiProperty() stateLabel: { zh: string; en: string };
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ nullable: true, type: String }) industryCode: string | null;
  @ApiProperty({ nullable: true, type: String }) industryName: string | null;
  @ApiProperty() unionName: string;
  @ApiProperty({ nullable: true, type: String }) employerName: string | null;
  @ApiProperty() employeesCovered: number;
  @ApiProperty({ nullable: true, type: String, description: 'last day of the term' }) termEnd: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'an excerpt of the article matching q' }) excerpt: string | null;
}

export class RegisterPageView {
  @ApiProperty({ type: [RegisterEntryView] }) items: RegisterEntryView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
