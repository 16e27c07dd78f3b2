import { ART8_TOPIC_TITLES, ART8_TOPICS, placeArticles, type Art8Topic } from '../../bargaining/contract/contract-document.js';
import type { ComplianceRule } from '../compliance-rule.js';
import { cite, LAWS } from './citations.js';
import { finding, termsNamed } from './findings.js';

// What a contract must be about: a comprehensive contract the items of CCP Art 8, a special contract
// its subject (LCL Art 52), and a wage contract a wage standard (四川省企业工资集体协商办法).

/** A comprehensive contract lacking Art 8 items (other than 'other') is flagged, not refused. */
export const art8CoverageRule: ComplianceRule = {
  id: 'coverage.art8',
  severity: 'warning',
  citation: cite('CCP', 8),
  title_zh: '综合集体合同包括第八条所列内容',
  title_en: 'A comprehensive contract covers the items of CCP Art 8',
  check(input) {
    if (input.kind !== 'comprehensive' || !input.draft) return [];
    const covered = new Set(placeArticles(input.draft.content).flatMap((a) => a.topics));
    const missing = ART8_TOPICS.filter((t) => t !== 'other' && !covered.has(t));
    if (missing.length === 0) return [];
    return [
      finding(art8CoverageRule, `综合集体合同未约定以下事项：${missing.map((t) => ART8_TOPIC_TITLES[t]).join('、')}`, `the comprehensive contract has no article on: ${missing.join(', ')}`),
    ];
  },
};

/** The subject each special contract must have an article on. */
export const SUBJECT_OF_KIND: Record<string, { topic: Art8Topic; zh: string; en: string }> = {
  wage: { topic: 'pay', zh: '工资专项集体合同', en: 'wage contract' },
  women_workers: { topic: 'women_minors', zh: '女职工权益保护专项集体合同', en: 'women-workers contract' },
  safety_health: { topic: 'safety_health', zh: '劳动安全卫生专项集体合同', en: 'safety-and-health contract' },
};

export const subjectCoverageRule: ComplianceRule = {
  id: 'coverage.subject',
  severity: 'blocking',
  citation: cite('LCL', 52),
  title_zh: '专项集体合同约定其专项事项',
  title_en: 'A special contract covers its subject',
  check(input) {
    const subject = SUBJECT_OF_KIND[input.kind];
    if (!subject || !input.draft) return [];
    if (placeArticles(input.draft.content).some((a) => a.topics.includes(subject.topic))) return [];
    const title = ART8_TOPIC_TITLES[subject.topic];
    return [finding(subjectCoverageRule, `${subject.zh}没有关于“${title}”的条款`, `the ${subject.en} has no article on ${subject.topic}`)];
  },
};

export const lowestWageStatedRule: ComplianceRule = {
  id: 'wage.lowestStated',
  severity: 'blocking',
  // The Measures' article number has not been confirmed against the text: say so rather than guess.
  citation: { law_zh: LAWS.SICHUAN_WAGE.zh, law_en: LAWS.SICHUAN_WAGE.en, article: '条次待核', article_en: 'article to be confirmed', reference: LAWS.SICHUAN_WAGE.short },
  title_zh: '工资专项集体合同约定最低工资',
  title_en: 'A wage contract states the lowest monthly wage',
  check(input) {
    if (input.kind !== 'wage' || !input.draft || termsNamed(input, 'lowestMonthlyWage').length > 0) return [];
    const payArticle = placeArticles(input.draft.content).find((a) => a.topics.includes('pay'));
    return [finding(lowestWageStatedRule, '工资专项集体合同未约定企业最低工资（最低月工资）标准', 'the wage contract does not state the lowest monthly wage', { article: payArticle })];
  },
};
