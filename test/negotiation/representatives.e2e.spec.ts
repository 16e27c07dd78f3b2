import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { samplePayload } from '../support/procedure-samples.js';
import { today } from '../engine/engine-helpers.js';
import {
  appoint,
  employeeTeam,
  employerTeam,
  ENTERPRISE_CASE,
  expectStatus,
  get,
  historyOf,
  negotiatingCase,
  nextDay,
  post,
  rep,
  resetBench,
  sendEvent,
  startBench,
  violationsOf,
  type Bench,
} from './workspace-helpers.js';

// Representatives through the workspace (CCP Arts 19–31): external experts at most a third of a side,
// the 15-day vacancy (Art 31; v2 workflow), and the employee representative's protection (Art 28).

let b: Bench;

beforeAll(async () => {
  b = await startBench();
});

afterAll(async () => {
  await b?.t.close();
});

beforeEach(async () => {
  await resetBench(b);
});

const deadlineKeys = async (id: string) => (expectStatus(await get(b, id), 200).body.deadlines as { key: string }[]).map((d) => d.key);

/** Six a side: the chief, three (or `experts` fewer) staff, and `experts` external experts with a written delegation. */
function sixWith(side: 'E' | 'M', experts: number) {
  const base = side === 'E' ? employeeTeam() : employerTeam();
  const staff = [4, 5, 6].map((n) => rep(`${side}代表${n}`, `${side}-00${n}`));
  const outside = Array.from({ length: experts }, (_, i) => rep(`${side}外聘专家${i + 1}`, `${side}-X0${i + 1}`, { external: true, delegated: true, delegationRef: `WT-${side}-${i + 1}` }));
  return [...base, ...staff].slice(0, 6 - experts).concat(outside);
}

