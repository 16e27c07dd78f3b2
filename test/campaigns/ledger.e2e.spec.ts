import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { runWorkload, type Workload } from '../statistics/campaign-workload.js';

// The ledger (台账) of the 成都 campaign driven over HTTP (test/statistics/campaign-workload.ts): the XLSX opened
// with exceljs and the CSV parsed hold the numbers of GET /api/campaigns/:id/stats, row by row and in 合计.

let t: TestApp;
let w: Workload;

beforeAll(async () => {
  t = await startTestApp();
  w = await runWorkload(t);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

interface StatsRow {
  code: string;
  name: string;
  [k: string]: unknown;
  rates: Record<string, number | null>;
  targets: Record<string, number | null> | null;
}

const binary = (res: NodeJS.ReadableStream & { setEncoding?: unknown }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const download = (who: string, path: string) =>
  t.http().get(`/api/campaigns/${w.campaignId}/${path}`).set(w.h[who]).buffer(true).parse(binary as never) as unknown as Promise<Response & { body: Buffer }>;
const stats = async (query = '') => {
  const res = await t.http().get(`/api/campaigns/${w.campaignId}/stats${query}`).set(w.h['federation.demo']);
  expect(res.status).toBe(200);
  return res.body as { asOf: string; region: { code: string; name: string }; totals: StatsRow; byRegion: StatsRow[]; campaign: { name: string } };
};

const COUNTS: [string, string][] = [
  ['已建会企业数', 'enterprisesInScope'], ['职工人数', 'employeesInScope'], ['发出要约数', 'offers'], ['要约企业数', 'enterprisesOffered'], ['应约数', 'responses'], ['逾期应约', 'lateResponses'],
  ['拒绝协商', 'refusals'], ['签订集体合同数', 'signed'], ['备案数', 'filed'], ['生效合同数', 'contractsInForce'], ['覆盖企业（户次）', 'enterprisesCovered'], ['建制企业数', 'enterprisesEstablished'],
  ['覆盖职工人数', 'employeesCovered'], ['三个月内到期', 'expiring3Months'], ['六个月内到期', 'expiring6Months'],
];
const RATES: [string, string][] = [['要约率', 'offerRate'], ['应约率', 'responseRate'], ['签约率', 'signingRate'], ['备案率', 'filingRate'], ['动态建制率', 'establishmentRate']];
const TARGETS: [string, string][] = [['要约率目标', 'offerRate'], ['应约率目标', 'responseRate'], ['签约率目标', 'signingRate'], ['备案率目标', 'filingRate'], ['动态建制率目标', 'establishmentRate']];
const SUMMARY_HEADERS = ['地区', '区划代码', '已建会企业数', '职工人数', '发出要约数', '要约企业数', '要约率', '应约数', '应约率', '逾期应约', '拒绝协商', '签订集体合同数', '签约率', '备案数', '备案率', '生效合同数', '覆盖企业（户次）', '建制企业数', '覆盖职工人数', '动态建制率', '三个月内到期', '六个月内到期'];
const ENTERPRISE_HEADERS = ['序号', '统一社会信用代码', '企业名称', '地区', '行业', '职工人数', '是否建会', '合同类型', '当前环节', '要约日期', '应约情况', '应约日期', '签订日期', '备案日期', '合同期限届满日', '是否逾期', '备注'];

/** A summary line (by header) equals an endpoint row: counts, rates (per cent, one decimal), targets. */
function expectRowEquals(line: Record<string, unknown>, row: StatsRow, rate: (v: unknown) => number | null) {
  expect({ 地区: line['地区'], 区划代码: line['区划代码'] }).toEqual({ 地区: row.name, 区划代码: row.code });
  for (const [header, key] of COUNTS) expect({ header, value: line[header] ?? 0 }).toEqual({ header, value: row[key] });
  for (const [header, key] of RATES) expect({ header, value: rate(line[header]) }).toEqual({ header, value: row.rates[key] });
  for (const [header, key] of TARGETS) if (header in line) expect({ header, value: rate(line[header]) }).toEqual({ header, value: row.targets?.[key] ?? null });
  if ('覆盖职工人数目标' in line) expect(line['覆盖职工人数目标'] ?? null).toEqual(row.targets?.employeesCovered ?? null);
}

function sheetLines(ws: ExcelJS.Worksheet, headerRow = 3): { headers: string[]; lines: Record<string, unknown>[] } {
  const headers = (ws.getRow(headerRow).values as unknown[]).slice(1).map(String);
  const lines: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n <= headerRow) return;
    const values = (row.values as unknown[]).slice(1);
    if (values.length < 3) return; // the notes under the table
    lines.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return { headers, lines };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

describe('the ledger (台账)', () => {
  it('XLSX: both sheets open with exceljs; the summary’s rows and 合计 are the statistics endpoint’s', async () => {
    const view = await stats();
    const res = await download('federation.demo', 'ledger.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const name = `${view.campaign.name}_台账_成都市_2018-03-25.xlsx`;
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['活动情况汇总表', '企业集体协商建制情况表']);
    const summary = wb.getWorksheet('活动情况汇总表')!;
    expect(String(summary.getCell('A1').value)).toContain(view.campaign.name);
    expect(String(summary.getCell('A1').value)).toContain('活动情况汇总表');
    expect(String(summary.getCell('A2').value)).toBe('活动期间：2018-03-01 至 2018-03-31　统计范围：成都市　统计日期：2018-03-25');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 1 });
    const { headers, lines } = sheetLines(summary);
    expect(headers).toEqual([...SUMMARY_HEADERS, '要约率目标', '应约率目标', '签约率目标', '备案率目标', '动态建制率目标', '覆盖职工人数目标']);
    const fromFraction = (v: unknown) => (v === null || v === undefined ? null : Math.round((v as number) * 1000) / 10);
    expect(lines.map((l) => l['区划代码'])).toEqual([...view.byRegion.map((r) => r.code), view.region.code]);
    view.byRegion.forEach((row, i) => expectRowEquals(lines[i], row, fromFraction));
    const total = lines.at(-1)!;
    expectRowEquals(total, { ...view.totals, code: view.region.code, name: '合计' }, fromFraction);
    expect(total).toMatchObject({ 地区: '合计', 发出要约数: 6, 要约企业数: 2, 要约率: 0.25, 签约率: 0.167, 要约率目标: 0.8, 覆盖职工人数目标: 1000 });
    // Rates shown as per cent with one decimal; the totals line in bold; widths set.
    const rateColumn = headers.indexOf('要约率') + 1;
    const totalRow = summary.getRow(3 + lines.length);
    expect(totalRow.getCell(rateColumn).numFmt).toBe('0.0%');
    expect(totalRow.getCell(1).font?.bold).toBe(true);
    expect(summary.getColumn(1).width).toBeGreaterThan(10);

    const sheet = wb.getWorksheet('企业集体协商建制情况表')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const enterprises = sheetLines(sheet);
    expect(enterprises.headers).toEqual(ENTERPRISE_HEADERS);
    // Eight roster enterprises (蜀锦 once per case: A, B, C, E) and the one off the roster.
    expect(enterprises.lines).toHaveLength(4 + 1 + 1 + 1 + 4 + 1);
    expect(enterprises.lines.map((l) => l['序号'])).toEqual(enterprises.lines.map((_, i) => i + 1));
    const shujin = enterprises.lines.filter((l) => l['企业名称'] === '成都蜀锦机械制造有限公司');
    const byKind = Object.fromEntries(shujin.map((l) => [l['合同类型'], l]));
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    expect(byKind['综合性集体合同']).toMatchObject({
      地区: '武侯区', 行业: 'C 制造业', 职工人数: 860, 是否建会: '是', 当前环节: '履行中', 要约日期: day('2018-03-02'), 应约情况: '已应约', 应约日期: day('2018-03-03'),
      签订日期: day(w.signedOn), 备案日期: day('2018-03-09'), 合同期限届满日: day(w.termEnd), 是否逾期: '否', 备注: null,
    });
    expect(byKind['工资专项集体合同']).toMatchObject({ 当前环节: '拒绝协商', 应约情况: '拒绝协商', 签订日期: null });
    expect(byKind['女职工权益保护专项集体合同']).toMatchObject({ 当前环节: '逾期未应约', 应约情况: '逾期未应约', 是否逾期: '是' });
    expect(byKind['劳动安全卫生专项集体合同']).toMatchObject({ 当前环节: '等待应约', 应约情况: '待应约', 要约日期: day('2018-03-25') });
    expect(enterprises.lines.find((l) => l['企业名称'] === '成都锦江宾馆餐饮管理有限公司')).toMatchObject({ 合同类型: '行业性集体合同', 应约情况: '已应约', 地区: '锦江区' });
    expect(enterprises.lines.find((l) => l['企业名称'] === '成都郫都建工集团有限公司')).toMatchObject({ 是否建会: '否', 合同类型: null, 当前环节: null, 是否逾期: null });
    const off = enterprises.lines.filter((l) => l['备注'] === '名册外');
    expect(off).toEqual([expect.objectContaining({ 企业名称: '成都名册外精工有限公司', 合同类型: '综合性集体合同', 应约情况: '待应约' })]);
    // The roster's enterprises and their employees, once each, are the summary's.
    const roster = new Map(enterprises.lines.filter((l) => l['备注'] === null).map((l) => [l['企业名称'], l['职工人数'] as number]));
    expect(roster.size).toBe(view.totals.enterprisesInScope);
    expect([...roster.values()].reduce((a, b) => a + b, 0)).toBe(view.totals.employeesInScope);
    expect(String(sheet.getCell('A1').value)).toContain('企业集体协商建制情况表');
    expect(shujin[0]['统一社会信用代码']).toMatch(/^91[0-9A-Z]{16}$/);
  });

  it('CSV: UTF-8 with BOM, the same numbers as the endpoint; the enterprise sheet as CSV too', async () => {
    const view = await stats();
    const res = await download('bureau.demo', 'ledger.csv?sheet=summary');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`${view.campaign.name}_活动情况汇总表_成都市_2018-03-25.csv`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header.slice(0, SUMMARY_HEADERS.length)).toEqual(SUMMARY_HEADERS);
    const lines = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    const value = (v: unknown) => (v === '' ? null : Number(v));
    const percent = (v: unknown) => (v === '' ? null : Number(String(v).replace(/%$/, '')));
    const numbers = (l: Record<string, string>) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, k === '地区' || k === '区划代码' ? v : /率/.test(k) ? v : value(v)]));
    expect(lines).toHaveLength(view.byRegion.length + 1);
    view.byRegion.forEach((row, i) => expectRowEquals(numbers(lines[i]), row, percent));
    expectRowEquals(numbers(lines.at(-1)!), { ...view.totals, code: view.region.code, name: '合计' }, percent);
    expect(lines.at(-1)!['签约率']).toBe('16.7%');

    const ent = await download('federation.demo', 'ledger.csv?sheet=enterprises');
    expect(ent.status).toBe(200);
    const [entHeader, ...entRows] = parseCsv((ent.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''));
    expect(entHeader).toEqual(ENTERPRISE_HEADERS);
    expect(entRows).toHaveLength(12);
    const a = entRows.find((r) => r[7] === '综合性集体合同' && r[2] === '成都蜀锦机械制造有限公司')!;
    expect(a.slice(9, 16)).toEqual(['2018-03-02', '已应约', '2018-03-03', w.signedOn, '2018-03-09', w.termEnd, '否']);
    expect(entRows.filter((r) => r[16] === '名册外')).toHaveLength(1);
    // The sheet was read through a cursor in a transaction of its own: it ended with the download.
    if (t.databaseKind === 'postgres') {
      const [{ open }] = await t.dataSource.query(`SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
      expect(open).toBe(0);
    }
  });

  it('narrows to a region and filters as the endpoint does', async () => {
    const view = await stats('?region=510107');
    const res = await download('federation.demo', 'ledger.csv?sheet=summary&region=510107');
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv((res.body as Buffer).toString('utf8').slice(1));
    const total = Object.fromEntries(header.map((h, i) => [h, rows.at(-1)![i]]));
    expect(total).toMatchObject({ 地区: '合计', 区划代码: '510107', 发出要约数: String(view.totals.offers), 已建会企业数: '2', 要约率目标: '90%' });
    const xlsx = await download('federation.demo', 'ledger.xlsx?kind=wage');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const { lines } = sheetLines(wb.getWorksheet('企业集体协商建制情况表')!);
    // Every roster enterprise still, with its wage case only.
    expect(lines.filter((l) => l['合同类型'] !== null).map((l) => l['合同类型'])).toEqual(['工资专项集体合同']);
    expect(String(wb.getWorksheet('活动情况汇总表')!.getCell('A2').value)).toContain('合同类型：wage');
  });

  it('is for federations and bureaus of the scope: 403 for a union or an instructor, 404 for another prefecture; bad queries 400', async () => {
    expect((await download('union.demo', 'ledger.xlsx')).status).toBe(403);
    expect((await download('instructor.demo', 'ledger.csv')).status).toBe(403);
    expect((await download('federation.mianyang', 'ledger.xlsx')).status).toBe(404);
    expect((await download('federation.demo', 'ledger.xlsx?region=510700')).status).toBe(404);
    const bad = await t.http().get(`/api/campaigns/${w.campaignId}/ledger.csv?sheet=all`).set(w.h['federation.demo']);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'sheet' });
    expect((await t.http().get(`/api/campaigns/${demoId('nothing')}/ledger.xlsx`).set(w.h['federation.demo'])).status).toBe(404);
  });
});
