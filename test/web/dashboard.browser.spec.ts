/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'puppeteer-core';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';
import { as, createExtraUsers, today, type Headers } from '../engine/engine-helpers.js';
import { launchChromium, listenLocally } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The campaign dashboard in a real Chromium against the service listening on a local port: sign in
// through the form, choose the campaign, read the figures the endpoint gives, drill into a county, and
// nothing fetched from anywhere but the service.

const PASSWORD = 'dashboard-test-123';

let t: TestApp;
let origin: string;
let browser: Browser;
let campaignId: string;
const cases: Record<'overdue' | 'answered' | 'refused', string> = { overdue: '', answered: '', refused: '' };

/** What the page shows for a rate or a count, as the page formats them. */
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const KPI_KEYS = ['offerRate', 'responseRate', 'signingRate', 'filingRate', 'establishmentRate', 'employeesCovered'];

interface StatsRow {
  offers: number;
  enterprisesOffered: number;
  responses: number;
  employeesCovered: number;
  enterprisesInScope: number;
  rates: Record<string, number | null>;
  targets: Record<string, number | null> | null;
}

async function send(headers: Headers, caseId: string, type: string) {
  const res = await t.http().post(`/api/cases/${caseId}/events`).set(headers).send({ type, payload: samplePayload(type, today(t)) });
  expect({ type, status: res.status, problem: res.status === 200 ? null : res.body }).toEqual({ type, status: 200, problem: null });
}

async function startCase(headers: Headers, body: Record<string, unknown>): Promise<string> {
  const res = await t.http().post('/api/cases').set(headers).send({ ...body, campaignId });
  expect(res.status).toBe(201);
  expect(res.body.campaignId).toBe(campaignId);
  return res.body.id;
}

