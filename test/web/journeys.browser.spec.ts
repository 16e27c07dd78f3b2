import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, ElementHandle } from 'puppeteer-core';
import { seedDemoInstructor } from '../../src/database/seed/demo-instructors.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, today } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally, RolePage, Screenshots } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 7's acceptance journeys, through the pages alone, each demo role signed in through the sign-in form
// in its own browser: one enterprise case from the union's offer to a contract in force, and a second through
// the employer's refusal to coordination. Every page is screenshotted (test-output/screenshots/journeys) and
// checked with axe-core; any console error, failed request or unexpected 4xx/5xx fails the journey. The API
// is only read, to check that what the pages did is what is stored.

let t: TestApp;
let origin: string;
let browser: Browser;
const shots = new Screenshots('journeys');
const roles: Record<string, RolePage> = {};
const USERS = ['union.demo', 'employer.demo', 'instructor.demo', 'bureau.demo', 'federation.demo'] as const;
type User = (typeof USERS)[number];
const who = (u: User) => roles[u];

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  // The demo's instructor, registered as `npm start` registers it (the test database has the other demo data).
  await seedDemoInstructor(t.dataSource, today(t));
  for (const u of USERS) roles[u] = await RolePage.signIn(browser, origin, u, shots);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The case as the API gives it to `u` (a read, to check what the pages stored). */
async function apiCase(id: string, u: User = 'union.demo') {
  const res = await t.http().get(`/api/cases/${id}`).set(await as(t, u));
  expect(res.status).toBe(200);
  return res.body as { state: string; version: number; allowedEvents: { type: string }[] };
}

async function historyTypes(id: string): Promise<string[]> {
  const res = await t.http().get(`/api/cases/${id}/history`).set(await as(t, 'union.demo'));
  return res.body.map((e: { type: string }) => e.type);
}

/** A payload's leaves as the generated form names them: payload.a.b → value. */
function leaves(value: Record<string, unknown>, prefix = 'payload'): [string, unknown][] {
  return Object.entries(value).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Record<string, unknown>, `${prefix}.${k}`) : [[`${prefix}.${k}`, v] as [string, unknown]]));
}

/** Fills a form's fields by name (text, date, number, select, textarea of lines, checkbox). */
async function fill(role: RolePage, formSelector: string, values: [string, unknown][]) {
  for (const [name, value] of values) {
    const selector = `${formSelector} [name="${name}"]`;
    const kind = await role.page.$eval(selector, (e) => (e instanceof HTMLInputElement ? e.type : e.tagName.toLowerCase()));
    if (kind === 'checkbox') {
      const checked = await role.page.$eval(selector, (e) => (e as HTMLInputElement).checked);
      if (checked !== Boolean(value)) await role.page.click(selector);
    } else if (kind === 'select') await role.page.select(selector, String(value));
    else if (kind === 'date') {
      // Typed keys go into the date field's locale segments; a person picks the day, the test sets it.
      await role.page.$eval(selector, (e, v) => ((e as HTMLInputElement).value = v), String(value));
    }
    else {
      const text = Array.isArray(value) ? value.join('\n') : String(value);
      await role.page.$eval(selector, (e) => ((e as HTMLInputElement).value = ''));
      await role.page.type(selector, text);
    }
  }
}

/** Sends an event from the case page's form for it, filled with `payload`; the page says it was recorded. */
async function sendFromCasePage(u: User, id: string, type: string, payload: Record<string, unknown>) {
  const role = who(u);
  await role.goto(`/cases/${id}`);
  expect({ u, type, form: (await role.page.$(`#form-${type}`)) !== null }).toEqual({ u, type, form: true });
  if (await role.page.$(`#form-${type} [name="payloadJson"]`)) await fill(role, `#form-${type}`, [['payloadJson', JSON.stringify(payload)]]);
  else await fill(role, `#form-${type}`, leaves(payload).filter(([name]) => name !== 'payload.occurredOn'));
  await role.clickAndWait(`#form-${type} button[type="submit"]`);
  // On a refusal, what the page says, for the failure's message.
  const said = new URL(role.page.url()).search === `?sent=${type}` ? [] : await role.page.$$eval(`#form-${type} .error, #form-${type} [id$="-error"], [role="alert"]`, (es) => es.map((e) => e.textContent?.trim()));
  expect({ u, type, search: new URL(role.page.url()).search, said }).toEqual({ u, type, search: `?sent=${type}`, said: [] });
  await role.check(`case-${type}`);
}

