import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthService } from '../accounts/auth.service.js';
import { BargainingModule } from '../bargaining/bargaining.module.js';
import { WorkflowEngineModule } from '../workflow-engine/workflow-engine.module.js';
import { DashboardController } from './dashboard.controller.js';
import { CsrfTokens } from './pages/csrf-tokens.js';
import { formBody } from './pages/form-body.middleware.js';
import { HomeController } from './pages/home.controller.js';
import { HomeService } from './pages/home.service.js';
import { PageExceptionFilter } from './pages/page-exception.filter.js';
import { PageRenderer } from './pages/page-renderer.js';
import { SignInController } from './pages/sign-in.controller.js';
import { WebAssets } from './web-assets.js';

/**
 * The web pages and their locally served assets: the federation's campaign dashboard (a page shell that
 * reads the API with a bearer token), and the server-rendered pages signed in by cookie (sign-in, home,
 * case). AuthService is provided here again (it is stateless) so that the form signs in exactly as the API does.
 */
@Module({
  imports: [BargainingModule, WorkflowEngineModule],
  controllers: [DashboardController, SignInController, HomeController],
  providers: [WebAssets, AuthService, CsrfTokens, PageRenderer, HomeService, PageExceptionFilter],
})
export class DashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    // Plain paths (mounted with use()): a method-specific middleware would appear in the router as a second POST /login route.
    consumer.apply(formBody).forRoutes('login', 'logout');
  }
}
