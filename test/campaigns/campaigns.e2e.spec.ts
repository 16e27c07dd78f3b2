import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { as, createExtraUsers, type Headers } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCampaign } from './campaign-helpers.js';

let t: TestApp;
const h = new Map<string, Headers>();

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  for (const u of ['union.demo', 'federation.demo', 'bureau.demo', 'federation.mianyang', 'employer.demo']) h.set(u, await as(t, u));
});

afterAll(async () => {
  await t?.close();
});

const startShujin = (body: Record<string, unknown> = {}) =>
  t.http().post('/api/cases').set(h.get('union.demo')!).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin'), ...body });

describe('campaigns', () => {
  it('are created with targets by a federation and read back; bad periods and targets outside the scope are refused, naming the field', async () => {
    const c = await createCampaign(t, h.get('federation.demo')!, { targets: [{ regionCode: '510107', offerRate: 90, signingRate: 60.5, employeesCovered: 20000 }] });
    const got = await t.http().get(`/api/campaigns/${c.id}`).set(h.get('bureau.demo')!);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: c.name, regionCode: '510100', regionName: '成都市', startsOn: '2018-03-01', endsOn: '2018-03-31', rosterSize: 0 });
    expect(got.body.targets).toEqual([{ regionCode: '510107', regionName: '武侯区', offerRate: 90, responseRate: null, signingRate: 60.5, filingRate: null, establishmentRate: null, employeesCovered: 20000 }]);

    const backwards = await t.http().post('/api/campaigns').set(h.get('federation.demo')!).send({ name: '倒置', startsOn: '2018-04-30', endsOn: '2018-04-01', kinds: ['wage'] });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'endsOn', rule: 'notBeforeStart' })]);
    const outside = await t.http().post('/api/campaigns').set(h.get('federation.demo')!).send({ name: '越界', startsOn: '2018-04-01', endsOn: '2018-04-30', kinds: ['wage'], targets: [{ regionCode: '510700', offerRate: 50 }, { regionCode: '510107' }, { regionCode: '510107' }] });
    expect(outside.status).toBe(400);
    expect(outside.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(['targets.0.regionCode:inScope', 'targets.2.regionCode:unique']);
    const rate = await t.http().post('/api/campaigns').set(h.get('federation.demo')!).send({ name: '比率', startsOn: '2018-04-01', endsOn: '2018-04-30', kinds: ['wage'], targets: [{ regionCode: '510107', offerRate: 101 }] });
    expect(rate.status).toBe(400);
    expect(JSON.stringify(rate.body.errors)).toMatch(/offerRate/);
    expect(await t.dataSource.query("SELECT count(*)::int AS n FROM campaigns WHERE name IN ('倒置', '越界', '比率')")).toEqual([{ n: 0 }]);
  });

  it('only federations of the scope manage them; other regions do not see them', async () => {
    const c = await createCampaign(t, h.get('federation.demo')!, { name: '权限测试', startsOn: '2018-05-01', endsOn: '2018-05-31' });
    expect((await t.http().post('/api/campaigns').set(h.get('union.demo')!).send({ name: '工会', startsOn: '2018-04-01', endsOn: '2018-04-30', kinds: ['wage'] })).status).toBe(403);
    expect((await t.http().get(`/api/campaigns/${c.id}`).set(h.get('federation.mianyang')!)).status).toBe(404);
    expect((await t.http().patch(`/api/campaigns/${c.id}`).set(h.get('federation.mianyang')!).send({ name: '改名' })).status).toBe(404);
    // The union of a county inside the scope reads it (it names it when starting a case) but may not change it.
    expect((await t.http().get(`/api/campaigns/${c.id}`).set(h.get('union.demo')!)).status).toBe(200);
    expect((await t.http().patch(`/api/campaigns/${c.id}`).set(h.get('union.demo')!).send({ name: '改名' })).status).toBe(403);
    const renamed = await t.http().patch(`/api/campaigns/${c.id}`).set(h.get('federation.demo')!).send({ name: '权限测试（改）' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('权限测试（改）');
    const targets = await t.http().put(`/api/campaigns/${c.id}/targets`).set(h.get('federation.demo')!).send({ targets: [{ regionCode: '510104', responseRate: 100 }] });
    expect(targets.status).toBe(200);
    expect(targets.body.targets.map((x: { regionCode: string }) => x.regionCode)).toEqual(['510104']);
    const listed = await t.http().get('/api/campaigns').set(h.get('federation.mianyang')!);
    expect(listed.body.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });

  it('a case started in the period, in the scope, of a kind in scope belongs to the campaign; a named campaign that does not fit is refused', async () => {
    const march = await createCampaign(t, h.get('federation.demo')!, { name: '三月工资专项', kinds: ['wage'] });
    const started = await startShujin();
    expect(started.status).toBe(201);
    // The narrowest running campaign of the kind wins: both March campaigns hold 武侯区; the newest of equal scope.
    expect(started.body.campaignId).toBe(march.id);
    const other = await startShujin({ kind: 'safety_health' });
    expect(other.body.campaignId).not.toBe(march.id);

    const april = await createCampaign(t, h.get('federation.demo')!, { name: '四月', startsOn: '2018-04-01', endsOn: '2018-04-30', kinds: ['comprehensive'] });
    const refused = await startShujin({ campaignId: april.id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`)).toEqual(['campaignId:kindInScope', 'campaignId:inPeriod']);
    const unknown = await startShujin({ campaignId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'campaignId', rule: 'exists' });
  });
});
