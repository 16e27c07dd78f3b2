import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, createExtraUsers, ORDINARY_COURSE, today, type Headers } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Bargaining instructors (集体协商专职指导员) over HTTP: the registry, assignment to cases with its rules,
// suggestions by region and load, and the workload and yearly assessment figures of cases driven through
// the procedure with the service clock.

let t: TestApp;
const H: Record<string, Headers> = {};
const START = '2018-03-01T04:00:00Z'; // 12:00 in China
const PROBLEM = /^application\/problem\+json/;
const WUHOU = { username: 'instructor.wuhou', password: 'instructor-test-1', displayName: '周指导（武侯区）', role: 'instructor', organisationId: demoId('fed-wh'), regionCode: '510107' };

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  const admin = await as(t, 'admin.demo');
  expect((await t.http().post('/api/users').set(admin).send(WUHOU)).status).toBe(201);
  for (const u of ['union.demo', 'employer.demo', 'bureau.demo', 'federation.demo', 'instructor.demo', 'admin.demo', 'federation.mianyang']) H[u] = await as(t, u);
  H[WUHOU.username] = { Authorization: `Bearer ${await t.login(WUHOU.username, WUHOU.password)}` };
});

afterAll(async () => {
  await t?.close();
});

// Every test starts on the same day with no deadline pending from an earlier test (it would fire when the clock moves).
beforeEach(async () => {
  t.clock.set(START);
  await t.dataSource.query('DELETE FROM case_deadlines');
});

const userId = async (username: string): Promise<string> => (await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username]))[0].id;
const countInstructors = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM instructors'))[0].n;

let serial = 0;
const instructorBody = (extra: Record<string, unknown> = {}) => ({
  name: `指导员${++serial}`,
  regionCode: '510107',
  qualifications: ['集体协商指导员资格证书'],
  appointedOn: '2017-06-01',
  ...extra,
});

async function createInstructor(extra: Record<string, unknown> = {}, who: Headers = H['federation.demo']): Promise<Record<string, any>> {
  const res = await t.http().post('/api/instructors').set(who).send(instructorBody(extra));
  expect({ status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ status: 201, body: undefined });
  return res.body;
}

const SHUJIN_CASE = { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') };
const JINJIANG_CASE = { kind: 'comprehensive', unionId: demoId('union-jinjiang'), employerId: demoId('ent-jinjiang') };

async function startCase(body: Record<string, unknown> = SHUJIN_CASE, who: Headers = body === SHUJIN_CASE ? H['union.demo'] : H['federation.demo']): Promise<string> {
  const res = await t.http().post('/api/cases').set(who).send(body);
  expect(res.status).toBe(201);
  return res.body.id;
}

async function send(id: string, who: Headers, type: string, payload: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await t.http().post(`/api/cases/${id}/events`).set(who).send({ type, payload });
  expect({ type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ type, status: 200, body: undefined });
  return res.body;
}

function nextDay(): string {
  t.clock.advanceDays(1);
  return today(t);
}

const assign = (caseId: string, instructorId: string, who: Headers = H['federation.demo'], body: Record<string, unknown> = {}) =>
  t.http().put(`/api/cases/${caseId}/instructors/${instructorId}`).set(who).send(body);

/** The 4xx answer's violations as [field, rule], after checking it is bilingual problem+json. */
function violations(res: Response, status: number): [string, string][] {
  expect({ status: res.status }).toEqual({ status });
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body.detail).toMatch(/\p{Script=Han}/u);
  expect(res.body.detail_en).toMatch(/[a-z]/);
  for (const e of res.body.errors) {
    expect(e.message_zh).toMatch(/\p{Script=Han}/u);
    expect(e.message_en.length).toBeGreaterThan(5);
  }
  return res.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);
}

