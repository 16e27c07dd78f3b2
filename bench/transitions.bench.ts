// `npm run bench:transitions`: the engine's transition rate against PostgreSQL's own pgbench on the same
// server, clients and duration. Needs a PostgreSQL server: BENCH_DATABASE_URL, else TEST_DATABASE_URL,
// else postgres://postgres@127.0.0.1:5432/postgres; it creates and drops its own databases there.
// Prints a table; the last line is one JSON object.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createApp, prepareDatabase } from '../src/bootstrap.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { DEMO_PASSWORD } from '../src/database/seed/demo-organisations.js';
import { demoId } from '../src/database/seed/demo-seed.js';
import { CaseWorkflowService } from '../src/workflow-engine/case-workflow.service.js';
import { DeadlineCalendar } from '../src/workflow-engine/calendar/deadline-calendar.js';
import { os } from './os.js';
import { happyPath, type Actors } from './procedure-driver.js';
import { adminQuery, percentile, round, rssMb } from './support.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STORED_CASES = Number(process.env.BENCH_STORED_CASES ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** For profiling one part: e.g. BENCH_PARTS=inprocess. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'pgbench,inprocess,http,rate,rss').split(','));

const withDb = (name: string) => Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();

const admin = (sql: string) => adminQuery(SERVER, sql);

function pgbench(): number {
  const db = 'cb_bench_pgbench';
  const url = new URL(SERVER);
  const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  execFileSync('dropdb', [...args, '--if-exists', db]);
  execFileSync('createdb', [...args, db]);
  execFileSync('pgbench', [...args, '-i', '-q', '-s', '10', db], { stdio: 'ignore' });
  const out = execFileSync('pgbench', [...args, '-N', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), db]).toString();
  execFileSync('dropdb', [...args, '--if-exists', db]);
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(tps[1]);
}

interface Run {
  transitionsPerSecond: number;
  p50: number;
  p99: number;
  transitions: number;
  errors: number;
}

/** CLIENTS loops, each taking fresh cases through the whole procedure, for SECONDS. */
async function drive(start: () => Promise<string>, send: (caseId: string, step: ReturnType<typeof happyPath>[number]) => Promise<void>, today: string): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const id = await start();
        for (const step of happyPath(today)) {
          if (performance.now() >= end) break;
          const s = performance.now();
          try {
            await send(id, step);
            latencies.push(performance.now() - s);
          } catch (err) {
            errors++;
            if (errors < 3) console.error(err);
            break;
          }
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { transitionsPerSecond: round(latencies.length / elapsed, 1), p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), transitions: latencies.length, errors };
}

/** Open loop: one event every 1/RATE s whatever the answers, for SECONDS; the latency of each. */
async function atRate(send: () => Promise<void>): Promise<{ rate: number; p50: number; p99: number; count: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const total = RATE * SECONDS;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const s = performance.now();
    pending.push(send().then(() => void latencies.push(performance.now() - s), () => void errors++));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return { rate: RATE, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), count: latencies.length, errors };
}

async function storeCases(dataSource: DataSource, n: number) {
  // Copies of one real case (row, events, enterprises): the service's memory must not grow with the table.
  const [{ id }] = await dataSource.query(`SELECT id FROM cases ORDER BY created_at LIMIT 1`);
  const columns = 'workflow_id, workflow_version, workflow_hash, kind, title, status, snapshot, version, last_event_hash, region_code, industry_code, union_org_id, employer_org_id, initiator_side, employees_covered, campaign_id, last_occurred_on, overdue, term_end, created_by, created_at, updated_at';
  await dataSource.query(
    `INSERT INTO cases (id, ${columns}) SELECT gen_random_uuid(), ${columns} FROM cases, generate_series(1, $2) WHERE id = $1`,
    [id, n],
  );
}

