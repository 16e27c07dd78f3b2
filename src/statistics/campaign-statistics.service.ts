import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { Campaign } from '../campaigns/entities/campaign.entity.js';
import type { CampaignTarget } from '../campaigns/entities/campaign-target.entity.js';
import { AccessPolicy } from '../common/access/access-policy.js';
import type { Actor } from '../common/auth/actor.js';
import { Clock } from '../common/clock.js';
import { NotFound } from '../common/errors/domain-error.js';
import type { Region } from '../organisations/entities/region.entity.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import { WorkflowRegistry } from '../workflow-engine/workflow-registry.js';
import { addEvents, addState, EVENT_FIGURES, emptyFigures, getOr, type Figures } from './figures.js';

export interface CampaignStatsQuery {
  /** Root of the breakdown: a region of the campaign's scope within the caller's jurisdiction. */
  region?: string;
  industry?: string;
  kind?: string;
}

/** Per cent, one decimal; null when the denominator is 0. */
export interface CampaignRates {
  /** 要约率: enterprisesOffered / enterprisesInScope (roster enterprises only: at most 100 %). */
  offerRate: number | null;
  /** Responses / offers. */
  responseRate: number | null;
  /** Signed / offers. */
  signingRate: number | null;
  /** Filed / signed. */
  filingRate: number | null;
  /** 动态建制率: enterprisesEstablished / enterprisesInScope (at most 100 %). */
  establishmentRate: number | null;
}

export interface CampaignTargets {
  offerRate: number | null;
  responseRate: number | null;
  signingRate: number | null;
  filingRate: number | null;
  establishmentRate: number | null;
  employeesCovered: number | null;
}

export interface CampaignRow extends Figures {
  /** The campaign's roster (campaign_enterprises ⨝ organisations) in this group. */
  enterprisesInScope: number;
  employeesInScope: number;
  /** 要约企业数: roster enterprises (of this group) that received an offer (OFFER_ISSUED, RENEWAL_OFFERED) in a case of the campaign, each once. */
  enterprisesOffered: number;
  /** 建制企业数: roster enterprises (of this group) with at least one contract in effect in any case, whatever campaign or none. */
  enterprisesEstablished: number;
  /** Contracts in effect (any campaign's) whose term ends within 3 / 6 months after asOf: the renewal pipeline. */
  expiring3Months: number;
  expiring6Months: number;
  rates: CampaignRates;
  /** The campaign_targets row of the group's region (totals: of the root); null for industries and regions without one. */
  targets: CampaignTargets | null;
}

export interface CampaignDay {
  day: string;
  offers: number;
  responses: number;
  refusals: number;
  lateResponses: number;
  signed: number;
  filed: number;
}

export interface HeatCell {
  regionCode: string;
  industryCode: string;
  offers: number;
  signed: number;
  signingRate: number | null;
}

export interface OverdueCase {
  id: string;
  title: string;
  kind: string;
  state: string;
  stateLabel: { zh: string; en: string };
  regionCode: string;
  regionName: string;
  employerName: string | null;
  /** The earliest deadline still on the case (passed but not yet fired, or the next one); none once the one that made it overdue has fired. */
  nextDueOn: string | null;
  /** The day the case was opened: the list's order (longest-running first). */
  startedOn: string;
}

export interface CampaignStatsView {
  campaign: { id: string; name: string; startsOn: string; endsOn: string; regionCode: string; kinds: string[] };
  region: { code: string; name: string };
  filters: { industry: string | null; kind: string | null };
  /** Today in China, as the service's clock says. */
  asOf: string;
  totals: CampaignRow;
  /** One row per child region of the root (and one for the root itself, 本级, when it has cases or roster rows of its own). */
  byRegion: (CampaignRow & { code: string; name: string })[];
  /** GB/T 4754 sections (and '' for cases or enterprises without one, when there are any). */
  byIndustry: (CampaignRow & { code: string; name: string })[];
  /** Region × industry cells with offers or signatures. */
  heat: HeatCell[];
  /** Every day from the campaign's start through its end or today, whichever comes first. */
  daily: CampaignDay[];
  /** The first 50 overdue cases of the campaign (the flag, or a deadline that marks overdue passed), longest-running first. */
  overdue: OverdueCase[];
}

