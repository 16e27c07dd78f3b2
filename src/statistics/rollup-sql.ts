// The statistics rollups' SQL, in one place: the fragments the engine's writes carry (so a rollup changes
// in the same statement as the event it counts) and the recount that rebuilds the rollups from the cases.

/** Campaign key of the cases outside any campaign (the rollups' keys cannot be null). */
export const NO_CAMPAIGN = '00000000-0000-0000-0000-000000000000';

/** States in which a signed contract is in effect: its enterprises and employees are covered. */
export const COVERING_STATES = ['effective', 'in_force', 'renewal_window'];
const COVERING = `'{${COVERING_STATES.join(',')}}'::text[]`;

/** The rollup key of a case row `c`, as SELECT columns. */
export const ROLLUP_KEY = `COALESCE(c.campaign_id, '${NO_CAMPAIGN}'::uuid), c.region_code, COALESCE(c.industry_code, ''), c.kind`;
const STATE_COLUMNS = 'campaign_key, region_code, industry_code, kind, status';
const EVENT_COLUMNS = 'campaign_key, region_code, industry_code, kind, event_type, occurred_on';
const TOTAL_COLUMNS = 'campaign_key, region_code, industry_code, kind, event_type';
const DAILY_COLUMNS = 'campaign_key, region_code, event_type, occurred_on';
const TERM_COLUMNS = 'term_end, region_code, industry_code, kind';

/**
 * Adds `source`'s rows (key columns, then cases/enterprises/employees) to stats_case_states. The rows go
 * in key order: two transitions crossing the same two states lock their rows in the same order, never
 * in opposite ones (no deadlock between them).
 */
export function addToStates(source: string): string {
  return `INSERT INTO stats_case_states AS s (${STATE_COLUMNS}, cases, enterprises, employees)
  SELECT * FROM (${source}) AS d ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (${STATE_COLUMNS}) DO UPDATE
    SET cases = s.cases + excluded.cases, enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees`;
}

/** Adds `source`'s rows (key columns, then events/enterprises/employees) to stats_case_events. */
export function addToEvents(source: string): string {
  return `INSERT INTO stats_case_events AS s (${EVENT_COLUMNS}, events, enterprises, employees)
  SELECT * FROM (${source}) AS d ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (${EVENT_COLUMNS}) DO UPDATE
    SET events = s.events + excluded.events, enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees`;
}

/**
 * Adds `source`'s rows (key columns, then events/enterprises/employees) to stats_case_event_totals: the
 * events of stats_case_events without their day, so that a campaign's figures sum a few thousand rows.
 */
export function addToEventTotals(source: string): string {
  return `INSERT INTO stats_case_event_totals AS s (${TOTAL_COLUMNS}, events, enterprises, employees)
  SELECT * FROM (${source}) AS d ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (${TOTAL_COLUMNS}) DO UPDATE
    SET events = s.events + excluded.events, enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees`;
}

/** Adds `source`'s rows (campaign, region, event type, day, events) to stats_daily_events: the daily series without industry and kind. */
export function addToDailyEvents(source: string): string {
  return `INSERT INTO stats_daily_events AS s (${DAILY_COLUMNS}, events)
  SELECT * FROM (${source}) AS d ORDER BY 1, 2, 3, 4
  ON CONFLICT (${DAILY_COLUMNS}) DO UPDATE SET events = s.events + excluded.events`;
}

/** Adds `source`'s rows (term end, region, industry, kind, contracts, enterprises, employees) to stats_contract_terms. */
export function addToContractTerms(source: string): string {
  return `INSERT INTO stats_contract_terms AS s (${TERM_COLUMNS}, contracts, enterprises, employees)
  SELECT * FROM (${source}) AS d ORDER BY 1, 2, 3, 4
  ON CONFLICT (${TERM_COLUMNS}) DO UPDATE
    SET contracts = s.contracts + excluded.contracts, enterprises = s.enterprises + excluded.enterprises, employees = s.employees + excluded.employees`;
}

/**
 * What one event changes in stats_contract_terms (contracts in effect by the day their term ends: the renewal
 * pipeline): −1 at the old term end if the case was in effect, +1 at the new one if it is; nothing when neither
 * changed. The engine passes these rows to its write (`termDeltas` of its statement).
 */
export function contractTermDeltas(fromState: string | null, toState: string, termEndBefore: string | null, termEndAfter: string | null): { term_end: string; sign: number }[] {
  const before = fromState !== null && COVERING_STATES.includes(fromState) ? termEndBefore : null;
  const after = COVERING_STATES.includes(toState) ? termEndAfter : null;
  if (before === after) return [];
  return [...(before ? [{ term_end: before, sign: -1 }] : []), ...(after ? [{ term_end: after, sign: 1 }] : [])];
}

/**
 * The case row a write returns, with what the rollups need: `RETURNING ${ROLLUP_RETURNING}` on cases.
 * Enterprises are counted from case_enterprises (written once, with the case).
 */
