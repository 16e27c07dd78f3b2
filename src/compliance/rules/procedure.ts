import { congressRule, representativesRule } from '../../workflow-engine/machine/procedure-rules.js';
import type { Side } from '../../workflow-engine/machine/case-context.js';
import type { ComplianceRule } from '../compliance-rule.js';
import { cite, citeCcpReference } from './citations.js';
import { finding } from './findings.js';
import { checkerEvent } from './procedure-event.js';

// The procedure as the case recorded it, checked by the machine's own rules. A fact not yet
// recorded (no representatives, no vote, no signature, no filing) gives no finding.

const SIDES: [Side, string, string][] = [
  ['employee', '职工方', 'employee side'],
  ['employer', '用人单位方', 'employer side'],
];

/** CCP Arts 19–24, once any representative is appointed: one finding per broken rule, citing its article. */
export const representativesComplianceRule: ComplianceRule = {
  id: 'procedure.representatives',
  severity: 'blocking',
  citation: cite('CCP', 19, 24),
  title_zh: '协商代表符合规定',
  title_en: 'Representatives as the rules require',
  check(input) {
    const { employee, employer } = input.context.representatives;
    if (employee.length + employer.length === 0) return [];
    return representativesRule(input.context, checkerEvent(input), input.params).map((v) =>
      finding(representativesComplianceRule, v.message_zh, v.message_en, { id: `procedure.${v.rule}`, citation: citeCcpReference(v.article) }),
    );
  },
};

/** CCP Art 36: the congress's last vote passed. A vote recorded as passed is re-counted, never trusted blindly. */
export const congressComplianceRule: ComplianceRule = {
  id: 'procedure.congress',
  severity: 'blocking',
  citation: cite('CCP', 36),
  title_zh: '职工代表大会审议通过',
  title_en: 'Passed by the employee congress',
  check(input) {
    const vote = input.context.congress;
    if (!vote) return [];
    const recounted = congressRule(input.context, checkerEvent(input, { roster: vote.roster, present: vote.present, yes: vote.yes }), input.params).map((v) => ({ zh: v.message_zh, en: v.message_en }));
    const reasons = vote.passed ? recounted : vote.reasons.length ? vote.reasons : recounted;
    if (vote.passed && reasons.length === 0) return [];
    const zh = reasons.map((r) => r.zh).join('；') || '表决未通过';
    const en = reasons.map((r) => r.en).join('; ') || 'the vote did not pass';
    return [finding(congressComplianceRule, `职工代表大会（${vote.occurredOn}）未通过集体合同草案：${zh}`, `the employee congress of ${vote.occurredOn} did not pass the draft: ${en}`)];
  },
};

/** CCP Art 37: the contract is signed by the chief representatives of both sides. */
export const signingComplianceRule: ComplianceRule = {
  id: 'procedure.signing',
  severity: 'blocking',
  citation: cite('CCP', 37),
  title_zh: '由双方首席代表签字',
  title_en: 'Signed by both chief representatives',
  check(input) {
    const signedBy = input.signing ? { employee: input.signing.employeeChief, employer: input.signing.employerChief } : input.context.signedBy;
    if (!signedBy) return [];
    return SIDES.flatMap(([side, zh, en]) => {
      const chief = input.context.representatives[side].find((m) => m.chief)?.name;
      const signer = signedBy[side];
      if (chief !== undefined && signer?.trim() === chief.trim()) return [];
      return [
        finding(
          signingComplianceRule,
          `${zh}签字人“${signer}”不是该方首席代表（${chief ?? '未指定首席代表'}）`,
          `${en}: the signatory “${signer}” is not its chief representative (${chief ?? 'no chief appointed'})`,
        ),
      ];
    });
  },
};

/** CCP Art 42: filed within filingDays of signing, counted by the holiday calendar (民法典 Arts 201, 203). */
export const filingLateComplianceRule: ComplianceRule = {
  id: 'procedure.filingLate',
  severity: 'warning',
  citation: cite('CCP', 42),
  title_zh: '签订后按期报送',
  title_en: 'Filed in time after signing',
  check(input, { calendar }) {
    const { signedOn, filing } = input.context;
    if (!signedOn || !filing) return [];
    const period = calendar.periodEnd(signedOn, input.params.filingDays, 'natural');
    if (filing.occurredOn <= period.lastDay) return [];
    const caveat_zh = period.warnings.map((w) => w.zh).join('');
    const caveat_en = period.warnings.map((w) => ` ${w.en}`).join('');
    return [
      finding(
        filingLateComplianceRule,
        `集体合同于 ${signedOn} 签订，应于 ${period.lastDay} 前报送，实际报送日为 ${filing.occurredOn}。${caveat_zh}`,
        `signed on ${signedOn}, the contract was due for filing by ${period.lastDay} but was filed on ${filing.occurredOn}.${caveat_en}`,
      ),
    ];
  },
};
