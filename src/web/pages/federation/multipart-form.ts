import type { Request } from 'express';
import { DomainError } from '../../../common/errors/domain-error.js';
import { MAX_UPLOAD_BYTES } from '../../../campaigns/roster/roster-upload.js';

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

/** The value of `name="…"` or `filename="…"` (or filename*=UTF-8''…) in a part's Content-Disposition. */
function dispositionParam(header: string, name: string): string | undefined {
  const star = new RegExp(`;\\s*${name}\\*\\s*=\\s*UTF-8''([^;]+)`, 'i').exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a malformed escape: fall back to the plain parameter
    }
  }
  const quoted = new RegExp(`;\\s*${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  return new RegExp(`;\\s*${name}\\s*=\\s*([^;\\s]+)`, 'i').exec(header)?.[1];
}

/**
 * A multipart/form-data post read whole (the browsers' file upload; the CSRF token travels as a field of it).
 * Not multipart, or no boundary: no fields (and so no CSRF token: refused by the caller). Fields are the first
 * of a repeated name, as readForm gives them; a browser sends the file's name in UTF-8.
 */
export async function readMultipart(req: Request): Promise<MultipartForm> {
  const type = req.headers['content-type'] ?? '';
  const boundary = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  const form: MultipartForm = { fields: {}, files: {} };
  if (!boundary || req.readableEnded) return form;
  if (Number(req.headers['content-length'] ?? 0) > LIMIT) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) throw tooLarge();
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, size);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    // "--" after the delimiter closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // The part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const content = part.subarray(split + 4);
      const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
      const name = dispositionParam(disposition, 'name');
      const fileName = dispositionParam(disposition, 'filename');
      if (name !== undefined && fileName !== undefined) {
        if (!(name in form.files)) form.files[name] = { fileName: fileName.split(/[\\/]/).pop()!.slice(0, 255), content: Buffer.from(content) };
      } else if (name !== undefined && !(name in form.fields)) form.fields[name] = content.toString('utf8');
    }
    at = next;
  }
  return form;
}
