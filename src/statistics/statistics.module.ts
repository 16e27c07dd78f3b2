import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { CampaignStatisticsController } from './campaign-statistics.controller.js';
import { CampaignStatisticsService } from './campaign-statistics.service.js';
import { StatisticsController } from './statistics.controller.js';
import { StatisticsRecount } from './statistics-recount.js';
import { StatisticsService } from './statistics.service.js';

/** The campaign's statistics: rollups the engine keeps (rollup-sql.ts), their recount and the API. */
@Module({
  imports: [CampaignsModule, WorkflowEngineModule],
  controllers: [StatisticsController, CampaignStatisticsController],
  providers: [StatisticsService, StatisticsRecount, CampaignStatisticsService],
  exports: [StatisticsService, StatisticsRecount, CampaignStatisticsService],
})
export class StatisticsModule {}
