import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { RosterService } from '../../src/campaigns/roster/roster.service.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';
import { csv, row, withWrongCheck } from '../campaigns/fixtures/roster-files.js';
import { as, assignDemoInstructor, createExtraUsers, EXTRA_PASSWORD, type Headers } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The federation area's pages and the guidance-notes API over HTTP: who reads and writes guidance notes (404 out
// of reach), the instructor's board, assigning an instructor from the page, a roster uploaded through the page
// (multipart, CSRF a field of it) with its report, the ledger downloaded with the session; forms without the
// CSRF token refused and nothing written.

let t: TestApp;
let caseId: string;
let campaignId: string;
const H: Record<string, Headers> = {};
let DEMO_INSTRUCTOR: string;

const cookiesOf = (res: Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];

async function session(username: string, password = 'demo12345') {
  const form = await t.http().get('/login');
  const nonce = cookiesOf(form).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
  const res = await t.http().post('/login').set('Cookie', nonce).type('form').send({ csrf: csrfOf(form.text), username, password });
  expect(res.status).toBe(303);
  return cookiesOf(res).find((c) => c.startsWith('cb_session='))!.split(';')[0];
}

async function startCase(): Promise<string> {
  const res = await t.http().post('/api/cases').set(H['union.demo']).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  return res.body.id;
}

