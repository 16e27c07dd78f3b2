import { PDFDocument } from 'pdf-lib';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  producer: string;
}

/** Writes the document information dictionary (Chinese kept: pdf-lib writes UTF-16 strings) and counts the pages. */
export async function withMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<{ pdf: Buffer; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.producer);
  const pages = doc.getPageCount();
  return { pdf: Buffer.from(await doc.save({ useObjectStreams: true })), pages };
}
