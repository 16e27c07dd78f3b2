import { Module } from '@nestjs/common';
import { BargainingModule } from '../../../bargaining/bargaining.module.js';
import { CampaignsModule } from '../../../campaigns/campaigns.module.js';
import { LedgerModule } from '../../../campaigns/ledger/ledger.module.js';
import { RosterModule } from '../../../campaigns/roster/roster.module.js';
import { InstructorsModule } from '../../../instructors/instructors.module.js';
import { PagesCoreModule } from '../pages-core.module.js';
import { BoardPageController } from './board-page.controller.js';
import { FederationPagesService } from './federation-pages.service.js';
import { GuidancePageController } from './guidance-page.controller.js';
import { InstructorsPageController } from './instructors-page.controller.js';
import { LedgerPageController } from './ledger-page.controller.js';
import { RosterPageController } from './roster-page.controller.js';

/**
 * The federation pages (controllers in this folder; views web/pages/federation-*.hbs; strings strings/federation.ts):
 * the instructor's board and guidance notes, the federation's instructors, roster import and ledger.
 */
@Module({
  imports: [PagesCoreModule, BargainingModule, CampaignsModule, InstructorsModule, RosterModule, LedgerModule],
  controllers: [BoardPageController, GuidancePageController, InstructorsPageController, RosterPageController, LedgerPageController],
  providers: [FederationPagesService],
})
export class FederationPagesModule {}
