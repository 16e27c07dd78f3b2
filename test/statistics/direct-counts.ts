import type { TestApp } from '../support/test-app.js';

// The campaign's figures counted straight from the tables (cases, case_events, case_enterprises, the roster),
// without the rollups: what GET /api/campaigns/:id/stats must equal.

export interface DirectGroup {
  campaignId: string;
  /** Region path prefix of the group (regions.path). */
  path: string;
  /** Only the root's own cases and enterprises (the 本级 row), not its subtree. */
  exactRegion?: string;
  /** GB/T 4754 section; '' for none. */
  industry?: string;
  kind?: string;
  /** The campaign's kinds (the renewal pipeline counts contracts of these). */
  kinds: string[];
  asOf: string;
}

export interface DirectFigures {
  byState: Record<string, number>;
  cases: number;
  offers: number;
  responses: number;
  refusals: number;
  lateResponses: number;
  signed: number;
  filed: number;
  contractsInForce: number;
  enterprisesCovered: number;
  employeesCovered: number;
  enterprisesInScope: number;
  employeesInScope: number;
  enterprisesOffered: number;
  enterprisesEstablished: number;
  expiring3Months: number;
  expiring6Months: number;
}

const COVERING = `('effective', 'in_force', 'renewal_window')`;

export async function directFigures(t: TestApp, g: DirectGroup): Promise<DirectFigures> {
  const region = (col: string) => (g.exactRegion ? `${col} = $2` : `${col} IN (SELECT code FROM regions WHERE path LIKE $2 || '%')`);
  const industry = (col: string) => `($3::text IS NULL OR COALESCE(${col}, '') = $3)`;
  const params = [g.campaignId, g.exactRegion ?? g.path, g.industry ?? null, g.kind ?? null, g.kinds, g.asOf];
  const [row] = await t.dataSource.query(
    `WITH c AS (SELECT * FROM cases WHERE campaign_id = $1 AND ${region('region_code')} AND ${industry('industry_code')} AND ($4::text IS NULL OR kind = $4)),
          ev AS (SELECT e.type FROM case_events e JOIN c ON c.id = e.case_id),
          roster AS (SELECT o.* FROM campaign_enterprises ce JOIN organisations o ON o.id = ce.enterprise_id WHERE ce.campaign_id = $1 AND ${region('o.region_code')} AND ${industry('o.industry_code')}),
          contracts AS (SELECT * FROM cases x WHERE x.status IN ${COVERING} AND x.kind = ANY($5) AND ($4::text IS NULL OR x.kind = $4) AND ${region('x.region_code')} AND ${industry('x.industry_code')}
                           AND x.term_end > $6::date)
     SELECT (SELECT count(*) FROM c)::int AS cases,
            (SELECT count(*) FROM ev WHERE type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED'))::int AS offers,
            (SELECT count(*) FROM ev WHERE type IN ('RESPONSE_AGREED', 'RESPONSE_REFUSED'))::int AS responses,
            (SELECT count(*) FROM ev WHERE type = 'RESPONSE_REFUSED')::int AS refusals,
            (SELECT count(*) FROM ev WHERE type = 'RESPONSE_DEADLINE_PASSED')::int AS late,
            (SELECT count(*) FROM ev WHERE type = 'SIGNED')::int AS signed,
            (SELECT count(*) FROM ev WHERE type = 'FILED')::int AS filed,
            (SELECT count(*) FROM c WHERE status IN ${COVERING})::int AS in_force,
            (SELECT count(*) FROM case_enterprises ce JOIN c ON c.id = ce.case_id WHERE c.status IN ${COVERING})::int AS ent_covered,
            (SELECT COALESCE(sum(employees_covered), 0) FROM c WHERE status IN ${COVERING})::int AS emp_covered,
            (SELECT count(*) FROM roster)::int AS ent_scope,
            (SELECT COALESCE(sum(employees), 0) FROM roster)::int AS emp_scope,
            -- Roster enterprises covered by a case of the campaign that had an offer, each once.
            (SELECT count(*) FROM roster r WHERE EXISTS (
               SELECT 1 FROM case_enterprises x JOIN cases y ON y.id = x.case_id
                WHERE x.enterprise_id = r.id AND y.campaign_id = $1
                  AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = y.id AND e.type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED'))))::int AS ent_offered,
            -- Roster enterprises covered by a contract in effect in any case, each once.
            (SELECT count(*) FROM roster r WHERE EXISTS (
               SELECT 1 FROM case_enterprises x JOIN cases y ON y.id = x.case_id WHERE x.enterprise_id = r.id AND y.status IN ${COVERING}))::int AS ent_established,
            (SELECT count(*) FROM contracts WHERE term_end <= ($6::date + interval '3 months')::date)::int AS m3,
            (SELECT count(*) FROM contracts WHERE term_end <= ($6::date + interval '6 months')::date)::int AS m6,
            (SELECT COALESCE(json_object_agg(status, n), '{}') FROM (SELECT status, count(*)::int AS n FROM c GROUP BY status) s) AS by_state`,
    params,
  );
  return {
    byState: row.by_state,
    cases: row.cases,
    offers: row.offers,
    responses: row.responses,
    refusals: row.refusals,
    lateResponses: row.late,
    signed: row.signed,
    filed: row.filed,
    contractsInForce: row.in_force,
    enterprisesCovered: row.ent_covered,
    employeesCovered: row.emp_covered,
    enterprisesInScope: row.ent_scope,
    employeesInScope: row.emp_scope,
    enterprisesOffered: row.ent_offered,
    enterprisesEstablished: row.ent_established,
    expiring3Months: row.m3,
    expiring6Months: row.m6,
  };
}

/** The fields of an endpoint row that directFigures counts. */
export function countedOf(row: object): DirectFigures {
  const keys: (keyof DirectFigures)[] = [
    'byState', 'cases', 'offers', 'responses', 'refusals', 'lateResponses', 'signed', 'filed', 'contractsInForce', 'enterprisesCovered', 'employeesCovered',
    'enterprisesInScope', 'employeesInScope', 'enterprisesOffered', 'enterprisesEstablished', 'expiring3Months', 'expiring6Months',
  ];
  const out = Object.fromEntries(keys.map((k) => [k, (row as Record<string, unknown>)[k]])) as unknown as DirectFigures;
  // A rollup row at zero (every case left that state) is no state to count.
  out.byState = Object.fromEntries(Object.entries(out.byState).filter(([, n]) => n !== 0));
  return out;
}

/** The rates the shape defines, from counted figures. */
export function ratesOf(f: DirectFigures) {
  const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);
  return {
    offerRate: pct(f.enterprisesOffered, f.enterprisesInScope),
    responseRate: pct(f.responses, f.offers),
    signingRate: pct(f.signed, f.offers),
    filingRate: pct(f.filed, f.signed),
    establishmentRate: pct(f.enterprisesEstablished, f.enterprisesInScope),
  };
}
