import { articleLabel, termsOf, type ContractTerms, type PlacedArticle } from '../../bargaining/contract/contract-document.js';
import type { Citation, ComplianceInput, ComplianceRule, Finding, FindingArticle, Severity } from '../compliance-rule.js';

export function articleRef(article: PlacedArticle): FindingArticle {
  return { key: article.key, no: article.no, label: articleLabel(article.no), title: article.title };
}

/** A finding of `rule`; id, severity and citation default to the rule's. */
export function finding(
  rule: Pick<ComplianceRule, 'id' | 'severity' | 'citation'>,
  message_zh: string,
  message_en: string,
  extra: { article?: PlacedArticle; id?: string; severity?: Severity; citation?: Citation } = {},
): Finding {
  return {
    id: extra.id ?? rule.id,
    severity: extra.severity ?? rule.severity,
    citation: extra.citation ?? rule.citation,
    message_zh,
    message_en,
    ...(extra.article ? { contractArticle: articleRef(extra.article) } : {}),
  };
}

/** Every occurrence of one term in the draft (none without a draft). */
export function termsNamed(input: ComplianceInput, name: keyof ContractTerms) {
  return input.draft ? termsOf(input.draft.content).filter((t) => t.name === name) : [];
}

/** How messages name a contract article: 第三条 / contract article 3 (never confused with a law's article). */
export const at = (article: PlacedArticle) => ({ zh: articleLabel(article.no), en: `contract article ${article.no}` });
