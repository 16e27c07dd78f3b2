import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import { parseCookies, SESSION_COOKIE } from '../../common/auth/session-cookie.js';
import { CsrfRefused } from './csrf-refused.js';
import { CsrfTokens } from './csrf-tokens.js';
import { HomeService } from './home.service.js';
import { ROLE_LABELS, type Lang } from './i18n.js';
import { navFor } from './nav.js';
import type { PageUser } from './page-renderer.js';

/** What every signed-in page needs of its session: the layout's user (name, role, navigation, sign-out token) and the CSRF check of a posted form. */
@Injectable()
export class PageSession {
  constructor(
    @Inject(HomeService) private readonly home: HomeService,
    @Inject(CsrfTokens) private readonly csrf: CsrfTokens,
  ) {}

  /** The CSRF token of this request's session (the value every form of the page carries as `csrf`). */
  token(req: Request): string {
    return this.csrf.forSession(parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? '');
  }

  /** Throws CsrfRefused (a 403 page) unless the posted `csrf` field is this session's token. */
  requireCsrf(req: Request, posted: string | undefined): void {
    const session = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!session || !this.csrf.check(posted, this.csrf.forSession(session))) throw new CsrfRefused();
  }

  async user(actor: Actor, req: Request, lang: Lang): Promise<PageUser> {
    return {
      name: await this.home.displayName(actor),
      roleLabel: ROLE_LABELS[actor.role][lang],
      csrf: this.token(req),
      nav: navFor(actor.role, req.path),
    };
  }
}
