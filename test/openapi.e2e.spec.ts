import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isValidCreditCode } from '../src/organisations/credit-code.js';
import { isDocsRoute, isPageRoute, isPublic, routesOf, type Route } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The OpenAPI document describes what the router really serves: every route, with a summary, request
// body schemas that match the validation, and the bearer requirement where a token is needed.

interface Schema {
  type?: string;
  properties?: Record<string, Schema & { example?: unknown }>;
  required?: string[];
  $ref?: string;
  format?: string;
}
interface Operation {
  operationId?: string;
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** A page's form post (x-www-form-urlencoded, session cookie): not a JSON API body, and a bearer token does not reach it. */
const isPageForm = (method: string, path: string) => isPageRoute({ method: method.toUpperCase(), path: path.replace(/\{(\w+)\}/g, ':$1') });
/** A file upload (the roster): its body is the file itself, not JSON, so the JSON body checks do not apply. */
const isUpload = (op: Operation) => !op.requestBody?.content?.['application/json'] && Object.values(op.requestBody?.content ?? {}).some((c) => c.schema?.format === 'binary');
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const toExpressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let apiRoutes: Route[];

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, op]) => ({ method, path, op })),
    );
  const schemaOf = (ref: string | undefined): Schema => {
    expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
    const schema = doc.components.schemas[ref!.split('/').pop()!];
    expect(schema).toBeDefined();
    return schema;
  };
  const requestSchemaRef = (path: string, method: string) => doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema?.$ref;

  beforeAll(async () => {
    t = await startTestApp();
    apiRoutes = routesOf(t).filter((r) => !isDocsRoute(r.path));
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is served without a token, as JSON, OpenAPI 3', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toContain('集体协商');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(5);
  });

  it('lists every route of the router with its method (path parameters as {name})', () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(15);
    const missing = apiRoutes.filter((r) => !doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    expect(doc.paths['/api/enterprises/{id}']).toHaveProperty('get');
    expect(doc.paths['/api/enterprises/{id}']).toHaveProperty('patch');
  });

  it('documents no operation the router does not serve', () => {
    const served = new Set(apiRoutes.map((r) => `${r.method} ${r.path}`));
    const phantom = operations()
      .map(({ method, path }) => `${method.toUpperCase()} ${toExpressPath(path)}`)
      .filter((key) => !served.has(key));
    expect(phantom).toEqual([]);
  });

  it('gives every operation a summary and a unique operationId', () => {
    const ops = operations();
    expect(ops.length).toBe(apiRoutes.length);
    const withoutSummary = ops.filter(({ op }) => typeof op.summary !== 'string' || op.summary.trim().length < 3).map(({ method, path }) => `${method} ${path}`);
    expect(withoutSummary).toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter once, as required', () => {
    for (const { method, path, op } of operations()) {
      for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        const params = (op.parameters ?? []).filter((p) => p.in === 'path' && p.name === name);
        const at = `${method} ${path}`;
        expect({ at, name, declared: params.length, required: params[0]?.required }).toEqual({ at, name, declared: 1, required: true });
      }
    }
  });

  it('documents {id} path parameters as UUIDs, as the service enforces', () => {
    const idParams = operations().flatMap(({ method, path, op }) => (op.parameters ?? []).filter((p) => p.in === 'path' && p.name === 'id').map((p) => ({ at: `${method} ${path}`, format: p.schema?.format })));
    expect(idParams.length).toBeGreaterThanOrEqual(7);
    expect(idParams.filter((p) => p.format !== 'uuid')).toEqual([]);
  });

  it('has the request body schema of POST /api/enterprises: CreateEnterpriseDto with creditCode, all required fields marked', () => {
    const ref = requestSchemaRef('/api/enterprises', 'post');
    expect(ref).toBe('#/components/schemas/CreateEnterpriseDto');
    const schema = schemaOf(ref);
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'regionCode', 'creditCode', 'industryCode', 'employees', 'unionised', 'legalRepresentative', 'address']),
    );
    expect([...(schema.required ?? [])].sort()).toEqual(['creditCode', 'employees', 'industryCode', 'name', 'regionCode', 'unionised']);
    expect(doc.paths['/api/enterprises'].post.requestBody?.required).toBe(true);
  });

  it('has UpdateEnterpriseDto for PATCH /api/enterprises/{id}: the same fields, none required', () => {
    const update = schemaOf(requestSchemaRef('/api/enterprises/{id}', 'patch'));
    const create = schemaOf(requestSchemaRef('/api/enterprises', 'post'));
    expect(requestSchemaRef('/api/enterprises/{id}', 'patch')).toBe('#/components/schemas/UpdateEnterpriseDto');
    expect(Object.keys(update.properties ?? {}).sort()).toEqual(Object.keys(create.properties ?? {}).sort());
    expect(update.required ?? []).toEqual([]);
  });

  it.each([
    ['/api/auth/login', 'post', 'LoginDto', ['username', 'password']],
    ['/api/users', 'post', 'CreateUserDto', ['username', 'displayName', 'password', 'role', 'organisationId', 'regionCode']],
    ['/api/unions', 'post', 'CreateUnionDto', ['name', 'regionCode', 'level', 'enterpriseId', 'parentId']],
    ['/api/unions/{id}', 'patch', 'UpdateUnionDto', ['name', 'level']],
    ['/api/employer-associations', 'post', 'CreateEmployerAssociationDto', ['name', 'regionCode', 'industryCode']],
    ['/api/employer-associations/{id}', 'patch', 'UpdateEmployerAssociationDto', ['name']],
    ['/api/labour-bureaus', 'post', 'CreateLabourBureauDto', ['name', 'regionCode']],
  ])('%s %s takes %s', (path, method, name, fields) => {
    expect(requestSchemaRef(path, method)).toBe(`#/components/schemas/${name}`);
    expect(Object.keys(schemaOf(requestSchemaRef(path, method)).properties ?? {})).toEqual(expect.arrayContaining(fields));
  });

  it('gives every POST and PATCH a JSON request body schema with properties', () => {
    const writes = operations().filter(({ method, path, op }) => ['post', 'patch', 'put'].includes(method) && !isUpload(op) && !isPageForm(method, path));
    expect(writes.length).toBeGreaterThanOrEqual(8);
    for (const { method, path, op } of writes) {
      const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
      expect({ at: `${method} ${path}`, ref: typeof ref }).toEqual({ at: `${method} ${path}`, ref: 'string' });
      expect(Object.keys(schemaOf(ref).properties ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('documents exactly the fields the validation accepts: none of them is refused as unknown', async () => {
    const token = await t.login('admin.demo');
    const someId = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
    for (const { method, path, op } of operations().filter(({ method, path, op }) => ['post', 'patch', 'put'].includes(method) && !isUpload(op) && !isPageForm(method, path))) {
      const schema = schemaOf(op.requestBody?.content?.['application/json']?.schema?.$ref);
      // Every documented field with a value of no valid type: the validation must refuse each on its rules,
      // never as an unknown field; and one undocumented field beside them is refused as unknown.
      const body = Object.fromEntries([...Object.keys(schema.properties ?? {}), 'notDocumented'].map((k) => [k, { not: 'valid' }]));
      // A well-formed value for each path parameter as documented (a UUID, or a number), so that the body is what is judged.
      const integers = new Set((op.parameters ?? []).filter((p) => p.in === 'path' && ['integer', 'number'].includes(p.schema?.type as string)).map((p) => p.name));
      const url = toExpressPath(path).replace(/:(\w+)/g, (_m, name: string) => (integers.has(name) ? '1' : someId));
      const res = await t.http()[method as 'post' | 'patch' | 'put'](url).set('Authorization', `Bearer ${token}`).send(body);
      const at = `${method.toUpperCase()} ${path}`;
      expect({ at, status: res.status }).toEqual({ at, status: 400 });
      // Top-level fields only: inside a value of the wrong type (an object sent for an array of objects)
      // its own keys are rightly unknown.
      const unknown = (res.body.errors as { field: string; rule: string }[]).filter((e) => e.rule === 'unknownField' && !e.field.includes('.')).map((e) => e.field);
      expect({ at, unknown }).toEqual({ at, unknown: ['notDocumented'] });
    }
  });

  it('asks for the bearer token on every operation but the public ones', () => {
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const publicKeys = new Set(routesOf(t).filter(isPublic).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`));
    for (const { method, path, op } of operations()) {
      const bearer = !!op.security?.some((s) => 'bearer' in s);
      expect({ at: `${method} ${path}`, bearer }).toEqual({ at: `${method} ${path}`, bearer: !publicKeys.has(`${method} ${path}`) });
    }
  });

  it('shows valid credit codes in its examples (a client copying one must not get a 400)', () => {
    const examples = Object.entries(doc.components.schemas).flatMap(([name, s]) =>
      Object.entries(s.properties ?? {})
        .filter(([prop, p]) => prop === 'creditCode' && p.example !== undefined)
        .map(([, p]) => ({ name, example: p.example })),
    );
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.filter(({ example }) => !isValidCreditCode(example))).toEqual([]);
  });
});
