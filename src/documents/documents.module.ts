import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BargainingModule } from '../bargaining/bargaining.module.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { DocumentProducer } from './document-producer.js';
import { DocumentSources } from './document-sources.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { PDF_RENDERER } from './documents.tokens.js';
import type { PdfRenderer } from './renderer/pdf-renderer.js';
import { PuppeteerPdfRenderer } from './renderer/puppeteer-pdf-renderer.js';
import { TemplatesController } from './templates.controller.js';
import { templateCodePoints } from './templates/template-characters.js';
import { TemplateRegistry } from './templates/template-registry.js';

// The browser starts on the first render, not with the service: most requests never need it.
@Module({
  imports: [WorkflowEngineModule, BargainingModule],
  controllers: [DocumentsController, TemplatesController],
  providers: [TemplateRegistry, DocumentSources, DocumentProducer, DocumentsService, { provide: PDF_RENDERER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PuppeteerPdfRenderer({ executablePath: config.render.chromiumPath, pages: config.render.pages, queueLimit: config.render.queueLimit, timeoutMs: config.render.timeoutMs, coreCodePoints: templateCodePoints() }) }],
  exports: [DocumentProducer, PDF_RENDERER, TemplateRegistry],
})
export class DocumentsModule implements OnApplicationShutdown {
  constructor(@Inject(PDF_RENDERER) private readonly renderer: PdfRenderer) {}

  async onApplicationShutdown() {
    await this.renderer.close();
  }
}
