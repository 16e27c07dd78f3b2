import { DomainError } from '../common/errors/domain-error.js';
import type { RuleViolation } from './machine/procedure-rules.js';

export class CaseNotFound extends DomainError {
  constructor(id: string) {
    super(404, 'case-not-found', { zh: '案件不存在', en: 'Case not found' }, { zh: `案件 ${id} 不存在`, en: `case ${id} not found` });
  }
}

export class VersionConflict extends DomainError {
  constructor(expected: number, current: number) {
    super(
      409,
      'version-conflict',
      { zh: '版本冲突', en: 'Version conflict' },
      { zh: `案件已更新：您提交时的版本为 ${expected}，当前版本为 ${current}，请刷新后重试`, en: `the case has moved on: you sent version ${expected}, it is at ${current}; reload and retry` },
      { currentVersion: current },
    );
  }
}

export interface AllowedEvent {
  type: string;
  label: { zh: string; en: string };
}

export class EventNotAllowed extends DomainError {
  constructor(type: string, state: string, stateLabel: { zh: string; en: string }, allowed: AllowedEvent[], currentVersion: number) {
    super(
      409,
      'event-not-allowed',
      { zh: '当前阶段不能进行此操作', en: 'Event not allowed now' },
      {
        zh: `案件处于“${stateLabel.zh}”（${state}），不能发送 ${type}；现可发送：${allowed.map((a) => a.type).join('、') || '无'}`,
        en: `the case is in ${state} (${stateLabel.en}); ${type} is not allowed; allowed now: ${allowed.map((a) => a.type).join(', ') || 'none'}`,
      },
      { state, allowedEvents: allowed, currentVersion },
    );
  }
}

export class ProcedureRuleViolated extends DomainError {
  constructor(type: string, violations: RuleViolation[]) {
    super(
      422,
      'procedure-rule-violated',
      { zh: '不符合法定程序', en: 'Procedure rule not met' },
      { zh: violations.map((v) => `${v.message_zh}（${v.article}）`).join('；'), en: violations.map((v) => `${v.message_en} (${v.article})`).join('; ') },
      { event: type, violations },
    );
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor(key: string) {
    super(
      422,
      'idempotency-key-reused',
      { zh: '幂等键已用于另一请求', en: 'Idempotency key reused' },
      { zh: `Idempotency-Key ${key} 已用于内容不同的请求`, en: `Idempotency-Key ${key} was already used for a different request` },
    );
  }
}
