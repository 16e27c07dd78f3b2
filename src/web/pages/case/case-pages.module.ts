import { Module } from '@nestjs/common';
import { BargainingModule } from '../../../bargaining/bargaining.module.js';
import { PagesCoreModule } from '../pages-core.module.js';
import { CasePageController } from './case-page.controller.js';

/** The case page and starting a case (controllers in this folder; views web/pages/case*.hbs; strings strings/case.ts). */
@Module({
  imports: [PagesCoreModule, BargainingModule],
  controllers: [CasePageController],
  providers: [],
})
export class CasePagesModule {}
