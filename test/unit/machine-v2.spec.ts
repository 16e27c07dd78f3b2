import { describe, expect, it } from '@jest/globals';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { loadWorkflowFiles } from '../../src/workflow-engine/definition/workflow-files.js';
import { initialContext, type CaseContext, type CaseFacts, type MachineEvent } from '../../src/workflow-engine/machine/case-context.js';
import { buildMachine } from '../../src/workflow-engine/machine/machine-factory.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../support/procedure-samples.js';

// Version 2 of the enterprise workflow: departures and the vacancy (CCP Arts 28, 31), and the compliance
// checker's findings weighed by the DRAFT_AGREED and SIGNED guards (passed in as facts by the service).

const v2 = loadWorkflowFiles().find((w) => w.definition.id === 'enterprise-contract' && w.definition.version === 2)!;
const machine = buildMachine(v2.definition);

const ev = (type: string, role: 'union' | 'employer', payload?: Record<string, unknown>, facts?: CaseFacts): MachineEvent => ({
  type,
  payload: (payload ?? samplePayload(type, '2018-03-01')) as MachineEvent['payload'],
  actor: { role, side: role === 'union' ? 'employee' : 'employer' },
  ...(facts ? { facts } : {}),
});

function negotiating(): AnyMachineSnapshot {
  let [s] = initialTransition(machine, initialContext('comprehensive', 'employee'));
  for (const e of [
    ev('OFFER_ISSUED', 'union'),
    ev('RESPONSE_AGREED', 'employer'),
    ev('REPRESENTATIVES_APPOINTED', 'union', { occurredOn: '2018-03-01', members: EMPLOYEE_TEAM }),
    ev('REPRESENTATIVES_APPOINTED', 'employer', { occurredOn: '2018-03-01', members: EMPLOYER_TEAM }),
    ev('TALKS_SCHEDULED', 'union'),
  ]) {
    expect(s.can(e)).toBe(true);
    [s] = transition(machine, s, e);
  }
  expect(s.value).toBe('negotiating');
  return s as AnyMachineSnapshot;
}

const context = (s: AnyMachineSnapshot) => s.context as CaseContext;

