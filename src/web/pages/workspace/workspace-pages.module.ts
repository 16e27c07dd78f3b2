import { Module } from '@nestjs/common';
import { PagesCoreModule } from '../pages-core.module.js';

/** The workspace pages (controllers in this folder; views web/pages/workspace-*.hbs; strings strings/workspace.ts). */
@Module({
  imports: [PagesCoreModule],
  controllers: [],
  providers: [],
})
export class WorkspacePagesModule {}