/** Submits a form on the current page (its button), waiting for the page it leads to. */
async function submit(role: RolePage, formId: string) {
  await role.clickAndWait(`#${formId} button[type="submit"]`);
}

describe('journey 1: an enterprise case from the union’s offer to a contract in force, through the pages', () => {
  let id: string;

  it('union: starts the case on /cases/new (employer, kind, campaign)', async () => {
    const union = who('union.demo');
    await union.goto('/');
    await union.clickAndWait('nav.main-nav a[href="/cases/new"]');
    await union.check('start-form');
    await union.page.select('#form-start [name="employerId"]', demoId('ent-shujin'));
    await union.page.select('#form-start [name="kind"]', 'comprehensive');
    await submit(union, 'form-start');
    id = /^\/cases\/([0-9a-f-]{36})$/.exec(union.path())![1];
    expect((await apiCase(id)).state).toBe('drafting_offer');
    await union.check('case-started');
  });

  it('union: issues the written offer from the case page', async () => {
    await sendFromCasePage('union.demo', id, 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)));
    expect((await apiCase(id)).state).toBe('awaiting_response');
  });

  it('employer: finds the offer on its home and accepts it in writing', async () => {
    const employer = who('employer.demo');
    await employer.goto('/');
    expect(await employer.page.$(`li.case[data-case="${id}"]`)).not.toBeNull();
    await employer.check('home-offer');
    await sendFromCasePage('employer.demo', id, 'RESPONSE_AGREED', {});
    expect((await apiCase(id)).state).toBe('preparing_talks');
  });

  it('each side appoints its team on /cases/:id/team; the union fixes the talks from the case page', async () => {
    for (const u of ['union.demo', 'employer.demo'] as const) {
      const role = who(u);
      await role.goto(`/cases/${id}/team`);
      await role.check('team-form');
      await fillTeam(role, u === 'union.demo' ? 'employee' : 'employer');
      await submit(role, 'form-team');
      await role.check('team-saved');
    }
    await sendFromCasePage('union.demo', id, 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', today(t)));
    expect((await apiCase(id)).state).toBe('negotiating');
  });

  it('a session on /cases/:id/negotiation: scheduled, minutes written, each chief confirms from their own account', async () => {
    await holdSession(id);
    expect(await historyTypes(id)).toContain('SESSION_HELD');
  });

  it('federation assigns the instructor; the instructor sees the case on the board and writes a guidance note', async () => {
    await assignInstructor(id);
    const instructor = who('instructor.demo');
    await instructor.goto('/board');
    expect(await instructor.page.$(`li.board-case[data-case="${id}"]`)).not.toBeNull();
    await instructor.check('board');
    await instructor.goto(`/cases/${id}/guidance`);
    await instructor.page.type('#form-guidance textarea', '建议双方参照本地区工资指导线确定增幅。');
    await submit(instructor, 'form-guidance');
    expect(await instructor.page.$eval('main', (m) => m.textContent)).toContain('工资指导线');
    await instructor.check('guidance');
  });

  it('draft agreed, the congress votes on /cases/:id/congress, both chiefs sign', async () => {
    await sendFromCasePage('union.demo', id, 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', today(t)));
    expect((await apiCase(id)).state).toBe('congress_review');
    const union = who('union.demo');
    await union.goto(`/cases/${id}/congress`);
    await union.check('congress-form');
    const vote = samplePayload('CONGRESS_VOTED', today(t));
    await fill(union, '#form-congress', ['roster', 'present', 'yes', 'no', 'abstain'].map((k) => [k, vote[k]]));
    await submit(union, 'form-congress');
    expect((await apiCase(id)).state).toBe('awaiting_signature');
    await union.check('congress-voted');
    await sendFromCasePage('union.demo', id, 'SIGNED', samplePayload('SIGNED', today(t)));
    expect((await apiCase(id)).state).toBe('awaiting_filing');
  });

  it('employer files on /cases/:id/filing: uploads each material on the checklist, then files', async () => {
    await fileWithUploads(id);
    expect((await apiCase(id)).state).toBe('under_review');
  });

  it('bureau: the filing in its inbox, the review page, a receipt, approval', async () => {
    const bureau = who('bureau.demo');
    await bureau.goto('/filings');
    await bureau.check('inbox');
    await bureau.clickAndWait(`tr[data-case="${id}"] a[href="/filings/${id}"]`);
    await bureau.check('review');
    await bureau.page.type('#receipt-no-input', '成人社集备〔2026〕1号');
    await submit(bureau, 'form-receipt');
    expect(await bureau.page.$eval('#receipt-no', (e) => e.textContent)).toBe('成人社集备〔2026〕1号');
    await bureau.check('review-receipt');
    await submit(bureau, 'form-APPROVED');
    expect((await apiCase(id)).state).toBe('effective');
    await bureau.check('review-approved');
  });

  it('union publishes the contract: in force; the case page shows it on the diagram and in the timeline', async () => {
    await sendFromCasePage('union.demo', id, 'PUBLISHED', samplePayload('PUBLISHED', today(t)));
    expect((await apiCase(id)).state).toBe('in_force');
    const union = who('union.demo');
    expect(await union.page.$eval('#case-diagram .current', (e) => (e as HTMLElement).dataset.state)).toBe('in_force');
    const timeline = await union.page.$$eval('#case-timeline li[data-type]', (items) => items.map((li) => (li as HTMLElement).dataset.type));
    expect(timeline).toEqual(expect.arrayContaining(['OFFER_ISSUED', 'RESPONSE_AGREED', 'SESSION_HELD', 'SIGNED', 'FILED', 'APPROVED', 'PUBLISHED']));
  });

  it('bureau finds it in the register of contracts in force; federation sees the campaign and exports the ledger page', async () => {
    const bureau = who('bureau.demo');
    await bureau.goto('/register');
    expect(await bureau.page.$(`tr[data-case="${id}"]`)).not.toBeNull();
    await bureau.check('register');
    const federation = who('federation.demo');
    for (const path of ['/dashboard', '/instructors', '/roster', '/ledger']) {
      await federation.goto(path);
      await federation.check(`federation${path.replace('/', '-')}`);
    }
  });

  it('no console error, failed request or unexpected answer in any role’s browser', () => {
    for (const u of USERS) who(u).expectClean();
  });

  // The steps on the workspace, federation and filing pages, filled as a person fills them.
  async function fillTeam(role: RolePage, side: 'employee' | 'employer') {
    const team = side === 'employee' ? [['张红梅', 'E-001', 'union_chair'], ['李强', 'E-002', 'other'], ['王芳', 'E-003', 'other']] : [['王建国', 'M-001', 'legal_representative'], ['赵敏', 'M-002', 'other'], ['孙伟', 'M-003', 'other']];
    // The first row is offered as the chief's seat, linked to the account filling it.
    expect(await role.page.$eval('#m-0-chief', (e) => (e as HTMLInputElement).checked)).toBe(true);
    for (const [i, [name, personId, position]] of team.entries()) {
      await role.page.type(`#m-${i}-name`, name);
      await role.page.type(`#m-${i}-personId`, personId);
      await role.page.select(`#m-${i}-position`, position);
    }
  }

  async function holdSession(caseId: string) {
    const union = who('union.demo');
    await union.goto(`/cases/${caseId}/negotiation`);
    await union.check('negotiation');
    if (await union.page.$('#form-draft')) await submit(union, 'form-draft');
    await union.page.type('#s-place', '公司三楼会议室');
    await union.page.type('#s-agenda', '工资调整');
    await union.page.type('#s-recorder-name', '周记录');
    await union.page.type('#s-recorder-personId', 'R-001');
    await submit(union, 'form-session');
    expect(await union.page.$('#session-1')).not.toBeNull();
    await union.page.type('#m1-minutes', '双方就工资调整达成一致，同意按草案签署。');
    await submit(union, 'form-minutes-1');
    await submit(union, 'form-confirm-1');
    await union.check('session-confirmed-union');
    const employer = who('employer.demo');
    await employer.goto(`/cases/${caseId}/negotiation`);
    await submit(employer, 'form-confirm-1');
    expect(await employer.page.$eval('#session-1', (e) => (e as HTMLElement).dataset.signed)).toBe('true');
    await employer.check('session-held');
  }

  async function assignInstructor(caseId: string) {
    const federation = who('federation.demo');
    await federation.goto(`/cases/${caseId}/instructors`);
    await federation.check('assign-form');
    expect(await federation.page.$eval('#form-assign', (f) => f.textContent)).toContain('刘志华');
    await submit(federation, 'form-assign');
    expect(await federation.page.$eval('#current-instructors', (e) => e.textContent)).toContain('刘志华');
    await federation.check('assigned');
  }

  async function fileWithUploads(caseId: string) {
    const employer = who('employer.demo');
    await employer.goto(`/cases/${caseId}/filing`);
    await employer.check('filing');
    const pdf = tinyPdf();
    const kinds = await employer.page.$$eval('form[id^="form-upload-"]', (forms) => forms.map((f) => f.id.slice('form-upload-'.length)));
    expect(kinds).toEqual(expect.arrayContaining(['contractCopies', 'bargainingNarrative', 'congressResolution', 'representativesList', 'minutesSigned']));
    for (const kind of kinds.filter((k) => k !== 'other')) {
      const input = (await employer.page.$(`#upload-${kind}-file`)) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(pdf);
      await submit(employer, `form-upload-${kind}`);
      expect(new URL(employer.page.url()).search).toBe(`?uploaded=${kind}`);
    }
    await employer.check('filing-ready');
    await submit(employer, 'form-FILED');
    expect(new URL(employer.page.url()).search).toBe('?sent=FILED');
    await employer.check('filed');
  }
});

