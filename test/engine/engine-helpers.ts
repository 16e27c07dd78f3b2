import { expect } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../../src/database/seed/procedure-samples.js';
import { DeadlineCalendar } from '../../src/workflow-engine/calendar/deadline-calendar.js';
import type { TestApp } from '../support/test-app.js';

// Shared by the engine specs: the extra users the demo seed lacks, and small HTTP helpers.

export const EXTRA_PASSWORD = 'engine-test-123';

/** Users created by admin.demo: the industry union, the employer association, a covered enterprise, another region's federation. */
export const EXTRA_USERS = [
  { username: 'union.catering', displayName: '餐饮行业工会', role: 'union', organisationId: demoId('union-catering'), regionCode: '510100' },
  { username: 'employer.catering', displayName: '餐饮同业公会', role: 'employer', organisationId: demoId('assoc-catering'), regionCode: '510100' },
  { username: 'employer.jinjiang', displayName: '锦江宾馆餐饮', role: 'employer', organisationId: demoId('ent-jinjiang'), regionCode: '510104' },
  { username: 'union.mianyang', displayName: '长虹精密工会', role: 'union', organisationId: demoId('union-mianyang'), regionCode: '510700' },
  { username: 'federation.mianyang', displayName: '绵阳市总工会', role: 'federation', organisationId: demoId('fed-my'), regionCode: '510700' },
] as const;

export type Headers = { Authorization: string };

export async function createExtraUsers(t: TestApp): Promise<void> {
  const admin = { Authorization: `Bearer ${await t.login('admin.demo')}` };
  for (const u of EXTRA_USERS) {
    const res = await t.http().post('/api/users').set(admin).send({ ...u, password: EXTRA_PASSWORD });
    expect(res.status).toBe(201);
  }
}

/** Bearer headers for a demo user or one of EXTRA_USERS. */
export async function as(t: TestApp, username: string): Promise<Headers> {
  const extra = EXTRA_USERS.some((u) => u.username === username);
  return { Authorization: `Bearer ${extra ? await t.login(username, EXTRA_PASSWORD) : await t.login(username)}` };
}

/** The clock's date in China, as the service sees "today". */
export const today = (t: TestApp) => DeadlineCalendar.chinaDate(t.clock.now());

/** Deadline rows left by a finished case would fire in a later test when the clock moves: remove them. */
export async function dropDeadlines(t: TestApp, caseIds: (string | null | undefined)[]): Promise<void> {
  const ids = caseIds.filter((x): x is string => !!x);
  if (ids.length) await t.dataSource.query('DELETE FROM case_deadlines WHERE case_id = ANY($1)', [ids]);
}

const demoInstructorIds = new WeakMap<TestApp, string>();

/**
 * Assigns instructor.demo (registered once per app by federation.demo: 成都市总工会, serving 510100) to the case:
 * an instructor reads only the cases they are assigned to.
 */
export async function assignDemoInstructor(t: TestApp, caseId: string): Promise<void> {
  const federation = { Authorization: `Bearer ${await t.login('federation.demo')}` };
  let instructorId = demoInstructorIds.get(t);
  if (!instructorId) {
    const created = await t.http().post('/api/instructors').set(federation).send({ name: '刘志华', regionCode: '510100', qualifications: ['集体协商指导员'], appointedOn: '2000-01-01', userId: demoId('user:instructor.demo') });
    expect(created.status).toBe(201);
    instructorId = created.body.id as string;
    demoInstructorIds.set(t, instructorId);
  }
  const assigned = await t.http().put(`/api/cases/${caseId}/instructors/${instructorId}`).set(federation).send({});
  expect([200, 201]).toContain(assigned.status);
}

/** The ordinary course of a union-initiated enterprise case of 蜀锦, from the offer to the filing: [who, type, payload on a day]. */
export const ORDINARY_COURSE: [string, string, (on: string) => Record<string, unknown>][] = [
  ['union.demo', 'OFFER_ISSUED', (on) => samplePayload('OFFER_ISSUED', on)],
  ['employer.demo', 'RESPONSE_AGREED', (on) => samplePayload('RESPONSE_AGREED', on)],
  ['union.demo', 'REPRESENTATIVES_APPOINTED', (on) => ({ occurredOn: on, members: EMPLOYEE_TEAM })],
  ['employer.demo', 'REPRESENTATIVES_APPOINTED', (on) => ({ occurredOn: on, members: EMPLOYER_TEAM })],
  ['union.demo', 'TALKS_SCHEDULED', (on) => samplePayload('TALKS_SCHEDULED', on)],
  ['union.demo', 'SESSION_HELD', (on) => samplePayload('SESSION_HELD', on)],
  ['union.demo', 'DRAFT_AGREED', (on) => samplePayload('DRAFT_AGREED', on)],
  ['union.demo', 'CONGRESS_VOTED', (on) => samplePayload('CONGRESS_VOTED', on)],
  ['union.demo', 'SIGNED', (on) => samplePayload('SIGNED', on)],
  ['employer.demo', 'FILED', (on) => samplePayload('FILED', on)],
];
