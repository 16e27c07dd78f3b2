import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addToContractTerms,
  addToDailyEvents,
  addToEventTotals,
  addToEvents,
  addToStates,
  RECOUNT_DAILY,
  RECOUNT_EVENT_TOTALS,
  RECOUNT_EVENTS,
  RECOUNT_ROSTER,
  RECOUNT_STATES,
  RECOUNT_CAMPAIGN_ENTERPRISES,
  RECOUNT_ENTERPRISE_CONTRACTS,
  RECOUNT_TERMS,
} from './rollup-sql.js';

const ROLLUP_TABLES = [
  'stats_case_states', 'stats_case_events', 'stats_case_event_totals', 'stats_daily_events', 'stats_contract_terms', 'stats_roster',
  'stats_enterprise_contracts', 'stats_campaign_enterprises',
] as const;

/** stats_roster's rows, as the triggers of migration CampaignStatistics keep them. */
const addToRoster = (source: string) => `INSERT INTO stats_roster (campaign_id, region_code, industry_code, enterprises, employees) ${source}`;

/** A difference between the rollups and a recount. */
export interface Drift {
  table: (typeof ROLLUP_TABLES)[number];
  key: string;
  rollup: string | null;
  recount: string | null;
}

/** The rollups rebuilt from the cases and their logs (`npm run cli -- stats:recount`), and checked against them (`stats:check`). */
@Injectable()
export class StatisticsRecount {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Rebuilds every rollup from the cases, their logs and the rosters; writers wait meanwhile (their deltas land on the new counts). */
  async recount(): Promise<{ stateRows: number; eventRows: number }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`LOCK TABLE ${ROLLUP_TABLES.join(', ')} IN EXCLUSIVE MODE`);
      for (const table of ROLLUP_TABLES) await manager.query(`DELETE FROM ${table}`);
      await manager.query(addToStates(RECOUNT_STATES));
      await manager.query(addToEvents(RECOUNT_EVENTS));
      await manager.query(addToEventTotals(RECOUNT_EVENT_TOTALS));
      await manager.query(addToDailyEvents(RECOUNT_DAILY));
      await manager.query(addToContractTerms(RECOUNT_TERMS));
      await manager.query(addToRoster(RECOUNT_ROSTER));
      await manager.query(`INSERT INTO stats_enterprise_contracts (enterprise_id, contracts, campaigns) ${RECOUNT_ENTERPRISE_CONTRACTS}`);
      await manager.query(`INSERT INTO stats_campaign_enterprises (campaign_id, enterprise_id, region_code, industry_code, rostered, offered, contracts) ${RECOUNT_CAMPAIGN_ENTERPRISES}`);
      const [{ s, e }] = await manager.query('SELECT (SELECT count(*)::int FROM stats_case_states) AS s, (SELECT count(*)::int FROM stats_case_events) AS e');
      return { stateRows: s, eventRows: e };
    });
  }

  /** Where the rollups and a recount disagree (rows at zero count as absent). Empty when they agree. */
  async drift(): Promise<Drift[]> {
    // `rollup`: the table's rows to compare, when not its key and value columns without the rows at zero.
    const compare = async (table: Drift['table'], keys: string[], values: string[], recount: string, rollup?: string): Promise<Drift[]> => {
      const k = keys.join(', ');
      const v = values.join(', ');
      const rows: { key: string; rollup: string | null; recount: string | null }[] = await this.dataSource.query(
        `WITH a AS (${rollup ?? `SELECT ${k}, ${v} FROM ${table} WHERE NOT (${values.map((c) => `${c} = 0`).join(' AND ')})`}),
              b AS (SELECT * FROM (${recount}) AS x(${k}, ${v}))
         SELECT concat_ws('|', ${keys.map((c) => `COALESCE(a.${c}, b.${c})`).join(', ')}) AS key,
                CASE WHEN a.${keys[0]} IS NULL THEN NULL ELSE concat_ws('/', ${values.map((c) => `a.${c}`).join(', ')}) END AS rollup,
                CASE WHEN b.${keys[0]} IS NULL THEN NULL ELSE concat_ws('/', ${values.map((c) => `b.${c}`).join(', ')}) END AS recount
           FROM a FULL JOIN b ON ${keys.map((c) => `a.${c} = b.${c}`).join(' AND ')}
          WHERE a.${keys[0]} IS NULL OR b.${keys[0]} IS NULL OR ${values.map((c) => `a.${c} <> b.${c}`).join(' OR ')}
          ORDER BY 1`,
      );
      return rows.map((r) => ({ table, ...r }));
    };
    return [
      ...(await compare('stats_case_states', ['campaign_key', 'region_code', 'industry_code', 'kind', 'status'], ['cases', 'enterprises', 'employees'], RECOUNT_STATES)),
      ...(await compare('stats_case_events', ['campaign_key', 'region_code', 'industry_code', 'kind', 'event_type', 'occurred_on'], ['events', 'enterprises', 'employees'], RECOUNT_EVENTS)),
      ...(await compare('stats_case_event_totals', ['campaign_key', 'region_code', 'industry_code', 'kind', 'event_type'], ['events', 'enterprises', 'employees'], RECOUNT_EVENT_TOTALS)),
      ...(await compare('stats_daily_events', ['campaign_key', 'region_code', 'event_type', 'occurred_on'], ['events'], RECOUNT_DAILY)),
      ...(await compare('stats_contract_terms', ['term_end', 'region_code', 'industry_code', 'kind'], ['contracts', 'enterprises', 'employees'], RECOUNT_TERMS)),
      ...(await compare('stats_roster', ['campaign_id', 'region_code', 'industry_code'], ['enterprises', 'employees'], RECOUNT_ROSTER)),
      // An enterprise without contracts in effect nor roster, a campaign's row neither listed nor offered: absent.
      ...(await compare(
        'stats_enterprise_contracts',
        ['enterprise_id'],
        ['contracts', 'campaigns'],
        `SELECT enterprise_id, contracts, array_to_string(campaigns, ',') AS campaigns FROM (${RECOUNT_ENTERPRISE_CONTRACTS}) AS r(enterprise_id, contracts, campaigns)`,
        `SELECT enterprise_id, contracts, array_to_string(campaigns, ',') AS campaigns FROM stats_enterprise_contracts WHERE contracts <> 0 OR cardinality(campaigns) > 0`,
      )),
      ...(await compare(
        'stats_campaign_enterprises',
        ['campaign_id', 'enterprise_id'],
        ['region_code', 'industry_code', 'rostered', 'offered', 'contracts'],
        RECOUNT_CAMPAIGN_ENTERPRISES,
        `SELECT campaign_id, enterprise_id, region_code, industry_code, rostered, offered, contracts FROM stats_campaign_enterprises WHERE rostered OR offered`,
      )),
    ];
  }

}
