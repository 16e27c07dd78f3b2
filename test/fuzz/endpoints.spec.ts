import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { randomUUID } from 'node:crypto';
import { routesOf, isDocsRoute, isPageRoute, type Route } from '../support/routes.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { changed, fingerprint, tablesOf, type Fingerprint } from './db-fingerprint.js';
import { FUZZ_FACTOR, fuzzParameters } from './fuzz-settings.js';
import { badString, badValue, fieldPaths, plausible, resolve, setAt, type Components, type Schema } from './malformed.js';

// Random and malformed requests to every route the router serves, shaped by the OpenAPI document (its JSON
// bodies, query parameters and path ids), each as a random role (or nobody). Properties, for every request:
// - never a 5xx;
// - on a 4xx nothing stored changed: every table's row count and content are as before (the audit log and
//   the sign-in throttle excepted: they record refused attempts by design).
// Each route gets RUNS_PER_ROUTE requests (× FUZZ_RUNS); the seed is fixed in `npm test` and printed on failure.

const RUNS_PER_ROUTE = 4;
const USERS = ['union.demo', 'employer.demo', 'instructor.demo', 'bureau.demo', 'federation.demo', 'admin.demo'] as const;

let t: TestApp;
let tables: string[];
let current: Fingerprint;
let doc: { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema?: Schema }> } }>>; components: { schemas: Components } };
const bearer = new Map<string, string>();
const pages = new Map<string, { cookie: string; csrf: string }>();
/** A real id for each kind of path parameter (so that a request passes the lookup and reaches deeper checks). */
const realIds = new Map<string, string>();
const stats = { requests: 0, byStatus: new Map<number, number>() };

/** Percent-encodes the UTF-8 bytes of a string (lone surrogates become U+FFFD, as a browser would send them). */
const encode = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');

/** Already-encoded path and query pieces that are not valid UTF-8 or not valid percent-encoding. */
const RAW_PIECES = ['%FF', '%C0%AF', '%E4%B8', '%', '%zz', '%00', '..%2F..%2F', '%2e%2e'];

function realIdFor(path: string, param: string): string | undefined {
  if (param === 'caseId') return realIds.get('case');
  if (param === 'id') {
    const head = path.replace(/^\/api/, '').split('/')[1];
    return realIds.get(head === 'cases' ? 'case' : head);
  }
  return realIds.get(param);
}

async function seedRealIds() {
  const one = async (sql: string) => ((await t.dataSource.query(sql)) as Record<string, unknown>[])[0]?.v as string | undefined;
  const put = (k: string, v: string | undefined) => v !== undefined && v !== null && realIds.set(k, String(v));
  put('case', await one("SELECT id AS v FROM cases WHERE status = 'negotiating' ORDER BY id LIMIT 1"));
  put('campaigns', await one('SELECT id AS v FROM campaigns ORDER BY id LIMIT 1'));
  put('ledger', realIds.get('campaigns'));
  put('enterprises', await one("SELECT id AS v FROM organisations WHERE kind = 'enterprise' ORDER BY id LIMIT 1"));
  put('unions', await one("SELECT id AS v FROM organisations WHERE kind = 'union' ORDER BY id LIMIT 1"));
  put('employer-associations', await one("SELECT id AS v FROM organisations WHERE kind = 'employer_association' ORDER BY id LIMIT 1"));
  put('labour-bureaus', await one("SELECT id AS v FROM organisations WHERE kind = 'labour_bureau' ORDER BY id LIMIT 1"));
  put('instructors', await one('SELECT id AS v FROM instructors ORDER BY id LIMIT 1'));
  put('instructorId', realIds.get('instructors'));
  put('documents', await one('SELECT id AS v FROM case_documents ORDER BY id LIMIT 1'));
  put('hash', await one('SELECT content_hash AS v FROM case_documents ORDER BY id LIMIT 1').catch(() => undefined));
  put('proposalId', await one('SELECT id AS v FROM case_proposals ORDER BY id LIMIT 1'));
  put('materialId', await one('SELECT id AS v FROM case_filing_materials ORDER BY id LIMIT 1'));
  put('importId', await one('SELECT id AS v FROM roster_imports ORDER BY id LIMIT 1'));
  put('roster', realIds.get('importId'));
  put('batchId', await one('SELECT id AS v FROM job_batches ORDER BY id LIMIT 1'));
  realIds.set('sessionNo', '1');
  realIds.set('version', '1');
  realIds.set('personId', 'E-001');
  realIds.set('workflowId', 'enterprise-contract');
  realIds.set('templateId', 'offer-letter');
  realIds.set('code', '510100');
  realIds.set('file', 'dashboard.js');
}

