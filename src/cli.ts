import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createDataSource } from './database/data-source.js';
import { targetOf } from './bootstrap.js';
import { verifyChain } from './workflow-engine/event-log/event-chain.js';
import { CaseEventRecord } from './workflow-engine/entities/case-event.entity.js';

// `npm run cli -- <command>`: maintenance commands against the configured database (DATABASE_URL, or
// the embedded one in DATA_DIR; stop the service first when it is embedded: PGlite has one user).

const USAGE = `usage: npm run cli -- verify-chain [--case <uuid>]
  verify-chain   walk every case's hash-chained event log (or one case's) and name the first broken link`;

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

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'verify-chain':
      return verifyChains(args);
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
