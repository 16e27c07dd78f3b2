import type { ComplianceInput, ComplianceRule, ComplianceTables, Finding } from './compliance-rule.js';
import { contractRecordedRule } from './rules/contract-recorded.js';
import { art8CoverageRule, lowestWageStatedRule, subjectCoverageRule } from './rules/coverage.js';
import { duplicateTermsRule } from './rules/duplicate-terms.js';
import { hoursDailyRule, hoursWeeklyRule, overtimeDailyRule, overtimeMonthlyRule } from './rules/hours.js';
import { annualLeaveRule, maternityLeaveRule } from './rules/leave.js';
import { overtimePayHolidayRule, overtimePayRestDayRule, overtimePayWorkdayRule } from './rules/overtime-pay.js';
import { congressComplianceRule, filingLateComplianceRule, representativesComplianceRule, signingComplianceRule } from './rules/procedure.js';
import { termAgreedRule } from './rules/term-agreed.js';
import { termLengthRule } from './rules/term-length.js';
import { wageMinimumRule } from './rules/wage-minimum.js';

// The compliance checker (procedure.md, "Content checks"): every rule over the draft and the case.

export const COMPLIANCE_RULES: ComplianceRule[] = [
  contractRecordedRule,
  wageMinimumRule,
  lowestWageStatedRule,
  hoursDailyRule,
  hoursWeeklyRule,
  overtimeDailyRule,
  overtimeMonthlyRule,
  overtimePayWorkdayRule,
  overtimePayRestDayRule,
  overtimePayHolidayRule,
  maternityLeaveRule,
  annualLeaveRule,
  termLengthRule,
  termAgreedRule,
  art8CoverageRule,
  subjectCoverageRule,
  duplicateTermsRule,
  representativesComplianceRule,
  congressComplianceRule,
  signingComplianceRule,
  filingLateComplianceRule,
];

export interface ComplianceReport {
  findings: Finding[];
  blocking: number;
  warnings: number;
}

/** Blocking first; then by contract article (findings about no article last); else in rule order. */
function byWeight(a: Finding, b: Finding): number {
  const severity = Number(a.severity !== 'blocking') - Number(b.severity !== 'blocking');
  return severity || (a.contractArticle?.no ?? Infinity) - (b.contractArticle?.no ?? Infinity) || 0;
}

export function checkCompliance(input: ComplianceInput, tables: ComplianceTables, rules: ComplianceRule[] = COMPLIANCE_RULES): ComplianceReport {
  const findings = rules.flatMap((rule) => rule.check(input, tables)).sort(byWeight);
  const blocking = findings.filter((f) => f.severity === 'blocking').length;
  return { findings, blocking, warnings: findings.length - blocking };
}
