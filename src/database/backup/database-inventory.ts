import type { DataSource } from 'typeorm';

// What a restore must reproduce, table by table: the row count and a digest of the rows' contents. Used by
// `npm run restore` to report and by the backup test to compare the restored database with its source.

export interface TableInventory {
  table: string;
  rows: number;
  /** md5 of the rows' text forms in sorted order: equal digests, equal contents. */
  digest: string;
}

type Query = (sql: string, params?: unknown[]) => Promise<{ [k: string]: unknown }[]>;

/** Every table of the service's schema (the current schema: public), in name order. */
export async function listTables(query: Query): Promise<string[]> {
  const rows = await query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
  return rows.map((r) => String(r.tablename));
}

export async function inventory(query: Query, { digests = true } = {}): Promise<TableInventory[]> {
  const out: TableInventory[] = [];
  for (const table of await listTables(query)) {
    const id = `"${table.replace(/"/g, '""')}"`;
    const [row] = await query(
      digests
        ? `SELECT count(*)::int AS rows, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS digest FROM ${id} t`
        : `SELECT count(*)::int AS rows, '' AS digest FROM ${id} t`,
    );
    out.push({ table, rows: Number(row.rows), digest: String(row.digest) });
  }
  return out;
}

export const inventoryOf = (dataSource: DataSource, options?: { digests?: boolean }) => inventory((sql, params) => dataSource.query(sql, params), options);
