import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { openEmbeddedDatabase } from './pglite-driver.js';

// node-postgres returns int8 (count(*), bigint ids) as strings; numbers match PGlite's parser.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
// A DATE is a calendar day, not an instant: keep 'YYYY-MM-DD' (a Date would shift with the process's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir?: string };

const common = {
  type: 'postgres' as const,
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'migrations',
  migrationsTransactionMode: 'each' as const,
  synchronize: false,
  logging: false,
};

/** Creates (not initialises) the one DataSource of the service: a PostgreSQL server, or embedded PGlite. */
export async function createDataSource(target: DatabaseTarget, extra: Partial<DataSourceOptions> = {}): Promise<DataSource> {
  if (target.kind === 'postgres') {
    return new DataSource({ ...common, url: target.url, poolSize: 20, applicationName: 'cb-engine', ...extra } as DataSourceOptions);
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const embedded = await openEmbeddedDatabase(target.dataDir);
  return new DataSource({ ...common, driver: embedded.driver, ...extra } as DataSourceOptions);
}

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'postgres' ? `PostgreSQL ${target.url.replace(/\/\/[^@]*@/, '//***@')}` : `embedded PGlite ${target.dataDir ?? '(memory)'}`;
}
