import type { DataSource } from 'typeorm';

// 分布式表规则 What Citus needs of the schema (docs/scaling.md), checked against the real catalogue: every table
// placed (docs/scaling-tables.json), case tables distributed by case_id with it in every primary key and unique
// index, and only the foreign keys Citus accepts between distributed, reference and coordinator-local tables.

export type TableClass = 'distributed' | 'reference' | 'coordinator-local';

export interface Classification {
  distributionColumn: string;
  tables: Record<string, { class: TableClass; key?: string; reason: string }>;
}

export interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Unique indexes and constraints other than the primary key; an expression column shows as null. */
  uniques: { name: string; columns: (string | null)[] }[];
  foreignKeys: { name: string; columns: string[]; references: string; referencedColumns: string[] }[];
}

/** The tables of the current schema as PostgreSQL's catalogue has them. */
export async function readSchema(ds: DataSource): Promise<TableInfo[]> {
  const tables: { name: string }[] = await ds.query(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition ORDER BY 1`,
  );
  const columns: { table: string; column: string }[] = await ds.query(
    `SELECT c.relname AS "table", a.attname AS "column" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  );
  const indexes: { table: string; name: string; primary: boolean; columns: (string | null)[] }[] = await ds.query(
    `SELECT c.relname AS "table", ic.relname AS name, i.indisprimary AS primary,
            array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indisunique AND c.relnamespace = current_schema()::regnamespace`,
  );
  const fks: { table: string; name: string; columns: string[]; references: string; referencedColumns: string[] }[] = await ds.query(
    `SELECT c.relname AS "table", k.conname AS name, r.relname AS "references",
            array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, n) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum ORDER BY x.n) AS columns,
            array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS x(attnum, n) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum ORDER BY x.n) AS "referencedColumns"
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
      WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`,
  );
  return tables.map(({ name }) => ({
    name,
    columns: columns.filter((c) => c.table === name).map((c) => c.column),
    primaryKey: indexes.find((i) => i.table === name && i.primary)?.columns.map(String) ?? [],
    uniques: indexes.filter((i) => i.table === name && !i.primary).map((i) => ({ name: i.name, columns: i.columns })),
    foreignKeys: fks.filter((f) => f.table === name).map(({ table: _t, ...f }) => f),
  }));
}

/** Every way the schema breaks the plan, one line each (empty: it can be distributed as classified). */
export function distributionProblems(schema: TableInfo[], plan: Classification): string[] {
  const problems: string[] = [];
  const byName = new Map(schema.map((t) => [t.name, t]));
  const dist = plan.distributionColumn;
  for (const name of Object.keys(plan.tables)) if (!byName.has(name)) problems.push(`${name}: classified in docs/scaling-tables.json but no such table`);
  for (const [name, entry] of Object.entries(plan.tables)) {
    if (!['distributed', 'reference', 'coordinator-local'].includes(entry.class)) problems.push(`${name}: unknown class ${entry.class}`);
    if (!entry.reason?.trim()) problems.push(`${name}: no reason given for its class`);
  }
  for (const t of schema) {
    const entry = plan.tables[t.name];
    if (t.columns.includes(dist) && !t.primaryKey.includes(dist)) problems.push(`${t.name}: has ${dist} but its primary key (${t.primaryKey.join(', ') || 'none'}) lacks it`);
    if (!entry) {
      problems.push(`${t.name}: not classified in docs/scaling-tables.json (distributed / reference / coordinator-local, with a reason)`);
      continue;
    }
    if (t.columns.includes(dist) && (entry.class !== 'distributed' || entry.key !== dist)) problems.push(`${t.name}: has ${dist}, so it is distributed by it (co-located with its case), not ${entry.class}${entry.key ? ` by ${entry.key}` : ''}`);
    if (entry.class === 'distributed') {
      const key = entry.key ?? '';
      if (!t.columns.includes(key)) problems.push(`${t.name}: distributed by ${key || '(no key)'}, which is not a column`);
      else {
        if (!t.primaryKey.includes(key)) problems.push(`${t.name}: distributed by ${key} but its primary key (${t.primaryKey.join(', ') || 'none'}) lacks it`);
        for (const u of t.uniques) if (!u.columns.includes(key)) problems.push(`${t.name}: unique index ${u.name} (${u.columns.map((c) => c ?? '<expression>').join(', ')}) lacks the distribution column ${key}`);
      }
    }
    for (const fk of t.foreignKeys) {
      const target = plan.tables[fk.references];
      if (!target) continue; // reported as unclassified above
      const allowed =
        target.class === 'reference' ||
        (entry.class === 'coordinator-local' && target.class === 'coordinator-local') ||
        (entry.class === 'distributed' && target.class === 'distributed' && fk.columns.indexOf(entry.key!) >= 0 && fk.referencedColumns[fk.columns.indexOf(entry.key!)] === target.key);
      if (!allowed || (entry.class === 'reference' && target.class !== 'reference')) {
        problems.push(`${t.name} (${entry.class}): foreign key ${fk.name} to ${fk.references} (${target.class}) is one Citus refuses`);
      }
    }
  }
  return problems;
}