interface Request {
  who: 'nobody' | (typeof USERS)[number];
  path: string;
  query: string;
  body?: { kind: 'json'; value: unknown } | { kind: 'raw'; type: string; text: string | Buffer } | { kind: 'form'; fields: Record<string, string> };
  withCsrf: boolean;
}

type Operation = { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema?: Schema }> } };

function operationOf(route: Route): Operation | undefined {
  const openApiPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
  return doc.paths[openApiPath]?.[route.method.toLowerCase()];
}

/** Raw JSON texts a parser or a numeric column may choke on. */
function rawJson(base: unknown): fc.Arbitrary<string> {
  const paths = fieldPaths(base);
  const big = (digits: number) => `1${'0'.repeat(digits)}`;
  return fc.oneof(
    fc.constantFrom('{', '{"a":', '[', 'nul', '"unterminated', '\uFEFF{}', '{"a":1,"a":2}', '1e400', '{"x":1e400}', '-', '{}garbage', '\u0000'),
    paths.length
      ? fc.tuple(fc.constantFrom(...paths), fc.constantFrom(big(20), big(400), `-${big(30)}`, '1e309', '0.' + '0'.repeat(400) + '1', '"\\u0000"', '"\\ud800"')).map(([p, literal]) => JSON.stringify(setAt(base, p, '__LITERAL__')).replace('"__LITERAL__"', literal))
      : fc.constant('{"x":' + big(400) + '}'),
  );
}

function requestArb(route: Route): fc.Arbitrary<Request> {
  const op = operationOf(route);
  const page = isPageRoute(route);
  const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
  const pathArb = fc.tuple(
    ...params.map((p) => {
      const real = realIdFor(route.path, p);
      return fc.oneof({ weight: 3, arbitrary: fc.constant(real ?? randomUUID()) }, { weight: 1, arbitrary: fc.constant(randomUUID()) }, { weight: 2, arbitrary: badString.map((s) => encode(s.slice(0, 3000))) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_PIECES) });
    }),
  ).map((values) => {
    let i = 0;
    return route.path.replace(/:([A-Za-z]+)/g, () => (values[i++] === '' ? '%20' : values[i - 1]));
  });
  const declared = (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const queryNames = [...declared, 'page', 'pageSize', 'unknownParam', 'q'];
  const queryArb = fc
    .array(
      fc.tuple(
        fc.constantFrom(...queryNames),
        fc.oneof(
          badString.map((s) => encode(s.slice(0, 1500))),
          fc.constantFrom(...RAW_PIECES),
          fc.constantFrom('1', '0', '-1', '1000001', '99999999999999999999', '1.5', 'true', ''),
        ),
        fc.constantFrom('', '[]', '[x]', '[__proto__]'),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v, suffix]) => `${encode(k)}${suffix.replace(/[[\]]/g, (c) => encode(c))}=${v}`).join('&'));
  const who = fc.constantFrom<Request['who']>('nobody', ...USERS, ...USERS);
  const jsonSchema = op?.requestBody?.content?.['application/json']?.schema;
  const otherTypes = Object.keys(op?.requestBody?.content ?? {}).filter((c) => c !== 'application/json');
  const hasBody = !['GET', 'DELETE', 'HEAD'].includes(route.method);
  let bodyArb: fc.Arbitrary<Request['body']>;
  if (!hasBody) bodyArb = fc.constant(undefined);
  else if (page && !jsonSchema) {
    const names = ['csrf', 'version', 'type', 'payload', 'reason', 'members', 'name', 'body', 'kind', 'unionId', 'employerId', 'occurredOn', 'sessionNo', 'article', 'text', 'mode', 'lang', 'next', 'a[b]', 'x[]'];
    bodyArb = fc.dictionary(fc.constantFrom(...names), badString.map((s) => s.slice(0, 20000)), { maxKeys: 5 }).map((fields) => ({ kind: 'form' as const, fields }));
  } else {
    const base = jsonSchema ? plausible(jsonSchema, doc.components.schemas) : {};
    const paths = fieldPaths(base);
    const mutated: fc.Arbitrary<unknown>[] = [fc.constant(base), badValue.map((v) => ({ ...(typeof base === 'object' && base && !Array.isArray(base) ? base : {}), unknownField: v })), badValue];
    if (paths.length) mutated.push(fc.tuple(fc.constantFrom(...paths), badValue).map(([p, v]) => setAt(base, p, v)), fc.tuple(fc.constantFrom(...paths), badValue).map(([p, v]) => setAt(base, p, v)));
    const json = fc.oneof(...mutated).map((value) => ({ kind: 'json' as const, value }));
    const raw = rawJson(base).map((text) => ({ kind: 'raw' as const, type: 'application/json', text }));
    const binary = fc.tuple(fc.constantFrom(...(otherTypes.length ? otherTypes : ['text/plain', 'application/x-www-form-urlencoded'])), fc.uint8Array({ maxLength: 2000 })).map(([type, bytes]) => ({ kind: 'raw' as const, type, text: Buffer.from(bytes) }));
    bodyArb = fc.oneof({ weight: 5, arbitrary: json }, { weight: 2, arbitrary: raw }, { weight: 1, arbitrary: binary });
  }
  return fc.record({ who, path: pathArb, query: queryArb, body: bodyArb, withCsrf: fc.boolean() });
}

