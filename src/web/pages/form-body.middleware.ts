import type { NextFunction, Request, Response } from 'express';

const LIMIT = 8 * 1024;

/**
 * Parses the pages' form posts (application/x-www-form-urlencoded, 8 KiB at most) into req.body as plain
 * strings; the service's body parser takes JSON only. A body of another type is not read here (and lacks
 * the CSRF token, which is then refused).
 */
export function formBody(req: Request, res: Response, next: NextFunction) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  // JSON was read by the service's parser already; other methods have no form.
  if (req.method !== 'POST' || type !== 'application/x-www-form-urlencoded') {
    next();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > LIMIT && !failed) {
      failed = true;
      res.status(413).type('text/plain; charset=utf-8').send('请求体过大 Payload too large');
      req.destroy();
      return;
    }
    if (!failed) chunks.push(chunk);
  });
  req.on('end', () => {
    if (failed) return;
    const fields: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) if (!(k in fields)) fields[k] = v;
    req.body = fields;
    next();
  });
  req.on('error', (err) => {
    if (!failed) next(err);
  });
}
