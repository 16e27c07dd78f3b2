import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { CsrfTokens } from '../../src/web/pages/csrf-tokens.js';
import { isDocsRoute, isPageRoute, routesOf, type Route } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { concrete, createFixtures, paramsOf, type MatrixFixtures, type Scope } from './authorization-fixtures.js';
import { PROBES, probeEveryFilter } from './sql-injection.js';

// 权限矩阵 Every role × every route of the router × own and other jurisdiction, against the reviewed table in
// test/security/authorization-matrix.json: any difference, a route the table lacks or a route it names that is gone
// fails. `npm run authz:table` rewrites the table from the service (review its diff before committing it).
// Answers are recorded as 2xx, 3xx or the exact 4xx; a 5xx fails whatever the table says.
// Writes carry a minimal valid body where one is listed below, else an empty one (then 400 from every role shows only
// that validation precedes the service's role check). API routes take the bearer token, pages the session cookie and
// its CSRF token. The spec has its own app and database; the requests run in a fixed order (reads, writes, deletes).

const TABLE = new URL('./authorization-matrix.json', import.meta.url);
const WRITE = process.env.AUTHZ_WRITE_TABLE === '1';
const ROLES = ['union', 'employer', 'instructor', 'bureau', 'federation', 'admin'] as const;

type Answers = Record<string, Record<string, string | Record<Scope, string>>>;

/** Minimal valid bodies (by route), so an allowed role reaches the service's own check. */
const BODIES: Record<string, (f: MatrixFixtures, scope: Scope) => object> = {
  'POST /api/campaigns': (_f, scope) => ({ name: '矩阵测试活动', startsOn: '2018-03-01', endsOn: '2018-03-31', regionCode: scope === 'own' ? '510100' : '510700', kinds: ['wage'] }),
  'PATCH /api/campaigns/:id': () => ({ name: '矩阵测试活动（改）' }),
  'PUT /api/campaigns/:id/targets': () => ({ targets: [] }),
  'POST /api/instructors': () => ({ name: '矩阵指导员', regionCode: '510107', qualifications: ['集体协商指导员资格证书'], appointedOn: '2017-06-01' }),
  'PATCH /api/instructors/:id': () => ({}),
  'PATCH /api/enterprises/:id': () => ({}),
  'PATCH /api/unions/:id': () => ({}),
  'POST /api/cases': (f, scope) => ({ kind: 'comprehensive', unionId: f.values[scope].union, employerId: f.values[scope].enterprise }),
  'PUT /api/cases/:caseId/instructors/:instructorId': () => ({}),
  'POST /api/campaigns/:id/bulk-offers': () => ({ kind: 'wage', enterpriseIds: [demoId('ent-pidu')], offer: { subjects: ['2018年度职工工资增长幅度'] } }),
  'POST /api/campaigns/:id/bulk-offers/:batchId/retry': () => ({}),
  'POST /api/cases/:id/guidance-notes': () => ({ body: '矩阵测试的指导意见' }),
  'POST /api/templates/:templateId/preview': () => ({ data: {} }),
};

const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };
const classOf = (status: number) => (status >= 200 && status < 300 ? '2xx' : status >= 300 && status < 400 ? '3xx' : String(status));

/** One line per route and role, so a review reads the diff line by line. */
function serialise(answers: Answers): string {
  const lines = Object.keys(answers)
    .sort()
    .map((route) => {
      const roles = ROLES.map((role) => `    ${JSON.stringify(role)}: ${JSON.stringify(answers[route][role])}`).join(',\n');
      return `  ${JSON.stringify(route)}: {\n${roles}\n  }`;
    });
  return `{\n${lines.join(',\n')}\n}\n`;
}

let t: TestApp;
let fixtures: MatrixFixtures;
let routes: Route[];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  fixtures = await createFixtures(t);
  for (const role of ROLES) tokens[role] = await t.login(`${role}.demo`);
  routes = routesOf(t)
    .filter((r) => !isDocsRoute(r.path))
    .sort((a, b) => ORDER[a.method] - ORDER[b.method] || a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
});
afterAll(async () => {
  await t?.close();
});

async function ask(route: Route, role: string, scope: Scope): Promise<number> {
  const key = `${route.method} ${route.path}`;
  const path = concrete(route.path, scope, fixtures);
  const req = t.http()[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
  if (isPageRoute(route)) {
    req.set('Cookie', `cb_session=${tokens[role]}`);
    if (route.method !== 'GET') return (await req.type('form').send({ csrf: t.app.get(CsrfTokens).forSession(tokens[role]) })).status;
    return (await req).status;
  }
  req.set('Authorization', `Bearer ${tokens[role]}`);
  if (route.method === 'GET' || route.method === 'DELETE') return (await req).status;
  return (await req.send(BODIES[key]?.(fixtures, scope) ?? {})).status;
}

// First (reads only, the database checked unchanged), on the same app: the matrix below writes.
describe('SQL-injection probes', () => {
  it(`${PROBES.length} probes in every query parameter of every GET endpoint: no 5xx, no more rows than a harmless value, nothing changed`, async () => {
    // As the admin: the widest jurisdiction, so the most rows an injected condition could reveal.
    const report = await probeEveryFilter(t, fixtures, tokens.admin);
    expect(report.failures).toEqual([]);
    expect(report.endpoints).toBeGreaterThanOrEqual(10);
    expect(report.parameters).toBeGreaterThanOrEqual(30);
  }, 300_000);
});

describe('authorization matrix', () => {
  it('every role × route × jurisdiction answers as the reviewed table says (and never 5xx)', async () => {
    const actual: Answers = {};
    const errors: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const scopes: Scope[] = paramsOf(route.path).length ? ['own', 'other'] : ['own'];
      actual[key] = {};
      for (const role of ROLES) {
        const got: Partial<Record<Scope, string>> = {};
        for (const scope of scopes) {
          const status = await ask(route, role, scope);
          if (status >= 500) errors.push(`${key} ${role} ${scope}: ${status}`);
          got[scope] = classOf(status);
        }
        actual[key][role] = scopes.length === 1 ? got.own! : (got as Record<Scope, string>);
      }
    }
    expect(errors).toEqual([]);
    if (WRITE) {
      writeFileSync(TABLE, serialise(actual));
      return;
    }
    const expected: Answers = JSON.parse(readFileSync(TABLE, 'utf8'));
    const differences: string[] = [];
    for (const key of Object.keys(actual)) {
      if (!expected[key]) {
        differences.push(`${key}: not in the table (run npm run authz:table and review)`);
        continue;
      }
      for (const role of ROLES) {
        if (JSON.stringify(expected[key][role]) !== JSON.stringify(actual[key][role])) differences.push(`${key} ${role}: table ${JSON.stringify(expected[key][role])}, service ${JSON.stringify(actual[key][role])}`);
      }
    }
    for (const key of Object.keys(expected)) if (!actual[key]) differences.push(`${key}: in the table, no longer served`);
    expect(differences).toEqual([]);
  }, 300_000);
});
