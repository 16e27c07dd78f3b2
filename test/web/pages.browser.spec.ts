/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The signed-in pages in a real Chromium: sign in with the keyboard as the union and as the employer,
// see "what waits on me" sorted by deadline with the days remaining the API gives, sign out; at 375 px
// without horizontal scroll, nothing fetched but from the service, no console error.

let t: TestApp;
let origin: string;
let browser: Browser;
const started: string[] = [];

async function startWithOffer(kind: string): Promise<string> {
  const union = await as(t, 'union.demo');
  const res = await t.http().post('/api/cases').set(union).send({ kind, unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  const sent = await t.http().post(`/api/cases/${res.body.id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) });
  expect(sent.status).toBe(200);
  return res.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  // Two offers five days apart: the later-started one is due later.
  started.push(await startWithOffer('wage'));
  t.clock.advanceDays(5);
  started.push(await startWithOffer('comprehensive'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The home list as shown: case ids in order, with their due date and days remaining. */
async function shownCases(page: Page) {
  return page.$$eval('li.case', (items) =>
    items.map((li) => ({
      id: (li as HTMLElement).dataset.case,
      group: (li.closest('ol') as HTMLElement).dataset.group,
      due: (li as HTMLElement).dataset.due,
      days: li.querySelector('.days')?.textContent,
      actions: Array.from(li.querySelectorAll('.actions li'), (a) => a.textContent),
    })),
  );
}

async function expected(username: string) {
  const headers = await as(t, username);
  return Promise.all(
    started.map(async (id) => {
      const res = await t.http().get(`/api/cases/${id}`).set(headers);
      expect(res.status).toBe(200);
      const next = [...res.body.deadlines].sort((a: { dueOn: string }, b: { dueOn: string }) => a.dueOn.localeCompare(b.dueOn))[0];
      return { id, dueOn: next.dueOn as string, days: next.daysRemaining as number, actions: res.body.allowedEvents.map((e: { label: { zh: string } }) => e.label.zh) as string[] };
    }),
  );
}

describe.each([
  ['union.demo', 'groupAll'],
  ['employer.demo', 'groupAwaitingAnswer'],
])('as %s', (username, group) => {
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const context = await browser.createBrowserContext();
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    await page.setViewport({ width: 375, height: 812 });
  });

  it('a page asked for without a session leads to the sign-in form; signing in with the keyboard comes back to it', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.$eval('html', (h) => h.lang)).toBe('zh-CN');
    // The username field has the focus (autofocus); type, Tab to the password, Enter submits.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.type('demo12345');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('待办事项');
    expect(await page.$eval('#user-name', (e) => e.textContent)).toBeTruthy();
  });

  it('lists the cases started in the test, nearest deadline first, with the days remaining and the actions the API gives', async () => {
    const want = await expected(username);
    const shown = (await shownCases(page)).filter((c) => started.includes(c.id!));
    // The wage case was started five days earlier: its response period ends first.
    expect(want[0].dueOn < want[1].dueOn).toBe(true);
    expect(shown.map((c) => c.id)).toEqual(started);
    shown.forEach((c, i) => {
      expect(c.group).toBe(group);
      expect(c.due).toBe(want[i].dueOn);
      expect(c.days).toBe(`剩 ${want[i].days} 天`);
      expect(c.actions).toEqual(want[i].actions);
    });
    if (username === 'employer.demo') expect(shown[0].actions).toEqual(expect.arrayContaining(['书面应约']));
  });

  it('the first Tab reaches the skip link; 375 px wide without horizontal scroll', async () => {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('the case title opens the read-only case page', async () => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(`li.case[data-case="${started[0]}"] .case-title a`)]);
    expect(await page.$eval('#case-title', (h) => h.textContent)).toContain('蜀锦');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main a[href="/"]')]);
  });

  it('English on ?lang=en', async () => {
    await page.goto(`${origin}/?lang=en`, { waitUntil: 'load' });
    expect(await page.$eval('html', (h) => h.lang)).toBe('en');
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('What waits on me');
    await page.goto(`${origin}/?lang=zh`, { waitUntil: 'load' });
  });

  it('signs out with the keyboard: back to the form, and the home page needs signing in again', async () => {
    await page.focus('#sign-out');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await page.cookies()).map((c) => c.name)).not.toContain('cb_session');
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('asked nothing of any origin but the service, and logged no error', async () => {
    expect(requests.length).toBeGreaterThan(5);
    // data: URLs are Chromium's own (the date input's calendar icon), fetched from no origin.
    expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.browserContext().close();
  });
});
