import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../common/auth/actor.js';
import { CurrentActor, Page } from '../../common/auth/decorators.js';
import { HomeService } from './home.service.js';
import { PageExceptionFilter } from './page-exception.filter.js';
import { PageRenderer } from './page-renderer.js';
import { PageSession } from './page-session.js';

/** Each role's home: "what waits on me", nearest deadline first. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class HomeController {
  constructor(
    @Inject(HomeService) private readonly home: HomeService,
    @Inject(PageSession) private readonly session: PageSession,
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
    const [user, groups] = await Promise.all([this.session.user(actor, req, lang), this.home.waiting(actor)]);
    this.pages.render(req, res, 200, 'home', {
      lang,
      title: 'homeTitle',
      user,
      groups,
      isUnion: actor.role === 'union',
      isFederation: actor.role === 'federation' || actor.role === 'admin',
    });
  }

}
