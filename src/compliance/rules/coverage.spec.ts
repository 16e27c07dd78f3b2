import { describe, expect, it } from '@jest/globals';
import { ART8_TOPICS, type Art8Topic } from '../../bargaining/contract/contract-document.js';
import { article, complianceInput, contract, realTables } from '../testing/compliance-fixtures.js';
import { contractRecordedRule } from './contract-recorded.js';
import { art8CoverageRule, lowestWageStatedRule, subjectCoverageRule } from './coverage.js';
import { duplicateTermsRule } from './duplicate-terms.js';

const tables = realTables();
const ALL_ITEMS = ART8_TOPICS.filter((t) => t !== 'other');
const withTopics = (kind: string, ...topics: Art8Topic[][]) => complianceInput({ kind, content: contract(topics.map((t) => article(t))) });

describe('coverage.art8 (CCP Art 8)', () => {
  it('passes a comprehensive contract covering every item but "other", spread over articles', () => {
    expect(art8CoverageRule.check(withTopics('comprehensive', ALL_ITEMS.slice(0, 7), ALL_ITEMS.slice(7)), tables)).toEqual([]);
  });

  it('warns listing the items no article covers', () => {
    const [finding] = art8CoverageRule.check(withTopics('comprehensive', ALL_ITEMS.filter((t) => t !== 'layoffs' && t !== 'training')), tables);
    expect(finding).toMatchObject({ id: 'coverage.art8', severity: 'warning', citation: { article: '第八条' } });
    expect(finding.message_zh).toBe('综合集体合同未约定以下事项：职业技能培训、裁员');
    expect(finding.message_en).toBe('the comprehensive contract has no article on: training, layoffs');
  });

  it.each(['wage', 'women_workers', 'safety_health', 'industry', 'regional'])('does not apply to a %s contract', (kind) => {
    expect(art8CoverageRule.check(withTopics(kind, ['pay']), tables)).toEqual([]);
  });
});

describe('coverage.subject (LCL Art 52)', () => {
  it.each([
    ['wage', 'pay'],
    ['women_workers', 'women_minors'],
    ['safety_health', 'safety_health'],
  ] as [string, Art8Topic][])('a %s contract needs an article on %s', (kind, topic) => {
    expect(subjectCoverageRule.check(withTopics(kind, ['hours'], [topic]), tables)).toEqual([]);
    expect(subjectCoverageRule.check(withTopics(kind, ['hours'], ['training']), tables)).toMatchObject([{ id: 'coverage.subject', severity: 'blocking', citation: { article: '第五十二条' } }]);
  });

  it.each(['comprehensive', 'industry', 'regional'])('has no fixed subject for a %s contract', (kind) => {
    expect(subjectCoverageRule.check(withTopics(kind, ['hours']), tables)).toEqual([]);
  });
});

describe('wage.lowestStated (四川省企业工资集体协商办法)', () => {
  it('requires a wage contract to state the lowest monthly wage, pointing at its pay article', () => {
    const without = complianceInput({ kind: 'wage', content: contract([article(['hours']), article(['pay'], { wageIncreasePercent: 6 }, '工资增长')]) });
    expect(lowestWageStatedRule.check(without, tables)).toMatchObject([{ id: 'wage.lowestStated', severity: 'blocking', contractArticle: { no: 2, title: '工资增长' } }]);
    const stated = complianceInput({ kind: 'wage', content: contract([article(['pay'], { lowestMonthlyWage: 2500 })]) });
    expect(lowestWageStatedRule.check(stated, tables)).toEqual([]);
  });

  it('does not apply to other kinds', () => {
    expect(lowestWageStatedRule.check(withTopics('comprehensive', ['pay']), tables)).toEqual([]);
  });
});

describe('terms.duplicate', () => {
  it('blocks a term given different values in two articles, pointing at the second', () => {
    const input = complianceInput({ content: contract([article(['hours'], { standardHoursPerWeek: 40 })], [article(['pay']), article(['hours'], { standardHoursPerWeek: 38 }, '工时补充')]) });
    const [finding] = duplicateTermsRule.check(input, tables);
    expect(finding).toMatchObject({ id: 'terms.duplicate', severity: 'blocking', contractArticle: { no: 3, title: '工时补充' } });
    expect(finding.message_zh).toBe('“每周标准工时”在多个条款中约定不一致：第一条为 40，第三条为 38');
  });

  it('accepts the same value stated twice, and different terms in one article', () => {
    const input = complianceInput({ content: contract([article(['hours'], { standardHoursPerWeek: 40, standardHoursPerDay: 8 }), article(['hours'], { standardHoursPerWeek: 40 })]) });
    expect(duplicateTermsRule.check(input, tables)).toEqual([]);
  });
});

describe('contract.notRecorded', () => {
  it('warns that the content was not checked when no draft is recorded', () => {
    expect(contractRecordedRule.check(complianceInput(), tables)).toMatchObject([{ id: 'contract.notRecorded', severity: 'warning' }]);
    expect(contractRecordedRule.check(withTopics('comprehensive', ['pay']), tables)).toEqual([]);
  });
});
