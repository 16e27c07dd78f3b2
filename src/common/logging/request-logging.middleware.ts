import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives each request an id (X-Request-Id, echoed back) and logs one line when it finishes. */
export function requestLogging(logger: Logger) {
  return (req: Request & { id?: string; actor?: { userId: string; role: string } }, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    req.id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { reqId: req.id, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10, user: req.actor?.userId, role: req.actor?.role },
        'request',
      );
    });
    next();
  };
}
