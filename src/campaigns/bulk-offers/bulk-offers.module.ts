import { Module } from '@nestjs/common';
import { DocumentSources } from '../../documents/document-sources.js';
import { DocumentsModule } from '../../documents/documents.module.js';
import { JobsModule } from '../../jobs/jobs.module.js';
import { WorkflowEngineModule } from '../../workflow-engine/workflow-engine.module.js';
import { CampaignsModule } from '../campaigns.module.js';
import { BulkOffersController } from './bulk-offers.controller.js';
import { BulkOffersService } from './bulk-offers.service.js';
import { OfferPreparer } from './offer-preparer.js';

/** Bulk offers: many cases started and their offer letters rendered through the job queue. */
@Module({
  // DocumentSources reads the case for the letter (stateless; the documents module keeps its own).
  imports: [JobsModule, CampaignsModule, WorkflowEngineModule, DocumentsModule],
  controllers: [BulkOffersController],
  providers: [BulkOffersService, OfferPreparer, DocumentSources],
})
export class BulkOffersModule {}
