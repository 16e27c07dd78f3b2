import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { MAX_MATERIAL_BYTES } from '../../src/filings/file-type.js';
import { as, createExtraUsers, EXTRA_PASSWORD, today } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { caseAwaitingFiling, csrfOf, fileByApi, JPEG, pageSession, pdf, PNG } from './filings-helpers.js';

// Filing and review over HTTP: the materials' uploads (who, which state, which type and size), who reads them,
// the bureau's inbox and receipt, and the pages' forms (CSRF, the FILED form, the decisions).

let t: TestApp;
let id: string;

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  id = await caseAwaitingFiling(t);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const upload = async (caseId: string, who: string, kind: string, file: Buffer, fileName: string, contentType = 'application/pdf') =>
  t
    .http()
    .post(`/api/cases/${caseId}/filing/materials`)
    .set(await as(t, who))
    .field('kind', kind)
    .attach('file', file, { filename: fileName, contentType });

const list = async (caseId: string, who: string) => t.http().get(`/api/cases/${caseId}/filing/materials`).set(await as(t, who));
const stored = async (caseId: string) => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM case_filing_materials WHERE case_id = $1', [caseId]))[0].n);

describe('uploading filing materials (API)', () => {
  it('the employer uploads a PDF: 201 with its type, size and sha256; listed; downloaded as an attachment with nosniff, byte for byte', async () => {
    const file = pdf('contract');
    const res = await upload(id, 'employer.demo', 'contractCopies', file, '集体合同.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseId: id, kind: 'contractCopies', fileName: '集体合同.pdf', contentType: 'application/pdf', size: file.length, sha256: createHash('sha256').update(file).digest('hex') });
    const listed = await list(id, 'employer.demo');
    expect(listed.status).toBe(200);
    expect(listed.body.map((m: { id: string }) => m.id)).toContain(res.body.id);
    const got = await t.http().get(res.body.href).set(await as(t, 'bureau.demo')).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''%E9%9B%86/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(got.body as Buffer, file)).toBe(0);
  });

  it('PNG and JPEG are accepted, judged by their bytes (the type the client claims is not kept)', async () => {
    const png = await upload(id, 'employer.demo', 'minutesSigned', PNG, 'minutes.png', 'application/octet-stream');
    expect(png.status).toBe(201);
    expect(png.body.contentType).toBe('image/png');
    const jpeg = await upload(id, 'employer.demo', 'other', JPEG, 'photo.jpg', 'image/png');
    expect(jpeg.status).toBe(201);
    expect(jpeg.body.contentType).toBe('image/jpeg');
  });

  it('the file itself as the body (kind and filename in the query) is accepted too', async () => {
    const res = await t.http().post(`/api/cases/${id}/filing/materials?kind=bargainingNarrative&filename=narrative.pdf`).set(await as(t, 'employer.demo')).set('Content-Type', 'application/pdf').send(pdf('narrative'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'bargainingNarrative', fileName: 'narrative.pdf', contentType: 'application/pdf' });
  });

  it('refuses a text file named .pdf (415), a file over 10 MB (413), no file or an unknown item (400): each names its rule in Chinese and English, nothing stored', async () => {
    const before = await stored(id);
    const text = await upload(id, 'employer.demo', 'contractCopies', Buffer.from('not a pdf at all'), 'fake.pdf');
    expect(text.status).toBe(415);
    expect(text.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'fileType' })]);
    expect(text.body.detail).toContain('PDF、JPEG 或 PNG');
    expect(text.body.detail_en).toContain('PDF, JPEG or PNG');

    const big = Buffer.concat([pdf('big'), Buffer.alloc(MAX_MATERIAL_BYTES + 1 - pdf('big').length, 0x20)]);
    const large = await upload(id, 'employer.demo', 'contractCopies', big, 'big.pdf');
    expect(large.status).toBe(413);
    expect(large.body.detail).toContain('不得超过 10 MB');
    expect(large.body.detail_en).toContain('at most 10 MB');
    expect(large.body.errors).toEqual([expect.objectContaining({ rule: 'maxBytes' })]);

    const none = await t.http().post(`/api/cases/${id}/filing/materials`).set(await as(t, 'employer.demo')).field('kind', 'contractCopies');
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'required' })]);

    const unknown = await upload(id, 'employer.demo', 'salaryTable', pdf(), 'x.pdf');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'kind', rule: 'isIn' })]);
    expect(await stored(id)).toBe(before);
  });

  it('only the employer side uploads: the union 403 (it reads them), the bureau 403', async () => {
    const before = await stored(id);
    expect((await upload(id, 'union.demo', 'other', pdf(), 'u.pdf')).status).toBe(403);
    expect((await upload(id, 'bureau.demo', 'other', pdf(), 'b.pdf')).status).toBe(403);
    expect(await stored(id)).toBe(before);
    expect((await list(id, 'union.demo')).status).toBe(200);
  });

  it('only while awaiting filing, filing overdue or under review: a case still drafting its offer → 409 naming the rule', async () => {
    const res = await t.http().post('/api/cases').set(await as(t, 'union.demo')).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    const early = await upload(res.body.id, 'employer.demo', 'other', pdf(), 'early.pdf');
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('仅在待报送、逾期未报送或审查中时可以上传');
    expect(early.body.detail_en).toMatch(/awaiting filing, filing overdue or under review \(CCP Art 42\)/);
    expect(await stored(res.body.id)).toBe(0);
  });

  it('readers: the parties, the bureau and the federation of the jurisdiction; another jurisdiction, the instructor and the admin → 404', async () => {
    for (const who of ['employer.demo', 'union.demo', 'bureau.demo', 'federation.demo']) expect({ who, status: (await list(id, who)).status }).toEqual({ who, status: 200 });
    const [material] = (await list(id, 'employer.demo')).body as { href: string }[];
    const mianyang = { Authorization: `Bearer ${await t.login('federation.mianyang', EXTRA_PASSWORD)}` };
    expect((await t.http().get(`/api/cases/${id}/filing/materials`).set(mianyang)).status).toBe(404);
    expect((await t.http().get(material.href).set(mianyang)).status).toBe(404);
    const otherUnion = { Authorization: `Bearer ${await t.login('union.mianyang', EXTRA_PASSWORD)}` };
    expect((await t.http().get(material.href).set(otherUnion)).status).toBe(404);
    expect((await t.http().post(`/api/cases/${id}/filing/materials`).set(otherUnion).field('kind', 'other').attach('file', pdf(), 'x.pdf')).status).toBe(404);
    for (const who of ['instructor.demo', 'admin.demo']) expect({ who, status: (await list(id, who)).status }).toEqual({ who, status: 404 });
  });
});

