import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { DataSource } from 'typeorm';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { UuidParam } from '../common/validation/validation-pipe.js';
import { CaseAccess } from '../bargaining/workspace/case-access.js';
import { CaseWorkflowService } from '../workflow-engine/case-workflow.service.js';
import { sqlOn } from '../workflow-engine/case-store.js';
import { ComplianceService } from './compliance.service.js';

export class ComplianceQuery {
  @ApiPropertyOptional({ description: 'a draft version (default: the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

@ApiTags('negotiation 协商工作台')
@ApiBearerAuth()
@Controller('api/cases/:id/compliance')
export class ComplianceController {
  constructor(
    @Inject(ComplianceService) private readonly compliance: ComplianceService,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '合规审查 Every finding of the content and procedure checks, each citing its rule; blocking ones stop DRAFT_AGREED and SIGNED' })
  async check(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: ComplianceQuery) {
    const c = await this.cases.load(actor, id);
    return this.compliance.evaluate(sqlOn(this.dataSource), c, this.engine.workflowOf(c).definition.parameters, query.version);
  }
}
