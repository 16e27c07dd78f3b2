import type { DataSource } from 'typeorm';

// Session-level advisory locks for the steps every instance takes at start (migrations, reference data,
// the demo's cases): instances starting at once on one server database take them one after another
// instead of racing (two instances creating the same table fail). The lock is held on a connection of
// its own while `work` runs on the pool's others. The embedded database has a single user: nothing to wait for.

export const LOCK_KEYS = {
  /** 4242001: the demo's organisations and accounts (pg_advisory_xact_lock in demo-seed.ts); 4242002: the workflow registry. */
  migrations: 4242003,
  demoCases: 4242004,
} as const;

/** A PostgreSQL server (other instances may share it), not the embedded database. */
export function isServerDatabase(dataSource: DataSource): boolean {
  return 'url' in dataSource.options && Boolean(dataSource.options.url);
}

export async function whileHoldingLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  if (!isServerDatabase(dataSource)) return work();
  const holder = dataSource.createQueryRunner();
  await holder.connect();
  try {
    await holder.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await holder.release();
  }
}
