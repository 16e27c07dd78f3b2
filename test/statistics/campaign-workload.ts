import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';
import { as, createExtraUsers, EXTRA_PASSWORD, today, type Headers } from '../engine/engine-helpers.js';
import { addDays, addYears, EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../support/procedure-samples.js';
import type { TestApp } from '../support/test-app.js';

// A small campaign of 成都 over March 2018 driven over HTTP, shared by the statistics and the ledger tests:
// a roster of eight enterprises (four demo ones, four more), and six cases in it:
//   A 蜀锦 comprehensive: offered, agreed, negotiated, signed for one year, filed, approved, published (in force);
//   B 蜀锦 wage: offered, refused;
//   C 蜀锦 women_workers: offered, the response period ran out (fired: response_overdue, flagged overdue);
//   D the catering industry union's industry contract covering 锦江宾馆: offered, agreed (region 510100 itself);
//   E 蜀锦 safety_health: offered on 03-25, its response period passes on 04-14 without being fired;
//   F an enterprise off the roster (名册外): offered on 03-25.

export const USERS = ['union.demo', 'employer.demo', 'bureau.demo', 'federation.demo', 'instructor.demo', 'admin.demo', 'union.catering', 'employer.catering', 'union.mianyang', 'federation.mianyang'];

export interface Workload {
  campaignId: string;
  cases: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>;
  h: Record<string, Headers>;
  /** The four enterprises added to the roster (besides 蜀锦, 锦江宾馆, 天府软件, 郫都建工) and the one off it. */
  extra: { id: string; regionCode: string; industryCode: string; employees: number }[];
  offRoster: { enterpriseId: string; unionId: string };
  /** The day A was signed and its term's end. */
  signedOn: string;
  termEnd: string;
}

export const ROSTER_DEMO = ['ent-shujin', 'ent-jinjiang', 'ent-tianfu', 'ent-pidu'];

async function insertEnterprise(t: TestApp, name: string, regionCode: string, industryCode: string, employees: number): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(`INSERT INTO organisations (id, kind, name, region_code, industry_code, employees, unionised) VALUES ($1, 'enterprise', $2, $3, $4, $5, true)`, [id, name, regionCode, industryCode, employees]);
  return id;
}