async function main() {
  const appDb = 'cb_bench_app';
  await admin(`DROP DATABASE IF EXISTS ${appDb} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${appDb}`);
  console.log(`bench:transitions — ${CLIENTS} clients, ${SECONDS} s each, ${os()}`);
  const pgbenchTps = PARTS.has('pgbench') ? pgbench() : NaN;
  console.log(`  pgbench -N                 ${String(round(pgbenchTps, 1)).padStart(9)} tps`);

  const config = loadConfig({ LOG_LEVEL: 'warn', DATABASE_URL: withDb(appDb), SCHEDULER_INTERVAL_MS: '0' }, []);
  const { dataSource } = await prepareDatabase({ kind: 'postgres', url: withDb(appDb) }, { seedDemo: true });
  const app: INestApplication = await createApp(config, dataSource, createLogger('warn'));
  const engine = app.get(CaseWorkflowService);
  const today = DeadlineCalendar.chinaDate(new Date());
  const users = Object.fromEntries(
    (await dataSource.query(`SELECT id, username, role, organisation_id, region_code FROM users WHERE username IN ('union.demo','employer.demo','bureau.demo')`)).map(
      (u: { id: string; username: string; role: string; organisation_id: string; region_code: string }) => [u.role, { userId: u.id, username: u.username, role: u.role, organisationId: u.organisation_id, regionCode: u.region_code }],
    ),
  ) as Actors;
  const startInProcess = async () =>
    (
      await engine.start(undefined, users.union, {
        kind: 'comprehensive', unionOrgId: demoId('union-shujin'), employerOrgId: demoId('ent-shujin'), enterprises: [{ enterpriseId: demoId('ent-shujin'), employees: 860 }], regionCode: '510107', industryCode: 'C', title: 'bench', initiatorSide: 'employee',
      })
    ).id;
  const inProcess = !PARTS.has('inprocess') ? { transitionsPerSecond: NaN, p50: NaN, p99: NaN, transitions: 0, errors: 0 } : await drive(startInProcess, async (id, step) => void (await engine.send(id, step.type, step.payload, users[step.by])), today);
  console.log(`  in-process transitions     ${String(inProcess.transitionsPerSecond).padStart(9)} /s   p50 ${inProcess.p50} ms  p99 ${inProcess.p99} ms  (${round(inProcess.transitionsPerSecond / pgbenchTps, 2)} × pgbench)`);

  const server = app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const tokens: Record<string, string> = {};
  for (const [role, user] of Object.entries(users)) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.username, password: DEMO_PASSWORD }) });
    tokens[role] = ((await res.json()) as { accessToken: string }).accessToken;
  }
  const post = async (path: string, role: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` }, body: JSON.stringify(body) });
    const json = (await res.json()) as { id: string; detail_en?: string };
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${json.detail_en}`);
    return json;
  };
  const http: Run = !PARTS.has('http')
    ? { transitionsPerSecond: NaN, p50: NaN, p99: NaN, transitions: 0, errors: 0 }
    : await new Promise((resolve, reject) => {
        const worker = new Worker(new URL('./http-load.worker.js', import.meta.url), {
          workerData: { base, tokens, clients: CLIENTS, seconds: SECONDS, today, startBody: { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') } },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
  console.log(`  HTTP transitions           ${String(http.transitionsPerSecond).padStart(9)} /s   p50 ${http.p50} ms  p99 ${http.p99} ms  (${round(http.transitionsPerSecond / pgbenchTps, 2)} × pgbench)`);

  // One event at a time, RATE per second: SESSION_HELD on negotiating cases (a self-transition, repeatable).
  const negotiating: string[] = [];
  for (let i = 0; i < (PARTS.has('rate') ? 20 : 0); i++) {
    const id = await startInProcess();
    for (const step of happyPath(today).slice(0, 5)) await engine.send(id, step.type, step.payload, users[step.by]);
    negotiating.push(id);
  }
  let k = 0;
  const rate = !PARTS.has('rate') ? { rate: RATE, p50: NaN, p99: NaN, count: 0, errors: 0 } : await atRate(async () => void (await post(`/api/cases/${negotiating[k++ % negotiating.length]}/events`, 'union', { type: 'SESSION_HELD', payload: happyPath(today)[5].payload })));
  console.log(`  HTTP at ${RATE}/s (open loop)   p50 ${rate.p50} ms  p99 ${rate.p99} ms  errors ${rate.errors}`);

  if (PARTS.has('rss')) await storeCases(dataSource, STORED_CASES);
  const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM cases');
  for (let i = 0; i < 200; i++) await fetch(`${base}/api/cases?pageSize=100&page=${(i % 50) + 1}`, { headers: { authorization: `Bearer ${tokens.bureau}` } }).then((r) => r.arrayBuffer());
  global.gc?.();
  const rss = rssMb();
  console.log(`  RSS with ${n} cases stored ${rss} MB (service and load generator in one process)`);

  await app.close();
  await dataSource.destroy();
  await admin(`DROP DATABASE IF EXISTS ${appDb} WITH (FORCE)`);
  const result = {
    bench: 'transitions',
    machine: os(),
    clients: CLIENTS,
    seconds: SECONDS,
    pgbenchTps: round(pgbenchTps, 1),
    inProcess: { ...inProcess, ratioToPgbench: round(inProcess.transitionsPerSecond / pgbenchTps, 3) },
    http: { ...http, ratioToPgbench: round(http.transitionsPerSecond / pgbenchTps, 3) },
    httpAtRate: rate,
    storedCases: n,
    rssMb: rss,
  };
  console.log(JSON.stringify(result));
}

await main();
process.exit(0);
