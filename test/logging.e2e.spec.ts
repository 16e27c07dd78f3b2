import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../src/database/seed/demo-organisations.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('structured logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' }, logTo: { write: (line: string) => void lines.push(line) } });
  });
  afterAll(async () => {
    await t?.close();
  });

  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON line per request, with the request id the response carries, and never a secret', async () => {
    const login = await t.http().post('/api/auth/login').set('X-Request-Id', 'trace-login-1').send({ username: 'union.demo', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers['x-request-id']).toBe('trace-login-1');
    const token: string = login.body.accessToken;
    const me = await t.http().get('/api/users/me').set('Authorization', `Bearer ${token}`);
    const bad = await t.http().post('/api/auth/login').send({ username: 'union.demo', password: 'not-the-password' });
    expect(bad.status).toBe(401);

    const requests = entries().filter((e) => e.msg === 'request');
    const byId = (id: string) => requests.find((e) => e.reqId === id);
    expect(byId('trace-login-1')).toMatchObject({ method: 'POST', path: '/api/auth/login', status: 200, level: 30 });
    expect(byId(me.headers['x-request-id'])).toMatchObject({ method: 'GET', path: '/api/users/me', status: 200, role: 'union' });
    expect(byId(bad.headers['x-request-id'])).toMatchObject({ status: 401 });
    expect(bad.body.requestId).toBe(bad.headers['x-request-id']);

    const all = lines.join('\n');
    for (const secret of [DEMO_PASSWORD, 'not-the-password', token, token.split('.')[2]]) expect(all).not.toContain(secret);
  });

  it('refuses an unsafe X-Request-Id and makes its own', async () => {
    const res = await t.http().get('/health').set('X-Request-Id', 'bad id\nwith newline'.replace('\n', ' '));
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
