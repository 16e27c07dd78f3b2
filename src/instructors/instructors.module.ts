import { Module } from '@nestjs/common';
import { BargainingModule } from '../bargaining/bargaining.module.js';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { AssignmentsService } from './assignments.service.js';
import { CaseInstructorsController } from './case-instructors.controller.js';
import { CaseStates } from './case-states.js';
import { GuidanceNotesController } from './guidance/guidance-notes.controller.js';
import { GuidanceNotesService } from './guidance/guidance-notes.service.js';
import { InstructorFiguresService } from './instructor-figures.service.js';
import { InstructorsController } from './instructors.controller.js';
import { InstructorsService } from './instructors.service.js';

/** Bargaining instructors: registry, assignment to cases, workload and assessment, guidance notes. */
@Module({
  imports: [WorkflowEngineModule, BargainingModule],
  controllers: [InstructorsController, CaseInstructorsController, GuidanceNotesController],
  providers: [CaseStates, InstructorsService, AssignmentsService, InstructorFiguresService, GuidanceNotesService],
  exports: [CaseStates, InstructorsService, AssignmentsService, InstructorFiguresService, GuidanceNotesService],
})
export class InstructorsModule {}
