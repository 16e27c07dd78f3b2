/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'puppeteer-core';
import { seedDemoCases } from '../../src/database/seed/demo-cases.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally, RolePage, Screenshots } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The workspace pages in Chromium, as the two parties use them: each fills its team in the rows (one refusal on
// the way), the talks are scheduled, a session is held with both chiefs confirming its minutes, a proposal is
// agreed and the redline shows it. axe-core on every page; no console error or unexpected answer.

let t: TestApp;
let origin: string;
let browser: Browser;
let caseId: string;
let union: RolePage;
let employer: RolePage;
const shots = new Screenshots('workspace');

const api = async (who: string) => as(t, who);
const text = (role: RolePage, selector: string) => role.page.$eval(selector, (e) => e.textContent ?? '');

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  // The demo's cases too (main.ts seeds them at start): its wage negotiation is opened at the end.
  expect(await seedDemoCases(t.app)).toBeGreaterThan(15);
  const res = await t.http().post('/api/cases').set(await api('union.demo')).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  caseId = res.body.id;
  expect((await t.http().post(`/api/cases/${caseId}/events`).set(await api('union.demo')).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) })).status).toBe(200);
  expect((await t.http().post(`/api/cases/${caseId}/events`).set(await api('employer.demo')).send({ type: 'RESPONSE_AGREED', payload: samplePayload('RESPONSE_AGREED', today(t)) })).status).toBe(200);
  union = await RolePage.signIn(browser, origin, 'union.demo', shots);
  employer = await RolePage.signIn(browser, origin, 'employer.demo', shots);
}, 120_000);

afterAll(async () => {
  await union?.close();
  await employer?.close();
  await browser?.close();
  await t?.close();
});

/** Types a row of the team form: name, person id and position. */
async function fillRow(role: RolePage, row: number, name: string, personId: string, position = 'other') {
  await role.page.type(`#m-${row}-name`, name);
  await role.page.type(`#m-${row}-personId`, personId);
  await role.page.select(`#m-${row}-position`, position);
}

