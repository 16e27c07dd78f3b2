import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import type { Representative } from '../../src/workflow-engine/payloads/event-payloads.js';
import { as, createExtraUsers, EXTRA_PASSWORD, today, type Headers } from '../engine/engine-helpers.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, rep, samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app.js';

// Shared by the negotiation workspace specs: an app with the users they need, and small HTTP helpers that
// drive a case to `negotiating` through the workspace endpoints and hold sessions that agree an article.

export const START = '2018-03-01T04:00:00Z'; // 12:00 in China, a Thursday
export const PROBLEM = /^application\/problem\+json/;
export const ENTERPRISE_CASE = { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') };

export const UNION_CHIEF = demoId('user:union.demo');
export const EMPLOYER_CHIEF = demoId('user:employer.demo');
/** A second account of 蜀锦机械's union: same side, not the chief's seat. */
export const UNION_MEMBER = 'union.shujin2';

/** The sample teams with the chiefs' seats linked to the demo accounts. */
export const employeeTeam = (): Representative[] => EMPLOYEE_TEAM.map((m) => (m.chief ? { ...m, userId: UNION_CHIEF } : { ...m }));
export const employerTeam = (): Representative[] => EMPLOYER_TEAM.map((m) => (m.chief ? { ...m, userId: EMPLOYER_CHIEF } : { ...m }));
export { rep };

export type Who = 'union.demo' | 'employer.demo' | 'instructor.demo' | 'bureau.demo' | 'union.mianyang' | 'employer.jinjiang' | typeof UNION_MEMBER;
const USERS: Who[] = ['union.demo', 'employer.demo', 'instructor.demo', 'bureau.demo', 'union.mianyang', 'employer.jinjiang', UNION_MEMBER];

export interface Bench {
  t: TestApp;
  H: Record<Who, Headers>;
}

export async function startBench(options: TestAppOptions = {}): Promise<Bench> {
  const t = await startTestApp(options);
  await createExtraUsers(t);
  const admin = await as(t, 'admin.demo');
  const member = await t
    .http()
    .post('/api/users')
    .set(admin)
    .send({ username: UNION_MEMBER, displayName: '李强（蜀锦机械工会委员）', role: 'union', organisationId: demoId('union-shujin'), regionCode: '510107', password: EXTRA_PASSWORD });
  expect(member.status).toBe(201);
  const H = {} as Record<Who, Headers>;
  for (const u of USERS) H[u] = u === UNION_MEMBER ? { Authorization: `Bearer ${await t.login(u, EXTRA_PASSWORD)}` } : await as(t, u);
  return { t, H };
}

/** Every test starts on the same day with no deadline pending from an earlier test. */
export async function resetBench({ t }: Bench): Promise<void> {
  t.clock.set(START);
  await t.dataSource.query('DELETE FROM case_deadlines');
}

/** Moves the clock a day on and returns the new China date: acts are dated in increasing order. */
export function nextDay({ t }: Bench, days = 1): string {
  t.clock.advanceDays(days);
  return today(t);
}

// ---- HTTP ----

const path = (id: string, sub: string) => `/api/cases/${id}${sub ? `/${sub}` : ''}`;
export const get = (b: Bench, id: string, sub = '', who: Who = 'union.demo') => b.t.http().get(path(id, sub)).set(b.H[who]);
export const post = (b: Bench, id: string, sub: string, body: object, who: Who = 'union.demo') => b.t.http().post(path(id, sub)).set(b.H[who]).send(body);
export const put = (b: Bench, id: string, sub: string, body: object, who: Who = 'union.demo') => b.t.http().put(path(id, sub)).set(b.H[who]).send(body);
export const sendEvent = (b: Bench, id: string, who: Who, type: string, payload: object) => post(b, id, 'events', { type, payload }, who);

/** Expects the status, showing the body when it differs. */
export function expectStatus(res: Response, status: number): Response {
  expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ status, body: undefined });
  return res;
}

export function violationsOf(res: Response): { rule: string; article: string; message_zh: string; message_en: string }[] {
  expect({ status: res.status, type: res.body.type }).toEqual({ status: 422, type: 'urn:cb-engine:problem:procedure-rule-violated' });
  expect(res.headers['content-type']).toMatch(PROBLEM);
  return res.body.violations;
}

