import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CreateProposalDto, type ListProposalsQuery, StartDraftDto } from '../../../bargaining/drafts/drafts.dto.js';
import { DraftsService } from '../../../bargaining/drafts/drafts.service.js';
import { ProposalsService } from '../../../bargaining/drafts/proposals.service.js';
import { RepresentativesService } from '../../../bargaining/representatives/representatives.service.js';
import { RecordMinutesDto, ScheduleSessionDto } from '../../../bargaining/sessions/sessions.dto.js';
import { SessionsService } from '../../../bargaining/sessions/sessions.service.js';
import { RemarkDto } from '../../../bargaining/workspace/remark.dto.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import type { Side } from '../../../workflow-engine/machine/case-context.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { articleLabel } from '../../../bargaining/contract/contract-document.js';
import { ACTION_LABELS, DATE_TERMS, draftWithProposals, redlineView, SIDE_LABELS, TERM_LABELS } from './negotiation-view.js';
import { intOf, linesOf, refusalOf, textOf, validateAs, WorkspacePage, type Refusal } from './workspace-page.js';
import { CasePage } from '../case-page-docs.js';

const SESSION_STATES = new Set(['preparing_talks', 'negotiating', 'suspended', 'coordination']);
const RECORDERS = new Set(['union', 'employer', 'instructor']);
const sideOfRole = (actor: Actor): Side | undefined => (actor.role === 'union' ? 'employee' : actor.role === 'employer' ? 'employer' : undefined);

/** A refused form: its id (form-session, form-minutes-2, …), what was entered, the messages. */
interface Entered {
  form: string;
  values: Record<string, string>;
  refusal: Refusal;
}

/** Form field names as the template looks them up (no dots). */
const plain = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/\./g, '_'), v]));

const docs = (summary: string) => [
  ApiOperation({ summary }),
  ApiParam({ name: 'id', format: 'uuid' }),
  ApiConsumes('application/x-www-form-urlencoded'),
  ApiProduces('text/html'),
  ApiResponse({ status: 303, description: 'done: back to /cases/:id/negotiation' }),
  ApiResponse({ status: 400, description: 'the page again, the messages beside the form’s fields' }),
  ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or the caller may not do it' }),
  ApiResponse({ status: 409, description: 'not now (the case’s state, a decision already taken)' }),
  ApiResponse({ status: 422, description: 'a procedure rule is not met' }),
];
const Documented = (summary: string): MethodDecorator => (target, key, descriptor) => {
  for (const d of docs(summary)) d(target, key, descriptor);
};

