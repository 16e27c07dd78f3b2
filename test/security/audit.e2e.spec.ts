import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AUDITED_ROUTES } from '../../src/audit/audited-routes.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';
import { HEADERS, row } from '../campaigns/fixtures/roster-files.js';
import { routesOf } from '../support/routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// 审计日志 The audit log: every sign-in and every administrative act, one test per kind; admin reads it (filters,
// pages); nobody rewrites it (the table refuses UPDATE, DELETE, TRUNCATE); a refused act leaves no line.

type Headers = { Authorization: string } & Record<string, string>;
let t: TestApp;
const H: Record<string, Headers> = {};
const UA = 'audit-test/2.0 (jest)';

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['union.demo', 'federation.demo', 'admin.demo', 'bureau.demo']) {
    const res = await t.http().post('/api/auth/login').set('User-Agent', UA).send({ username: u, password: 'demo12345' });
    H[u] = { Authorization: `Bearer ${res.body.accessToken}`, 'User-Agent': UA };
  }
});
afterAll(async () => {
  await t?.close();
});

const lines = async (query: Record<string, string | number> = {}) => {
  const res = await t.http().get('/api/audit').query(query).set(H['admin.demo']);
  expect(res.status).toBe(200);
  return res.body as { items: Record<string, any>[]; total: number; page: number; pageSize: number };
};
const last = async (kind: string) => (await lines({ kind, pageSize: 1 })).items[0];

describe('sign-ins', () => {
  it('success and failure with username, address and user agent; the failure says why (not to the client)', async () => {
    await t.http().post('/api/auth/login').set('User-Agent', UA).send({ username: 'union.demo', password: 'wrong-password' });
    await t.http().post('/api/auth/login').set('User-Agent', UA).send({ username: 'no.such.user', password: 'wrong-password' });
    const failed = (await lines({ kind: 'login.failed' })).items;
    expect(failed.map((l) => [l.actorUsername, l.details.reason])).toEqual([
      ['no.such.user', 'unknown-user'],
      ['union.demo', 'wrong-password'],
    ]);
    expect(failed[0]).toMatchObject({ address: expect.stringMatching(/127\.0\.0\.1|::1/), userAgent: UA, actorId: null });
    const ok = (await lines({ kind: 'login.succeeded', actor: 'federation.demo' })).items;
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actorId: demoId('user:federation.demo'), actorRole: 'federation', userAgent: UA, subjectType: 'user', at: '2018-03-01T04:00:00.000Z' });
    // The page's form is audited alike (it signs in through the same service).
    const form = await t.http().get('/login');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const cookie = ([] as string[]).concat(form.headers['set-cookie']).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
    await t.http().post('/login').set('Cookie', cookie).set('User-Agent', 'page-browser').type('form').send({ csrf, username: 'bureau.demo', password: 'x-wrong-x' });
    expect(await last('login.failed')).toMatchObject({ actorUsername: 'bureau.demo', userAgent: 'page-browser' });
  });
});