/** A case in preparing_talks (offer and response recorded). */
async function preparingCase(): Promise<string> {
  const id = expectStatus(await b.t.http().post('/api/cases').set(b.H['union.demo']).send(ENTERPRISE_CASE), 201).body.id as string;
  expectStatus(await sendEvent(b, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay(b))), 200);
  expectStatus(await sendEvent(b, id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', nextDay(b))), 200);
  return id;
}

describe('external experts (CCP Art 23): at most one third of a side', () => {
  it('two of six a side, each with a written delegation, pass: TALKS_SCHEDULED → negotiating', async () => {
    const employee = sixWith('E', 2);
    const employer = sixWith('M', 2);
    expect([employee.length, employee.filter((m) => m.external).length, employer.length, employer.filter((m) => m.external).length]).toEqual([6, 2, 6, 2]);
    const id = await negotiatingCase(b, { employee, employer });
    const view = expectStatus(await get(b, id, 'representatives'), 200).body;
    expect(view.violations).toEqual([]);
    expect(view.employee).toHaveLength(6);
    expect(view.employer.filter((m: { external: boolean }) => m.external)).toHaveLength(2);
  });

  it('three of six on one side fail: 422 at TALKS_SCHEDULED citing CCP Art 23; the case stays in preparing_talks', async () => {
    const id = await preparingCase();
    await appoint(b, id, 'union.demo', sixWith('E', 3));
    await appoint(b, id, 'employer.demo', sixWith('M', 2));
    expect(expectStatus(await get(b, id, 'representatives'), 200).body.violations.map((v: { rule: string }) => v.rule)).toEqual(['representatives.expertShare']);
    const res = await sendEvent(b, id, 'union.demo', 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', nextDay(b)));
    expect(violationsOf(res).map((v) => [v.rule, v.article])).toEqual([['representatives.expertShare', 'CCP Art 23']]);
    expect(expectStatus(await get(b, id), 200).body.state).toBe('preparing_talks');
  });

  it('an expert without a written delegation fails too (CCP Art 23)', async () => {
    const id = await preparingCase();
    await appoint(b, id, 'union.demo', sixWith('E', 2).map((m) => (m.personId === 'E-X01' ? { ...m, delegated: false, delegationRef: undefined } : m)));
    await appoint(b, id, 'employer.demo', sixWith('M', 2));
    const res = await sendEvent(b, id, 'union.demo', 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', nextDay(b)));
    expect(violationsOf(res).map((v) => [v.rule, v.article])).toEqual([['representatives.expertDelegation', 'CCP Art 23']]);
  });
});

/** A side's open vacancy as the representatives view shows it, or null. */
function vacancyOf(view: { vacancies: { side: string; since: string; fillBy: string | null; overdue: boolean }[] }, side: 'employee' | 'employer') {
  const v = view.vacancies.find((x) => x.side === side);
  return v ? { since: v.since, fillBy: v.fillBy, overdue: v.overdue } : null;
}

describe('vacancies (CCP Art 31): filled within 15 days', () => {
  it('a union departure opens a vacancy deadline 15 natural days on; appointing the successor ends it', async () => {
    const id = await negotiatingCase(b); // talks scheduled on 2018-03-06
    const leftOn = nextDay(b);
    expect(leftOn).toBe('2018-03-07'); // a Wednesday: the day itself is not counted (CC Art 201); day 15 is Thursday 2018-03-22
    const left = expectStatus(await post(b, id, 'representatives/E-002/departure', { occurredOn: leftOn, reason: 'resigned' }), 200).body;
    expect(left.employee.map((m: { personId: string }) => m.personId)).toEqual(['E-001', 'E-003']);
    expect(vacancyOf(left, 'employee')).toEqual({ since: leftOn, fillBy: '2018-03-22', overdue: false });
    expect(left.departures).toEqual([expect.objectContaining({ side: 'employee', personId: 'E-002', name: '李强', reason: 'resigned', occurredOn: leftOn })]);

    const view = expectStatus(await get(b, id), 200).body;
    expect(view.deadlines).toEqual([expect.objectContaining({ key: 'vacancy.employee', dueOn: '2018-03-22', onExpiry: 'VACANCY_DEADLINE_PASSED' })]);
    expect(view.overdue).toBe(false);
    expect(vacancyOf(expectStatus(await get(b, id, 'representatives'), 200).body, 'employee')).toEqual({ since: leftOn, fillBy: '2018-03-22', overdue: false });

    // The union appoints a successor (its whole list): the vacancy and its deadline go.
    const filled = expectStatus(await post(b, id, 'representatives', { occurredOn: nextDay(b), members: [...left.employee.map(({ side: _s, protectedUntil: _p, ...m }: Record<string, unknown>) => m), rep('周新', 'E-004')] }), 200).body;
    expect(vacancyOf(filled, 'employee')).toBeNull();
    expect(filled.employee.map((m: { personId: string }) => m.personId)).toEqual(['E-001', 'E-003', 'E-004']);
    expect(filled.violations).toEqual([]);
    expect(await deadlineKeys(id)).toEqual([]);
  });

  it('the replacement endpoint records the departure and the successor together: no vacancy, no deadline', async () => {
    const id = await negotiatingCase(b);
    const on = nextDay(b);
    const replaced = expectStatus(await post(b, id, 'representatives/E-003/replacement', { occurredOn: on, reason: 'transferred', successor: rep('周新', 'E-004') }), 200).body;
    expect(vacancyOf(replaced, 'employee')).toBeNull();
    expect(replaced.employee.map((m: { personId: string }) => m.personId)).toEqual(['E-001', 'E-002', 'E-004']);
    expect(replaced.departures).toEqual([expect.objectContaining({ personId: 'E-003', reason: 'transferred', occurredOn: on })]);
    expect(await deadlineKeys(id)).toEqual([]);
    expect((await historyOf(b, id)).slice(-2).map((e) => e.type)).toEqual(['REPRESENTATIVE_LEFT', 'REPRESENTATIVES_APPOINTED']);

    // A successor already on the team is refused, and neither half is recorded.
    const version = expectStatus(await get(b, id), 200).body.version;
    const twice = await post(b, id, 'representatives/E-004/replacement', { occurredOn: on, reason: 'replaced', successor: rep('李强', 'E-002') });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'successor.personId', rule: 'unique' })]);
    expect(expectStatus(await get(b, id), 200).body.version).toBe(version);
  });

  it('an employer vacancy left open past 15 days is flagged overdue; the period ending on a Saturday runs to Monday (CC Art 203)', async () => {
    const id = await negotiatingCase(b);
    const leftOn = nextDay(b, 3);
    expect(leftOn).toBe('2018-03-09'); // a Friday: day 15 is Saturday 2018-03-24, so the period ends on Monday 2018-03-26
    const left = expectStatus(await post(b, id, 'representatives/M-003/departure', { occurredOn: leftOn, reason: 'resigned' }, 'employer.demo'), 200).body;
    expect(vacancyOf(left, 'employer')).toEqual({ since: leftOn, fillBy: '2018-03-26', overdue: false });
    expect(left.employer.map((m: { personId: string }) => m.personId)).toEqual(['M-001', 'M-002']);

    b.t.clock.set('2018-03-26T15:00:00Z'); // 23:00 in China on the last day: not yet passed
    expect(await b.t.fireDueDeadlines()).toBe(0);
    expect(expectStatus(await get(b, id), 200).body.overdue).toBe(false);

    b.t.clock.set('2018-03-27T04:00:00Z');
    expect(await b.t.fireDueDeadlines()).toBe(1);
    const view = expectStatus(await get(b, id), 200).body;
    expect(view).toMatchObject({ state: 'negotiating', overdue: true });
    expect(view.deadlines).toEqual([]);
    expect(vacancyOf(expectStatus(await get(b, id, 'representatives'), 200).body, 'employer')).toEqual({ since: leftOn, fillBy: null, overdue: true });
    expect((await historyOf(b, id)).at(-1)).toMatchObject({ type: 'VACANCY_DEADLINE_PASSED' });

    // Filling it late clears the flag.
    const filled = expectStatus(await post(b, id, 'representatives', { occurredOn: today(b.t), members: [...employerTeam().slice(0, 2), rep('钱进', 'M-004')] }, 'employer.demo'), 200).body;
    expect(vacancyOf(filled, 'employer')).toBeNull();
    expect(expectStatus(await get(b, id), 200).body.overdue).toBe(false);
  });

  it('the other side’s appointment does not fill this side’s vacancy', async () => {
    const id = await negotiatingCase(b);
    const leftOn = nextDay(b);
    expectStatus(await post(b, id, 'representatives/E-002/departure', { occurredOn: leftOn, reason: 'resigned' }), 200);
    expectStatus(await post(b, id, 'representatives/M-003/replacement', { occurredOn: nextDay(b), reason: 'transferred', successor: rep('钱进', 'M-004') }, 'employer.demo'), 200);
    const view = expectStatus(await get(b, id, 'representatives'), 200).body;
    expect(view.employee).toHaveLength(2);
    expect(vacancyOf(view, 'employee')).toEqual({ since: leftOn, fillBy: '2018-03-22', overdue: false });
    expect(await deadlineKeys(id)).toEqual(['vacancy.employee']);
  });

  it('a second departure does not extend the period of the first vacancy', async () => {
    const id = await negotiatingCase(b);
    const firstOn = nextDay(b); // 2018-03-07: fill by 2018-03-22
    expectStatus(await post(b, id, 'representatives/E-002/departure', { occurredOn: firstOn, reason: 'resigned' }), 200);
    const second = expectStatus(await post(b, id, 'representatives/E-003/departure', { occurredOn: nextDay(b, 2), reason: 'resigned' }), 200).body;
    expect(vacancyOf(second, 'employee')).toEqual({ since: firstOn, fillBy: '2018-03-22', overdue: false });
  });
});