describe('the registry', () => {
  it('a federation registers an instructor of its region: its own organisation by default, serving, no load', async () => {
    const linked = await userId('instructor.demo');
    const res = await t
      .http()
      .post('/api/instructors')
      .set(H['federation.demo'])
      .send({ name: '刘志华', regionCode: '510100', qualifications: ['集体协商指导员资格证书', '劳动关系协调师（二级）'], appointedOn: '2018-01-01', appointmentEndsOn: '2020-12-31', userId: linked });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '刘志华',
      organisation: { id: demoId('fed-cd'), name: '成都市总工会' },
      regionCode: '510100',
      regionName: '成都市',
      qualifications: ['集体协商指导员资格证书', '劳动关系协调师（二级）'],
      appointedOn: '2018-01-01',
      appointmentEndsOn: '2020-12-31',
      active: true,
      serving: true,
      user: { id: linked, username: 'instructor.demo' },
      load: 0,
    });
    const got = await t.http().get(`/api/instructors/${res.body.id}`).set(H['bureau.demo']);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: res.body.id, name: '刘志华' });
  });

  it('lists the jurisdiction’s instructors, paged, filtered by region, active and q', async () => {
    const a = await createInstructor({ name: '郭明远', qualifications: ['劳动关系协调师'] });
    const b = await createInstructor({ name: '何静', regionCode: '510104' });
    const ids = (res: Response) => res.body.items.map((i: { id: string }) => i.id);

    const all = await t.http().get('/api/instructors?pageSize=100').set(H['federation.demo']);
    expect(all.status).toBe(200);
    expect(ids(all)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(all.body).toMatchObject({ page: 1, pageSize: 100, total: all.body.items.length });

    const wuhou = await t.http().get('/api/instructors?region=510107&pageSize=100').set(H['federation.demo']);
    expect(ids(wuhou)).toContain(a.id);
    expect(ids(wuhou)).not.toContain(b.id);
    expect(wuhou.body.items.every((i: { regionCode: string }) => i.regionCode === '510107')).toBe(true);

    expect(ids(await t.http().get(`/api/instructors?q=${encodeURIComponent('郭明')}`).set(H['federation.demo']))).toEqual([a.id]);
    expect(ids(await t.http().get(`/api/instructors?q=${encodeURIComponent('协调师')}&region=510107`).set(H['federation.demo']))).toEqual([a.id]);
    expect(ids(await t.http().get('/api/instructors?q=%25').set(H['federation.demo']))).toEqual([]);

    const paged = await t.http().get('/api/instructors?pageSize=1&page=2').set(H['federation.demo']);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.items[0].id).toBe(all.body.items[1].id);

    // Another prefecture's federation sees none of them, and 成都 is outside its jurisdiction.
    expect(ids(await t.http().get('/api/instructors?pageSize=100').set(H['federation.mianyang']))).toEqual([]);
    expect((await t.http().get('/api/instructors?region=510100').set(H['federation.mianyang'])).status).toBe(404);
    expect(violations(await t.http().get('/api/instructors?region=519999').set(H['federation.demo']), 400)).toEqual([['region', 'exists']]);
    expect(violations(await t.http().get('/api/instructors?active=maybe&pageSize=500').set(H['federation.demo']), 400).map(([f]) => f).sort()).toEqual(['active', 'pageSize']);
    // The parties read no registry.
    expect((await t.http().get('/api/instructors').set(H['union.demo'])).status).toBe(403);
  });

  it.each([
    ['an unknown region', { regionCode: '519999' }, [['regionCode', 'exists']]],
    ['a region outside the jurisdiction', { regionCode: '510700' }, [['regionCode', 'inJurisdiction']]],
    ['an appointment ending before it starts', { appointedOn: '2018-03-01', appointmentEndsOn: '2018-02-28' }, [['appointmentEndsOn', 'notBeforeStart']]],
    ['an organisation that is not a federation', { organisationId: demoId('union-shujin') }, [['organisationId', 'federation']]],
    ['a federation outside the jurisdiction', { organisationId: demoId('fed-sc') }, [['organisationId', 'inJurisdiction']]],
    ['a region outside the appointing federation’s', { organisationId: demoId('fed-wh'), regionCode: '510104' }, [['regionCode', 'withinOrganisation']]],
    ['an unknown organisation', { organisationId: '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60' }, [['organisationId', 'exists']]],
    ['no qualifications field, a name too long', { qualifications: undefined, name: '名'.repeat(65) }, [['name', 'maxLength'], ['qualifications', 'isArray']]],
    ['a bad date and an unknown field', { appointedOn: '2018-02-30', grade: 1 }, [['appointedOn', 'isIsoDate'], ['grade', 'unknownField']]],
    ['several problems at once', { regionCode: '510700', appointedOn: '2018-03-01', appointmentEndsOn: '2017-01-01', organisationId: demoId('union-shujin') }, [['organisationId', 'federation'], ['regionCode', 'inJurisdiction'], ['appointmentEndsOn', 'notBeforeStart']]],
  ])('refuses %s: 400 naming the field and rule, nothing stored', async (_what, extra, expected) => {
    const before = await countInstructors();
    const res = await t.http().post('/api/instructors').set(H['federation.demo']).send(instructorBody(extra));
    expect(violations(res, 400).sort()).toEqual([...expected].sort());
    expect(await countInstructors()).toBe(before);
  });

  it('the account to link must be an instructor’s, in the region served, linked to no other record', async () => {
    const before = await countInstructors();
    const post = (extra: Record<string, unknown>) => t.http().post('/api/instructors').set(H['federation.demo']).send(instructorBody(extra));
    expect(violations(await post({ userId: await userId('union.demo') }), 400)).toEqual([['userId', 'role']]);
    // instructor.demo's jurisdiction is all of 成都: wider than 武侯区.
    expect(violations(await post({ userId: await userId('instructor.demo') }), 400)).toEqual([['userId', 'inRegion']]);
    expect(violations(await post({ userId: await userId('union.mianyang') }), 400)).toEqual([['userId', 'exists']]);
    expect(await countInstructors()).toBe(before);
    // Linked already (to 刘志华, the first test's record).
    expect(violations(await post({ regionCode: '510100', userId: await userId('instructor.demo') }), 400)).toEqual([['userId', 'unique']]);
    expect(await countInstructors()).toBe(before);
  });

  it('only federations (and admins) register and change instructors; outside the jurisdiction they do not exist', async () => {
    const before = await countInstructors();
    expect((await t.http().post('/api/instructors').set(H['bureau.demo']).send(instructorBody())).status).toBe(403);
    expect((await t.http().post('/api/instructors').set(H['union.demo']).send(instructorBody())).status).toBe(403);
    expect(await countInstructors()).toBe(before);
    const i = await createInstructor();
    expect((await t.http().get(`/api/instructors/${i.id}`).set(H['federation.mianyang'])).status).toBe(404);
    expect((await t.http().patch(`/api/instructors/${i.id}`).set(H['federation.mianyang']).send({ active: false })).status).toBe(404);
    expect((await t.http().patch(`/api/instructors/${i.id}`).set(H['bureau.demo']).send({ active: false })).status).toBe(403);
    expect((await t.http().get(`/api/instructors/${i.id}`).set(H['union.demo'])).status).toBe(403);
    // An admin appoints for any federation of the province.
    const my = await createInstructor({ organisationId: demoId('fed-my'), regionCode: '510700' }, H['admin.demo']);
    expect(my.organisation.name).toBe('绵阳市总工会');
    expect((await t.http().get(`/api/instructors/${my.id}`).set(H['federation.mianyang'])).status).toBe(200);
    expect((await t.http().get(`/api/instructors/${my.id}`).set(H['federation.demo'])).status).toBe(404);
  });

  it('PATCH changes qualifications and the appointment end; active: false ends the appointment today', async () => {
    const i = await createInstructor({ appointmentEndsOn: '2019-12-31' });
    const res = await t.http().patch(`/api/instructors/${i.id}`).set(H['federation.demo']).send({ qualifications: ['劳动关系协调师（一级）'], appointmentEndsOn: '2020-06-30' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ qualifications: ['劳动关系协调师（一级）'], appointmentEndsOn: '2020-06-30', active: true, serving: true });

    expect(violations(await t.http().patch(`/api/instructors/${i.id}`).set(H['federation.demo']).send({ appointmentEndsOn: '2017-01-01' }), 400)).toEqual([['appointmentEndsOn', 'notBeforeStart']]);
    expect((await t.http().get(`/api/instructors/${i.id}`).set(H['federation.demo'])).body.appointmentEndsOn).toBe('2020-06-30');

    const ended = await t.http().patch(`/api/instructors/${i.id}`).set(H['federation.demo']).send({ active: false });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ active: false, serving: false, appointmentEndsOn: '2018-03-01' });
    const inactive = await t.http().get('/api/instructors?active=false&region=510107&pageSize=100').set(H['federation.demo']);
    expect(inactive.body.items.map((x: { id: string }) => x.id)).toContain(i.id);
    const active = await t.http().get('/api/instructors?active=true&region=510107&pageSize=100').set(H['federation.demo']);
    expect(active.body.items.map((x: { id: string }) => x.id)).not.toContain(i.id);
  });

  it('an instructor’s own account sees its own record only', async () => {
    const me = await createInstructor({ name: '周指导', userId: await userId(WUHOU.username) });
    const other = await createInstructor();
    const list = await t.http().get('/api/instructors').set(H[WUHOU.username]);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([me.id]);
    expect((await t.http().get(`/api/instructors/${me.id}`).set(H[WUHOU.username])).status).toBe(200);
    expect((await t.http().get(`/api/instructors/${other.id}`).set(H[WUHOU.username])).status).toBe(404);
    expect((await t.http().patch(`/api/instructors/${me.id}`).set(H[WUHOU.username]).send({ qualifications: [] })).status).toBe(403);
  });
});

