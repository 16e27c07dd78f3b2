import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { AccessPolicy } from '../common/access/access-policy.js';
import { RegionDirectory } from '../organisations/region-directory.js';

/** States in which a signed contract is in effect: its enterprises and employees are covered. */
export const COVERING_STATES = ['effective', 'in_force', 'renewal_window'];

/** The figures of one group (a region, an industry, or all), from the rollups. */
export interface Figures {
  /** Cases by their current state. */
  byState: Record<string, number>;
  cases: number;
  /** Offers sent (OFFER_ISSUED, RENEWAL_OFFERED). */
  offers: number;
  /** Offers answered (agreed or refused). */
  responses: number;
  refusals: number;
  /** Response periods that ran out (RESPONSE_DEADLINE_PASSED). */
  lateResponses: number;
  signed: number;
  filed: number;
  /** Contracts in effect and what they cover (an industry or regional contract: every enterprise it covers). */
  contractsInForce: number;
  enterprisesCovered: number;
  employeesCovered: number;
}

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

const empty = (): Figures => ({ byState: {}, cases: 0, offers: 0, responses: 0, refusals: 0, lateResponses: 0, signed: 0, filed: 0, contractsInForce: 0, enterprisesCovered: 0, employeesCovered: 0 });

const EVENT_FIGURES: Record<string, (keyof Figures)[]> = {
  OFFER_ISSUED: ['offers'],
  RENEWAL_OFFERED: ['offers'],
  RESPONSE_AGREED: ['responses'],
  RESPONSE_REFUSED: ['responses', 'refusals'],
  RESPONSE_DEADLINE_PASSED: ['lateResponses'],
  SIGNED: ['signed'],
  FILED: ['filed'],
};

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
    const where = ['r.path LIKE $1'];
    const params: unknown[] = [`${root.path}%`];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.campaign) add('s.campaign_key = ?', query.campaign);
    if (query.industry) add('s.industry_code = ?', query.industry);
    if (query.kind) add('s.kind = ?', query.kind);
    const filter = where.join(' AND ');
    const [states, events, daily] = await Promise.all([
      this.dataSource.query(
        `SELECT s.region_code, s.industry_code, s.status, sum(s.cases)::int AS cases, sum(s.enterprises)::int AS enterprises, sum(s.employees)::bigint AS employees
           FROM stats_case_states s JOIN regions r ON r.code = s.region_code WHERE ${filter} GROUP BY 1, 2, 3`,
        params,
      ) as Promise<{ region_code: string; industry_code: string; status: string; cases: number; enterprises: number; employees: string }[]>,
      this.dataSource.query(
        `SELECT s.region_code, s.industry_code, s.event_type, sum(s.events)::int AS events
           FROM stats_case_events s JOIN regions r ON r.code = s.region_code WHERE ${filter} GROUP BY 1, 2, 3`,
        params,
      ) as Promise<{ region_code: string; industry_code: string; event_type: string; events: number }[]>,
      this.dataSource.query(
        `SELECT to_char(s.occurred_on, 'YYYY-MM-DD') AS day, s.event_type, sum(s.events)::int AS events
           FROM stats_case_events s JOIN regions r ON r.code = s.region_code WHERE ${filter} GROUP BY 1, 2 ORDER BY 1, 2`,
        params,
      ) as Promise<{ day: string; event_type: string; events: number }[]>,
    ]);

    const totals = empty();
    const byRegion = new Map<string, Figures>();
    const byIndustry = new Map<string, Figures>();
    const groups = (regionCode: string, industryCode: string): Figures[] => {
      const child = this.childOf(root.code, regionCode);
      const out = [totals];
      if (child) out.push(getOr(byRegion, child));
      out.push(getOr(byIndustry, industryCode));
      return out;
    };
    for (const row of states) {
      for (const f of groups(row.region_code, row.industry_code)) {
        f.byState[row.status] = (f.byState[row.status] ?? 0) + row.cases;
        f.cases += row.cases;
        if (COVERING_STATES.includes(row.status)) {
          f.contractsInForce += row.cases;
          f.enterprisesCovered += row.enterprises;
          f.employeesCovered += Number(row.employees);
        }
      }
    }
    for (const row of events) {
      for (const figure of EVENT_FIGURES[row.event_type] ?? []) {
        for (const f of groups(row.region_code, row.industry_code)) (f[figure] as number) += row.events;
      }
    }
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

  /** The child of `root` on the way down to `code` (the prefecture of a county under the province). */
  private childOf(root: string, code: string): string | undefined {
    let at = this.regions.get(code);
    while (at && at.parentCode && at.parentCode !== root) at = this.regions.get(at.parentCode);
    return at && at.parentCode === root ? at.code : code === root ? code : undefined;
  }
}

function getOr(map: Map<string, Figures>, key: string): Figures {
  let f = map.get(key);
  if (!f) map.set(key, (f = empty()));
  return f;
}