/** The body for a failure message: short, and printable however deep it is. */
function describeBody(body: Request['body']): string {
  if (!body) return '';
  try {
    return (body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'raw' ? `${body.type} ${String(body.text)}` : JSON.stringify(body.fields)).slice(0, 300);
  } catch {
    return '(a body too deep to print)';
  }
}

async function send(route: Route, req: Request): Promise<Response> {
  const url = req.query ? `${req.path}?${req.query}` : req.path;
  let r = t.http()[route.method.toLowerCase() as 'get'](url).timeout(30_000);
  if (req.who !== 'nobody') {
    if (isPageRoute(route)) r = r.set('Cookie', pages.get(req.who)!.cookie);
    else r = r.set('Authorization', `Bearer ${bearer.get(req.who)}`);
  }
  const body = req.body;
  if (!body) return r;
  if (body.kind === 'json') return r.set('Content-Type', 'application/json').send(JSON.stringify(body.value) ?? 'null');
  if (body.kind === 'raw') return r.set('Content-Type', body.type).send(body.text);
  const fields = { ...body.fields };
  if (req.withCsrf && req.who !== 'nobody') fields.csrf = pages.get(req.who)!.csrf;
  const text = Object.entries(fields).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return r.set('Content-Type', 'application/x-www-form-urlencoded').send(text);
}

beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.http().get('/api/docs/openapi.json')).body;
  for (const u of USERS) {
    bearer.set(u, await t.login(u));
    const form = await t.http().get('/login');
    const loginCookie = ([] as string[]).concat(form.headers['set-cookie'] ?? []).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
    const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const signedIn = await t.http().post('/login').set('Cookie', loginCookie).type('form').send({ csrf: token, username: u, password: 'demo12345' });
    const session = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('cb_session='))!.split(';')[0];
    const home = await t.http().get('/').set('Cookie', session);
    pages.set(u, { cookie: session, csrf: /name="csrf" value="([^"]+)"/.exec(home.text)?.[1] ?? '' });
  }
  await seedRealIds();
  tables = await tablesOf(t.dataSource);
  current = await fingerprint(t.dataSource, tables);
}, 120_000);

