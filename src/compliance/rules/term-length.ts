import type { PlacedArticle } from '../../bargaining/contract/contract-document.js';
import { isValidIsoDate } from '../../workflow-engine/calendar/iso-date.js';
import { termRule } from '../../workflow-engine/machine/procedure-rules.js';
import type { ComplianceInput, ComplianceRule } from '../compliance-rule.js';
import { cite } from './citations.js';
import { finding, termsNamed } from './findings.js';
import { checkerEvent } from './procedure-event.js';

// A term of termMinYears to termMaxYears (CCP Art 38: 1 to 3 years), by the machine's termRule:
// the end date is the term's last day. The draft's dates are checked; without them, the signed ones.

function termOf(input: ComplianceInput): { start: unknown; end: unknown; article?: PlacedArticle } | undefined {
  const [start] = termsNamed(input, 'termStart');
  const [end] = termsNamed(input, 'termEnd');
  if (start && end) return { start: start.value, end: end.value, article: end.article };
  return input.context.term;
}

export const termLengthRule: ComplianceRule = {
  id: 'term.length',
  severity: 'blocking',
  citation: cite('CCP', 38),
  title_zh: '集体合同期限为一至三年',
  title_en: 'Term of one to three years',
  check(input) {
    const term = termOf(input);
    if (!term) return [];
    const { start, end, article } = term;
    if (!isValidIsoDate(start) || !isValidIsoDate(end)) {
      return [finding(termLengthRule, `合同期限的起止日期无效（${start} 至 ${end}）`, `the term's dates are not valid dates (${start} to ${end})`, { article })];
    }
    return termRule(input.context, checkerEvent(input, { termStart: start, termEnd: end }), input.params).map((v) => finding(termLengthRule, v.message_zh, v.message_en, { article }));
  },
};
