import { expect } from '@jest/globals';
import type { TestApp } from '../support/test-app.js';
import { concrete, type MatrixFixtures } from './authorization-fixtures.js';

// SQL 注入探测 Classic probes in every query parameter of every GET endpoint the OpenAPI document lists: never a 5xx,
// never more rows than the same filter with a harmless value, and the database unchanged (every table's row count, and
// the tables themselves, before and after).

export const PROBES = [
  "' OR 1=1--",
  "' OR '1'='1",
  '" OR "1"="1',
  "1' OR '1'='1' /*",
  "'; DROP TABLE cases; --",
  "1; DELETE FROM users; --",
  "' UNION SELECT username, password_hash FROM users--",
  "' UNION ALL SELECT NULL,NULL,NULL--",
  '1 OR 1=1',
  "510107' OR region_code LIKE '%",
  '%',
  '_',
  '\\',
  "'/**/OR/**/1=1#",
  '\u0000',
  "x\u0000' OR 1=1--",
  "'; SELECT pg_sleep(5); --",
  '$1',
  '1)) OR ((1=1',
];
const HARMLESS = 'zzqqx';
/**
 * LIKE's wildcards sent alone: a text may hold them literally (the contract templates' blanks are "____"), so they
 * are held to no 5xx and the database unchanged only; `%` and `_` inside the SQL probes above are held to the row rule.
 */
const LITERAL = new Set(['%', '_', '\\']);

export interface ProbeReport {
  endpoints: number;
  parameters: number;
  requests: number;
  failures: string[];
}

const rowsOf = (body: unknown): number | undefined => {
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.total === 'number') return b.total;
    if (Array.isArray(b.items)) return b.items.length;
  }
  return undefined;
};

async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables: { table_name: string }[] = await t.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) counts[table_name] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table_name}"`))[0].n;
  return counts;
}

export async function probeEveryFilter(t: TestApp, fixtures: MatrixFixtures, token: string): Promise<ProbeReport> {
  const doc = (await t.http().get('/api/docs/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
  const before = await tableCounts(t);
  const report: ProbeReport = { endpoints: 0, parameters: 0, requests: 0, failures: [] };
  for (const [openapiPath, operations] of Object.entries(doc.paths)) {
    const query = (operations.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    if (!operations.get || query.length === 0 || !openapiPath.startsWith('/api/')) continue;
    const path = concrete(openapiPath.replace(/\{(\w+)\}/g, ':$1'), 'own', fixtures);
    report.endpoints++;
    const get = (params: Record<string, string>) => t.http().get(path).query(params).set('Authorization', `Bearer ${token}`);
    for (const name of query) {
      report.parameters++;
      const harmless = await get({ [name]: HARMLESS });
      report.requests++;
      for (const probe of PROBES) {
        const res = await get({ [name]: probe });
        report.requests++;
        const where = `GET ${openapiPath}?${name}=${JSON.stringify(probe)}`;
        if (res.status >= 500) report.failures.push(`${where}: ${res.status}`);
        else if (res.status < 300) {
          const probed = rowsOf(res.body);
          const baseline = harmless.status < 300 ? rowsOf(harmless.body) : undefined;
          if (harmless.status >= 300) report.failures.push(`${where}: ${res.status} where the harmless value got ${harmless.status}`);
          else if (!LITERAL.has(probe) && probed !== undefined && baseline !== undefined && probed > baseline) report.failures.push(`${where}: ${probed} rows, harmless value ${baseline}`);
        }
      }
    }
  }
  expect(await tableCounts(t)).toEqual(before);
  return report;
}
