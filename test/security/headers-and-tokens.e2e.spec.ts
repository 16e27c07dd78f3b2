import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { claimsFor } from '../../src/common/auth/auth.guard.js';
import { API_CSP, HSTS } from '../../src/common/security/security-headers.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// 安全响应头与令牌 Security headers on each kind of answer (API JSON, a problem, a page, an asset, the Swagger UI and
// its files), HSTS only over https; and the pages' session cookie refuses what the bearer header refuses
// (tampered, expired, alg none, another algorithm or secret): a forged cb_session is a 303 to /login, never a page.

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  token = await t.login('federation.demo');
});
afterAll(async () => {
  await t?.close();
});

function expectCommon(res: Response, what: string) {
  const h = res.headers;
  const got = { what, nosniff: h['x-content-type-options'], referrer: h['referrer-policy'], frame: h['x-frame-options'], csp: typeof h['content-security-policy'], powered: h['x-powered-by'] };
  expect(got).toEqual({ what, nosniff: 'nosniff', referrer: 'no-referrer', frame: expect.stringMatching(/^(DENY|SAMEORIGIN)$/), csp: 'string', powered: undefined });
  expect(h['content-security-policy']).toMatch(/frame-ancestors '(none|self)'/);
  // Plain http: no HSTS (it would be ignored, and it must not pin a deployment that has no TLS).
  expect(h['strict-transport-security']).toBeUndefined();
}

describe('security headers', () => {
  it('an API answer and an API problem: nosniff, no-referrer, DENY and a CSP that loads and frames nothing', async () => {
    for (const res of [await t.http().get('/api/users/me').set('Authorization', `Bearer ${token}`), await t.http().get('/api/users/me')]) {
      expectCommon(res, `${res.status} ${res.headers['content-type']}`);
      expect(res.headers['content-security-policy']).toBe(API_CSP);
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
    expectCommon(await t.http().get('/health'), '/health');
  });

  it('a page keeps its own CSP (nothing but this origin, no frames) with the common headers', async () => {
    const res = await t.http().get('/login');
    expect(res.status).toBe(200);
    expectCommon(res, '/login');
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('an asset: nosniff and the CSP', async () => {
    const page = await t.http().get('/dashboard');
    const asset = /\/assets\/[\w.-]+\.js/.exec(page.text)![0];
    const res = await t.http().get(asset);
    expect(res.status).toBe(200);
    expectCommon(res, asset);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('the Swagger UI at /api/docs still works under its CSP: the page, its script and style and the OpenAPI document load', async () => {
    const page = await t.http().get('/api/docs/');
    expect(page.status).toBe(200);
    expectCommon(page, '/api/docs/');
    const csp = page.headers['content-security-policy'];
    expect(csp).toMatch(/script-src 'self'/);
    const files = [...page.text.matchAll(/(?:src|href)="\.?\/?([\w./-]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(2);
    // No inline script the CSP would block: every script is a file of this origin.
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)[^<]+<\/script>/);
    for (const file of files) {
      const res = await t.http().get(file.startsWith('api/docs/') ? `/${file}` : `/api/docs/${file.replace(/^\.?\//, '')}`);
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await t.http().get('/api/docs/openapi.json')).body.openapi).toMatch(/^3\./);
  });

  it('HSTS on a secure request (behind a TLS proxy), on API and pages alike', async () => {
    const express = t.app.getHttpAdapter().getInstance();
    express.set('trust proxy', 'loopback');
    try {
      for (const path of ['/api/users/me', '/login', '/api/docs/']) {
        const res = await t.http().get(path).set('X-Forwarded-Proto', 'https');
        expect({ path, hsts: res.headers['strict-transport-security'] }).toEqual({ path, hsts: HSTS });
      }
    } finally {
      express.set('trust proxy', false);
    }
  });
});

describe('the session cookie refuses forged tokens (pages)', () => {
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const home = (session: string) => t.http().get('/').set('Cookie', `cb_session=${session}`);
  const adminClaims = () => claimsFor({ userId: demoId('user:admin.demo'), username: 'admin.demo', role: 'admin', organisationId: demoId('fed-sc'), regionCode: '510000' });
  const now = () => Math.floor(Date.now() / 1000);

  async function expectSignIn(session: string, what: string) {
    const res = await home(session);
    expect({ what, status: res.status, location: res.headers.location }).toEqual({ what, status: 303, location: expect.stringMatching(/^\/login/) });
    expect(res.text).not.toContain('admin.demo');
  }

  it('a real session works (the control), a token of our own signing too', async () => {
    const jwt = t.app.get(JwtService);
    expect((await home(token)).status).toBe(200);
    expect((await home(await jwt.signAsync(adminClaims(), { expiresIn: 60 }))).status).toBe(200);
  });

  it('tampered signature, tampered payload, expired, alg none, HS512 with the right secret, another secret, claims without a role, garbage → 303 to /login', async () => {
    const jwt = t.app.get(JwtService);
    const [header, payload, signature] = token.split('.');
    await expectSignIn(`${header}.${payload}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`, 'tampered signature');
    const raised = b64url({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin', reg: '510000' });
    await expectSignIn(`${header}.${raised}.${signature}`, 'tampered payload');
    await expectSignIn(await jwt.signAsync(adminClaims(), { expiresIn: -10 }), 'expired');
    const claims = b64url({ ...adminClaims(), iat: now(), exp: now() + 600 });
    const none = b64url({ alg: 'none', typ: 'JWT' });
    await expectSignIn(`${none}.${claims}.`, 'alg none');
    await expectSignIn(`${none}.${claims}.${signature}`, 'alg none with a signature');
    await expectSignIn(await jwt.signAsync(adminClaims(), { expiresIn: 60, algorithm: 'HS512' }), 'HS512');
    const hs = b64url({ alg: 'HS256', typ: 'JWT' });
    await expectSignIn(`${hs}.${claims}.${createHmac('sha256', 'not-the-secret-of-this-service-0123456789').update(`${hs}.${claims}`).digest('base64url')}`, 'foreign secret');
    const { role: _role, ...roleless } = adminClaims();
    await expectSignIn(await jwt.signAsync(roleless, { expiresIn: 60 }), 'no role');
    await expectSignIn(await jwt.signAsync({ ...adminClaims(), role: 'superuser' }, { expiresIn: 60 }), 'unknown role');
    for (const garbage of ['', 'x', 'a.b.c', '%00', `${header}.${payload}`]) await expectSignIn(garbage, `garbage ${garbage}`);
  });

  it('a forged cookie on a page form post is refused too (303 to /login, nothing written)', async () => {
    const jwt = t.app.get(JwtService);
    const res = await t.http().post('/cases/new').set('Cookie', `cb_session=${await jwt.signAsync(adminClaims(), { expiresIn: -10 })}`).type('form').send({ kind: 'wage' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
