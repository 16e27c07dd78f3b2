import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { BULK_OFFER_QUEUE } from '../../src/campaigns/bulk-offers/offer-preparer.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { DocumentProducer } from '../../src/documents/document-producer.js';
import { PDF_RENDERER } from '../../src/documents/documents.tokens.js';
import type { PdfRenderer } from '../../src/documents/renderer/pdf-renderer.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { as, createExtraUsers, today, type Headers } from '../engine/engine-helpers.js';
import { samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCampaign } from './campaign-helpers.js';

// Bulk offers (集中要约): a federation prepares the offers of a campaign's enterprises; per enterprise a job
// starts the case (the enterprise union against the enterprise) and renders the offer letter for the union to
// issue itself. Real PostgreSQL, real Chromium; the clock is the ManualClock, the queue drained by hand.

const SHUJIN = demoId('ent-shujin');
const JINJIANG = demoId('ent-jinjiang');
const TIANFU = demoId('ent-tianfu');
const PIDU = demoId('ent-pidu'); // 成都郫都建工: no union
const MIANYANG = demoId('ent-mianyang');
const NAMES: Record<string, string> = {
  [SHUJIN]: '成都蜀锦机械制造有限公司',
  [JINJIANG]: '成都锦江宾馆餐饮管理有限公司',
  [TIANFU]: '成都天府软件科技股份有限公司',
  [PIDU]: '成都郫都建工集团有限公司',
};
const OFFER = { subjects: ['2018年度职工工资增长幅度', '加班工资计算基数和支付标准'], proposedMeetingOn: '2018-03-20', proposedPlace: '企业行政楼三楼会议室' };

let t: TestApp;
let queue: JobQueue;
let fed: Headers;
let campaignId: string;
const dir = mkdtempSync(join(tmpdir(), 'cb-bulk-'));

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  queue = t.app.get(JobQueue);
  fed = await as(t, 'federation.demo');
  campaignId = (await createCampaign(t, fed)).id;
  await t.dataSource.query('INSERT INTO campaign_enterprises (campaign_id, enterprise_id) SELECT $1, unnest($2::uuid[])', [campaignId, [SHUJIN, JINJIANG, TIANFU, PIDU]]);
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const drain = () => queue.drain(BULK_OFFER_QUEUE);
const advance = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));
const bulk = (headers: Headers, body: object, id = campaignId) => t.http().post(`/api/campaigns/${id}/bulk-offers`).set(headers).send(body);
const batch = (headers: Headers, batchId: string, id = campaignId) => t.http().get(`/api/campaigns/${id}/bulk-offers/${batchId}`).set(headers);
const itemOf = (body: { items: { enterpriseId: string }[] }, enterpriseId: string) => body.items.find((i) => i.enterpriseId === enterpriseId) as Record<string, unknown>;
const download = (headers: Headers, id: string) =>
  t
    .http()
    .get(`/api/documents/${id}/pdf`)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
const pdfText = (pdf: Buffer, name: string) => {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
};
const casesOf = async (enterpriseId: string, kind: string): Promise<string[]> =>
  (await t.dataSource.query('SELECT id FROM cases WHERE employer_org_id = $1 AND kind = $2 AND campaign_id = $3', [enterpriseId, kind, campaignId])).map((r: { id: string }) => r.id);

