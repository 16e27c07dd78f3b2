import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { CasePagesModule } from './pages/case/case-pages.module.js';
import { FederationPagesModule } from './pages/federation/federation-pages.module.js';
import { FilingPagesModule } from './pages/filings/filings-pages.module.js';
import { formBody } from './pages/form-body.middleware.js';
import { HomeController } from './pages/home.controller.js';
import { PagesCoreModule } from './pages/pages-core.module.js';
import { SignInController } from './pages/sign-in.controller.js';
import { WorkspacePagesModule } from './pages/workspace/workspace-pages.module.js';

/**
 * The web pages and their locally served assets: the federation's campaign dashboard (a page shell that
 * reads the API with a bearer token), and the server-rendered pages signed in by cookie: sign-in and home
 * here, each area's pages in its own module under pages/ (case, workspace, filings, federation).
 */
@Module({
  imports: [PagesCoreModule, CasePagesModule, WorkspacePagesModule, FilingPagesModule, FederationPagesModule],
  controllers: [DashboardController, SignInController, HomeController],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    // Plain paths (mounted with use()): a method-specific middleware would appear in the router as a second POST /login route.
    consumer.apply(formBody).forRoutes('login', 'logout');
  }
}
