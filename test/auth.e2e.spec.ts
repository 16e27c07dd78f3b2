import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_USERS } from '../src/database/seed/demo-organisations.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('sign-in and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(DEMO_USERS.map((u) => [u.username, u.role]))('%s signs in and is known as role %s', async (username, role) => {
    const token = await t.login(username);
    const me = await t.http().get('/api/users/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username, role });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('refuses a wrong password with a bilingual problem', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'union.demo', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, detail: '用户名或密码错误', detail_en: 'Wrong username or password' });
  });
});