describe('bulk offers', () => {
  let firstBatch: string;
  let prepared: Record<string, { caseId: string; documentId: string }>;

  it('a federation prepares the offers of the roster: the enterprises with a union get a case and the letter, the one without fails with its reason', async () => {
    const res = await bulk(fed, { kind: 'wage', offer: OFFER });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ batchId: expect.any(String), total: 4 });
    firstBatch = res.body.batchId;

    const before = (await batch(fed, firstBatch)).body;
    expect(before).toMatchObject({ total: 4, queued: 4, running: 0, done: 0, failed: 0, progress: 0, kind: 'wage', regionCode: '510100' });
    expect(before.items.map((i: { enterpriseName: string }) => i.enterpriseName).sort()).toEqual(Object.values(NAMES).sort());

    expect(await drain()).toEqual({ done: 3, retried: 0, failed: 1, lost: 0 });
    const after = (await batch(fed, firstBatch)).body;
    expect(after).toMatchObject({ total: 4, queued: 0, running: 0, done: 3, failed: 1, progress: 1 });
    const pidu = itemOf(after, PIDU);
    expect(pidu).toMatchObject({ status: 'failed', attempts: 1, enterpriseName: NAMES[PIDU] });
    expect(pidu.error_zh).toContain('尚未建立企业工会');
    expect(pidu.error_zh).toContain('第三十二条');
    expect(pidu.error_en).toContain('no enterprise union');
    expect(pidu.caseId).toBeUndefined();
    expect(await casesOf(PIDU, 'wage')).toEqual([]);

    prepared = {};
    for (const id of [SHUJIN, JINJIANG, TIANFU]) {
      const item = itemOf(after, id);
      expect(item).toMatchObject({ status: 'done', attempts: 1, caseId: expect.any(String), documentId: expect.any(String) });
      expect(item.error_zh).toBeUndefined();
      prepared[id] = { caseId: item.caseId as string, documentId: item.documentId as string };
      expect(await casesOf(id, 'wage')).toEqual([item.caseId]);
    }
  }, 180_000);

  it('each case is in the campaign, in its opened state, the union against the enterprise, with the prepared letter as a PDF', async () => {
    for (const [enterpriseId, { caseId, documentId }] of Object.entries(prepared)) {
      const view = (await t.http().get(`/api/cases/${caseId}`).set(fed)).body;
      expect(view).toMatchObject({ state: 'drafting_offer', kind: 'wage', campaignId, initiatorSide: 'employee', employer: { id: enterpriseId, name: NAMES[enterpriseId] }, union: { name: `${NAMES[enterpriseId]}工会` } });
      const docs = (await t.http().get(`/api/cases/${caseId}/documents`).set(fed)).body;
      expect(docs.documents.map((d: Record<string, unknown>) => [d.id, d.eventSeq, d.eventType, d.templateId, d.title])).toEqual([[documentId, 1, 'CASE_STARTED', 'offer-letter', '集体协商要约书（代拟稿）']]);

      const res = await download(fed, documentId);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const parsed = await PDFDocument.load(pdf, { updateMetadata: false });
      expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(parsed.getTitle()).toBe('集体协商要约书（代拟稿）');
      expect(parsed.getAuthor()).toContain(NAMES[enterpriseId]);
      const text = pdfText(pdf, caseId);
      expect(text).toContain(NAMES[enterpriseId]); // the addressee
      expect(text).toContain(`${NAMES[enterpriseId]}工会`); // the sender
      for (const s of [...OFFER.subjects, OFFER.proposedPlace, '工资专项集体合同']) expect(text).toContain(s);
    }
  }, 120_000);

  it('the union finds its prepared case and issues the offer itself; the official letter follows from the outbox', async () => {
    const union = await as(t, 'union.demo');
    const { caseId, documentId } = prepared[SHUJIN];
    const list = (await t.http().get(`/api/cases?campaign=${campaignId}`).set(union)).body;
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect((await download(union, documentId)).status).toBe(200);
    const view = (await t.http().get(`/api/cases/${caseId}`).set(union)).body;
    expect(view.allowedEvents.map((e: { type: string }) => e.type)).toContain('OFFER_ISSUED');

    const sent = await t.http().post(`/api/cases/${caseId}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: { ...samplePayload('OFFER_ISSUED', today(t)), subjects: OFFER.subjects } });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('awaiting_response');
    const history = (await t.http().get(`/api/cases/${caseId}/history`).set(union)).body;
    expect(history.map((e: { type: string; actorRole: string }) => [e.type, e.actorRole])).toEqual([
      ['CASE_STARTED', 'federation'],
      ['OFFER_ISSUED', 'union'],
    ]);
    await t.app.get(DocumentProducer).runUntilIdle();
    const docs = (await t.http().get(`/api/cases/${caseId}/documents`).set(union)).body.documents;
    expect(docs.map((d: { eventType: string; templateId: string; title: string }) => [d.eventType, d.templateId, d.title])).toEqual([
      ['CASE_STARTED', 'offer-letter', '集体协商要约书（代拟稿）'],
      ['OFFER_ISSUED', 'offer-letter', '集体协商要约书'],
    ]);
  }, 120_000);

  it('named enterprises: each obstacle is its own failure with its reason, and nothing is started for them', async () => {
    const res = await bulk(fed, { kind: 'wage', enterpriseIds: [SHUJIN, MIANYANG, randomUUID(), demoId('union-jinjiang')], offer: OFFER });
    expect(res.status).toBe(202);
    expect(await drain()).toMatchObject({ done: 0, failed: 4, retried: 0 });
    const view = (await batch(fed, res.body.batchId)).body;
    expect(view).toMatchObject({ total: 4, failed: 4, progress: 1 });
    expect(itemOf(view, SHUJIN).error_zh).toContain(`已有进行中的工资专项集体合同协商（案件 ${prepared[SHUJIN].caseId}）`);
    // Outside the federation's jurisdiction, unknown, or no enterprise at all: the same words, no name shown.
    for (const item of view.items.filter((i: { enterpriseId: string }) => i.enterpriseId !== SHUJIN)) {
      expect(item).toMatchObject({ status: 'failed', attempts: 1, enterpriseName: null });
      expect(item.error_zh).toMatch(/^企业 \S+ 不存在或不在您的管辖范围内$/);
      expect(item.error_en).toContain('does not exist or is outside your jurisdiction');
    }
    expect(await casesOf(SHUJIN, 'wage')).toHaveLength(1);

    // The province's admin reaches 绵阳, but this campaign is 成都's.
    const admin = await as(t, 'admin.demo');
    const wide = await bulk(admin, { kind: 'wage', enterpriseIds: [MIANYANG], offer: OFFER });
    expect(wide.status).toBe(202);
    await drain();
    const item = itemOf((await batch(admin, wide.body.batchId)).body, MIANYANG);
    expect(item).toMatchObject({ status: 'failed', enterpriseName: '绵阳长虹精密电子有限公司' });
    expect(item.error_zh).toContain('不在本次活动');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM cases WHERE employer_org_id = $1', [MIANYANG]))[0].n).toBe(0);
  }, 60_000);

  it('a render that fails is retried after its back-off, resuming with the case already started', async () => {
    const renderer = t.app.get<PdfRenderer>(PDF_RENDERER);
    const real = renderer.render;
    let failures = 0;
    renderer.render = async (req) => {
      if (failures++ === 0) throw new Error('Target closed (injected)');
      return real.call(renderer, req);
    };
    try {
      const res = await bulk(fed, { kind: 'women_workers', enterpriseIds: [JINJIANG], offer: OFFER });
      expect(await drain()).toMatchObject({ retried: 1, done: 0 });
      let item = itemOf((await batch(fed, res.body.batchId)).body, JINJIANG);
      expect(item).toMatchObject({ status: 'queued', attempts: 1, caseId: expect.any(String), error_zh: '准备要约失败：Target closed (injected)' });
      expect(item.documentId).toBeUndefined();
      const caseId = item.caseId;
      expect(await drain()).toMatchObject({ done: 0, retried: 0 }); // not due before its back-off
      advance(2000);
      expect(await drain()).toMatchObject({ done: 1 });
      item = itemOf((await batch(fed, res.body.batchId)).body, JINJIANG);
      expect(item).toMatchObject({ status: 'done', attempts: 2, caseId, documentId: expect.any(String) });
      expect(item.error_zh).toBeUndefined();
      expect(await casesOf(JINJIANG, 'women_workers')).toEqual([caseId]);
      expect(failures).toBe(2);
    } finally {
      renderer.render = real;
    }
  }, 60_000);

  it('the enterprise without a union gets one; a retry of the batch prepares its offer, the progress counting along', async () => {
    const union = await t.http().post('/api/unions').set(fed).send({ name: '成都郫都建工集团有限公司工会', regionCode: '510117', level: 'enterprise', enterpriseId: PIDU, parentId: demoId('fed-cd') });
    expect(union.status).toBe(201);
    // Named: only the failed ones among them go back (蜀锦's offer is done).
    const retried = await t.http().post(`/api/campaigns/${campaignId}/bulk-offers/${firstBatch}/retry`).set(fed).send({ enterpriseIds: [PIDU, SHUJIN] });
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ batchId: firstBatch, requeued: 1 });
    const waiting = (await batch(fed, firstBatch)).body;
    expect(waiting).toMatchObject({ total: 4, queued: 1, done: 3, failed: 0, progress: 0.75 });
    expect(itemOf(waiting, PIDU)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(itemOf(waiting, PIDU).error_zh).toBeUndefined();
    expect(await drain()).toMatchObject({ done: 1 });
    const done = (await batch(fed, firstBatch)).body;
    expect(done).toMatchObject({ total: 4, queued: 0, done: 4, failed: 0, progress: 1 });
    expect(itemOf(done, PIDU)).toMatchObject({ status: 'done', attempts: 1, caseId: expect.any(String), documentId: expect.any(String) });
    expect((await batch(fed, firstBatch, campaignId).query({ status: 'failed' })).body.items).toEqual([]);
    const again = await t.http().post(`/api/campaigns/${campaignId}/bulk-offers/${firstBatch}/retry`).set(fed);
    expect(again.body).toEqual({ batchId: firstBatch, requeued: 0 });
  }, 60_000);

  it('progress counts running jobs; one whose worker died is taken again once its lease passes', async () => {
    const res = await bulk(fed, { kind: 'comprehensive', offer: OFFER });
    expect(res.body.total).toBe(4); // the roster, none with a comprehensive case yet
    const [dead] = await queue.claim(BULK_OFFER_QUEUE, 1); // a worker that claims and dies
    expect(dead.batchId).toBe(res.body.batchId);
    expect((await batch(fed, res.body.batchId)).body).toMatchObject({ queued: 3, running: 1, done: 0, failed: 0, progress: 0 });
    expect(await drain()).toMatchObject({ done: 3 });
    expect((await batch(fed, res.body.batchId)).body).toMatchObject({ queued: 0, running: 1, done: 3, progress: 0.75 });
    advance(5 * 60_000 + 1);
    expect(await drain()).toMatchObject({ done: 1 });
    const view = (await batch(fed, res.body.batchId)).body;
    expect(view).toMatchObject({ running: 0, done: 4, progress: 1 });
    expect(itemOf(view, (dead.payload as { enterpriseId: string }).enterpriseId)).toMatchObject({ status: 'done', attempts: 2 });
    // Every roster enterprise has its comprehensive case now: nothing left for the default set.
    const none = await bulk(fed, { kind: 'comprehensive', offer: OFFER });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'enterpriseIds', rule: 'arrayMinSize' })]);
  }, 120_000);

  it('who may: a union 403, another prefecture’s federation 404; the request’s limits are 400s naming the field', async () => {
    const union = await as(t, 'union.demo');
    expect((await bulk(union, { kind: 'wage', offer: OFFER })).status).toBe(403);
    expect((await batch(union, firstBatch)).status).toBe(403);
    expect((await t.http().post(`/api/campaigns/${campaignId}/bulk-offers/${firstBatch}/retry`).set(union)).status).toBe(403);
    const mianyang = await as(t, 'federation.mianyang');
    expect((await bulk(mianyang, { kind: 'wage', offer: OFFER })).status).toBe(404);
    expect((await batch(mianyang, firstBatch)).status).toBe(404);
    expect((await batch(fed, randomUUID())).status).toBe(404);

    const tooMany = await bulk(fed, { kind: 'wage', enterpriseIds: Array.from({ length: 10_001 }, () => randomUUID()), offer: OFFER });
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooMany.body.errors).toEqual([expect.objectContaining({ field: 'enterpriseIds', rule: 'arrayMaxSize' })]);
    const industry = await bulk(fed, { kind: 'industry', offer: OFFER });
    expect(industry.status).toBe(400);
    expect(industry.body.errors[0]).toMatchObject({ field: 'kind' });
    const noSubjects = await bulk(fed, { kind: 'wage', offer: { proposedPlace: '会议室' } });
    expect(noSubjects.status).toBe(400);
    expect(noSubjects.body.errors[0]).toMatchObject({ field: 'offer.subjects' });

    const wageOnly = (await createCampaign(t, fed, { name: '2018年成都市工资集体协商专项行动', kinds: ['wage'] })).id;
    const outOfKind = await bulk(fed, { kind: 'safety_health', offer: OFFER }, wageOnly);
    expect(outOfKind.status).toBe(400);
    expect(outOfKind.body.errors[0]).toMatchObject({ field: 'kind', rule: 'kindInScope' });
    const april = (await createCampaign(t, fed, { name: '2018年成都市集中要约季', startsOn: '2018-04-01', endsOn: '2018-04-30' })).id;
    const notYet = await bulk(fed, { kind: 'wage', enterpriseIds: [SHUJIN], offer: OFFER }, april);
    expect(notYet.status).toBe(409);
    expect(notYet.body.detail).toContain('2018-04-01');
  }, 60_000);
});
