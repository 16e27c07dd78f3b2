import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { ValidationFailed } from '../../common/errors/domain-error.js';
import { CaseWorkflowService } from '../../workflow-engine/case-workflow.service.js';
import type { LoadedCase } from '../../workflow-engine/case-store.js';
import { representativesRule, type RuleViolation } from '../../workflow-engine/machine/procedure-rules.js';
import type { Departure, Side } from '../../workflow-engine/machine/case-context.js';
import type { Representative } from '../../workflow-engine/payloads/event-payloads.js';
import { CaseAccess } from '../workspace/case-access.js';
import type { AppointRepresentativesDto, DepartureDto, ReplaceRepresentativeDto } from './representatives.dto.js';

export interface RepresentativeView extends Representative {
  side: Side;
  /** An employee representative's labour contract runs at least to the end of the term (Art 28). */
  protectedUntil: string | null;
}

export interface RepresentativesView {
  caseId: string;
  version: number;
  employee: RepresentativeView[];
  employer: RepresentativeView[];
  departures: Departure[];
  /** Open vacancies by side: since when, the seats to restore, the last day to fill them (Art 31), overdue. */
  vacancies: { side: Side; since: string; seats: number; fillBy: string | null; overdue: boolean }[];
  /** The Arts 19–24 rules as the teams stand now (empty: the teams may begin the talks). */
  violations: RuleViolation[];
  /** Industry/regional cases: the enterprises covered, with their employees. */
  enterprises: { id: string; name: string; employees: number }[];
}

const APPOINT = { zh: '产生协商代表', en: 'appoint representatives' };

@Injectable()
export class RepresentativesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(CaseAccess) private readonly cases: CaseAccess,
  ) {}

  async view(actor: Actor, caseId: string): Promise<RepresentativesView> {
    return this.toView(await this.cases.load(actor, caseId));
  }

  /** The caller's side's whole list; members missing from it must have left first (REPRESENTATIVE_LEFT). */
  async appoint(actor: Actor, caseId: string, dto: AppointRepresentativesDto): Promise<RepresentativesView> {
    this.cases.partySide(actor, APPOINT);
    const { caseRow } = await this.engine.send(caseId, 'REPRESENTATIVES_APPOINTED', dto, actor);
    return this.toView(caseRow);
  }

  async leave(actor: Actor, caseId: string, personId: string, dto: DepartureDto): Promise<RepresentativesView> {
    this.cases.partySide(actor, APPOINT);
    const { caseRow } = await this.engine.send(caseId, 'REPRESENTATIVE_LEFT', { ...dto, personId }, actor);
    return this.toView(caseRow);
  }

  /** The departure and the successor's appointment, in one transaction: both are recorded or neither. */
  async replace(actor: Actor, caseId: string, personId: string, dto: ReplaceRepresentativeDto): Promise<RepresentativesView> {
    const side = this.cases.partySide(actor, APPOINT);
    const { successor, ...departure } = dto;
    const caseRow = await this.dataSource.transaction(async (manager) => {
      const left = await this.engine.sendWithin(manager, caseId, 'REPRESENTATIVE_LEFT', { ...departure, personId }, actor);
      const members = CaseAccess.context(left.caseRow).representatives[side];
      if (members.some((m) => m.personId === successor.personId)) {
        throw new ValidationFailed([{ field: 'successor.personId', rule: 'unique', message_zh: `${successor.name} 已是本方代表`, message_en: `${successor.name} already represents this side` }]);
      }
      const appointed = await this.engine.sendWithin(manager, caseId, 'REPRESENTATIVES_APPOINTED', { occurredOn: dto.occurredOn, members: [...members, successor] }, actor);
      return appointed.caseRow;
    });
    return this.toView(caseRow);
  }

  private toView(c: LoadedCase): RepresentativesView {
    const context = CaseAccess.context(c);
    const params = this.engine.workflowOf(c).definition.parameters;
    const withSide = (side: Side) =>
      context.representatives[side].map((m) => ({ ...m, side, protectedUntil: side === 'employee' ? (m.termEndsOn ?? null) : null }));

    const empty = { employee: [], employer: [] };
    const started = context.representatives.employee.length + context.representatives.employer.length > 0;
    return {
      caseId: c.id,
      version: c.version,
      employee: withSide('employee'),
      employer: withSide('employer'),
      departures: context.departures ?? [],
      vacancies: (['employee', 'employer'] as const).flatMap((side) => {
        const open = context.vacancies?.[side];
        const key = `vacancy.${side}`;
        return open ? [{ side, ...open, fillBy: c.deadlines.find((d) => d.key === key)?.dueOn ?? null, overdue: context.overdue.includes(key) }] : [];
      }),
      violations: started ? representativesRule({ ...context, representatives: context.representatives ?? empty }, { type: 'CHECK', payload: { occurredOn: '' }, actor: { role: 'system' } }, params) : [],
      enterprises: c.enterprises,
    };
  }
}
