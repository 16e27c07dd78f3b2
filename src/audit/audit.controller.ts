import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { Forbidden } from '../common/errors/domain-error.js';
import { PageOf } from '../common/pagination/page.js';
import { AuditLog } from './audit-log.js';

export class AuditQuery {
  @ApiPropertyOptional({ description: 'a kind (login.failed) or a family (login.*)', example: 'login.*' })
  @IsOptional() @IsString() @Matches(/^[a-z-]+(\.([a-z-]+|\*))?$/) @MaxLength(64) kind?: string;
  @ApiPropertyOptional({ description: 'the username (for a sign-in: the one tried)' }) @IsOptional() @IsString() @MaxLength(200) actor?: string;
  @ApiPropertyOptional({ example: 'campaign' }) @IsOptional() @IsString() @Matches(/^[a-z-]+$/) @MaxLength(64) subjectType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) subjectId?: string;
  @ApiPropertyOptional({ description: 'from this instant (ISO 8601), inclusive' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ description: 'before this instant (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 1_000_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ example: 'login.failed' }) kind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUsername: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectType: string | null;
  @ApiProperty({ nullable: true, type: String }) subjectId: string | null;
  @ApiProperty({ nullable: true, type: String }) method: string | null;
  @ApiProperty({ nullable: true, type: String }) path: string | null;
  @ApiProperty({ nullable: true, type: Number }) status: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

const AuditPage = PageOf(AuditEntryView, 'AuditPage');

@ApiTags('audit 审计')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(@Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({ summary: '审计日志 The audit log: sign-ins and administrative acts, newest first (admin)' })
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentActor() actor: Actor, @Query() query: AuditQuery) {
    if (actor.role !== 'admin') throw new Forbidden({ zh: '仅管理员可查看审计日志', en: 'Only an administrator reads the audit log' });
    return this.audit.list(query);
  }
}
