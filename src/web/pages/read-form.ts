import type { Request } from 'express';
import { DomainError, fieldViolation, ValidationFailed } from '../../common/errors/domain-error.js';

/** A case page's form is larger than the sign-in form (a reason, a JSON team): 64 KiB at most. */
const LIMIT = 64 * 1024;

export class FormTooLarge extends DomainError {
  constructor() {
    super(413, 'payload-too-large', { zh: '请求体过大', en: 'Payload too large' }, { zh: '表单内容超过 64 KiB', en: 'The form exceeds 64 KiB' });
  }
}

/**
 * The fields of an x-www-form-urlencoded post as plain strings (the first of a repeated name). Read in the
 * handler: the service's body parser takes JSON only, and the pages' form middleware is mounted on the
 * sign-in paths. Another content type gives no fields (and so no CSRF token: refused).
 */
export async function readForm(req: Request): Promise<Record<string, string>> {
  return withoutNul(await readFields(req));
}

/** No form of ours sends a NUL, and PostgreSQL stores none in text: refused (400) rather than failing the insert with a 500. */
function withoutNul(fields: Record<string, string>): Record<string, string> {
  const bad = Object.entries(fields).filter(([k, v]) => k.includes('\u0000') || v.includes('\u0000'));
  if (bad.length) throw new ValidationFailed(bad.map(([k]) => fieldViolation(k.replace(/\u0000/g, ''), 'noNul', '表单内容含有无效字符（NUL）', 'the form holds an invalid character (NUL)')));
  return fields;
}

async function readFields(req: Request): Promise<Record<string, string>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return {};
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) && Object.keys(req.body).length) {
    return Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  if (req.readableEnded) return {};
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) throw new FormTooLarge();
    chunks.push(chunk);
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) if (!(k in fields)) fields[k] = v;
  return fields;
}
