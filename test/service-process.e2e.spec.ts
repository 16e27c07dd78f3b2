import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/database/seed/demo-organisations.js';
import { runService, startService } from './support/service-process.js';

// The smoke test that always runs on PGlite: the built service, as `npm start` runs it, on an
// embedded database in a fresh directory; then a second start on the same directory.

async function login(url: string, username: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return { status: res.status, body: (await res.json()) as { accessToken?: string } };
}

async function counts(url: string) {
  const { body } = await login(url, 'admin.demo');
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { total: number }).total;
  };
  return { users: await get('/api/users'), enterprises: await get('/api/enterprises'), unions: await get('/api/unions'), cases: await get('/api/cases') };
}

describe('the service process on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cb-smoke-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, prints URL and demo accounts, answers /health and every demo login; a second start keeps the data', async () => {
    const first = await startService({ DATA_DIR: dataDir });
    try {
      const health = (await (await fetch(`${first.url}/health`)).json()) as { status: string; calendar: { missingYears: number[] } };
      expect(health).toMatchObject({ database: { status: 'up', driver: 'pglite' } });
      // Degraded (still serving) exactly when the holiday calendar lacks this year or the next.
      expect(health.status).toBe(health.calendar.missingYears.length ? 'degraded' : 'ok');
      expect(first.stdout()).toContain('http://localhost:');
      for (const u of DEMO_USERS) {
        expect(first.stdout()).toContain(u.username);
        const res = await login(first.url, u.username);
        expect(res.status).toBe(200);
        expect(res.body.accessToken).toMatch(/^eyJ/);
      }
      var before = await counts(first.url);
      // The six demo accounts, and the inactive accounts that recorded the demo cases' events.
      expect(before.users).toBeGreaterThan(DEMO_USERS.length);
      expect(before.cases).toBeGreaterThanOrEqual(21);
      expect(before.enterprises).toBeGreaterThan(3);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startService({ DATA_DIR: dataDir });
    try {
      expect(await counts(second.url)).toEqual(before);
      expect((await login(second.url, 'union.demo')).status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://root@localhost/x'],
    ['LOG_LEVEL', 'loud'],
  ])('refuses to start with a malformed %s, in one line naming it', async (name, value) => {
    const { exited, output } = runService({ DATA_DIR: dataDir, [name]: value });
    expect(await exited).toBe(78);
    const lines = output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });
});