describe('enterprise-contract v2 (pure machine)', () => {
  it('a departure removes the member, records it and opens the vacancy; an appointment fills it', () => {
    let s: AnyMachineSnapshot = negotiating();
    [s] = transition(machine, s, ev('REPRESENTATIVE_LEFT', 'union', { occurredOn: '2018-03-05', personId: 'E-002', reason: 'resigned' }));
    expect(context(s).representatives.employee.map((m) => m.personId)).toEqual(['E-001', 'E-003']);
    expect(context(s).departures).toEqual([{ side: 'employee', personId: 'E-002', name: '李强', reason: 'resigned', occurredOn: '2018-03-05' }]);
    expect(context(s).vacancies).toEqual({ employee: { since: '2018-03-05', seats: 3 } });
    // A second departure counts from the first: the vacancy keeps its day and its seats.
    [s] = transition(machine, s, ev('REPRESENTATIVE_LEFT', 'union', { occurredOn: '2018-03-07', personId: 'E-003', reason: 'transferred' }));
    expect(context(s).vacancies).toEqual({ employee: { since: '2018-03-05', seats: 3 } });
    // The other side's appointment does not fill it; nor does re-appointing the short list.
    [s] = transition(machine, s, ev('REPRESENTATIVES_APPOINTED', 'employer', { occurredOn: '2018-03-08', members: EMPLOYER_TEAM }));
    [s] = transition(machine, s, ev('REPRESENTATIVES_APPOINTED', 'union', { occurredOn: '2018-03-08', members: [EMPLOYEE_TEAM[0], { ...EMPLOYEE_TEAM[1], name: '陈新', personId: 'E-009' }] }));
    expect(context(s).vacancies).toEqual({ employee: { since: '2018-03-05', seats: 3 } });
    const full = [EMPLOYEE_TEAM[0], { ...EMPLOYEE_TEAM[1], name: '陈新', personId: 'E-009' }, { ...EMPLOYEE_TEAM[2], name: '何平', personId: 'E-010' }];
    [s] = transition(machine, s, ev('REPRESENTATIVES_APPOINTED', 'union', { occurredOn: '2018-03-10', members: full }));
    expect(context(s).vacancies).toEqual({});
    expect(context(s).representatives.employee).toHaveLength(3);
  });

  it('a member left out of a new list is recorded as replaced (Art 30)', () => {
    let s: AnyMachineSnapshot = negotiating();
    const replacement = { ...EMPLOYER_TEAM[2], name: '周新', personId: 'M-009' };
    [s] = transition(machine, s, ev('REPRESENTATIVES_APPOINTED', 'employer', { occurredOn: '2018-03-05', members: [EMPLOYER_TEAM[0], EMPLOYER_TEAM[1], replacement] }));
    expect(context(s).departures).toEqual([{ side: 'employer', personId: 'M-003', name: '孙伟', reason: 'replaced', occurredOn: '2018-03-05' }]);
  });

  it('Art 28: an employee representative dismissed during the term needs one of its grounds; the employer side does not', () => {
    const s = negotiating();
    expect(s.can(ev('REPRESENTATIVE_LEFT', 'union', { occurredOn: '2018-03-05', personId: 'E-002', reason: 'dismissed' }))).toBe(false);
    expect(s.can(ev('REPRESENTATIVE_LEFT', 'union', { occurredOn: '2018-03-05', personId: 'E-002', reason: 'dismissed', ground: 'criminal_liability' }))).toBe(true);
    expect(s.can(ev('REPRESENTATIVE_LEFT', 'employer', { occurredOn: '2018-03-05', personId: 'M-002', reason: 'dismissed' }))).toBe(true);
    // The protection ends with the term of office the union set.
    const ended = { ...s, context: { ...context(s), representatives: { ...context(s).representatives, employee: EMPLOYEE_TEAM.map((m) => ({ ...m, termEndsOn: '2018-03-04' })) } } };
    const after = machine.resolveState({ value: 'negotiating', context: ended.context });
    expect(after.can(ev('REPRESENTATIVE_LEFT', 'union', { occurredOn: '2018-03-05', personId: 'E-002', reason: 'dismissed' }))).toBe(true);
    // Only one's own side: the union cannot record an employer representative's departure.
    expect(s.can(ev('REPRESENTATIVE_LEFT', 'union', { occurredOn: '2018-03-05', personId: 'M-002', reason: 'resigned' }))).toBe(false);
  });

  it('DRAFT_AGREED and SIGNED wait for the checker: a blocking finding in the facts refuses them', () => {
    const s = negotiating();
    const blocking: CaseFacts = { blockingFindings: [{ id: 'wage.minimum', article: 'LCL Art 55', message_zh: '低于最低工资', message_en: 'below the minimum wage' }] };
    expect(s.can(ev('DRAFT_AGREED', 'union', undefined, blocking))).toBe(false);
    expect(s.can(ev('DRAFT_AGREED', 'union', undefined, { blockingFindings: [] }))).toBe(true);
    let [t]: [AnyMachineSnapshot, unknown] = transition(machine, s, ev('DRAFT_AGREED', 'union', undefined, { blockingFindings: [] }));
    [t] = transition(machine, t, ev('CONGRESS_VOTED', 'union'));
    expect(t.value).toBe('awaiting_signature');
    expect(t.can(ev('SIGNED', 'union', undefined, blocking))).toBe(false);
    expect(t.can(ev('SIGNED', 'union', undefined, { blockingFindings: [] }))).toBe(true);
  });

  it('an account that is not the side’s refuses the appointment (facts from the service)', () => {
    const [s0] = initialTransition(machine, initialContext('comprehensive', 'employee'));
    let [s]: [AnyMachineSnapshot, unknown] = transition(machine, s0, ev('OFFER_ISSUED', 'union'));
    [s] = transition(machine, s, ev('RESPONSE_AGREED', 'employer'));
    const appoint = { occurredOn: '2018-03-01', members: EMPLOYEE_TEAM };
    expect(s.can(ev('REPRESENTATIVES_APPOINTED', 'union', appoint, { accountProblems: [{ article: 'CCP Arts 20–21', message_zh: 'x', message_en: 'x' }] }))).toBe(false);
    expect(s.can(ev('REPRESENTATIVES_APPOINTED', 'union', appoint, { accountProblems: [] }))).toBe(true);
  });
});
