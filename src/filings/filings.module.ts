import { Module } from '@nestjs/common';
import { BargainingModule } from '../bargaining/bargaining.module.js';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { FilingAccess } from './filing-access.js';
import { FilingMaterialsService } from './filing-materials.service.js';
import { FilingReceiptsService } from './filing-receipts.service.js';
import { FilingsController } from './filings.controller.js';
import { FilingsInboxService } from './filings-inbox.service.js';

/** Filing and review (procedure.md states 11–13): the materials the employer uploads, the bureau's inbox and receipts. */
@Module({
  imports: [WorkflowEngineModule, BargainingModule],
  controllers: [FilingsController],
  providers: [FilingAccess, FilingMaterialsService, FilingReceiptsService, FilingsInboxService],
  exports: [FilingAccess, FilingMaterialsService, FilingReceiptsService, FilingsInboxService],
})
export class FilingsModule {}
