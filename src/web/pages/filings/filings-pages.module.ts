import { Module } from '@nestjs/common';
import { BargainingModule } from '../../../bargaining/bargaining.module.js';
import { DraftsService } from '../../../bargaining/drafts/drafts.service.js';
import { ComplianceModule } from '../../../compliance/compliance.module.js';
import { FilingsModule } from '../../../filings/filings.module.js';
import { WorkflowEngineModule } from '../../../workflow-engine/workflow-engine.module.js';
import { PagesCoreModule } from '../pages-core.module.js';
import { FilingPageController } from './filing-page.controller.js';
import { FilingPageView } from './filing-page.view.js';
import { ReviewPageController } from './review-page.controller.js';
import { ReviewPageView } from './review-page.view.js';

/**
 * The filings pages (controllers in this folder; views web/pages/filings-*.hbs; strings strings/filings.ts).
 * DraftsService is stateless and not exported by the bargaining module: provided here again for the redline.
 */
@Module({
  imports: [PagesCoreModule, BargainingModule, WorkflowEngineModule, ComplianceModule, FilingsModule],
  controllers: [FilingPageController, ReviewPageController],
  providers: [FilingPageView, ReviewPageView, DraftsService],
})
export class FilingPagesModule {}
