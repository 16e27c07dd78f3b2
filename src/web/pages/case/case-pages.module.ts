import { Module } from '@nestjs/common';
import { BargainingModule } from '../../../bargaining/bargaining.module.js';
import { DocumentsService } from '../../../documents/documents.service.js';
import { WorkflowEngineModule } from '../../../workflow-engine/workflow-engine.module.js';
import { PagesCoreModule } from '../pages-core.module.js';
import { CasePageController } from './case-page.controller.js';
import { CasePageService } from './case-page.service.js';
import { DocumentPdfController } from './document-pdf.controller.js';
import { RegisterPageController } from './register-page.controller.js';
import { StartCaseController } from './start-case.controller.js';
import { StartCaseService } from './start-case.service.js';

/**
 * The case page, starting a case, a document's PDF, and the register of contracts (views web/pages/case*.hbs
 * and register.hbs; strings strings/case.ts). StartCaseController comes before CasePageController: its
 * GET /cases/new must be routed before GET /cases/:id (whose UUID pipe would refuse "new").
 * DocumentsService is provided here again (stateless; its module does not export it).
 */
@Module({
  imports: [PagesCoreModule, BargainingModule, WorkflowEngineModule],
  controllers: [StartCaseController, CasePageController, DocumentPdfController, RegisterPageController],
  providers: [CasePageService, StartCaseService, DocumentsService],
})
export class CasePagesModule {}
