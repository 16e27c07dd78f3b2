import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import type { Response } from 'express';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { CurrentActor } from '../common/auth/decorators.js';
import { NotFound } from '../common/errors/domain-error.js';
import { CasesService } from '../bargaining/cases.service.js';
import { toMermaid } from './diagram/mermaid.js';
import { toSvg } from './diagram/svg.js';
import { WorkflowRegistry, type RegisteredWorkflow } from './workflow-registry.js';

class WorkflowSummaryView {
  @ApiProperty({ example: 'enterprise-contract' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'sha256 of the file' }) hash: string;
  @ApiProperty() title: { zh: string; en: string };
  @ApiProperty({ enum: ['enterprise', 'industry_regional'] }) scope: string;
  @ApiProperty({ type: [String] }) kinds: string[];
  @ApiProperty({ description: 'true for the newest version of this id' }) latest: boolean;
  @ApiProperty({ type: [String] }) states: string[];
  @ApiProperty({ type: [String] }) events: string[];
}

class WorkflowQuery {
  @ApiPropertyOptional({ description: 'a version; the newest by default' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) version?: number;
}

class DiagramQuery extends WorkflowQuery {
  @ApiPropertyOptional({ enum: ['svg', 'mermaid'], default: 'svg' }) @IsOptional() @IsIn(['svg', 'mermaid']) format?: 'svg' | 'mermaid';
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' }) @IsOptional() @IsIn(['zh', 'en']) lang?: 'zh' | 'en';
  @ApiPropertyOptional({ format: 'uuid', description: 'highlight this case’s current state (and draw its pinned version)' }) @IsOptional() @IsUUID() caseId?: string;
}

@ApiTags('workflows 流程定义')
@ApiBearerAuth()
@Controller('api/workflows')
export class WorkflowsController {
  constructor(
    @Inject(WorkflowRegistry) private readonly registry: WorkflowRegistry,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  @Get()
  @ApiOperation({ summary: '流程定义 Workflow definitions and their versions' })
  @ApiOkResponse({ type: [WorkflowSummaryView] })
  list(@CurrentActor() actor: Actor): WorkflowSummaryView[] {
    this.access.assert(actor, 'reference.read');
    return this.registry.list().map((w) => ({
      id: w.definition.id,
      version: w.definition.version,
      hash: w.hash,
      title: w.definition.title,
      scope: w.definition.scope,
      kinds: w.definition.kinds,
      latest: this.registry.latest(w.definition.id) === w,
      states: Object.keys(w.definition.machine.states),
      events: Object.keys(w.definition.events),
    }));
  }

  @Get(':workflowId')
  @ApiOperation({ summary: '流程定义 One workflow: the whole file (states, events, roles, payload schemas, deadlines, parameters)' })
  get(@CurrentActor() actor: Actor, @Param('workflowId') id: string, @Query() query: WorkflowQuery) {
    this.access.assert(actor, 'reference.read');
    const w = this.find(id, query.version);
    return { ...w.definition, hash: w.hash, file: w.file };
  }

  @Get(':workflowId/diagram')
  @ApiOperation({ summary: '流程图 The workflow as SVG or Mermaid, optionally with a case’s current state highlighted' })
  @ApiProduces('image/svg+xml', 'text/plain')
  async diagram(@CurrentActor() actor: Actor, @Param('workflowId') id: string, @Query() query: DiagramQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    this.access.assert(actor, 'reference.read');
    let version = query.version;
    let highlight: string | undefined;
    if (query.caseId) {
      const c = await this.cases.get(actor, query.caseId);
      if (c.workflowId !== id) throw new NotFound({ zh: '案件', en: 'Case' }, query.caseId);
      version = c.workflowVersion;
      highlight = c.status;
    }
    const w = this.find(id, version);
    if (query.format === 'mermaid') {
      res.type('text/plain; charset=utf-8');
      return toMermaid(w.definition, { highlight, lang: query.lang });
    }
    res.type('image/svg+xml; charset=utf-8');
    return toSvg(w.definition, { highlight, lang: query.lang });
  }

  private find(id: string, version?: number): RegisteredWorkflow {
    const w = version === undefined ? this.registry.latest(id) : this.registry.get(id, version);
    if (!w) throw new NotFound({ zh: '流程定义', en: 'Workflow' }, version === undefined ? id : `${id}@${version}`);
    return w;
  }
}
