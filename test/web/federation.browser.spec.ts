import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';
import { csv, row, withWrongCheck } from '../campaigns/fixtures/roster-files.js';
import { as, assignDemoInstructor, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally, RolePage, Screenshots } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The federation area in Chromium: the instructor opens the board with a case assigned by the API and writes a
// guidance note; the federation looks at its instructors, imports a small roster through the page and reads the
// report, downloads the ledger. Every page screenshot and axe-checked, no console error or failed request.

let t: TestApp;
let origin: string;
let browser: Browser;
let caseId: string;
let campaignId: string;
const shots = new Screenshots('federation');
const dir = mkdtempSync(join(tmpdir(), 'federation-browser-'));

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  const union = await as(t, 'union.demo');
  const res = await t.http().post('/api/cases').set(union).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  caseId = res.body.id;
  // Offered: the case waits on the employer's answer, with the 20-day response period running.
  expect((await t.http().post(`/api/cases/${caseId}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) })).status).toBe(200);
  await assignDemoInstructor(t, caseId);
  campaignId = (await createCampaign(t, await as(t, 'federation.demo'))).id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (el: ElementHandle | null) => el!.evaluate((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());

describe('instructor.demo', () => {
  let role: RolePage;
  beforeAll(async () => {
    role = await RolePage.signIn(browser, origin, 'instructor.demo', shots);
  });
  afterAll(async () => {
    await role?.close();
  });

  it('the board shows the assigned case in its state’s column with the days left; a guidance note written through the form appears first', async () => {
    await role.goto('/board');
    await role.check('board');
    const card = await role.page.$(`li.board-case[data-case="${caseId}"]`);
    expect(card).not.toBeNull();
    const column = await card!.evaluate((li) => li.closest('section')!.getAttribute('data-state'));
    expect(column).toBe('awaiting_response');
    expect(await text(await card!.$('.enterprise'))).toBe('成都蜀锦机械制造有限公司');
    expect(await text(await card!.$('.days'))).toMatch(/^剩 \d+ 天$/);
    // A phone: the columns stacked, nothing wider than the screen.
    await role.page.setViewport({ width: 375, height: 812 });
    await role.goto('/board');
    expect(await role.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await role.check('board-375');
    await role.page.setViewport({ width: 1280, height: 900 });
    await role.goto('/board?lang=en');
    expect(await text(await role.page.$('h1'))).toBe('Instructor board');
    await role.check('board-en');
    await role.goto('/board?lang=zh');

    await role.clickAndWait(`li.board-case[data-case="${caseId}"] a.board-guidance`);
    expect(role.path()).toBe(`/cases/${caseId}/guidance`);
    await role.check('guidance-empty');
    // A blank note: refused beside the field.
    role.expectStatus(400);
    await role.clickAndWait('#guidance-submit');
    expect(await role.page.$('#guidance-body-error')).not.toBeNull();
    await role.check('guidance-refused');
    await role.page.type('#guidance-body', '建议企业方在应约前核算近三年工资增长情况。');
    await role.clickAndWait('#guidance-submit');
    expect(await text(await role.page.$('#flash'))).toBe('指导意见已记录。');
    expect(await text(await role.page.$('.guidance-note .note-body'))).toBe('建议企业方在应约前核算近三年工资增长情况。');
    await role.check('guidance-added');
    role.expectClean();
  });
});

describe('federation.demo', () => {
  let role: RolePage;
  beforeAll(async () => {
    role = await RolePage.signIn(browser, origin, 'federation.demo', shots);
  });
  afterAll(async () => {
    await role?.close();
  });

  it('instructors: the demo instructor with one open case; a case’s assignment page', async () => {
    await role.goto('/instructors');
    await role.check('instructors');
    expect(await text(await role.page.$('#assessment tbody tr .load'))).toBe('1');
    await role.goto(`/cases/${caseId}/instructors`);
    expect(await text(await role.page.$('#current-instructors'))).toContain('刘志华');
    await role.check('assign');
    role.expectClean();
  });

  it('imports a small roster through the page (one bad row: rejected, the report by row), then downloads the ledger', async () => {
    const file = join(dir, '成都名册.csv');
    writeFileSync(file, csv([row(1), row(2, '510107', { 0: withWrongCheck(row(2)[0] as string) })]));
    await role.goto(`/roster?campaign=${campaignId}`);
    await role.check('roster');
    const input = (await role.page.$('#roster-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await role.clickAndWait('#roster-submit');
    expect(role.path()).toMatch(/^\/roster\/imports\/[0-9a-f-]{36}$/);
    // While it runs the page refreshes itself every 2 seconds; the report is there once it is done.
    await role.page.waitForSelector('#import-report', { timeout: 30_000 });
    expect(await role.page.$eval('#import-status', (e) => e.getAttribute('data-status'))).toBe('rejected');
    const rows = await role.page.$$eval('#import-report tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-row'), tr.children[1].textContent]));
    expect(rows).toEqual([['3', '统一社会信用代码']]);
    expect(await text(await role.page.$('[data-count="inserted"]'))).toBe('0');
    await role.check('import-report');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM campaign_enterprises WHERE campaign_id = $1', [campaignId]))[0].n).toBe(0);

    await role.goto(`/ledger?campaign=${campaignId}`);
    await role.check('ledger');
    // Downloads of this browser context go to the temporary folder; the browser reports when the file is complete.
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir, eventsEnabled: true, browserContextId: role.page.browserContext().id });
    const done = new Promise<void>((resolve) => cdp.on('Browser.downloadProgress', (e: { state: string }) => e.state === 'completed' && resolve()));
    await role.page.click('#ledger-xlsx');
    await done;
    const name = readdirSync(dir).find((f) => f.endsWith('.xlsx'))!;
    expect(name).toContain('台账');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, name)) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['活动情况汇总表', '企业集体协商建制情况表']);
    role.expectClean();
  });
});
