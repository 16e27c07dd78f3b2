import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.js';
import { RegionDirectory } from '../../organisations/region-directory.js';
import { CampaignStatisticsService, type CampaignScopeView, type CampaignStatsQuery, type CampaignStatsView } from '../../statistics/campaign-statistics.service.js';
import { CampaignsService } from '../campaigns.service.js';
import { KIND_LABELS, type EnterpriseRow } from './ledger-columns.js';

/** What both sheets are made from: the scope checked, and the figures of GET /api/campaigns/:id/stats. */
export interface Ledger {
  scope: CampaignScopeView;
  view: CampaignStatsView;
  query: CampaignStatsQuery;
}

interface EnterpriseRecord {
  id: string;
  credit_code: string | null;
  name: string;
  region_code: string;
  industry_code: string | null;
  employees: number | null;
  unionised: boolean | null;
  off_roster: boolean;
  kind: string | null;
  status: string | null;
  workflow_id: string | null;
  workflow_version: number | null;
  term_end: string | null;
  overdue: boolean | null;
  offered_on: string | null;
  agreed_on: string | null;
  refused_on: string | null;
  late: boolean | null;
  signed_on: string | null;
  filed_on: string | null;
}

// One region's enterprises ($2) with each of their cases in the campaign ($1) within the scope ($4), of the kind ($5):
// the roster's (industry $3), and those off it ($6) that the campaign's cases cover. The dates come from each case's log.
const ENTERPRISES_OF_REGION = `
WITH ent AS (
  SELECT o.id, false AS off_roster FROM organisations o JOIN campaign_enterprises ce ON ce.enterprise_id = o.id AND ce.campaign_id = $1
   WHERE o.kind = 'enterprise' AND o.region_code = $2 AND ($3::varchar IS NULL OR o.industry_code = $3)
  UNION ALL
  SELECT unnest($6::uuid[]), true)
SELECT o.id, o.credit_code, o.name, o.region_code, o.industry_code, o.employees, o.unionised, ent.off_roster,
       c.kind, c.status, c.workflow_id, c.workflow_version, c.term_end::text AS term_end,
       c.overdue OR EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.marks_overdue AND d.due_at <= $7) AS overdue,
       ev.offered_on, ev.agreed_on, ev.refused_on, ev.late, ev.signed_on, ev.filed_on
  FROM ent JOIN organisations o ON o.id = ent.id
  LEFT JOIN LATERAL (
    SELECT c.* FROM case_enterprises x JOIN cases c ON c.id = x.case_id
     WHERE x.enterprise_id = o.id AND c.campaign_id = $1 AND c.region_code = ANY($4) AND ($5::varchar IS NULL OR c.kind = $5)) c ON true
  LEFT JOIN LATERAL (
    SELECT min(e.occurred_on) FILTER (WHERE e.type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED'))::text AS offered_on,
           max(e.occurred_on) FILTER (WHERE e.type = 'RESPONSE_AGREED')::text AS agreed_on,
           max(e.occurred_on) FILTER (WHERE e.type = 'RESPONSE_REFUSED')::text AS refused_on,
           bool_or(e.type = 'RESPONSE_DEADLINE_PASSED') AS late,
           max(e.occurred_on) FILTER (WHERE e.type = 'SIGNED')::text AS signed_on,
           max(e.occurred_on) FILTER (WHERE e.type = 'FILED')::text AS filed_on
      FROM case_events e WHERE e.case_id = c.id) ev ON true
 ORDER BY ent.off_roster, o.industry_code NULLS LAST, o.credit_code NULLS LAST, o.name, o.id, c.created_at`;

// The enterprises off the roster that the campaign's cases in the scope cover, by their region.
const OFF_ROSTER = `
SELECT DISTINCT o.region_code, o.id FROM cases c JOIN case_enterprises x ON x.case_id = c.id JOIN organisations o ON o.id = x.enterprise_id
 WHERE c.campaign_id = $1 AND c.region_code = ANY($2) AND ($3::varchar IS NULL OR o.industry_code = $3) AND ($4::varchar IS NULL OR c.kind = $4)
   AND NOT EXISTS (SELECT 1 FROM campaign_enterprises ce WHERE ce.campaign_id = $1 AND ce.enterprise_id = x.enterprise_id)`;

