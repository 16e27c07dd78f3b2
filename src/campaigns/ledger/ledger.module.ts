import { Module } from '@nestjs/common';
import { StatisticsModule } from '../../statistics/statistics.module.js';
import { CampaignsModule } from '../campaigns.module.js';
import { LedgerController } from './ledger.controller.js';
import { LedgerService } from './ledger.service.js';

/** The campaign's ledger (台账): XLSX and CSV export, the summary's figures those of the statistics endpoint. */
@Module({
  imports: [CampaignsModule, StatisticsModule],
  controllers: [LedgerController],
  providers: [LedgerService],
  exports: [LedgerService],
})
export class LedgerModule {}
