import type { ComplianceRule } from '../compliance-rule.js';
import { cite } from './citations.js';
import { finding } from './findings.js';

// The review covers content (CCP Art 44); without a recorded draft the content rules had nothing to
// read, and an empty finding list must not look like a clean contract.

export const contractRecordedRule: ComplianceRule = {
  id: 'contract.notRecorded',
  severity: 'warning',
  citation: cite('CCP', 44),
  title_zh: '已录入合同文本',
  title_en: 'The contract text is recorded',
  check: (input) =>
    input.draft ? [] : [finding(contractRecordedRule, '尚未录入合同草案文本，未审查合同内容', 'no contract draft is recorded: the content was not checked')],
};