describe('assignment to cases', () => {
  it('a federation assigns (idempotent: 201, then 200), the parties see who guides their case, it unassigns', async () => {
    const i = await createInstructor({ name: '彭晓' });
    const caseId = await startCase();
    const first = await assign(caseId, i.id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ caseId, instructor: { id: i.id, name: '彭晓', load: 1 }, assignedBy: await userId('federation.demo') });
    expect(first.body.assignedAt).toBe('2018-03-01T04:00:00.000Z'); // the service clock's
    const again = await assign(caseId, i.id);
    expect(again.status).toBe(200);
    expect(again.body.assignedAt).toBe(first.body.assignedAt);

    // instructor.demo is not this case's instructor: an instructor reads the cases assigned to them only.
    expect((await t.http().get(`/api/cases/${caseId}/instructors`).set(H['instructor.demo'])).status).toBe(404);
    for (const who of ['union.demo', 'employer.demo', 'bureau.demo']) {
      const seen = await t.http().get(`/api/cases/${caseId}/instructors`).set(H[who]);
      expect({ who, status: seen.status, ids: seen.body.map?.((a: { instructor: { id: string } }) => a.instructor.id) }).toEqual({ who, status: 200, ids: [i.id] });
    }
    expect((await t.http().get(`/api/cases/${caseId}/instructors`).set(H['federation.mianyang'])).status).toBe(404);

    expect((await t.http().delete(`/api/cases/${caseId}/instructors/${i.id}`).set(H['federation.demo'])).status).toBe(204);
    expect((await t.http().delete(`/api/cases/${caseId}/instructors/${i.id}`).set(H['federation.demo'])).status).toBe(404);
    expect((await t.http().get(`/api/cases/${caseId}/instructors`).set(H['union.demo'])).body).toEqual([]);
  });

  it('replaces: reassigns in one step', async () => {
    const a = await createInstructor();
    const b = await createInstructor();
    const caseId = await startCase();
    expect((await assign(caseId, a.id)).status).toBe(201);
    expect(violations(await assign(caseId, b.id, H['federation.demo'], { replaces: b.id }), 400)).toEqual([['replaces', 'different']]);
    const other = await createInstructor();
    expect(violations(await assign(caseId, b.id, H['federation.demo'], { replaces: other.id }), 400)).toEqual([['replaces', 'assigned']]);
    expect((await assign(caseId, b.id, H['federation.demo'], { replaces: a.id })).status).toBe(201);
    const now = await t.http().get(`/api/cases/${caseId}/instructors`).set(H['federation.demo']);
    expect(now.body.map((x: { instructor: { id: string } }) => x.instructor.id)).toEqual([b.id]);
  });

  it('refuses an instructor whose appointment was ended: 409 naming the rule, nothing stored', async () => {
    const i = await createInstructor();
    expect((await t.http().patch(`/api/instructors/${i.id}`).set(H['federation.demo']).send({ active: false })).status).toBe(200);
    const caseId = await startCase();
    const res = await assign(caseId, i.id);
    expect(violations(res, 409)).toEqual([['instructorId', 'active']]);
    expect(res.body.detail).toContain('解聘');
    expect((await t.http().get(`/api/cases/${caseId}/instructors`).set(H['federation.demo'])).body).toEqual([]);
  });

  it('refuses an instructor outside the appointment on the service clock’s day (ended, or not begun)', async () => {
    const i = await createInstructor({ appointedOn: '2017-01-01', appointmentEndsOn: '2018-03-10' });
    const early = await createInstructor({ appointedOn: '2018-06-01' });
    const before = await startCase();
    const after = await startCase();
    expect((await assign(before, i.id)).status).toBe(201);
    expect(violations(await assign(before, early.id), 409)).toEqual([['instructorId', 'appointed']]);

    t.clock.set('2018-03-11T04:00:00Z');
    const res = await assign(after, i.id);
    expect(violations(res, 409)).toEqual([['instructorId', 'appointed']]);
    expect(res.body.detail).toContain('2018-03-11');
    expect((await t.http().get(`/api/instructors/${i.id}`).set(H['federation.demo'])).body.serving).toBe(false);
    // The assignment made while appointed stands (an idempotent repeat answers it as it is).
    expect((await assign(before, i.id)).status).toBe(200);
    // On the last day of the appointment it was still allowed.
    t.clock.set('2018-03-10T15:59:00Z');
    expect((await assign(after, i.id)).status).toBe(201);
  });

  it('refuses an instructor whose region does not hold the case’s, and a case that has ended', async () => {
    const wuhou = await createInstructor({ regionCode: '510107' });
    const jinjiang = await startCase(JINJIANG_CASE);
    expect(violations(await assign(jinjiang, wuhou.id), 409)).toEqual([['instructorId', 'servesRegion']]);
    const city = await createInstructor({ regionCode: '510100' });
    expect((await assign(jinjiang, city.id)).status).toBe(201);

    const withdrawn = await startCase();
    await send(withdrawn, H['union.demo'], 'WITHDRAWN', samplePayload('WITHDRAWN', today(t)));
    const ended = await t.http().patch(`/api/instructors/${wuhou.id}`).set(H['federation.demo']).send({ active: false });
    expect(ended.status).toBe(200);
    // Every rule that fails is named.
    expect(violations(await assign(withdrawn, wuhou.id), 409).sort()).toEqual([['caseId', 'caseOpen'], ['instructorId', 'active']].sort());
  });

  it('another prefecture’s federation: 404; a union, a bureau, an instructor: 403; someone else’s instructor: 404', async () => {
    const i = await createInstructor();
    const caseId = await startCase();
    expect((await assign(caseId, i.id, H['federation.mianyang'])).status).toBe(404);
    expect((await t.http().delete(`/api/cases/${caseId}/instructors/${i.id}`).set(H['federation.mianyang'])).status).toBe(404);
    // An instructor not assigned to the case does not see it (404); the union and the bureau may not assign (403).
    expect((await assign(caseId, i.id, H['instructor.demo'])).status).toBe(404);
    for (const who of ['union.demo', 'bureau.demo']) {
      const res = await assign(caseId, i.id, H[who]);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      expect(res.body.detail_en).toContain('assign instructors');
    }
    const mianyang = await createInstructor({ organisationId: demoId('fed-my'), regionCode: '510700' }, H['admin.demo']);
    expect((await assign(caseId, mianyang.id)).status).toBe(404);
    expect((await t.http().get(`/api/cases/${caseId}/instructors`).set(H['federation.demo'])).body).toEqual([]);
    expect(violations(await t.http().put(`/api/cases/not-a-case/instructors/${i.id}`).set(H['federation.demo']).send({}), 400)).toEqual([['caseId', 'isUuid']]);
  });
});

