import { Module } from '@nestjs/common';
import { AuthService } from '../../accounts/auth.service.js';
import { BargainingModule } from '../../bargaining/bargaining.module.js';
import { WorkflowEngineModule } from '../../workflow-engine/workflow-engine.module.js';
import { WebAssets } from '../web-assets.js';
import { CsrfTokens } from './csrf-tokens.js';
import { HomeService } from './home.service.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderer } from './page-renderer.js';
import { PageSession } from './page-session.js';

/**
 * What every area's pages share: the renderer (layout, views, dictionary), the session (user, navigation,
 * CSRF), the error pages, the locally served assets. AuthService is provided here again (it is stateless) so
 * that the sign-in form signs in exactly as the API does.
 */
@Module({
  imports: [BargainingModule, WorkflowEngineModule],
  providers: [WebAssets, AuthService, CsrfTokens, PageRenderer, HomeService, PageSession, PageExceptionFilter],
  exports: [WebAssets, AuthService, CsrfTokens, PageRenderer, HomeService, PageSession, PageExceptionFilter],
})
export class PagesCoreModule {}