export function fieldErrors(res: Response): { field: string; rule: string }[] {
  expect({ status: res.status, type: res.body.type }).toEqual({ status: 400, type: 'urn:cb-engine:problem:validation-failed' });
  expect(res.headers['content-type']).toMatch(PROBLEM);
  return res.body.errors.map((e: { field: string; rule: string }) => ({ field: e.field, rule: e.rule }));
}

export const historyOf = async (b: Bench, id: string) => (await get(b, id, 'history')).body as { seq: number; type: string; occurredOn: string; payload: Record<string, any> }[];

// ---- driving a case ----

/** A fresh comprehensive case of 蜀锦机械, driven to `negotiating` through the workspace (one act a day). */
export async function negotiatingCase(b: Bench, teams: { employee?: Representative[]; employer?: Representative[] } = {}): Promise<string> {
  const id = (await b.t.http().post('/api/cases').set(b.H['union.demo']).send(ENTERPRISE_CASE)).body.id as string;
  expect(id).toEqual(expect.any(String));
  expectStatus(await sendEvent(b, id, 'union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', nextDay(b))), 200);
  expectStatus(await sendEvent(b, id, 'employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', nextDay(b))), 200);
  await appoint(b, id, 'union.demo', teams.employee ?? employeeTeam());
  await appoint(b, id, 'employer.demo', teams.employer ?? employerTeam());
  const talks = expectStatus(await sendEvent(b, id, 'union.demo', 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', nextDay(b))), 200);
  expect(talks.body.state).toBe('negotiating');
  return id;
}

export async function appoint(b: Bench, id: string, who: Who, members: Representative[]): Promise<Response> {
  return expectStatus(await post(b, id, 'representatives', { occurredOn: nextDay(b), members }, who), 200);
}

export const RECORDER = { name: '周记录', personId: 'R-001' };

/** Schedules the next session (recorder not a representative); returns its number. */
export async function scheduleSession(b: Bench, id: string): Promise<number> {
  const res = expectStatus(await post(b, id, 'sessions', { scheduledOn: today(b.t), startsAt: '09:30', place: '公司三楼会议室', agenda: ['劳动报酬'], recorder: RECORDER }), 201);
  return res.body.sessionNo;
}

/** Records the minutes (held today) and has both chiefs confirm them; returns the draft version the confirmation cut. */
export async function signMinutes(b: Bench, id: string, sessionNo: number): Promise<number | null> {
  const heldOn = nextDay(b);
  expectStatus(await put(b, id, `sessions/${sessionNo}/minutes`, { heldOn, attendance: ['E-001', 'E-002', 'M-001', 'M-002'], minutes: `第${sessionNo}次协商会议记录` }), 200);
  expectStatus(await post(b, id, `sessions/${sessionNo}/confirmation`, {}, 'union.demo'), 200);
  const second = expectStatus(await post(b, id, `sessions/${sessionNo}/confirmation`, { remark: '确认' }, 'employer.demo'), 200);
  return second.body.draftVersion;
}

export const wageText = (amount: number) => `企业支付给职工的月最低工资不低于${amount}元，且不低于当地最低工资标准。`;

/** One session in which the union proposes a lowest monthly wage and the employer's chief agrees; returns the new draft version. */
export async function agreeLowestWage(b: Bench, id: string, amount: number): Promise<number> {
  const sessionNo = await scheduleSession(b, id);
  const proposal = expectStatus(await post(b, id, 'proposals', { sessionNo, action: 'amend', articleKey: 'pay-lowest', text: wageText(amount), terms: { lowestMonthlyWage: amount }, reason: '测试' }, 'union.demo'), 201);
  expectStatus(await post(b, id, `proposals/${proposal.body.id}/agreement`, {}, 'employer.demo'), 200);
  const version = await signMinutes(b, id, sessionNo);
  expect(version).toEqual(expect.any(Number));
  return version!;
}

export async function startDraft(b: Bench, id: string): Promise<void> {
  const res = expectStatus(await post(b, id, 'drafts', { from: 'template' }), 201);
  expect(res.body.version).toBe(1);
}
