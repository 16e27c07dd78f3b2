import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsIsoDate } from '../../../common/validation/decorators.js';
import type { JobStatus } from '../../../jobs/entities/job.entity.js';

/** Enterprise contracts only: an industry or regional offer is one case for many enterprises, not one per enterprise. */
export const BULK_OFFER_KINDS = ['comprehensive', 'wage', 'women_workers', 'safety_health'] as const;
export type BulkOfferKind = (typeof BULK_OFFER_KINDS)[number];

/** A request names at most this many enterprises (the default set too). */
export const MAX_BULK_ENTERPRISES = 10_000;

/** What every prepared offer letter says: the fields of OFFER_ISSUED that are the same for every union (not its letter number). */
export class BulkOfferContentDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 50, example: ['2018年度职工工资增长幅度', '加班工资计算基数和支付标准'], description: '协商议题 the matters proposed for bargaining' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  subjects: string[];

  @ApiPropertyOptional({ example: '2018-03-20', description: '建议首次协商日期' })
  @IsOptional()
  @IsIsoDate()
  proposedMeetingOn?: string;

  @ApiPropertyOptional({ maxLength: 200, example: '企业行政楼会议室', description: '建议协商地点' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  proposedPlace?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: '其他事项' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note?: string;
}

export class CreateBulkOffersDto {
  @ApiProperty({ enum: BULK_OFFER_KINDS, description: '合同种类 (enterprise contracts)' })
  @IsIn(BULK_OFFER_KINDS)
  kind: BulkOfferKind;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_BULK_ENTERPRISES,
    description: 'the enterprises; default: every roster enterprise of the campaign in your part of its scope without a case of this kind in the campaign',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ENTERPRISES)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  enterpriseIds?: string[];

  @ApiProperty({ type: BulkOfferContentDto })
  @IsObject()
  @ValidateNested()
  @Type(() => BulkOfferContentDto)
  offer: BulkOfferContentDto;
}

export class RetryBulkOffersDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_BULK_ENTERPRISES, description: 'only these enterprises’ failed jobs (default: every failed one of the batch)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ENTERPRISES)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  enterpriseIds?: string[];
}

export class BulkOfferItemsQuery {
  @ApiPropertyOptional({ enum: ['queued', 'running', 'done', 'failed'], description: 'only the items in this status' })
  @IsOptional()
  @IsIn(['queued', 'running', 'done', 'failed'])
  status?: JobStatus;
}

export class BulkOfferAccepted {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty() total: number;
}

export class BulkOfferRetried {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ description: 'failed jobs put back in the queue' }) requeued: number;
}

export class BulkOfferItemView {
  @ApiProperty({ format: 'uuid' }) enterpriseId: string;
  @ApiProperty({ nullable: true, type: String, description: 'null when the enterprise is unknown or outside your jurisdiction' }) enterpriseName: string | null;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: JobStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'the case started (also while the letter waits for a retry)' }) caseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the prepared offer letter: GET /api/documents/{id}/pdf' }) documentId?: string;
  @ApiPropertyOptional() error_zh?: string;
  @ApiPropertyOptional() error_en?: string;
  @ApiProperty() attempts: number;
}

export class BulkOfferBatchView {
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ enum: BULK_OFFER_KINDS }) kind: string;
  @ApiProperty({ description: 'root of the part of the campaign’s scope the batch covers' }) regionCode: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() total: number;
  @ApiProperty() queued: number;
  @ApiProperty() running: number;
  @ApiProperty() done: number;
  @ApiProperty() failed: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: '(done + failed) / total' }) progress: number;
  @ApiProperty({ type: [BulkOfferItemView] }) items: BulkOfferItemView[];
}
