import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Observable } from 'rxjs';
import type { Actor } from '../common/auth/actor.js';
import { APP_LOGGER } from '../common/logging/logger.js';
import { AuditLog } from './audit-log.js';
import { AUDITED_ROUTES, SECRET_FIELDS, type AuditedRoute } from './audited-routes.js';

const ANSWER_FIELDS = ['id', 'importId', 'batchId', 'total', 'status'];

function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return typeof value === 'string' ? value.slice(0, 500) : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => withoutSecrets(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '[redacted]' : withoutSecrets(v, depth + 1)]));
}

function parseAnswer(res: Response, chunk: unknown): Record<string, unknown> | undefined {
  if (!/json/.test(String(res.getHeader('content-type') ?? '')) || chunk == null) return undefined;
  try {
    const body = JSON.parse(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
    return Object.fromEntries(ANSWER_FIELDS.filter((f) => f in body && typeof body[f] !== 'object').map((f) => [f, body[f]]));
  } catch {
    return undefined;
  }
}

function subjectIdOf(route: AuditedRoute, req: Request, res: Response, answer?: Record<string, unknown>): string | null {
  if (route.idFrom === 'location') return String(res.getHeader('location') ?? '').split('?')[0].split('/').pop() || null;
  if (route.idFrom.startsWith('answer.')) return answer?.[route.idFrom.slice(7)] != null ? String(answer[route.idFrom.slice(7)]) : null;
  const value = req.params?.[route.idFrom];
  return typeof value === 'string' ? value : null;
}

/**
 * Global: after the guard has let a request through, an audited route's successful answer (2xx, or a page's 303)
 * is written to the audit log before the answer leaves (res.end waits for the insert), so a client that saw the
 * answer finds the line. A failed audit write is logged; the act itself has already been committed.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor; id?: string }>();
    const res = context.switchToHttp().getResponse<Response>();
    const pattern = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof pattern === 'string' ? AUDITED_ROUTES[`${req.method} ${pattern}`] : undefined;
    if (!route) return next.handle();
    const page = !pattern!.toString().startsWith('/api/');
    const end = res.end;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      res.end = end;
      const status = res.statusCode;
      const succeeded = page ? status === 303 : status >= 200 && status < 300;
      if (!succeeded) return end.call(res, chunk as never, ...(rest as [never]));
      const answer = parseAnswer(res, chunk);
      const actor = req.actor;
      const body = req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) && Object.keys(req.body).length ? withoutSecrets(req.body) : undefined;
      this.audit
        .record({
          kind: route.kind,
          actorId: actor?.userId ?? null,
          actorUsername: actor?.username ?? null,
          actorRole: actor?.role ?? null,
          address: req.ip ?? null,
          userAgent: req.headers['user-agent'] ?? null,
          subjectType: route.subject,
          subjectId: subjectIdOf(route, req, res, answer),
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status,
          details: { params: { ...req.params }, ...(Object.keys(req.query ?? {}).length ? { query: withoutSecrets(req.query) } : {}), ...(body ? { body } : {}), ...(answer ? { answer } : {}) },
        })
        .catch((err: unknown) => this.logger.error({ reqId: req.id, err, kind: route.kind }, 'audit write failed'))
        .finally(() => end.call(res, chunk as never, ...(rest as [never])));
      return res;
    }) as Response['end'];
    return next.handle();
  }
}