/** The part of a campaign's scope a caller sees: the root region and every code of its subtree. */
export interface CampaignScopeView {
  campaign: Campaign;
  root: Region;
  codes: string[];
}

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);
const num = (v: string | null): number | null => (v === null ? null : Number(v));
const SERIES_TYPES = Object.keys(EVENT_FIGURES);
const OVERDUE_LIMIT = 50;

interface Acc {
  figures: Figures;
  enterprisesInScope: number;
  employeesInScope: number;
  enterprisesOffered: number;
  enterprisesEstablished: number;
  expiring3Months: number;
  expiring6Months: number;
}
const emptyAcc = (): Acc => ({ figures: emptyFigures(), enterprisesInScope: 0, employeesInScope: 0, enterprisesOffered: 0, enterprisesEstablished: 0, expiring3Months: 0, expiring6Months: 0 });

/**
 * A campaign's figures (GET /api/campaigns/:id/stats, the dashboard and the ledger): read from the rollups,
 * never from the cases, except the overdue list (an index of the campaign's overdue cases, first 50).
 * States from stats_case_states, events from stats_case_event_totals, the series from stats_daily_events
 * (stats_case_events when filtered by industry or kind), the roster from stats_roster, the renewal
 * pipeline from stats_contract_terms, the enterprises offered and established from stats_campaign_enterprises.
 */
