import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { AccessPolicy } from '../common/access/access-policy.js';
import { RegionDirectory } from '../organisations/region-directory.js';
import { addEvents, addState, emptyFigures, getOr, type Figures } from './figures.js';

export { COVERING_STATES } from './rollup-sql.js';
export type { Figures } from './figures.js';

export interface StatisticsQuery {
  campaign?: string;
  /** Root of the breakdown: a region within the caller's jurisdiction (default: the jurisdiction's root). */
  region?: string;
  industry?: string;
  kind?: string;
}

export interface StatisticsView {
  region: { code: string; name: string };
  totals: Figures;
  /** One row per child region of the root (prefectures under the province, counties under a prefecture). */
  byRegion: (Figures & { code: string; name: string })[];
  byIndustry: (Figures & { code: string })[];
  /** Events per day: { day, OFFER_ISSUED: n, … }. */
  daily: ({ day: string } & Record<string, number | string>)[];
}

/**
 * The campaign's statistics, read from the rollups the engine keeps in the statement of every event
 * (src/statistics/rollup-sql.ts); StatisticsRecount rebuilds them from the cases and compares the two.
 */
@Injectable()
export class StatisticsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(RegionDirectory) private readonly regions: RegionDirectory,
  ) {}

  async overview(actor: Actor, query: StatisticsQuery): Promise<StatisticsView> {
    const rootCode = query.region ?? actor.regionCode;
    this.access.assert(actor, 'statistics.read', { regionCode: rootCode });
    const root = this.regions.get(rootCode)!;
    const codes = this.regions.all().filter((r) => r.path.startsWith(root.path)).map((r) => r.code);
    const where = ['s.region_code = ANY($1)'];
    const params: unknown[] = [codes];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.campaign) add('s.campaign_key = ?', query.campaign);
    // The series per county and day; by industry or kind, from the rollup that keeps them.
    const daySource = query.industry || query.kind ? 'stats_case_events' : 'stats_daily_events';
    if (query.industry) add('s.industry_code = ?', query.industry);
    if (query.kind) add('s.kind = ?', query.kind);
    const filter = where.join(' AND ');
    const [states, events, daily] = await Promise.all([
      this.dataSource.query(
        `SELECT s.region_code, s.industry_code, s.status, sum(s.cases)::int AS cases, sum(s.enterprises)::int AS enterprises, sum(s.employees)::bigint AS employees
           FROM stats_case_states s WHERE ${filter} GROUP BY 1, 2, 3`,
        params,
      ) as Promise<{ region_code: string; industry_code: string; status: string; cases: number; enterprises: number; employees: string }[]>,
      // The day-less totals: a few rows per county and industry, not one per day.
      this.dataSource.query(
        `SELECT s.region_code, s.industry_code, s.event_type, sum(s.events)::int AS events
           FROM stats_case_event_totals s WHERE ${filter} GROUP BY 1, 2, 3`,
        params,
      ) as Promise<{ region_code: string; industry_code: string; event_type: string; events: number }[]>,
      this.dataSource.query(
        `SELECT s.occurred_on::text AS day, s.event_type, sum(s.events)::int AS events
           FROM ${daySource} s WHERE ${filter} GROUP BY 1, 2 ORDER BY 1, 2`,
        params,
      ) as Promise<{ day: string; event_type: string; events: number }[]>,
    ]);

    const totals = emptyFigures();
    const byRegion = new Map<string, Figures>();
    const byIndustry = new Map<string, Figures>();
    const groups = (regionCode: string, industryCode: string): Figures[] => {
      const child = this.regions.childOf(root.code, regionCode);
      const out = [totals];
      if (child) out.push(getOr(byRegion, child, emptyFigures));
      out.push(getOr(byIndustry, industryCode, emptyFigures));
      return out;
    };
    for (const row of states) for (const f of groups(row.region_code, row.industry_code)) addState(f, row);
    for (const row of events) for (const f of groups(row.region_code, row.industry_code)) addEvents(f, row.event_type, row.events);
    const days = new Map<string, { day: string } & Record<string, number | string>>();
    for (const row of daily) {
      const day = days.get(row.day) ?? { day: row.day };
      day[row.event_type] = row.events;
      days.set(row.day, day);
    }
    return {
      region: { code: root.code, name: root.name },
      totals,
      byRegion: [...byRegion].map(([code, f]) => ({ code, name: this.regions.get(code)?.name ?? code, ...f })).sort((a, b) => a.code.localeCompare(b.code)),
      byIndustry: [...byIndustry].map(([code, f]) => ({ code, ...f })).sort((a, b) => a.code.localeCompare(b.code)),
      daily: [...days.values()],
    };
  }
}
