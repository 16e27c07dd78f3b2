import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsIsoDate } from '../../common/validation/decorators.js';
import { ART8_TOPICS } from '../contract/contract-document.js';

export class StartDraftDto {
  @ApiProperty({ enum: ['template', 'previous_contract'], description: 'the kind’s empty template, or the previous contract (renewals)' })
  @IsIn(['template', 'previous_contract'])
  from: 'template' | 'previous_contract';
}

const money = { maxDecimalPlaces: 2 };

/** Structured terms a rule can check; every one optional, each with its own range. */
export class ContractTermsDto {
  @ApiPropertyOptional({ description: '月最低工资（元）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(1_000_000) lowestMonthlyWage?: number;
  @ApiPropertyOptional({ description: '工资增长幅度（%）' }) @IsOptional() @IsNumber(money) @Min(-100) @Max(1000) wageIncreasePercent?: number;
  @ApiPropertyOptional({ description: '每日标准工时（小时）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(24) standardHoursPerDay?: number;
  @ApiPropertyOptional({ description: '每周标准工时（小时）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(168) standardHoursPerWeek?: number;
  @ApiPropertyOptional({ description: '每日加班上限（小时）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(24) overtimeHoursPerDayMax?: number;
  @ApiPropertyOptional({ description: '每月加班上限（小时）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(744) overtimeHoursPerMonthMax?: number;
  @ApiPropertyOptional({ description: '工作日加班工资（% of pay）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(10_000) overtimePayWorkdayPercent?: number;
  @ApiPropertyOptional({ description: '休息日加班工资（%）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(10_000) overtimePayRestDayPercent?: number;
  @ApiPropertyOptional({ description: '法定休假日加班工资（%）' }) @IsOptional() @IsNumber(money) @Min(0) @Max(10_000) overtimePayHolidayPercent?: number;
  @ApiPropertyOptional({ description: '带薪年休假（天）' }) @IsOptional() @IsInt() @Min(0) @Max(366) annualLeaveDays?: number;
  @ApiPropertyOptional({ description: '产假（天）' }) @IsOptional() @IsInt() @Min(0) @Max(1000) maternityLeaveDays?: number;
  @ApiPropertyOptional({ example: '2019-01-01' }) @IsOptional() @IsIsoDate() termStart?: string;
  @ApiPropertyOptional({ example: '2021-12-31' }) @IsOptional() @IsIsoDate() termEnd?: string;
}

export class CreateProposalDto {
  @ApiProperty({ description: 'the session the proposal is tabled in' }) @IsInt() @Min(1) @Max(1000) sessionNo: number;
  @ApiProperty({ enum: ['amend', 'add', 'delete'] }) @IsIn(['amend', 'add', 'delete']) action: 'amend' | 'add' | 'delete';
  @ApiPropertyOptional({ description: 'the article (its key); for `add`, a new key (generated when absent)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/)
  articleKey?: string;
  @ApiPropertyOptional({ description: '`add`: the chapter (1-based)' }) @IsOptional() @IsInt() @Min(1) @Max(100) chapterNo?: number;
  @ApiPropertyOptional({ description: '`add`: the article it follows (absent: first of the chapter)' }) @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/) afterKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(20_000) text?: string;
  @ApiPropertyOptional({ enum: ART8_TOPICS, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(15) @IsIn(ART8_TOPICS, { each: true }) topics?: string[];
  @ApiPropertyOptional({ type: () => ContractTermsDto }) @IsOptional() @ValidateNested() @Type(() => ContractTermsDto) terms?: ContractTermsDto;
  @ApiPropertyOptional({ description: 'why (理由)' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the other side’s open proposal this one counters' }) @IsOptional() @IsUUID() counterTo?: string;
}

export class ListProposalsQuery {
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/) article?: string;
  @ApiPropertyOptional({ enum: ['open', 'countered', 'agreed', 'withdrawn', 'applied'] }) @IsOptional() @IsIn(['open', 'countered', 'agreed', 'withdrawn', 'applied']) status?: string;
}

export class RedlineQuery {
  @ApiPropertyOptional({ description: 'a draft version, or `previous` for the previous contract (default: the version before)' })
  @IsOptional()
  @Matches(/^(\d{1,6}|previous)$/)
  against?: string;
  @ApiPropertyOptional({ enum: ['json', 'html'] }) @IsOptional() @IsIn(['json', 'html']) format?: 'json' | 'html';
}