@Injectable()
export class CampaignStatisticsService {
  private industryNames?: Map<string, string>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(WorkflowRegistry) private readonly workflows: WorkflowRegistry,
  ) {}

  today(): string {
    return DeadlineCalendar.chinaDate(this.clock.now());
  }

  /**
   * The root of the breakdown: `region`, or the part of the campaign's scope in the caller's jurisdiction.
   * 404 outside either; 403 for a role that may not read statistics.
   */
  scope(actor: Actor, campaign: Campaign, region?: string): CampaignScopeView {
    const rootCode = region ?? this.campaigns.scopeRoot(actor, campaign);
    const root = this.regions.get(rootCode);
    if (!root || !this.regions.isWithin(rootCode, campaign.regionCode)) throw new NotFound({ zh: '活动范围内的地区', en: 'Region of the campaign' }, rootCode);
    this.access.assert(actor, 'statistics.read', { regionCode: rootCode }, () => new NotFound({ zh: '活动范围内的地区', en: 'Region of the campaign' }, rootCode));
    const codes = this.regions.all().filter((r) => r.path.startsWith(root.path)).map((r) => r.code);
    return { campaign, root, codes };
  }

  async forCampaign(actor: Actor, campaignId: string, query: CampaignStatsQuery): Promise<CampaignStatsView> {
    const campaign = await this.campaigns.get(actor, campaignId);
    return this.compute(this.scope(actor, campaign, query.region), query);
  }

  /** The figures of a scope already checked (the ledger checks 'ledger.export' first). */
  async compute(scope: CampaignScopeView, query: CampaignStatsQuery): Promise<CampaignStatsView> {
    const { campaign, root, codes } = scope;
    const asOf = this.today();
    const industry = query.industry ?? null;
    const kind = query.kind ?? null;
    const kinds = kind ? [kind] : campaign.kinds;
    const seriesEnd = campaign.endsOn < asOf ? campaign.endsOn : asOf;

    // $1 campaign, $2 the subtree's codes, $3 industry or null, $4 kind or null.
    const params = [campaign.id, codes, industry, kind];
    const keyFilter = `s.region_code = ANY($2) AND ($3::varchar IS NULL OR s.industry_code = $3) AND ($4::varchar IS NULL OR s.kind = $4)`;
    const q = <T>(sql: string, values: unknown[]) => this.dataSource.query(sql, values) as Promise<T[]>;
    const [states, events, daily, roster, reach, terms, targets, overdue] = await Promise.all([
      q<{ region_code: string; industry_code: string; status: string; cases: number; enterprises: number; employees: number }>(
        `SELECT s.region_code, s.industry_code, s.status, sum(s.cases)::int AS cases, sum(s.enterprises)::int AS enterprises, sum(s.employees)::bigint AS employees
           FROM stats_case_states s WHERE s.campaign_key = $1 AND ${keyFilter} GROUP BY 1, 2, 3`,
        params,
      ),
      q<{ region_code: string; industry_code: string; event_type: string; events: number }>(
        `SELECT s.region_code, s.industry_code, s.event_type, sum(s.events)::int AS events
           FROM stats_case_event_totals s WHERE s.campaign_key = $1 AND ${keyFilter} AND s.event_type = ANY($5) GROUP BY 1, 2, 3`,
        [...params, SERIES_TYPES],
      ),
      seriesEnd < campaign.startsOn
        ? Promise.resolve([])
        : industry || kind
          ? // Every industry named (when only the kind is), so that the key's columns up to the kind bound the index scan.
            q<{ day: string; event_type: string; events: number }>(
              `SELECT s.occurred_on::text AS day, s.event_type, sum(s.events)::int AS events
                 FROM stats_case_events s
                WHERE s.campaign_key = $1 AND ${keyFilter} AND s.industry_code = ANY($8) AND s.event_type = ANY($5) AND s.occurred_on BETWEEN $6 AND $7 GROUP BY 1, 2`,
              [...params, SERIES_TYPES, campaign.startsOn, seriesEnd, industry ? [industry] : [...(await this.industries()).keys(), '']],
            )
          : q<{ day: string; event_type: string; events: number }>(
              `SELECT s.occurred_on::text AS day, s.event_type, sum(s.events)::int AS events
                 FROM stats_daily_events s WHERE s.campaign_key = $1 AND s.region_code = ANY($2) AND s.event_type = ANY($3) AND s.occurred_on BETWEEN $4 AND $5 GROUP BY 1, 2`,
              [campaign.id, codes, SERIES_TYPES, campaign.startsOn, seriesEnd],
            ),
      q<{ region_code: string; industry_code: string; enterprises: number; employees: number }>(
        `SELECT s.region_code, s.industry_code, sum(s.enterprises)::int AS enterprises, sum(s.employees)::bigint AS employees
           FROM stats_roster s WHERE s.campaign_id = $1 AND s.region_code = ANY($2) AND ($3::varchar IS NULL OR s.industry_code = $3) GROUP BY 1, 2`,
        [campaign.id, codes, industry],
      ),
      // The rates' enterprises: the roster's rows of stats_campaign_enterprises (an index of them alone).
      q<{ region_code: string; industry_code: string; offered: number; established: number }>(
        `SELECT s.region_code, s.industry_code, count(*) FILTER (WHERE s.offered)::int AS offered, count(*) FILTER (WHERE s.contracts > 0)::int AS established
           FROM stats_campaign_enterprises s WHERE s.campaign_id = $1 AND s.rostered AND s.region_code = ANY($2) AND ($3::varchar IS NULL OR s.industry_code = $3) GROUP BY 1, 2`,
        [campaign.id, codes, industry],
      ),
      // The renewal pipeline: a range of the key's first column, whatever campaign the contracts came from.
      q<{ region_code: string; industry_code: string; m3: number; m6: number }>(
        `SELECT s.region_code, s.industry_code,
                COALESCE(sum(s.contracts) FILTER (WHERE s.term_end <= ($1::date + interval '3 months')::date), 0)::int AS m3, sum(s.contracts)::int AS m6
           FROM stats_contract_terms s
          WHERE s.term_end > $1::date AND s.term_end <= ($1::date + interval '6 months')::date
            AND s.region_code = ANY($2) AND s.kind = ANY($3) AND ($4::varchar IS NULL OR s.industry_code = $4)
          GROUP BY 1, 2`,
        [asOf, codes, kinds, industry],
      ),
      this.campaigns.targets(campaign.id),
      this.overdue(campaign.id, codes, industry, kind),
    ]);

    // Every region code of the subtree → the child of the root it lies under (the root itself for its own rows).
    const childOf = new Map<string, string>();
    for (const code of codes) childOf.set(code, this.regions.childOf(root.code, code) ?? root.code);
    const totals = emptyAcc();
    const byRegion = new Map<string, Acc>();
    const byIndustry = new Map<string, Acc>();
    const cells = new Map<string, { regionCode: string; industryCode: string; offers: number; signed: number }>();
    const groups = (regionCode: string, industryCode: string): Acc[] => [totals, getOr(byRegion, childOf.get(regionCode)!, emptyAcc), getOr(byIndustry, industryCode, emptyAcc)];
    for (const r of states) for (const a of groups(r.region_code, r.industry_code)) addState(a.figures, r);
    for (const r of events) {
      for (const a of groups(r.region_code, r.industry_code)) addEvents(a.figures, r.event_type, r.events);
      const figures = EVENT_FIGURES[r.event_type];
      if (figures.includes('offers') || figures.includes('signed')) {
        const regionCode = childOf.get(r.region_code)!;
        const cell = getOr(cells, `${regionCode}|${r.industry_code}`, () => ({ regionCode, industryCode: r.industry_code, offers: 0, signed: 0 }));
        if (figures.includes('offers')) cell.offers += r.events;
        else cell.signed += r.events;
      }
    }
    for (const r of roster) {
      for (const a of groups(r.region_code, r.industry_code)) {
        a.enterprisesInScope += r.enterprises;
        a.employeesInScope += Number(r.employees);
      }
    }
    for (const r of reach) {
      for (const a of groups(r.region_code, r.industry_code)) {
        a.enterprisesOffered += r.offered;
        a.enterprisesEstablished += r.established;
      }
    }
    for (const r of terms) {
      for (const a of groups(r.region_code, r.industry_code)) {
        a.expiring3Months += r.m3;
        a.expiring6Months += r.m6;
      }
    }

    const targetOf = new Map(targets.map((t) => [t.regionCode, t]));
    const names = await this.industries();
    const children = this.regions
      .all()
      .filter((r) => r.parentCode === root.code)
      .map((r) => r.code);
    const regionRows = [...new Set([...children, ...byRegion.keys()])]
      .sort((a, b) => (a === root.code ? -1 : b === root.code ? 1 : a.localeCompare(b)))
      .map((code) => ({
        code,
        name: code === root.code ? `${root.name}本级` : (this.regions.get(code)?.name ?? code),
        ...this.row(byRegion.get(code) ?? emptyAcc(), code === root.code ? undefined : targetOf.get(code)),
      }));
    const industryCodes = industry ? [industry] : [...new Set([...names.keys(), ...byIndustry.keys()])].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
    const days = new Map<string, CampaignDay>();
    if (seriesEnd >= campaign.startsOn) {
      for (let day = campaign.startsOn; day <= seriesEnd; day = nextDay(day)) days.set(day, { day, offers: 0, responses: 0, refusals: 0, lateResponses: 0, signed: 0, filed: 0 });
    }
    for (const r of daily) {
      const d = days.get(r.day);
      if (d) for (const figure of EVENT_FIGURES[r.event_type]) (d[figure as keyof CampaignDay] as number) += r.events;
    }
    return {
      campaign: { id: campaign.id, name: campaign.name, startsOn: campaign.startsOn, endsOn: campaign.endsOn, regionCode: campaign.regionCode, kinds: campaign.kinds },
      region: { code: root.code, name: root.name },
      filters: { industry, kind },
      asOf,
      totals: this.row(totals, targetOf.get(root.code)),
      byRegion: regionRows,
      byIndustry: industryCodes.map((code) => ({ code, name: code === '' ? '未注明行业' : (names.get(code) ?? code), ...this.row(byIndustry.get(code) ?? emptyAcc(), undefined) })),
      heat: [...cells.values()]
        .map((c) => ({ ...c, signingRate: pct(c.signed, c.offers) }))
        .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.industryCode.localeCompare(b.industryCode)),
      daily: [...days.values()],
      overdue,
    };
  }

  private row(a: Acc, target: CampaignTarget | undefined): CampaignRow {
    const f = a.figures;
    return {
      ...f,
      // A rollup row at zero (every case left that state) is no state to show.
      byState: Object.fromEntries(Object.entries(f.byState).filter(([, n]) => n !== 0)),
      enterprisesInScope: a.enterprisesInScope,
      employeesInScope: a.employeesInScope,
      enterprisesOffered: a.enterprisesOffered,
      enterprisesEstablished: a.enterprisesEstablished,
      expiring3Months: a.expiring3Months,
      expiring6Months: a.expiring6Months,
      rates: {
        offerRate: pct(a.enterprisesOffered, a.enterprisesInScope),
        responseRate: pct(f.responses, f.offers),
        signingRate: pct(f.signed, f.offers),
        filingRate: pct(f.filed, f.signed),
        establishmentRate: pct(a.enterprisesEstablished, a.enterprisesInScope),
      },
      targets: target
        ? {
            offerRate: num(target.offerRate),
            responseRate: num(target.responseRate),
            signingRate: num(target.signingRate),
            filingRate: num(target.filingRate),
            establishmentRate: num(target.establishmentRate),
            employeesCovered: target.employeesCovered,
          }
        : null,
    };
  }

  /**
   * The campaign's overdue cases in the subtree, longest-running first: those flagged (idx_cases_campaign_overdue,
   * read in its order) and those whose deadline marking them overdue has passed but not yet fired (a few rows of
   * idx_case_deadlines_due). As CasesService.list's `overdue` filter.
   */
  private async overdue(campaignId: string, codes: string[], industry: string | null, kind: string | null): Promise<OverdueCase[]> {
    const filter = `c.campaign_id = $1 AND c.region_code = ANY($2) AND ($3::varchar IS NULL OR c.industry_code = $3) AND ($4::varchar IS NULL OR c.kind = $4)`;
    const rows: {
      id: string;
      title: string;
      kind: string;
      status: string;
      workflow_id: string;
      workflow_version: number;
      region_code: string;
      employer_name: string | null;
      next_due_on: string | null;
      started_on: string;
    }[] = await this.dataSource.query(
      `WITH flagged AS (
         SELECT c.id, c.created_at FROM cases c WHERE c.overdue AND ${filter} ORDER BY c.created_at, c.id LIMIT ${OVERDUE_LIMIT}),
       passed AS (
         SELECT c.id, c.created_at FROM cases c
          WHERE NOT c.overdue AND ${filter}
            AND c.id IN (SELECT d.case_id FROM case_deadlines d WHERE d.marks_overdue AND d.due_at <= $5)
          ORDER BY c.created_at, c.id LIMIT ${OVERDUE_LIMIT}),
       picked AS (SELECT * FROM flagged UNION ALL SELECT * FROM passed ORDER BY 2, 1 LIMIT ${OVERDUE_LIMIT})
       SELECT c.id, c.title, c.kind, c.status, c.workflow_id, c.workflow_version, c.region_code, e.name AS employer_name,
              (SELECT min(d.due_on)::text FROM case_deadlines d WHERE d.case_id = c.id) AS next_due_on,
              to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS started_on
         FROM picked p JOIN cases c ON c.id = p.id LEFT JOIN organisations e ON e.id = c.employer_org_id
        ORDER BY p.created_at, p.id`,
      [campaignId, codes, industry, kind, this.clock.now()],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      state: r.status,
      stateLabel: this.stateLabel(r.workflow_id, r.workflow_version, r.status),
      regionCode: r.region_code,
      regionName: this.regions.get(r.region_code)?.name ?? r.region_code,
      employerName: r.employer_name,
      nextDueOn: r.next_due_on,
      startedOn: r.started_on,
    }));
  }

  stateLabel(workflowId: string, version: number, status: string): { zh: string; en: string } {
    return this.workflows.get(workflowId, version)?.definition.machine.states[status]?.meta.label ?? { zh: status, en: status };
  }

  /** GB/T 4754 sections by code (reference data, loaded at start). */
  async industries(): Promise<Map<string, string>> {
    if (!this.industryNames) {
      const rows: { code: string; name: string }[] = await this.dataSource.query('SELECT code, name FROM industries ORDER BY code');
      this.industryNames = new Map(rows.map((r) => [r.code, r.name]));
    }
    return this.industryNames;
  }
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
