import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createApp } from '../../src/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { LOGIN_LIMITS } from '../../src/common/security/login-throttle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import request from 'supertest';
import type { App } from 'supertest/types.js';

// 登录限流 Sign-in rate limit: per username and per client address, on the service's clock (the fake clock moves,
// nothing sleeps), kept in PostgreSQL so every instance shares it; the API answers 429 problem+json, the page its form.

let t: TestApp;
const START = '2018-03-01T04:00:00Z';
const api = (username: string, password: string, from?: string) => {
  const req = t.http().post('/api/auth/login').set('User-Agent', 'throttle-test/1.0');
  if (from) req.set('X-Forwarded-For', from);
  return req.send({ username, password });
};
const audit = async (kind: string) => t.dataSource.query('SELECT actor_username, address, user_agent, details FROM audit_log WHERE kind = $1 ORDER BY id', [kind]);

beforeAll(async () => {
  t = await startTestApp();
  // The client address as a proxy on this machine reports it: lets one test speak from several addresses.
  t.app.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
});
afterAll(async () => {
  await t?.close();
});

function expectThrottled(res: Response, lang: 'api' | 'page' = 'api') {
  expect(res.status).toBe(429);
  const retry = Number(res.headers['retry-after']);
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(LOGIN_LIMITS.windowSeconds);
  if (lang === 'api') {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, title: '登录尝试过于频繁', title_en: 'Too many sign-in attempts', retryAfterSeconds: retry });
    expect(res.body.detail).toMatch(/分钟后再试/);
    expect(res.body.detail_en).toMatch(/try again in \d+ minutes?/);
  }
  return retry;
}

describe('POST /api/auth/login', () => {
  it(`after ${LOGIN_LIMITS.perUsername} failures in ${LOGIN_LIMITS.windowSeconds / 60} minutes the username is refused (429 + Retry-After), even with the right password, until the window passes`, async () => {
    t.clock.set(START);
    for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) expect((await api('union.demo', `wrong-${i}`, '198.51.100.1')).status).toBe(401);
    // Another address does not help: the limit is the username's. Nor does its spelling in capitals.
    expect(expectThrottled(await api('union.demo', 'demo12345', '198.51.100.2'))).toBe(LOGIN_LIMITS.windowSeconds);
    expectThrottled(await api('UNION.DEMO', 'demo12345', '198.51.100.3'));
    // Other users are not affected.
    expect((await api('employer.demo', 'demo12345', '198.51.100.1')).status).toBe(200);
    t.clock.set(new Date(Date.parse(START) + 10 * 60_000));
    expect(expectThrottled(await api('union.demo', 'demo12345', '198.51.100.1'))).toBe(5 * 60);
    t.clock.set(new Date(Date.parse(START) + LOGIN_LIMITS.windowSeconds * 1000));
    expect((await api('union.demo', 'demo12345', '198.51.100.1')).status).toBe(200);
    const throttled = await audit('login.throttled');
    expect(throttled.length).toBe(3);
    expect(throttled[0]).toMatchObject({ actor_username: 'union.demo', address: '198.51.100.2', user_agent: 'throttle-test/1.0' });
  });

  it('a success resets the username’s count', async () => {
    t.clock.set('2018-03-02T04:00:00Z');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < LOGIN_LIMITS.perUsername - 1; i++) expect((await api('bureau.demo', 'nope-nope', '198.51.100.9')).status).toBe(401);
      expect((await api('bureau.demo', 'demo12345', '198.51.100.9')).status).toBe(200);
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failures WHERE key = 'user:bureau.demo'`))[0].n).toBe(0);
  });

  it(`one address spraying many usernames is refused after ${LOGIN_LIMITS.perAddress} failures; a success does not reset the address`, async () => {
    t.clock.set('2018-03-03T04:00:00Z');
    const from = '203.0.113.77';
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
      expect((await api(`spray.${i}`, 'password1', from)).status).toBe(401);
      if (i === 10) expect((await api('instructor.demo', 'demo12345', from)).status).toBe(200);
    }
    expectThrottled(await api('spray.new', 'password1', from));
    expectThrottled(await api('federation.demo', 'demo12345', from));
    // The same usernames from elsewhere: each has failed once, far from its own limit.
    expect((await api('spray.new', 'password1', '203.0.113.78')).status).toBe(401);
    expect((await api('federation.demo', 'demo12345', '203.0.113.78')).status).toBe(200);
  });

  it('the count lives in the database: a second instance on the same database refuses the same username', async () => {
    t.clock.set('2018-03-04T04:00:00Z');
    const second = await createApp(t.config, t.dataSource, createLogger('silent'), { clock: t.clock });
    try {
      for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) expect((await api('admin.demo', 'wrong-password', `192.0.2.${i}`)).status).toBe(401);
      const other = await request(second.getHttpServer() as App).post('/api/auth/login').send({ username: 'admin.demo', password: 'demo12345' });
      expectThrottled(other);
    } finally {
      await second.close();
    }
  });
});

describe('POST /login (the page)', () => {
  const cookiePair = (res: Response, name: string) => ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`))!.split(';')[0];
  async function signIn(username: string, password: string, lang = 'zh') {
    const form = await t.http().get(`/login?lang=${lang}`);
    const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    return t.http().post('/login').set('Cookie', [cookiePair(form, 'cb_login_csrf'), `lang=${lang}`].join('; ')).set('X-Forwarded-For', '198.51.100.50').type('form').send({ csrf: token, username, password });
  }

  it('shares the limit: the form again with 429, Retry-After and the message, in Chinese and in English; no session', async () => {
    t.clock.set('2018-03-05T04:00:00Z');
    for (let i = 0; i < LOGIN_LIMITS.perUsername; i++) expect((await signIn('employer.demo', 'not-it')).status).toBe(200);
    const zh = await signIn('employer.demo', 'demo12345');
    expectThrottled(zh, 'page');
    expect(zh.headers['content-type']).toMatch(/^text\/html/);
    expect(zh.text).toContain('登录失败次数过多，请 15 分钟后再试');
    expect(zh.text).toMatch(/<form method="post" action="\/login"/);
    expect(zh.text).toContain('value="employer.demo"');
    expect(zh.headers['set-cookie']?.toString() ?? '').not.toContain('cb_session=');
    const en = await signIn('employer.demo', 'demo12345', 'en');
    expectThrottled(en, 'page');
    expect(en.text).toContain('Too many failed sign-ins; try again in 15 minutes');
    // The API says the same for this username.
    expectThrottled(await api('employer.demo', 'demo12345'));
    t.clock.set('2018-03-05T04:15:00Z');
    expect((await signIn('employer.demo', 'demo12345')).status).toBe(303);
  });
});
