import { spawnSync } from 'node:child_process';
import { projectPath } from '../../../src/config/project-root.js';
import { createDataSource } from '../../../src/database/data-source.js';
import { DeadlineBackdater, type DueDeadline } from './back-dated-deadlines.js';
import { checkInvariants, type InvariantFigures } from './invariants.js';
import { emptyLedger, ProcedureApi, walkCases } from './procedure-clients.js';
import { startBuiltService, type BuiltService } from './service-group.js';

// Crash safety (issue 8, item 1): the built service on PostgreSQL under a mixed HTTP workload, killed with
// SIGKILL mid-load (its whole process group, Chromium included) and started again on the same database,
// `kills` times; then every invariant of invariants.ts, the CLI's verify-chain and stats:check.

export interface CrashOptions {
  /** A fresh, empty database of its own. */
  databaseUrl: string;
  clients: number;
  kills: number;
  /** Acknowledged events between two kills, and after the last restart. */
  acksPerPhase: number;
  /** Cases with a deadline already due before the first start, and added (10 at a time) while the load runs. */
  dueBeforeStart: number;
  dueDuringLoad: number;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface CrashFigures extends InvariantFigures {
  kills: number;
  clients: number;
  retriedInDoubt: number;
  replayedAfterDoubt: number;
  startsInDoubt: number;
  keylessInDoubt: number;
  reads: number;
  /** Time from SIGKILL to /health answering again, per restart (ms). */
  restartMs: number[];
  seconds: number;
}

export interface CrashReport {
  figures: CrashFigures;
  violations: string[];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await pause(20);
  }
  return condition();
}

/** Runs the CLI (`npm run cli -- <command>`, compiled) against the database; answers its exit code and output. */
export function cli(databaseUrl: string, command: string): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [projectPath('dist', 'src', 'cli.js'), command], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

export async function runCrashScenario(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const violations: string[] = [];
  const target = { kind: 'postgres', url: options.databaseUrl } as const;
  const backdater = await DeadlineBackdater.open(target);
  const due: DueDeadline[] = await backdater.create(options.dueBeforeStart);
  const env = { DATABASE_URL: options.databaseUrl, SCHEDULER_INTERVAL_MS: '200', RENDER_PAGES: '1', ...options.env };
  const starts: BuiltService[] = [await startBuiltService('start 1', env)];
  const service = () => starts[starts.length - 1];
  const api = new ProcedureApi(service().url);
  await api.login();
  log(`service up on ${service().url}; ${due.length} deadlines due before start`);

  const ledger = emptyLedger();
  let stopping = false;
  const walking = walkCases(api, ledger, { clients: options.clients, stop: () => stopping });
  let addedDuringLoad = 0;
  const backdating = (async () => {
    while (!stopping && addedDuringLoad < options.dueDuringLoad) {
      due.push(...(await backdater.create(10)));
      addedDuringLoad += 10;
      await pause(150);
    }
  })();

  const restartMs: number[] = [];
  try {
    for (let k = 0; k < options.kills; k++) {
      const target = (k + 1) * options.acksPerPhase;
      if (!(await until(() => ledger.acks.length >= target || ledger.violations.length > 0, 120_000))) violations.push(`only ${ledger.acks.length} of ${target} events acknowledged before kill ${k + 1}`);
      const killedAt = performance.now();
      await service().kill();
      log(`SIGKILL ${k + 1} at ${ledger.acks.length} acknowledged events`);
      starts.push(await startBuiltService(`start ${k + 2}`, env, { port: service().port }));
      restartMs.push(Math.round(performance.now() - killedAt));
    }
    const final = (options.kills + 1) * options.acksPerPhase;
    if (!(await until(() => ledger.acks.length >= final || ledger.violations.length > 0, 120_000))) violations.push(`only ${ledger.acks.length} of ${final} events acknowledged at the end`);
  } finally {
    stopping = true;
    await walking.catch((err) => violations.push(`clients failed: ${err}`));
    await backdating.catch((err) => violations.push(`back-dating failed: ${err}`));
    await backdater.close();
  }

  // The last start's scheduler fires what is still due (at most a few rounds of 200 ms).
  const dataSource = await createDataSource(target);
  await dataSource.initialize();
  try {
    const dueNow = async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM case_deadlines WHERE due_at <= now()`)) as { n: number }[])[0].n;
    await until(async () => (await dueNow()) === 0, 30_000);
    const exit = await service().stop();
    if (exit !== 0) violations.push(`the last start exited ${exit} on SIGTERM`);
    const report = await checkInvariants(dataSource, { acks: ledger.acks, dueDeadlines: due });
    violations.push(...ledger.violations, ...report.violations);
    for (const command of ['verify-chain', 'stats:check']) {
      const run = cli(options.databaseUrl, command);
      log(`cli ${command}: ${run.output.split('\n').pop()}`);
      if (run.code !== 0) violations.push(`cli ${command} exited ${run.code}: ${run.output.slice(-500)}`);
    }
    for (const s of starts) for (const line of s.errorLines()) violations.push(`${s.name} logged an error: ${line.slice(0, 400)}`);
    return {
      figures: {
        ...report.figures,
        kills: options.kills,
        clients: options.clients,
        retriedInDoubt: ledger.retriedInDoubt,
        replayedAfterDoubt: ledger.replayedAfterDoubt,
        startsInDoubt: ledger.startsInDoubt,
        keylessInDoubt: ledger.keylessInDoubt,
        reads: ledger.reads,
        restartMs,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      },
      violations,
    };
  } finally {
    for (const s of starts) await s.kill().catch(() => {});
    await dataSource.destroy();
  }
}