describe('a vacancy outlives a change of state', () => {
  it('four a side, one leaves each side in preparing_talks (3 v 3 is lawful), talks begin: the 15-day period still runs', async () => {
    const id = await preparingCase();
    await appoint(b, id, 'union.demo', [...employeeTeam(), rep('E代表4', 'E-004')]);
    await appoint(b, id, 'employer.demo', [...employerTeam(), rep('M代表4', 'M-004')]);
    const leftOn = nextDay(b);
    expectStatus(await post(b, id, 'representatives/E-004/departure', { occurredOn: leftOn, reason: 'resigned' }), 200);
    expectStatus(await post(b, id, 'representatives/M-004/departure', { occurredOn: leftOn, reason: 'resigned' }, 'employer.demo'), 200);
    const before = expectStatus(await get(b, id, 'representatives'), 200).body;
    expect(before.violations).toEqual([]);
    const fillBy = vacancyOf(before, 'employee')!.fillBy as string;
    expect(fillBy).toEqual(expect.any(String));

    expectStatus(await sendEvent(b, id, 'union.demo', 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', nextDay(b))), 200);
    expect(vacancyOf(expectStatus(await get(b, id, 'representatives'), 200).body, 'employee')).toEqual({ since: leftOn, fillBy, overdue: false });
    expect(await deadlineKeys(id)).toEqual(['vacancy.employee', 'vacancy.employer']);
    expect(vacancyOf(expectStatus(await get(b, id, 'representatives'), 200).body, 'employer')).toEqual({ since: leftOn, fillBy, overdue: false });
  });

  it('a vacancy opened in the talks expires while they are suspended, and its flag stays when they resume', async () => {
    const id = await negotiatingCase(b);
    const leftOn = nextDay(b); // 2018-03-07: fill by 2018-03-22
    expectStatus(await post(b, id, 'representatives/E-002/departure', { occurredOn: leftOn, reason: 'resigned' }), 200);
    const suspendedOn = nextDay(b);
    expectStatus(await sendEvent(b, id, 'union.demo', 'SUSPENDED', { occurredOn: suspendedOn, resumeOn: '2018-04-30', reason: '双方同意中止' }), 200);
    expect(await deadlineKeys(id)).toContain('vacancy.employee');

    b.t.clock.set('2018-03-23T04:00:00Z');
    expect(await b.t.fireDueDeadlines()).toBe(1);
    const view = expectStatus(await get(b, id), 200).body;
    expect(view).toMatchObject({ state: 'suspended', overdue: true });
    expect((await historyOf(b, id)).at(-1)).toMatchObject({ type: 'VACANCY_DEADLINE_PASSED', fromState: 'suspended', toState: 'suspended' });

    expectStatus(await sendEvent(b, id, 'union.demo', 'RESUMED', { occurredOn: today(b.t) }), 200);
    expect(expectStatus(await get(b, id), 200).body).toMatchObject({ state: 'negotiating', overdue: true });
    expect(vacancyOf(expectStatus(await get(b, id, 'representatives'), 200).body, 'employee')).toEqual({ since: leftOn, fillBy: null, overdue: true });
  });
});

describe('the employee representative’s protection (CCP Art 28)', () => {
  it('dismissal without an Art 28 ground → 422 citing CCP Art 28; with criminal_liability → 200', async () => {
    const id = await negotiatingCase(b);
    const on = nextDay(b);
    const refused = await post(b, id, 'representatives/E-002/departure', { occurredOn: on, reason: 'dismissed' });
    expect(violationsOf(refused).map((v) => [v.rule, v.article])).toEqual([['representatives.protected', 'CCP Art 28']]);
    const unchanged = expectStatus(await get(b, id, 'representatives'), 200).body;
    expect(unchanged.employee).toHaveLength(3);
    expect(vacancyOf(unchanged, 'employee')).toBeNull();
    expect(await deadlineKeys(id)).toEqual([]);

    // Not a ground of Art 28: a 400 naming the field.
    const bogus = await post(b, id, 'representatives/E-002/departure', { occurredOn: on, reason: 'dismissed', ground: 'poor_performance' });
    expect(bogus.status).toBe(400);
    expect(bogus.body.errors).toEqual([expect.objectContaining({ field: 'ground', rule: 'isIn' })]);

    const dismissed = expectStatus(await post(b, id, 'representatives/E-002/departure', { occurredOn: on, reason: 'dismissed', ground: 'criminal_liability' }), 200).body;
    expect(dismissed.departures).toEqual([expect.objectContaining({ personId: 'E-002', reason: 'dismissed', ground: 'criminal_liability' })]);
    expect(vacancyOf(dismissed, 'employee')).toMatchObject({ since: on });
  });

  it('the protection ends with the term of office, and does not cover the employer’s representatives', async () => {
    const termEnded = employeeTeam().map((m) => (m.personId === 'E-003' ? { ...m, termEndsOn: '2018-03-05' } : { ...m, termEndsOn: '2020-12-31' }));
    const id = await negotiatingCase(b, { employee: termEnded });
    const members = expectStatus(await get(b, id, 'representatives'), 200).body.employee;
    expect(members.map((m: { personId: string; protectedUntil: string | null }) => [m.personId, m.protectedUntil])).toEqual([
      ['E-001', '2020-12-31'],
      ['E-002', '2020-12-31'],
      ['E-003', '2018-03-05'],
    ]);
    const on = nextDay(b);
    expect(violationsOf(await post(b, id, 'representatives/E-002/departure', { occurredOn: on, reason: 'dismissed' })).map((v) => v.rule)).toEqual(['representatives.protected']);
    expectStatus(await post(b, id, 'representatives/E-003/departure', { occurredOn: on, reason: 'dismissed' }), 200);
    expectStatus(await post(b, id, 'representatives/M-002/departure', { occurredOn: on, reason: 'dismissed' }, 'employer.demo'), 200);
    // A person the side does not have: 422 naming Art 31 (not a current representative), for either side.
    expect(violationsOf(await post(b, id, 'representatives/E-001/departure', { occurredOn: on, reason: 'resigned' }, 'employer.demo')).map((v) => v.rule)).toEqual(['representatives.notMember']);
  });
});
