import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { claimsFor } from '../src/common/auth/auth.guard.js';
import { demoId } from '../src/database/seed/demo-seed.js';
import { isDocsRoute, isPageRoute, isPublic, PUBLIC_ROUTES as PUBLIC, routesOf, type Route } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Every route the application actually serves, read from Express's router (not listed by hand, so a new
// controller cannot slip through), refuses a request without a valid token, except the few public ones.

const SOME_UUID = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
const concrete = (path: string) => path.replace(/:\w+/g, SOME_UUID);

function expectUnauthenticated(res: Response, what: string) {
  const where = `${what}: ${res.status} ${res.text.slice(0, 200)}`;
  expect({ where, status: res.status }).toEqual({ where, status: 401 });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({ status: 401, title: expect.any(String), title_en: 'Unauthenticated', detail: expect.any(String), detail_en: expect.any(String) });
  return body;
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('routes and authentication', () => {
  let t: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = routesOf(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the router lists a non-trivial set of routes, including the known ones', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /health',
        'POST /api/auth/login',
        'GET /api/users/me',
        'GET /api/enterprises',
        'GET /api/enterprises/:id',
        'POST /api/enterprises',
        'PATCH /api/enterprises/:id',
        'GET /api/unions',
        'GET /api/regions/:code',
      ]),
    );
    expect(routes.filter((r) => !isPublic(r)).length).toBeGreaterThanOrEqual(15);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('every non-public route answers 401 problem+json without a token', async () => {
    const checked: string[] = [];
    for (const route of routes.filter((r) => !isPublic(r))) {
      const req = t.http()[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](concrete(route.path));
      const res = ['POST', 'PATCH', 'PUT'].includes(route.method) ? await req.send({}) : await req;
      expectUnauthenticated(res, `${route.method} ${route.path}`);
      checked.push(`${route.method} ${route.path}`);
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });

  it('every non-public route answers 401 to a malformed Authorization header', async () => {
    for (const route of routes.filter((r) => !isPublic(r) && r.method === 'GET')) {
      for (const header of ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x.y.z', `Bearer ${'a'.repeat(20)}`]) {
        expectUnauthenticated(await t.http().get(concrete(route.path)).set('Authorization', header), `${route.path} with "${header}"`);
      }
    }
  });

  it('the public routes answer without a token', async () => {
    const publicRoutes = routes.filter(isPublic);
    expect(publicRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /health', 'POST /api/auth/login']));
    expect((await t.http().get('/health')).status).toBe(200);
    // Login is reachable: a wrong password is a 401 of its own kind, missing fields a 400.
    expect((await t.http().post('/api/auth/login').send({})).status).toBe(400);
    const wrong = await t.http().post('/api/auth/login').send({ username: 'admin.demo', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail_en).toBe('Wrong username or password');
    expect((await t.http().get('/api/docs/openapi.json')).status).toBe(200);
    // Only those: nothing else outside /api/docs is public.
    expect(publicRoutes.filter((r) => !isDocsRoute(r.path) && !isPageRoute(r)).map((r) => `${r.method} ${r.path}`).sort()).toEqual([...PUBLIC].sort());
  });

  describe('tokens', () => {
    let jwt: JwtService;
    const adminClaims = () => claimsFor({ userId: demoId('user:admin.demo'), username: 'admin.demo', role: 'admin', organisationId: demoId('fed-sc'), regionCode: '510000' });
    const me = (token: string) => t.http().get('/api/users/me').set('Authorization', `Bearer ${token}`);

    beforeAll(() => {
      jwt = t.app.get(JwtService);
    });

    it('a real token works (the control)', async () => {
      const res = await me(await t.login('admin.demo'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'admin.demo', role: 'admin' });
    });

    it('a token signed here with the right secret works (control for the forged ones below)', async () => {
      const res = await me(await jwt.signAsync(adminClaims(), { expiresIn: 60 }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ username: 'admin.demo' });
    });

    it('a tampered signature → 401', async () => {
      const token = await t.login('admin.demo');
      const [header, payload, signature] = token.split('.');
      const flipped = signature[0] === 'A' ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
      expectUnauthenticated(await me(`${header}.${payload}.${flipped}`), 'tampered signature');
    });

    it('a tampered payload (role raised, old signature kept) → 401', async () => {
      const token = await t.login('union.demo');
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const raised = b64url({ ...claims, role: 'admin', reg: '510000' });
      expectUnauthenticated(await me(`${header}.${raised}.${signature}`), 'tampered payload');
    });

    it('an expired token signed with the right secret → 401 saying it expired', async () => {
      const past = await jwt.signAsync(adminClaims(), { expiresIn: -10 });
      const body = expectUnauthenticated(await me(past), 'expired token');
      expect(body.detail_en).toMatch(/expired/i);
      const exp = Math.floor(Date.now() / 1000) - 60;
      expectUnauthenticated(await me(await jwt.signAsync({ ...adminClaims(), exp })), 'token with exp in the past');
    });

    it('an alg: none token → 401', async () => {
      const header = b64url({ alg: 'none', typ: 'JWT' });
      const payload = b64url({ ...adminClaims(), iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });
      expectUnauthenticated(await me(`${header}.${payload}.`), 'alg none, empty signature');
      expectUnauthenticated(await me(`${header}.${payload}`), 'alg none, no signature part');
      const real = (await t.login('admin.demo')).split('.')[2];
      expectUnauthenticated(await me(`${header}.${payload}.${real}`), 'alg none with a signature');
    });

    it('an HS256 token signed with another secret → 401', async () => {
      const header = b64url({ alg: 'HS256', typ: 'JWT' });
      const payload = b64url({ ...adminClaims(), iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });
      const signature = createHmac('sha256', 'not-the-secret-of-this-service-0123456789').update(`${header}.${payload}`).digest('base64url');
      expectUnauthenticated(await me(`${header}.${payload}.${signature}`), 'foreign secret');
    });

    it('a correctly signed token with claims that are not ours (no role) → 401', async () => {
      const { role: _role, ...claims } = adminClaims();
      expectUnauthenticated(await me(await jwt.signAsync(claims, { expiresIn: 60 })), 'claims without role');
      expectUnauthenticated(await me(await jwt.signAsync({ ...adminClaims(), role: 'superuser' }, { expiresIn: 60 })), 'unknown role');
    });

    it('a token of another algorithm family (HS512 with the right secret) → 401', async () => {
      const token = await jwt.signAsync(adminClaims(), { expiresIn: 60, algorithm: 'HS512' });
      expectUnauthenticated(await me(token), 'HS512');
    });
  });
});
