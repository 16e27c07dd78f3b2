import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CampaignScope } from '../campaigns/campaign-scope.js';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { ValidationFailed, fieldViolation as violation, type FieldViolation } from '../common/errors/domain-error.js';
import { pageArgs, type Page } from '../common/pagination/page.js';
import { Organisation } from '../organisations/entities/organisation.entity.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import { CaseWorkflowService, type SendOptions } from '../workflow-engine/case-workflow.service.js';
import { CaseEventRecord } from '../workflow-engine/entities/case-event.entity.js';
import { CaseRecord } from '../workflow-engine/entities/case.entity.js';
import { verifyChain, type ChainVerdict } from '../workflow-engine/event-log/event-chain.js';
import { overdueNow, type LoadedCase } from '../workflow-engine/case-store.js';
import { CaseAccess } from './workspace/case-access.js';
import { sideOf } from '../workflow-engine/machine/case-context.js';
import { payloadJsonSchema } from '../workflow-engine/payloads/validate-payload.js';
import { CONTRACT_KIND_TITLES, type CaseSummaryView, type CaseView, type ListCasesQuery, type StartCaseDto } from './dto/case.dto.js';

const INDUSTRY_KINDS = new Set(['industry', 'regional']);

@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseWorkflowService) private readonly engine: CaseWorkflowService,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(CampaignScope) private readonly campaigns: CampaignScope,
    @Inject(CaseAccess) private readonly caseAccess: CaseAccess,
  ) {}

  /** Starts a case between the given parties; the caller is one of them, or an authority of their region. */
  async start(actor: Actor, dto: StartCaseDto): Promise<CaseView> {
    // No transaction: the case opens in one statement, and the foreign keys hold the parties in place.
    const id = await (async () => {
      const orgs = await this.dataSource.getRepository(Organisation).findBy({ id: In([dto.unionId, dto.employerId, ...(dto.enterprises ?? []).map((e) => e.enterpriseId)].filter((x): x is string => !!x)) });
      const byId = new Map(orgs.map((o) => [o.id, o]));
      const visible = (o: Organisation | undefined) => (o && this.access.inJurisdiction(actor, o.regionCode)) || (o && o.id === actor.organisationId) ? o : undefined;
      const union = visible(byId.get(dto.unionId));
      const problems: FieldViolation[] = [];
      const industrial = INDUSTRY_KINDS.has(dto.kind);
      if (!union || union.kind !== 'union') problems.push(violation('unionId', 'exists', `工会 ${dto.unionId} 不存在`, `union ${dto.unionId} does not exist`));
      else if (industrial ? !['industry', 'regional'].includes(union.unionLevel!) : union.unionLevel !== 'enterprise') {
        problems.push(
          industrial
            ? violation('unionId', 'unionLevel', '行业性、区域性集体协商的职工方须为行业或区域工会（劳动合同法第五十三条）', 'industry/regional bargaining needs an industry or regional union (LCL Art 53)')
            : violation('unionId', 'unionLevel', '企业集体协商的职工方须为企业工会', 'enterprise bargaining needs the enterprise union'),
        );
      }
      const employer = dto.employerId ? byId.get(dto.employerId) : undefined;
      let enterprises: { enterpriseId: string; employees: number }[] = [];
      if (!industrial) {
        if (!employer || employer.kind !== 'enterprise') problems.push(violation('employerId', 'exists', `企业 ${dto.employerId ?? ''} 不存在`, `enterprise ${dto.employerId ?? ''} does not exist`));
        else if (union && union.enterpriseId !== employer.id) problems.push(violation('employerId', 'unionOfEnterprise', '工会须为该企业的工会', 'the union must be this enterprise’s union'));
        if (dto.enterprises?.length) problems.push(violation('enterprises', 'notAllowed', '企业集体协商不列举覆盖企业', 'an enterprise case lists no covered enterprises'));
        if (employer) enterprises = [{ enterpriseId: employer.id, employees: employer.employees ?? 0 }];
      } else {
        if (dto.employerId && (!employer || employer.kind !== 'employer_association')) problems.push(violation('employerId', 'exists', `企业方协会 ${dto.employerId} 不存在`, `employer association ${dto.employerId} does not exist`));
        if (!dto.enterprises?.length) problems.push(violation('enterprises', 'arrayMinSize', '须列明所覆盖的企业及职工人数', 'list the enterprises covered with their headcounts'));
        (dto.enterprises ?? []).forEach((e, i) => {
          const o = visible(byId.get(e.enterpriseId));
          if (!o || o.kind !== 'enterprise') problems.push(violation(`enterprises.${i}.enterpriseId`, 'exists', `企业 ${e.enterpriseId} 不存在`, `enterprise ${e.enterpriseId} does not exist`));
        });
        if (new Set((dto.enterprises ?? []).map((e) => e.enterpriseId)).size !== (dto.enterprises ?? []).length) problems.push(violation('enterprises', 'unique', '覆盖企业重复', 'an enterprise is listed twice'));
        enterprises = dto.enterprises ?? [];
      }
      if (problems.length) throw new ValidationFailed(problems);
      const regionCode = industrial ? union!.regionCode : employer!.regionCode;
      const partyOrg = actor.role === 'union' ? union!.id : actor.role === 'employer' ? employer?.id : undefined;
      this.access.assert(actor, 'case.create', { regionCode, organisationId: partyOrg });
      const campaignId = await this.campaigns.resolve({ campaignId: dto.campaignId, regionCode, kind: dto.kind, on: this.engine.today() });
      const title = dto.title ?? `${industrial ? union!.name : employer!.name} ${CONTRACT_KIND_TITLES[dto.kind]}`;
      const row = await this.engine.start(undefined, actor, {
        kind: dto.kind,
        unionOrgId: union!.id,
        employerOrgId: employer?.id ?? null,
        enterprises,
        regionCode,
        industryCode: industrial ? (union!.industryCode ?? employer?.industryCode ?? null) : employer!.industryCode,
        title,
        campaignId,
        initiatorSide: sideOf(actor.role) ?? 'employee',
      });
      return row.id;
    })();
    const loaded = await this.load(actor, id);
    this.engine.remember(loaded);
    return this.toView(actor, loaded);
  }

  async list(actor: Actor, query: ListCasesQuery): Promise<Page<CaseSummaryView>> {
    // Parties read their own organisation's cases, authorities their region's (the query below scopes each).
    this.access.assert(actor, 'case.read', { regionCode: actor.regionCode, organisationId: actor.organisationId });
    const { page, pageSize, skip, take } = pageArgs(query);
    const qb = this.dataSource.getRepository(CaseRecord).createQueryBuilder('c').innerJoin('c.region', 'r');
    if (actor.role === 'union') qb.where('c.union_org_id = :org', { org: actor.organisationId });
    else if (actor.role === 'employer') {
      // Two index reads joined (an OR with EXISTS would scan every case): its own cases and those covering it.
      qb.where('c.id IN (SELECT o.id FROM cases o WHERE o.employer_org_id = :org UNION SELECT ce.case_id FROM case_enterprises ce WHERE ce.enterprise_id = :org)', { org: actor.organisationId });
    } else qb.where('r.path LIKE :scope', { scope: `${this.access.subtreePath(actor)}%` });
    // Instructors list the cases they are assigned to (see AccessPolicy.caseVisible).
    if (actor.role === 'instructor') {
      qb.andWhere('EXISTS (SELECT 1 FROM case_instructors ci JOIN instructors i ON i.id = ci.instructor_id WHERE ci.case_id = c.id AND i.user_id = :me AND ci.unassigned_at IS NULL)', { me: actor.userId });
    }
    if (query.state) qb.andWhere('c.status = :state', { state: query.state });
    if (query.region) qb.andWhere('r.path LIKE :region', { region: `${this.regions.subtreePath(query.region)}%` });
    if (query.industry) qb.andWhere('c.industry_code = :industry', { industry: query.industry });
    if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
    if (query.campaign) qb.andWhere('c.campaign_id = :campaign', { campaign: query.campaign });
    if (query.overdue !== undefined) {
      const overdue = overdueNow(':now');
      qb.andWhere(query.overdue ? overdue : `NOT ${overdue}`, { now: this.engine.now() });
    }
    if (query.sort === 'deadline') {
      // The nearest pending deadline of each case (read on the deadlines' primary key, case_id first).
      qb.addSelect('(SELECT min(d.due_at) FROM case_deadlines d WHERE d.case_id = c.id)', 'next_due').orderBy('next_due', 'ASC', 'NULLS LAST').addOrderBy('c.updated_at', 'DESC');
    } else qb.orderBy('c.updated_at', 'DESC');
    qb.addOrderBy('c.id', 'ASC').offset(skip).limit(take);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.summaries(this.dataSource.manager, rows), total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<CaseRecord> {
    return this.load(actor, id);
  }

  /** The case with its parties' names, covered enterprises and deadlines; 404 unless visible (CaseAccess decides). */
  private load(actor: Actor, id: string): Promise<LoadedCase> {
    return this.caseAccess.load(actor, id);
  }

  async view(actor: Actor, id: string): Promise<CaseView> {
    return this.toView(actor, await this.load(actor, id));
  }

  private toView(actor: Actor, row: LoadedCase): CaseView {
    const w = this.engine.workflowOf(row);
    const today = this.engine.today();
    const { overdue: _o, kind: _k, initiatorSide: _i, ...record } = row.snapshot.context;
    return {
      ...this.summary(row, row.unionName, row.employerName, row.deadlines[0]?.dueOn ?? null),
      workflow: { id: w.definition.id, version: w.definition.version, hash: w.hash, title: w.definition.title },
      initiatorSide: row.initiatorSide,
      enterprises: row.enterprises,
      previousCaseId: row.previousCaseId,
      nextCaseId: row.nextCaseId,
      lastOccurredOn: row.lastOccurredOn,
      allowedEvents: this.engine.allowedEvents(w.definition, row, actor).map((e) => ({ ...e, payloadSchema: payloadJsonSchema(w.definition.events[e.type].payload) })),
      deadlines: row.deadlines.map((d) => ({
        key: d.key,
        label: d.basis.label,
        dueOn: d.dueOn,
        dueAt: d.dueAt,
        daysRemaining: DeadlineCalendar.daysRemaining(today, d.dueOn),
        onExpiry: d.onExpiry,
        basis: d.basis,
        warnings: d.warnings,
      })),
      record,
      createdAt: row.createdAt,
    };
  }

  /** Sends the event; the answer is built from what the engine wrote, without reading the case again. */
  async send(actor: Actor, id: string, type: string, payload: unknown, options: SendOptions) {
    const result = await this.engine.send(id, type, payload, actor, options);
    return { view: this.toView(actor, result.caseRow), replayed: result.replayed, seq: result.event.seq, linkedCaseId: result.linkedCaseId };
  }

  async history(actor: Actor, id: string): Promise<CaseEventRecord[]> {
    await this.get(actor, id);
    return this.dataSource.getRepository(CaseEventRecord).find({ where: { caseId: id }, order: { seq: 'ASC' } });
  }

  async verify(actor: Actor, id: string): Promise<ChainVerdict> {
    return verifyChain(await this.history(actor, id));
  }

  private async summaries(manager: EntityManager, rows: CaseRecord[]): Promise<CaseSummaryView[]> {
    if (rows.length === 0) return [];
    const orgIds = [...new Set(rows.flatMap((r) => [r.unionOrgId, r.employerOrgId].filter((x): x is string => !!x)))];
    const names = new Map((await manager.findBy(Organisation, { id: In(orgIds) })).map((o) => [o.id, o.name]));
    const next = new Map<string, string>(
      (await manager.query('SELECT case_id, min(due_on)::text AS due FROM case_deadlines WHERE case_id = ANY($1) GROUP BY case_id', [rows.map((r) => r.id)])).map((r: { case_id: string; due: string }) => [r.case_id, r.due]),
    );
    return rows.map((r) => this.summary(r, names.get(r.unionOrgId) ?? '', r.employerOrgId ? (names.get(r.employerOrgId) ?? '') : null, next.get(r.id) ?? null));
  }

  private summary(r: CaseRecord, unionName: string, employerName: string | null, nextDueOn: string | null): CaseSummaryView {
    const w = this.engine.workflowOf(r);
    return {
      id: r.id,
      title: r.title,
      kind: r.kind,
      state: r.status,
      stateLabel: w.definition.machine.states[r.status].meta.label,
      version: r.version,
      overdue: r.overdue,
      regionCode: r.regionCode,
      industryCode: r.industryCode,
      employeesCovered: r.employeesCovered,
      union: { id: r.unionOrgId, name: unionName },
      employer: r.employerOrgId ? { id: r.employerOrgId, name: employerName ?? '' } : null,
      campaignId: r.campaignId,
      nextDueOn,
      updatedAt: r.updatedAt,
    };
  }
}
