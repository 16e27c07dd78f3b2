import type { Representative } from '../../workflow-engine/payloads/event-payloads.js';

// Valid payloads for every event of the procedure: the demo seed, the tests and the benchmarks use them.

export const rep = (name: string, personId: string, extra: Partial<Representative> = {}): Representative => ({
  name,
  personId,
  chief: false,
  external: false,
  delegated: false,
  position: 'other',
  ...extra,
});

export const EMPLOYEE_TEAM: Representative[] = [
  rep('张红梅', 'E-001', { chief: true, position: 'union_chair' }),
  rep('李强', 'E-002'),
  rep('王芳', 'E-003'),
];
export const EMPLOYER_TEAM: Representative[] = [
  rep('王建国', 'M-001', { chief: true, position: 'legal_representative' }),
  rep('赵敏', 'M-002'),
  rep('孙伟', 'M-003'),
];

/** A payload for `type` dated `on`; `variant` picks an alternative (e.g. a rejected congress vote). */
export function samplePayload(type: string, on: string, variant?: 'reject'): Record<string, unknown> {
  const base = { occurredOn: on };
  switch (type) {
    case 'OFFER_ISSUED':
    case 'RENEWAL_OFFERED':
      return { ...base, subjects: ['劳动报酬', '工作时间', '休息休假'], proposedPlace: '公司三楼会议室' };
    case 'WITHDRAWN':
    case 'RESPONSE_REFUSED':
    case 'COORDINATION_REQUESTED':
    case 'CLOSED':
      return { ...base, reason: '测试理由 test reason' };
    case 'RESPONSE_AGREED':
      return base;
    case 'REPRESENTATIVES_APPOINTED':
      return { ...base, members: EMPLOYEE_TEAM };
    case 'REPRESENTATIVE_LEFT':
      return { ...base, personId: EMPLOYEE_TEAM[2].personId, reason: 'resigned' };
    case 'TALKS_SCHEDULED':
      return { ...base, firstMeetingOn: on, place: '公司三楼会议室', agenda: ['工资调整'], recorder: { name: '周记录', personId: 'R-001' } };
    case 'SESSION_HELD':
      return { ...base, sessionNo: 1, minutesSignedByBothChiefs: true };
    case 'SUSPENDED':
      return { ...base, resumeOn: addDays(on, 10), reason: '双方同意中止' };
    case 'DISPUTE_RAISED':
      return { ...base, application: '书面申请协调处理' };
    case 'COORDINATION_CONCLUDED':
      return { ...base, summary: '协调处理协议书已签订' };
    case 'COORDINATION_EXTENDED':
      return { ...base, days: 15, reason: '情况复杂' };
    case 'DRAFT_AGREED':
      return { ...base, signedByBothChiefs: true };
    case 'CONGRESS_VOTED':
      return variant === 'reject'
        ? { ...base, body: 'congress', roster: 100, present: 60, yes: 55, no: 5, abstain: 0 }
        : { ...base, body: 'congress', roster: 100, present: 90, yes: 80, no: 6, abstain: 4 };
    case 'SIGNED':
      return { ...base, employeeChief: '张红梅', employerChief: '王建国', termStart: on, termEnd: addDays(addYears(on, 3), -1) };
    case 'FILED':
      return {
        ...base,
        materials: { contractCopies: 3, bargainingNarrative: true, congressResolution: true, representativesList: true, minutesSigned: true, specialData: true },
        delayExplanation: '负责人出差',
      };
    case 'MATERIALS_REQUESTED':
      return { ...base, missing: ['首席代表委托书'] };
    case 'OBJECTION_ISSUED':
      return { ...base, findings: [{ article: '第十二条', issue: '最低工资低于当地标准' }] };
    case 'PUBLISHED':
      return { ...base, method: '厂务公开栏' };
    case 'TERMINATED':
      return { ...base, reason: '企业破产', legalBasis: 'CCP Art 40' };
    default:
      return base; // RESUMED, MATERIALS_SUPPLIED, APPROVED and the system events
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}
