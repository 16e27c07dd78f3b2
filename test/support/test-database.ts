import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/database/data-source.js';

export type DatabaseChoice = 'auto' | 'pglite';

export interface TestDatabase {
  target: DatabaseTarget;
  kind: 'postgres' | 'pglite';
  /** Drops the per-file database on the server (nothing to do for in-memory PGlite). */
  drop(): Promise<void>;
}

/**
 * With TEST_DATABASE_URL: a fresh database on that server for this test file, dropped afterwards.
 * Without it (or when asked for 'pglite'): an in-memory PGlite instance.
 */
export async function createTestDatabase(choice: DatabaseChoice = 'auto'): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl || choice === 'pglite') {
    return { target: { kind: 'pglite' }, kind: 'pglite', drop: async () => {} };
  }
  const name = `cbt_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    kind: 'postgres',
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
