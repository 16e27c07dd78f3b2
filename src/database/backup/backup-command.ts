import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ConfigError, loadConfig } from '../../config/app-config.js';
import { StatisticsRecount } from '../../statistics/statistics-recount.js';
import { verifyChain } from '../../workflow-engine/event-log/event-chain.js';
import { CaseEventRecord } from '../../workflow-engine/entities/case-event.entity.js';
import { createDataSource, type DatabaseTarget } from '../data-source.js';
import { openEmbeddedDatabase } from '../pglite-driver.js';
import { inventoryOf } from './database-inventory.js';
import { assertToolFitsServer, dumpArgs, findPgTool, majorOfServerVersionNum, PgToolProblem, restoreArgs, type PgToolName } from './pg-tools.js';

// `npm run backup -- <file>` / `npm run restore -- <file>` (docs/backup.md). On PostgreSQL (DATABASE_URL):
// pg_dump in the custom format / pg_restore into an empty database. On the embedded PGlite (no DATABASE_URL):
// a .tar.gz of its data directory (DATA_DIR) / unpacked into an empty one; stop the service first (PGlite has
// one user). A restore is then checked: every case's hash chain, and the rollups against a recount.

const USAGE = `usage: npm run backup -- <file>    PostgreSQL (DATABASE_URL): pg_dump --format=custom; embedded: a .tar.gz of DATA_DIR
       npm run restore -- <file>   into an empty database (DATABASE_URL) or an empty DATA_DIR, then verify every chain and the rollups`;

// Not bootstrap.ts's targetOf: importing it loads the whole application (seconds of start-up for a command).
const targetOf = (config: { databaseUrl?: string; dataDir: string }): DatabaseTarget => (config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.dataDir });
const say = (line: string) => process.stdout.write(`${line}\n`);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const hide = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return majorOfServerVersionNum((await client.query('SHOW server_version_num')).rows[0].server_version_num);
  } finally {
    await client.end();
  }
}

async function toolFor(name: PgToolName, url: string) {
  const tool = findPgTool(name);
  assertToolFitsServer(tool, await serverMajor(url));
  return tool;
}

function runTool(path: string, args: string[]) {
  const r = spawnSync(path, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new PgToolProblem(`${path} failed (exit ${r.status ?? r.signal})`);
}

/** Every case's chain and the rollups against a recount, on the database the configuration names. */
async function verifyRestored(): Promise<number> {
  const dataSource = await createDataSource(targetOf(loadConfig()));
  await dataSource.initialize();
  try {
    const tables = await inventoryOf(dataSource, { digests: false });
    say(`  ${tables.length} tables, ${tables.reduce((n, t) => n + t.rows, 0)} rows: ${tables.filter((t) => t.rows > 0).map((t) => `${t.table} ${t.rows}`).join(', ')}`);
    const ids: string[] = (await dataSource.query('SELECT id FROM cases ORDER BY created_at, id')).map((r: { id: string }) => r.id);
    let broken = 0;
    let events = 0;
    for (const id of ids) {
      const verdict = verifyChain(await dataSource.getRepository(CaseEventRecord).find({ where: { caseId: id }, order: { seq: 'ASC' } }));
      events += verdict.length;
      if (!verdict.valid) {
        broken++;
        say(`✗ case ${id}: first broken link at seq ${verdict.firstBroken!.seq} (${verdict.firstBroken!.reason})`);
      }
    }
    say(`${broken === 0 ? '✓' : '✗'} ${ids.length} cases, ${events} events, ${broken} broken chains`);
    const drift = await new StatisticsRecount(dataSource).drift();
    say(drift.length === 0 ? '✓ the rollups equal a recount' : `✗ ${drift.length} rollup rows differ from a recount`);
    return broken === 0 && drift.length === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

async function backup(file: string): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) {
    const tool = await toolFor('pg_dump', config.databaseUrl);
    say(`› ${tool.name} ${tool.version}: ${hide(config.databaseUrl)} → ${file}`);
    runTool(tool.path, dumpArgs(config.databaseUrl, file));
  } else {
    if (!existsSync(resolve(config.dataDir, 'PG_VERSION'))) throw new ConfigError(`no embedded database in ${config.dataDir} (DATA_DIR)`);
    say(`› PGlite ${config.dataDir} → ${file} (the service must be stopped)`);
    const { db } = await openEmbeddedDatabase(config.dataDir);
    try {
      writeFileSync(file, Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer()));
    } finally {
      await db.close();
    }
  }
  say(`✓ ${file} ${mib(statSync(file).size)}`);
  return 0;
}

async function restore(file: string): Promise<number> {
  if (!existsSync(file)) throw new ConfigError(`${file}: no such file`);
  const config = loadConfig();
  if (config.databaseUrl) {
    const tool = await toolFor('pg_restore', config.databaseUrl);
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()`)).rows;
    await client.end();
    // Into an empty database only: the service's migrations must not have run there first (docs/backup.md).
    if (n > 0) throw new ConfigError(`${hide(config.databaseUrl)} already has ${n} tables: restore into a new, empty database (createdb), then point DATABASE_URL at it`);
    say(`› ${tool.name} ${tool.version}: ${file} → ${hide(config.databaseUrl)}`);
    runTool(tool.path, restoreArgs(config.databaseUrl, file));
  } else {
    if (existsSync(config.dataDir) && readdirSync(config.dataDir).length > 0) throw new ConfigError(`${config.dataDir} (DATA_DIR) is not empty: restore into a new, empty folder`);
    say(`› ${file} → PGlite ${config.dataDir}`);
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(config.dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
    await db.close();
  }
  say('✓ restored; verifying…');
  return verifyRestored();
}

async function main([command, file]: string[]): Promise<number> {
  if (!file || !['backup', 'restore'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // npm runs scripts in the project's folder; a relative name means the caller's folder (INIT_CWD).
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  return command === 'backup' ? backup(path) : restore(path);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`✗ ${err instanceof ConfigError || err instanceof PgToolProblem ? err.message : (err?.stack ?? err)}\n`);
    process.exit(1);
  },
);
