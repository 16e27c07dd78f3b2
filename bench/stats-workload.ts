import type { DataSource } from 'typeorm';

// The workload of bench:stats, written in SQL so that a million cases take a minute, not hours: cases of the
// enterprise workflow spread over the roster's enterprises (21 prefectures × 20 industries), each with the
// event log its state implies, then the rollups rebuilt by the recount (the engine keeps them the same way).

/** The events that lead from the start to each state, along the procedure's main paths. */
const PATH: Record<string, string[]> = {
  drafting_offer: ['CASE_STARTED'],
  awaiting_response: ['CASE_STARTED', 'OFFER_ISSUED'],
  response_overdue: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_DEADLINE_PASSED'],
  refused: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_REFUSED'],
  preparing_talks: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED'],
  negotiating: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED'],
  congress_review: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED'],
  awaiting_signature: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED'],
  awaiting_filing: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED'],
  filing_overdue: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED', 'FILING_DEADLINE_PASSED'],
  under_review: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED', 'FILED'],
  effective: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED', 'FILED', 'APPROVED'],
  in_force: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED', 'FILED', 'APPROVED', 'PUBLISHED'],
  renewal_window: ['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED', 'FILED', 'APPROVED', 'PUBLISHED', 'RENEWAL_WINDOW_OPENED'],
};

/** How often each state occurs (per mille): most cases early in the procedure, a good share in force. */
const WEIGHTS: [string, number][] = [
  ['drafting_offer', 120], ['awaiting_response', 130], ['response_overdue', 40], ['refused', 30], ['preparing_talks', 90],
  ['negotiating', 110], ['congress_review', 40], ['awaiting_signature', 30], ['awaiting_filing', 40], ['filing_overdue', 20],
  ['under_review', 40], ['effective', 30], ['in_force', 250], ['renewal_window', 30],
];

export interface WorkloadOptions {
  cases: number;
  campaignId: string;
  /** The campaign's period: cases started within it belong to it. */
  startsOn: string;
  endsOn: string;
  /** Cases are started over this many days up to the end of the period. */
  spreadDays: number;
}

/** Gives every roster enterprise without one an enterprise union (the cases need their employee side). */
export async function ensureUnions(dataSource: DataSource): Promise<number> {
  const rows: unknown[] = await dataSource.query(
    `INSERT INTO organisations (id, kind, name, region_code, industry_code, union_level, enterprise_id)
     SELECT gen_random_uuid(), 'union', left(e.name, 196) || '工会', e.region_code, e.industry_code, 'enterprise', e.id
       FROM organisations e WHERE e.kind = 'enterprise' AND NOT EXISTS (SELECT 1 FROM organisations u WHERE u.kind = 'union' AND u.enterprise_id = e.id)
     RETURNING id`,
  );
  return rows.length;
}

