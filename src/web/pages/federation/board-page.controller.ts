import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { PageRenderer } from '../page-renderer.js';
import { PageSession } from '../page-session.js';
import { FederationPagesService, requireRole } from './federation-pages.service.js';

/** The instructor's board (指导员工作台): the cases assigned to them, a column per state in the procedure's order. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class BoardPageController {
  constructor(
    @Inject(PageSession) private readonly session: PageSession,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(FederationPagesService) private readonly federation: FederationPagesService,
  ) {}

  @Page()
  @Get('board')
  @ApiOperation({ summary: '指导员工作台 The instructor’s board: assigned cases by state, each with its enterprise, kind, next deadline and overdue flag (HTML)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'the page' })
  @ApiResponse({ status: 303, description: 'not signed in: to /login?next=…' })
  @ApiResponse({ status: 403, description: 'not an instructor' })
  async board(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    requireRole(actor, ['instructor']);
    const lang = this.pages.langOf(req, res);
    const [user, board] = await Promise.all([this.session.user(actor, req, lang), this.federation.board(actor)]);
    this.pages.render(req, res, 200, 'federation-board', { lang, title: 'fedBoardTitle', user, ...board });
  }
}
