import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { isPageRoute, routesOf } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The pages' sessions over HTTP: the sign-in form and its CSRF cookie, the session cookie's exact flags,
// refusals (CSRF, open redirect, wrong password without telling which), sign-out, and that the API never
// takes the cookie.

let t: TestApp;

const cookiesOf = (res: Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const cookie = (res: Response, name: string) => cookiesOf(res).find((c) => c.startsWith(`${name}=`));
const pair = (setCookie: string) => setCookie.split(';')[0];
const attrs = (setCookie: string) => setCookie.split(';').slice(1).map((a) => a.trim());

/** GET /login: the CSRF cookie (name=value) and the form's token. */
async function loginForm(query = '') {
  const res = await t.http().get(`/login${query}`);
  expect(res.status).toBe(200);
  const set = cookie(res, 'cb_login_csrf')!;
  expect(set).toBeDefined();
  const token = /name="csrf" value="([^"]+)"/.exec(res.text)![1];
  return { res, cookie: pair(set), token };
}

async function signIn(username: string, password = 'demo12345', next?: string) {
  const form = await loginForm();
  const res = await t
    .http()
    .post('/login')
    .set('Cookie', form.cookie)
    .type('form')
    .send({ csrf: form.token, username, password, ...(next === undefined ? {} : { next }) });
  return res;
}