/** Inserts `cases` cases with their enterprises and event logs; returns the number of events written. */
export async function generateCases(dataSource: DataSource, o: WorkloadOptions): Promise<number> {
  const [workflow] = await dataSource.query(`SELECT id, version, hash FROM workflow_definitions WHERE id = 'enterprise-contract' ORDER BY version DESC LIMIT 1`);
  await dataSource.query('DROP TABLE IF EXISTS bench_buckets, bench_paths, bench_parties, bench_new');
  const buckets = WEIGHTS.flatMap(([state, w]) => Array.from({ length: w }, () => state));
  const paths = Object.entries(PATH).flatMap(([state, events]) => events.map((type, i) => ({ state, ord: i + 1, type, to: PATH[state][i + 1] ? null : state })));
  await dataSource.query(`CREATE UNLOGGED TABLE bench_buckets (n int PRIMARY KEY, status text)`);
  await dataSource.query(`INSERT INTO bench_buckets SELECT ordinality - 1, s FROM unnest($1::text[]) WITH ORDINALITY AS s`, [buckets]);
  await dataSource.query(`CREATE UNLOGGED TABLE bench_paths (status text, ord int, type text)`);
  await dataSource.query(`INSERT INTO bench_paths SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`, [paths.map((p) => p.state), paths.map((p) => p.ord), paths.map((p) => p.type)]);
  await dataSource.query(
    `CREATE UNLOGGED TABLE bench_parties AS
     SELECT row_number() OVER (ORDER BY e.id) - 1 AS n, e.id AS enterprise_id, u.id AS union_id, e.region_code, e.industry_code, COALESCE(e.employees, 50) AS employees
       FROM organisations e JOIN organisations u ON u.kind = 'union' AND u.enterprise_id = e.id
      WHERE e.kind = 'enterprise' AND e.industry_code IS NOT NULL`,
  );
  const [{ parties }] = await dataSource.query(`SELECT count(*)::int AS parties FROM bench_parties`);
  const kinds = ['comprehensive', 'wage', 'women_workers', 'safety_health'];
  const chunk = 100_000;
  let events = 0;
  for (let from = 0; from < o.cases; from += chunk) {
    const to = Math.min(o.cases, from + chunk) - 1;
    // A deterministic spread: case g goes to party g mod parties, its state from a hash of g, its start within spreadDays.
    await dataSource.transaction(async (m) => {
      await m.query(`DROP TABLE IF EXISTS bench_new`);
      // Ordinary tables, not temporary ones: the pool may run each statement on another connection.
      await m.query(
        `CREATE UNLOGGED TABLE bench_new AS
         SELECT gen_random_uuid() AS id, g, p.enterprise_id, p.union_id, p.region_code, p.industry_code, p.employees, b.status,
                ($4::date - ((hashtext('d' || g) & 2147483647) % $5)::int) AS started_on
           FROM generate_series($1::int, $2::int) g
           JOIN bench_parties p ON p.n = g % $3
           JOIN bench_buckets b ON b.n = (hashtext('s' || g) & 2147483647) % ${buckets.length}`,
        [from, to, parties, o.endsOn, o.spreadDays],
      );
      await m.query(
        `INSERT INTO cases (id, workflow_id, workflow_version, workflow_hash, kind, title, status, snapshot, version, last_event_hash, region_code, industry_code,
                            union_org_id, employer_org_id, initiator_side, employees_covered, campaign_id, last_occurred_on, overdue, term_end, created_at, updated_at)
         SELECT n.id, $1, $2, $3, ($4::text[])[1 + g % 4], 'bench ' || g, n.status, jsonb_build_object('value', n.status, 'context', '{}'::jsonb),
                (SELECT count(*)::int FROM bench_paths bp WHERE bp.status = n.status), repeat('0', 64), n.region_code, n.industry_code,
                n.union_id, n.enterprise_id, 'employee', n.employees,
                CASE WHEN n.started_on BETWEEN $5::date AND $6::date THEN $7::uuid END,
                n.started_on + 3 * ((SELECT count(*)::int FROM bench_paths bp WHERE bp.status = n.status) - 1),
                n.status IN ('response_overdue', 'filing_overdue'),
                CASE WHEN n.status IN ('effective', 'in_force', 'renewal_window') THEN n.started_on + 60 + (hashtext('t' || g) & 2147483647) % 1095 END,
                n.started_on::timestamptz, n.started_on::timestamptz
           FROM bench_new n`,
        [workflow.id, workflow.version, workflow.hash, kinds, o.startsOn, o.endsOn, o.campaignId],
      );
      await m.query(`INSERT INTO case_enterprises (case_id, enterprise_id, employees) SELECT id, enterprise_id, employees FROM bench_new`);
      const written: { n: number }[] = await m.query(
        `WITH ins AS (
           INSERT INTO case_events (case_id, seq, type, actor_id, actor_role, payload, from_state, to_state, occurred_on, recorded_at, prev_hash, hash)
           SELECT n.id, bp.ord, bp.type, NULL, CASE WHEN bp.type LIKE '%PASSED' THEN 'system' ELSE 'union' END, '{}'::jsonb,
                  NULL, n.status, n.started_on + 3 * (bp.ord - 1), n.started_on::timestamptz + make_interval(days => 3 * (bp.ord - 1)), repeat('0', 64), repeat('0', 64)
             FROM bench_new n JOIN bench_paths bp ON bp.status = n.status
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
      );
      events += written[0].n;
      await m.query(`DROP TABLE bench_new`);
    });
    process.stderr.write(`\r  cases ${Math.min(o.cases, to + 1).toLocaleString('en')}/${o.cases.toLocaleString('en')}, events ${events.toLocaleString('en')}   `);
  }
  process.stderr.write('\n');
  await dataSource.query('DROP TABLE bench_buckets, bench_paths, bench_parties');
  await dataSource.query('ANALYZE');
  return events;
}
