import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageOf } from '../../common/pagination/page.js';
import { IsIndustryCode, IsRegionCode } from '../../common/validation/decorators.js';
import { ROSTER_IMPORT_MODES, type RosterImportMode, type RosterPhase } from './roster-importer.js';

export class RosterUploadQuery {
  @ApiPropertyOptional({ enum: ROSTER_IMPORT_MODES, default: 'all_or_nothing', description: 'all_or_nothing: any problem rejects the whole file; skip_bad_rows: the good rows are imported, the bad ones reported' })
  @IsOptional()
  @IsIn(ROSTER_IMPORT_MODES)
  mode?: RosterImportMode;

  @ApiPropertyOptional({ maxLength: 255, example: '2018年成都市企业名册.xlsx', description: 'the file’s name (else from Content-Disposition)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename?: string;
}

export class RosterQuery {
  @ApiPropertyOptional({ description: 'region code: that region and its subtree' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ description: 'GB/T 4754 section' }) @IsOptional() @IsIndustryCode() industry?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize?: number;
}

export class RosterProblemView {
  @ApiProperty({ description: 'spreadsheet row (the header is row 1; 0: the file as a whole)' }) row: number;
  @ApiProperty({ description: 'the column’s Chinese header, or the unknown header; empty for the file as a whole', example: '统一社会信用代码' }) column: string;
  @ApiProperty({ example: 'creditCodeCheck' }) rule: string;
  @ApiProperty() message_zh: string;
  @ApiProperty() message_en: string;
}

export class RosterImportStartedView {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ enum: ['running'] }) status: 'running';
}

export class RosterImportSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ROSTER_IMPORT_MODES }) mode: RosterImportMode;
  @ApiProperty({ enum: ['running', 'imported', 'rejected', 'failed'], description: 'rejected: nothing was written (a problem of the file, or any problem in all_or_nothing)' }) status: string;
  @ApiProperty({ enum: ['reading', 'checking', 'writing', 'done'], nullable: true, description: 'null: running on another instance of the service (progress is held in the memory of the one running it)' }) phase: RosterPhase | null;
  @ApiProperty({ description: 'rows read (reading), checked against the stored organisations (checking), written or skipped (writing)' }) processedRows: number;
  @ApiProperty({ nullable: true, type: Number, description: 'data rows of the file: while it is read an estimate (a workbook’s declared dimension, a CSV’s bytes) or null; exact from checking on' }) totalRows: number | null;
  @ApiProperty({ description: 'enterprises created' }) inserted: number;
  @ApiProperty({ description: 'enterprises changed' }) updated: number;
  @ApiProperty({ description: 'good rows whose enterprise was stored exactly so already' }) unchanged: number;
  @ApiProperty({ description: 'rows not written (bad rows; every row when rejected)' }) skipped: number;
  @ApiProperty() problemCount: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) createdBy: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}

export class RosterImportView extends RosterImportSummaryView {
  @ApiProperty({ type: [RosterProblemView], description: 'the first 1,000 problems by row (problemCount has them all)' }) problems: RosterProblemView[];
}

export class RosterEntryView {
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ nullable: true, type: String }) industryCode: string | null;
  @ApiProperty({ nullable: true, type: String }) industryName: string | null;
  @ApiProperty({ nullable: true, type: Number }) employees: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) unionised: boolean | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) unionId: string | null;
  @ApiProperty({ nullable: true, type: String }) unionName: string | null;
  @ApiProperty({ nullable: true, type: String }) legalRepresentative: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the import that last wrote this roster row' }) importId: string | null;
}

export const RosterPage = PageOf(RosterEntryView, 'RosterPage');
