import { describe, expect, it } from '@jest/globals';
import type { ContractTerms } from '../../bargaining/contract/contract-document.js';
import type { ComplianceRule } from '../compliance-rule.js';
import { article, complianceInput, contract, realTables } from '../testing/compliance-fixtures.js';
import { hoursDailyRule, hoursWeeklyRule, overtimeDailyRule, overtimeMonthlyRule } from './hours.js';
import { annualLeaveRule, maternityLeaveRule } from './leave.js';
import { overtimePayHolidayRule, overtimePayRestDayRule, overtimePayWorkdayRule } from './overtime-pay.js';

const tables = realTables();
const check = (rule: ComplianceRule, terms: ContractTerms) =>
  rule.check(complianceInput({ content: contract([article(['pay']), article(['hours', 'rest_leave'], terms, '工时与休假')]) }), tables);

// [rule, term, last lawful value, first unlawful value, severity, law article]
const boundaries: [ComplianceRule, keyof ContractTerms, number, number, string, string][] = [
  [hoursDailyRule, 'standardHoursPerDay', 8, 9, 'blocking', '第三条'],
  [hoursDailyRule, 'standardHoursPerDay', 8, 8.5, 'blocking', '第三条'],
  [hoursWeeklyRule, 'standardHoursPerWeek', 40, 41, 'blocking', '第三条'],
  [overtimeDailyRule, 'overtimeHoursPerDayMax', 3, 3.5, 'blocking', '第四十一条'],
  [overtimeMonthlyRule, 'overtimeHoursPerMonthMax', 36, 37, 'blocking', '第四十一条'],
  [overtimePayWorkdayRule, 'overtimePayWorkdayPercent', 150, 149, 'blocking', '第四十四条'],
  [overtimePayRestDayRule, 'overtimePayRestDayPercent', 200, 199, 'blocking', '第四十四条'],
  [overtimePayHolidayRule, 'overtimePayHolidayPercent', 300, 299, 'blocking', '第四十四条'],
  [maternityLeaveRule, 'maternityLeaveDays', 98, 97, 'blocking', '第七条'],
  [annualLeaveRule, 'annualLeaveDays', 5, 4, 'warning', '第三条'],
];

describe('statutory limits on hours, overtime, overtime pay and leave', () => {
  const table = boundaries.map(([rule, term, lawful, unlawful, severity, lawArticle]) => ({ id: rule.id, rule, term, lawful, unlawful, severity, lawArticle }));
  it.each(table)('$id: $term = $lawful passes, $unlawful does not', ({ rule, term, lawful, unlawful, severity, lawArticle }) => {
    expect(check(rule, { [term]: lawful })).toEqual([]);
    const findings = check(rule, { [term]: unlawful });
    expect(findings).toEqual([
      expect.objectContaining({ id: rule.id, severity, citation: expect.objectContaining({ article: lawArticle }), contractArticle: { key: expect.any(String), no: 2, label: '第二条', title: '工时与休假' } }),
    ]);
    expect(findings[0].message_zh).toContain(`第二条约定`);
    expect(findings[0].message_en).toContain(`${unlawful}`);
  });

  it('cites the right laws', () => {
    expect(hoursWeeklyRule.citation.law_zh).toBe('国务院关于职工工作时间的规定');
    expect(overtimeMonthlyRule.citation).toMatchObject({ law_zh: '中华人民共和国劳动法', article_en: 'Art 41' });
    expect(overtimePayHolidayRule.citation.article_en).toBe('Art 44');
    expect(maternityLeaveRule.citation.law_zh).toBe('女职工劳动保护特别规定');
    expect(annualLeaveRule.citation.law_zh).toBe('职工带薪年休假条例');
  });

  it('flags a value that is not a number instead of passing it', () => {
    const terms = { standardHoursPerWeek: 'forty' } as unknown as ContractTerms;
    expect(check(hoursWeeklyRule, terms)).toMatchObject([{ id: 'hours.weekly', severity: 'blocking' }]);
  });

  it('checks every article that states the term', () => {
    const input = complianceInput({ content: contract([article(['hours'], { standardHoursPerDay: 9 })], [article(['hours'], { standardHoursPerDay: 10 })]) });
    expect(hoursDailyRule.check(input, tables).map((f) => f.contractArticle?.no)).toEqual([1, 2]);
  });
});
