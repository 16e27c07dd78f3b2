import { Module } from '@nestjs/common';
import { PagesCoreModule } from '../pages-core.module.js';

/** The federation pages (controllers in this folder; views web/pages/federation-*.hbs; strings strings/federation.ts). */
@Module({
  imports: [PagesCoreModule],
  controllers: [],
  providers: [],
})
export class FederationPagesModule {}
