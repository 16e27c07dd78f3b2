import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { DocumentsOutboxModule } from '../documents/documents-outbox.module.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { WorkflowRegistry } from './workflow-registry.js';

// The compliance module gives the guards their facts (CASE_FACTS), the documents' which events leave an outbox row;
// neither depends on anything of the engine's.
@Module({
  imports: [ComplianceModule, DocumentsOutboxModule],
  providers: [WorkflowRegistry, CaseWorkflowService, DeadlineScheduler],
  exports: [WorkflowRegistry, CaseWorkflowService, DeadlineScheduler],
})
export class WorkflowEngineModule {}
