import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, today } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The case page's action forms over HTTP: generated from the payload schemas, the posted strings converted
// to the schema's types, and each refusal answered as the page again with its status, never a 500.

let t: TestApp;

const cookiesOf = (res: Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

async function session(username: string) {
  const form = await t.http().get('/login');
  const nonce = cookiesOf(form).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
  const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
  const res = await t.http().post('/login').set('Cookie', nonce).type('form').send({ csrf: token, username, password: 'demo12345' });
  expect(res.status).toBe(303);
  return cookiesOf(res).find((c) => c.startsWith('cb_session='))!.split(';')[0];
}

async function startCase(): Promise<string> {
  const res = await t.http().post('/api/cases').set(await as(t, 'union.demo')).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function page(cookie: string, id: string) {
  const res = await t.http().get(`/cases/${id}`).set('Cookie', cookie);
  expect(res.status).toBe(200);
  return { res, csrf: /name="csrf" value="([^"]+)"/.exec(res.text)![1], version: /id="case-version">(\d+)</.exec(res.text)![1] };
}

async function history(id: string) {
  const res = await t.http().get(`/api/cases/${id}/history`).set(await as(t, 'union.demo'));
  return res.body as { type: string; payload: Record<string, unknown> }[];
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('forms of the allowed events', () => {
  it('drafting_offer: an OFFER_ISSUED form with occurredOn today (China), subjects one a line, labels and hints, the CSRF token and the version', async () => {
    const id = await startCase();
    const s = await session('union.demo');
    const { res, version } = await page(s, id);
    expect(res.text).toContain('id="form-OFFER_ISSUED"');
    expect(res.text).toContain(`action="/cases/${id}/events"`);
    expect(res.text).toMatch(new RegExp(`type="date" id="f-OFFER_ISSUED-payload-occurredOn" name="payload.occurredOn" value="${today(t)}"`));
    expect(res.text).toContain('<label for="f-OFFER_ISSUED-payload-subjects">协商议题');
    expect(res.text).toContain('每行一项');
    expect(res.text).toContain(`name="expectedVersion" value="${version}"`);
    const en = await t.http().get(`/cases/${id}?lang=en`).set('Cookie', s);
    expect(en.text).toContain('one per line');
  });

  it('converts the form: dates kept, lines to an array, empty optional fields omitted; 303 with the flash', async () => {
    const id = await startCase();
    const s = await session('union.demo');
    const { csrf, version } = await page(s, id);
    const res = await t
      .http()
      .post(`/cases/${id}/events`)
      .set('Cookie', s)
      .type('form')
      .send({ csrf, type: 'OFFER_ISSUED', expectedVersion: version, 'payload.occurredOn': today(t), 'payload.subjects': '劳动报酬\r\n\r\n 工作时间 ', 'payload.proposedPlace': '', 'payload.letterNo': '', 'payload.note': '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/cases/${id}?sent=OFFER_ISSUED`);
    const events = await history(id);
    const offer = events.find((e) => e.type === 'OFFER_ISSUED')!;
    expect(offer.payload).toEqual({ occurredOn: today(t), subjects: ['劳动报酬', '工作时间'] });
    const after = await t.http().get(res.headers.location).set('Cookie', s);
    expect(after.text).toContain('已记录：');
    expect(after.text).toContain('data-state="awaiting_response"');
  });

  it('a missing required field → 400 page naming it beside the field, nothing recorded', async () => {
    const id = await startCase();
    const s = await session('union.demo');
    const { csrf, version } = await page(s, id);
    const before = (await history(id)).length;
    const res = await t.http().post(`/cases/${id}/events`).set('Cookie', s).type('form').send({ csrf, type: 'OFFER_ISSUED', expectedVersion: version, 'payload.occurredOn': '' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/data-field="payload.subjects"[^>]*>|has-error" data-field="payload.subjects"/);
    expect(res.text).toContain('id="f-OFFER_ISSUED-payload-subjects-error"');
    expect(res.text).toContain('id="f-OFFER_ISSUED-payload-occurredOn-error"');
    expect((await history(id)).length).toBe(before);
  });

  it('employer: RESPONSE_REFUSED with a reason → refused; without → 400 with the entered note kept', async () => {
    const id = await startCase();
    const union = await as(t, 'union.demo');
    expect((await t.http().post(`/api/cases/${id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) })).status).toBe(200);
    const s = await session('employer.demo');
    const { res: shown, csrf, version } = await page(s, id);
    expect(shown.text).toContain('id="form-RESPONSE_REFUSED"');
    expect(shown.text).toMatch(/<textarea id="f-RESPONSE_REFUSED-payload-reason"/);
    const bad = await t.http().post(`/cases/${id}/events`).set('Cookie', s).type('form').send({ csrf, type: 'RESPONSE_REFUSED', expectedVersion: version, 'payload.occurredOn': today(t), 'payload.reason': '  ', 'payload.note': '保留的备注' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-RESPONSE_REFUSED-payload-reason-error"');
    expect(bad.text).toContain('>保留的备注</textarea>');
    const ok = await t.http().post(`/cases/${id}/events`).set('Cookie', s).type('form').send({ csrf, type: 'RESPONSE_REFUSED', expectedVersion: version, 'payload.occurredOn': today(t), 'payload.reason': '经营困难' });
    expect(ok.status).toBe(303);
    const view = await t.http().get(`/api/cases/${id}`).set(union);
    expect(view.body.state).toBe('refused');
  });

  it('a stale version → 409 page with the message, nothing recorded; a wrong or missing CSRF token → 403; bad JSON for a team → 400, never a 500', async () => {
    const id = await startCase();
    const s = await session('union.demo');
    const { csrf, version } = await page(s, id);
    // Another person moves the case first.
    expect((await t.http().post(`/api/cases/${id}/events`).set(await as(t, 'union.demo')).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', today(t)) })).status).toBe(200);
    const before = (await history(id)).length;
    const stale = await t.http().post(`/cases/${id}/events`).set('Cookie', s).type('form').send({ csrf, type: 'OFFER_ISSUED', expectedVersion: version, 'payload.occurredOn': today(t), 'payload.subjects': '劳动报酬' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('他人已办理');
    expect((await history(id)).length).toBe(before);
    for (const body of [{ type: 'WITHDRAWN' }, { csrf: 'x', type: 'WITHDRAWN' }]) {
      const res = await t.http().post(`/cases/${id}/events`).set('Cookie', s).type('form').send({ ...body, expectedVersion: String(Number(version) + 1), 'payload.occurredOn': today(t), 'payload.reason': 'r' });
      expect(res.status).toBe(403);
      expect(res.text).toContain('防伪令牌');
    }
    expect((await history(id)).length).toBe(before);
    const garbage = await t.http().post(`/cases/${id}/events`).set('Cookie', s).type('form').send({ csrf, type: 'REPRESENTATIVES_APPOINTED', expectedVersion: 'abc' });
    expect(garbage.status).toBe(400);
    const outOfReach = await t.http().post('/cases/3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60/events').set('Cookie', s).type('form').send({ csrf, type: 'WITHDRAWN', expectedVersion: '1' });
    expect(outOfReach.status).toBe(404);
  });
});

describe('formPayload (the conversion alone)', () => {
  it('integers parsed, a non-integer named; checkboxes true/false; nested objects; an array-of-objects event falls back to JSON', async () => {
    const { formPayload } = await import('../../src/web/pages/event-forms.js');
    const { payloadJsonSchema } = await import('../../src/workflow-engine/payloads/validate-payload.js');
    const filed = formPayload('FILED', payloadJsonSchema('Filed'), {
      'payload.occurredOn': '2018-03-01',
      'payload.materials.contractCopies': '3',
      'payload.materials.bargainingNarrative': 'true',
      'payload.delayExplanation': '',
    });
    expect(filed).toEqual({
      payload: { occurredOn: '2018-03-01', materials: { contractCopies: 3, bargainingNarrative: true, congressResolution: false, representativesList: false, minutesSigned: false, specialData: false } },
      violations: [],
    });
    const bad = formPayload('COORDINATION_EXTENDED', payloadJsonSchema('CoordinationExtended'), { 'payload.days': '1.5', 'payload.reason': 'x' });
    expect(bad.violations.map((v) => `${v.field} ${v.rule}`)).toEqual(['payload.days isInt']);
    const team = formPayload('REPRESENTATIVES_APPOINTED', payloadJsonSchema('RepresentativesAppointed'), { payloadJson: '{"occurredOn":"2018-03-01","members":[]}' });
    expect(team.payload).toEqual({ occurredOn: '2018-03-01', members: [] });
    expect(formPayload('REPRESENTATIVES_APPOINTED', payloadJsonSchema('RepresentativesAppointed'), { payloadJson: '[1' }).violations[0].field).toBe('payloadJson');
  });
});