const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  for (const u of ['union.demo', 'employer.demo', 'instructor.demo', 'bureau.demo', 'federation.demo', 'admin.demo', 'federation.mianyang', 'union.mianyang']) H[u] = await as(t, u);
  // A second instructor of 成都, not assigned to the case.
  const other = await t.http().post('/api/users').set(H['admin.demo']).send({ username: 'instructor.other', displayName: '王晓', role: 'instructor', organisationId: demoId('fed-cd'), regionCode: '510100', password: EXTRA_PASSWORD });
  expect(other.status).toBe(201);
  H['instructor.other'] = { Authorization: `Bearer ${await t.login('instructor.other', EXTRA_PASSWORD)}` };
  caseId = await startCase();
  await assignDemoInstructor(t, caseId);
  DEMO_INSTRUCTOR = (await t.dataSource.query('SELECT id FROM instructors WHERE user_id = $1', [demoId('user:instructor.demo')]))[0].id;
  campaignId = (await createCampaign(t, H['federation.demo'])).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('guidance notes API', () => {
  it('the assigned instructor writes (trimmed, newest first); parties, the federation, the bureau and the province read; another jurisdiction and a non-assigned instructor get 404', async () => {
    const first = await t.http().post(`/api/cases/${caseId}/guidance-notes`).set(H['instructor.demo']).send({ body: '  建议先召开职工代表大会讨论工资方案。\r\n' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ caseId, seq: 1, body: '建议先召开职工代表大会讨论工资方案。', author: { id: demoId('user:instructor.demo') } });
    const second = await t.http().post(`/api/cases/${caseId}/guidance-notes`).set(H['instructor.demo']).send({ body: '第二条意见' });
    expect(second.status).toBe(201);
    for (const reader of ['union.demo', 'employer.demo', 'instructor.demo', 'federation.demo', 'bureau.demo', 'admin.demo']) {
      const res = await t.http().get(`/api/cases/${caseId}/guidance-notes`).set(H[reader]);
      expect({ reader, status: res.status, bodies: (res.body as { body: string }[]).map((n) => n.body) }).toEqual({ reader, status: 200, bodies: ['第二条意见', '建议先召开职工代表大会讨论工资方案。'] });
    }
    for (const outsider of ['federation.mianyang', 'union.mianyang', 'instructor.other']) {
      const read = await t.http().get(`/api/cases/${caseId}/guidance-notes`).set(H[outsider]);
      const write = await t.http().post(`/api/cases/${caseId}/guidance-notes`).set(H[outsider]).send({ body: '越权意见' });
      expect({ outsider, read: read.status, write: write.status }).toEqual({ outsider, read: 404, write: 404 });
    }
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM case_guidance_notes WHERE case_id = $1', [caseId]);
    expect(rows[0].n).toBe(2);
  });

  it('only the assigned instructor writes (403 for the parties and authorities who read); empty, over 2000 characters or holding a NUL → 400 naming body', async () => {
    for (const reader of ['union.demo', 'federation.demo', 'bureau.demo', 'admin.demo']) {
      expect({ reader, status: (await t.http().post(`/api/cases/${caseId}/guidance-notes`).set(H[reader]).send({ body: '意见' })).status }).toEqual({ reader, status: 403 });
    }
    for (const body of ['   \n ', '字'.repeat(2001), '意见\u0000']) {
      const res = await t.http().post(`/api/cases/${caseId}/guidance-notes`).set(H['instructor.demo']).send({ body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body']);
    }
    expect((await t.http().post(`/api/cases/${caseId}/guidance-notes`).set(H['instructor.demo']).send({ body: '字'.repeat(2000) })).status).toBe(201);
    expect((await t.http().get('/api/cases/3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60/guidance-notes').set(H['federation.demo'])).status).toBe(404);
  });
});

describe('the instructor board and the guidance page', () => {
  it('board: the assigned case as a card in its state’s column with enterprise, kind, deadline and days left; other roles 403', async () => {
    const s = await session('instructor.demo');
    const res = await t.http().get('/board').set('Cookie', s);
    expect(res.status).toBe(200);
    const card = new RegExp(`<li class="board-case[^"]*" data-case="${caseId}"[^>]*>([\\s\\S]*?)</li>`).exec(res.text);
    expect(card).not.toBeNull();
    expect(card![1]).toContain('成都蜀锦机械制造有限公司');
    expect(card![1]).toContain('工资专项集体合同');
    expect(card![1]).toContain(`href="/cases/${caseId}/guidance"`);
    expect(res.text).toMatch(/<section class="board-column" data-state="drafting_offer"/);
    const other = await session('instructor.other', EXTRA_PASSWORD);
    expect((await t.http().get('/board').set('Cookie', other)).text).not.toContain(caseId);
    expect((await t.http().get('/board').set('Cookie', await session('union.demo'))).status).toBe(403);
  });

  it('guidance page: the instructor adds a note through the form (303, shown first); a blank note → 400 beside the field; no CSRF → 403, nothing written; the union reads without a form; out of reach → 404', async () => {
    const s = await session('instructor.demo');
    const page = await t.http().get(`/cases/${caseId}/guidance`).set('Cookie', s);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="form-guidance"');
    const csrf = csrfOf(page.text);
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM case_guidance_notes WHERE case_id = $1', [caseId]))[0].n as number;
    const before = await count();
    const ok = await t.http().post(`/cases/${caseId}/guidance`).set('Cookie', s).type('form').send({ csrf, body: '页面填写的意见\n第二行' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/cases/${caseId}/guidance?added=1`);
    const after = await t.http().get(ok.headers.location).set('Cookie', s);
    expect(after.text).toContain('指导意见已记录');
    expect(/<p class="note-body">([^<]*)<\/p>/.exec(after.text)![1]).toBe('页面填写的意见\n第二行');
    const blank = await t.http().post(`/cases/${caseId}/guidance`).set('Cookie', s).type('form').send({ csrf, body: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('id="guidance-body-error"');
    for (const body of [{ body: '无令牌' }, { csrf: 'wrong', body: '错误令牌' }]) {
      const refused = await t.http().post(`/cases/${caseId}/guidance`).set('Cookie', s).type('form').send(body);
      expect(refused.status).toBe(403);
    }
    expect(await count()).toBe(before + 1);
    const union = await t.http().get(`/cases/${caseId}/guidance`).set('Cookie', await session('union.demo'));
    expect(union.status).toBe(200);
    expect(union.text).toContain('页面填写的意见');
    expect(union.text).not.toContain('id="form-guidance"');
    const unionPost = await t.http().post(`/cases/${caseId}/guidance`).set('Cookie', await session('union.demo')).type('form').send({ csrf: csrfOf(union.text), body: 'x' });
    expect(unionPost.status).toBe(403);
    expect((await t.http().get(`/cases/${caseId}/guidance`).set('Cookie', await session('federation.mianyang', EXTRA_PASSWORD))).status).toBe(404);
    expect((await t.http().get(`/cases/${caseId}/guidance`).set('Cookie', await session('instructor.other', EXTRA_PASSWORD))).status).toBe(404);
    expect(await count()).toBe(before + 1);
  });
});

describe('instructors page', () => {
  it('lists the instructors with load and assessment and the open cases without one; assigning from form-assign (303; CSRF refused)', async () => {
    const fresh = await startCase();
    const s = await session('federation.demo');
    const list = await t.http().get('/instructors').set('Cookie', s);
    expect(list.status).toBe(200);
    expect(list.text).toMatch(new RegExp(`<tr data-instructor="${DEMO_INSTRUCTOR}">`));
    expect(list.text).toContain(`href="/cases/${fresh}/instructors"`);
    expect(list.text).not.toContain(`href="/cases/${caseId}/instructors"`);
    const page = await t.http().get(`/cases/${fresh}/instructors`).set('Cookie', s);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="form-assign"');
    expect(page.text).toContain(`value="${DEMO_INSTRUCTOR}"`);
    const csrf = csrfOf(page.text);
    expect((await t.http().post(`/cases/${fresh}/instructors`).set('Cookie', s).type('form').send({ instructorId: DEMO_INSTRUCTOR })).status).toBe(403);
    expect((await t.http().post(`/cases/${fresh}/instructors`).set('Cookie', s).type('form').send({ csrf })).status).toBe(400);
    expect((await t.http().get(`/api/cases/${fresh}/instructors`).set(H['federation.demo'])).body).toEqual([]);
    const ok = await t.http().post(`/cases/${fresh}/instructors`).set('Cookie', s).type('form').send({ csrf, instructorId: DEMO_INSTRUCTOR });
    expect(ok.status).toBe(303);
    const assigned = await t.http().get(`/api/cases/${fresh}/instructors`).set(H['federation.demo']);
    expect(assigned.body.map((a: { instructor: { id: string } }) => a.instructor.id)).toEqual([DEMO_INSTRUCTOR]);
    expect((await t.http().get('/instructors').set('Cookie', await session('instructor.demo'))).status).toBe(403);
    expect((await t.http().get(`/cases/${fresh}/instructors`).set('Cookie', await session('federation.mianyang', EXTRA_PASSWORD))).status).toBe(404);
  });
});

describe('roster import through the page', () => {
  const enterprises = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM campaign_enterprises WHERE campaign_id = $1', [campaignId]))[0].n as number;

  it('a bad file → the import page shows the report (row, column, rule, both messages) and nothing is written; without the CSRF token → 403 and no import', async () => {
    const s = await session('federation.demo');
    const page = await t.http().get(`/roster?campaign=${campaignId}`).set('Cookie', s);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<form method="post" action="\/roster" enctype="multipart\/form-data" id="form-roster-upload"/);
    expect(page.text).toContain(`href="/roster/template?campaign=${campaignId}"`);
    const csrf = csrfOf(page.text);
    const good = row(1);
    const bad = row(2, '510107', { 0: withWrongCheck(row(2)[0] as string) });
    const file = csv([good, bad]);
    const imports = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM roster_imports'))[0].n as number;
    const importsBefore = await imports();
    const refused = await t.http().post('/roster').set('Cookie', s).field('campaign', campaignId).field('mode', 'all_or_nothing').attach('file', file, { filename: '名册.csv', contentType: 'text/csv' });
    expect(refused.status).toBe(403);
    expect(await imports()).toBe(importsBefore);
    const res = await t.http().post('/roster').set('Cookie', s).field('csrf', csrf).field('campaign', campaignId).field('mode', 'all_or_nothing').attach('file', file, { filename: '名册.csv', contentType: 'text/csv' });
    expect(res.status).toBe(303);
    const importId = /^\/roster\/imports\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    await t.app.get(RosterService).settled(importId);
    const report = await t.http().get(res.headers.location).set('Cookie', s);
    expect(report.status).toBe(200);
    expect(report.text).toContain('data-status="rejected"');
    expect(report.text).not.toContain('http-equiv="refresh"');
    expect(report.text).toContain('<progress id="import-progress"');
    const line = /<tr data-row="3" data-rule="([^"]+)"><td class="num">3<\/td><td>统一社会信用代码<\/td>[\s\S]*?<span lang="zh-CN" class="msg-zh">([^<]+)<\/span><br><span lang="en" class="msg-en">([^<]+)<\/span>/.exec(report.text);
    expect(line).not.toBeNull();
    expect(report.text).toContain('名册.csv');
    expect(await enterprises()).toBe(0);
    // Another role is refused before its file is read.
    const union = await session('union.demo');
    const unionPost = await t.http().post('/roster').set('Cookie', union).field('csrf', csrf).field('campaign', campaignId).field('mode', 'all_or_nothing').attach('file', file, { filename: '名册.csv', contentType: 'text/csv' });
    expect(unionPost.status).toBe(403);
    // The import's list on the roster page links to it.
    expect((await t.http().get(`/roster?campaign=${campaignId}`).set('Cookie', s)).text).toContain(`href="/roster/imports/${importId}"`);
    // Another jurisdiction does not see it.
    expect((await t.http().get(res.headers.location).set('Cookie', await session('federation.mianyang', EXTRA_PASSWORD))).status).toBe(404);
  });

  it('no file → 400 with the message beside the field; skip_bad_rows imports the good row; the template downloads with the session', async () => {
    const s = await session('federation.demo');
    const csrf = csrfOf((await t.http().get(`/roster?campaign=${campaignId}`).set('Cookie', s)).text);
    const missing = await t.http().post('/roster').set('Cookie', s).field('csrf', csrf).field('campaign', campaignId).field('mode', 'all_or_nothing');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="roster-file-error"');
    const bad = row(4, '510107', { 4: -3 });
    // A control character in the file's name (a NUL PostgreSQL would refuse) is dropped, not a 500.
    const res = await t.http().post('/roster').set('Cookie', s).field('csrf', csrf).field('campaign', campaignId).field('mode', 'skip_bad_rows').attach('file', csv([row(3), bad]), { filename: 'ro\u0000ster.csv', contentType: 'text/csv' });
    expect(res.status).toBe(303);
    await t.app.get(RosterService).settled(res.headers.location.split('/').pop()!);
    const report = await t.http().get(res.headers.location).set('Cookie', s);
    expect(report.text).toContain('data-status="imported"');
    expect(report.text).toContain('roster.csv');
    expect(/<dd data-count="inserted">(\d+)<\/dd>/.exec(report.text)![1]).toBe('1');
    expect(report.text).toMatch(/<tr data-row="3" data-rule="[^"]+"><td class="num">3<\/td><td>职工人数<\/td>/);
    expect(await enterprises()).toBe(1);
    const template = await t.http().get(`/roster/template?campaign=${campaignId}`).set('Cookie', s).buffer(true).parse(binary as never);
    expect(template.status).toBe(200);
    expect(template.headers['x-content-type-options']).toBe('nosniff');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.body as never);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('统一社会信用代码');
  });
});

describe('ledger through the page', () => {
  it('the page previews the summary; the XLSX opens with exceljs (both sheets), the CSV has its BOM; another jurisdiction 404; other roles 403', async () => {
    const s = await session('federation.demo');
    const page = await t.http().get(`/ledger?campaign=${campaignId}`).set('Cookie', s);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/ledger/${campaignId}/ledger.xlsx"`);
    expect(page.text).toMatch(/<tr class="total"><th scope="row">合计<\/th><td class="num">1<\/td>/);
    const xlsx = await t.http().get(`/ledger/${campaignId}/ledger.xlsx`).set('Cookie', s).buffer(true).parse(binary as never);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; /);
    expect(xlsx.headers['x-content-type-options']).toBe('nosniff');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['活动情况汇总表', '企业集体协商建制情况表']);
    const csvRes = await t.http().get(`/ledger/${campaignId}/ledger.csv?sheet=summary`).set('Cookie', s).buffer(true).parse(binary as never);
    expect(csvRes.status).toBe(200);
    const text = (csvRes.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('合计');
    expect((await t.http().get(`/ledger/${campaignId}/ledger.xlsx`).set('Cookie', await session('federation.mianyang', EXTRA_PASSWORD))).status).toBe(404);
    expect((await t.http().get('/ledger').set('Cookie', await session('union.demo'))).status).toBe(403);
  });
});
