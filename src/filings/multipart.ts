import type { Request } from 'express';
import { DomainError, ValidationFailed, fieldViolation } from '../common/errors/domain-error.js';
import { MAX_MATERIAL_BYTES } from './file-type.js';

// A multipart/form-data body (the upload form: csrf, kind and one file) read within limits and split into
// its parts. The service's body parser takes JSON only, so the stream is still unread here.

/** The file plus the form's small fields and the multipart framing. */
export const MAX_BODY_BYTES = MAX_MATERIAL_BYTES + 256 * 1024;

export interface Part {
  name: string;
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

export function tooLarge(field = 'file'): DomainError {
  const mb = MAX_MATERIAL_BYTES / 1024 / 1024;
  return new DomainError(
    413,
    'payload-too-large',
    { zh: '文件过大', en: 'File too large' },
    { zh: `报送材料每个文件不得超过 ${mb} MB`, en: `each filing material must be at most ${mb} MB` },
    { errors: [fieldViolation(field, 'maxBytes', `文件不得超过 ${mb} MB（${MAX_MATERIAL_BYTES} 字节）`, `the file must be at most ${mb} MB (${MAX_MATERIAL_BYTES} bytes)`)] },
  );
}

const malformed = (why: string) => new ValidationFailed([fieldViolation('(body)', 'multipart', `请求体不是有效的 multipart/form-data：${why}`, `the body is not valid multipart/form-data: ${why}`)]);

/**
 * The raw body, at most `limit` bytes. A larger body is read on to twice the limit and thrown away (so the
 * client gets the 413 rather than a reset connection), and refused with 413.
 */
export async function readRawBody(req: Request, limit = MAX_BODY_BYTES): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > 2 * limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 2 * limit) throw tooLarge();
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw tooLarge();
  return Buffer.concat(chunks, size);
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return m?.[1] ?? m?.[2];
}

function headerParam(header: string, name: string): string | undefined {
  const star = new RegExp(`;\\s*${name}\\*\\s*=\\s*UTF-8''([^;]+)`, 'i').exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall back to the plain parameter
    }
  }
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]) : undefined;
}

/** The parts of a multipart body (RFC 7578); a malformed body is a 400. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformed('no boundary');
  at += delimiter.length;
  const parts: Part[] = [];
  for (;;) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // the closing delimiter
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw malformed('a boundary without its line end');
    const headEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headEnd < 0) throw malformed('a part without headers');
    const headers = body.subarray(at + 2, headEnd).toString('utf8').split('\r\n');
    const end = body.indexOf(next, headEnd + 4);
    if (end < 0) throw malformed('an unterminated part');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = headerParam(disposition, 'name');
    if (!name) throw malformed('a part without a name');
    const type = headers.find((h) => /^content-type:/i.test(h));
    parts.push({ name, fileName: headerParam(disposition, 'filename'), contentType: type?.split(':')[1]?.trim(), data: body.subarray(headEnd + 4, end) });
    if (parts.length > 20) throw malformed('too many parts');
    at = end + next.length;
  }
}

/** The body of a multipart request as its parts; 415 for another content type. */
export async function readMultipart(req: Request): Promise<Part[]> {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) {
    throw new DomainError(
      415,
      'unsupported-media-type',
      { zh: '不支持的媒体类型', en: 'Unsupported media type' },
      { zh: '请以 multipart/form-data 上传（字段 kind 与 file）', en: 'upload as multipart/form-data (fields kind and file)' },
      { errors: [fieldViolation('(body)', 'mediaType', '请求体须为 multipart/form-data', 'the body must be multipart/form-data')] },
    );
  }
  return parseMultipart(await readRawBody(req), boundary);
}
