import { describe, expect, it } from '@jest/globals';
import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { loadWorkflowFiles } from '../../src/workflow-engine/definition/workflow-files.js';
import { initialContext, type MachineEvent } from '../../src/workflow-engine/machine/case-context.js';
import { buildMachine } from '../../src/workflow-engine/machine/machine-factory.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, rep, samplePayload } from '../support/procedure-samples.js';

const [enterprise] = loadWorkflowFiles();
const machine = buildMachine(enterprise.definition);

type Step = [type: string, role: MachineEvent['actor']['role'], payload?: Record<string, unknown>];
const ev = ([type, role, payload]: Step): MachineEvent => ({
  type,
  payload: (payload ?? samplePayload(type, '2018-03-01')) as MachineEvent['payload'],
  actor: { role, side: role === 'union' ? 'employee' : role === 'employer' ? 'employer' : undefined },
});

function run(m: AnyStateMachine, steps: Step[]) {
  let [snapshot] = initialTransition(m, initialContext('comprehensive', 'employee'));
  for (const step of steps) {
    expect({ step: step[0], from: snapshot.value, can: snapshot.can(ev(step)) }).toEqual({ step: step[0], from: snapshot.value, can: true });
    [snapshot] = transition(m, snapshot, ev(step));
  }
  return snapshot;
}

const toTalks: Step[] = [
  ['OFFER_ISSUED', 'union'],
  ['RESPONSE_AGREED', 'employer'],
  ['REPRESENTATIVES_APPOINTED', 'union', { occurredOn: '2018-03-01', members: EMPLOYEE_TEAM }],
  ['REPRESENTATIVES_APPOINTED', 'employer', { occurredOn: '2018-03-01', members: EMPLOYER_TEAM }],
  ['TALKS_SCHEDULED', 'union'],
];

describe('the enterprise machine (pure)', () => {
  it('runs the whole procedure to in force and records what it needs', () => {
    const s = run(machine, [...toTalks, ['SESSION_HELD', 'union'], ['DRAFT_AGREED', 'union'], ['CONGRESS_VOTED', 'union'], ['SIGNED', 'union'], ['FILED', 'employer'], ['APPROVED', 'bureau'], ['PUBLISHED', 'union']]);
    expect(s.value).toBe('in_force');
    expect(s.context.term).toEqual({ start: '2018-03-01', end: '2021-02-28' });
    expect(s.context.congress).toMatchObject({ passed: true, reasons: [] });
    expect(s.context.representatives.employer).toHaveLength(3);
  });

  it('keeps talks from starting while the representatives break Arts 19–24', () => {
    let [s] = initialTransition(machine, initialContext('comprehensive', 'employee'));
    for (const step of toTalks.slice(0, 3)) [s] = transition(machine, s, ev(step));
    expect(s.value).toBe('preparing_talks');
    expect(s.can(ev(['TALKS_SCHEDULED', 'union']))).toBe(false);
    // An expert as chief, and more than a third experts: still refused.
    const bad = [rep('外聘律师', 'X-1', { chief: true, external: true, delegated: true }), rep('专家二', 'X-2', { external: true, delegated: true }), rep('赵敏', 'M-002')];
    [s] = transition(machine, s, ev(['REPRESENTATIVES_APPOINTED', 'employer', { occurredOn: '2018-03-01', members: bad }]));
    expect(s.can(ev(['TALKS_SCHEDULED', 'union']))).toBe(false);
    [s] = transition(machine, s, ev(['REPRESENTATIVES_APPOINTED', 'employer', { occurredOn: '2018-03-01', members: EMPLOYER_TEAM }]));
    expect(s.can(ev(['TALKS_SCHEDULED', 'union']))).toBe(true);
    // The recorder may not be a representative (Art 33).
    expect(s.can(ev(['TALKS_SCHEDULED', 'union', { ...samplePayload('TALKS_SCHEDULED', '2018-03-01'), recorder: { name: '李强', personId: 'E-002' } }]))).toBe(false);
  });

  it('sends a rejected congress vote back to negotiation with the Art 36 reasons', () => {
    const s = run(machine, [...toTalks, ['DRAFT_AGREED', 'union'], ['CONGRESS_VOTED', 'union', samplePayload('CONGRESS_VOTED', '2018-03-01', 'reject')]]);
    expect(s.value).toBe('negotiating');
    expect(s.context.congress.passed).toBe(false);
    expect(s.context.congress.reasons.map((r: { en: string }) => r.en).join(' ')).toMatch(/less than 2\/3 of the roster/);
  });

  it('allows one coordination extension only (Art 52)', () => {
    let s = run(machine, [['OFFER_ISSUED', 'union'], ['RESPONSE_REFUSED', 'employer'], ['COORDINATION_REQUESTED', 'union'], ['COORDINATION_EXTENDED', 'bureau']]);
    expect(s.value).toBe('coordination');
    expect(s.can(ev(['COORDINATION_EXTENDED', 'bureau']))).toBe(false);
    [s] = transition(machine, s, ev(['COORDINATION_CONCLUDED', 'bureau']));
    expect(s.value).toBe('negotiating');
  });

  it('refuses a term over three years and an incomplete filing', () => {
    const s = run(machine, [...toTalks, ['DRAFT_AGREED', 'union'], ['CONGRESS_VOTED', 'union']]);
    expect(s.can(ev(['SIGNED', 'union', { ...samplePayload('SIGNED', '2018-03-01'), termEnd: '2021-03-01' }]))).toBe(false);
    expect(s.can(ev(['SIGNED', 'union', { ...samplePayload('SIGNED', '2018-03-01'), termEnd: '2019-02-28' }]))).toBe(true);
    expect(s.can(ev(['SIGNED', 'union', { ...samplePayload('SIGNED', '2018-03-01'), termEnd: '2019-02-27' }]))).toBe(false);
    const [signed] = transition(machine, s, ev(['SIGNED', 'union']));
    const filed = samplePayload('FILED', '2018-03-05') as { materials: Record<string, unknown> };
    expect(signed.can(ev(['FILED', 'employer', { ...filed, materials: { ...filed.materials, contractCopies: 2 } }]))).toBe(false);
    expect(signed.can(ev(['FILED', 'employer', filed]))).toBe(true);
  });
});
