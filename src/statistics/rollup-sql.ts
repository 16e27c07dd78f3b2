// The statistics rollups' SQL, in one place: the fragments the engine's writes carry (so a rollup changes
// in the same statement as the event it counts) and the recount that rebuilds the rollups from the cases.

/** Campaign key of the cases outside any campaign (the rollups' keys cannot be null). */
export const NO_CAMPAIGN = '00000000-0000-0000-0000-000000000000';

/** The rollup key of a case row `c`, as SELECT columns. */
export const ROLLUP_KEY = `COALESCE(c.campaign_id, '${NO_CAMPAIGN}'::uuid), c.region_code, COALESCE(c.industry_code, ''), c.kind`;
const STATE_COLUMNS = 'campaign_key, region_code, industry_code, kind, status';
const EVENT_COLUMNS = 'campaign_key, region_code, industry_code, kind, event_type, occurred_on';

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
 * The case row a write returns, with what the rollups need: `RETURNING ${ROLLUP_RETURNING}` on cases.
 * Enterprises are counted from case_enterprises (written once, with the case).
 */
export const ROLLUP_RETURNING = `id, campaign_id, region_code, industry_code, kind, employees_covered,
  (SELECT count(*)::int FROM case_enterprises ce WHERE ce.case_id = cases.id) AS enterprise_count`;

/** What the rollups hold, computed from the cases and their logs (the recount; also the check of the rollups). */
export const RECOUNT_STATES = `SELECT ${ROLLUP_KEY}, c.status, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
  FROM cases c CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
 GROUP BY 1, 2, 3, 4, 5`;

export const RECOUNT_EVENTS = `SELECT ${ROLLUP_KEY}, ev.type, ev.occurred_on, count(*)::int, COALESCE(sum(e.n), 0)::int, sum(c.employees_covered)::bigint
  FROM case_events ev JOIN cases c ON c.id = ev.case_id
  CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
 GROUP BY 1, 2, 3, 4, 5, 6`;
