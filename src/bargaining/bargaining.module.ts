import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ComplianceController } from '../compliance/compliance.controller.js';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { WorkflowsController } from '../workflow-engine/workflows.controller.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { CongressController } from './congress/congress.controller.js';
import { CongressService } from './congress/congress.service.js';
import { DraftsController } from './drafts/drafts.controller.js';
import { DraftsService } from './drafts/drafts.service.js';
import { ProposalsController } from './drafts/proposals.controller.js';
import { ProposalsService } from './drafts/proposals.service.js';
import { RepresentativesController } from './representatives/representatives.controller.js';
import { RepresentativesService } from './representatives/representatives.service.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { SessionsService } from './sessions/sessions.service.js';
import { CaseAccess } from './workspace/case-access.js';
import { RegisterController } from './register/register.controller.js';
import { RegisterService } from './register/register.service.js';

// The workflows controller lives with the engine's files but is served here: it highlights cases.
// So does the compliance controller: it reads cases as the workspace does.
@Module({
  imports: [WorkflowEngineModule, ComplianceModule, CampaignsModule],
  controllers: [CasesController, WorkflowsController, RepresentativesController, SessionsController, DraftsController, ProposalsController, CongressController, ComplianceController, RegisterController],
  providers: [CasesService, CaseAccess, RepresentativesService, SessionsService, DraftsService, ProposalsService, CongressService, RegisterService],
  exports: [CasesService, CaseAccess, RepresentativesService, SessionsService, DraftsService, ProposalsService, CongressService, RegisterService],
})
export class BargainingModule {}
