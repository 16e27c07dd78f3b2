import { happyPath } from '../../../bench/procedure-driver.js';
import { createDataSource } from '../../../src/database/data-source.js';
import { startRoundRobinProxy } from '../round-robin-proxy.js';
import { DeadlineBackdater, type DueDeadline } from './back-dated-deadlines.js';
import { cli } from './crash-scenario.js';
import { checkInvariants, type InvariantFigures } from './invariants.js';
import { emptyLedger, ProcedureApi, serviceToday, walkCases, type Ack } from './procedure-clients.js';
import { startBuiltService } from './service-group.js';

// Several instances (issue 8, item 2): three built services on one PostgreSQL database behind a round-robin
// proxy. Under load through the proxy: racers send the same next act of a case from `racersPerStep` clients
// at once with the same If-Match (exactly one may win each version, the others get 409 version-conflict),
// walkers take cases along the procedure reading between acts (never older than what was acknowledged,
// whichever instance answers), and due deadlines keep arriving while the three schedulers run (each fires
// once). Then invariants.ts, the CLI's verify-chain and stats:check.

export interface InstancesOptions {
  databaseUrl: string;
  instances: number;
  racingCases: number;
  racersPerStep: number;
  walkers: number;
  walkerAcks: number;
  dueDeadlines: number;
  /** After the races: SIGKILL the last instance while the walkers walk, make half the deadlines due while it is down, start it again. */
  killOne?: boolean;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface InstancesFigures extends InvariantFigures {
  instances: number;
  races: number;
  raceRequests: number;
  raceWins: number;
  /** Requests each instance answered through the proxy, and deadlines each one fired. */
  servedBy: number[];
  firedBy: number[];
  /** Requests the proxy sent on to another instance because the killed one refused the connection; the restart's time. */
  failovers: number;
  restartMs: number[];
  reads: number;
  seconds: number;
}

export interface InstancesReport {
  figures: InstancesFigures;
  violations: string[];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo cases a start seeded, from its "demo cases seeded" log line. */
function demoCasesSeeded(output: string): number {
  const line = output.split('\n').find((l) => l.includes('"demo cases seeded"'));
  return line ? (JSON.parse(line) as { cases: number }).cases : 0;
}

export async function runInstancesScenario(options: InstancesOptions): Promise<InstancesReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const violations: string[] = [];
  const target = { kind: 'postgres', url: options.databaseUrl } as const;
  // All three start at once on the empty database, each asked to seed the demo: one migrates and seeds, the others wait for it.
  const env = { DATABASE_URL: options.databaseUrl, SCHEDULER_INTERVAL_MS: '100', RENDER_PAGES: '1', SEED_DEMO: '1', ...options.env };
  const starting = await Promise.allSettled(Array.from({ length: options.instances }, (_, i) => startBuiltService(`instance ${String.fromCharCode(65 + i)}`, env)));
  const services = starting.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const starts = [...services];
  const failed = starting.flatMap((s) => (s.status === 'rejected' ? [String(s.reason).slice(0, 1500)] : []));
  if (failed.length) {
    for (const s of services) await s.kill();
    return { figures: { instances: services.length } as InstancesFigures, violations: failed.map((f) => `an instance did not start beside the others: ${f}`) };
  }
  const backdater = await DeadlineBackdater.open(target);
  const proxy = await startRoundRobinProxy(services.map((s) => s.url));
  const dataSource = await createDataSource(target);
  await dataSource.initialize();
  try {
    const seeded = services.map((s) => demoCasesSeeded(s.output()));
    // The seed's count leaves out the case its renewal opened.
    const [{ n: demoCases }] = (await dataSource.query('SELECT count(*)::int AS n FROM cases WHERE id NOT IN (SELECT next_case_id FROM cases WHERE next_case_id IS NOT NULL)')) as { n: number }[];
    if (seeded.filter((n) => n > 0).length !== 1 || demoCases !== seeded.reduce((a, b) => a + b, 0)) violations.push(`demo seeded by ${seeded.join('/')} cases per instance, ${demoCases} in the database`);
    const api = new ProcedureApi(proxy.url);
    await api.login();
    log(`${services.length} instances behind ${proxy.url}`);

    // Racers: every act of the ordinary course, sent by several clients at once with the same If-Match.
    const raceAcks: Ack[] = [];
    let races = 0;
    let raceRequests = 0;
    const race = async (r: number) => {
      const startedCase = await api.startCase();
      if (startedCase.status !== 201) return void violations.push(`race ${r}: start answered ${startedCase.status}`);
      const caseId = startedCase.body.id as string;
      let version = 1;
      for (const step of happyPath(serviceToday())) {
        const keyed = (r + version) % 2 === 0; // half with an Idempotency-Key each, half with none (the instance's cached copy decides first)
        const answers = await Promise.all(
          Array.from({ length: options.racersPerStep }, (_, w) => api.sendEvent(caseId, step.by, step.type, step.payload, version, keyed ? `race-${caseId.slice(0, 8)}-${version}-${w}` : null)),
        );
        races++;
        raceRequests += answers.length;
        const wins = answers.filter((a) => a.status === 200);
        const lost = answers.filter((a) => a.status !== 200);
        if (wins.length !== 1) violations.push(`race on ${caseId} v${version} (${step.type}): ${wins.length} writers won`);
        for (const a of lost) {
          if (a.status !== 409 || a.body.type !== 'urn:cb-engine:problem:version-conflict' || a.body.currentVersion !== version + 1) {
            violations.push(`race on ${caseId} v${version} (${step.type}): a loser answered ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
          }
        }
        for (const w of wins) raceAcks.push({ caseId, key: null, type: step.type, version: w.body.version as number, replayed: false });
        if (wins.length === 0) return;
        version = wins[0].body.version as number;
      }
    };

    const ledger = emptyLedger();
    let walkersDone = false;
    let chaosDone = !options.killOne;
    const walking = walkCases(api, ledger, { clients: options.walkers, stop: () => walkersDone || (chaosDone && ledger.acks.length >= options.walkerAcks), retryForMs: 60_000 });
    const due: DueDeadline[] = [];
    const makeDue = async (count: number) => {
      for (let made = 0; made < count; made += 10) {
        due.push(...(await backdater.create(Math.min(10, count - made))));
        await pause(100);
      }
    };
    const firstHalf = options.killOne ? Math.ceil(options.dueDeadlines / 2) : options.dueDeadlines;
    const backdating = makeDue(firstHalf);
    const racing = (async () => {
      for (let r = 0; r < options.racingCases; r += 2) await Promise.all([race(r), r + 1 < options.racingCases ? race(r + 1) : undefined]);
    })();
    const restartMs: number[] = [];
    // One instance dies (SIGKILL, mid-walk, perhaps mid-round of its scheduler); the others serve and fire meanwhile.
    const chaos = (async () => {
      await racing;
      if (!options.killOne) return;
      const victim = services.length - 1;
      const killedAt = performance.now();
      await services[victim].kill();
      log(`SIGKILL ${services[victim].name} at ${ledger.acks.length} walker acknowledgements`);
      await makeDue(options.dueDeadlines - firstHalf);
      services[victim] = await startBuiltService(`${services[victim].name} (restarted)`, env, { port: services[victim].port });
      starts.push(services[victim]);
      restartMs.push(Math.round(performance.now() - killedAt));
      chaosDone = true;
    })();
    try {
      await Promise.all([racing, backdating, chaos]);
    } finally {
      chaosDone = true;
      walkersDone = ledger.acks.length >= options.walkerAcks;
      await walking.catch((err) => violations.push(`walkers failed: ${err}`));
      walkersDone = true;
    }

    // All three schedulers keep running: wait until nothing is due, then stop every instance.
    const dueNow = async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM case_deadlines WHERE due_at <= now()`)) as { n: number }[])[0].n;
    for (const end = Date.now() + 30_000; Date.now() < end && (await dueNow()) > 0; ) await pause(50);
    const exits = await Promise.all(services.map((s) => s.stop()));
    exits.forEach((code, i) => code !== 0 && violations.push(`${services[i].name} exited ${code} on SIGTERM`));

    // Versions: each race's case ends at 1 + its winners; the verifier checks every acknowledgement.
    const raced = [...new Set(raceAcks.map((a) => a.caseId))];
    const versions = (await dataSource.query(`SELECT id, version FROM cases WHERE id = ANY($1::uuid[])`, [raced])) as { id: string; version: number }[];
    for (const { id, version } of versions) {
      const wins = raceAcks.filter((a) => a.caseId === id).length;
      if (version !== 1 + wins) violations.push(`case ${id}: version ${version}, but ${wins} acts were acknowledged after its start`);
    }
    const report = await checkInvariants(dataSource, { acks: [...raceAcks, ...ledger.acks], dueDeadlines: due });
    violations.push(...ledger.violations, ...report.violations);
    for (const command of ['verify-chain', 'stats:check']) {
      const run = cli(options.databaseUrl, command);
      log(`cli ${command}: ${run.output.split('\n').pop()}`);
      if (run.code !== 0) violations.push(`cli ${command} exited ${run.code}: ${run.output.slice(-500)}`);
    }
    for (const s of starts) for (const line of s.errorLines()) violations.push(`${s.name} logged an error: ${line.slice(0, 400)}`);
    if (proxy.served.some((n) => n === 0)) violations.push(`the proxy left an instance idle: ${proxy.served.join('/')}`);
    return {
      figures: {
        ...report.figures,
        instances: services.length,
        races,
        raceRequests,
        raceWins: raceAcks.length,
        servedBy: [...proxy.served],
        firedBy: services.map((s, i) => s.deadlinesFired() + (options.killOne && i === services.length - 1 ? starts[i].deadlinesFired() : 0)),
        failovers: proxy.failovers,
        restartMs,
        reads: ledger.reads,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      },
      violations,
    };
  } finally {
    await backdater.close();
    await proxy.close();
    for (const s of starts) await s.kill().catch(() => {});
    await dataSource.destroy();
  }
}
