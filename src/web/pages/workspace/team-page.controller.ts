import { Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConsumes, ApiCookieAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppointRepresentativesDto, DepartureDto, ReplaceRepresentativeDto } from '../../../bargaining/representatives/representatives.dto.js';
import { RepresentativesService, type RepresentativeView } from '../../../bargaining/representatives/representatives.service.js';
import type { Actor } from '../../../common/auth/actor.js';
import { CurrentActor, Page } from '../../../common/auth/decorators.js';
import type { Bilingual } from '../../../common/errors/domain-error.js';
import type { Side } from '../../../workflow-engine/machine/case-context.js';
import { ART28_GROUNDS, DEPARTURE_REASONS, REPRESENTATIVE_POSITIONS, type Representative } from '../../../workflow-engine/payloads/event-payloads.js';
import { PageExceptionFilter } from '../page-exception.filter.js';
import { ownSideViolations, POSITION_LABELS, readRows, rowsFor, type TeamRow } from './team-rows.js';
import { addField, refusalOf, ruleMessage, textOf, validateAs, WorkspacePage, type Refusal } from './workspace-page.js';
import { CasePage } from '../case-page-docs.js';

const SIDE_LABELS: Record<Side, Bilingual> = { employee: { zh: '职工方', en: 'Employee side' }, employer: { zh: '用人单位方', en: 'Employer side' } };

const REASON_LABELS: Record<(typeof DEPARTURE_REASONS)[number], Bilingual> = {
  resigned: { zh: '辞去代表职务', en: 'Resigned' },
  replaced: { zh: '被更换', en: 'Replaced' },
  contract_ended: { zh: '劳动合同终止', en: 'Labour contract ended' },
  dismissed: { zh: '解除劳动合同', en: 'Dismissed' },
  transferred: { zh: '调离', en: 'Transferred' },
  force_majeure: { zh: '不可抗力', en: 'Force majeure' },
  other: { zh: '其他', en: 'Other' },
};

const GROUND_LABELS: Record<(typeof ART28_GROUNDS)[number], Bilingual> = {
  serious_discipline_breach: { zh: '严重违反劳动纪律或规章制度', en: 'Serious breach of discipline' },
  serious_dereliction: { zh: '严重失职、营私舞弊，造成重大损害', en: 'Serious dereliction causing major damage' },
  criminal_liability: { zh: '被依法追究刑事责任', en: 'Criminal liability' },
};

/** What was entered in a refused form, shown again beside its fields. */
interface Entered {
  form: 'team' | 'departure';
  values: Record<string, string>;
  rows?: TeamRow[];
  refusal: Refusal;
}

const sideOfRole = (actor: Actor): Side | undefined => (actor.role === 'union' ? 'employee' : actor.role === 'employer' ? 'employer' : undefined);

/** 协商代表: both teams for everyone who may see the case; each party edits its own side's list (CCP Arts 19–31). */
@ApiTags('web 页面')
@ApiCookieAuth('cb_session')
@Controller()
@UseFilters(PageExceptionFilter)
export class TeamPageController {
  constructor(
    @Inject(WorkspacePage) private readonly page: WorkspacePage,
    @Inject(RepresentativesService) private readonly representatives: RepresentativesService,
  ) {}

  @Get('cases/:id/team')
  @CasePage('协商代表页 Both teams, the Arts 19–24 rules as they stand, and the caller’s side’s form (HTML)')
  async show(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    await this.renderTeam(id, actor, req, res, 200, undefined, req.query.saved === '1' ? 'saved' : req.query.saved === 'left' ? 'left' : undefined);
  }

