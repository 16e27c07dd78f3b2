// The document information dictionary, written as an incremental update (ISO 32000-1 §7.5.6): the bytes
// Chromium printed stay as they are and a new Info object, xref section and trailer are appended. Parsing
// and re-serializing the whole file (pdf-lib did it) cost more than a tenth of a render.
//
// Chromium's PDF backend (Skia) writes a classic cross-reference table and trailer, and already sets
// /DisplayDocTitle in the catalog, so only the Info dictionary changes. A file of another shape (an
// xref stream) is refused rather than half-understood.

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  producer: string;
}

export class PdfShapeError extends Error {}

/** A PDF text string: UTF-16BE with its byte order mark, as a hex string (Chinese kept, nothing to escape). */
function textString(value: string): string {
  const utf16 = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

function pdfDate(at: Date): string {
  const iso = at.toISOString(); // 2026-11-26T03:36:05.123Z
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

interface Trailer {
  size: number;
  root: number;
  info?: number;
  id?: string;
  xrefAt: number;
  offsets: Map<number, number>;
}

/** The cross-reference section at `xrefAt` and its trailer dictionary. */
function readSection(text: string, xrefAt: number, offsets: Map<number, number>): string {
  if (text.slice(xrefAt, xrefAt + 4) !== 'xref') throw new PdfShapeError('no classic cross-reference table');
  const trailerAt = text.indexOf('trailer', xrefAt);
  if (trailerAt < 0) throw new PdfShapeError('no trailer');
  const table = text.slice(xrefAt + 4, trailerAt);
  for (const [, first, , entries] of table.matchAll(/(\d+) (\d+)\s*\n((?:\d{10} \d{5} [nf]\s*\n?)*)/g)) {
    let n = Number(first);
    for (const [, offset, kind] of entries.matchAll(/(\d{10}) \d{5} ([nf])/g)) {
      if (kind === 'n' && !offsets.has(n)) offsets.set(n, Number(offset)); // a newer section wins
      n++;
    }
  }
  const end = text.indexOf('startxref', trailerAt);
  return text.slice(trailerAt, end < 0 ? undefined : end);
}

function readTrailer(text: string): Trailer {
  const startxref = text.lastIndexOf('startxref');
  if (startxref < 0) throw new PdfShapeError('no startxref');
  const xrefAt = Number(/^startxref\s+(\d+)/.exec(text.slice(startxref))?.[1]);
  if (!Number.isInteger(xrefAt)) throw new PdfShapeError('no startxref offset');
  const offsets = new Map<number, number>();
  const dict = readSection(text, xrefAt, offsets);
  // Earlier updates, if the file has been updated before.
  const seen = new Set([xrefAt]);
  for (let prev = /\/Prev\s+(\d+)/.exec(dict)?.[1]; prev !== undefined && !seen.has(Number(prev)); ) {
    seen.add(Number(prev));
    prev = /\/Prev\s+(\d+)/.exec(readSection(text, Number(prev), offsets))?.[1];
  }
  const ref = (key: string) => {
    const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
    return m ? Number(m[1]) : undefined;
  };
  const size = Number(/\/Size\s+(\d+)/.exec(dict)?.[1]);
  const root = ref('Root');
  if (!Number.isInteger(size) || root === undefined) throw new PdfShapeError('trailer without /Size or /Root');
  return { size, root, info: ref('Info'), id: /\/ID\s*(\[[^\]]*\])/.exec(dict)?.[1], xrefAt, offsets };
}

/** The text of object `n` (from "n 0 obj" to "endobj"), by the cross-reference table. */
function objectText(text: string, trailer: Trailer, n: number): string {
  const at = trailer.offsets.get(n);
  if (at === undefined) throw new PdfShapeError(`object ${n} not in the cross-reference table`);
  const end = text.indexOf('endobj', at);
  return text.slice(at, end < 0 ? undefined : end);
}

/** Pages of the document: /Count of the page tree's root. */
function pageCount(text: string, trailer: Trailer): number {
  const pagesRef = /\/Pages\s+(\d+)\s+0\s+R/.exec(objectText(text, trailer, trailer.root))?.[1];
  if (!pagesRef) throw new PdfShapeError('catalog without /Pages');
  const count = /\/Count\s+(\d+)/.exec(objectText(text, trailer, Number(pagesRef)))?.[1];
  if (!count) throw new PdfShapeError('page tree without /Count');
  return Number(count);
}

/** Writes the document information dictionary (Chinese kept) and counts the pages. */
export function withMetadata(pdf: Uint8Array, meta: PdfMetadata, now = new Date()): { pdf: Buffer; pages: number } {
  const original = Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  // latin1 maps byte i to character i: offsets in the text are offsets in the file.
  const text = original.toString('latin1');
  const trailer = readTrailer(text);
  const pages = pageCount(text, trailer);
  const created = trailer.info !== undefined ? /\/CreationDate\s*(\([^)]*\))/.exec(objectText(text, trailer, trailer.info))?.[1] : undefined;

  const infoNumber = trailer.size;
  const eol = text.endsWith('\n') ? '' : '\n';
  const infoAt = original.length + eol.length;
  const info =
    `${infoNumber} 0 obj\n<</Title ${textString(meta.title)} /Author ${textString(meta.author)} /Subject ${textString(meta.subject)}` +
    ` /Keywords ${textString(meta.keywords.join(' '))} /Creator ${textString(meta.creator)} /Producer ${textString(meta.producer)}` +
    ` /CreationDate ${created ?? pdfDate(now)} /ModDate ${pdfDate(now)}>>\nendobj\n`;
  const xrefAt = infoAt + Buffer.byteLength(info, 'latin1');
  const update =
    `${eol}${info}xref\n${infoNumber} 1\n${String(infoAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${infoNumber + 1} /Root ${trailer.root} 0 R /Info ${infoNumber} 0 R /Prev ${trailer.xrefAt}${trailer.id ? ` /ID ${trailer.id}` : ''}>>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return { pdf: Buffer.concat([original, Buffer.from(update, 'latin1')]), pages };
}
