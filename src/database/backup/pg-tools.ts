import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// pg_dump / pg_restore for the service's PostgreSQL database (docs/backup.md). They come from Debian's
// postgresql-client; a dump must be taken by a client whose major version is the server's or newer (an older
// pg_dump refuses a newer server), so the tool is looked up and checked before it runs, with a message that
// says what to install.

export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  name: PgToolName;
  path: string;
  /** e.g. "15.20" */
  version: string;
  major: number;
}

export class PgToolProblem extends Error {}

const versionOf = (path: string) => {
  const out = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim(); // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new PgToolProblem(`${path} --version printed "${out}", not a PostgreSQL version`);
  return { version: `${m[1]}.${m[2] ?? '0'}`, major: Number(m[1]) };
};

/** Where to look: $PG_BINDIR, the Debian folders newest first (/usr/bin/pg_dump is only Debian's wrapper), the PATH. */
export function pgToolDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.PG_BINDIR) dirs.push(process.env.PG_BINDIR);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const major of readdirSync(debian).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))) dirs.push(join(debian, major, 'bin'));
  }
  return [...dirs, ...(process.env.PATH ?? '').split(':').filter(Boolean)];
}

/** The first `name` in `dirs`, with its version. Throws a PgToolProblem naming the package when there is none. */
export function findPgTool(name: PgToolName, dirs: string[] = pgToolDirs()): PgTool {
  const path = dirs.map((d) => join(d, name)).find((c) => existsSync(c));
  if (!path) {
    throw new PgToolProblem(
      `${name} 未找到 not found (looked in $PG_BINDIR, /usr/lib/postgresql/*/bin and PATH).\n` +
        `  install Debian's PostgreSQL client, of the server's major version or newer: apt-get install postgresql-client`,
    );
  }
  return { name, path, ...versionOf(path) };
}

/** The server's major version (SHOW server_version_num: 150020 → 15). */
export function majorOfServerVersionNum(num: string | number): number {
  return Math.floor(Number(num) / 10000);
}

/** Refuses a client older than the server (pg_dump would refuse it too, later and less clearly). */
export function assertToolFitsServer(tool: PgTool, serverMajor: number): void {
  if (tool.major < serverMajor) {
    throw new PgToolProblem(
      `${tool.name} ${tool.version} (${tool.path}) is older than the server (PostgreSQL ${serverMajor}): a dump needs a client of major ${serverMajor} or newer.\n` +
        `  install postgresql-client-${serverMajor} (or newer) and set PG_BINDIR=/usr/lib/postgresql/${serverMajor}/bin if it is not found first`,
    );
  }
}

/** pg_dump in the custom format (compressed, restorable table by table, in parallel with -j): nothing excluded. */
export function dumpArgs(url: string, file: string): string[] {
  return ['--format=custom', `--file=${file}`, `--dbname=${url}`];
}

/**
 * pg_restore into an empty database, all or nothing: objects owned by whoever restores (the roles of the source
 * server need not exist), no GRANTs carried over, the first error stops it and rolls everything back.
 */
export function restoreArgs(url: string, file: string): string[] {
  return ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file];
}
