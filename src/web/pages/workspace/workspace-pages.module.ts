import { Module } from '@nestjs/common';
import { BargainingModule } from '../../../bargaining/bargaining.module.js';
import { WorkflowEngineModule } from '../../../workflow-engine/workflow-engine.module.js';
import { PagesCoreModule } from '../pages-core.module.js';
import { CongressPageController } from './congress-page.controller.js';
import { NegotiationPageController } from './negotiation-page.controller.js';
import { TeamPageController } from './team-page.controller.js';
import { WorkspacePage } from './workspace-page.js';

/** The workspace pages: teams, sessions and draft, congress (views web/pages/workspace-*.hbs; strings strings/workspace.ts). */
@Module({
  imports: [PagesCoreModule, BargainingModule, WorkflowEngineModule],
  controllers: [TeamPageController, NegotiationPageController, CongressPageController],
  providers: [WorkspacePage],
})
export class WorkspacePagesModule {}