afterAll(async () => {
  const summary = [...stats.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
  console.log(`endpoint fuzz: ${stats.requests} requests; statuses ${summary}`);
  await t?.close();
});

// Sign-out is left out: the fuzz signs in once per role and keeps the session (signing out revokes nothing, but
// the spec's own sessions must outlive it). The docs are static.
const ROUTES = () => routesOf(t).filter((r) => !isDocsRoute(r.path) && !(r.method === 'POST' && r.path === '/logout'));

describe('found by fuzzing, each a 500 before (or unreadable), now refused with nothing stored', () => {
  const nested = (depth: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  };
  let union: { Authorization: string };
  beforeAll(() => {
    union = { Authorization: `Bearer ${bearer.get('union.demo')}` };
  });

  const expectRefused = async (res: { status: number; body: { errors?: { field: string; rule: string }[] } }, field: string, rule: string) => {
    expect({ status: res.status, errors: res.body.errors?.map((e) => ({ field: e.field, rule: e.rule })) }).toEqual({ status: 400, errors: [{ field, rule }] });
  };

  it('a body nested 3,000 levels deep (was a 500: stack overflow in the validation pipe)', async () => {
    const before = await fingerprint(t.dataSource, tables);
    const res = await t.http().post('/api/cases').set(union).set('Content-Type', 'application/json').send(JSON.stringify({ kind: 'comprehensive', enterprises: nested(3000) }));
    await expectRefused(res, expect.stringMatching(/^enterprises\.a\./) as never, 'maxDepth');
    expect(changed(before, await fingerprint(t.dataSource, tables))).toEqual([]);
  });

  it('a NUL in an event payload (was a 500: jsonb refuses \\u0000, SQLSTATE 22P05)', async () => {
    const started = await t.http().post('/api/cases').set(union).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    const before = await fingerprint(t.dataSource, tables);
    const res = await t.http().post(`/api/cases/${id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: { ...samplePayload('OFFER_ISSUED', '2018-03-01'), proposedPlace: '会议室\u0000' } });
    await expectRefused(res, 'payload.proposedPlace', 'noNul');
    expect(res.body.errors[0].message_zh).toContain('NUL');
    expect(changed(before, await fingerprint(t.dataSource, tables))).toEqual([]);
  });

  it('a NUL in a query parameter or a path segment', async () => {
    await expectRefused(await t.http().get('/api/enterprises?q=a%00b').set(union), 'q', 'noNul');
    await expectRefused(await t.http().get('/api/workflows/enterprise-contract%00').set(union), '(path)', 'noNul');
  });

  it('a page asked for without a session by a very long address (was a Location header too large for a client to read)', async () => {
    const res = await t.http().get(`/cases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}?q=${encodeURIComponent('长'.repeat(1500))}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    const short = await t.http().get('/register?q=1');
    expect(short.headers.location).toBe(`/login?next=${encodeURIComponent('/register?q=1')}`);
  });
});

describe('malformed requests to every route', () => {
  it('the router and the OpenAPI document agree on the API routes fuzzed', () => {
    const api = ROUTES().filter((r) => r.path.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(80);
    expect(api.filter((r) => !operationOf(r)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it(`${RUNS_PER_ROUTE} random requests per route as each role: never a 5xx, and nothing stored changes on a 4xx`, async () => {
    const failures: string[] = [];
    current = await fingerprint(t.dataSource, tables);
    for (const [index, route] of ROUTES().entries()) {
      await fc.assert(
        fc.asyncProperty(requestArb(route), async (req) => {
          const res = await send(route, req).catch((err: Error) => {
            throw new Error(`${route.method} ${route.path} as ${req.who}: ${req.path}${req.query ? `?${req.query.slice(0, 200)}` : ''} → no answer a client can read: ${err.message}`);
          });
          stats.requests++;
          stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
          const after = await fingerprint(t.dataSource, tables);
          const label = `${route.method} ${route.path} as ${req.who}: ${req.path}${req.query ? `?${req.query.slice(0, 200)}` : ''} ${describeBody(req.body)}`;
          const was = current;
          current = after;
          if (res.status >= 500) throw new Error(`${label} → ${res.status} ${res.text.slice(0, 300)}`);
          if (res.status >= 400) {
            const diff = changed(was, after);
            if (diff.length) throw new Error(`${label} → ${res.status}, yet ${diff.join(', ')} changed`);
          }
        }),
        fuzzParameters(RUNS_PER_ROUTE, { salt: index }),
      ).catch((err: Error) => failures.push(err.message.split('\n').slice(0, 2).join('\n')));
    }
    expect(failures).toEqual([]);
  }, 600_000 * FUZZ_FACTOR);
});
