import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RosterWriteConflict, writeRosterBatch } from '../../src/campaigns/roster/roster-writer.js';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { rosterImportCommand } from '../../src/campaigns/roster/roster-import.command.js';
import { RosterService } from '../../src/campaigns/roster/roster.service.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { isValidCreditCode } from '../../src/organisations/credit-code.js';
import { as, createExtraUsers, type Headers } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCampaign } from './campaign-helpers.js';
import { creditCode, csv, HEADERS, row, withWrongCheck, xlsx, zip, type Row } from './fixtures/roster-files.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let t: TestApp;
let service: RosterService;
let campaignId: string;
const h = new Map<string, Headers>();

interface Problem {
  row: number;
  column: string;
  rule: string;
  message_zh: string;
  message_en: string;
}

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  const admin = { Authorization: `Bearer ${await t.login('admin.demo')}` };
  const wuhou = await t.http().post('/api/users').set(admin).send({ username: 'federation.wuhou', displayName: '武侯区总工会', role: 'federation', organisationId: demoId('fed-wh'), regionCode: '510107', password: 'roster-test-123' });
  expect(wuhou.status).toBe(201);
  h.set('federation.wuhou', { Authorization: `Bearer ${await t.login('federation.wuhou', 'roster-test-123')}` });
  for (const u of ['union.demo', 'federation.demo', 'federation.mianyang']) h.set(u, await as(t, u));
  campaignId = (await createCampaign(t, h.get('federation.demo')!)).id;
  service = t.app.get(RosterService);
});

afterAll(async () => {
  await t?.close();
});

const post = (content: Buffer, { who = 'federation.demo', mode, filename = 'roster.xlsx', type = XLSX, campaign = campaignId }: { who?: string; mode?: string; filename?: string; type?: string; campaign?: string } = {}) =>
  t
    .http()
    .post(`/api/campaigns/${campaign}/roster`)
    .query({ filename, ...(mode ? { mode } : {}) })
    .set(h.get(who)!)
    .set('Content-Type', type)
    .send(content);

/** Uploads, waits for the import to finish in the service (no sleeping), and returns its view. */
async function importFile(content: Buffer, options: Parameters<typeof post>[1] = {}) {
  const res = await post(content, options);
  expect(res.status).toBe(202);
  expect(res.body).toEqual({ importId: expect.any(String), status: 'running' });
  await service.settled(res.body.importId);
  const view = await t.http().get(`/api/campaigns/${options.campaign ?? campaignId}/roster/imports/${res.body.importId}`).set(h.get(options.who ?? 'federation.demo')!);
  expect(view.status).toBe(200);
  return view.body as { id: string; status: string; phase: string; totalRows: number; processedRows: number; inserted: number; updated: number; unchanged: number; skipped: number; problemCount: number; problems: Problem[] };
}

