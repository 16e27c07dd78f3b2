/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { as, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The case page's forms in a real Chromium: the union issues the offer with the keyboard, the employer
// refuses it with a reason; a missing field, a stale version and a post without CSRF are refused.

let t: TestApp;
let origin: string;
let browser: Browser;
let caseId: string;
const problems: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  const res = await t.http().post('/api/cases').set(await as(t, 'union.demo')).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  caseId = res.body.id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(username: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${username} ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  await page.setViewport({ width: 375, height: 812 });
  await page.goto(`${origin}/login?next=${encodeURIComponent(`/cases/${caseId}`)}`, { waitUntil: 'load' });
  // Typed into the fields by name (the keyboard-only sign-in, autofocus included, is pages.browser.spec.ts's).
  await page.type('#username', username);
  await page.type('#password', 'demo12345');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
  return page;
}

const historyTypes = (page: Page) => page.$$eval('ol.history li', (items) => items.map((li) => (li as HTMLElement).dataset.type));
const state = (page: Page) => page.$eval('#case-state', (p) => (p as HTMLElement).dataset.state);

describe('acting from the case page', () => {
  let union: Page;

  it('union.demo: a missing required field → 400 page naming it, nothing recorded', async () => {
    union = await signedIn('union.demo');
    const before = await historyTypes(union);
    await union.focus('#f-OFFER_ISSUED-payload-subjects');
    const [nav] = await Promise.all([union.waitForNavigation({ waitUntil: 'load' }), union.click('#form-OFFER_ISSUED-submit')]);
    expect(nav?.status()).toBe(400);
    expect(await union.$eval('#f-OFFER_ISSUED-payload-subjects-error', (e) => e.textContent)).toBeTruthy();
    expect(await union.$eval('#f-OFFER_ISSUED-payload-subjects', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    expect(await historyTypes(union)).toEqual(before);
    expect(await state(union)).toBe('drafting_offer');
  });

  it('union.demo fills OFFER_ISSUED with the keyboard and submits → 等待应约 (awaiting_response), in the history', async () => {
    expect(await union.$eval('#f-OFFER_ISSUED-payload-occurredOn', (e) => (e as HTMLInputElement).value)).toBe(today(t));
    await union.focus('#f-OFFER_ISSUED-payload-subjects');
    await union.keyboard.type('劳动报酬');
    await union.keyboard.press('Enter');
    await union.keyboard.type('工作时间');
    await union.keyboard.press('Tab');
    expect(await union.evaluate(() => document.activeElement?.id)).toBe('f-OFFER_ISSUED-payload-proposedMeetingOn');
    await union.focus('#form-OFFER_ISSUED-submit');
    await Promise.all([union.waitForNavigation({ waitUntil: 'load' }), union.keyboard.press('Enter')]);
    expect(new URL(union.url()).search).toBe('?sent=OFFER_ISSUED');
    expect(await state(union)).toBe('awaiting_response');
    expect(await union.$eval('#case-state strong', (e) => e.textContent)).toBe('等待应约');
    expect(await union.$eval('#flash', (e) => e.textContent)).toContain('已记录');
    expect(await historyTypes(union)).toContain('OFFER_ISSUED');
    const api = await t.http().get(`/api/cases/${caseId}/history`).set(await as(t, 'union.demo'));
    expect(api.body.find((e: { type: string }) => e.type === 'OFFER_ISSUED').payload.subjects).toEqual(['劳动报酬', '工作时间']);
    expect(await union.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('employer.demo: a stale page → 409 with the message; then RESPONSE_REFUSED with a reason → refused', async () => {
    const employer = await signedIn('employer.demo');
    expect(await employer.$('#form-RESPONSE_REFUSED')).not.toBeNull();
    // A page older than the case (as when another person acted meanwhile; the HTTP test has a real second
    // actor): its version field set one back.
    await employer.$eval('#form-RESPONSE_REFUSED input[name="expectedVersion"]', (e) => ((e as HTMLInputElement).value = String(Number((e as HTMLInputElement).value) - 1)));
    await employer.type('#f-RESPONSE_REFUSED-payload-reason', '经营困难');
    const [conflict] = await Promise.all([employer.waitForNavigation({ waitUntil: 'load' }), employer.click('#form-RESPONSE_REFUSED-submit')]);
    expect(conflict?.status()).toBe(409);
    expect(await employer.$eval('#form-RESPONSE_REFUSED', (f) => f.textContent)).toContain('他人已办理');
    expect(await employer.$eval('#f-RESPONSE_REFUSED-payload-reason', (e) => (e as HTMLTextAreaElement).value)).toBe('经营困难');
    expect(await state(employer)).toBe('awaiting_response');
    const [ok] = await Promise.all([employer.waitForNavigation({ waitUntil: 'load' }), employer.click('#form-RESPONSE_REFUSED-submit')]);
    expect(ok?.status()).toBe(200);
    expect(await state(employer)).toBe('refused');
    expect(await historyTypes(employer)).toEqual(expect.arrayContaining(['OFFER_ISSUED', 'RESPONSE_REFUSED']));
    await employer.browserContext().close();
  });

  it('a POST without the CSRF token → 403, nothing recorded', async () => {
    const res = await t.http().get(`/api/cases/${caseId}/history`).set(await as(t, 'union.demo'));
    await union.goto(`${origin}/cases/${caseId}`, { waitUntil: 'load' });
    if (await union.$('form.event-form')) {
      await union.$eval('form.event-form input[name="csrf"]', (e) => e.remove());
      const [nav] = await Promise.all([union.waitForNavigation({ waitUntil: 'load' }), union.$eval('form.event-form', (f) => (f as HTMLFormElement).submit())]);
      expect(nav?.status()).toBe(403);
    } else {
      // No form for the union now: post one by hand, without the token.
      const status = await union.evaluate(async (id) => (await fetch(`/cases/${id}/events`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'type=WITHDRAWN&expectedVersion=1' })).status, caseId);
      expect(status).toBe(403);
    }
    const after = await t.http().get(`/api/cases/${caseId}/history`).set(await as(t, 'union.demo'));
    expect(after.body.length).toBe(res.body.length);
  });

  it('logged no console error', () => {
    expect(problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
  });
});
