// `npm run bench:stats`: the campaign dashboard's query at a million cases, read from the rollups the engine
// keeps, side by side with the same figures by a plain GROUP BY over the cases and their logs; and the time
// to import a roster of 100,000 enterprises. Needs a PostgreSQL server (BENCH_DATABASE_URL, else
// TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres); it creates and drops its database.
// BENCH_CASES (1,000,000), BENCH_ROSTER (100,000), BENCH_RUNS (40) change the sizes; BENCH_KEEP=1 keeps the
// database (cb_bench_stats) for a look with psql. Last line: JSON.
import 'reflect-metadata';
import pg from 'pg';
import { createApp, prepareDatabase } from '../src/bootstrap.js';
import { CampaignsService } from '../src/campaigns/campaigns.service.js';
import type { Actor } from '../src/common/auth/actor.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { demoId } from '../src/database/seed/demo-seed.js';
import { CampaignStatisticsService } from '../src/statistics/campaign-statistics.service.js';
import { StatisticsRecount } from '../src/statistics/statistics-recount.js';
import { StatisticsService } from '../src/statistics/statistics.service.js';
import { measureRosterImport } from './roster-import.js';
import { ensureUnions, generateCases } from './stats-workload.js';
import { os } from './os.js';
import { adminQuery, percentile, round } from './support.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const ROSTER = Number(process.env.BENCH_ROSTER ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DB = 'cb_bench_stats';
const withDb = (name: string) => Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();

const admin = (sql: string) => adminQuery(SERVER, sql);

async function timed<T>(runs: number, task: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  await task(); // warm: plans cached, pages in memory, as for a dashboard that is in use
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await task();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: round(percentile(ms, 50), 1), p95: round(percentile(ms, 95), 1), last };
}

interface Totals {
  cases: number;
  offers: number;
  responses: number;
  signed: number;
  filed: number;
  contractsInForce: number;
  enterprisesCovered: number;
  employeesCovered: number;
}

/** The dashboard's totals by a plain GROUP BY over the cases and their event logs (no rollups). */
async function groupByTotals(client: pg.Client, campaignId: string | null, regionPath: string): Promise<Totals> {
  const scope = `c.region_code IN (SELECT code FROM regions WHERE path LIKE $1) ${campaignId ? 'AND c.campaign_id = $2' : ''}`;
  const params = campaignId ? [`${regionPath}%`, campaignId] : [`${regionPath}%`];
  const [states, events] = await Promise.all([
    client.query(
      `SELECT c.region_code, c.industry_code, c.status, count(*)::int AS cases, sum(e.n)::int AS enterprises, sum(c.employees_covered)::bigint AS employees
         FROM cases c CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM case_enterprises ce WHERE ce.case_id = c.id) e
        WHERE ${scope} GROUP BY 1, 2, 3`,
      params,
    ),
    client.query(
      `SELECT c.region_code, c.industry_code, ev.type, count(*)::int AS events
         FROM case_events ev JOIN cases c ON c.id = ev.case_id WHERE ${scope} GROUP BY 1, 2, 3`,
      params,
    ),
  ]);
  const t: Totals = { cases: 0, offers: 0, responses: 0, signed: 0, filed: 0, contractsInForce: 0, enterprisesCovered: 0, employeesCovered: 0 };
  for (const r of states.rows) {
    t.cases += r.cases;
    if (['effective', 'in_force', 'renewal_window'].includes(r.status)) {
      t.contractsInForce += r.cases;
      t.enterprisesCovered += r.enterprises;
      t.employeesCovered += Number(r.employees);
    }
  }
  for (const r of events.rows) {
    if (r.type === 'OFFER_ISSUED' || r.type === 'RENEWAL_OFFERED') t.offers += r.events;
    if (r.type === 'RESPONSE_AGREED' || r.type === 'RESPONSE_REFUSED') t.responses += r.events;
    if (r.type === 'SIGNED') t.signed += r.events;
    if (r.type === 'FILED') t.filed += r.events;
  }
  return t;
}

const pick = (f: Totals): Totals => ({
  cases: f.cases,
  offers: f.offers,
  responses: f.responses,
  signed: f.signed,
  filed: f.filed,
  contractsInForce: f.contractsInForce,
  enterprisesCovered: f.enterprisesCovered,
  employeesCovered: f.employeesCovered,
});

