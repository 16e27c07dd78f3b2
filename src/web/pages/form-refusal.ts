import { DomainError, type Bilingual } from '../../common/errors/domain-error.js';

/**
 * Whether a page shows this error beside its form (a 4xx the input or the case's moment caused) rather than
 * as an error page: not a 404 (a case out of reach stays one), not a 5xx, nothing but a domain error.
 */
export const isFormRefusal = (error: unknown): error is DomainError => error instanceof DomainError && error.status >= 400 && error.status < 500 && error.status !== 404;

/** Said above the form when the case moved on while the person filled it (409 version-conflict). */
export const VERSION_CONFLICT_HINT: Bilingual = {
  zh: '提交时他人已办理了本案，页面已更新为最新状态；请核对后重新提交。',
  en: 'Someone else acted on this case meanwhile; the page now shows its current state. Check and submit again.',
};
