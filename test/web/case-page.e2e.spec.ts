import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { DocumentProducer } from '../../src/documents/document-producer.js';
import { samplePayload } from '../support/procedure-samples.js';
import { as, EXTRA_PASSWORD } from '../engine/engine-helpers.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM } from '../../src/database/seed/procedure-samples.js';
import { agreeLowestWage, expectStatus, negotiatingCase, nextDay, resetBench, sendEvent, startBench, startDraft, type Bench, type Who } from '../negotiation/workspace-helpers.js';

// The case page made whole (diagram with the current state, timeline, deadlines, documents and their PDF
// route, workspace links), starting a case from /cases/new, and the register of contracts in force (page and
// GET /api/register). Over HTTP with the session cookie of the sign-in form; real PostgreSQL and Chromium.

let b: Bench;
let producer: DocumentProducer;
beforeAll(async () => {
  b = await startBench();
  producer = b.t.app.get(DocumentProducer);
  await resetBench(b);
}, 120_000);
afterAll(async () => {
  await b?.t.close();
});

const cookiesOf = (res: Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const sessions = new Map<string, string>();

async function session(username: string, password = 'demo12345'): Promise<string> {
  if (sessions.has(username)) return sessions.get(username)!;
  const form = await b.t.http().get('/login');
  const nonce = cookiesOf(form).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
  const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
  const res = await b.t.http().post('/login').set('Cookie', nonce).type('form').send({ csrf: token, username, password });
  expect(res.status).toBe(303);
  const cookie = cookiesOf(res).find((c) => c.startsWith('cb_session='))!.split(';')[0];
  sessions.set(username, cookie);
  return cookie;
}

const page = (path: string, cookie: string) => b.t.http().get(path).set('Cookie', cookie);
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1];
const binary = (req: ReturnType<typeof page>) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function offeredCase(): Promise<string> {
  const res = expectStatus(await b.t.http().post('/api/cases').set(b.H['union.demo']).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') }), 201);
  expectStatus(await sendEvent(b, res.body.id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay(b))), 200);
  return res.body.id;
}

