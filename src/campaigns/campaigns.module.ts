import { Module } from '@nestjs/common';
import { CampaignScope } from './campaign-scope.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';

/** Campaigns (集中要约月): period, scope, kinds, targets; which campaign a new case belongs to. */
@Module({
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignScope],
  exports: [CampaignsService, CampaignScope],
})
export class CampaignsModule {}
