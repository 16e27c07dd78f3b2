import { Module } from '@nestjs/common';
import { PagesCoreModule } from '../pages-core.module.js';

/** The filings pages (controllers in this folder; views web/pages/filings-*.hbs; strings strings/filings.ts). */
@Module({
  imports: [PagesCoreModule],
  controllers: [],
  providers: [],
})
export class FilingPagesModule {}
