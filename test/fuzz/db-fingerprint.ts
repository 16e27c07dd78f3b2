import type { DataSource } from 'typeorm';

// What "nothing stored changed" means for the fuzz specs: per table, its row count and an md5 of its rows
// as text in order, so an UPDATE shows as well as an INSERT or a DELETE (the cases' versions and the events'
// hashes included, being rows of cases and case_events).

/**
 * Tables that record attempts by design, refused ones included: the audit log (failed sign-ins, refused
 * administrative acts) and the sign-in throttle's failures. A 4xx may write them; nothing else.
 */
export const RECORDS_ATTEMPTS = new Set(['audit_log', 'login_failures']);

export async function tablesOf(dataSource: DataSource): Promise<string[]> {
  const rows: { tablename: string }[] = await dataSource.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.map((r) => r.tablename).filter((name) => !RECORDS_ATTEMPTS.has(name));
}

export type Fingerprint = Map<string, string>;

export async function fingerprint(dataSource: DataSource, tables: string[]): Promise<Fingerprint> {
  const sql = tables.map((name) => `SELECT '${name}' AS name, count(*)::int || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM "${name}" t`).join(' UNION ALL ');
  const rows: { name: string; h: string }[] = await dataSource.query(sql);
  return new Map(rows.map((r) => [r.name, r.h]));
}

/** The tables whose count or content differ. */
export function changed(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
}