export const ROLLUP_RETURNING = `id, campaign_id, region_code, industry_code, kind, employees_covered,
  (SELECT count(*)::int FROM case_enterprises ce WHERE ce.case_id = cases.id) AS enterprise_count`;

/** What the rollups hold, computed from the cases and their logs (the recount; also the check of the rollups). */
export const RECOUNT_STATES = `SELECT ${ROLLUP_KEY}, c.status, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
  FROM cases c CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
 GROUP BY 1, 2, 3, 4, 5`;

/** The campaign's roster by region and industry: what stats_roster holds (kept by triggers on campaign_enterprises and organisations). */
export const RECOUNT_ROSTER = `SELECT ce.campaign_id, o.region_code, COALESCE(o.industry_code, ''), count(*)::int, COALESCE(sum(o.employees), 0)::bigint
  FROM campaign_enterprises ce JOIN organisations o ON o.id = ce.enterprise_id
 GROUP BY 1, 2, 3`;

export const RECOUNT_EVENTS = `SELECT ${ROLLUP_KEY}, ev.type, ev.occurred_on, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
  FROM case_events ev JOIN cases c ON c.id = ev.case_id
  CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
 GROUP BY 1, 2, 3, 4, 5, 6`;

export const RECOUNT_EVENT_TOTALS = `SELECT ${ROLLUP_KEY}, ev.type, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
  FROM case_events ev JOIN cases c ON c.id = ev.case_id
  CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
 GROUP BY 1, 2, 3, 4, 5`;

export const RECOUNT_DAILY = `SELECT COALESCE(c.campaign_id, '${NO_CAMPAIGN}'::uuid), c.region_code, ev.type, ev.occurred_on, count(*)::int
  FROM case_events ev JOIN cases c ON c.id = ev.case_id
 GROUP BY 1, 2, 3, 4`;

export const RECOUNT_TERMS = `SELECT c.term_end, c.region_code, COALESCE(c.industry_code, ''), c.kind, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
  FROM cases c CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
 WHERE c.status = ANY(${COVERING}) AND c.term_end IS NOT NULL
 GROUP BY 1, 2, 3, 4`;

/** Offer events: an enterprise covered by a case that had one received an offer in the case's campaign. */
export const OFFER_EVENTS = ['OFFER_ISSUED', 'RENEWAL_OFFERED'];

/**
 * What one event changes in the contracts in effect of each enterprise the case covers: +1 when the case enters
 * a state in effect, −1 when it leaves one, 0 otherwise (the engine's `contractDelta`).
 */
export function contractDelta(fromState: string | null, toState: string): number {
  return (COVERING_STATES.includes(toState) ? 1 : 0) - (fromState !== null && COVERING_STATES.includes(fromState) ? 1 : 0);
}

/** What stats_enterprise_contracts holds: per enterprise, its contracts in effect (any case) and the campaigns listing it. */
export const RECOUNT_ENTERPRISE_CONTRACTS = `SELECT COALESCE(k.enterprise_id, r.enterprise_id), COALESCE(k.n, 0)::int, COALESCE(r.campaigns, '{}')
  FROM (SELECT ce.enterprise_id, count(*)::int AS n FROM cases c JOIN case_enterprises ce ON ce.case_id = c.id WHERE c.status = ANY(${COVERING}) GROUP BY 1) k
  FULL JOIN (SELECT enterprise_id, array_agg(campaign_id ORDER BY campaign_id) AS campaigns FROM campaign_enterprises GROUP BY 1) r ON r.enterprise_id = k.enterprise_id`;

/** What stats_campaign_enterprises holds: every roster row and every enterprise offered in a campaign's case. */
export const RECOUNT_CAMPAIGN_ENTERPRISES = `SELECT x.campaign_id, x.enterprise_id, o.region_code, COALESCE(o.industry_code, ''), x.rostered, x.offered,
       CASE WHEN x.rostered THEN COALESCE(k.n, 0) ELSE 0 END::int
  FROM (SELECT campaign_id, enterprise_id, bool_or(rostered) AS rostered, bool_or(offered) AS offered
          FROM (SELECT campaign_id, enterprise_id, true AS rostered, false AS offered FROM campaign_enterprises
                UNION ALL
                SELECT c.campaign_id, ce.enterprise_id, false, true
                  FROM cases c JOIN case_enterprises ce ON ce.case_id = c.id
                 WHERE c.campaign_id IS NOT NULL AND EXISTS (SELECT 1 FROM case_events ev WHERE ev.case_id = c.id AND ev.type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED'))) u
         GROUP BY 1, 2) x
  JOIN organisations o ON o.id = x.enterprise_id
  LEFT JOIN (SELECT ce.enterprise_id, count(*)::int AS n FROM cases c JOIN case_enterprises ce ON ce.case_id = c.id WHERE c.status = ANY(${COVERING}) GROUP BY 1) k
    ON k.enterprise_id = x.enterprise_id`;
