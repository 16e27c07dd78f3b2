import { DomainError } from '../../common/errors/domain-error.js';

/**
 * The render queue is full: 503 with `retryAfterSeconds` in the problem and a `Retry-After` header
 * (`headers`, for the global filter to copy onto the response).
 */
export class RendererBusy extends DomainError {
  readonly headers: Record<string, string>;

  constructor(readonly retryAfterSeconds: number, queued: number) {
    super(
      503,
      'renderer-busy',
      { zh: 'PDF 生成繁忙', en: 'PDF renderer busy' },
      {
        zh: `PDF 生成队列已满（${queued} 份排队），请 ${retryAfterSeconds} 秒后重试`,
        en: `the PDF render queue is full (${queued} waiting); retry in ${retryAfterSeconds} s`,
      },
      { retryAfterSeconds },
    );
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

export type RenderFailure = 'timeout' | 'crashed' | 'failed' | 'closed';

const DETAILS: Record<RenderFailure, { zh: string; en: string }> = {
  timeout: { zh: 'PDF 生成超时', en: 'the PDF render timed out' },
  crashed: { zh: 'PDF 生成过程中浏览器崩溃，请重试', en: 'the browser crashed during the render; retry' },
  failed: { zh: 'PDF 生成失败', en: 'the PDF render failed' },
  closed: { zh: 'PDF 生成服务已关闭', en: 'the PDF renderer is shut down' },
};

/** A render that did not produce a PDF: 504 on timeout, 500 otherwise. The browser's message stays in `cause` (logs only). */
export class RenderFailed extends DomainError {
  constructor(
    readonly reason: RenderFailure,
    cause?: unknown,
    timeoutMs?: number,
  ) {
    super(
      reason === 'timeout' ? 504 : reason === 'closed' ? 503 : 500,
      reason === 'timeout' ? 'render-timeout' : 'render-failed',
      reason === 'timeout' ? { zh: 'PDF 生成超时', en: 'PDF render timed out' } : { zh: 'PDF 生成失败', en: 'PDF render failed' },
      timeoutMs !== undefined
        ? { zh: `${DETAILS[reason].zh}（${timeoutMs} 毫秒）`, en: `${DETAILS[reason].en} (${timeoutMs} ms)` }
        : DETAILS[reason],
      { reason },
    );
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}
