import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsIndustryCode, IsRegionCode } from '../../common/validation/decorators.js';

export const CONTRACT_KINDS = ['comprehensive', 'wage', 'women_workers', 'safety_health', 'industry', 'regional'] as const;

/** The name of each kind of contract, as a case's default title ends. */
export const CONTRACT_KIND_TITLES: Record<(typeof CONTRACT_KINDS)[number], string> = {
  comprehensive: '集体合同',
  wage: '工资专项集体合同',
  women_workers: '女职工权益保护专项集体合同',
  safety_health: '劳动安全卫生专项集体合同',
  industry: '行业性集体合同',
  regional: '区域性集体合同',
};

export class CoveredEnterpriseDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() enterpriseId: string;
  @ApiProperty({ minimum: 0, description: 'employees covered in this enterprise' }) @IsInt() @Min(0) @Max(10_000_000) employees: number;
}

export class StartCaseDto {
  @ApiProperty({ enum: CONTRACT_KINDS, description: '综合 comprehensive; 专项 wage, women_workers, safety_health; 行业性 industry; 区域性 regional' })
  @IsIn(CONTRACT_KINDS)
  kind: (typeof CONTRACT_KINDS)[number];

  @ApiProperty({ format: 'uuid', description: 'the employee side: an enterprise union, or an industry/regional union' })
  @IsUUID()
  unionId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'enterprise cases: the enterprise; industry/regional: the employer association, if any' })
  @IsOptional()
  @IsUUID()
  employerId?: string;

  @ApiPropertyOptional({ type: [CoveredEnterpriseDto], description: 'industry/regional cases: the enterprises covered, with their headcounts' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => CoveredEnterpriseDto)
  enterprises?: CoveredEnterpriseDto[];

  @ApiPropertyOptional({ format: 'uuid', description: 'the concentrated offer month campaign, if any' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;
}

export class SendEventDto {
  @ApiProperty({ example: 'OFFER_ISSUED', description: 'an event of the case’s workflow (see allowedEvents)' })
  @IsString()
  @Matches(/^[A-Z][A-Z_]{1,63}$/)
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'validated against the event’s payload schema; always has occurredOn (YYYY-MM-DD)' })
  @IsObject()
  payload: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'optimistic concurrency: the version you saw (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListCasesQuery {
  @ApiPropertyOptional({ description: 'current state, e.g. awaiting_response' }) @IsOptional() @Matches(/^[a-z_]{2,64}$/) state?: string;
  @ApiPropertyOptional({ description: 'region code: that region and its subtree' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional() @IsOptional() @IsIndustryCode() industry?: string;
  @ApiPropertyOptional({ enum: CONTRACT_KINDS }) @IsOptional() @IsIn(CONTRACT_KINDS) kind?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaign?: string;
  @ApiPropertyOptional({ description: 'only cases with a passed deadline' }) @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ enum: ['updated', 'deadline'], default: 'updated', description: 'updated: most recently changed first; deadline: nearest pending deadline first, cases without one last' })
  @IsOptional()
  @IsIn(['updated', 'deadline'])
  sort?: 'updated' | 'deadline';
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class OrgRefView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class DeadlineView {
  @ApiProperty({ example: 'response' }) key: string;
  @ApiProperty({ example: { zh: '应约期限', en: 'Response period' } }) label: { zh: string; en: string };
  @ApiProperty({ example: '2018-02-22', description: 'last day (China calendar)' }) dueOn: string;
  @ApiProperty({ description: '24:00 China time of the last day' }) dueAt: string;
  @ApiProperty({ description: 'whole days from today to the last day; negative when past' }) daysRemaining: number;
  @ApiProperty({ example: 'RESPONSE_DEADLINE_PASSED' }) onExpiry: string;
  @ApiProperty({ description: 'how it was counted, with its legal source' }) basis: Record<string, unknown>;
  @ApiProperty({ description: 'e.g. the holiday calendar lacks a year' }) warnings: { zh: string; en: string }[];
}

export class AllowedEventView {
  @ApiProperty() type: string;
  @ApiProperty() label: { zh: string; en: string };
  @ApiProperty({ description: 'JSON Schema of the payload' }) payloadSchema: Record<string, unknown>;
}

export class CaseSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: CONTRACT_KINDS }) kind: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: { zh: string; en: string };
  @ApiProperty() version: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() regionCode: string;
  @ApiProperty({ nullable: true, type: String }) industryCode: string | null;
  @ApiProperty() employeesCovered: number;
  @ApiProperty({ type: OrgRefView }) union: OrgRefView;
  @ApiProperty({ type: OrgRefView, nullable: true }) employer: OrgRefView | null;
  @ApiProperty({ nullable: true, type: String }) campaignId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the next deadline’s last day' }) nextDueOn: string | null;
  @ApiProperty() updatedAt: Date;
}

export class CaseView extends CaseSummaryView {
  @ApiProperty() workflow: { id: string; version: number; hash: string; title: { zh: string; en: string } };
  @ApiProperty({ enum: ['employee', 'employer'] }) initiatorSide: string;
  @ApiProperty({ type: [Object], description: 'enterprises covered, with headcounts' }) enterprises: { id: string; name: string; employees: number }[];
  @ApiProperty({ nullable: true, type: String }) previousCaseId: string | null;
  @ApiProperty({ nullable: true, type: String }) nextCaseId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'date of the latest act recorded' }) lastOccurredOn: string | null;
  @ApiProperty({ type: [AllowedEventView], description: 'what the caller may send now' }) allowedEvents: AllowedEventView[];
  @ApiProperty({ type: [DeadlineView] }) deadlines: DeadlineView[];
  @ApiProperty({ description: 'what the procedure has recorded: offer, representatives, congress vote, term…' }) record: Record<string, unknown>;
  @ApiProperty() createdAt: Date;
}

export class CaseEventView {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty() payload: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty() toState: string;
  @ApiProperty() occurredOn: string;
  @ApiProperty() recordedAt: Date;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class ChainVerdictView {
  @ApiProperty() valid: boolean;
  @ApiProperty() length: number;
  @ApiPropertyOptional({ description: 'the first link that does not hold' }) firstBroken?: { seq: number; reason: string; expected: string | number; found: string | number };
}
