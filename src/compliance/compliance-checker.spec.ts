import { describe, expect, it } from '@jest/globals';
import { ART8_TOPICS } from '../bargaining/contract/contract-document.js';
import { checkCompliance, COMPLIANCE_RULES } from './compliance-checker.js';
import type { ComplianceRule } from './compliance-rule.js';
import { article, complianceInput, contract, realTables, side } from './testing/compliance-fixtures.js';

const tables = realTables();

const lawfulTerms = {
  lowestMonthlyWage: 2100,
  standardHoursPerDay: 8,
  standardHoursPerWeek: 40,
  overtimeHoursPerDayMax: 3,
  overtimeHoursPerMonthMax: 36,
  overtimePayWorkdayPercent: 150,
  overtimePayRestDayPercent: 200,
  overtimePayHolidayPercent: 300,
  annualLeaveDays: 5,
  maternityLeaveDays: 98,
  termStart: '2023-01-01',
  termEnd: '2025-12-31',
};

const lawfulContract = () => contract([article([...ART8_TOPICS], lawfulTerms, '总则')]);

describe('checkCompliance', () => {
  it('finds nothing in a lawful comprehensive contract with a lawful procedure', () => {
    const input = complianceInput({
      content: lawfulContract(),
      contextChanges: { representatives: { employee: side('E', 3), employer: side('R', 3, 0, 'legal_representative') }, signedBy: { employee: 'E0', employer: 'R0' }, signedOn: '2023-01-03', filing: { occurredOn: '2023-01-13', late: false } },
    });
    expect(checkCompliance(input, tables)).toEqual({ findings: [], blocking: 0, warnings: 0 });
  });

  it('warns that the content was not checked when no draft is recorded', () => {
    expect(checkCompliance(complianceInput(), tables)).toMatchObject({ findings: [{ id: 'contract.notRecorded' }], blocking: 0, warnings: 1 });
  });

  it('sorts blocking findings first, then by contract article, findings on no article last', () => {
    const content = contract(
      [article(['pay', 'hours'], { annualLeaveDays: 4 }, '休假')], // 1: warning
      [article(['rest_leave'], { standardHoursPerWeek: 41 }, '工时'), article(['pay'], { lowestMonthlyWage: 1000 }, '工资')], // 2, 3: blocking
    );
    const input = complianceInput({ content, contextChanges: { representatives: { employee: side('E', 2), employer: side('R', 2, 0, 'legal_representative') } } });
    const report = checkCompliance(input, tables);
    expect(report.findings.map((f) => [f.severity, f.id, f.contractArticle?.no])).toEqual([
      ['blocking', 'hours.weekly', 2],
      ['blocking', 'wage.minimum', 3],
      ['blocking', 'procedure.representatives.minimum', undefined],
      ['blocking', 'procedure.representatives.minimum', undefined],
      ['warning', 'leave.annual', 1],
      ['warning', 'coverage.art8', undefined],
    ]);
    expect(report).toMatchObject({ blocking: 4, warnings: 2 });
  });

  it('runs the rules it is given', () => {
    const only: ComplianceRule[] = COMPLIANCE_RULES.filter((r) => r.id === 'hours.weekly');
    const content = contract([article(['hours'], { standardHoursPerWeek: 41, annualLeaveDays: 1 })]);
    expect(checkCompliance(complianceInput({ content }), tables, only).findings.map((f) => f.id)).toEqual(['hours.weekly']);
  });

  it('has rules with distinct ids, a citation and titles in both languages', () => {
    expect(new Set(COMPLIANCE_RULES.map((r) => r.id)).size).toBe(COMPLIANCE_RULES.length);
    for (const rule of COMPLIANCE_RULES) {
      expect([rule.id, rule.citation.law_zh && rule.citation.article && rule.citation.article_en && rule.title_zh && rule.title_en]).toEqual([rule.id, expect.any(String)]);
    }
  });
});