/**
 * The campaign's ledger (台账): the summary by region (活动情况汇总表), the same figures as
 * GET /api/campaigns/:id/stats, and the enterprise-level sheet (企业集体协商建制情况表), read region by region.
 */
@Injectable()
export class LedgerService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CampaignsService) private readonly campaigns: CampaignsService,
    @Inject(CampaignStatisticsService) private readonly statistics: CampaignStatisticsService,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** 404 unless the campaign reaches the actor, 403 unless they may export ledgers; then the figures. */
  async prepare(actor: Actor, campaignId: string, query: CampaignStatsQuery): Promise<Ledger> {
    const campaign = await this.campaigns.getFor(actor, campaignId, 'ledger.export');
    const scope = this.statistics.scope(actor, campaign, query.region);
    return { scope, view: await this.statistics.compute(scope, query), query };
  }

  /** The file's name: campaign, sheet, region and day. */
  fileName(ledger: Ledger, what: string, ext: string): string {
    const { view } = ledger;
    return `${view.campaign.name}_${what}_${view.region.name}_${view.asOf}.${ext}`.replace(/[\\/:*?"<>|\r\n]/g, '_');
  }

  /** The enterprise sheet's rows, a region at a time (the subtree in path order), numbered from 1. */
  async *enterpriseRows(ledger: Ledger): AsyncGenerator<EnterpriseRow[]> {
    const { scope, query } = ledger;
    const industry = query.industry ?? null;
    const kind = query.kind ?? null;
    const industries = await this.statistics.industries();
    const offRoster = new Map<string, string[]>();
    const off: { region_code: string; id: string }[] = await this.dataSource.query(OFF_ROSTER, [scope.campaign.id, scope.codes, industry, kind]);
    for (const r of off) offRoster.set(r.region_code, [...(offRoster.get(r.region_code) ?? []), r.id]);
    const codes = [...scope.codes].sort((a, b) => this.regions.get(a)!.path.localeCompare(this.regions.get(b)!.path));
    const now = this.clock.now();
    let seq = 0;
    for (const code of codes) {
      const rows: EnterpriseRecord[] = await this.dataSource.query(ENTERPRISES_OF_REGION, [scope.campaign.id, code, industry, scope.codes, kind, offRoster.get(code) ?? [], now]);
      if (!rows.length) continue;
      const regionName = this.regions.get(code)?.name ?? code;
      yield rows.map((r) => ({
        seq: ++seq,
        creditCode: r.credit_code,
        name: r.name,
        regionName,
        industry: r.industry_code ? `${r.industry_code} ${industries.get(r.industry_code) ?? ''}`.trim() : '',
        employees: r.employees,
        unionised: r.unionised,
        offRoster: r.off_roster,
        kind: r.kind ? (KIND_LABELS[r.kind] ?? r.kind) : null,
        stateLabel: r.status ? this.statistics.stateLabel(r.workflow_id!, r.workflow_version!, r.status).zh : null,
        offeredOn: r.offered_on,
        response: responseOf(r),
        respondedOn: r.refused_on ?? r.agreed_on,
        signedOn: r.signed_on,
        filedOn: r.filed_on,
        termEnd: r.term_end,
        overdue: r.status ? !!r.overdue : null,
      }));
    }
  }
}

/** 应约情况: refused, answered (late when the period had run out first), the period run out, or awaited. */
function responseOf(r: EnterpriseRecord): string | null {
  if (!r.status) return null;
  if (r.refused_on) return '拒绝协商';
  if (r.agreed_on) return r.late ? '逾期应约' : '已应约';
  if (r.late) return '逾期未应约';
  if (r.offered_on) return '待应约';
  return '未要约';
}
