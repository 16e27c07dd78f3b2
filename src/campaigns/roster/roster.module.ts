import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns.module.js';
import { RosterController } from './roster.controller.js';
import { RosterService } from './roster.service.js';

/** Roster import (XLSX/CSV) into a campaign: report per row, all-or-nothing or skip bad rows, upsert by credit code. */
@Module({
  imports: [CampaignsModule],
  controllers: [RosterController],
  providers: [RosterService],
  exports: [RosterService],
})
export class RosterModule {}
