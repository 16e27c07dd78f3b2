import type { ComplianceRule } from '../compliance-rule.js';
import { cite } from './citations.js';
import { finding, termsNamed } from './findings.js';

/** CCP Arts 36–37: the term signed is the term of the draft the congress adopted. */
export const termAgreedRule: ComplianceRule = {
  id: 'term.mismatch',
  severity: 'blocking',
  citation: cite('CCP', 36, 37),
  title_zh: '签订的期限与草案一致',
  title_en: 'The term signed is the draft’s term',
  check(input) {
    const signed = input.signing ? { start: input.signing.termStart, end: input.signing.termEnd } : input.context.term;
    if (!signed) return [];
    return (['termStart', 'termEnd'] as const).flatMap((name) => {
      const drafted = termsNamed(input, name)[0];
      const value = name === 'termStart' ? signed.start : signed.end;
      if (!drafted || drafted.value === value) return [];
      const label = name === 'termStart' ? '起始日' : '终止日';
      return [finding(termAgreedRule, `签订的合同期限${label} ${value} 与草案约定的 ${drafted.value} 不一致`, `the ${name === 'termStart' ? 'start' : 'end'} of the term signed (${value}) differs from the draft's (${drafted.value})`, { article: drafted.article })];
    });
  },
};
