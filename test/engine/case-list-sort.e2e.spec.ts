import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { as, createExtraUsers, today, type Headers } from './engine-helpers.js';

// GET /api/cases?sort=deadline: the nearest pending deadline first, cases without one last (the home page
// reads its cases this way, so a case about to run out is never left beyond its first hundred).

let t: TestApp;
let union: Headers;

beforeAll(async () => {
  t = await startTestApp();
  union = await as(t, 'union.demo');
});

afterAll(async () => {
  await t?.close();
});

async function start(kind: string, offer: boolean): Promise<string> {
  const res = await t.http().post('/api/cases').set(union).send({ kind, unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  if (offer) expect((await t.http().post(`/api/cases/${res.body.id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) })).status).toBe(200);
  return res.body.id;
}

it('orders by the nearest deadline, cases without one last; the default stays most recently updated first', async () => {
  const first = await start('wage', true);
  t.clock.advanceDays(3);
  const second = await start('comprehensive', true);
  t.clock.advanceDays(1);
  const none = await start('women_workers', false);
  const ids = (body: { items: { id: string }[] }) => body.items.map((c) => c.id).filter((id) => [first, second, none].includes(id));

  const byDeadline = await t.http().get('/api/cases?sort=deadline&pageSize=100').set(union);
  expect(byDeadline.status).toBe(200);
  expect(ids(byDeadline.body)).toEqual([first, second, none]);
  const byUpdate = await t.http().get('/api/cases?pageSize=100').set(union);
  expect(ids(byUpdate.body)).toEqual([none, second, first]);

  const bad = await t.http().get('/api/cases?sort=oldest').set(union);
  expect({ status: bad.status, field: bad.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'sort' });
});

it('an employer lists its own cases and the industry cases covering its enterprise, and no other', async () => {
  await createExtraUsers(t);
  const catering = await as(t, 'union.catering');
  const industry = await t.http().post('/api/cases').set(catering).send({ kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] });
  expect(industry.status).toBe(201);
  const own = await start('wage', false);
  const listed = async (username: string) => ((await t.http().get('/api/cases?pageSize=100').set(await as(t, username))).body.items as { id: string }[]).map((c) => c.id);
  expect(await listed('employer.jinjiang')).toEqual([industry.body.id]);
  const shujin = await listed('employer.demo');
  expect(shujin).toContain(own);
  expect(shujin).not.toContain(industry.body.id);
  expect(await listed('employer.catering')).toEqual([industry.body.id]);
});
