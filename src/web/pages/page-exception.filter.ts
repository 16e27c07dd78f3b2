import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { SignInRequired } from '../../common/auth/sign-in-required.js';
import { safeNext } from './safe-next.js';
import { DomainError, ValidationFailed } from '../../common/errors/domain-error.js';
import { ProblemFilter } from '../../common/errors/problem.filter.js';
import { APP_LOGGER } from '../../common/logging/logger.js';
import { CsrfRefused } from './csrf-refused.js';
import { PageRenderer } from './page-renderer.js';

/**
 * Errors of the pages answer as pages, not problem+json (but for a malformed body, which no form of ours sends): no session → 303 to /login?next=<this page>;
 * a CSRF refusal → a 403 page; another domain error (404 of a case out of reach) → a page with its
 * bilingual message; anything else → a 500 page, logged.
 */
@Catch()
export class PageExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  catch(error: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error instanceof SignInRequired) {
      // Only what sign-in would honour (safeNext): a longer address once made a Location header too large to read (found by test/fuzz).
      const next = req.method === 'GET' ? safeNext(req.originalUrl) : '/';
      res.redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
      return;
    }
    // A body our forms never send (a field of the wrong type, an unknown one): answered as the API answers it.
    if (error instanceof ValidationFailed) {
      new ProblemFilter(this.logger).catch(error, host);
      return;
    }
    const lang = this.pages.langOf(req, res);
    if (error instanceof CsrfRefused) {
      this.pages.render(req, res, 403, 'error', { lang, title: 'forbiddenTitle', heading: 'forbiddenTitle', message: error.detail, csrf: true });
      return;
    }
    if (error instanceof DomainError) {
      const heading = error.status === 404 ? 'notFoundTitle' : 'errorTitle';
      this.pages.render(req, res, error.status, 'error', { lang, title: heading, heading, message: error.detail ?? error.title });
      return;
    }
    if (error instanceof HttpException && error.getStatus() < 500) {
      this.pages.render(req, res, error.getStatus(), 'error', { lang, title: 'errorTitle', heading: 'errorTitle', message: { zh: error.message, en: error.message } });
      return;
    }
    this.logger.error({ err: error, path: req.path }, 'page failed');
    this.pages.render(req, res, 500, 'error', { lang, title: 'errorTitle', heading: 'errorTitle', message: { zh: '服务器内部错误', en: 'Internal server error' } });
  }
}
