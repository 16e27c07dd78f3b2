// `npm run bench:load`: the built service (dist/src/main.js, as `npm start` runs it) on a PostgreSQL database of
// its own, under a realistic mix at rising rates, open loop: reads to writes 9:1 over five roles (their lists,
// case views, history, statistics and dashboard reads, the home and case pages; writes: events along the
// procedure, sessions, proposals). Per step: the achieved rate, p50/p95/p99 latency, errors and the load
// average (the machine may be shared). The knee is the first rate whose p99 passes BENCH_KNEE_MS (100 ms) or
// that has errors. Last line: JSON {"bench":"load", "knee", "steps", "machine", …}.
//
// Needs a PostgreSQL server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
// it creates and drops its database (cb_bench_load; BENCH_KEEP=1 keeps it). Knobs: BENCH_RATES (10,25,50,100,200,400,800),
// BENCH_SECONDS per step (20), BENCH_STORED_CASES generated over a roster (20,000), BENCH_ROSTER (5,000),
// BENCH_PARTIES enterprise union/employer pairs writing (6), BENCH_LIVE_CASES per pair (30), BENCH_SCHEDULER=1 runs
// the deadline and document workers in the service too (off by default: PDF rendering is bench:pdf's figure).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createDataSource } from '../src/database/data-source.js';
import { DEMO_PASSWORD } from '../src/database/seed/demo-organisations.js';
import { demoId } from '../src/database/seed/demo-seed.js';
import { StatisticsRecount } from '../src/statistics/statistics-recount.js';
import { DeadlineCalendar } from '../src/workflow-engine/calendar/deadline-calendar.js';
import { startService } from '../test/support/service-process.js';
import type { LiveCase, LoadJob, Party, StepResult } from './load.worker.js';
import { os } from './os.js';
import { happyPath } from './procedure-driver.js';
import { measureRosterImport } from './roster-import.js';
import { ensureUnions, generateCases } from './stats-workload.js';
import { adminQuery, round } from './support.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RATES = (process.env.BENCH_RATES ?? '10,25,50,100,200,400,800').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const STORED = Number(process.env.BENCH_STORED_CASES ?? 20_000);
const ROSTER = Number(process.env.BENCH_ROSTER ?? 5_000);
const PARTIES = Number(process.env.BENCH_PARTIES ?? 6);
const LIVE = Number(process.env.BENCH_LIVE_CASES ?? 30);
const KNEE_MS = Number(process.env.BENCH_KNEE_MS ?? 100);
const DB = 'cb_bench_load';
const withDb = (name: string) => Object.assign(new URL(SERVER), { pathname: `/${name}` }).toString();
const admin = (sql: string) => adminQuery(SERVER, sql);
const la = () => loadavg().map((l) => round(l, 2));