const counts = async () => (await t.dataSource.query('SELECT (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM campaign_enterprises)::int AS roster'))[0] as { organisations: number; roster: number };
const brief = (problems: Problem[]) => problems.map((p) => `${p.row}|${p.column}|${p.rule}`);
const enterprise = async (code: string) => (await t.dataSource.query('SELECT * FROM organisations WHERE credit_code = $1', [code]))[0];
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Asserts the file is rejected with exactly `expected` problems (row|column|rule) and that nothing was written. */
async function expectRejected(content: Buffer, expected: string[], options: Parameters<typeof post>[1] = {}) {
  const before = await counts();
  const view = await importFile(content, options);
  expect({ status: view.status, problems: brief(view.problems) }).toEqual({ status: 'rejected', problems: expected });
  expect(view).toMatchObject({ phase: 'done', inserted: 0, updated: 0, problemCount: expected.length, skipped: view.totalRows });
  for (const p of view.problems) {
    expect(p.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(p.message_en).toMatch(/[a-z]/);
  }
  expect(await counts()).toEqual(before);
  return view;
}

describe('roster import', () => {
  it('imports a good file: enterprises created or updated by credit code, enterprise unions, the roster; a second import of the same file changes nothing', async () => {
    const shujin = await t.dataSource.query(`SELECT credit_code, legal_representative FROM organisations WHERE id = $1`, [demoId('ent-shujin')]);
    const rows: Row[] = [
      row(1, '510107'),
      row(2, '510104', { 5: '否', 6: null, 7: null, 8: null }),
      [shujin[0].credit_code, '成都蜀锦机械制造有限公司', '510107', 'C', 900, '是', null, null, null],
    ];
    const file = await xlsx(rows);
    const before = await counts();
    const first = await importFile(file);
    expect(first).toMatchObject({ status: 'imported', phase: 'done', totalRows: 3, processedRows: 3, inserted: 2, updated: 1, unchanged: 0, skipped: 0, problemCount: 0, problems: [] });
    // Two enterprises and one enterprise union created; three enterprises on the roster.
    expect(await counts()).toEqual({ organisations: before.organisations + 3, roster: before.roster + 3 });

    const one = await enterprise(creditCode('510107', 1));
    expect(one).toMatchObject({ kind: 'enterprise', name: '测试企业1号有限公司', region_code: '510107', industry_code: 'C', employees: 101, unionised: true, legal_representative: '张明', address: '测试路 1 号' });
    const unions = await t.dataSource.query(`SELECT name, region_code, union_level, parent_id FROM organisations WHERE kind = 'union' AND enterprise_id = $1`, [one.id]);
    expect(unions).toEqual([{ name: '测试企业1号有限公司工会', region_code: '510107', union_level: 'enterprise', parent_id: null }]);
    expect(await enterprise(creditCode('510104', 2))).toMatchObject({ unionised: false, legal_representative: null });
    // The stored enterprise is updated; an optional column left empty keeps its value.
    expect(await enterprise(shujin[0].credit_code)).toMatchObject({ id: demoId('ent-shujin'), employees: 900, legal_representative: shujin[0].legal_representative });

    const page = await t.http().get(`/api/campaigns/${campaignId}/roster`).set(h.get('federation.demo')!);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((i: { name: string }) => i.name).sort()).toEqual(['成都蜀锦机械制造有限公司', '测试企业1号有限公司', '测试企业2号有限公司'].sort());
    expect(page.body.items.find((i: { name: string }) => i.name === '测试企业1号有限公司')).toMatchObject({ regionName: '武侯区', industryName: '制造业', unionName: '测试企业1号有限公司工会', importId: first.id });
    const jinjiang = await t.http().get(`/api/campaigns/${campaignId}/roster`).query({ region: '510104' }).set(h.get('federation.demo')!);
    expect(jinjiang.body.items.map((i: { creditCode: string }) => i.creditCode)).toEqual([creditCode('510104', 2)]);
    // A union of 武侯区 reads the roster, its own region's part.
    const union = await t.http().get(`/api/campaigns/${campaignId}/roster`).set(h.get('union.demo')!);
    expect(union.status).toBe(200);
    expect(union.body.items.every((i: { regionCode: string }) => i.regionCode === '510107')).toBe(true);
    expect(union.body.total).toBe(2);

    const stamp = one.updated_at;
    const second = await importFile(file);
    expect(second).toMatchObject({ status: 'imported', totalRows: 3, inserted: 0, updated: 0, unchanged: 3, skipped: 0, problemCount: 0 });
    expect(await counts()).toEqual({ organisations: before.organisations + 3, roster: before.roster + 3 });
    expect((await enterprise(creditCode('510107', 1))).updated_at).toEqual(stamp);
    // Only the roster rows' import id moved.
    expect(await t.dataSource.query('SELECT DISTINCT import_id FROM campaign_enterprises WHERE campaign_id = $1', [campaignId])).toEqual([{ import_id: second.id }]);

    const list = await t.http().get(`/api/campaigns/${campaignId}/roster/imports`).set(h.get('federation.demo')!);
    expect(list.status).toBe(200);
    expect(list.body.slice(0, 2).map((i: { id: string }) => i.id).sort()).toEqual([first.id, second.id].sort());
    expect(list.body[0]).not.toHaveProperty('problems');
  });

  it('the downloaded template (with its example row) imports as it is', async () => {
    const res = await t.http().get(`/api/campaigns/${campaignId}/roster/template.xlsx`).set(h.get('federation.demo')!).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('企业名册模板.xlsx')}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['企业名册', '填写说明', '地区代码', '行业门类']);
    const sheet = wb.getWorksheet('企业名册')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(isValidCreditCode(sheet.getRow(2).getCell(1).value)).toBe(true);
    expect(sheet.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    // The regions of the campaign's scope, 成都市 and its counties.
    const regions = wb.getWorksheet('地区代码')!.getColumn(1).values.slice(2);
    expect(regions).toContain('510100');
    expect(regions).toContain('510107');
    expect(regions).not.toContain('510700');
    const help = wb.getWorksheet('填写说明')!.getColumn(1).values.slice(2, 11);
    expect(help).toEqual(HEADERS);

    const view = await importFile(res.body as Buffer, { filename: '企业名册模板.xlsx' });
    expect(view).toMatchObject({ status: 'imported', totalRows: 1, inserted: 1, problemCount: 0 });
  });

  it('rejects a file with bad rows as a whole, reporting every problem by row and column; skip_bad_rows writes the good rows only', async () => {
    await t.dataSource.query(`UPDATE organisations SET credit_code = $1 WHERE id = $2`, [creditCode('510100', 900), demoId('union-catering')]);
    const [mianyang] = await t.dataSource.query(`SELECT credit_code FROM organisations WHERE id = $1`, [demoId('ent-mianyang')]);
    const rows: Row[] = [
      row(10), // 2: good
      row(11, '510107', { 0: withWrongCheck(creditCode('510107', 11)) }), // 3
      row(12, '510107', { 2: '510199' }), // 4: no such region
      row(13, '510107', { 2: '510700' }), // 5: 绵阳, outside the campaign
      row(10), // 6: repeats row 2
      row(14, '510107', { 3: 'Z', 4: -5, 5: '也许' }), // 7
      row(15, '510107', { 5: '否' }), // 8: a union name for an enterprise without one
      row(16, '510107', { 0: creditCode('510100', 900) }), // 9: the code of the catering union
      row(17, '510107', { 0: mianyang.credit_code }), // 10: an enterprise of 绵阳
      row(18, '510107', { 1: null }), // 11
      row(19, '510107', { 0: 915101070000000000 }), // 12: a code stored as a number
      row(20, '510107', { 0: 'ABC' }), // 13
    ];
    const expected = [
      '3|统一社会信用代码|creditCodeCheck',
      '4|所在地区代码|regionUnknown',
      '5|所在地区代码|regionOutsideCampaign',
      '6|统一社会信用代码|duplicate',
      '7|行业门类|industryUnknown',
      '7|职工人数|employees',
      '7|是否建会|unionised',
      '8|工会名称|unionWithoutUnionised',
      '9|统一社会信用代码|notEnterprise',
      '10|统一社会信用代码|enterpriseOutsideJurisdiction',
      '11|企业名称|required',
      '12|统一社会信用代码|creditCodeAsNumber',
      '13|统一社会信用代码|creditCodeFormat',
    ];
    const file = await xlsx(rows, { creditCodeAsText: false });
    const rejected = await expectRejected(file, expected);
    expect(rejected.totalRows).toBe(12);
    expect(rejected.problems[3].message_zh).toContain('第 2 行');
    expect(rejected.problems[2].message_zh).toContain('绵阳市');

    const before = await counts();
    const skipped = await importFile(file, { mode: 'skip_bad_rows' });
    expect({ status: skipped.status, problems: brief(skipped.problems) }).toEqual({ status: 'imported', problems: expected });
    expect(skipped).toMatchObject({ totalRows: 12, inserted: 1, updated: 0, skipped: 11, problemCount: 13 });
    // Row 2's enterprise and its union, nothing of the others.
    expect(await counts()).toEqual({ organisations: before.organisations + 2, roster: before.roster + 1 });
    expect(await enterprise(creditCode('510107', 10))).toMatchObject({ name: '测试企业10号有限公司' });
    for (const n of [11, 13, 14, 15, 18]) expect(await enterprise(creditCode('510107', n))).toBeUndefined();
  });

  it('reports wrong headers, an empty file, a file without rows, a non-spreadsheet named .xlsx, a ZIP that is no workbook, a cut-short workbook, an old .xls, a broken CSV — nothing half-imported', async () => {
    await expectRejected(await xlsx([row(30)], { headers: ['信用代码号', '企业名称', '地区', '行业门类', '职工人数', '是否建会', '备注'] }), [
      '1|统一社会信用代码|missingColumn',
      '1|所在地区代码|missingColumn',
      '1|信用代码号|unknownColumn',
      '1|地区|unknownColumn',
      '1|备注|unknownColumn',
    ]);
    await expectRejected(await xlsx([row(31)], { headers: [...HEADERS, 'credit_code'] }), ['1|统一社会信用代码|duplicateColumn']);
    await expectRejected(Buffer.alloc(0), ['0||emptyFile']);
    await expectRejected(await xlsx([]), ['0||noRows']);
    await expectRejected(await xlsx([], { headers: [] }), ['0||noHeader']);
    await expectRejected(Buffer.from('这不是表格 this is not a spreadsheet\n'), ['0||notSpreadsheet'], { filename: '名册.xlsx' });
    await expectRejected(Buffer.from('%PDF-1.4\n\u0000\u0001binary'), ['0||notSpreadsheet'], { filename: 'roster.csv', type: 'text/csv' });
    await expectRejected(zip({ 'word/document.xml': '<w:document/>', '[Content_Types].xml': '<Types/>' }), ['0||notXlsx']);
    const good = await xlsx(Array.from({ length: 200 }, (_, i) => row(100 + i)));
    await expectRejected(good.subarray(0, Math.floor(good.length / 2)), ['0||corruptFile']);
    const corrupt = Buffer.from(good);
    corrupt.fill(0x41, 200, 1200); // inside the first entry's compressed data
    await expectRejected(corrupt, ['0||corruptFile']);
    await expectRejected(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), ['0||oldExcelFormat'], { filename: 'roster.xls' });
    await expectRejected(Buffer.concat([csv([row(32)]), Buffer.from('"unterminated,1,2\r\n')]), ['3||csvSyntax'], { filename: 'roster.csv', type: 'text/csv' });
  });

  it('reads CSV: UTF-8 with a BOM and English headers, quoted fields; GB 18030 as Excel saves it on Chinese Windows; a title row above the header', async () => {
    const english = ['credit_code', 'name', 'region_code', 'industry_code', 'employees', 'unionised', 'union_name', 'legal_representative', 'address'];
    const bom = await importFile(csv([row(40, '510107', { 1: '成都"天府",有限公司', 5: 'yes' }), row(41, '510104', { 5: 'false', 6: null })], { headers: english, bom: true }), { filename: 'roster.csv', type: 'text/csv' });
    expect(bom).toMatchObject({ status: 'imported', totalRows: 2, inserted: 2, problemCount: 0 });
    expect(await enterprise(creditCode('510107', 40))).toMatchObject({ name: '成都"天府",有限公司', unionised: true });

    const gb = encodeGb18030(csv([row(42)]).toString('utf8'))!;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow(); // really not UTF-8
    const view = await importFile(gb, { filename: 'roster.csv', type: 'text/csv' });
    expect(view).toMatchObject({ status: 'imported', inserted: 1 });
    expect(await enterprise(creditCode('510107', 42))).toMatchObject({ name: '测试企业42号有限公司' });

    const titled = await xlsx([['2018年成都市集中要约企业名册'], HEADERS, row(43)], { headers: [] });
    expect(await importFile(titled)).toMatchObject({ status: 'imported', inserted: 1, problemCount: 0 });
  });

  it('imports only inside the importer’s jurisdiction; a union gets 403, another region’s federation 404', async () => {
    const file = await xlsx([row(50, '510107'), row(51, '510104')]);
    const wuhou = await importFile(file, { who: 'federation.wuhou' });
    expect(brief(wuhou.problems)).toEqual(['3|所在地区代码|regionOutsideJurisdiction']);
    expect(wuhou.status).toBe('rejected');
    const skip = await importFile(file, { who: 'federation.wuhou', mode: 'skip_bad_rows' });
    expect(skip).toMatchObject({ status: 'imported', inserted: 1, skipped: 1 });

    expect((await post(file, { who: 'union.demo' })).status).toBe(403);
    expect((await post(file, { who: 'federation.mianyang' })).status).toBe(404);
    expect((await t.http().get(`/api/campaigns/${campaignId}/roster/imports`).set(h.get('union.demo')!)).status).toBe(403);
    expect((await t.http().get(`/api/campaigns/${campaignId}/roster/imports/${skip.id}`).set(h.get('federation.mianyang')!)).status).toBe(404);
    expect((await t.http().get(`/api/campaigns/${campaignId}/roster/template.xlsx`).set(h.get('union.demo')!)).status).toBe(403);
    expect((await t.http().get(`/api/campaigns/${campaignId}/roster`).set(h.get('federation.mianyang')!)).status).toBe(404);
    expect((await t.http().get(`/api/campaigns/${campaignId}/roster/imports/00000000-0000-4000-8000-000000000000`).set(h.get('federation.demo')!)).status).toBe(404);
  });

  it('the write itself refuses an enterprise outside the scope (registered by another import after the checks): RosterWriteConflict, nothing written', async () => {
    const [outside] = await t.dataSource.query("SELECT credit_code, name FROM organisations WHERE kind = 'enterprise' AND region_code = '510700' AND credit_code IS NOT NULL LIMIT 1");
    const record = { row: 2, creditCode: outside.credit_code, name: '改名企图有限公司', regionCode: '510107', industryCode: 'C', employees: 5, unionised: false, unionName: null, legalRepresentative: null, address: null };
    const before = await counts();
    await expect(t.dataSource.transaction((m) => writeRosterBatch(m, campaignId, '00000000-0000-4000-8000-000000000001', [record], '510000/510100/'))).rejects.toBeInstanceOf(RosterWriteConflict);
    expect(await counts()).toEqual(before);
    expect((await enterprise(outside.credit_code)).name).toBe(outside.name);
  });

  it('an import is seen by the federations whose jurisdiction holds what it wrote: 成都 sees 武侯区’s, 武侯区 not 成都’s', async () => {
    const chengdu = await importFile(await xlsx([row(60, '510104')]));
    const wuhou = await importFile(await xlsx([row(61, '510107')]), { who: 'federation.wuhou' });
    const listed = async (who: string) => (await t.http().get(`/api/campaigns/${campaignId}/roster/imports`).set(h.get(who)!)).body.map((i: { id: string }) => i.id);
    expect(await listed('federation.demo')).toEqual(expect.arrayContaining([chengdu.id, wuhou.id]));
    const seenByWuhou = await listed('federation.wuhou');
    expect(seenByWuhou).toContain(wuhou.id);
    expect(seenByWuhou).not.toContain(chengdu.id);
    expect((await t.http().get(`/api/campaigns/${campaignId}/roster/imports/${chengdu.id}`).set(h.get('federation.wuhou')!)).status).toBe(404);
  });

  it('refuses bodies that are no file (415), too large (413) and a wrong mode (400), storing nothing', async () => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM roster_imports');
    const json = await t.http().post(`/api/campaigns/${campaignId}/roster`).set(h.get('federation.demo')!).send({ file: 'x' });
    expect(json.status).toBe(415);
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
    const large = await post(Buffer.alloc(50 * 1024 * 1024 + 1, 0x41));
    expect(large.status).toBe(413);
    expect(large.body.errors[0]).toMatchObject({ field: '(body)', rule: 'maxBytes' });
    const mode = await post(await xlsx([row(60)]), { mode: 'some_rows' });
    expect(mode.status).toBe(400);
    expect(mode.body.errors[0]).toMatchObject({ field: 'mode' });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM roster_imports')).toEqual(before);
  });

  it('shows progress while the import runs, through reading, checking and writing to done', async () => {
    const file = await xlsx(Array.from({ length: 20_000 }, (_, i) => row(1000 + i, i % 2 ? '510107' : '510104')));
    const res = await post(file, { mode: 'skip_bad_rows' });
    expect(res.status).toBe(202);
    const order = ['reading', 'checking', 'writing', 'done'];
    const seen: { status: string; phase: string; processedRows: number; totalRows: number | null }[] = [];
    // Polls as fast as the service answers, bounded; ends when the import does.
    for (let i = 0; i < 10_000; i++) {
      const v = await t.http().get(`/api/campaigns/${campaignId}/roster/imports/${res.body.importId}`).set(h.get('federation.demo')!);
      expect(v.status).toBe(200);
      seen.push(v.body);
      if (v.body.status !== 'running') break;
    }
    await service.settled(res.body.importId);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ status: 'imported', phase: 'done', processedRows: 20_000, totalRows: 20_000, inserted: 20_000 });
    expect(seen[0].status).toBe('running');
    const phases = seen.map((s) => order.indexOf(s.phase));
    expect(phases.every((p) => p >= 0)).toBe(true);
    expect([...phases].sort((a, b) => a - b)).toEqual(phases); // never backwards
    for (const s of seen) if (s.totalRows !== null) expect(s.processedRows).toBeLessThanOrEqual(s.totalRows);
    // While reading, the total is the sheet's declared dimension (A1:I20001): 20,000 data rows.
    const reading = seen.filter((x) => x.phase === 'reading' && x.processedRows > 0);
    expect(reading.length).toBeGreaterThan(0);
    for (const s of reading) expect(s.totalRows).toBe(20_000);
  }, 180_000); // 20,000 rows polled throughout: a minute was too short on a loaded 2-core machine

  it('marks an import left running by a stopped service as failed', async () => {
    const stale = '11111111-1111-4111-8111-111111111111';
    const fresh = '22222222-2222-4222-8222-222222222222';
    const now = t.clock.now().getTime();
    for (const [id, at] of [[stale, now - 31 * 60_000], [fresh, now - 60_000]] as const) {
      await t.dataSource.query(`INSERT INTO roster_imports (id, campaign_id, file_name, mode, status, created_at) VALUES ($1, $2, 'x.xlsx', 'all_or_nothing', 'running', $3)`, [id, campaignId, new Date(at)]);
    }
    const view = await t.http().get(`/api/campaigns/${campaignId}/roster/imports/${stale}`).set(h.get('federation.demo')!);
    expect(view.body).toMatchObject({ status: 'failed', phase: 'done', problemCount: 1 });
    expect(view.body.problems[0]).toMatchObject({ row: 0, rule: 'interrupted' });
    const running = await t.http().get(`/api/campaigns/${campaignId}/roster/imports/${fresh}`).set(h.get('federation.demo')!);
    expect(running.body).toMatchObject({ status: 'running', phase: null });
    expect(await service.failStaleImports()).toBe(0);
    await t.dataSource.query('DELETE FROM roster_imports WHERE id = $1', [fresh]);
  });

  it('the CLI imports a file with a report and a summary; exit 1 when rejected, 2 for a wrong command line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-cli-'));
    try {
      const good = join(dir, '名册.xlsx');
      await writeFile(good, await xlsx([row(70), row(71, '510104')]));
      const run = async (args: string[], isTTY = false) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await rosterImportCommand(t.dataSource, args, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY } });
        return { code, out: out.join(''), err: err.join('') };
      };
      const ok = await run([good, '--campaign', campaignId]);
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(/✓ 已导入 imported — 2 rows: 2 inserted, 0 updated, 0 unchanged, 0 skipped; 0 problems; roster \+2/);
      expect(ok.err).toContain('读取 reading');
      expect(ok.err).toContain('写入 writing');
      expect(await enterprise(creditCode('510104', 71))).toMatchObject({ name: '测试企业71号有限公司' });

      const again = await run([good, '--campaign', campaignId], true);
      // The command's own words when it does not succeed (a once-seen exit 1 under a loaded machine).
      expect({ code: again.code, said: again.code === 0 ? '' : `${again.out}\n${again.err}` }).toEqual({ code: 0, said: '' });
      expect(again.out).toMatch(/0 inserted, 0 updated, 2 unchanged/);
      // The bar on a terminal: redrawn in place, ending full.
      expect(again.err).toMatch(/\u001b\[1G完成 done \|█+\| 100% 2\/2 行 rows/);

      const bad = join(dir, 'bad.csv');
      await writeFile(bad, csv([row(72), row(73, '510107', { 2: '510700' })]));
      const rejected = await run([bad, '--campaign', campaignId]);
      expect(rejected.code).toBe(1);
      expect(rejected.out).toContain('第 3 行 row 3  所在地区代码  [regionOutsideCampaign]');
      expect(rejected.out).toContain('✗ 已拒绝，未写入任何数据 rejected, nothing written');
      expect(await enterprise(creditCode('510107', 72))).toBeUndefined();
      expect((await run([bad, '--campaign', campaignId, '--mode', 'skip_bad_rows'])).code).toBe(0);
      expect(await enterprise(creditCode('510107', 72))).toBeDefined();

      expect((await run([good])).code).toBe(2);
      expect((await run([good, '--campaign', campaignId, '--mode', 'half'])).code).toBe(2);
      expect((await run([join(dir, 'missing.xlsx'), '--campaign', campaignId])).code).toBe(2);
      expect((await run([good, '--campaign', '00000000-0000-4000-8000-000000000000'])).code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** GB 18030 bytes of `text` (Node decodes GB 18030 but has no encoder: the two-byte GBK range, found by decoding). */
function encodeGb18030(text: string): Buffer | null {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else if (table.has(ch)) bytes.push(...table.get(ch)!);
    else return null;
  }
  return Buffer.from(bytes);
}
