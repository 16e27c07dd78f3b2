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

// The enterprise sheet in one statement, read through a cursor: the roster's enterprises in the scope ($2, industry
// $3) and those off it that the campaign's ($1) cases in the scope (of kind $4) cover, each with each of its cases
// (none: one line), the dates from the cases' logs, overdue as CasesService.list says ($5: now). In region order.
const ENTERPRISE_SHEET = `
WITH cc AS (
  SELECT x.enterprise_id, c.id, c.kind, c.status, c.workflow_id, c.workflow_version, c.term_end, c.overdue, c.created_at
    FROM cases c JOIN case_enterprises x ON x.case_id = c.id
   WHERE c.campaign_id = $1 AND c.region_code = ANY($2) AND ($4::varchar IS NULL OR c.kind = $4)),
ent AS (
  SELECT ce.enterprise_id AS id, false AS off_roster FROM campaign_enterprises ce WHERE ce.campaign_id = $1
  UNION ALL
  SELECT DISTINCT cc.enterprise_id, true FROM cc
   WHERE NOT EXISTS (SELECT 1 FROM campaign_enterprises ce WHERE ce.campaign_id = $1 AND ce.enterprise_id = cc.enterprise_id)),
ev AS (
  SELECT e.case_id,
         min(e.occurred_on) FILTER (WHERE e.type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED'))::text AS offered_on,
         max(e.occurred_on) FILTER (WHERE e.type = 'RESPONSE_AGREED')::text AS agreed_on,
         max(e.occurred_on) FILTER (WHERE e.type = 'RESPONSE_REFUSED')::text AS refused_on,
         bool_or(e.type = 'RESPONSE_DEADLINE_PASSED') AS late,
         max(e.occurred_on) FILTER (WHERE e.type = 'SIGNED')::text AS signed_on,
         max(e.occurred_on) FILTER (WHERE e.type = 'FILED')::text AS filed_on
    FROM case_events e WHERE e.case_id IN (SELECT id FROM cc) GROUP BY e.case_id),
passed AS (SELECT DISTINCT d.case_id FROM case_deadlines d WHERE d.marks_overdue AND d.due_at <= $5)
SELECT o.id, o.credit_code, o.name, o.region_code, o.industry_code, o.employees, o.unionised, ent.off_roster,
       cc.kind, cc.status, cc.workflow_id, cc.workflow_version, cc.term_end::text AS term_end,
       cc.overdue OR passed.case_id IS NOT NULL AS overdue,
       ev.offered_on, ev.agreed_on, ev.refused_on, ev.late, ev.signed_on, ev.filed_on
  FROM ent JOIN organisations o ON o.id = ent.id JOIN regions r ON r.code = o.region_code
  LEFT JOIN cc ON cc.enterprise_id = ent.id
  LEFT JOIN ev ON ev.case_id = cc.id
  LEFT JOIN passed ON passed.case_id = cc.id
 WHERE o.region_code = ANY($2) AND ($3::varchar IS NULL OR o.industry_code = $3)
 ORDER BY r.path, ent.off_roster, o.industry_code NULLS LAST, o.credit_code NULLS LAST, o.name, o.id, cc.created_at`;

const BATCH = 2000;

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

  /**
   * The enterprise sheet's rows in batches, numbered from 1: one statement read through a cursor, in a
   * transaction of its own that ends when the reader stops (at the end, or on an error).
   */
  async *enterpriseRows(ledger: Ledger): AsyncGenerator<EnterpriseRow[]> {
    const { scope, query } = ledger;
    const industries = await this.statistics.industries();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // The whole sheet is read: plan for all of it, not for its first rows (a cursor's default, 10 times slower here).
      await runner.query('SET LOCAL cursor_tuple_fraction = 1.0');
      await runner.query(`DECLARE ledger_enterprises NO SCROLL CURSOR FOR ${ENTERPRISE_SHEET}`, [scope.campaign.id, scope.codes, query.industry ?? null, query.kind ?? null, this.clock.now()]);
      let seq = 0;
      for (;;) {
        const rows: EnterpriseRecord[] = await runner.query(`FETCH ${BATCH} FROM ledger_enterprises`);
        if (!rows.length) break;
        yield rows.map((r) => ({
          seq: ++seq,
          creditCode: r.credit_code,
          name: r.name,
          regionName: this.regions.get(r.region_code)?.name ?? r.region_code,
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
        if (rows.length < BATCH) break;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
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
