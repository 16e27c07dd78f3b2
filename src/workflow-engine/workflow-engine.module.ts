import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { WorkflowRegistry } from './workflow-registry.js';

// The compliance module gives the guards their facts (CASE_FACTS); it depends on nothing of the engine's.
@Module({
  imports: [ComplianceModule],
  providers: [WorkflowRegistry, CaseWorkflowService, DeadlineScheduler],
  exports: [WorkflowRegistry, CaseWorkflowService, DeadlineScheduler],
})
export class WorkflowEngineModule {}
