import { articleLabel, termsOf, type ContractTerms } from '../../bargaining/contract/contract-document.js';
import type { ComplianceRule } from '../compliance-rule.js';
import { cite } from './citations.js';
import { finding } from './findings.js';
import { TERM_LABELS_ZH } from './term-labels.js';

// One term given different values in two articles makes the contract ambiguous. A collective contract
// is the standard that labour contracts fall back on when theirs are unclear (LCL Art 18), so its own
// standards must be unambiguous. The same value stated twice is harmless;
// the finding points at the first article that disagrees with the first statement.

export const duplicateTermsRule: ComplianceRule = {
  id: 'terms.duplicate',
  severity: 'blocking',
  citation: cite('LCL', 18),
  title_zh: '同一标准不得在不同条款中约定不一致',
  title_en: 'No term given different values in two articles',
  check(input) {
    if (!input.draft) return [];
    const byName = new Map<keyof ContractTerms, ReturnType<typeof termsOf>>();
    for (const t of termsOf(input.draft.content)) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
    return [...byName].flatMap(([name, occurrences]) => {
      const conflicting = occurrences.find((t) => t.value !== occurrences[0].value);
      if (!conflicting) return [];
      const list_zh = occurrences.map((t) => `${articleLabel(t.article.no)}为 ${t.value}`).join('，');
      const list_en = occurrences.map((t) => `${t.value} in contract article ${t.article.no}`).join(', ');
      return [finding(duplicateTermsRule, `“${TERM_LABELS_ZH[name] ?? name}”在多个条款中约定不一致：${list_zh}`, `${name} is given different values: ${list_en}`, { article: conflicting.article })];
    });
  },
};