async function session(username: string) {
  const res = await signIn(username);
  expect(res.status).toBe(303);
  return pair(cookie(res, 'cb_session')!);
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('sign-in', () => {
  it('the form is public, Chinese by default, and sets its own CSRF cookie (HttpOnly, SameSite=Strict, Path=/login)', async () => {
    const { res } = await loginForm();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('<label for="username">用户名</label>');
    const set = cookie(res, 'cb_login_csrf')!;
    expect(attrs(set)).toEqual(expect.arrayContaining(['Path=/login', 'HttpOnly', 'SameSite=Strict']));
    expect(attrs(set)).not.toContain('Secure');
  });

  it('?lang=en switches to English and remembers it in the lang cookie', async () => {
    const res = await t.http().get('/login?lang=en');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('<label for="username">Username</label>');
    const lang = pair(cookie(res, 'lang')!);
    expect(lang).toBe('lang=en');
    const again = await t.http().get('/login').set('Cookie', lang);
    expect(again.text).toContain('<html lang="en">');
  });

  it('right password → 303 to / with the session cookie: HttpOnly, SameSite=Strict, Path=/, no Secure over http', async () => {
    const res = await signIn('union.demo');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const set = cookie(res, 'cb_session')!;
    expect(set).toMatch(/^cb_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(attrs(set)).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${t.config.jwtTtlSeconds}`]));
    expect(attrs(set)).not.toContain('Secure');
  });

  it('Secure is added when the request came over https (req.secure)', async () => {
    t.app.getHttpAdapter().getInstance().set('trust proxy', 'loopback');
    try {
      const form = await loginForm();
      const res = await t.http().post('/login').set('X-Forwarded-Proto', 'https').set('Cookie', form.cookie).type('form').send({ csrf: form.token, username: 'union.demo', password: 'demo12345' });
      expect(res.status).toBe(303);
      expect(attrs(cookie(res, 'cb_session')!)).toContain('Secure');
    } finally {
      t.app.getHttpAdapter().getInstance().set('trust proxy', false);
    }
  });

  it('a wrong password and an unknown user get the same form and message, and no session', async () => {
    const wrong = await signIn('union.demo', 'not-the-password');
    const unknown = await signIn('nobody.here', 'not-the-password');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(200);
      expect(cookie(res, 'cb_session')).toBeUndefined();
      expect(res.text).toContain('用户名或密码错误，请重试。');
      expect(res.text).toContain('<form method="post" action="/login"');
    }
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(wrong.text).replace('union.demo', '')).toBe(strip(unknown.text).replace('nobody.here', ''));
  });

  it('a safe relative next is followed; absolute, protocol-relative and backslash ones go to /', async () => {
    expect((await signIn('union.demo', 'demo12345', '/cases/abc?x=1')).headers.location).toBe('/cases/abc?x=1');
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/\t/evil.example', 'evil']) {
      const res = await signIn('union.demo', 'demo12345', next);
      expect({ next, status: res.status, location: res.headers.location }).toEqual({ next, status: 303, location: '/' });
    }
  });

  it('a POST without the CSRF token, with a wrong one, or without the CSRF cookie → 403 page, no session', async () => {
    const form = await loginForm();
    const other = await loginForm();
    const attempts = [
      t.http().post('/login').set('Cookie', form.cookie).type('form').send({ username: 'union.demo', password: 'demo12345' }),
      t.http().post('/login').set('Cookie', form.cookie).type('form').send({ csrf: other.token, username: 'union.demo', password: 'demo12345' }),
      t.http().post('/login').type('form').send({ csrf: form.token, username: 'union.demo', password: 'demo12345' }),
      t.http().post('/login').set('Cookie', form.cookie).type('text/plain').send(`csrf=${form.token}&username=union.demo&password=demo12345`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('防伪令牌');
      expect(cookie(res, 'cb_session')).toBeUndefined();
    }
  });
});

describe('pages need the session', () => {
  it('without the cookie, a page redirects to /login?next=<the page>; a bearer token does not open a page', async () => {
    const caseId = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
    const res = await t.http().get(`/cases/${caseId}?lang=en`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/cases/${caseId}?lang=en`)}`);
    expect((await t.http().get('/')).headers.location).toBe('/login');
    const bearer = await t.http().get('/').set('Authorization', `Bearer ${await t.login('union.demo')}`);
    expect(bearer.status).toBe(303);
    const forged = await t.http().get('/').set('Cookie', 'cb_session=a.b.c');
    expect(forged.status).toBe(303);
  });

  it('every page route from the router: without a session, or with a bearer token only, 303 to /login and nothing else', async () => {
    const pages = routesOf(t).filter(isPageRoute);
    expect(pages.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /', 'GET /cases/:id', 'POST /cases/:id/events']));
    const bearer = `Bearer ${await t.login('admin.demo')}`;
    const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => (/id$/i.test(name) ? '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60' : name === 'file' ? 'x.css' : '1'));
    const answers = [];
    for (const route of pages) {
      for (const auth of [undefined, bearer]) {
        const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
        let req = t.http()[method](concrete(route.path));
        if (auth) req = req.set('Authorization', auth);
        const res = method === 'get' ? await req : await req.type('form').send({});
        answers.push({ route: `${route.method} ${route.path}`, status: res.status, to: String(res.headers.location ?? '').split('?')[0] });
      }
    }
    expect(answers.filter((a) => a.status !== 303 || a.to !== '/login')).toEqual([]);
  });

  it('the API does not take the cookie: 401 problem+json without a bearer token even with a session', async () => {
    const s = await session('union.demo');
    const res = await t.http().get('/api/users/me').set('Cookie', s);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const home = await t.http().get('/').set('Cookie', s);
    expect(home.status).toBe(200);
    expect(home.text).toContain('待办事项');
  });

  it('a case outside the caller’s reach is a 404 page', async () => {
    const s = await session('employer.demo');
    const res = await t.http().get('/cases/3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60').set('Cookie', s);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('sign-out', () => {
  it('POST /logout with the session’s token clears the cookie and redirects to /login', async () => {
    const s = await session('union.demo');
    const home = await t.http().get('/').set('Cookie', s);
    const token = /action="\/logout"[\s\S]*?name="csrf" value="([^"]+)"/.exec(home.text)![1];
    const res = await t.http().post('/logout').set('Cookie', s).type('form').send({ csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    // Without a session there is nothing to sign out of: straight to the form.
    expect((await t.http().post('/logout').type('form').send({})).headers.location).toBe('/login');
    const cleared = cookie(res, 'cb_session')!;
    expect(cleared).toMatch(/^cb_session=;/);
    expect(attrs(cleared)).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT']));
  });

  it('POST /logout without its token, or with another session’s → 403 page, the cookie kept', async () => {
    const mine = await session('union.demo');
    const theirs = await session('employer.demo');
    const theirHome = await t.http().get('/').set('Cookie', theirs);
    const theirToken = /name="csrf" value="([^"]+)"/.exec(theirHome.text)![1];
    for (const body of [{}, { csrf: theirToken }, { csrf: '' }]) {
      const res = await t.http().post('/logout').set('Cookie', mine).type('form').send(body);
      expect(res.status).toBe(403);
      expect(cookie(res, 'cb_session')).toBeUndefined();
    }
  });
});
