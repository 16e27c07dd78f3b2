import type { Request } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { MAX_UPLOAD_BYTES } from '../../../campaigns/roster/roster-upload.js';
import { boundaryOf, parseMultipart } from '../../../filings/multipart.js';

/** The roster form: the file (at most the API's 50 MB) and a few short fields. */
const LIMIT = MAX_UPLOAD_BYTES + 64 * 1024;

export interface UploadedFile {
  fileName: string;
  content: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

const tooLarge = () =>
  new DomainError(413, 'payload-too-large', { zh: '请求体过大', en: 'Payload too large' }, { zh: `名册文件不得超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, en: `a roster file must not exceed ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` });

/**
 * A multipart/form-data post read whole (the browsers' file upload; the CSRF token travels as a field of it),
 * split by the filings' parser (a malformed body is a 400). Not multipart, or no boundary: no fields (and so no
 * CSRF token: refused by the caller). Fields are the first of a repeated name, as readForm gives them; a
 * browser sends the file's name in UTF-8 (kept without its path and control characters).
 */
export async function readMultipart(req: Request): Promise<MultipartForm> {
  const boundary = boundaryOf(req.headers['content-type']);
  // No prototype: a part named __proto__ is just a name.
  const form: MultipartForm = { fields: Object.create(null), files: Object.create(null) };
  if (!boundary || req.readableEnded) return form;
  if (Number(req.headers['content-length'] ?? 0) > LIMIT) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) throw tooLarge();
    chunks.push(chunk);
  }
  for (const part of parseMultipart(Buffer.concat(chunks, size), boundary)) {
    if (part.fileName !== undefined) {
      const fileName = part.fileName.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
      if (!Object.hasOwn(form.files, part.name)) form.files[part.name] = { fileName, content: Buffer.from(part.data) };
    } else if (!Object.hasOwn(form.fields, part.name)) form.fields[part.name] = part.data.toString('utf8');
  }
  return form;
}