async function main() {
  console.log(`bench:stats — ${CASES.toLocaleString('en')} cases, roster ${ROSTER.toLocaleString('en')}, ${RUNS} runs per query, ${os()}`);
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const config = loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: withDb(DB), SCHEDULER_INTERVAL_MS: '0' }, []);
  const { dataSource } = await prepareDatabase({ kind: 'postgres', url: withDb(DB) }, { seedDemo: true });
  const app = await createApp(config, dataSource, createLogger('warn'));
  const client = new pg.Client({ connectionString: withDb(DB) });
  await client.connect();
  try {
    const [adminUser] = await dataSource.query(`SELECT id FROM users WHERE username = 'admin.demo'`);
    const actor: Actor = { userId: adminUser.id, username: 'admin.demo', role: 'admin', organisationId: demoId('fed-sc'), regionCode: '510000' };
    const year = new Date().getFullYear();
    const campaign = await app.get(CampaignsService).create(actor, {
      name: `${year}年四川省集体协商“集中要约”行动（基准测试）`,
      startsOn: `${year}-03-01`,
      endsOn: `${year}-05-31`,
      regionCode: '510000',
      kinds: ['comprehensive', 'wage', 'women_workers', 'safety_health'],
      targets: [{ regionCode: '510000', offerRate: 90, responseRate: 100, signingRate: 80, filingRate: 100, establishmentRate: 85 }],
    });

    const roster = await measureRosterImport(dataSource, campaign.id, ROSTER);
    console.log(`  roster import            ${roster.rows.toLocaleString('en')} rows in ${round(roster.ms / 1000, 1)} s (${Math.round(roster.rowsPerSecond).toLocaleString('en')} rows/s)`);
    await ensureUnions(dataSource);

    const g0 = performance.now();
    const events = await generateCases(dataSource, { cases: CASES, campaignId: campaign.id, startsOn: campaign.startsOn, endsOn: campaign.endsOn, spreadDays: 365 });
    const generateS = round((performance.now() - g0) / 1000, 1);
    const r0 = performance.now();
    const rollups = await app.get(StatisticsRecount).recount();
    const recountS = round((performance.now() - r0) / 1000, 1);
    // What autovacuum does on a database in use: statistics and visibility maps after the bulk load.
    await dataSource.query('VACUUM ANALYZE');
    const [{ inCampaign }] = await dataSource.query('SELECT count(*)::int AS "inCampaign" FROM cases WHERE campaign_id = $1', [campaign.id]);
    console.log(`  workload                 ${CASES.toLocaleString('en')} cases (${inCampaign.toLocaleString('en')} in the campaign), ${events.toLocaleString('en')} events in ${generateS} s; recount ${recountS} s → ${rollups.stateRows} + ${rollups.eventRows} rollup rows`);

    const dashboard = app.get(CampaignStatisticsService);
    const overview = app.get(StatisticsService);
    const rows: { query: string; rollups: { p50: number; p95: number }; groupBy: { p50: number; p95: number }; equal: boolean }[] = [];
    const compare = async (query: string, fromRollups: () => Promise<Totals>, campaignId: string | null, regionPath: string) => {
      const a = await timed(RUNS, fromRollups);
      const b = await timed(Math.max(3, Math.round(RUNS / 8)), () => groupByTotals(client, campaignId, regionPath));
      const equal = JSON.stringify(pick(a.last)) === JSON.stringify(b.last);
      rows.push({ query, rollups: { p50: a.p50, p95: a.p95 }, groupBy: { p50: b.p50, p95: b.p95 }, equal });
      console.log(`  ${query.padEnd(40)} rollups p50 ${String(a.p50).padStart(7)} ms  p95 ${String(a.p95).padStart(7)} ms   GROUP BY p50 ${String(b.p50).padStart(8)} ms  p95 ${String(b.p95).padStart(8)} ms   same figures: ${equal ? 'yes' : 'NO'}`);
      if (!equal) console.log(`    rollups ${JSON.stringify(pick(a.last))}\n    GROUP BY ${JSON.stringify(b.last)}`);
    };
    await compare('campaign dashboard, province', async () => (await dashboard.forCampaign(actor, campaign.id, {})).totals, campaign.id, '510000/');
    await compare('campaign dashboard, 成都市', async () => (await dashboard.forCampaign(actor, campaign.id, { region: '510100' })).totals, campaign.id, '510000/510100/');
    await compare('all cases, province (GET /api/statistics)', async () => (await overview.overview(actor, {})).totals, null, '510000/');
    const dashboardP95 = Math.max(rows[0].rollups.p95, rows[1].rollups.p95);
    console.log(`  target: dashboard p95 ≤ 100 ms at ${CASES.toLocaleString('en')} cases → ${dashboardP95} ms ${dashboardP95 <= 100 ? '✓' : '✗'}; roster import ≤ 60 s → ${round(roster.ms / 1000, 1)} s ${roster.ms <= 60_000 ? '✓' : '✗'}`);
    console.log(JSON.stringify({ bench: 'stats', cases: CASES, inCampaign, events, roster: { rows: roster.rows, seconds: round(roster.ms / 1000, 1) }, generateSeconds: generateS, recountSeconds: recountS, queries: rows, dashboardP95, machine: os() }));
  } finally {
    await client.end();
    await app.close();
    if (!process.env.BENCH_KEEP) await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

await main();