/** 协商会议与草案: sessions, minutes and both chiefs' confirmations, the draft by article with its proposals, and the redline. */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class NegotiationPageController {
  constructor(
    @Inject(WorkspacePage) private readonly page: WorkspacePage,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(DraftsService) private readonly drafts: DraftsService,
    @Inject(ProposalsService) private readonly proposals: ProposalsService,
    @Inject(RepresentativesService) private readonly representatives: RepresentativesService,
  ) {}

  @Get('cases/:id/negotiation')
  @CasePage('协商页 Sessions, the draft by article with its proposals, the redline between two versions (?to=&against=) (HTML)')
  async show(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const done = typeof req.query.done === 'string' && /^[a-z-]{1,20}$/.test(req.query.done) ? req.query.done : undefined;
    await this.renderPage(id, actor, req, res, 200, undefined, done);
  }

  @Page()
  @Post('cases/:id/negotiation/sessions')
  @Documented('协商页表单：安排会议 Schedule a session: agenda, date, time, place, a recorder who is not a representative (CSRF)')
  async schedule(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    await this.act(id, actor, req, res, 'form-session', v, 'scheduled', async () => {
      const dto = await validateAs(ScheduleSessionDto, {
        scheduledOn: v.scheduledOn ?? '',
        ...(textOf(v.startsAt) ? { startsAt: v.startsAt } : {}),
        place: textOf(v.place) ?? '',
        agenda: linesOf(v.agenda),
        recorder: { name: textOf(v['recorder.name']) ?? '', personId: textOf(v['recorder.personId']) ?? '' },
      });
      await this.sessions.schedule(actor, id, dto);
    });
  }

  @Page()
  @Post('cases/:id/negotiation/sessions/:sessionNo/minutes')
  @Documented('协商页表单：会议记录 The minutes of a session: date held, attendance, text (until a chief confirms them; CSRF)')
  @ApiParam({ name: 'sessionNo', type: 'integer' })
  async minutes(@Param('id', new ParseUUIDPipe()) id: string, @Param('sessionNo') sessionNoText: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    const sessionNo = positive(sessionNoText);
    const attendance = Object.keys(v).filter((k) => k.startsWith('present.') && v[k] === 'true').map((k) => k.slice('present.'.length));
    await this.act(id, actor, req, res, `form-minutes-${sessionNo}`, v, 'minutes', async () => {
      const dto = await validateAs(RecordMinutesDto, { heldOn: v.heldOn ?? '', attendance, minutes: textOf(v.minutes) ?? '' });
      await this.sessions.recordMinutes(actor, id, sessionNo, dto);
    });
  }

  @Page()
  @Post('cases/:id/negotiation/sessions/:sessionNo/confirmation')
  @Documented('协商页表单：首席代表确认 A chief confirms the minutes from their own account; the second records SESSION_HELD (CSRF)')
  @ApiParam({ name: 'sessionNo', type: 'integer' })
  async confirm(@Param('id', new ParseUUIDPipe()) id: string, @Param('sessionNo') sessionNoText: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    const sessionNo = positive(sessionNoText);
    await this.act(id, actor, req, res, `form-confirm-${sessionNo}`, v, 'confirmed', async () => {
      const dto = await validateAs(RemarkDto, textOf(v.remark) ? { remark: textOf(v.remark) } : {});
      await this.sessions.confirm(actor, id, sessionNo, dto.remark);
    });
  }

  @Page()
  @Post('cases/:id/negotiation/draft')
  @Documented('协商页表单：起草 Version 1 of the draft: the kind’s template or the previous contract (CSRF)')
  async startDraft(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    await this.act(id, actor, req, res, 'form-draft', v, 'drafted', async () => {
      const dto = await validateAs(StartDraftDto, { from: v.from ?? '' });
      await this.drafts.start(actor, id, dto);
    });
  }

  @Page()
  @Post('cases/:id/negotiation/proposals')
  @Documented('协商页表单：提出方案 Propose an amendment, a new article or a deletion in a session (CSRF)')
  async propose(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    await this.act(id, actor, req, res, 'form-proposal', v, 'proposed', async () => {
      const termName = textOf(v.termName);
      const termValue = textOf(v.termValue);
      const terms = termName && termValue !== undefined ? { [termName]: DATE_TERMS.has(termName) ? termValue : numberOf(termValue) } : undefined;
      const body = {
        sessionNo: intOf(v.sessionNo) ?? '',
        action: v.action ?? '',
        ...(textOf(v.articleKey) ? { articleKey: textOf(v.articleKey) } : {}),
        ...(v.action === 'add' && textOf(v.chapterNo) ? { chapterNo: intOf(v.chapterNo) } : {}),
        ...(v.action === 'add' && textOf(v.afterKey) ? { afterKey: textOf(v.afterKey) } : {}),
        ...(textOf(v.title) ? { title: textOf(v.title) } : {}),
        ...(textOf(v.text) ? { text: textOf(v.text) } : {}),
        ...(terms ? { terms } : {}),
        ...(textOf(v.reason) ? { reason: textOf(v.reason) } : {}),
        ...(textOf(v.counterTo) ? { counterTo: textOf(v.counterTo) } : {}),
      };
      await this.proposals.create(actor, id, await validateAs(CreateProposalDto, body));
    });
  }

  @Page()
  @Post('cases/:id/negotiation/proposals/:proposalId/agreement')
  @Documented('协商页表单：同意方案 The other side’s chief agrees to a proposal, from their own account (CSRF)')
  @ApiParam({ name: 'proposalId', format: 'uuid' })
  async agree(@Param('id', new ParseUUIDPipe()) id: string, @Param('proposalId', new ParseUUIDPipe()) proposalId: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    await this.act(id, actor, req, res, `form-agree-${proposalId}`, v, 'agreed', async () => {
      const dto = await validateAs(RemarkDto, textOf(v.remark) ? { remark: textOf(v.remark) } : {});
      await this.proposals.agree(actor, id, proposalId, dto.remark);
    });
  }

  @Page()
  @Post('cases/:id/negotiation/proposals/:proposalId/withdrawal')
  @Documented('协商页表单：撤回方案 The proposing side withdraws an open proposal (CSRF)')
  @ApiParam({ name: 'proposalId', format: 'uuid' })
  async withdraw(@Param('id', new ParseUUIDPipe()) id: string, @Param('proposalId', new ParseUUIDPipe()) proposalId: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const v = await this.page.form(req);
    await this.act(id, actor, req, res, `form-withdraw-${proposalId}`, v, 'withdrawn', async () => {
      await this.proposals.withdraw(actor, id, proposalId);
    });
  }

  /** Runs the act; a refusal shows the page again with the messages in the form that was sent. */
  private async act(id: string, actor: Actor, req: Request, res: Response, form: string, values: Record<string, string>, done: string, run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return this.renderPage(id, actor, req, res, refusal.status, { form, values, refusal });
    }
    res.redirect(303, `/cases/${id}/negotiation?done=${done}#${form.startsWith('form-proposal') || form.startsWith('form-agree') || form.startsWith('form-withdraw') ? 'draft-title' : 'sessions-title'}`);
  }

  private async renderPage(id: string, actor: Actor, req: Request, res: Response, status: number, entered?: Entered, done?: string) {
    const [view, teams, sessions, versions, proposals] = await Promise.all([
      this.page.caseView(actor, id),
      this.representatives.view(actor, id),
      this.sessions.list(actor, id),
      this.drafts.list(actor, id),
      this.proposals.list(actor, id, {} as ListProposalsQuery),
    ]);
    const side = sideOfRole(actor);
    const state = view.state;
    const latest = versions.at(-1);
    const draft = latest ? await this.drafts.get(actor, id, latest.version) : undefined;
    const members = [...teams.employee, ...teams.employer];
    const chiefOf = (s: Side) => (s === 'employee' ? teams.employee : teams.employer).find((m) => m.chief);
    const iAmChief = !!side && chiefOf(side)?.userId === actor.userId;
    const formOf = (name: string) => (entered?.form === name ? { errors: entered.refusal.messages, fields: plain(entered.refusal.fields), values: plain(entered.values) } : { errors: [], fields: {}, values: {} });
    const canRecord = RECORDERS.has(actor.role) && SESSION_STATES.has(state);
    const negotiating = state === 'negotiating';

    const sessionViews = sessions.map((s) => {
      const minutesForm = formOf(`form-minutes-${s.sessionNo}`);
      const entered = entered0(minutesForm.values);
      const present = new Set(entered ? Object.keys(minutesForm.values).filter((k) => k.startsWith('present_')).map((k) => k.slice('present_'.length)) : s.attendance.length ? s.attendance : members.map((m) => m.personId));
      const mineConfirmed = side === 'employee' ? s.employeeConfirmedBy : side === 'employer' ? s.employerConfirmedBy : null;
      const anyConfirmed = !!(s.employeeConfirmedBy || s.employerConfirmedBy);
      return {
        ...s,
        agendaText: s.agenda.join('\n'),
        attendanceNames: s.attendance.map((p) => members.find((m) => m.personId === p)?.name ?? p),
        employeeConfirmedOn: s.employeeConfirmedAt,
        employerConfirmedOn: s.employerConfirmedAt,
        canMinutes: canRecord && !anyConfirmed,
        canConfirm: !!side && iAmChief && SESSION_STATES.has(state) && !!s.minutes && !mineConfirmed && !s.signed,
        waitingFor: !s.signed && s.minutes ? (['employee', 'employer'] as Side[]).filter((x) => !(x === 'employee' ? s.employeeConfirmedBy : s.employerConfirmedBy)).map((x) => ({ side: SIDE_LABELS[x], chief: chiefOf(x)?.name ?? '—', unlinked: !chiefOf(x)?.userId })) : [],
        attendees: members.map((m) => ({ personId: m.personId, name: m.name, sideLabel: SIDE_LABELS[m.side], checked: present.has(m.personId), field: `present.${m.personId}` })),
        minutesForm: { ...minutesForm, heldOn: minutesForm.values.heldOn ?? s.heldOn ?? this.page.today(), text: minutesForm.values.minutes ?? s.minutes ?? '' },
        confirmForm: formOf(`form-confirm-${s.sessionNo}`),
      };
    });

    const openSessions = sessions.filter((s) => !s.signed);
    const proposalForm = formOf('form-proposal');
    const pv = proposalForm.values as Record<string, string>;
    const decorate = (p: (typeof proposals)[number]) => ({
      canAgree: negotiating && p.status === 'open' && !!side && side !== p.side && iAmChief,
      canWithdraw: negotiating && p.status === 'open' && side === p.side,
      agreeForm: formOf(`form-agree-${p.id}`),
      withdrawForm: formOf(`form-withdraw-${p.id}`),
      termsList: Object.entries(p.terms ?? {}).map(([k, value]) => ({ label: TERM_LABELS[k as keyof typeof TERM_LABELS] ?? { zh: k, en: k }, value })),
    });
    const articles = draft ? draft.chapters.flatMap((c) => c.articles.map((a) => ({ key: a.key, label: articleLabel(a.no), no: a.no, title: a.title }))) : [];

    // The redline: ?to= a version (default the latest), ?against= another or `previous` (default the one before).
    let redline;
    let redlineError;
    const to = /^\d{1,6}$/.test(String(req.query.to ?? '')) ? Number(req.query.to) : latest?.version;
    const againstAsked = typeof req.query.against === 'string' && /^(\d{1,6}|previous)$/.test(req.query.against) ? req.query.against : undefined;
    const against = againstAsked ?? (to && to > 1 ? String(to - 1) : undefined);
    if (to && against) {
      try {
        redline = redlineView((await this.drafts.redline(actor, id, to, { against })).json);
      } catch (error) {
        const r = refusalOf(error);
        if (!r && !(error instanceof Error && 'status' in error && (error as { status: number }).status === 404)) throw error;
        redlineError = r?.messages[0] ?? { zh: '所选草案版本不存在', en: 'No such draft version' };
      }
    }

    // A refused form the page no longer offers (someone else acted meanwhile): its messages at the top.
    const draftView = draft ? draftWithProposals(draft, proposals, decorate) : undefined;
    const canStartDraft = !draft && !!side && SESSION_STATES.has(state);
    const canPropose = !!draft && !!side && negotiating && openSessions.length > 0;
    const offered = new Set([
      ...(canRecord ? ['form-session'] : []),
      ...(canStartDraft ? ['form-draft'] : []),
      ...(canPropose ? ['form-proposal'] : []),
      ...sessionViews.flatMap((s) => [...(s.canMinutes ? [`form-minutes-${s.sessionNo}`] : []), ...(s.canConfirm ? [`form-confirm-${s.sessionNo}`] : [])]),
      ...proposals.flatMap((p) => {
        const d = decorate(p);
        return [...(d.canAgree ? [`form-agree-${p.id}`] : []), ...(d.canWithdraw ? [`form-withdraw-${p.id}`] : [])];
      }),
    ]);
    const loose = entered && !offered.has(entered.form) ? [...entered.refusal.messages, ...Object.values(entered.refusal.fields).flat()] : [];

    await this.page.render(req, res, actor, status, 'workspace-negotiation', view.title, {
      loose,
      view,
      tab: 'negotiation',
      done,
      sessions: sessionViews,
      canSchedule: canRecord,
      sessionForm: { ...formOf('form-session'), today: this.page.today() },
      teamsMissing: teams.employee.length === 0 || teams.employer.length === 0,
      draft: draft ? { version: draft.version, ...draftView } : undefined,
      canStartDraft,
      previousContract: !!view.previousCaseId,
      draftForm: formOf('form-draft'),
      canPropose,
      noOpenSession: !!draft && !!side && negotiating && openSessions.length === 0,
      proposalForm: {
        ...proposalForm,
        sessions: openSessions.map((s) => ({ value: s.sessionNo, selected: String(s.sessionNo) === pv.sessionNo })),
        actions: Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label, selected: (pv.action ?? 'amend') === value })),
        articles: articles.map((a) => ({ ...a, selected: a.key === pv.articleKey, afterSelected: a.key === pv.afterKey })),
        chapters: (draft?.chapters ?? []).map((c) => ({ no: c.no, title: c.title, selected: String(c.no) === pv.chapterNo })),
        terms: Object.entries(TERM_LABELS).map(([value, label]) => ({ value, label, selected: pv.termName === value })),
        counters: proposals.filter((p) => p.status === 'open' && side && p.side !== side).map((p) => ({ id: p.id, seq: p.seq, articleKey: p.articleKey, selected: pv.counterTo === p.id })),
      },
      versions: versions.map((d) => ({ version: d.version, sessionNo: d.sessionNo, source: d.source, createdAt: d.createdAt, isTo: d.version === to, isAgainst: String(d.version) === against })),
      hasVersions: versions.length > 1 || (versions.length === 1 && !!view.previousCaseId),
      againstPrevious: against === 'previous',
      redline,
      redlineError,
    });
  }
}

const entered0 = (values: Record<string, unknown>) => Object.keys(values).length > 0;

function positive(text: string): number {
  return /^\d{1,4}$/.test(text) && Number(text) > 0 ? Number(text) : 0;
}

function numberOf(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}
