/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../../src/database/seed/procedure-samples.js';
import { DocumentProducer } from '../../src/documents/document-producer.js';
import { as, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally, RolePage, Screenshots } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// In Chromium: the union starts a case through /cases/new, issues the offer, and sees the diagram with the
// state highlighted, the timeline and the offer letter among the documents; the bureau searches the register
// and finds a contract driven into force through the API. Every page passes axe; no console error.

let t: TestApp;
let origin: string;
let browser: Browser;
let inForceId: string;
const shots = new Screenshots('case-page');

/** A 蜀锦机械 comprehensive case driven through the API to in_force, one act a day. */
async function inForceCase(): Promise<string> {
  const H = { union: await as(t, 'union.demo'), employer: await as(t, 'employer.demo'), bureau: await as(t, 'bureau.demo') };
  const res = await t.http().post('/api/cases').set(H.union).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  const course: [keyof typeof H, string, Record<string, unknown> | undefined][] = [
    ['union', 'OFFER_ISSUED', undefined],
    ['employer', 'RESPONSE_AGREED', undefined],
    ['union', 'REPRESENTATIVES_APPOINTED', { members: EMPLOYEE_TEAM }],
    ['employer', 'REPRESENTATIVES_APPOINTED', { members: EMPLOYER_TEAM }],
    ['union', 'TALKS_SCHEDULED', undefined],
    ['union', 'SESSION_HELD', undefined],
    ['union', 'DRAFT_AGREED', undefined],
    ['union', 'CONGRESS_VOTED', undefined],
    ['union', 'SIGNED', undefined],
    ['employer', 'FILED', undefined],
    ['bureau', 'APPROVED', undefined],
    ['union', 'PUBLISHED', undefined],
  ];
  for (const [who, type, extra] of course) {
    t.clock.advanceDays(1);
    const payload = extra ? { occurredOn: today(t), ...extra } : samplePayload(type, today(t));
    const sent = await t.http().post(`/api/cases/${res.body.id}/events`).set(H[who]).send({ type, payload });
    expect({ type, status: sent.status }).toEqual({ type, status: 200 });
  }
  return res.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  // Every act dated before anyone signs in: the sessions then live on the clock's last day.
  inForceId = await inForceCase();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const currentState = (role: RolePage) => role.page.$eval('#case-diagram g.state.current', (g) => g.getAttribute('data-state'));

describe('union.demo starts a case and follows it on its page', () => {
  let union: RolePage;
  let caseId: string;

  beforeAll(async () => {
    union = await RolePage.signIn(browser, origin, 'union.demo', shots);
  });
  afterAll(async () => {
    await union?.close();
  });

  it('the start form: no kind chosen → 400 with the message beside it; then 303 to the new case', async () => {
    await union.clickAndWait('nav.main-nav a[href="/cases/new"]');
    expect(union.path()).toBe('/cases/new');
    await union.check('start-form');
    expect(await union.page.$eval('#start-employer', (s) => (s as HTMLSelectElement).selectedOptions[0].textContent)).toBe('成都蜀锦机械制造有限公司');
    union.expectStatus(400);
    await union.clickAndWait('#form-start-submit');
    expect(await union.page.$eval('#start-kind-error', (e) => e.textContent)).toContain('请选择集体合同的类型');
    expect(await union.page.$eval('#start-kind', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    await union.check('start-form-refused');
    await union.page.select('#start-kind', 'wage');
    await union.clickAndWait('#form-start-submit');
    const m = /^\/cases\/([0-9a-f-]{36})$/.exec(union.path());
    expect(m).not.toBeNull();
    caseId = m![1];
    expect(await union.page.$eval('#case-title', (h) => h.textContent)).toBe('成都蜀锦机械制造有限公司 工资专项集体合同');
  });

  it('the new case: the diagram highlights 起草要约, the timeline holds its start', async () => {
    expect(await currentState(union)).toBe('drafting_offer');
    expect(await union.page.$eval('#case-diagram svg', (s) => s.getAttribute('aria-label'))).toContain('当前状态: 起草要约');
    expect(await union.page.$eval('#case-diagram-text', (e) => e.textContent)).toContain('当前状态：起草要约');
    expect(await union.page.$$eval('#case-timeline li[data-type]', (lis) => lis.map((li) => li.getAttribute('data-type')))).toEqual(['CASE_STARTED']);
    expect(await union.page.$('#case-documents')).toBeNull();
    await union.check('case-new');
  });

  it('issues the offer: the diagram moves to 等待应约, the timeline shows the subjects, the offer letter is listed and opens as a PDF', async () => {
    await union.page.type('#f-OFFER_ISSUED-payload-subjects', '劳动报酬\n工作时间');
    await union.clickAndWait('#form-OFFER_ISSUED-submit');
    expect(await currentState(union)).toBe('awaiting_response');
    const offer = await union.page.$eval('#case-timeline li[data-type="OFFER_ISSUED"]', (li) => li.textContent ?? '');
    expect(offer).toContain('劳动报酬、工作时间');
    expect(offer).toContain('张红梅');
    expect(await union.page.$eval('#case-documents-pending', (e) => e.textContent)).toContain('发出书面协商要约');
    await union.check('case-pending-document');
    // The scheduler's timer is off in tests: render the documents now, as its worker would.
    expect(await t.app.get(DocumentProducer).runUntilIdle()).toBeGreaterThanOrEqual(1);
    await union.goto(`/cases/${caseId}`);
    const docs = await union.page.$$eval('#case-documents li[data-document]', (lis) => lis.map((li) => ({ id: li.getAttribute('data-document'), href: li.querySelector('a.doc-open')?.getAttribute('href'), title: li.querySelector('.doc-title')?.textContent })));
    expect(docs).toHaveLength(1);
    expect(docs[0].href).toBe(`/documents/${docs[0].id}/pdf`);
    // What the links open is the stored PDF, inline, for this session.
    const opened = await union.page.evaluate(async (href) => {
      const res = await fetch(href!);
      const head = new Uint8Array(await res.arrayBuffer()).slice(0, 5);
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), head: String.fromCharCode(...head) };
    }, docs[0].href);
    expect(opened).toEqual({ status: 200, type: 'application/pdf', disposition: expect.stringMatching(/^inline; /), head: '%PDF-' });
    await union.check('case-offered');
  });

  it('previews a document in a frame below the list (the case page frames only this service, and only then)', async () => {
    const id = await union.page.$eval('#case-documents li[data-document]', (li) => li.getAttribute('data-document')!);
    const [nav] = await Promise.all([union.page.waitForNavigation({ waitUntil: 'load' }), union.page.click(`#case-documents li[data-document="${id}"] a.doc-preview`)]);
    expect(nav?.headers()['content-security-policy']).toContain("frame-src 'self'");
    expect(await union.page.$eval('#document-preview iframe', (f) => f.getAttribute('src'))).toBe(`/documents/${id}/pdf`);
    const frame = await (await union.page.$('#document-preview iframe'))!.contentFrame();
    expect(frame?.url()).toBe(`${origin}/documents/${id}/pdf`);
    await union.check('case-preview');
    // Without ?preview the page frames nothing; another id than one of this case's documents shows no frame.
    await union.goto(`/cases/${caseId}?preview=3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60`);
    expect(await union.page.$('#document-preview')).toBeNull();
  });

  it('at phone width: the diagram folds away under its summary, the state still named', async () => {
    await union.page.setViewport({ width: 375, height: 812 });
    await union.goto(`/cases/${caseId}`);
    expect(await union.page.$eval('#case-diagram', (d) => (d as HTMLDetailsElement).open)).toBe(true);
    const fits = await union.page.$eval('#case-diagram svg', (s) => s.getBoundingClientRect().width <= window.innerWidth);
    expect(fits).toBe(true);
    await union.page.focus('#case-diagram summary');
    await union.page.keyboard.press('Enter');
    expect(await union.page.$eval('#case-diagram', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await union.page.$eval('#case-diagram summary', (s) => s.textContent)).toContain('等待应约');
    expect(await union.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await union.check('case-phone');
    union.expectClean();
  });
});

describe('bureau.demo searches the register', () => {
  let bureau: RolePage;

  beforeAll(async () => {
    bureau = await RolePage.signIn(browser, origin, 'bureau.demo', shots);
  });
  afterAll(async () => {
    await bureau?.close();
  });

  it('finds the contract in force by region and term end, opens its case; a later term end leaves it out', async () => {
    await bureau.clickAndWait('nav.main-nav a[href="/register"]');
    await bureau.check('register');
    const termEnd = (await t.dataSource.query('SELECT term_end::text AS t FROM cases WHERE id = $1', [inForceId]))[0].t as string;
    await bureau.page.select('#reg-region', '510107');
    await bureau.page.select('#reg-industry', 'C');
    // The date input takes the keyboard in the locale's order; set its value as the picker would.
    await bureau.page.$eval('#reg-before', (e, v) => ((e as HTMLInputElement).value = v), termEnd);
    await bureau.clickAndWait('#register-search');
    expect(new URL(bureau.page.url()).searchParams.get('region')).toBe('510107');
    const rows = await bureau.page.$$eval('#register-table tr[data-case]', (trs) => trs.map((tr) => tr.getAttribute('data-case')));
    expect(rows).toContain(inForceId);
    expect(await bureau.page.$eval('#reg-region', (s) => (s as HTMLSelectElement).value)).toBe('510107');
    await bureau.check('register-results');
    await bureau.page.$eval('#reg-after', (e) => ((e as HTMLInputElement).value = '2099-01-01'));
    await bureau.page.$eval('#reg-before', (e) => ((e as HTMLInputElement).value = ''));
    await bureau.clickAndWait('#register-search');
    expect(await bureau.page.$$eval('#register-table tr[data-case]', (trs) => trs.length)).toBe(0);
    expect(await bureau.page.$('#register-none')).not.toBeNull();
    await bureau.goto(`/register?region=510107`);
    await bureau.clickAndWait(`#register-table tr[data-case="${inForceId}"] a`);
    expect(bureau.path()).toBe(`/cases/${inForceId}`);
    expect(await currentState(bureau)).toBe('in_force');
    await bureau.check('case-in-force');
    bureau.expectClean();
  });
});
