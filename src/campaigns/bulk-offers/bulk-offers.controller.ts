import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/validation/validation-pipe.js';
import { BulkOffersService } from './bulk-offers.service.js';
import { BulkOfferAccepted, BulkOfferBatchView, BulkOfferItemsQuery, BulkOfferRetried, CreateBulkOffersDto, RetryBulkOffersDto } from './dto/bulk-offer.dto.js';

@ApiTags('campaigns 集中要约活动')
@ApiBearerAuth()
@Controller('api/campaigns/:id/bulk-offers')
@ApiParam({ name: 'id', format: 'uuid', description: 'the campaign' })
export class BulkOffersController {
  constructor(@Inject(BulkOffersService) private readonly bulkOffers: BulkOffersService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: '批量准备要约 Prepare the offers of many enterprises: per enterprise a job starts the case and renders the offer letter for its union to issue (federations)' })
  @ApiAcceptedResponse({ type: BulkOfferAccepted })
  create(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: CreateBulkOffersDto) {
    return this.bulkOffers.create(actor, id, dto);
  }

  @Get(':batchId')
  @ApiParam({ name: 'batchId', format: 'uuid' })
  @ApiOperation({ summary: '批量要约进度 Progress of a bulk offer: counts by status and each enterprise’s case, letter or reason' })
  @ApiOkResponse({ type: BulkOfferBatchView })
  view(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('batchId', UuidParam) batchId: string, @Query() query: BulkOfferItemsQuery) {
    return this.bulkOffers.view(actor, id, batchId, query.status);
  }

  @Post(':batchId/retry')
  @HttpCode(202)
  @ApiParam({ name: 'batchId', format: 'uuid' })
  @ApiOperation({ summary: '重试失败项 Put the failed enterprises of a bulk offer (all, or those named) back in the queue, their attempts counted afresh' })
  @ApiAcceptedResponse({ type: BulkOfferRetried })
  retry(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Param('batchId', UuidParam) batchId: string, @Body() dto: RetryBulkOffersDto) {
    return this.bulkOffers.retry(actor, id, batchId, dto.enterpriseIds);
  }
}
