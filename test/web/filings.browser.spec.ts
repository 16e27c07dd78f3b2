/// <reference lib="dom" />
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { as } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally, RolePage, Screenshots } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseAwaitingFiling, pdf } from './filings-helpers.js';

// Filing and review in Chromium at phone width: a wage contract driven by the API to awaiting_filing; the
// employer uploads a PDF for each required item through the page and files; the bureau finds it in its
// inbox, opens the review, issues the receipt and approves. Every page passes axe-core; nothing fails.

let t: TestApp;
let origin: string;
let browser: Browser;
let caseId: string;
let dir: string;
const shots = new Screenshots('filings');
/** A wage contract needs its wage data too (Art 43). */
const REQUIRED = ['contractCopies', 'bargainingNarrative', 'congressResolution', 'representativesList', 'minutesSigned', 'specialData'];

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  caseId = await caseAwaitingFiling(t, 'wage');
  dir = mkdtempSync(join(tmpdir(), 'filings-'));
  for (const kind of REQUIRED) writeFileSync(join(dir, `${kind}.pdf`), pdf(kind));
  writeFileSync(join(dir, 'notes.txt'), 'plain text, not a PDF');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function phone(role: RolePage): Promise<RolePage> {
  await role.page.setViewport({ width: 375, height: 812 });
  return role;
}

async function choose(role: RolePage, kind: string, file: string): Promise<void> {
  const input = (await role.page.$(`#upload-${kind}-file`)) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(join(dir, file));
}

const stateOf = (role: RolePage) => role.page.$eval('#case-state', (p) => (p as HTMLElement).dataset.state);

describe('filing and review through the pages', () => {
  it('employer.demo uploads a PDF for each required item, a text file is refused beside its field, then files: under review', async () => {
    const employer = await phone(await RolePage.signIn(browser, origin, 'employer.demo', shots));
    await employer.goto(`/cases/${caseId}/filing`);
    expect(await stateOf(employer)).toBe('awaiting_filing');
    await employer.check('filing-empty');

    // A text file named anything is judged by its bytes: 415, the message beside that item's field.
    await choose(employer, 'minutesSigned', 'notes.txt');
    employer.expectStatus(415);
    await employer.clickAndWait('#form-upload-minutesSigned button[type="submit"]');
    expect(await employer.page.$eval('#upload-minutesSigned-file-error', (e) => e.textContent)).toContain('PDF、JPEG 或 PNG');
    expect(await employer.page.$eval('#upload-minutesSigned-file', (e) => e.getAttribute('aria-invalid'))).toBe('true');
    await employer.check('upload-refused');

    for (const kind of REQUIRED) {
      await choose(employer, kind, `${kind}.pdf`);
      await employer.clickAndWait(`#form-upload-${kind} button[type="submit"]`);
      expect(employer.page.url()).toBe(`${origin}/cases/${caseId}/filing?uploaded=${kind}`);
      expect(await employer.page.$eval(`#item-${kind}-count`, (e) => e.textContent)).toContain(`${kind}.pdf`);
    }
    const listed = await employer.page.$$eval('#materials-table tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.kind));
    expect(listed.sort()).toEqual([...REQUIRED].sort());
    const stored = await t.dataSource.query('SELECT kind, content_type FROM case_filing_materials WHERE case_id = $1 ORDER BY kind', [caseId]);
    expect(stored).toEqual([...REQUIRED].sort().map((kind) => ({ kind, content_type: 'application/pdf' })));

    // The FILED form is ticked from the uploads; no delay explanation (not late).
    expect(await employer.page.$eval('#f-FILED-payload-materials-contractCopies', (e) => (e as HTMLInputElement).value)).toBe('3');
    for (const kind of REQUIRED.slice(1)) {
      expect({ kind, checked: await employer.page.$eval(`#f-FILED-payload-materials-${kind}`, (e) => (e as HTMLInputElement).checked) }).toEqual({ kind, checked: true });
    }
    expect(await employer.page.$('#f-FILED-payload-delayExplanation')).toBeNull();
    await employer.check('filing-ready');
    await employer.clickAndWait('#form-FILED button[type="submit"]');
    expect(employer.page.url()).toBe(`${origin}/cases/${caseId}/filing?sent=FILED`);
    expect(await stateOf(employer)).toBe('under_review');
    expect(await employer.page.$eval('#no-receipt', (e) => e.textContent)).toContain('尚未出具');
    await employer.check('filed');
    employer.expectClean();
    await employer.close();
  });

  it('bureau.demo finds it in the inbox, reviews it, issues the receipt and approves: in effect', async () => {
    const bureau = await phone(await RolePage.signIn(browser, origin, 'bureau.demo', shots));
    await bureau.goto('/filings');
    const row = `tr[data-case="${caseId}"]`;
    // The days the API counts (the review period's last day moves off a rest day, Art 203).
    const inbox = (await t.http().get('/api/filings').set(await as(t, 'bureau.demo'))).body as { caseId: string; daysRemaining: number }[];
    const days = inbox.find((i) => i.caseId === caseId)!.daysRemaining;
    expect(days).toBeGreaterThanOrEqual(15);
    expect(await bureau.page.$eval(`${row} .days`, (e) => e.textContent)).toBe(`剩 ${days} 天`);
    // Nearest review deadline first, as the API says.
    expect(await bureau.page.$$eval('#inbox tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.case))).toEqual(inbox.map((i) => i.caseId));
    await bureau.check('inbox');
    await bureau.clickAndWait(`${row} a[href="/filings/${caseId}"]`);
    expect(await stateOf(bureau)).toBe('under_review');
    const materials = await bureau.page.$$eval('#materials-table tbody tr', (rows) => rows.length);
    expect(materials).toBe(REQUIRED.length);
    expect(await bureau.page.$('#redline-none')).not.toBeNull();
    await bureau.check('review');

    await bureau.page.type('#receipt-no-input', '成人社集备〔2018〕21号');
    await bureau.clickAndWait('#form-receipt button[type="submit"]');
    expect(await bureau.page.$eval('#receipt-no', (e) => e.textContent)).toBe('成人社集备〔2018〕21号');
    expect(await bureau.page.$('#form-receipt')).toBeNull();
    await bureau.check('receipt-issued');

    await bureau.clickAndWait('#form-APPROVED button[type="submit"]');
    expect(await stateOf(bureau)).toBe('effective');
    expect(await bureau.page.$('#form-APPROVED')).toBeNull();
    await bureau.check('approved');
    await bureau.goto('/filings?lang=en');
    expect(await bureau.page.$(row)).toBeNull();
    await bureau.check('inbox-en');
    bureau.expectClean();
    await bureau.close();
  });

  it('the union reads the receipt on the filing page, with no upload form', async () => {
    const union = await phone(await RolePage.signIn(browser, origin, 'union.demo', shots));
    await union.goto(`/cases/${caseId}/filing`);
    expect(await union.page.$eval('#receipt-no', (e) => e.textContent)).toBe('成人社集备〔2018〕21号');
    expect(await union.page.$('form.fil-upload')).toBeNull();
    await union.check('union-receipt');
    union.expectClean();
    await union.close();
  });
});