describe('the case page', () => {
  let id: string;
  let docId: string;

  beforeAll(async () => {
    id = await offeredCase();
    expectStatus(await sendEvent(b, id, 'employer.demo', 'RESPONSE_REFUSED', { ...samplePayload('RESPONSE_REFUSED', nextDay(b)), reason: '今年订单下滑，暂缓协商' }), 200);
    expect(await producer.runUntilIdle()).toBeGreaterThanOrEqual(1);
    const docs = expectStatus(await b.t.http().get(`/api/cases/${id}/documents`).set(b.H['union.demo']), 200).body;
    docId = docs.documents[0].id;
  }, 120_000);

  it('the diagram: inline SVG with the current state marked (class current, data-state), its name as text alternative', async () => {
    const res = await page(`/cases/${id}`, await session('union.demo'));
    expect(res.status).toBe(200);
    const diagram = /<details id="case-diagram"[\s\S]*?<\/details>/.exec(res.text)![0];
    expect(diagram).toContain('<svg');
    expect(diagram).toMatch(/<g class="state current" aria-current="step" data-state="refused">/);
    expect(diagram.match(/class="state current"/g)).toHaveLength(1);
    expect(diagram).toMatch(/role="img" aria-label="[^"]*当前状态: 拒绝协商/);
    expect(diagram).toMatch(/id="case-diagram-text">当前状态：<strong>[^<]+<\/strong>/);
    const en = await page(`/cases/${id}?lang=en`, await session('union.demo'));
    expect(/<details id="case-diagram"[\s\S]*?<\/details>/.exec(en.text)![0]).toMatch(/aria-label="[^"]*current state: /);
  });

  it('the timeline: who, what, the date of the act, when recorded, the refusal’s reason', async () => {
    const res = await page(`/cases/${id}`, await session('employer.demo'));
    const items = [...res.text.matchAll(/<li data-type="([A-Z_]+)" data-seq="(\d+)">([\s\S]*?)<\/li>/g)].map((m) => ({ type: m[1], body: m[3] }));
    expect(items.map((i) => i.type)).toEqual(['CASE_STARTED', 'OFFER_ISSUED', 'RESPONSE_REFUSED']);
    const refusal = items[2].body;
    expect(refusal).toContain('王建国（蜀锦机械法定代表人）（企业）');
    expect(refusal).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">/);
    expect(refusal).toMatch(/记录于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(refusal).toContain('<dt>理由</dt><dd>今年订单下滑，暂缓协商</dd>');
    expect(items[1].body).toContain('<dt>协商议题</dt>');
  });

  it('the documents produced so far, each with its PDF link; the PDF is served inline to a viewer of the case', async () => {
    const union = await session('union.demo');
    const res = await page(`/cases/${id}`, union);
    expect(res.text).toMatch(new RegExp(`<li data-document="${docId}">[\\s\\S]*?href="/documents/${docId}/pdf"`));
    const pdf = await binary(page(`/documents/${docId}/pdf`, union));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="[^"]+\.pdf"; filename\*=UTF-8''/);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const download = await binary(page(`/documents/${docId}/pdf?download=1`, union));
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    // The bureau of the case's city reads it too.
    expect((await binary(page(`/documents/${docId}/pdf`, await session('bureau.demo')))).status).toBe(200);
  });

  it('the PDF route: another jurisdiction → 404 page; no session → 303 to the sign-in; not a UUID → 400', async () => {
    const other = await page(`/documents/${docId}/pdf`, await session('union.mianyang', EXTRA_PASSWORD));
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toMatch(/^text\/html/);
    expect(other.text).not.toContain('%PDF');
    const none = await b.t.http().get(`/documents/${docId}/pdf`);
    expect(none.status).toBe(303);
    expect(none.headers.location).toBe(`/login?next=${encodeURIComponent(`/documents/${docId}/pdf`)}`);
    expect((await page('/documents/nope/pdf', await session('union.demo'))).status).toBe(400);
  });

  it('the deadlines with days remaining; the workspace links that apply to the viewer and the state', async () => {
    const fresh = await offeredCase();
    const union = await page(`/cases/${fresh}`, await session('union.demo'));
    const deadline = expectStatus(await b.t.http().get(`/api/cases/${fresh}`).set(b.H['union.demo']), 200).body.deadlines[0];
    expect(deadline.daysRemaining).toBeGreaterThan(0);
    expect(union.text).toContain(`<li data-deadline="response">${deadline.label.zh}：截止 <time datetime="${deadline.dueOn}">${deadline.dueOn}</time>，<strong>剩 ${deadline.daysRemaining} 天</strong>`);
    // A day past the last one: overdue, marked.
    b.t.clock.advanceDays(deadline.daysRemaining + 1);
    const late = await page(`/cases/${fresh}`, await session('union.demo'));
    expect(late.text).toContain(`<li data-deadline="response" class="late">${deadline.label.zh}：截止 <time datetime="${deadline.dueOn}">${deadline.dueOn}</time>，<strong>逾期 1 天</strong>`);
    b.t.clock.advanceDays(-(deadline.daysRemaining + 1));
    expect(union.text).toContain(`href="/cases/${fresh}/guidance"`);
    expect(union.text).not.toContain(`href="/cases/${fresh}/negotiation"`);
    expectStatus(await sendEvent(b, fresh, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', nextDay(b))), 200);
    const talks = await page(`/cases/${fresh}`, await session('union.demo'));
    expect(talks.text).toContain(`href="/cases/${fresh}/team"`);
    expect(talks.text).toContain(`href="/cases/${fresh}/negotiation"`);
    expect(talks.text).not.toContain(`href="/cases/${fresh}/filing"`);
    const bureau = await page(`/cases/${fresh}`, await session('bureau.demo'));
    expect(bureau.text).not.toContain(`href="/cases/${fresh}/negotiation"`);
    expect(bureau.text).not.toContain(`href="/filings/${fresh}"`);
    expect(bureau.text).toContain(`href="/cases/${fresh}/guidance"`);
  });
});

