import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { QueryFailedError } from 'typeorm';
import { DomainError, type Bilingual } from './domain-error.js';

// RFC 9457 problem details. `title`/`detail` are Chinese (the interface speaks Chinese first);
// `title_en`/`detail_en` carry the English. Unknown errors become a 500 without internals.

const TITLES: Record<number, Bilingual> = {
  400: { zh: '请求有误', en: 'Bad request' },
  401: { zh: '未认证', en: 'Unauthenticated' },
  403: { zh: '无权操作', en: 'Forbidden' },
  404: { zh: '资源不存在', en: 'Not found' },
  405: { zh: '方法不允许', en: 'Method not allowed' },
  409: { zh: '冲突', en: 'Conflict' },
  413: { zh: '请求体过大', en: 'Payload too large' },
  415: { zh: '不支持的媒体类型', en: 'Unsupported media type' },
  422: { zh: '无法处理的内容', en: 'Unprocessable content' },
  429: { zh: '请求过于频繁', en: 'Too many requests' },
  500: { zh: '服务器内部错误', en: 'Internal server error' },
  503: { zh: '服务暂不可用', en: 'Service unavailable' },
};

/** PostgreSQL's data exceptions (SQLSTATE class 22) that only a client's value can cause. */
const DATA_EXCEPTIONS: Record<string, { rule: string; detail: Bilingual }> = {
  '22021': { rule: 'noNul', detail: { zh: '内容含有无效字符（NUL 或非法字节序列）', en: 'the input holds an invalid character (NUL or an invalid byte sequence)' } },
  '22P05': { rule: 'noNul', detail: { zh: '内容含有无法保存的字符（如 \\u0000）', en: 'the input holds a character that cannot be stored (such as \\u0000)' } },
  '22001': { rule: 'maxLength', detail: { zh: '内容超出字段的最大长度', en: 'a value is longer than its field allows' } },
  '22003': { rule: 'numericRange', detail: { zh: '数值超出允许范围', en: 'a number is out of the range allowed' } },
  '22007': { rule: 'isIsoDate', detail: { zh: '日期或时间格式不正确', en: 'a date or time is not well formed' } },
  '22008': { rule: 'isIsoDate', detail: { zh: '日期或时间超出范围', en: 'a date or time is out of range' } },
  '22P02': { rule: 'format', detail: { zh: '值的格式不正确', en: 'a value is not well formed for its field' } },
};

export interface Problem {
  type: string;
  title: string;
  title_en: string;
  status: number;
  detail?: string;
  detail_en?: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

function problem(status: number, code: string, title: Bilingual, detail?: Bilingual, extra: Record<string, unknown> = {}): Problem {
  // The members RFC 9457 defines come last: an extra of the same name never replaces them (a `status` extra once became the HTTP status).
  return {
    ...extra,
    type: `urn:cb-engine:problem:${code}`,
    title: title.zh,
    title_en: title.en,
    status,
    ...(detail ? { detail: detail.zh, detail_en: detail.en } : {}),
  };
}

/** Errors raised by body-parser before any controller runs. */
function fromBodyParser(err: { type?: string; limit?: number; status?: number }): Problem | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return problem(413, 'payload-too-large', TITLES[413], {
        zh: `请求体超过上限 ${err.limit} 字节`,
        en: `request body exceeds the limit of ${err.limit} bytes`,
      }, { errors: [{ field: '(body)', rule: 'maxBytes', message_zh: `请求体不得超过 ${err.limit} 字节`, message_en: `body must not exceed ${err.limit} bytes` }] });
    case 'entity.parse.failed':
      return problem(400, 'malformed-json', TITLES[400], { zh: '请求体不是合法的 JSON', en: 'request body is not valid JSON' }, {
        errors: [{ field: '(body)', rule: 'json', message_zh: '请求体须为合法 JSON', message_en: 'body must be valid JSON' }],
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return problem(415, 'unsupported-encoding', TITLES[415], { zh: '不支持的字符集或编码', en: 'unsupported charset or content encoding' });
    default:
      return undefined;
  }
}

export function toProblem(exception: unknown): Problem {
  if (exception instanceof DomainError) return problem(exception.status, exception.code, exception.title, exception.detail, exception.extra);
  // Nest wraps body-parser's errors in an HttpException and keeps the original as its cause.
  const parsed = fromBodyParser(((exception as { cause?: unknown })?.cause ?? exception) as { type?: string });
  if (parsed) return parsed;
  if (exception instanceof QueryFailedError) {
    const code = (exception.driverError as { code?: string })?.code;
    // A race the service checks for can still reach the database: the constraint is the last word.
    if (code === '23505') return problem(409, 'conflict', TITLES[409], { zh: '数据已存在（唯一约束）', en: 'already exists (unique constraint)' });
    if (code === '23503') return problem(409, 'conflict', TITLES[409], { zh: '引用的数据不存在或仍被引用', en: 'a referenced record is missing or still referenced' });
    if (code === '40001' || code === '40P01') return problem(409, 'conflict', TITLES[409], { zh: '并发冲突，请重试', en: 'concurrent update, retry' });
    // Input the database refuses is the client's, not a fault of the service: a 400 naming the rule. The input
    // guard and the validation rules refuse these first; this is the last word (found by test/fuzz).
    const refused = DATA_EXCEPTIONS[code ?? ''];
    if (refused) return problem(400, 'validation-failed', TITLES[400], refused.detail, { errors: [{ field: '(input)', rule: refused.rule, message_zh: refused.detail.zh, message_en: refused.detail.en }] });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const title = TITLES[status] ?? TITLES[status >= 500 ? 500 : 400];
    if (status === 404) {
      return problem(404, 'not-found', title, { zh: '没有这个路径', en: 'no such route' });
    }
    if (status >= 500) return problem(status, 'internal', title);
    const message = exception.message;
    return problem(status, `http-${status}`, title, { zh: title.zh, en: message });
  }
  return problem(500, 'internal', TITLES[500], { zh: '请稍后重试；已记录错误编号', en: 'Retry later; the error was logged with the request id' });
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request & { id?: string }>();
    const response = ctx.getResponse<Response>();
    const body = toProblem(exception);
    body.instance = request.originalUrl?.split('?')[0];
    body.requestId = request.id;
    if (body.status >= 500) this.logger.error({ reqId: request.id, err: exception }, 'unhandled error');
    if (response.headersSent) return;
    if (body.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="cb-engine"');
    // A domain error may name response headers of its own (Retry-After on a full render queue).
    const headers = exception instanceof DomainError ? (exception as DomainError & { headers?: Record<string, string> }).headers : undefined;
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
