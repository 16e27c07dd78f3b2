import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService, InvalidCredentials } from '../../accounts/auth.service.js';
import { Public } from '../../common/auth/decorators.js';
import { TooManyLoginAttempts } from '../../common/security/login-throttle.js';
import { parseCookies, SESSION_COOKIE } from '../../common/auth/session-cookie.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import { CsrfRefused } from './csrf-refused.js';
import { CsrfTokens, LOGIN_CSRF_COOKIE } from './csrf-tokens.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { SignInForm, SignOutForm } from './page-forms.dto.js';
import { PageRenderer } from './page-renderer.js';
import { safeNext } from './safe-next.js';

const LOGIN_NONCE_SECONDS = 2 * 3600;

/**
 * Sign-in and sign-out of the pages. The session cookie carries the HS256 token POST /api/auth/login
 * issues (same claims, same lifetime, same verification in the guard): no session table, and a session
 * ends when its token expires. Secure is set when the request came over https (req.secure: behind a
 * TLS-terminating proxy, Express must be told to trust it for X-Forwarded-Proto).
 */
@ApiTags('web 页面')
@Controller()
@UseFilters(PageExceptionFilter)
export class SignInController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(CsrfTokens) private readonly csrf: CsrfTokens,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('login')
  @ApiOperation({ summary: '登录页 The sign-in page (HTML form; sets its own CSRF cookie)' })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'next', required: false, description: 'a path of this site to go to after sign-in' })
  @ApiQuery({ name: 'lang', required: false, enum: ['zh', 'en'] })
  @ApiOkResponse({ description: 'the sign-in form' })
  page(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response) {
    this.renderForm(req, res, 200, { next: safeNext(next), username: '', failed: false });
  }

  @Public()
  @Post('login')
  @ApiOperation({ summary: '页面登录 Sign in from the form: sets the session cookie and redirects (303)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'signed in: to `next` (a path of this site) or /' })
  @ApiOkResponse({ description: 'wrong username or password: the form again, with the message' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token' })
  @ApiResponse({ status: 429, description: 'too many failed sign-ins: the form again with the message, and Retry-After' })
  async signIn(@Body() body: SignInForm, @Req() req: Request, @Res() res: Response) {
    const nonce = parseCookies(req.headers.cookie).get(LOGIN_CSRF_COOKIE);
    if (!nonce || !this.csrf.check(body.csrf, this.csrf.forLogin(nonce))) throw new CsrfRefused();
    const next = safeNext(body.next);
    const username = typeof body.username === 'string' ? body.username.trim().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 256) : '';
    let token: string;
    try {
      // An empty field takes the same path as a wrong password: one message, no hint which was wrong.
      token = (await this.auth.login(username, password, { address: req.ip, userAgent: req.headers['user-agent'] })).accessToken;
    } catch (err) {
      if (err instanceof TooManyLoginAttempts) {
        // The form again (429, Retry-After) with the wait in the page's language.
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        const lang = this.pages.langOf(req, res);
        this.renderForm(req, res, 429, { next, username, failed: true, throttled: err.detail![lang] });
        return;
      }
      if (!(err instanceof InvalidCredentials)) throw err;
      this.renderForm(req, res, 200, { next, username, failed: true });
      return;
    }
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login', httpOnly: true, sameSite: 'strict', secure: req.secure });
    res.cookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.secure, maxAge: this.config.jwtTtlSeconds * 1000 });
    res.redirect(303, next);
  }

  // Public: signing out needs no valid session (an expired one is cleared alike), only the CSRF token of the cookie sent.
  @Public()
  @Post('logout')
  @ApiOperation({ summary: '退出登录 Sign out: clears the session cookie and redirects (303) to /login' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiResponse({ status: 303, description: 'signed out (or no session): to /login' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token' })
  signOut(@Body() body: SignOutForm, @Req() req: Request, @Res() res: Response) {
    const session = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (session && !this.csrf.check(body.csrf, this.csrf.forSession(session))) throw new CsrfRefused();
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.secure });
    res.redirect(303, '/login');
  }

  private renderForm(req: Request, res: Response, status: number, form: { next: string; username: string; failed: boolean; throttled?: string }) {
    const lang = this.pages.langOf(req, res);
    // Keep the form's nonce while it lives (two tabs, a language switch); a new one when there is none.
    let nonce = parseCookies(req.headers.cookie).get(LOGIN_CSRF_COOKIE);
    if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
      nonce = this.csrf.newLoginNonce();
      res.cookie(LOGIN_CSRF_COOKIE, nonce, { path: '/login', httpOnly: true, sameSite: 'strict', secure: req.secure, maxAge: LOGIN_NONCE_SECONDS * 1000 });
    }
    this.pages.render(req, res, status, 'login', { lang, title: 'signIn', csrf: this.csrf.forLogin(nonce), ...form });
  }
}