describe('the bureau: inbox and receipt (API)', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = await caseAwaitingFiling(t);
    t.clock.advanceDays(1);
    await fileByApi(t, first);
    second = await caseAwaitingFiling(t);
    t.clock.advanceDays(1);
    await fileByApi(t, second);
  }, 120_000);

  it('GET /api/filings: the jurisdiction’s cases under review, nearest review deadline first, with days remaining', async () => {
    const res = await t.http().get('/api/filings').set(await as(t, 'bureau.demo'));
    expect(res.status).toBe(200);
    const items = res.body as { caseId: string; state: string; reviewDueOn: string | null; daysRemaining: number | null; regionCode: string; enterprise: string }[];
    const ids = items.map((i) => i.caseId);
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    const review = items.filter((i) => i.state === 'under_review');
    expect(review.map((i) => i.reviewDueOn)).toEqual([...review.map((i) => i.reviewDueOn)].sort());
    const mine = items.find((i) => i.caseId === second)!;
    expect(mine).toMatchObject({ enterprise: '成都蜀锦机械制造有限公司', regionCode: '510107' });
    expect(mine.daysRemaining).toBeGreaterThanOrEqual(14);
    // Nothing of another jurisdiction (the demo's filing overdue in 乐山 is not 成都's).
    expect(items.every((i) => i.regionCode.startsWith('5101'))).toBe(true);
    expect((await t.http().get('/api/filings').set(await as(t, 'union.demo'))).status).toBe(403);
  });

  it('the receipt: 201 once, 200 with the same receipt after; shown to the parties; refused for a case not under review (409) and by the union (403)', async () => {
    const bureau = await as(t, 'bureau.demo');
    const issued = await t.http().post(`/api/cases/${first}/filing/receipt`).set(bureau).send({ receiptNo: '成人社集备〔2018〕7号' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ caseId: first, receiptNo: '成人社集备〔2018〕7号' });
    const again = await t.http().post(`/api/cases/${first}/filing/receipt`).set(bureau).send({ receiptNo: '另一个号' });
    expect(again.status).toBe(200);
    expect(again.body.receiptNo).toBe('成人社集备〔2018〕7号');
    expect(Number((await t.dataSource.query('SELECT count(*)::int AS n FROM case_filing_receipts WHERE case_id = $1', [first]))[0].n)).toBe(1);
    for (const who of ['union.demo', 'employer.demo']) {
      const view = await t.http().get(`/api/cases/${first}/filing`).set(await as(t, who));
      expect(view.body.receipt).toMatchObject({ receiptNo: '成人社集备〔2018〕7号' });
    }
    expect((await t.http().post(`/api/cases/${second}/filing/receipt`).set(await as(t, 'union.demo')).send({})).status).toBe(403);
    const future = await t.http().post(`/api/cases/${second}/filing/receipt`).set(bureau).send({ receivedOn: '2099-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'receivedOn', rule: 'notInFuture' })]);
    expect((await t.http().post(`/api/cases/${id}/filing/receipt`).set(bureau).send({})).status).toBe(409);
  });
});

