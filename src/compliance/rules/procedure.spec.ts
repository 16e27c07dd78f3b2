import { describe, expect, it } from '@jest/globals';
import { DeadlineCalendar } from '../../workflow-engine/calendar/deadline-calendar.js';
import type { CaseContext, CongressRecord } from '../../workflow-engine/machine/case-context.js';
import { congressRule } from '../../workflow-engine/machine/procedure-rules.js';
import { complianceInput, PARAMS, realTables, representative, side } from '../testing/compliance-fixtures.js';
import { congressComplianceRule, filingLateComplianceRule, representativesComplianceRule, signingComplianceRule } from './procedure.js';

const tables = realTables();
const withContext = (contextChanges: Partial<CaseContext>) => complianceInput({ contextChanges });

describe('procedure.representatives (CCP Arts 19–24)', () => {
  const check = (employee = side('E', 3), employer = side('R', 3, 0, 'legal_representative')) =>
    representativesComplianceRule.check(withContext({ representatives: { employee, employer } }), tables);

  it('says nothing before anyone is appointed', () => {
    expect(check([], [])).toEqual([]);
  });

  it('passes experts at exactly a third of a side, fails above', () => {
    expect(check(side('E', 6, 2), side('R', 6, 2, 'legal_representative'))).toEqual([]);
    expect(check(side('E', 6, 2), side('R', 6, 3, 'legal_representative'))).toMatchObject([{ id: 'procedure.representatives.expertShare', message_zh: expect.stringContaining('用人单位方') }]);
    expect(check(side('E', 3, 1))).toEqual([]);
    const findings = check(side('E', 3, 2));
    expect(findings).toMatchObject([{ id: 'procedure.representatives.expertShare', severity: 'blocking', citation: { article: '第二十三条', article_en: 'Art 23' } }]);
    expect(findings[0].message_zh).toContain('职工方外聘专家超过代表人数的 1/3');
  });

  it('gives one finding per broken rule, each citing its own article', () => {
    const employee = [...side('E', 2), representative('R1')]; // 2 + someone also on the employer side
    const findings = check(employee, side('R', 4, 0, 'legal_representative'));
    expect(findings.map((f) => [f.id, f.citation.article])).toEqual([
      ['procedure.representatives.equal', '第十九条'],
      ['procedure.representatives.bothSides', '第二十四条'],
    ]);
  });

  it('reads the minimum from the workflow parameters', () => {
    expect(check(side('E', 3), side('R', 3, 0, 'legal_representative'))).toEqual([]);
    const input = complianceInput({ params: { ...PARAMS, minRepresentativesPerSide: 4 }, contextChanges: { representatives: { employee: side('E', 3), employer: side('R', 3, 0, 'legal_representative') } } });
    expect(representativesComplianceRule.check(input, tables).map((f) => f.id)).toEqual(['procedure.representatives.minimum', 'procedure.representatives.minimum']);
  });
});

describe('procedure.congress (CCP Art 36)', () => {
  /** A vote as the engine records it: reasons and verdict from congressRule. */
  function vote(roster: number, present: number, yes: number): CongressRecord {
    const event = { type: 'CONGRESS_VOTED', payload: { occurredOn: '2023-05-20', roster, present, yes }, actor: { role: 'union' as const } };
    const reasons = congressRule(complianceInput().context, event, PARAMS).map((v) => ({ zh: v.message_zh, en: v.message_en }));
    return { occurredOn: '2023-05-20', body: 'congress', roster, present, yes, no: present - yes, abstain: 0, passed: reasons.length === 0, reasons };
  }
  const check = (congress?: CongressRecord) => congressComplianceRule.check(withContext({ congress }), tables);

  it('says nothing before a vote', () => {
    expect(check()).toEqual([]);
  });

  it('fails 66 of 100 present (quorum is 2/3 of the roster)', () => {
    const [finding] = check(vote(100, 66, 66));
    expect(finding).toMatchObject({ id: 'procedure.congress', severity: 'blocking', citation: { article: '第三十六条' } });
    expect(finding.message_zh).toContain('出席人数 66 未达应到人数 100 的 2/3');
  });

  it('fails 67 present with 50 yes, passes with 51 (more than half of the whole roster)', () => {
    expect(check(vote(100, 67, 50))).toMatchObject([{ message_en: expect.stringContaining('50 yes votes are not more than half of the whole roster of 100') }]);
    expect(check(vote(100, 67, 51))).toEqual([]);
  });

  it('uses the reasons recorded with a rejection', () => {
    const rejected: CongressRecord = { ...vote(100, 90, 80), passed: false, reasons: [{ zh: '决议未经签署', en: 'the resolution was not signed' }] };
    expect(check(rejected)[0].message_en).toBe('the employee congress of 2023-05-20 did not pass the draft: the resolution was not signed');
  });

  it('re-counts a vote recorded as passed', () => {
    expect(check({ ...vote(100, 66, 66), passed: true, reasons: [] })).toHaveLength(1);
  });
});

