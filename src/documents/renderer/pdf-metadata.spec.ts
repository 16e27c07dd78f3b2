import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { PdfShapeError, withMetadata } from './pdf-metadata.js';

// A PDF shaped as Chromium's backend writes them: classic xref table, Info with Title and CreationDate,
// two pages under one page tree.
function skiaLikePdf(): Buffer {
  const objects = [
    '<</Title <FEFF5408540C> /Creator (HeadlessChrome) /Producer (Skia/PDF m156) /CreationDate (D:20261126033605+00\'00\') /ModDate (D:20261126033605+00\'00\')>>',
    '<</Type /Page /MediaBox [0 0 595.92 841.92] /Parent 4 0 R>>',
    '<</Type /Page /MediaBox [0 0 595.92 841.92] /Parent 4 0 R>>',
    '<</Type /Pages /Count 2 /Kids [2 0 R 3 0 R]>>',
    '<</Type /Catalog /Pages 4 0 R /ViewerPreferences <</Type /ViewerPreferences /DisplayDocTitle true>>>>',
  ];
  let out = '%PDF-1.4\n%\x81\x81\x81\x81\n\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<</Size ${objects.length + 1}\n/Root 5 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return Buffer.from(out, 'latin1');
}

const META = { title: '某某有限公司集体合同（草案）', author: '某某有限公司工会委员会', subject: '集体合同（综合）', keywords: ['集体合同', '劳动报酬'], creator: 'cb-engine', producer: 'cb-engine renderer' };

describe('withMetadata (an incremental update)', () => {
  it('appends the Info dictionary, leaves the printed bytes as they were, counts the pages', async () => {
    const original = skiaLikePdf();
    const { pdf, pages } = withMetadata(original, META, new Date('2026-11-26T04:00:00Z'));
    expect(pages).toBe(2);
    expect(pdf.subarray(0, original.length).equals(original)).toBe(true);
    expect(pdf.toString('latin1')).toMatch(/\/Prev \d+/);

    const read = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(read.getTitle()).toBe(META.title);
    expect(read.getAuthor()).toBe(META.author);
    expect(read.getSubject()).toBe(META.subject);
    expect(read.getKeywords()).toBe('集体合同 劳动报酬');
    expect(read.getCreator()).toBe('cb-engine');
    expect(read.getProducer()).toBe('cb-engine renderer');
    expect(read.getPageCount()).toBe(2);
    expect(read.getModificationDate()?.toISOString()).toBe('2026-11-26T04:00:00.000Z');
    expect(read.getCreationDate()?.toISOString()).toBe('2026-11-26T03:36:05.000Z'); // the printing's date is kept
  });

  it('updates a file updated before (follows /Prev) and the last update wins', async () => {
    const once = withMetadata(skiaLikePdf(), META).pdf;
    const twice = withMetadata(once, { ...META, title: '第二稿' });
    expect(twice.pages).toBe(2);
    expect((await PDFDocument.load(twice.pdf, { updateMetadata: false })).getTitle()).toBe('第二稿');
  });

  it('refuses what it does not understand instead of writing half a file', async () => {
    const streams = await (await PDFDocument.create()).save({ useObjectStreams: true }); // an xref stream
    expect(() => withMetadata(streams, META)).toThrow(PdfShapeError);
    expect(() => withMetadata(Buffer.from('not a pdf'), META)).toThrow(PdfShapeError);
  });
});