describe('starting a case: /cases/new', () => {
  it('the form: the union’s own enterprise, the enterprise kinds with Chinese labels, the running campaigns', async () => {
    const res = await page('/cases/new', await session('union.demo'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="form-start"');
    expect(res.text).toContain(`<option value="${demoId('ent-shujin')}" selected>成都蜀锦机械制造有限公司</option>`);
    expect(res.text).not.toContain(demoId('ent-tianfu'));
    expect(res.text).toContain('<option value="wage">工资专项集体合同</option>');
    expect(res.text).not.toContain('<option value="industry">');
    expect(res.text).toMatch(/<select id="start-campaign" name="campaignId"[^>]*>\s*<option value="">自动/);
    const en = await page('/cases/new?lang=en', await session('union.demo'));
    expect(en.text).toContain('<option value="wage">Special contract on wages</option>');
    expect(en.text).toContain('<label for="start-kind">Kind of contract');
    await page('/cases/new?lang=zh', await session('union.demo'));
    // A bureau starts no case from the pages.
    expect((await page('/cases/new', await session('bureau.demo'))).status).toBe(403);
  });

  it('the employer’s form offers its own union', async () => {
    const res = await page('/cases/new', await session('employer.demo'));
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<option value="${demoId('union-shujin')}" selected>成都蜀锦机械制造有限公司工会</option>`);
  });

  it('a valid form → 303 to the new case’s page, the case stored with the parties and the kind', async () => {
    const union = await session('union.demo');
    const form = await page('/cases/new', union);
    const res = await b.t.http().post('/cases/new').set('Cookie', union).type('form').send({ csrf: csrfOf(form.text), unionId: demoId('union-shujin'), employerId: demoId('ent-shujin'), kind: 'safety_health', campaignId: '', title: '' });
    expect(res.status).toBe(303);
    const id = /^\/cases\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    const view = expectStatus(await b.t.http().get(`/api/cases/${id}`).set(b.H['union.demo']), 200).body;
    expect({ kind: view.kind, state: view.state, union: view.union.id, employer: view.employer.id, title: view.title }).toEqual({
      kind: 'safety_health',
      state: 'drafting_offer',
      union: demoId('union-shujin'),
      employer: demoId('ent-shujin'),
      title: '成都蜀锦机械制造有限公司 劳动安全卫生专项集体合同',
    });
    const shown = await page(res.headers.location, union);
    expect(shown.text).toContain('id="form-OFFER_ISSUED"');
  });

  it('a kind the workflow lacks → 400, the message beside the kind, the values kept, nothing stored', async () => {
    const union = await session('union.demo');
    const before = (await b.t.http().get('/api/cases?pageSize=100').set(b.H['union.demo'])).body.total;
    const form = await page('/cases/new', union);
    const res = await b.t.http().post('/cases/new').set('Cookie', union).type('form').send({ csrf: csrfOf(form.text), unionId: demoId('union-shujin'), employerId: demoId('ent-shujin'), kind: 'industry', title: '保留的名称' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<p class="error field-error" id="start-kind-error"><span>请选择集体合同的类型<\/span>/);
    expect(res.text).toContain('aria-describedby="start-kind-error"');
    expect(res.text).toContain('value="保留的名称"');
    expect((await b.t.http().get('/api/cases?pageSize=100').set(b.H['union.demo'])).body.total).toBe(before);
  });

  it('a party outside the caller’s reach → 400 with the service’s message beside the enterprise', async () => {
    const union = await session('union.demo');
    const form = await page('/cases/new', union);
    const res = await b.t.http().post('/cases/new').set('Cookie', union).type('form').send({ csrf: csrfOf(form.text), unionId: demoId('union-shujin'), employerId: demoId('ent-tianfu'), kind: 'wage' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="start-employer-error"');
    expect(res.text).toContain('工会须为该企业的工会');
  });

  it('a NUL in a field (no form of ours sends one; PostgreSQL stores none) → 400 naming the field, nothing stored', async () => {
    const union = await session('union.demo');
    const before = (await b.t.http().get('/api/cases?pageSize=100').set(b.H['union.demo'])).body.total;
    const form = await page('/cases/new', union);
    const res = await b.t.http().post('/cases/new').set('Cookie', union).type('form').send({ csrf: csrfOf(form.text), unionId: demoId('union-shujin'), employerId: demoId('ent-shujin'), kind: 'wage', title: '名\u0000称' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'title', rule: 'noNul' })]);
    expect((await b.t.http().get('/api/cases?pageSize=100').set(b.H['union.demo'])).body.total).toBe(before);
  });

  it('without the CSRF token, or with another session’s → 403, nothing stored', async () => {
    const union = await session('union.demo');
    const before = (await b.t.http().get('/api/cases?pageSize=100').set(b.H['union.demo'])).body.total;
    const missing = await b.t.http().post('/cases/new').set('Cookie', union).type('form').send({ unionId: demoId('union-shujin'), employerId: demoId('ent-shujin'), kind: 'wage' });
    expect(missing.status).toBe(403);
    const foreign = csrfOf((await page('/cases/new', await session('employer.demo'))).text);
    const wrong = await b.t.http().post('/cases/new').set('Cookie', union).type('form').send({ csrf: foreign, unionId: demoId('union-shujin'), employerId: demoId('ent-shujin'), kind: 'wage' });
    expect(wrong.status).toBe(403);
    expect((await b.t.http().get('/api/cases?pageSize=100').set(b.H['union.demo'])).body.total).toBe(before);
  });
});

describe('the register of contracts in force', () => {
  let id: string;
  let termEnd: string;

  beforeAll(async () => {
    // 蜀锦机械 (510107, industry C), driven to in force with a negotiated draft whose lowest wage reads 1777元.
    id = await negotiatingCase(b);
    await startDraft(b, id);
    await agreeLowestWage(b, id, 1777);
    for (const [who, type] of [['union.demo', 'DRAFT_AGREED'], ['union.demo', 'CONGRESS_VOTED'], ['union.demo', 'SIGNED'], ['employer.demo', 'FILED'], ['bureau.demo', 'APPROVED'], ['union.demo', 'PUBLISHED']] as const) {
      expectStatus(await sendEvent(b, id, who, type, samplePayload(type, nextDay(b))), 200);
    }
    const view = expectStatus(await b.t.http().get(`/api/cases/${id}`).set(b.H['union.demo']), 200).body;
    expect(view.state).toBe('in_force');
    termEnd = (await b.t.dataSource.query('SELECT term_end::text AS t FROM cases WHERE id = $1', [id]))[0].t;
    // A second contract in force, signed on paper (no draft recorded): two rows to page through.
    const other = expectStatus(await b.t.http().post('/api/cases').set(b.H['union.demo']).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') }), 201).body.id;
    const course: [Who, string, Record<string, unknown> | undefined][] = [
      ['union.demo', 'OFFER_ISSUED', undefined],
      ['employer.demo', 'RESPONSE_AGREED', undefined],
      ['union.demo', 'REPRESENTATIVES_APPOINTED', { members: EMPLOYEE_TEAM }],
      ['employer.demo', 'REPRESENTATIVES_APPOINTED', { members: EMPLOYER_TEAM }],
      ['union.demo', 'TALKS_SCHEDULED', undefined],
      ['union.demo', 'SESSION_HELD', undefined],
      ['union.demo', 'DRAFT_AGREED', undefined],
      ['union.demo', 'CONGRESS_VOTED', undefined],
      ['union.demo', 'SIGNED', undefined],
      ['employer.demo', 'FILED', undefined],
      ['bureau.demo', 'APPROVED', undefined],
      ['union.demo', 'PUBLISHED', undefined],
    ];
    for (const [who, type, extra] of course) {
      const on = nextDay(b);
      expectStatus(await sendEvent(b, other, who, type, extra ? { occurredOn: on, ...extra } : samplePayload(type, on)), 200);
    }
  }, 120_000);

  const api = (query: Record<string, string>, who: 'bureau.demo' | 'union.demo' = 'bureau.demo') => b.t.http().get('/api/register').query(query).set(b.H[who]);
  const rowsOf = (html: string) => [...html.matchAll(/<tr data-case="([0-9a-f-]{36})"/g)].map((m) => m[1]);

  it('API: in force in the jurisdiction, filtered by region, industry, term end and words of the contract', async () => {
    const all = expectStatus(await api({}), 200).body;
    expect(all.items.map((e: { caseId: string }) => e.caseId)).toContain(id);
    expect(all.items.every((e: { state: string }) => ['effective', 'in_force', 'renewal_window'].includes(e.state))).toBe(true);
    expect(all.items.every((e: { regionCode: string }) => e.regionCode.startsWith('5101'))).toBe(true);
    const mine = all.items.find((e: { caseId: string }) => e.caseId === id);
    expect(mine).toMatchObject({ termEnd, regionCode: '510107', industryCode: 'C', unionName: '成都蜀锦机械制造有限公司工会', excerpt: null });
    const ids = async (q: Record<string, string>) => expectStatus(await api(q), 200).body.items.map((e: { caseId: string }) => e.caseId);
    expect(await ids({ region: '510107' })).toContain(id);
    expect(await ids({ region: '510116' })).not.toContain(id);
    expect(await ids({ industry: 'C' })).toContain(id);
    expect(await ids({ industry: 'H' })).not.toContain(id);
    expect(await ids({ expiresBefore: termEnd })).toContain(id);
    expect(await ids({ expiresBefore: '2019-01-01' })).not.toContain(id);
    expect(await ids({ expiresAfter: termEnd })).toContain(id);
    expect(await ids({ expiresAfter: '2099-01-01' })).not.toContain(id);
    const words = expectStatus(await api({ q: '1777' }), 200).body;
    expect(words.items.map((e: { caseId: string }) => e.caseId)).toEqual([id]);
    expect(words.items[0].excerpt).toContain('1777元');
    expect(expectStatus(await api({ q: '1778' }), 200).body.total).toBe(0);
    // % and _ are taken literally: 1_77 is no pattern for 1777.
    expect(expectStatus(await api({ q: '1_77' }), 200).body.total).toBe(0);
  });

  it('API: a region outside the jurisdiction or a bad date → 400; a party’s role → 403', async () => {
    expect((await api({ region: '510700' })).status).toBe(400);
    expect((await api({ expiresBefore: '2020-02-30' })).status).toBe(400);
    expect((await api({ expiresAfter: '2030-01-01', expiresBefore: '2020-01-01' })).status).toBe(400);
    expect((await api({}, 'union.demo')).status).toBe(403);
    // A NUL in the words is refused, not passed to PostgreSQL (which fails on it).
    const nul = await api({ q: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([expect.objectContaining({ field: 'q', rule: 'noNul' })]);
  });

  it('the page: the same search with its filters kept, rows tr[data-case], a link to each case', async () => {
    const bureau = await session('bureau.demo');
    const all = await page('/register', bureau);
    expect(all.status).toBe(200);
    expect(rowsOf(all.text)).toContain(id);
    expect(all.text).toContain(`<a href="/cases/${id}">`);
    expect(all.text).toContain('<option value="510107">— 武侯区</option>');
    expect(all.text).not.toContain('<option value="510700"');
    const words = await page('/register?q=1777', bureau);
    expect(rowsOf(words.text)).toEqual([id]);
    expect(words.text).toContain('value="1777"');
    expect(words.text).toMatch(/<span class="excerpt">[^<]*1777元/);
    const en = await page('/register?q=1777&lang=en', bureau);
    expect(en.text).toContain('Register of collective contracts');
    expect(en.text).toMatch(/Special contract on wages|Comprehensive collective contract/);
    await page('/register?lang=zh', bureau);
    const region = await page('/register?region=510116', bureau);
    expect(rowsOf(region.text)).not.toContain(id);
    expect(region.text).toContain('<option value="510116" selected>');
    const expiring = await page(`/register?expiresBefore=${termEnd}&industry=C`, bureau);
    expect(rowsOf(expiring.text)).toContain(id);
    const none = await page('/register?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E8%AF%8D', bureau);
    expect(rowsOf(none.text)).toEqual([]);
    expect(none.text).toContain('id="register-none"');
  });

  it('the page: a bad date → 400 with the message beside it; a party’s role → 403; federation and admin read it', async () => {
    const bureau = await session('bureau.demo');
    const bad = await page('/register?expiresBefore=2020-13-01', bureau);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="reg-before-error"');
    expect(rowsOf(bad.text)).toEqual([]);
    const outside = await page('/register?region=510700', bureau);
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('id="reg-region-error"');
    // A year PostgreSQL has no day of, and a NUL in the words: the message beside the field, not a 500.
    const yearZero = await page('/register?expiresAfter=0000-01-01', bureau);
    expect(yearZero.status).toBe(400);
    expect(yearZero.text).toContain('id="reg-after-error"');
    const nul = await page('/register?q=a%00b', bureau);
    expect(nul.status).toBe(400);
    expect(nul.text).toContain('id="reg-q-error"');
    expect((await page('/register', await session('union.demo'))).status).toBe(403);
    expect(rowsOf((await page('/register', await session('federation.demo'))).text)).toContain(id);
    expect(rowsOf((await page('/register?region=510100', await session('admin.demo'))).text)).toContain(id);
  });

  it('pages: the API’s pages hold different contracts; the page’s links carry the filters', async () => {
    const admin = await as(b.t, 'admin.demo');
    const first = expectStatus(await b.t.http().get('/api/register').query({ pageSize: '1', page: '1' }).set(admin), 200).body;
    const second = expectStatus(await b.t.http().get('/api/register').query({ pageSize: '1', page: '2' }).set(admin), 200).body;
    expect(first.total).toBeGreaterThanOrEqual(2);
    expect(second).toMatchObject({ page: 2, pageSize: 1, total: first.total });
    expect(second.items[0].caseId).not.toBe(first.items[0].caseId);
    const bureau = await session('bureau.demo');
    const beyond = await page('/register?industry=C&page=2', bureau);
    expect(beyond.status).toBe(200);
    expect(rowsOf(beyond.text)).toEqual([]);
    // Handlebars writes = as &#x3D; in attributes (the same URL to a browser).
    expect(beyond.text.replace(/&#x3D;/g, '=')).toContain('<a href="/register?industry=C" rel="prev" id="register-prev">');
    expect(beyond.text).not.toContain('id="register-next"');
  });
});