/** CPU seconds a process has used (user + system), from /proc: counts what it did, not how long it waited for a core. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null; // gone
  }
}

async function main() {
  const startedAt = new Date().toISOString();
  console.log(`bench:load — rates ${RATES.join(', ')} requests/s, ${SECONDS} s each; ${os()}; load average at start ${la().join(' ')}`);
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB}`);
  const url = withDb(DB);
  const service = await startService(
    { DATABASE_URL: url, SEED_DEMO: '1', SCHEDULER_INTERVAL_MS: process.env.BENCH_SCHEDULER === '1' ? '1000' : '0', JWT_TTL_SECONDS: '7200', LOG_LEVEL: 'warn' },
    180_000,
  );
  // The service's own words if it stops before the bench is done.
  let serviceErr = '';
  service.child.stderr!.on('data', (d) => (serviceErr = (serviceErr + d).slice(-4000)));
  service.child.once('exit', (code, signal) => {
    if (!stopping) console.error(`  the service exited (${code ?? signal}):\n${service.stdout().slice(-2000)}\n${serviceErr}`);
  });
  let stopping = false;
  const dataSource = await createDataSource({ kind: 'postgres', url });
  await dataSource.initialize();
  try {
    // Volume to read: a roster and generated cases with their logs (province-wide, 成都 among them), rollups recounted.
    const [campaign] = await dataSource.query(`SELECT id, starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM campaigns ORDER BY created_at LIMIT 1`);
    const p0 = performance.now();
    await measureRosterImport(dataSource, campaign.id, ROSTER);
    await ensureUnions(dataSource);
    const events = await generateCases(dataSource, { cases: STORED, campaignId: campaign.id, startsOn: campaign.startsOn, endsOn: campaign.endsOn, spreadDays: 365 });
    await new StatisticsRecount(dataSource).recount();
    await dataSource.query('VACUUM ANALYZE');

    const base = service.url;
    const today = DeadlineCalendar.chinaDate(new Date());
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const call = async (method: string, path: string, token: string, body?: unknown): Promise<any> => {
      const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
      return json;
    };
    const tokens = Object.fromEntries(await Promise.all(['admin', 'union', 'employer', 'instructor', 'bureau', 'federation'].map(async (r) => [r, await login(`${r}.demo`)])));

    // The writing parties: the demo's 蜀锦机械 and roster enterprises of other 成都 counties (their own rollup rows), each
    // with a union and an employer account.
    const parties: Party[] = [{ union: tokens.union, employer: tokens.employer, startBody: { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') } }];
    const others: { enterprise: string; union: string; region: string }[] = await dataSource.query(
      `SELECT DISTINCT ON (e.region_code) e.id AS enterprise, u.id AS union, e.region_code AS region
         FROM organisations e JOIN organisations u ON u.kind = 'union' AND u.enterprise_id = e.id JOIN regions r ON r.code = e.region_code
        WHERE e.kind = 'enterprise' AND e.unionised AND r.path LIKE '510000/510100/%' AND e.region_code <> '510107'
        ORDER BY e.region_code, e.id LIMIT $1`,
      [PARTIES - 1],
    );
    for (const [i, o] of others.entries()) {
      for (const role of ['union', 'employer'] as const) {
        await call('POST', '/api/users', tokens.admin, { username: `bench.${role}.${i}`, displayName: `压测${role}${i}`, password: DEMO_PASSWORD, role, organisationId: role === 'union' ? o.union : o.enterprise, regionCode: o.region });
      }
      parties.push({ union: await login(`bench.union.${i}`), employer: await login(`bench.employer.${i}`), startBody: { kind: 'comprehensive', unionId: o.union, employerId: o.enterprise } });
    }

    // Live cases of every party, driven to every point of the procedure; a few parked in negotiation with a draft.
    const steps = happyPath(today);
    const procedure: LiveCase[] = [];
    const negotiating: { id: string; party: number }[] = [];
    await Promise.all(
      parties.map(async (p, pi) => {
        for (let k = 0; k < LIVE; k++) {
          const { id } = await call('POST', '/api/cases', p.union, p.startBody);
          const park = k % 6 === 0;
          const upTo = park ? 5 : k % steps.length;
          for (const s of steps.slice(0, upTo)) {
            await call('POST', `/api/cases/${id}/events`, s.by === 'union' ? p.union : s.by === 'employer' ? p.employer : tokens.bureau, { type: s.type, payload: s.payload });
          }
          if (park) {
            await call('POST', `/api/cases/${id}/drafts`, p.union, { from: 'template' });
            negotiating.push({ id, party: pi });
          } else procedure.push({ id, party: pi, next: upTo });
        }
      }),
    );
    const ids = async (token: string, query = '') => ((await call('GET', `/api/cases?pageSize=100${query}`, token)).items as { id: string }[]).map((c) => c.id);
    const reads = {
      union: await ids(tokens.union),
      employer: await ids(tokens.employer),
      instructor: await ids(tokens.instructor),
      bureau: await ids(tokens.bureau, '&sort=deadline'),
      federation: await ids(tokens.federation),
    };
    const [{ cases, caseEvents }] = await dataSource.query(`SELECT count(*)::int AS cases, (SELECT count(*)::int FROM case_events) AS "caseEvents" FROM cases`);
    const prepS = round((performance.now() - p0) / 1000, 1);
    console.log(`  prepared in ${prepS} s: ${cases.toLocaleString('en')} cases (${STORED.toLocaleString('en')} generated with ${events.toLocaleString('en')} events), ${caseEvents.toLocaleString('en')} events; ${parties.length} writing parties, ${procedure.length} cases under way, ${negotiating.length} in negotiation; roster ${ROSTER.toLocaleString('en')}`);
    for (const [role, list] of Object.entries(reads)) if (list.length === 0) throw new Error(`${role} reads no case`);

    const job: LoadJob = {
      base,
      rates: RATES,
      seconds: SECONDS,
      today,
      seed: 8,
      stopP99Ms: 2_000,
      tokens: { instructor: tokens.instructor, bureau: tokens.bureau, federation: tokens.federation },
      parties,
      reads,
      campaignId: campaign.id,
      procedure,
      negotiating,
      kneeP99Ms: KNEE_MS,
    };
    // CPU used per request: the service process and its PostgreSQL backends, whatever else runs on the machine.
    const backends = async () => ((await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [DB])) as { pid: number }[]).map((r) => r.pid);
    const sample = async () => {
      const pg = new Map<number, number>();
      for (const pid of await backends()) pg.set(pid, cpuSeconds(pid) ?? 0);
      return { service: cpuSeconds(service.child.pid!) ?? 0, pg };
    };
    let before = await sample();
    const cpu: { serviceMs: number; postgresMs: number }[] = [];
    const results: StepResult[] = [];
    console.log(`  ${'rate/s'.padStart(7)} ${'achieved'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}  CPU ms/request (service + PostgreSQL)   load average`);
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./load.worker.js', import.meta.url), { workerData: job });
      let queue = Promise.resolve();
      worker.on('message', (m: { starting?: number; step?: StepResult; done?: boolean }) => (queue = queue.then(() => onMessage(m)).catch(reject)));
      const onMessage = async (m: { starting?: number; step?: StepResult; done?: boolean }) => {
        if (m.starting) before = await sample();
        if (m.step) {
          const s = m.step;
          const after = await sample();
          let pgSeconds = 0;
          for (const [pid, t] of after.pg) pgSeconds += t - (before.pg.get(pid) ?? 0);
          const use = { serviceMs: round(((after.service - before.service) * 1000) / Math.max(1, s.ok), 2), postgresMs: round((pgSeconds * 1000) / Math.max(1, s.ok), 2) };
          cpu.push(use);
          results.push(s);
          console.log(`  ${String(s.rate).padStart(7)} ${String(s.achieved).padStart(9)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.errors).padStart(7)}  ${String(use.serviceMs).padStart(6)} + ${String(use.postgresMs).padStart(5)}   ${s.loadavg.join(' ')}`);
          for (const e of s.errorSamples) console.log(`      ${e}`);
        }
        if (m.done) resolve();
      };
      worker.once('error', reject);
    });
    const kneeStep = results.find((s) => s.p99 > KNEE_MS || s.errors > 0);
    const lastGood = [...results].reverse().find((s) => s.p99 <= KNEE_MS && s.errors === 0);
    if (kneeStep) {
      console.log(`  knee: ${kneeStep.rate} requests/s (p99 ${kneeStep.p99} ms, ${kneeStep.errors} errors); the slowest requests there:`);
      const slow = Object.entries(kneeStep.byOp).sort((a, b) => b[1].p99 - a[1].p99).slice(0, 6);
      for (const [name, o] of slow) console.log(`      ${name.padEnd(28)} n ${String(o.n).padStart(5)}  p50 ${String(o.p50).padStart(7)} ms  p99 ${String(o.p99).padStart(7)} ms  errors ${o.errors}`);
    } else console.log(`  no knee up to ${RATES.at(-1)} requests/s`);
    // The mix's CPU cost over every step (weighted by requests): what the capacity model of docs/scaling.md divides by.
    const served = results.reduce((n, s) => n + s.ok, 0);
    const mixCpu = {
      serviceMs: round(results.reduce((n, s, i) => n + s.ok * cpu[i].serviceMs, 0) / Math.max(1, served), 2),
      postgresMs: round(results.reduce((n, s, i) => n + s.ok * cpu[i].postgresMs, 0) / Math.max(1, served), 2),
    };
    const perCore = round(1000 / (mixCpu.serviceMs + mixCpu.postgresMs), 0);
    console.log(`  CPU per request of the mix: service ${mixCpu.serviceMs} ms + PostgreSQL ${mixCpu.postgresMs} ms → about ${perCore} requests/s per core when cores are not shared`);
    const [{ rss }] = [{ rss: Number((await import('node:fs')).readFileSync(`/proc/${service.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN) / 1024 }];
    console.log(
      JSON.stringify({
        bench: 'load',
        knee: kneeStep ? { rate: kneeStep.rate, p99: kneeStep.p99, errors: kneeStep.errors } : null,
        lastUnderKnee: lastGood ? { rate: lastGood.rate, achieved: lastGood.achieved, p99: lastGood.p99 } : null,
        kneeMs: KNEE_MS,
        steps: results.map(({ errorSamples: _e, byOp: _b, ...s }, i) => ({ ...s, cpuMsPerRequest: cpu[i] })),
        cpuMsPerRequest: mixCpu,
        requestsPerCoreSecond: perCore,
        machine: os(),
        loadavg: la(),
        date: startedAt,
        seconds: SECONDS,
        cases,
        caseEvents,
        parties: parties.length,
        serviceRssMb: round(rss, 1),
        scheduler: process.env.BENCH_SCHEDULER === '1',
      }),
    );
  } finally {
    await dataSource.destroy();
    stopping = true;
    await service.stop();
    if (process.env.BENCH_KEEP !== '1') await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

await main();
process.exit(0);