describe('journey 2: an offer refused, the union asks for coordination, through the pages', () => {
  let id: string;

  it('union starts a wage case and issues the offer; the employer refuses with a reason', async () => {
    const union = who('union.demo');
    await union.goto('/cases/new');
    await union.page.select('#form-start [name="employerId"]', demoId('ent-shujin'));
    await union.page.select('#form-start [name="kind"]', 'wage');
    await submit(union, 'form-start');
    id = /^\/cases\/([0-9a-f-]{36})$/.exec(union.path())![1];
    await sendFromCasePage('union.demo', id, 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)));
    await sendFromCasePage('employer.demo', id, 'RESPONSE_REFUSED', { reason: '企业正在重组，暂不具备协商条件' });
    expect((await apiCase(id)).state).toBe('refused');
  });

  it('the union sees the refusal and its reason, and requests coordination: the case is in coordination', async () => {
    const union = who('union.demo');
    await union.goto(`/cases/${id}`);
    expect(await union.page.$eval('#case-timeline', (e) => e.textContent)).toContain('企业正在重组');
    await sendFromCasePage('union.demo', id, 'COORDINATION_REQUESTED', { reason: '拒绝协商理由不成立，申请劳动行政部门协调处理' });
    expect((await apiCase(id)).state).toBe('coordination');
  });

  it('the bureau sees the case in coordination with its deadline on its home', async () => {
    const bureau = who('bureau.demo');
    await bureau.goto('/');
    expect(await bureau.page.$(`li.case[data-case="${id}"]`)).not.toBeNull();
    await bureau.check('home-coordination');
    await bureau.goto(`/cases/${id}`);
    expect(await bureau.page.$eval('#case-diagram .current', (e) => (e as HTMLElement).dataset.state)).toBe('coordination');
    await bureau.check('case-coordination');
  });

  it('no console error, failed request or unexpected answer', () => {
    for (const u of USERS) who(u).expectClean();
  });
});

/** A small real PDF to upload. */
function tinyPdf(dir = mkdtempSync(join(tmpdir(), 'cb-journey-'))): string {
  const file = join(dir, 'material.pdf');
  writeFileSync(file, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  return file;
}