describe('procedure.signing (CCP Art 37)', () => {
  const representatives = { employee: side('E', 3), employer: side('R', 3, 0, 'legal_representative') };
  const check = (signedBy?: { employee: string; employer: string }) => signingComplianceRule.check(withContext({ representatives, signedBy }), tables);

  it('says nothing before signing', () => {
    expect(check()).toEqual([]);
  });

  it('passes when the chiefs of both sides signed', () => {
    expect(check({ employee: 'E0', employer: 'R0' })).toEqual([]);
  });

  it('fails, per side, a signatory who is not that side’s chief', () => {
    expect(check({ employee: 'E1', employer: 'R0' })).toMatchObject([{ id: 'procedure.signing', severity: 'blocking', citation: { article: '第三十七条' }, message_zh: '职工方签字人“E1”不是该方首席代表（E0）' }]);
    expect(check({ employee: 'E1', employer: 'E0' })).toHaveLength(2);
  });

  it('fails a signature when the side has no chief on record', () => {
    const findings = signingComplianceRule.check(withContext({ representatives: { employee: [], employer: representatives.employer }, signedBy: { employee: 'E0', employer: 'R0' } }), tables);
    expect(findings).toMatchObject([{ message_en: 'employee side: the signatory “E0” is not its chief representative (no chief appointed)' }]);
  });
});

describe('procedure.filingLate (CCP Art 42)', () => {
  // Signed Friday 2018-09-21: day 10 is 2018-10-01, inside the National Day holiday (10-01..10-07).
  const filed = (occurredOn: string, calendar = tables.calendar) =>
    filingLateComplianceRule.check(withContext({ signedOn: '2018-09-21', filing: { occurredOn, late: false } }), { ...tables, calendar });
  const weekendsOnly = new DeadlineCalendar([]);

  it('says nothing before signing and filing', () => {
    expect(filingLateComplianceRule.check(withContext({ signedOn: '2018-09-21' }), tables)).toEqual([]);
  });

  it('with the 2018 holiday schedule, the period ends on the next working day, 2018-10-08', () => {
    expect(filed('2018-10-08')).toEqual([]);
    expect(filed('2018-10-09')).toMatchObject([{ id: 'procedure.filingLate', severity: 'warning', citation: { article: '第四十二条' }, message_en: expect.stringContaining('due for filing by 2018-10-08') }]);
  });

  it('without the holiday data, 2018-10-01 is a Monday, so a filing on 2018-10-08 is late — and the finding says the data is missing', () => {
    const [finding] = filed('2018-10-08', weekendsOnly);
    expect(finding.message_en).toContain('due for filing by 2018-10-01');
    expect(finding.message_en).toContain('No State Council holiday schedule for 2018');
    expect(filed('2018-10-01', weekendsOnly)).toEqual([]);
  });

  it('reads filingDays from the workflow parameters', () => {
    const input = complianceInput({ params: { ...PARAMS, filingDays: 20 }, contextChanges: { signedOn: '2018-09-21', filing: { occurredOn: '2018-10-09', late: false } } });
    expect(filingLateComplianceRule.check(input, tables)).toEqual([]);
  });
});
