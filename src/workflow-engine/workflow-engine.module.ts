import { Module } from '@nestjs/common';
import { CaseWorkflowService } from './case-workflow.service.js';
import { DeadlineScheduler } from './deadline-scheduler.js';
import { WorkflowRegistry } from './workflow-registry.js';

@Module({
  providers: [WorkflowRegistry, CaseWorkflowService, DeadlineScheduler],
  exports: [WorkflowRegistry, CaseWorkflowService, DeadlineScheduler],
})
export class WorkflowEngineModule {}
