import type { Request } from 'express';
import { DomainError } from '../../common/errors/domain-error.js';

/** The largest roster file taken over HTTP. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const tooLarge = () =>
  new DomainError(
    413,
    'payload-too-large',
    { zh: '请求体过大', en: 'Payload too large' },
    { zh: `名册文件不得超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, en: `a roster file must not exceed ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` },
    { errors: [{ field: '(body)', rule: 'maxBytes', message_zh: `文件不得超过 ${MAX_UPLOAD_BYTES} 字节`, message_en: `the file must not exceed ${MAX_UPLOAD_BYTES} bytes` }] },
  );

const unsupported = (type: string) =>
  new DomainError(
    415,
    'unsupported-media-type',
    { zh: '不支持的媒体类型', en: 'Unsupported media type' },
    { zh: `请将文件本身作为请求体上传（Content-Type: ${XLSX_TYPE} 或 text/csv），而不是 ${type}`, en: `send the file itself as the request body (Content-Type: ${XLSX_TYPE} or text/csv), not ${type}` },
    { errors: [{ field: '(body)', rule: 'mediaType', message_zh: '请求体须为 .xlsx 或 CSV 文件', message_en: 'the body must be an .xlsx or CSV file' }] },
  );

// Forms and JSON are not files; anything else (the two types, octet-stream, Windows' vnd.ms-excel for .csv) is
// judged by its content.
const NOT_A_FILE = /^(application\/json|application\/x-www-form-urlencoded|multipart\/)/i;

/** The raw request body, up to MAX_UPLOAD_BYTES (413 beyond, before reading it when Content-Length says so). */
export async function readUpload(req: Request): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (NOT_A_FILE.test(type)) throw unsupported(type.split(';')[0]);
  if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** The file's name: the query's `filename`, else Content-Disposition's filename* (RFC 5987) or filename. */
export function uploadFileName(req: Request, fromQuery: string | undefined): string {
  if (fromQuery) return fromQuery;
  const cd = req.headers['content-disposition'] ?? '';
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim()).slice(0, 255);
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(cd);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  if (name) return name.slice(0, 255);
  return /csv/i.test(req.headers['content-type'] ?? '') ? 'roster.csv' : 'roster.xlsx';
}

/** RFC 6266/5987: an ASCII fallback and the Chinese name, percent-encoded UTF-8. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
