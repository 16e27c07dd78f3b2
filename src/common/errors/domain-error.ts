/** A bilingual message: Chinese first, English beside it. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface FieldViolation {
  field: string;
  rule: string;
  message_zh: string;
  message_en: string;
}

export const fieldViolation = (field: string, rule: string, zh: string, en: string): FieldViolation => ({ field, rule, message_zh: zh, message_en: en });

/**
 * Base of every typed error of the domain. The global filter turns it into application/problem+json once;
 * nothing else decides HTTP statuses.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: Bilingual,
    readonly detail?: Bilingual,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail?.en ?? title.en);
  }
}

export class ValidationFailed extends DomainError {
  constructor(readonly violations: FieldViolation[]) {
    super(
      400,
      'validation-failed',
      { zh: '数据校验未通过', en: 'Validation failed' },
      {
        zh: violations.map((v) => v.message_zh).join('；'),
        en: violations.map((v) => v.message_en).join('; '),
      },
      { errors: violations },
    );
  }
}

export class NotFound extends DomainError {
  constructor(what: Bilingual, id: string) {
    super(404, 'not-found', { zh: '资源不存在', en: 'Not found' }, { zh: `${what.zh} ${id} 不存在`, en: `${what.en} ${id} not found` });
  }
}

export class Unauthenticated extends DomainError {
  constructor(detail: Bilingual = { zh: '需要登录：请提供有效的访问令牌', en: 'Authentication required: send a valid bearer token' }) {
    super(401, 'unauthenticated', { zh: '未认证', en: 'Unauthenticated' }, detail);
  }
}

export class Forbidden extends DomainError {
  constructor(detail: Bilingual) {
    super(403, 'forbidden', { zh: '无权操作', en: 'Forbidden' }, detail);
  }
}

export class Conflict extends DomainError {
  constructor(detail: Bilingual, extra: Record<string, unknown> = {}) {
    super(409, 'conflict', { zh: '冲突', en: 'Conflict' }, detail, extra);
  }
}
