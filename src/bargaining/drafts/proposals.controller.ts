import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { RemarkDto } from '../workspace/remark.dto.js';
import { CreateProposalDto, ListProposalsQuery } from './drafts.dto.js';
import { ProposalsService } from './proposals.service.js';

@ApiTags('negotiation 协商工作台')
@ApiBearerAuth()
@Controller('api/cases/:id/proposals')
export class ProposalsController {
  constructor(@Inject(ProposalsService) private readonly proposals: ProposalsService) {}

  @Get()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '条款方案 Proposals, by article and status' })
  list(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Query() query: ListProposalsQuery) {
    return this.proposals.list(actor, id, query);
  }

  @Post()
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: '提出方案 Propose (or counter) an amendment, a new article or a deletion, in a session' })
  create(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() body: CreateProposalDto) {
    return this.proposals.create(actor, id, body);
  }

  @Post(':proposalId/agreement')
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'proposalId', format: 'uuid' })
  @ApiOperation({ summary: '同意 The other side’s chief agrees (from their own account)' })
  agree(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('proposalId', UuidParam) proposalId: string, @Body() body: RemarkDto) {
    return this.proposals.agree(actor, id, proposalId, body.remark);
  }

  @Post(':proposalId/withdrawal')
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'proposalId', format: 'uuid' })
  @ApiOperation({ summary: '撤回 The proposing side withdraws an open proposal' })
  withdraw(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('proposalId', UuidParam) proposalId: string, @Body() body: RemarkDto) {
    return this.proposals.withdraw(actor, id, proposalId, body.remark);
  }
}
