import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createDataSource } from './database/data-source.js';
import { targetOf } from './bootstrap.js';
import { JOBS_DRAIN_USAGE, jobsDrainCommand } from './jobs/jobs-drain.command.js';
import { ROSTER_IMPORT_USAGE, rosterImportCommand } from './campaigns/roster/roster-import.command.js';
import { StatisticsRecount } from './statistics/statistics-recount.js';
import { verifyChain } from './workflow-engine/event-log/event-chain.js';
import { CaseEventRecord } from './workflow-engine/entities/case-event.entity.js';

// `npm run cli -- <command>`: maintenance commands against the configured database (DATABASE_URL, or
// the embedded one in DATA_DIR; stop the service first when it is embedded: PGlite has one user).

const USAGE = `usage: npm run cli -- <command>
  verify-chain [--case <uuid>]   walk every case's hash-chained event log (or one case's) and name the first broken link
  stats:recount                  rebuild the statistics rollups from the cases and their logs
  stats:check                    compare the rollups with a recount; exit 1 when they differ
  ${ROSTER_IMPORT_USAGE}
                                 import a roster (XLSX or CSV) into a campaign; exit 1 when rejected
  ${JOBS_DRAIN_USAGE}`;

async function verifyChains(args: string[]) {
  const config = loadConfig();
  const dataSource = await createDataSource(targetOf(config));
  await dataSource.initialize();
  try {
    const only = args[args.indexOf('--case') + 1];
    const ids: string[] = args.includes('--case') ? [only] : (await dataSource.query('SELECT id FROM cases ORDER BY created_at, id')).map((r: { id: string }) => r.id);
    let broken = 0;
    let events = 0;
    for (const [i, id] of ids.entries()) {
      const log = await dataSource.getRepository(CaseEventRecord).find({ where: { caseId: id }, order: { seq: 'ASC' } });
      const verdict = verifyChain(log);
      events += verdict.length;
      if (!verdict.valid) {
        broken++;
        const b = verdict.firstBroken!;
        process.stdout.write(`✗ case ${id}: first broken link at seq ${b.seq} (${b.reason}: expected ${b.expected}, found ${b.found})\n`);
      }
      if (process.stderr.isTTY && i % 100 === 99) process.stderr.write(`\r  ${i + 1}/${ids.length} cases checked…`);
    }
    if (process.stderr.isTTY) process.stderr.write('\r');
    process.stdout.write(`${broken === 0 ? '✓' : '✗'} ${ids.length} cases, ${events} events, ${broken} broken chains\n`);
    return broken === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

async function statistics(command: 'stats:recount' | 'stats:check') {
  const dataSource = await createDataSource(targetOf(loadConfig()));
  await dataSource.initialize();
  try {
    const recount = new StatisticsRecount(dataSource);
    if (command === 'stats:recount') {
      const started = performance.now();
      const { stateRows, eventRows } = await recount.recount();
      process.stdout.write(`✓ rollups rebuilt: ${stateRows} state rows, ${eventRows} event rows (${Math.round(performance.now() - started)} ms)\n`);
      return 0;
    }
    const drift = await recount.drift();
    for (const d of drift.slice(0, 50)) process.stdout.write(`✗ ${d.table} ${d.key}: rollup ${d.rollup ?? '—'}, recount ${d.recount ?? '—'}\n`);
    process.stdout.write(drift.length === 0 ? '✓ the rollups equal a recount\n' : `✗ ${drift.length} rows differ (npm run cli -- stats:recount rebuilds them)\n`);
    return drift.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

async function rosterImport(args: string[]) {
  const dataSource = await createDataSource(targetOf(loadConfig()));
  await dataSource.initialize();
  try {
    return await rosterImportCommand(dataSource, args);
  } finally {
    await dataSource.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'verify-chain':
      return verifyChains(args);
    case 'stats:recount':
    case 'stats:check':
      return statistics(command);
    case 'roster:import':
      return rosterImport(args);
    case 'jobs:drain':
      return jobsDrainCommand(args);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : (err?.stack ?? err)}\n`);
    process.exit(1);
  },
);