  @Page()
  @Post('cases/:id/team')
  @ApiOperation({ summary: '协商代表页表单：本方名单 The caller’s side’s whole list (CSRF); 303 back, or the page again with the rules beside the rows' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded (REPRESENTATIVES_APPOINTED): to /cases/:id/team?saved=1' })
  @ApiResponse({ status: 400, description: 'a row or a rule of Arts 19–24 refused: the page again, the messages beside the rows' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not a party' })
  @ApiResponse({ status: 409, description: 'not allowed in the case’s state' })
  @ApiResponse({ status: 422, description: 'a procedure rule is not met' })
  async appoint(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await this.page.form(req);
    const { rows, members, rowOf } = readRows(values);
    const refuse = (refusal: Refusal) => this.renderTeam(id, actor, req, res, refusal.status, { form: 'team', values, rows, refusal });
    const side = sideOfRole(actor);
    const refusal: Refusal = { status: 400, fields: {}, messages: [] };
    if (members.length === 0) refusal.messages.push({ zh: '请至少填写一名代表（姓名与人员编号）', en: 'Enter at least one representative (name and person id)' });
    rows.filter((r) => !r.name !== !r.personId).forEach((r) => addField(refusal, `m.${r.index}`, { zh: '姓名与人员编号须同时填写', en: 'Enter both the name and the person id' }));
    if (side && members.length) {
      const [view, current] = await Promise.all([this.page.caseView(actor, id), this.representatives.view(actor, id)]);
      const other = side === 'employee' ? current.employer : current.employee;
      refusal.messages.push(...ownSideViolations(side, members, other.map(stripView), this.page.params(view)).map(ruleMessage));
    }
    if (refusal.messages.length || Object.keys(refusal.fields).length) return refuse(refusal);
    const rowField = (name: string) => {
      const m = /^members\.(\d+)(?:\.(.*))?$/.exec(name);
      return m ? `m.${rowOf[Number(m[1])] ?? 0}` : name;
    };
    try {
      const dto = await validateAs(AppointRepresentativesDto, { occurredOn: values.occurredOn ?? '', members, ...(textOf(values.note) ? { note: textOf(values.note) } : {}) });
      await this.representatives.appoint(actor, id, dto);
    } catch (error) {
      const r = refusalOf(error, rowField);
      if (!r) throw error;
      return refuse(r);
    }
    res.redirect(303, `/cases/${id}/team?saved=1`);
  }

  @Page()
  @Post('cases/:id/team/departure')
  @ApiOperation({ summary: '协商代表页表单：代表出缺或更换 A representative leaves, or is replaced by a successor in the same act (CSRF)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/html')
  @ApiResponse({ status: 303, description: 'recorded (REPRESENTATIVE_LEFT, and REPRESENTATIVES_APPOINTED for a successor): to /cases/:id/team?saved=left' })
  @ApiResponse({ status: 400, description: 'the page again, the messages beside the fields' })
  @ApiResponse({ status: 403, description: 'missing or wrong CSRF token, or not a party' })
  @ApiResponse({ status: 409, description: 'not allowed in the case’s state' })
  @ApiResponse({ status: 422, description: 'a procedure rule is not met (Art 28, Art 31)' })
  async depart(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response) {
    const values = await this.page.form(req);
    const personId = textOf(values.personId) ?? '';
    const departure = {
      occurredOn: values.occurredOn ?? '',
      reason: values.reason ?? '',
      ...(textOf(values.ground) ? { ground: values.ground } : {}),
      ...(textOf(values.note) ? { note: textOf(values.note) } : {}),
    };
    const successorGiven = !!(textOf(values['successor.name']) || textOf(values['successor.personId']));
    try {
      if (!personId) {
        const r: Refusal = { status: 400, fields: {}, messages: [] };
        addField(r, 'personId', { zh: '请选择离任的代表', en: 'Choose the representative who leaves' });
        return this.renderTeam(id, actor, req, res, 400, { form: 'departure', values, refusal: r });
      }
      if (successorGiven) {
        const successor = {
          name: values['successor.name']?.trim() ?? '',
          personId: values['successor.personId']?.trim() ?? '',
          position: values['successor.position'] ?? 'other',
          chief: values['successor.chief'] === 'true',
          external: false,
          delegated: values['successor.delegated'] === 'true',
          ...(textOf(values['successor.userId']) ? { userId: values['successor.userId'] } : {}),
        };
        const dto = await validateAs(ReplaceRepresentativeDto, { ...departure, successor });
        await this.representatives.replace(actor, id, personId, dto);
      } else {
        const dto = await validateAs(DepartureDto, departure);
        await this.representatives.leave(actor, id, personId, dto);
      }
    } catch (error) {
      const r = refusalOf(error);
      if (!r) throw error;
      return this.renderTeam(id, actor, req, res, r.status, { form: 'departure', values, refusal: r });
    }
    res.redirect(303, `/cases/${id}/team?saved=left`);
  }

  private async renderTeam(id: string, actor: Actor, req: Request, res: Response, status: number, entered?: Entered, saved?: 'saved' | 'left') {
    const [view, teams] = await Promise.all([this.page.caseView(actor, id), this.representatives.view(actor, id)]);
    const side = sideOfRole(actor);
    const allowed = new Set(view.allowedEvents.map((e) => e.type));
    const mine = side ? (side === 'employee' ? teams.employee : teams.employer) : [];
    const canAppoint = !!side && allowed.has('REPRESENTATIVES_APPOINTED');
    const canLeave = !!side && allowed.has('REPRESENTATIVE_LEFT') && mine.length > 0;
    const accounts = canAppoint || canLeave ? await this.page.sideAccounts(actor) : [];
    const rows = entered?.form === 'team' && entered.rows ? entered.rows : rowsFor(mine.map(stripView), actor.userId);
    const fields = entered?.refusal.fields ?? {};
    for (const row of rows) row.errors = fields[`m.${row.index}`] ?? [];
    // Handlebars looks fields up by plain names: successor.name → successor_name.
    const departureErrors = entered?.form === 'departure' ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/\./g, '_'), v])) : {};
    const today = this.page.today();
    const values = entered?.values ?? {};
    const show = (members: RepresentativeView[]) => members.map((m) => ({ ...m, positionLabel: POSITION_LABELS[m.position] }));
    const bothTeams = teams.employee.length > 0 && teams.employer.length > 0;
    // A refused form the page does not offer now (the state moved on, or not a party): its messages at the top.
    const offered = entered && ((entered.form === 'team' && canAppoint) || (entered.form === 'departure' && canLeave));
    const loose = entered && !offered ? [...entered.refusal.messages, ...Object.values(entered.refusal.fields).flat()] : [];
    await this.page.render(req, res, actor, status, 'workspace-team', view.title, {
      loose,
      view,
      tab: 'team',
      teams: [
        { side: 'employee', label: SIDE_LABELS.employee, members: show(teams.employee), mine: side === 'employee' },
        { side: 'employer', label: SIDE_LABELS.employer, members: show(teams.employer), mine: side === 'employer' },
      ],
      standing: teams.violations.map(ruleMessage),
      showStanding: teams.violations.length > 0 || bothTeams,
      ready: bothTeams && teams.violations.length === 0,
      talksForm: allowed.has('TALKS_SCHEDULED'),
      vacancies: teams.vacancies.map((v) => ({ ...v, label: SIDE_LABELS[v.side] })),
      departures: teams.departures.map((d) => ({ ...d, sideLabel: SIDE_LABELS[d.side], reasonLabel: REASON_LABELS[d.reason as keyof typeof REASON_LABELS] ?? { zh: d.reason, en: d.reason } })),
      mySide: side ? SIDE_LABELS[side] : undefined,
      canAppoint,
      canLeave,
      rows: rows.map((r) => ({ ...r, no: r.index + 1, positions: REPRESENTATIVE_POSITIONS.map((p) => ({ value: p, label: POSITION_LABELS[p], selected: r.position === p })), accounts: accounts.map((a) => ({ ...a, selected: a.id === r.userId })) })),
      // Field messages not about a row (the date, the list as a whole) join the form's own, beside the rows.
      teamErrors: entered?.form === 'team' ? entered.refusal.messages.concat(Object.entries(fields).filter(([k]) => !k.startsWith('m.')).flatMap(([, v]) => v)) : [],
      teamOccurredOn: entered?.form === 'team' ? values.occurredOn : today,
      teamNote: entered?.form === 'team' ? values.note : '',
      departure: {
        errors: entered?.form === 'departure' ? entered.refusal.messages : [],
        fields: departureErrors,
        occurredOn: entered?.form === 'departure' ? values.occurredOn : today,
        members: mine.map((m) => ({ personId: m.personId, name: m.name, selected: values.personId === m.personId })),
        reasons: DEPARTURE_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r], selected: values.reason === r })),
        grounds: ART28_GROUNDS.map((g) => ({ value: g, label: GROUND_LABELS[g], selected: values.ground === g })),
        positions: REPRESENTATIVE_POSITIONS.map((p) => ({ value: p, label: POSITION_LABELS[p], selected: (values['successor.position'] ?? 'other') === p })),
        accounts: accounts.map((a) => ({ ...a, selected: a.id === values['successor.userId'] })),
        values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/\./g, '_'), v])),
      },
      saved,
    });
  }
}

/** A member as the API lists it, without the view's own fields (side, protection): a Representative again. */
function stripView(m: RepresentativeView): Representative {
  const { side: _s, protectedUntil: _p, ...rest } = m;
  return rest;
}