describe('teams', () => {
  it('union.demo: two rows are refused with the rule beside them; a third row passes; the chief’s seat is linked to union.demo', async () => {
    await union.goto(`/cases/${caseId}/team`);
    await union.check('team-empty');
    // A first list offers the first row as the chief's, linked to the account filling it.
    expect(await union.page.$eval('#m-0-chief', (e) => (e as HTMLInputElement).checked)).toBe(true);
    expect(await union.page.$eval('#m-0-userId', (e) => (e as HTMLSelectElement).value)).toBe(demoId('user:union.demo'));
    await fillRow(union, 0, '张红梅', 'E-001', 'union_chair');
    await fillRow(union, 1, '李强', 'E-002');
    union.expectStatus(400);
    await union.clickAndWait('#form-team button[type="submit"]');
    expect(await text(union, '#team-errors')).toContain('职工方协商代表不足 3 人（现 2 人）');
    expect(await union.page.$eval('#m-1-name', (e) => (e as HTMLInputElement).value)).toBe('李强');
    await union.check('team-refused');

    await fillRow(union, 2, '王芳', 'E-003');
    await union.clickAndWait('#form-team button[type="submit"]');
    expect(await text(union, '#flash')).toContain('已记录本方协商代表名单');
    expect(await union.page.$$eval('#team-employee li', (items) => items.map((li) => (li as HTMLElement).dataset.person))).toEqual(['E-001', 'E-002', 'E-003']);
    await union.check('team-saved');
    // At phone width the rows stack: nothing wider than the screen.
    await union.page.setViewport({ width: 375, height: 812 });
    await union.goto(`/cases/${caseId}/team`);
    expect(await union.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await union.check('team-phone');
    await union.page.setViewport({ width: 1280, height: 900 });
  });

  it('employer.demo sees the union’s team, fills its own: both ready, a link to the case page’s TALKS_SCHEDULED form', async () => {
    await employer.goto(`/cases/${caseId}/team`);
    expect(await text(employer, '#team-employee')).toContain('张红梅');
    await fillRow(employer, 0, '王建国', 'M-001', 'legal_representative');
    await fillRow(employer, 1, '赵敏', 'M-002');
    await fillRow(employer, 2, '孙伟', 'M-003');
    await employer.clickAndWait('#form-team button[type="submit"]');
    expect(await text(employer, '#team-ready')).toContain('双方名单符合规则');
    await employer.check('team-ready');
    await employer.clickAndWait('#talks-link');
    expect(employer.path()).toBe(`/cases/${caseId}`);
    expect(await employer.page.$('#form-TALKS_SCHEDULED')).not.toBeNull();
    const stored = await t.http().get(`/api/cases/${caseId}/representatives`).set(await api('union.demo'));
    expect(stored.body.employer.find((m: { chief: boolean }) => m.chief).userId).toBe(demoId('user:employer.demo'));
    // The talks begin (the case page's own form is the case area's; here through the API).
    const talks = await t.http().post(`/api/cases/${caseId}/events`).set(await api('union.demo')).send({ type: 'TALKS_SCHEDULED', payload: samplePayload('TALKS_SCHEDULED', today(t)) });
    expect(talks.body.state).toBe('negotiating');
  });
});

describe('negotiation', () => {
  it('union.demo starts the draft, schedules session 1 and tables a proposal on the lowest wage', async () => {
    await union.goto(`/cases/${caseId}/negotiation`);
    await union.check('negotiation-empty');
    await union.clickAndWait('#form-draft button[type="submit"]');
    await union.page.type('#s-place', '公司三楼会议室');
    await union.page.type('#s-agenda', '最低工资标准');
    await union.page.type('#s-recorder-name', '周记录');
    await union.page.type('#s-recorder-personId', 'R-001');
    await union.clickAndWait('#form-session button[type="submit"]');
    expect(await union.page.$('#session-1')).not.toBeNull();
    await union.page.select('#p-articleKey', 'pay-lowest');
    await union.page.type('#p-text', '企业支付给职工的月最低工资不低于2500元，且不低于当地最低工资标准。');
    await union.page.select('#p-termName', 'lowestMonthlyWage');
    await union.page.type('#p-termValue', '2500');
    await union.page.type('#p-reason', '物价上涨');
    await union.clickAndWait('#form-proposal button[type="submit"]');
    expect(await text(union, '#art-pay-lowest')).toContain('待对方答复');
    await union.check('negotiation-proposed');
  });

  it('employer.demo agrees as chief; the minutes are entered; both chiefs confirm: SESSION_HELD and draft version 2', async () => {
    await employer.goto(`/cases/${caseId}/negotiation`);
    const agree = await employer.page.$eval('#art-pay-lowest form[id^="form-agree-"]', (f) => f.id);
    await employer.clickAndWait(`#${agree} button[type="submit"]`);
    expect(await text(employer, '#art-pay-lowest')).toContain('已同意');
    await employer.page.type('#m1-minutes', '双方同意月最低工资 2500 元。');
    await employer.clickAndWait('#form-minutes-1 button[type="submit"]');
    await employer.check('negotiation-minuted');
    await employer.clickAndWait('#form-confirm-1 button[type="submit"]');
    expect(await text(employer, '#session-1')).toContain('待确认');

    await union.goto(`/cases/${caseId}/negotiation`);
    await union.clickAndWait('#form-confirm-1 button[type="submit"]');
    expect(await union.page.$eval('#session-1', (e) => (e as HTMLElement).dataset.signed)).toBe('true');
    expect(await text(union, '#draft-version')).toBe('2');
    const history = await t.http().get(`/api/cases/${caseId}/history`).set(await api('union.demo'));
    expect(history.body.filter((e: { type: string }) => e.type === 'SESSION_HELD')).toHaveLength(1);
  });

  it('the redline of version 2 against 1 shows the changed article with <ins> and <del> and words, not colour alone', async () => {
    await union.goto(`/cases/${caseId}/negotiation#redline-title`);
    const article = '#redline article[data-key="pay-lowest"]';
    expect(await union.page.$eval(article, (e) => (e as HTMLElement).dataset.change)).toBe('changed');
    expect(await text(union, `${article} h3`)).toContain('修改');
    expect(await text(union, `${article} ins`)).toContain('新增');
    expect(await union.page.$(`${article} del`)).not.toBeNull();
    await union.check('redline');
    await union.goto(`/cases/${caseId}/negotiation?lang=en`);
    expect(await text(union, `${article} h3`)).toContain('Changed');
    await union.check('redline-en');
    await union.goto(`/cases/${caseId}/negotiation?lang=zh`);
  });

  it('the congress page for both; no vote form before the draft is agreed; nothing went wrong on the way', async () => {
    for (const role of [union, employer]) {
      await role.goto(`/cases/${caseId}/congress`);
      expect(await role.page.$('#form-congress')).toBeNull();
      expect(await text(role, '#congress-rule')).toContain('三分之二');
      await role.check('congress');
    }
    union.expectClean();
    employer.expectClean();
  });

  it('the demo’s wage negotiation (seeded: a signed session, draft version 2, an open proposal in session 2) on all three pages', async () => {
    const list = await t.http().get('/api/cases?pageSize=100').set(await api('union.demo'));
    const demo = (list.body.items as { id: string; state: string; kind: string }[]).find((c) => c.state === 'negotiating' && c.kind === 'wage')!;
    expect(demo).toBeDefined();
    await employer.goto(`/cases/${demo.id}/negotiation`);
    expect(await employer.page.$('#session-1[data-signed="true"]')).not.toBeNull();
    expect(await employer.page.$('#art-pay-increase form[id^="form-agree-"]')).not.toBeNull();
    expect(await employer.page.$('#redline article[data-key="pay-lowest"]')).not.toBeNull();
    await employer.check('demo-negotiation');
    await employer.goto(`/cases/${demo.id}/team`);
    await employer.check('demo-team');
    await employer.goto(`/cases/${demo.id}/congress?lang=en`);
    await employer.check('demo-congress-en');
    await employer.goto(`/cases/${demo.id}/congress?lang=zh`);
    employer.expectClean();
  });
});
