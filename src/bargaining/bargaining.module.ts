import { Module } from '@nestjs/common';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { WorkflowsController } from '../workflow-engine/workflows.controller.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

// The workflows controller lives with the engine's files but is served here: it highlights cases.
@Module({
  imports: [WorkflowEngineModule],
  controllers: [CasesController, WorkflowsController],
  providers: [CasesService],
  exports: [CasesService],
})
export class BargainingModule {}