describe('suggestions', () => {
  it('orders serving instructors whose region holds the case’s: narrowest region first, then load, then name', async () => {
    const jia = await createInstructor({ name: '甲指导', regionCode: '510107' });
    const yi = await createInstructor({ name: '乙指导', regionCode: '510107' });
    const bing = await createInstructor({ name: '丙指导', regionCode: '510100' });
    const jinjiang = await createInstructor({ name: '丁指导', regionCode: '510104' });
    const expired = await createInstructor({ name: '戊指导', appointedOn: '2016-01-01', appointmentEndsOn: '2018-02-28' });
    const ended = await createInstructor({ name: '己指导' });
    await t.http().patch(`/api/instructors/${ended.id}`).set(H['federation.demo']).send({ active: false });
    const mine = new Set([jia.id, yi.id, bing.id, jinjiang.id, expired.id, ended.id]);

    const [k1, k2, k3, k4, target] = [await startCase(), await startCase(), await startCase(), await startCase(), await startCase()];
    for (const [c, i] of [[k1, jia], [k2, jia], [k3, yi]] as const) expect((await assign(c, i.id)).status).toBe(201);

    const suggest = async () => {
      const res = await t.http().get(`/api/cases/${target}/instructor-suggestions`).set(H['federation.demo']);
      expect(res.status).toBe(200);
      return res.body.filter((s: { instructor: { id: string } }) => mine.has(s.instructor.id)) as { instructor: { id: string; name: string }; load: number; reason: { zh: string; en: string } }[];
    };
    // 武侯区's own before 成都市's (though 丙 has no case); among them the lighter load first.
    let s = await suggest();
    expect(s.map((x) => [x.instructor.name, x.load])).toEqual([['乙指导', 1], ['甲指导', 2], ['丙指导', 0]]);
    expect(s[0].reason.zh).toContain('在办案件 1 件');
    expect(s[0].reason.en).toContain('the case’s own region');
    expect(s[2].reason.zh).toContain('成都市');

    // Equal loads: by name (甲 jiǎ before 乙 yǐ).
    expect((await assign(k4, yi.id)).status).toBe(201);
    s = await suggest();
    expect(s.map((x) => [x.instructor.name, x.load])).toEqual([['甲指导', 2], ['乙指导', 2], ['丙指导', 0]]);

    // A case that ends no longer weighs: 甲 has one open case left.
    await send(k1, H['union.demo'], 'WITHDRAWN', samplePayload('WITHDRAWN', today(t)));
    s = await suggest();
    expect(s.map((x) => [x.instructor.name, x.load])).toEqual([['甲指导', 1], ['乙指导', 2], ['丙指导', 0]]);

    // Once assigned, an instructor is no longer suggested for the case.
    expect((await assign(target, jia.id)).status).toBe(201);
    expect((await suggest()).map((x) => x.instructor.name)).toEqual(['乙指导', '丙指导']);

    expect((await t.http().get(`/api/cases/${target}/instructor-suggestions`).set(H['union.demo'])).status).toBe(403);
    expect((await t.http().get(`/api/cases/${target}/instructor-suggestions`).set(H['federation.mianyang'])).status).toBe(404);
  });
});

