import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DocumentProducer } from '../../src/documents/document-producer.js';
import { samplePayload } from '../support/procedure-samples.js';
import { agreeLowestWage, expectStatus, get, negotiatingCase, nextDay, resetBench, sendEvent, startBench, startDraft, type Bench } from '../negotiation/workspace-helpers.js';

// The documents the procedure produces: rendered after the transition (case_outbox → DocumentProducer), stored
// once with their template, data, bytes and SHA-256, listed per case, downloaded under their Chinese name,
// the signed contract verifiable by its code. Real PostgreSQL, real Chromium.

let b: Bench;
let producer: DocumentProducer;
const dir = mkdtempSync(join(tmpdir(), 'cb-docs-'));
beforeAll(async () => {
  b = await startBench();
  producer = b.t.app.get(DocumentProducer);
  await resetBench(b);
});
afterAll(async () => {
  await b?.t.close();
  rmSync(dir, { recursive: true, force: true });
});

const pdfText = (pdf: Buffer, name: string) => {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};
const download = (id: string) =>
  b.t
    .http()
    .get(`/api/documents/${id}/pdf`)
    .set(b.H['union.demo'])
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('documents produced by the procedure', () => {
  let caseId: string;
  let docs: { id: string; templateId: string; eventType: string; title: string; pdfSha256: string; dataHash: string }[];

  beforeAll(async () => {
    caseId = await negotiatingCase(b);
    await startDraft(b, caseId);
    await agreeLowestWage(b, caseId, 1600);
    expectStatus(await sendEvent(b, caseId, 'union.demo', 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay(b))), 200);
    expectStatus(await sendEvent(b, caseId, 'union.demo', 'CONGRESS_VOTED', samplePayload('CONGRESS_VOTED', nextDay(b))), 200);
    expectStatus(await sendEvent(b, caseId, 'union.demo', 'SIGNED', samplePayload('SIGNED', nextDay(b))), 200);
    // Nothing rendered yet: the transitions only left their outbox rows.
    const before = expectStatus(await get(b, caseId, 'documents'), 200).body;
    expect(before.documents).toEqual([]);
    expect(before.pending.map((p: { eventType: string }) => p.eventType)).toEqual(['OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED', 'SESSION_HELD', 'DRAFT_AGREED', 'CONGRESS_VOTED', 'SIGNED']);
    expect(await producer.runUntilIdle()).toBeGreaterThanOrEqual(7);
    const after = expectStatus(await get(b, caseId, 'documents'), 200).body;
    expect(after.pending).toEqual([]);
    docs = after.documents;
  }, 180_000);

  it('one document per producing event (the contract twice: the draft and the signed one)', () => {
    expect(docs.map((d) => [d.eventType, d.templateId])).toEqual([
      ['OFFER_ISSUED', 'offer-letter'],
      ['RESPONSE_AGREED', 'response-agreed'],
      ['TALKS_SCHEDULED', 'meeting-notice'],
      ['SESSION_HELD', 'minutes'],
      ['DRAFT_AGREED', 'contract-comprehensive'],
      ['CONGRESS_VOTED', 'congress-resolution'],
      ['SIGNED', 'contract-comprehensive'],
    ]);
  });

  it('downloads as application/pdf under its Chinese name (RFC 5987), with the Chinese text inside', async () => {
    const offer = docs.find((d) => d.templateId === 'offer-letter')!;
    const res = await download(offer.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`${offer.title}.pdf`)}`);
    const text = pdfText(res.body as Buffer, 'offer');
    expect(text).toContain('要约书');
    expect(text).toContain('蜀锦');
  });

  it('the draft carries the 草案 watermark; the signed contract its verification code, which GET /api/documents/verify/:hash confirms', async () => {
    const draft = docs.find((d) => d.eventType === 'DRAFT_AGREED')!;
    expect(pdfText((await download(draft.id)).body as Buffer, 'draft')).toContain('草案');
    const signed = docs.find((d) => d.eventType === 'SIGNED')!;
    const text = pdfText((await download(signed.id)).body as Buffer, 'signed').replace(/\s+/g, '');
    expect(text).toContain(signed.dataHash);
    expect(text).not.toContain('草案');
    const verified = expectStatus(await b.t.http().get(`/api/documents/verify/${signed.dataHash}`).set(b.H['union.demo']), 200).body;
    expect(verified).toMatchObject({ valid: true, document: { id: signed.id, eventType: 'SIGNED' } });
    expect(expectStatus(await b.t.http().get(`/api/documents/verify/${signed.pdfSha256}`).set(b.H['bureau.demo']), 200).body.document.id).toBe(signed.id);
    expect((await b.t.http().get(`/api/documents/verify/${'0'.repeat(64)}`).set(b.H['union.demo'])).status).toBe(404);
    expect((await b.t.http().get('/api/documents/verify/not-a-hash').set(b.H['union.demo'])).status).toBe(400);
    // A party to another case learns nothing of it.
    expect((await b.t.http().get(`/api/documents/verify/${signed.dataHash}`).set(b.H['union.mianyang'])).status).toBe(404);
  });

  it('a stored document never changes: the same bytes and hash on every download; rendering again gives the same text', async () => {
    const minutes = docs.find((d) => d.templateId === 'minutes')!;
    const first = (await download(minutes.id)).body as Buffer;
    const second = (await download(minutes.id)).body as Buffer;
    expect(first.equals(second)).toBe(true);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(first).digest('hex')).toBe(minutes.pdfSha256);
    const [row] = await b.t.dataSource.query('SELECT case_id, event_seq FROM case_documents WHERE id = $1', [minutes.id]);
    const again = await producer.produce(row.case_id, row.event_seq);
    expect(again.map((d) => d.templateId)).toEqual(['minutes']);
    // The row kept is the first one (unique per event and template); a fresh render of the same data reads the same.
    const kept = expectStatus(await get(b, caseId, 'documents'), 200).body.documents.filter((d: { templateId: string }) => d.templateId === 'minutes');
    expect(kept).toHaveLength(1);
    expect(kept[0].pdfSha256).toBe(minutes.pdfSha256);
    const [{ pdf }] = await b.t.dataSource.query('SELECT pdf FROM case_documents WHERE id = $1', [minutes.id]);
    expect(pdfText(pdf, 'minutes-a')).toBe(pdfText(first, 'minutes-b'));
  });

  it('a party of another case gets 404 for its documents and their PDFs', async () => {
    expect((await get(b, caseId, 'documents', 'union.mianyang')).status).toBe(404);
    const res = await b.t.http().get(`/api/documents/${docs[0].id}/pdf`).set(b.H['union.mianyang']);
    expect(res.status).toBe(404);
  });
});

describe('an event whose document has nothing to print', () => {
  it('a draft agreed with no text recorded (a paper contract) produces no contract, and leaves nothing pending', async () => {
    const id = await negotiatingCase(b);
    expectStatus(await sendEvent(b, id, 'union.demo', 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', nextDay(b))), 200);
    await producer.runUntilIdle();
    const view = expectStatus(await get(b, id, 'documents'), 200).body;
    expect(view.pending).toEqual([]);
    expect(view.documents.map((d: { eventType: string }) => d.eventType)).toEqual(['OFFER_ISSUED', 'RESPONSE_AGREED', 'TALKS_SCHEDULED']);
  }, 120_000);
});

describe('template preview (template authors)', () => {
  it('422 listing every missing or invalid variable; 403 for a party; a PDF for the federation', async () => {
    const fed = b.t.http().post('/api/templates/offer-letter/preview').set(b.H['bureau.demo']);
    expect((await fed.send({ data: {} })).status).toBe(403);
    const token = await b.t.login('federation.demo');
    const bad = await b.t.http().post('/api/templates/offer-letter/preview').set({ Authorization: `Bearer ${token}` }).send({ data: { title: 42 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.length).toBeGreaterThan(1);
    const sample = expectStatus(await b.t.http().get('/api/templates/offer-letter').set({ Authorization: `Bearer ${token}` }), 200).body.sample;
    const ok = await b.t
      .http()
      .post('/api/templates/offer-letter/preview')
      .set({ Authorization: `Bearer ${token}` })
      .send({ data: sample })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(ok.status).toBe(200);
    expect(pdfText(ok.body as Buffer, 'preview')).toContain('要约书');
    expect((await b.t.http().post('/api/templates/no-such-template/preview').set({ Authorization: `Bearer ${token}` }).send({ data: {} })).status).toBe(404);
  });
});

describe('a full render queue', () => {
  it('answers 503 with Retry-After, in problem+json, and serves again once the queue drains', async () => {
    const busy = await startBench({ env: { RENDER_PAGES: '1', RENDER_QUEUE_LIMIT: '0' } });
    try {
      const token = await busy.t.login('federation.demo');
      const auth = { Authorization: `Bearer ${token}` };
      const sample = (await busy.t.http().get('/api/templates/minutes').set(auth)).body.sample;
      const results = await Promise.all([0, 1, 2].map(() => busy.t.http().post('/api/templates/minutes/preview').set(auth).send({ data: sample })));
      const refused = results.filter((r) => r.status === 503);
      expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused[0].headers['retry-after']).toMatch(/^\d+$/);
      expect(refused[0].headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused[0].body).toMatchObject({ status: 503, type: 'urn:cb-engine:problem:renderer-busy' });
      expect((await busy.t.http().post('/api/templates/minutes/preview').set(auth).send({ data: sample })).status).toBe(200);
    } finally {
      await busy.t.close();
    }
  }, 120_000);
});