describe('the pages', () => {
  it('employer: the checklist with an upload form per item; a multipart upload without the CSRF token → 403, nothing stored; with it → 303 and listed', async () => {
    const caseId = await caseAwaitingFiling(t, 'wage');
    const s = await pageSession(t, 'employer.demo');
    const page = await t.http().get(`/cases/${caseId}/filing`).set('Cookie', s);
    expect(page.status).toBe(200);
    for (const kind of ['contractCopies', 'bargainingNarrative', 'congressResolution', 'representativesList', 'minutesSigned', 'specialData', 'other']) {
      expect(page.text).toContain(`id="form-upload-${kind}"`);
    }
    expect(page.text).toContain('id="form-FILED"');
    const csrf = csrfOf(page.text);
    const refused = await t.http().post(`/cases/${caseId}/filing/materials`).set('Cookie', s).field('kind', 'contractCopies').attach('file', pdf(), 'c.pdf');
    expect(refused.status).toBe(403);
    const wrong = await t.http().post(`/cases/${caseId}/filing/materials`).set('Cookie', s).field('csrf', 'x'.repeat(40)).field('kind', 'contractCopies').attach('file', pdf(), 'c.pdf');
    expect(wrong.status).toBe(403);
    expect(await stored(caseId)).toBe(0);
    const ok = await t.http().post(`/cases/${caseId}/filing/materials`).set('Cookie', s).field('csrf', csrf).field('kind', 'contractCopies').attach('file', pdf(), '合同.pdf');
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/cases/${caseId}/filing?uploaded=contractCopies`);
    const after = await t.http().get(ok.headers.location).set('Cookie', s);
    expect(after.text).toContain('已上传：集体合同文本');
    expect(after.text).toMatch(new RegExp(`href="/cases/${caseId}/filing/materials/[0-9a-f-]{36}" download>合同.pdf`));
    // The FILED form's ticks follow the uploads: three copies now, nothing else ticked.
    expect(after.text).toMatch(/name="payload.materials.contractCopies" value="3"/);
    expect(after.text).not.toMatch(/name="payload.materials.bargainingNarrative" value="true" checked/);
    // A refused type: the page again (415) with the message beside that item's field.
    const bad = await t.http().post(`/cases/${caseId}/filing/materials`).set('Cookie', s).field('csrf', csrf).field('kind', 'minutesSigned').attach('file', Buffer.from('hello'), 'm.pdf');
    expect(bad.status).toBe(415);
    expect(bad.text).toContain('id="upload-minutesSigned-file-error"');
    expect(bad.text).toContain('报送材料只接受 PDF、JPEG 或 PNG 文件');
    // The page's download link, with the cookie session.
    const href = /href="(\/cases\/[^"]+\/filing\/materials\/[^"]+)" download/.exec(after.text)![1];
    const file = await t.http().get(href).set('Cookie', s);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    // The union reads the page, with no upload form.
    const union = await t.http().get(`/cases/${caseId}/filing`).set('Cookie', await pageSession(t, 'union.demo'));
    expect(union.status).toBe(200);
    expect(union.text).not.toContain('id="form-upload-');
    expect(union.text).toContain('合同.pdf');
  });

  it('employer: FILED from the page with missing materials → 422 with the articles, nothing recorded; complete → 303, under review', async () => {
    const caseId = await caseAwaitingFiling(t);
    const s = await pageSession(t, 'employer.demo');
    const page = await t.http().get(`/cases/${caseId}/filing`).set('Cookie', s);
    const csrf = csrfOf(page.text);
    const version = /name="expectedVersion" value="(\d+)"/.exec(page.text)![1];
    const base = { csrf, expectedVersion: version, 'payload.occurredOn': today(t) };
    const missing = await t.http().post(`/cases/${caseId}/filing/filed`).set('Cookie', s).type('form').send({ ...base, 'payload.materials.contractCopies': '3' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('缺少报送材料');
    expect(missing.text).toContain('CCP Art 43');
    const full = await t
      .http()
      .post(`/cases/${caseId}/filing/filed`)
      .set('Cookie', s)
      .type('form')
      .send({ ...base, 'payload.materials.contractCopies': '3', 'payload.materials.bargainingNarrative': 'true', 'payload.materials.congressResolution': 'true', 'payload.materials.representativesList': 'true', 'payload.materials.minutesSigned': 'true' });
    expect(full.status).toBe(303);
    expect(full.headers.location).toBe(`/cases/${caseId}/filing?sent=FILED`);
    expect((await t.http().get(`/api/cases/${caseId}`).set(await as(t, 'union.demo'))).body.state).toBe('under_review');
    const stale = await t.http().post(`/cases/${caseId}/filing/filed`).set('Cookie', s).type('form').send({ ...base, 'payload.materials.contractCopies': '3' });
    expect(stale.status).toBe(409);
  });

  it('bureau: the inbox rows in review-deadline order link to the review page; receipt, objection rows and approval from the page; CSRF refused', async () => {
    const s = await pageSession(t, 'bureau.demo');
    const inbox = await t.http().get('/filings').set('Cookie', s);
    expect(inbox.status).toBe(200);
    const api = (await t.http().get('/api/filings').set(await as(t, 'bureau.demo'))).body as { caseId: string }[];
    const rows = [...inbox.text.matchAll(/<tr data-case="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(rows).toEqual(api.map((i) => i.caseId));
    const target = api[api.length - 1].caseId;
    expect(inbox.text).toContain(`<a href="/filings/${target}">`);
    const page = await t.http().get(`/filings/${target}`).set('Cookie', s);
    expect(page.status).toBe(200);
    for (const form of ['form-MATERIALS_REQUESTED', 'form-OBJECTION_ISSUED', 'form-APPROVED']) expect(page.text).toContain(`id="${form}"`);
    expect(page.text).toContain('id="compliance-counts"');
    const csrf = csrfOf(page.text);
    expect((await t.http().post(`/filings/${target}/receipt`).set('Cookie', s).type('form').send({ receiptNo: 'X' })).status).toBe(403);
    expect(page.text).toContain('id="form-receipt"');
    const receipt = await t.http().post(`/filings/${target}/receipt`).set('Cookie', s).type('form').send({ csrf, receiptNo: '成人社集备〔2018〕9号' });
    expect(receipt.status).toBe(303);
    const shown = await t.http().get(receipt.headers.location).set('Cookie', s);
    expect(shown.text).toContain('成人社集备〔2018〕9号');
    expect(shown.text).not.toContain('id="form-receipt"');
    const inboxAfter = await t.http().get('/filings').set('Cookie', s);
    expect(inboxAfter.text).toMatch(new RegExp(`data-case="${target}"[\\s\\S]*?已出具`));
    const version = /id="case-version">(\d+)</.exec(page.text)![1];
    // An objection whose only row has a finding but no article: 400, the message beside that row, nothing recorded.
    const bad = await t.http().post(`/filings/${target}/events`).set('Cookie', s).type('form').send({ csrf, type: 'OBJECTION_ISSUED', expectedVersion: version, rows: '1', 'payload.occurredOn': today(t), 'findings.0.issue': '工时超标', 'findings.0.basis': '劳动法第四十一条' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="finding-0-article-error"');
    const approved = await t.http().post(`/filings/${target}/events`).set('Cookie', s).type('form').send({ csrf, type: 'APPROVED', expectedVersion: version, 'payload.occurredOn': today(t) });
    expect(approved.status).toBe(303);
    expect((await t.http().get(`/api/cases/${target}`).set(await as(t, 'bureau.demo'))).body.state).toBe('effective');
    // Others do not reach the review page.
    expect((await t.http().get(`/filings/${target}`).set('Cookie', await pageSession(t, 'union.demo'))).status).toBe(404);
  });

  it('bureau: an objection with findings per article (legal basis in the finding’s text) sends the case back to negotiation', async () => {
    const caseId = await caseAwaitingFiling(t);
    t.clock.advanceDays(1);
    await fileByApi(t, caseId);
    const s = await pageSession(t, 'bureau.demo');
    const page = await t.http().get(`/filings/${caseId}`).set('Cookie', s);
    const version = /id="case-version">(\d+)</.exec(page.text)![1];
    const res = await t
      .http()
      .post(`/filings/${caseId}/events`)
      .set('Cookie', s)
      .type('form')
      .send({ csrf: csrfOf(page.text), type: 'OBJECTION_ISSUED', expectedVersion: version, rows: '3', 'payload.occurredOn': today(t), 'findings.0.article': '第十二条', 'findings.0.issue': '最低工资低于当地标准', 'findings.0.basis': '劳动合同法第五十五条', 'findings.1.article': '', 'findings.1.issue': '', 'findings.2.article': '第二十条', 'findings.2.issue': '加班时长超过上限' });
    expect(res.status).toBe(303);
    const history = (await t.http().get(`/api/cases/${caseId}/history`).set(await as(t, 'bureau.demo'))).body as { type: string; payload: { findings?: unknown } }[];
    expect(history.at(-1)!.type).toBe('OBJECTION_ISSUED');
    expect(history.at(-1)!.payload.findings).toEqual([
      { article: '第十二条', issue: '最低工资低于当地标准（法律依据：劳动合同法第五十五条）' },
      { article: '第二十条', issue: '加班时长超过上限' },
    ]);
  });
});

describe('the review page’s redline and findings', () => {
  it('a case with a draft and no previous contract: the latest draft against its first version, said so; the compliance findings prefill the objection rows', async () => {
    const caseId = await caseAwaitingFiling(t, 'comprehensive', { draft: true });
    t.clock.advanceDays(1);
    await fileByApi(t, caseId);
    const s = await pageSession(t, 'bureau.demo');
    const page = await t.http().get(`/filings/${caseId}`).set('Cookie', s);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="redline-basis"');
    expect(page.text).toContain('本案没有上期合同；以下为最新草案与第 1 版的对照。');
    const compliance = (await t.http().get(`/api/cases/${caseId}/compliance`).set(await as(t, 'bureau.demo'))).body as { findings: { id: string; message_zh: string }[] };
    expect(page.text).toContain(`id="compliance-counts"`);
    for (const f of compliance.findings) expect(page.text).toContain(`data-finding="${f.id}"`);
    if (compliance.findings.length) expect(page.text).toContain(`name="findings.0.issue" rows="3" maxlength="1800">${compliance.findings[0].message_zh.replace(/"/g, '&quot;')}</textarea>`);
    const en = await t.http().get(`/filings/${caseId}?lang=en`).set('Cookie', s);
    expect(en.status).toBe(200);
    expect(en.text).toContain('There is no previous contract');
  });
});

describe('the OpenAPI document', () => {
  it('documents the filings API: the upload as multipart or the file itself, the receipt’s JSON body, the bearer token', async () => {
    const doc = (await t.http().get('/api/docs/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { format?: string; $ref?: string } }> }; security?: unknown[] }>> };
    const upload = doc.paths['/api/cases/{id}/filing/materials'].post;
    expect(Object.keys(upload.requestBody!.content)).toEqual(expect.arrayContaining(['multipart/form-data', 'application/pdf', 'image/jpeg', 'image/png']));
    expect(upload.requestBody!.content['application/pdf'].schema.format).toBe('binary');
    expect(doc.paths['/api/cases/{id}/filing/receipt'].post.requestBody!.content['application/json'].schema.$ref).toBe('#/components/schemas/IssueReceiptDto');
    for (const path of ['/api/filings', '/api/cases/{id}/filing', '/api/cases/{id}/filing/materials/{materialId}']) expect(doc.paths[path].get.security).toEqual([{ bearer: [] }]);
  });
});
