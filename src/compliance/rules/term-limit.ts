import type { ContractTerms } from '../../bargaining/contract/contract-document.js';
import type { Citation, ComplianceRule, Severity } from '../compliance-rule.js';
import { at, finding, termsNamed } from './findings.js';

// A numeric term against a fixed statutory bound. The bounds are national law (not provincial
// practice), so they live with the rule that cites them rather than in workflow parameters.

export interface TermLimit {
  id: string;
  severity: Severity;
  citation: Citation;
  term: keyof ContractTerms;
  /** 'max': the term may not exceed the limit; 'min': it may not fall below it. */
  bound: 'max' | 'min';
  limit: number;
  label_zh: string;
  label_en: string;
  unit_zh: string;
  unit_en: string;
}

export function termLimitRule(spec: TermLimit): ComplianceRule {
  const { term, bound, limit, label_zh, label_en, unit_zh, unit_en } = spec;
  const rule: ComplianceRule = {
    id: spec.id,
    severity: spec.severity,
    citation: spec.citation,
    title_zh: `${label_zh}${bound === 'max' ? '不超过' : '不低于'} ${limit}${unit_zh}`,
    title_en: `${label_en} ${bound === 'max' ? 'at most' : 'at least'} ${limit} ${unit_en}`,
    check: (input) =>
      termsNamed(input, term).flatMap(({ article, value }) => {
        const where = at(article);
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          return [finding(rule, `${where.zh}约定的${label_zh}“${value}”不是数值，无法核对`, `${where.en}: ${label_en} ${JSON.stringify(value)} is not a number and cannot be checked`, { article })];
        }
        const broken = bound === 'max' ? value > limit : value < limit;
        if (!broken) return [];
        return [
          bound === 'max'
            ? finding(rule, `${where.zh}约定${label_zh}为 ${value}${unit_zh}，超过法定上限 ${limit}${unit_zh}`, `${where.en} sets ${label_en} at ${value} ${unit_en}, above the legal maximum of ${limit} ${unit_en}`, { article })
            : finding(rule, `${where.zh}约定${label_zh}为 ${value}${unit_zh}，低于法定标准 ${limit}${unit_zh}`, `${where.en} sets ${label_en} at ${value} ${unit_en}, below the legal minimum of ${limit} ${unit_en}`, { article }),
        ];
      }),
  };
  return rule;
}