describe('administrative acts', () => {
  let campaignId: string;
  let instructorId: string;
  let caseId: string;

  it('user.created (the password is not written)', async () => {
    const res = await t.http().post('/api/users').set(H['admin.demo']).send({ username: 'audit.fed', displayName: '审计测试', role: 'federation', organisationId: demoId('fed-wh'), regionCode: '510107', password: 'secret-password-1' });
    expect(res.status).toBe(201);
    const line = await last('user.created');
    expect(line).toMatchObject({ actorUsername: 'admin.demo', actorRole: 'admin', subjectType: 'user', subjectId: res.body.id, method: 'POST', path: '/api/users', status: 201, userAgent: UA });
    expect(line.details.body).toMatchObject({ username: 'audit.fed', password: '[redacted]' });
    expect(JSON.stringify(line)).not.toContain('secret-password-1');
  });

  it('organisation.changed', async () => {
    const res = await t.http().patch(`/api/enterprises/${demoId('ent-pidu')}`).set(H['federation.demo']).send({ legalRepresentative: '王审计' });
    expect(res.status).toBe(200);
    expect(await last('organisation.changed')).toMatchObject({ actorUsername: 'federation.demo', subjectType: 'organisation', subjectId: demoId('ent-pidu'), details: { body: { legalRepresentative: '王审计' } } });
  });

  it('campaign.created, campaign.changed, campaign.targets-replaced', async () => {
    campaignId = (await createCampaign(t, H['federation.demo'])).id;
    expect(await last('campaign.created')).toMatchObject({ actorUsername: 'federation.demo', subjectType: 'campaign', subjectId: campaignId, status: 201 });
    expect((await t.http().patch(`/api/campaigns/${campaignId}`).set(H['federation.demo']).send({ name: '2018年成都市集中要约月（审计）' })).status).toBe(200);
    expect(await last('campaign.changed')).toMatchObject({ subjectId: campaignId, details: { body: { name: '2018年成都市集中要约月（审计）' } } });
    const targets = [{ regionCode: '510107', offerRate: 90, responseRate: 80, signingRate: 70, filingRate: 60, establishmentRate: 50, employeesCovered: 1000 }];
    expect((await t.http().put(`/api/campaigns/${campaignId}/targets`).set(H['federation.demo']).send({ targets })).status).toBe(200);
    expect(await last('campaign.targets-replaced')).toMatchObject({ subjectId: campaignId, details: { body: { targets } } });
  });

  it('roster.imported (the file is not written, the import id is)', async () => {
    const csv = Buffer.from(`${HEADERS.join(',')}\n${row(1).join(',')}\n`);
    const res = await t.http().post(`/api/campaigns/${campaignId}/roster`).query({ filename: 'roster.csv' }).set(H['federation.demo']).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(202);
    expect(await last('roster.imported')).toMatchObject({ subjectType: 'campaign', subjectId: campaignId, status: 202, details: { answer: { importId: res.body.importId }, query: { filename: 'roster.csv' } } });
  });

  it('bulk-offers.started', async () => {
    const res = await t.http().post(`/api/campaigns/${campaignId}/bulk-offers`).set(H['federation.demo']).send({ kind: 'wage', enterpriseIds: [demoId('ent-pidu')], offer: { subjects: ['2018年度职工工资增长幅度'] } });
    expect(res.status).toBe(202);
    expect(await last('bulk-offers.started')).toMatchObject({ subjectId: campaignId, details: { answer: { batchId: res.body.batchId } } });
  });

  it('instructor.registered, instructor.changed', async () => {
    const res = await t.http().post('/api/instructors').set(H['federation.demo']).send({ name: '审计指导员', regionCode: '510107', qualifications: ['集体协商指导员资格证书'], appointedOn: '2017-06-01' });
    expect(res.status).toBe(201);
    instructorId = res.body.id;
    expect(await last('instructor.registered')).toMatchObject({ subjectType: 'instructor', subjectId: instructorId });
    expect((await t.http().patch(`/api/instructors/${instructorId}`).set(H['federation.demo']).send({ appointmentEndsOn: '2020-12-31' })).status).toBe(200);
    expect(await last('instructor.changed')).toMatchObject({ subjectId: instructorId, details: { body: { appointmentEndsOn: '2020-12-31' } } });
  });

  it('instructor.assigned (API and page form), instructor.unassigned', async () => {
    const started = await t.http().post('/api/cases').set(H['union.demo']).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(started.status).toBe(201);
    caseId = started.body.id;
    expect((await t.http().put(`/api/cases/${caseId}/instructors/${instructorId}`).set(H['federation.demo']).send({})).status).toBe(201);
    expect(await last('instructor.assigned')).toMatchObject({ subjectType: 'case', subjectId: caseId, details: { params: { caseId, instructorId } } });
    expect([200, 204]).toContain((await t.http().delete(`/api/cases/${caseId}/instructors/${instructorId}`).set(H['federation.demo'])).status);
    expect(await last('instructor.unassigned')).toMatchObject({ subjectId: caseId, details: { params: { instructorId } } });
    // The page's form: sign in through it, then post the assignment with the session's CSRF token.
    const form = await t.http().get('/login');
    const loginCsrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const loginCookie = ([] as string[]).concat(form.headers['set-cookie']).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
    const signedIn = await t.http().post('/login').set('Cookie', loginCookie).type('form').send({ csrf: loginCsrf, username: 'federation.demo', password: 'demo12345' });
    const session = ([] as string[]).concat(signedIn.headers['set-cookie']).find((c) => c.startsWith('cb_session='))!.split(';')[0];
    const page = await t.http().get(`/cases/${caseId}/instructors`).set('Cookie', session);
    expect(page.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const before = (await lines({ kind: 'instructor.assigned' })).total;
    const posted = await t.http().post(`/cases/${caseId}/instructors`).set('Cookie', session).type('form').send({ csrf, instructorId });
    expect(posted.status).toBe(303);
    expect((await lines({ kind: 'instructor.assigned' })).total).toBe(before + 1);
    expect(await last('instructor.assigned')).toMatchObject({ actorUsername: 'federation.demo', subjectId: caseId, method: 'POST', path: `/cases/${caseId}/instructors`, status: 303, details: { params: { id: caseId } } });
  });

  it('template.previewed', async () => {
    const sample = (await t.http().get('/api/templates/offer-letter').set(H['federation.demo'])).body.sample;
    expect((await t.http().post('/api/templates/offer-letter/preview').set(H['federation.demo']).send({ data: sample, format: 'html' })).status).toBe(200);
    expect(await last('template.previewed')).toMatchObject({ subjectType: 'template', subjectId: 'offer-letter' });
  });

  it('a refused act leaves no line (403, 400, 404)', async () => {
    const before = (await lines()).total;
    expect((await t.http().post('/api/campaigns').set(H['union.demo']).send({ name: '工会不能建活动', startsOn: '2018-03-01', endsOn: '2018-03-31', kinds: ['wage'] })).status).toBe(403);
    expect((await t.http().post('/api/instructors').set(H['federation.demo']).send({})).status).toBe(400);
    expect((await t.http().patch(`/api/campaigns/${demoId('user:admin.demo')}`).set(H['federation.demo']).send({ name: '不存在的活动' })).status).toBe(404);
    // (each GET /api/audit above is a read, not an act)
    expect((await lines()).total).toBe(before);
  });
});

describe('GET /api/audit', () => {
  it('admin only: 403 for every other role, 401 without a token', async () => {
    for (const u of ['union.demo', 'federation.demo', 'bureau.demo']) expect((await t.http().get('/api/audit').set(H[u])).status).toBe(403);
    expect((await t.http().get('/api/audit')).status).toBe(401);
  });

  it('pages newest first; filters by kind (and family), actor, subject and time; a bad filter is a 400', async () => {
    const all = await lines({ pageSize: 100 });
    expect(all.total).toBeGreaterThanOrEqual(15);
    const ids = all.items.map((l) => Number(l.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const p2 = await lines({ pageSize: 3, page: 2 });
    expect(p2.items.map((l) => l.id)).toEqual(all.items.slice(3, 6).map((l) => l.id));
    const logins = await lines({ kind: 'login.*', pageSize: 100 });
    expect(logins.total).toBe(all.items.filter((l) => l.kind.startsWith('login.')).length);
    expect((await lines({ actor: 'admin.demo', pageSize: 100 })).items.every((l) => l.actorUsername === 'admin.demo')).toBe(true);
    const campaign = all.items.find((l) => l.kind === 'campaign.created')!;
    expect((await lines({ subjectType: 'campaign', subjectId: campaign.subjectId })).total).toBe(all.items.filter((l) => l.subjectId === campaign.subjectId).length);
    t.clock.set('2018-03-02T04:00:00Z');
    await t.http().post('/api/auth/login').send({ username: 'union.demo', password: 'wrong-again' });
    expect((await lines({ from: '2018-03-02T00:00:00Z' })).items.map((l) => l.kind)).toEqual(['login.failed']);
    expect((await lines({ to: '2018-03-02T00:00:00Z' })).total).toBe(all.total);
    for (const bad of [{ kind: "x' OR 1=1--" }, { from: 'yesterday' }, { pageSize: 1000 }]) expect((await t.http().get('/api/audit').query(bad).set(H['admin.demo'])).status).toBe(400);
  });
});

describe('the table', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    for (const sql of ["UPDATE audit_log SET kind = 'x'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    }
    expect((await lines()).total).toBeGreaterThan(0);
  });

  it('every audited route exists in the router (a renamed route cannot silently stop being audited)', () => {
    const routes = new Set(routesOf(t).map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(AUDITED_ROUTES).filter((k) => !routes.has(k))).toEqual([]);
  });
});