/** A provincial campaign over March 2018 with targets, four 成都 enterprises and one of 绵阳 on its roster, three offers in 成都, one left unanswered until it is overdue. */
async function seedWorkload() {
  await createExtraUsers(t);
  const admin = await as(t, 'admin.demo');
  for (const [username, role, org] of [
    ['union.tianfu', 'union', 'union-tianfu'],
    ['employer.tianfu', 'employer', 'ent-tianfu'],
  ]) {
    const res = await t.http().post('/api/users').set(admin).send({ username, displayName: username, password: PASSWORD, role, organisationId: demoId(org), regionCode: '510116' });
    expect(res.status).toBe(201);
  }
  // Province-wide, so that the province (admin) sees 成都市 as a bar to drill into and 成都 (federation.demo) its districts.
  const campaign = await createCampaign(t, admin, {
    name: '仪表盘测试：全省集中要约月',
    regionCode: '510000',
    targets: [
      { regionCode: '510100', offerRate: 80, responseRate: 90, signingRate: 50, filingRate: 100, establishmentRate: 40, employeesCovered: 1000 },
      { regionCode: '510107', offerRate: 100, responseRate: 100, signingRate: 60 },
    ],
  });
  campaignId = campaign.id;
  await t.dataSource.query('INSERT INTO campaign_enterprises (campaign_id, enterprise_id) SELECT $1, unnest($2::uuid[])', [
    campaignId,
    ['ent-shujin', 'ent-jinjiang', 'ent-tianfu', 'ent-pidu', 'ent-mianyang'].map(demoId),
  ]);

  const union = await as(t, 'union.demo');
  cases.overdue = await startCase(union, { kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  await send(union, cases.overdue, 'OFFER_ISSUED');

  const catering = await as(t, 'union.catering');
  cases.answered = await startCase(catering, { kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] });
  await send(catering, cases.answered, 'OFFER_ISSUED');
  await send(await as(t, 'employer.catering'), cases.answered, 'RESPONSE_AGREED');

  const tianfu = { Authorization: `Bearer ${await t.login('union.tianfu', PASSWORD)}` };
  cases.refused = await startCase(tianfu, { kind: 'comprehensive', unionId: demoId('union-tianfu'), employerId: demoId('ent-tianfu') });
  await send(tianfu, cases.refused, 'OFFER_ISSUED');
  await send({ Authorization: `Bearer ${await t.login('employer.tianfu', PASSWORD)}` }, cases.refused, 'RESPONSE_REFUSED');

  // The 20-day response period of the unanswered offer runs out.
  t.clock.advanceDays(25);
  await t.fireDueDeadlines();
  const overdue = await t.http().get(`/api/cases/${cases.overdue}`).set(union);
  expect(overdue.body.state).toBe('response_overdue');
}

/** The endpoint's answer for the page's token: what the page must show. */
interface Stats {
  totals: StatsRow;
  region: { code: string };
  byRegion: (StatsRow & { code: string; name: string })[];
  overdue: { id: string; title: string; nextDueOn: string | null }[];
}

async function endpoint(page: Page, query = ''): Promise<Stats> {
  const token = await page.evaluate(() => sessionStorage.getItem('cb.dashboard.token'));
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const res = await t.http().get(`/api/campaigns/${campaignId}/stats${query}`).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function shownKpis(page: Page) {
  return page.$$eval('#kpis [data-kpi]', (cards) =>
    cards.map((c) => ({
      key: (c as HTMLElement).dataset.kpi,
      value: (c as HTMLElement).dataset.value,
      target: (c as HTMLElement).dataset.target,
      text: c.querySelector('.kpi-value')!.textContent,
      attainment: ['attained', 'near', 'behind', 'untargeted'].find((cls) => c.classList.contains(cls)),
    })),
  );
}

function expectedKpis(totals: StatsRow) {
  return KPI_KEYS.map((key) => {
    const value = key === 'employeesCovered' ? totals.employeesCovered : totals.rates[key];
    const target = totals.targets?.[key] ?? null;
    return {
      key,
      value: value === null ? '' : String(value),
      target: target === null ? '' : String(target),
      text: key === 'employeesCovered' ? `${value!.toLocaleString('zh-CN')} 人` : pct(value),
      attainment: expect.any(String),
    };
  });
}

/** The little of ECharts' instance the click test reads: where a bar was laid out. */
interface EChartsInstance {
  getOption(): { xAxis: { data: string[] }[] };
  getModel(): { getSeriesByIndex(i: number): { getData(): { getItemLayout(i: number): { x: number; y: number; width: number; height: number } } } };
}

const loadedFor = (page: Page, query: string) => page.waitForFunction((q) => document.getElementById('figures')?.dataset.query === q, { timeout: 15000 }, `${campaignId}?${query}`);

beforeAll(async () => {
  t = await startTestApp();
  origin = await listenLocally(t);
  browser = await launchChromium();
  await seedWorkload();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the campaign dashboard in a browser', () => {
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    await page.setViewport({ width: 1280, height: 900 });
  });

  it('signs in through the form with the keyboard, and shows the chosen campaign’s KPIs as the endpoint gives them', async () => {
    await page.goto(`${origin}/dashboard`, { waitUntil: 'load' });
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.$eval('#dashboard', (d) => (d as HTMLElement).hidden)).toBe(true);
    // The form has the focus; the user types, tabs and presses Enter.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.keyboard.type('federation.demo');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.type('demo12345');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#dashboard:not([hidden])');
    expect(await page.$eval('#sign-in', (d) => (d as HTMLElement).hidden)).toBe(true);
    expect(await page.$eval('#who', (d) => d.textContent)).toContain('federation.demo');

    const options = await page.$$eval('#campaign option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toContain(campaignId);
    await page.select('#campaign', campaignId);
    await loadedFor(page, '');
    expect(new URL(page.url()).searchParams.get('campaign')).toBe(campaignId);

    const stats = await endpoint(page);
    // The workload as seeded: 3 offers to 4 enterprises on the roster, 2 answered (so the figures below are not all empty).
    expect(stats.totals).toMatchObject({ offers: 3, responses: 2, enterprisesInScope: 4 });
    expect(stats.totals.rates.offerRate).toBe(75);
    expect(await shownKpis(page)).toEqual(expectedKpis(stats.totals));
    const offer = (await shownKpis(page)).find((k) => k.key === 'offerRate')!;
    expect(offer).toMatchObject({ text: '75.0%', target: '80', attainment: 'near' });
    expect(await page.$eval('#status', (s) => s.textContent)).toContain('仪表盘测试：全省集中要约月 · 成都市');
  });

  it('draws the bar chart, the heat map and the daily series on canvases of non-zero size, each with a name and a data table', async () => {
    for (const id of ['chart-regions', 'chart-heat', 'chart-daily', 'chart-renewal']) {
      const box = await page.$eval(`#${id} canvas`, (c) => {
        const r = c.getBoundingClientRect();
        return { width: r.width, height: r.height, pixels: (c as HTMLCanvasElement).width * (c as HTMLCanvasElement).height };
      });
      expect({ id, nonZero: box.width > 100 && box.height > 100 && box.pixels > 0 }).toEqual({ id, nonZero: true });
      // Its accessible name as Chromium computes it: an image named for what it shows, pointing at the table.
      const node = await page.accessibility.snapshot({ root: (await page.$(`#${id}`))!, interestingOnly: false });
      expect({ id, role: node?.role }).toEqual({ id, role: 'image' });
      expect(node?.name).toMatch(/图.*数据表/);
      expect(await page.$eval(`#${id}`, (c) => !!c.closest('section')?.querySelector('details > summary') && !!c.closest('section')?.querySelector('details table caption'))).toBe(true);
    }
    // The bar chart's table: the endpoint's regions with the enterprises offered (武侯区 and 双流区 one each); the heat map's table 武侯区 × 制造业.
    const stats = await endpoint(page);
    const regionRows = await page.$$eval('#table-regions tbody tr', (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent)));
    expect(regionRows.map((r) => [r[0], r[2]])).toEqual(stats.byRegion.map((r) => [r.name, String(r.enterprisesOffered)]));
    expect(stats.byRegion.some((r) => r.enterprisesOffered > 0)).toBe(true);
    expect(regionRows.find((r) => r[0] === '武侯区')?.[2]).toBe('1');
    expect(regionRows.find((r) => r[0] === '双流区')?.[2]).toBe('1');
    const heat = await page.$$eval('#table-heat tr', (rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent)));
    const manufacturing = heat[0].indexOf('制造业');
    expect(manufacturing).toBeGreaterThan(0);
    expect(heat.find((r) => r[0] === '武侯区')?.[manufacturing]).toBe('0.0%（0/1）');
  });

  it('lists the overdue case, linking to the case', async () => {
    const stats = await endpoint(page);
    expect(stats.overdue.map((o) => o.id)).toContain(cases.overdue);
    const links = await page.$$eval('#table-overdue tbody a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(stats.overdue.map((o) => `/api/cases/${o.id}`));
    expect(links).toContain(`/api/cases/${cases.overdue}`);
    const row = await page.$eval(`#table-overdue a[data-case-id="${cases.overdue}"]`, (a) => Array.from(a.closest('tr')!.children).map((c) => c.textContent));
    const listed = stats.overdue.find((o) => o.id === cases.overdue)!;
    expect(row).toEqual([listed.title, '逾期未应约', '武侯区', '成都蜀锦机械制造有限公司', '2018-03-01', listed.nextDueOn ?? '—']);
  });

  it('reloads the figures for the region chosen in the filter, and restores the filters from the URL', async () => {
    await page.select('#region', '510107');
    await loadedFor(page, 'region=510107');
    const stats = await endpoint(page, '?region=510107');
    expect(stats.region.code).toBe('510107');
    expect(stats.totals).toMatchObject({ offers: 1, enterprisesInScope: 1 });
    expect(await shownKpis(page)).toEqual(expectedKpis(stats.totals));
    expect((await shownKpis(page)).find((k) => k.key === 'offerRate')).toMatchObject({ text: '100.0%', target: '100', attainment: 'attained' });
    expect(new URL(page.url()).searchParams.get('region')).toBe('510107');
    expect(await page.$eval('#crumbs [aria-current="page"]', (c) => c.textContent)).toBe('武侯区');

    // A reload of that URL (the token stays with the tab) shows the same region.
    await page.reload({ waitUntil: 'load' });
    await loadedFor(page, 'region=510107');
    expect(await page.$eval('#region', (s) => (s as HTMLSelectElement).value)).toBe('510107');
    expect(await shownKpis(page)).toEqual(expectedKpis(stats.totals));

    // Back up to the city through the breadcrumb, with the keyboard.
    await page.focus('#crumbs a');
    await page.keyboard.press('Enter');
    await loadedFor(page, '');
    expect(await page.$eval('#region', (s) => (s as HTMLSelectElement).value)).toBe('510100');
  });

  it('fits a 375 px wide screen without horizontal scrolling, tables open', async () => {
    await page.setViewport({ width: 375, height: 812, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    // Changing isMobile may reload the page (Puppeteer): wait until its figures and charts are drawn again.
    await loadedFor(page, '');
    await page.waitForSelector('#chart-regions canvas');
    await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, body: document.body.scrollWidth }));
    expect(widths.client).toBe(375);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.body).toBeLessThanOrEqual(widths.client);
    const chartWidth = await page.$eval('#chart-regions canvas', (c) => c.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(250);
    expect(chartWidth).toBeLessThanOrEqual(375);
  });

  it('asked nothing of any origin but the service, and logged no error', async () => {
    expect(requests.length).toBeGreaterThan(8);
    expect(requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(requests.some((u) => /\/assets\/echarts\.[0-9a-f]{16}\.js$/.test(u))).toBe(true);
    expect(requests.some((u) => u.startsWith(`${origin}/api/campaigns/${campaignId}/stats`))).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('drilling down by clicking a bar', () => {
  it('the province sees 成都市 as a bar; a click on it shows 成都市’s figures and districts', async () => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${origin}/dashboard?campaign=${campaignId}`, { waitUntil: 'load' });
      await page.waitForSelector('#sign-in:not([hidden])');
      await page.type('#username', 'admin.demo');
      await page.type('#password', 'demo12345');
      await page.keyboard.press('Enter');
      await loadedFor(page, '');
      const province = await endpoint(page);
      expect(province.region.code).toBe('510000');
      // The bar of 成都市's offers, where ECharts laid it out, clicked with the mouse.
      const point = await page.evaluate(() => {
        const node = document.getElementById('chart-regions')!;
        const chart = (window as unknown as { echarts: { getInstanceByDom(n: HTMLElement): EChartsInstance } }).echarts.getInstanceByDom(node);
        const index = chart.getOption().xAxis[0].data.indexOf('成都市');
        const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(index);
        const box = node.getBoundingClientRect();
        return { index, x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2, height: Math.abs(bar.height) };
      });
      expect(point.index).toBeGreaterThanOrEqual(0);
      expect(point.height).toBeGreaterThan(10);
      await page.mouse.click(point.x, point.y);
      await loadedFor(page, 'region=510100');
      const city = await endpoint(page, '?region=510100');
      expect(city.totals).toMatchObject({ offers: 3, enterprisesInScope: 4 });
      expect(await shownKpis(page)).toEqual(expectedKpis(city.totals));
      expect(await page.$eval('#region', (s) => (s as HTMLSelectElement).value)).toBe('510100');
      expect(await page.$$eval('#crumbs li', (li) => li.map((l) => l.textContent))).toEqual(['四川省', '成都市']);
    } finally {
      await context.close();
    }
  });
});

describe('without a token', () => {
  it('the data API answers 401 and the page shows the sign-in form; a stale token leads back to it; a wrong password is said so', async () => {
    for (const path of ['/api/campaigns', `/api/campaigns/${campaignId}/stats`, '/api/regions']) {
      expect({ path, status: (await t.http().get(path)).status }).toEqual({ path, status: 401 });
    }
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/dashboard?campaign=${campaignId}`, { waitUntil: 'load' });
      await page.waitForSelector('#sign-in:not([hidden])');
      expect(await page.$eval('#dashboard', (d) => (d as HTMLElement).hidden)).toBe(true);
      expect(await page.evaluate(async (id) => (await fetch(`/api/campaigns/${id}/stats`)).status, campaignId)).toBe(401);

      await page.evaluate(() => sessionStorage.setItem('cb.dashboard.token', 'stale.token.value'));
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('#sign-in:not([hidden])');
      expect(await page.$eval('#sign-in-error', (e) => e.textContent)).toContain('登录已失效');
      expect(await page.evaluate(() => sessionStorage.getItem('cb.dashboard.token'))).toBeNull();

      await page.type('#username', 'federation.demo');
      await page.type('#password', 'not-the-password');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (document.getElementById('sign-in-error')?.textContent ?? '').includes('密码'));
      expect(await page.$eval('#sign-in-error', (e) => e.getAttribute('role'))).toBe('alert');
      expect(await page.evaluate(() => sessionStorage.getItem('cb.dashboard.token'))).toBeNull();
    } finally {
      await context.close();
    }
  });
});
