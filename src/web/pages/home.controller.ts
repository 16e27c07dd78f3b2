import { Controller, Get, Inject, Param, ParseUUIDPipe, Req, Res, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor, Page } from '../../common/auth/decorators.js';
import { parseCookies, SESSION_COOKIE } from '../../common/auth/session-cookie.js';
import { CsrfTokens } from './csrf-tokens.js';
import { HomeService } from './home.service.js';
import { ROLE_LABELS, type Lang } from './i18n.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderer, type PageUser } from './page-renderer.js';

/** The signed-in pages: each role's home ("what waits on me") and the read-only case page. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class HomeController {
  constructor(
    @Inject(HomeService) private readonly home: HomeService,
    @Inject(CsrfTokens) private readonly csrf: CsrfTokens,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
  ) {}

  @Page()
  @Get()
  @ApiOperation({ summary: '首页：待办事项 Home: the caller’s cases, nearest deadline first (HTML; session cookie, else 303 to /login)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login' })
  async index(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const lang = this.pages.langOf(req, res);
    const [user, groups] = await Promise.all([this.user(actor, req, lang), this.home.waiting(actor)]);
    this.pages.render(req, res, 200, 'home', {
      lang,
      title: 'homeTitle',
      user,
      groups,
      isUnion: actor.role === 'union',
      isFederation: actor.role === 'federation' || actor.role === 'admin',
    });
  }

  @Page()
  @Get('cases/:id')
  @ApiOperation({ summary: '案件页（只读） A case, read-only: state, parties, deadlines, allowed events, history (HTML)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 404, description: 'no such case, or not within the caller’s reach' })
  async casePage(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const lang = this.pages.langOf(req, res);
    const [user, data] = await Promise.all([this.user(actor, req, lang), this.home.casePage(actor, id)]);
    this.pages.render(req, res, 200, 'case', { lang, title: 'colCase', pageTitle: data.view.title, user, ...data });
  }

  private async user(actor: Actor, req: Request, lang: Lang): Promise<PageUser> {
    return {
      name: await this.home.displayName(actor),
      roleLabel: ROLE_LABELS[actor.role][lang],
      csrf: this.csrf.forSession(parseCookies(req.headers.cookie).get(SESSION_COOKIE)!),
    };
  }
}