describe('workload and yearly assessment', () => {
  it('counts the cases driven through the procedure: open by state, overdue, guided, signed, filed', async () => {
    const a = await createInstructor({ name: '考核甲', regionCode: '510107', userId: undefined });
    const b = await createInstructor({ name: '考核乙', regionCode: '510100' });
    const [c1, c2, c3, c4, c5] = [await startCase(), await startCase(), await startCase(), await startCase(), await startCase()];
    for (const c of [c1, c2, c3]) expect((await assign(c, a.id)).status).toBe(201);
    expect((await assign(c4, b.id)).status).toBe(201);

    // c1 and c5: offers nobody answers; the 20 days run out (CCP Art 32) and the scheduler records it.
    await send(c1, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)));
    await send(c5, H['union.demo'], 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', today(t)));
    t.clock.advanceDays(25);
    expect(await t.fireDueDeadlines()).toBeGreaterThanOrEqual(2);
    expect((await t.http().get(`/api/cases/${c1}`).set(H['union.demo'])).body).toMatchObject({ state: 'response_overdue', overdue: true });

    // c2: the ordinary course up to the filing; c3 withdrawn.
    for (const [who, type, payload] of ORDINARY_COURSE) await send(c2, H[who], type, payload(nextDay()));
    await send(c3, H['union.demo'], 'WITHDRAWN', samplePayload('WITHDRAWN', nextDay()));
    // c5: answered late (the stretch is left, its overdue flag with it), then given to 乙: the lapse was before 乙's time.
    await send(c5, H['employer.demo'], 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', today(t)));
    expect((await assign(c5, b.id)).status).toBe(201);

    const workA = await t.http().get(`/api/instructors/${a.id}/workload`).set(H['federation.demo']);
    expect(workA.status).toBe(200);
    expect(workA.body).toMatchObject({ open: 2, overdue: 1, instructor: { id: a.id, load: 2 } });
    expect(workA.body.byState.map((s: { state: string; cases: number }) => [s.state, s.cases])).toEqual([['response_overdue', 1], ['under_review', 1]]);
    expect(workA.body.byState[0].label.zh).toBeTruthy();
    expect(workA.body.cases.map((c: { id: string; overdue: boolean }) => [c.id, c.overdue])).toEqual([[c1, true], [c2, false]]);

    const workB = await t.http().get(`/api/instructors/${b.id}/workload`).set(H['bureau.demo']);
    expect(workB.body).toMatchObject({ open: 2, overdue: 0 });
    expect(workB.body.byState.map((s: { state: string }) => s.state)).toEqual(['drafting_offer', 'preparing_talks']);

    const rowOf = (res: Response, id: string) => {
      const row = res.body.items.find((r: { instructor: { id: string } }) => r.instructor.id === id);
      return row && { casesGuided: row.casesGuided, signed: row.signed, filed: row.filed, overdue: row.overdue, load: row.load };
    };
    const y2018 = await t.http().get('/api/instructors/assessment?year=2018').set(H['federation.demo']);
    expect(y2018.status).toBe(200);
    expect(y2018.body).toMatchObject({ year: 2018, regionCode: '510100', regionName: '成都市' });
    expect(rowOf(y2018, a.id)).toEqual({ casesGuided: 3, signed: 1, filed: 1, overdue: 1, load: 2 });
    expect(rowOf(y2018, b.id)).toEqual({ casesGuided: 2, signed: 0, filed: 0, overdue: 0, load: 2 });
    // The totals are the rows' sums, and they agree with the log.
    const sum = (k: string) => y2018.body.items.reduce((n: number, r: Record<string, number>) => n + r[k], 0);
    expect(y2018.body.totals).toEqual({ casesGuided: sum('casesGuided'), signed: sum('signed'), filed: sum('filed'), overdue: sum('overdue'), load: sum('load') });
    const [{ signed }] = await t.dataSource.query("SELECT count(*)::int AS signed FROM case_instructors ci JOIN case_events e ON e.case_id = ci.case_id AND e.type = 'SIGNED'");
    expect(y2018.body.totals.signed).toBe(signed);

    // Appointed in 2017, nothing guided then.
    const y2017 = await t.http().get('/api/instructors/assessment?year=2017').set(H['federation.demo']);
    expect(rowOf(y2017, a.id)).toEqual({ casesGuided: 0, signed: 0, filed: 0, overdue: 0, load: 2 });
    // A region narrows the rows; the year may not lie ahead.
    const wuhou = await t.http().get('/api/instructors/assessment?year=2018&region=510107').set(H['federation.demo']);
    expect(rowOf(wuhou, a.id)).toBeDefined();
    expect(rowOf(wuhou, b.id)).toBeUndefined();
    expect(violations(await t.http().get('/api/instructors/assessment?year=2019').set(H['federation.demo']), 400)).toEqual([['year', 'notFuture']]);
    expect((await t.http().get('/api/instructors/assessment?region=510100').set(H['federation.mianyang'])).status).toBe(404);
    expect((await t.http().get('/api/instructors/assessment').set(H['union.demo'])).status).toBe(403);

    // A year later, nothing fired: 2018's figures stand; in 2019 the open cases are guided, c1 is still overdue (its flag),
    // and c5's first meeting is overdue now (its period ran out, not yet recorded).
    t.clock.set('2019-01-15T04:00:00Z');
    expect(rowOf(await t.http().get('/api/instructors/assessment?year=2018').set(H['federation.demo']), a.id)).toEqual({ casesGuided: 3, signed: 1, filed: 1, overdue: 1, load: 2 });
    const y2019 = await t.http().get('/api/instructors/assessment').set(H['federation.demo']);
    expect(y2019.body.year).toBe(2019);
    expect(rowOf(y2019, a.id)).toEqual({ casesGuided: 2, signed: 0, filed: 0, overdue: 1, load: 2 });
    expect(rowOf(y2019, b.id)).toEqual({ casesGuided: 2, signed: 0, filed: 0, overdue: 1, load: 2 });
  });

  it('an instructor’s account sees its own workload and assessment, not a colleague’s', async () => {
    const me = (await t.http().get('/api/instructors').set(H[WUHOU.username])).body.items[0];
    expect(me.user.username).toBe(WUHOU.username);
    const colleague = await createInstructor();
    const caseId = await startCase();
    expect((await assign(caseId, me.id)).status).toBe(201);
    const work = await t.http().get(`/api/instructors/${me.id}/workload`).set(H[WUHOU.username]);
    expect(work.status).toBe(200);
    expect(work.body.cases.map((c: { id: string }) => c.id)).toContain(caseId);
    expect((await t.http().get(`/api/instructors/${colleague.id}/workload`).set(H[WUHOU.username])).status).toBe(404);
    const mine = await t.http().get('/api/instructors/assessment?year=2018').set(H[WUHOU.username]);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { instructor: { id: string } }) => r.instructor.id)).toEqual([me.id]);
    expect(mine.body.items[0].casesGuided).toBeGreaterThanOrEqual(1);
  });
});
