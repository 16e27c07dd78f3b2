import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CongressService } from '../../../bargaining/congress/congress.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import type { Bilingual } from '../../../common/errors/domain-error.js';
import { CongressVoted } from '../../../workflow-engine/payloads/event-payloads.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { intOf, linesOf, refusalOf, textOf, validateAs, WorkspacePage, type Refusal } from './workspace-page.js';
import { CasePage } from '../case-page-docs.js';

const BODY_LABELS: Record<CongressVoted['body'], Bilingual> = {
  congress: { zh: '职工代表大会', en: 'Workers’ congress' },
  all_employees: { zh: '全体职工大会', en: 'All-employee assembly' },
};

const NUMBERS = ['roster', 'present', 'yes', 'no', 'abstain'] as const;

/** 职代会审议: the union records the congress's vote on the agreed draft (CCP Art 36): at least 2/3 present, more than half of the roster yes. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class CongressPageController {
  constructor(
    @Inject(WorkspacePage) private readonly page: WorkspacePage,
    @Inject(CongressService) private readonly congress: CongressService,
  ) {}

  @Get('cases/:id/congress')
  @CasePage('职代会审议页 The votes with the Art 36 rule and, for the union in congress_review, the vote form (HTML)')
  async show(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.renderPage(id, actor, req, res, 200, undefined, req.query.voted === '1');
  }

  @Page()
  @Post('cases/:id/congress')
  @ApiOperation({ summary: '职代会审议页表单：表决结果 Record the vote (CONGRESS_VOTED; CSRF): passed → awaiting signature, rejected → back to negotiation' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded: to /cases/:id/congress?voted=1' })
  @ApiResponse({ status: 400, description: 'the page again, the messages beside the fields' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not the union' })
  @ApiResponse({ status: 409, description: 'not in congress review' })
  @ApiResponse({ status: 422, description: 'a procedure rule is not met' })
  async vote(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    try {
      const objections = linesOf(v.objections);
      const body = {
        occurredOn: v.occurredOn ?? '',
        body: v.body ?? '',
        ...Object.fromEntries(NUMBERS.map((n) => [n, intOf(v[n]) ?? ''])),
        ...(objections.length ? { objections } : {}),
        ...(textOf(v.note) ? { note: textOf(v.note) } : {}),
      };
      await this.congress.vote(actor, id, await validateAs(CongressVoted, body));
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return this.renderPage(id, actor, req, res, refusal.status, { values: v, refusal });
    }
    res.redirect(303, `/cases/${id}/congress?voted=1`);
  }

  private async renderPage(id: string, actor: Actor, req: Request, res: Response, status: number, entered?: { values: Record<string, string>; refusal: Refusal }, voted = false) {
    const [view, congress] = await Promise.all([this.page.caseView(actor, id), this.congress.view(actor, id)]);
    const params = this.page.params(view);
    const values = entered?.values ?? {};
    const last = congress.votes.at(-1);
    const canVote = view.allowedEvents.some((e) => e.type === 'CONGRESS_VOTED');
    // Refused while the page offers no vote form (not the union, not in congress review): the messages at the top.
    const loose = entered && !canVote ? [...entered.refusal.messages, ...Object.values(entered.refusal.fields).flat()] : [];
    await this.page.render(req, res, actor, status, 'workspace-congress', view.title, {
      view,
      tab: 'congress',
      voted,
      last,
      votes: congress.votes.map((vote) => ({ ...vote, bodyLabel: BODY_LABELS[vote.body] })).reverse(),
      rule: { quorum: `${params.congressQuorumNumerator}/${params.congressQuorumDenominator}` },
      canVote,
      loose,
      form: {
        errors: entered?.refusal.messages ?? [],
        fields: entered?.refusal.fields ?? {},
        values,
        occurredOn: values.occurredOn ?? this.page.today(),
        bodies: Object.entries(BODY_LABELS).map(([value, label]) => ({ value, label, selected: (values.body ?? 'congress') === value })),
      },
    });
  }
}
