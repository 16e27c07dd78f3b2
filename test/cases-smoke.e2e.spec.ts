import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../src/database/seed/demo-seed.js';
import { EMPLOYER_TEAM, samplePayload } from './support/procedure-samples.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('cases smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('starts a case and runs the offer', async () => {
    const union = { Authorization: `Bearer ${await t.login('union.demo')}` };
    const employer = { Authorization: `Bearer ${await t.login('employer.demo')}` };
    const created = await t.http().post('/api/cases').set(union).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ state: 'drafting_offer', version: 1 });
    expect(created.body.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['OFFER_ISSUED', 'WITHDRAWN']);
    const offer = await t.http().post(`/api/cases/${id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', '2018-02-01') });
    expect(offer.status).toBe(200);
    expect(offer.body.state).toBe('awaiting_response');
    expect(offer.body.deadlines[0]).toMatchObject({ key: 'response', dueOn: '2018-02-22' });
    const agreed = await t.http().post(`/api/cases/${id}/events`).set(employer).set('If-Match', '2').send({ type: 'RESPONSE_AGREED', payload: { occurredOn: '2018-02-10' } });
    expect(agreed.status).toBe(200);
    const reps = await t.http().post(`/api/cases/${id}/events`).set(employer).send({ type: 'REPRESENTATIVES_APPOINTED', payload: { occurredOn: '2018-02-11', members: EMPLOYER_TEAM } });
    expect(reps.status).toBe(200);
    const early = await t.http().post(`/api/cases/${id}/events`).set(union).send({ type: 'TALKS_SCHEDULED', payload: samplePayload('TALKS_SCHEDULED', '2018-02-12') });
    expect(early.status).toBe(422);
    console.log(JSON.stringify(early.body).slice(0, 600));
    const history = await t.http().get(`/api/cases/${id}/history/verify`).set(union);
    expect(history.body).toEqual({ valid: true, length: 4 });
  });
});