export async function runWorkload(t: TestApp): Promise<Workload> {
  await createExtraUsers(t);
  const h: Record<string, Headers> = {};
  for (const u of USERS) h[u] = await as(t, u);

  // An enterprise off the roster, with its union and their accounts.
  const offEnterprise = await insertEnterprise(t, '成都名册外精工有限公司', '510107', 'C', 150);
  const offUnion = randomUUID();
  await t.dataSource.query(`INSERT INTO organisations (id, kind, name, region_code, union_level, enterprise_id, employees) VALUES ($1, 'union', '成都名册外精工有限公司工会', '510107', 'enterprise', $2, 140)`, [offUnion, offEnterprise]);
  const admin = h['admin.demo'];
  for (const u of [
    { username: 'union.off', displayName: '名册外工会', role: 'union', organisationId: offUnion, regionCode: '510107' },
    { username: 'employer.off', displayName: '名册外企业', role: 'employer', organisationId: offEnterprise, regionCode: '510107' },
  ]) {
    expect((await t.http().post('/api/users').set(admin).send({ ...u, password: EXTRA_PASSWORD })).status).toBe(201);
    h[u.username] = { Authorization: `Bearer ${await t.login(u.username, EXTRA_PASSWORD)}` };
  }

  const campaign = await createCampaign(t, h['federation.demo'], {
    targets: [
      { regionCode: '510100', offerRate: 80, responseRate: 100, signingRate: 50, filingRate: 100, establishmentRate: 30, employeesCovered: 1000 },
      { regionCode: '510107', offerRate: 90 },
    ],
  });
  const campaignId = campaign.id;

  // The roster, written directly (the import is another part's): four demo enterprises and four more.
  const extra = [
    { regionCode: '510104', industryCode: 'H', employees: 100 },
    { regionCode: '510104', industryCode: 'H', employees: 200 },
    { regionCode: '510107', industryCode: 'C', employees: 300 },
    { regionCode: '510116', industryCode: 'I', employees: 400 },
  ];
  const extraRows = [];
  for (const [i, e] of extra.entries()) extraRows.push({ id: await insertEnterprise(t, `成都名册测试企业${i + 1}有限公司`, e.regionCode, e.industryCode, e.employees), ...e });
  await t.dataSource.query(`INSERT INTO campaign_enterprises (campaign_id, enterprise_id) SELECT $1, unnest($2::uuid[])`, [campaignId, [...ROSTER_DEMO.map((k) => demoId(k)), ...extraRows.map((e) => e.id)]]);

  const start = async (who: Headers, body: Record<string, unknown>) => {
    const res = await t.http().post('/api/cases').set(who).send(body);
    expect(res.status).toBe(201);
    expect(res.body.campaignId).toBe(campaignId);
    return res.body.id as string;
  };
  const send = async (id: string, who: Headers, type: string, payload: Record<string, unknown>) => {
    const res = await t.http().post(`/api/cases/${id}/events`).set(who).send({ type, payload });
    expect({ type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ type, status: 200, body: undefined });
    return res.body;
  };
  const shujin = (kind: string) => start(h['union.demo'], { kind, unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  const cases = {
    A: await shujin('comprehensive'),
    B: await shujin('wage'),
    C: await shujin('women_workers'),
    D: await start(h['union.catering'], { kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] }),
    E: await shujin('safety_health'),
    F: await start(h['union.off'], { kind: 'comprehensive', unionId: offUnion, employerId: offEnterprise }),
  };

  const day = () => {
    t.clock.advanceDays(1);
    return today(t);
  };
  let on = day(); // 03-02
  for (const id of [cases.A, cases.B, cases.C]) await send(id, h['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
  await send(cases.D, h['union.catering'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
  on = day(); // 03-03
  await send(cases.A, h['employer.demo'], 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', on));
  await send(cases.B, h['employer.demo'], 'RESPONSE_REFUSED', samplePayload('RESPONSE_REFUSED', on));
  await send(cases.D, h['employer.catering'], 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', on));
  on = day();
  await send(cases.A, h['union.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYEE_TEAM });
  await send(cases.A, h['employer.demo'], 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYER_TEAM });
  await send(cases.A, h['union.demo'], 'TALKS_SCHEDULED', samplePayload('TALKS_SCHEDULED', on));
  on = day();
  await send(cases.A, h['union.demo'], 'SESSION_HELD', samplePayload('SESSION_HELD', on));
  on = day();
  await send(cases.A, h['union.demo'], 'DRAFT_AGREED', samplePayload('DRAFT_AGREED', on));
  on = day();
  await send(cases.A, h['union.demo'], 'CONGRESS_VOTED', samplePayload('CONGRESS_VOTED', on));
  const signedOn = day(); // 03-08
  const termEnd = addDays(addYears(signedOn, 1), -1);
  await send(cases.A, h['union.demo'], 'SIGNED', { ...samplePayload('SIGNED', signedOn), termStart: signedOn, termEnd });
  on = day();
  await send(cases.A, h['employer.demo'], 'FILED', samplePayload('FILED', on));
  on = day();
  await send(cases.A, h['bureau.demo'], 'APPROVED', samplePayload('APPROVED', on));
  on = day(); // 03-11
  expect((await send(cases.A, h['union.demo'], 'PUBLISHED', samplePayload('PUBLISHED', on))).state).toBe('in_force');

  // C's response period (20 days from 03-02) runs out: the scheduler records it.
  t.clock.set('2018-03-25T04:00:00Z');
  await t.fireDueDeadlines();
  expect((await t.http().get(`/api/cases/${cases.C}`).set(h['union.demo'])).body).toMatchObject({ state: 'response_overdue', overdue: true });
  on = today(t); // 03-25
  await send(cases.E, h['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
  await send(cases.F, h['union.off'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
  return { campaignId, cases, h, extra: extraRows, offRoster: { enterpriseId: offEnterprise, unionId: offUnion }, signedOn, termEnd };
}
