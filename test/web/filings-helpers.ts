import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { as, ORDINARY_COURSE, today } from '../engine/engine-helpers.js';
import type { TestApp } from '../support/test-app.js';

// Shared by the filings specs: a case driven by the API to awaiting_filing, page sessions, and small files
// of each type (their first bytes are what the service judges).

/** The ordinary course up to the signature. */
const TO_SIGNED = ORDINARY_COURSE.slice(0, -1);

/**
 * Starts a case of 蜀锦 (成都武侯区) and sends its events a day apart (the clock moves) up to awaiting_filing;
 * `draft`: the contract draft started from the kind's template once the talks are agreed.
 */
export async function caseAwaitingFiling(t: TestApp, kind = 'comprehensive', options: { draft?: boolean } = {}): Promise<string> {
  const started = await t.http().post('/api/cases').set(await as(t, 'union.demo')).send({ kind, unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  expect(started.status).toBe(201);
  const id = started.body.id as string;
  for (const [who, type, payload] of TO_SIGNED) {
    t.clock.advanceDays(1);
    const res = await sendEvent(t, id, who, type, payload(today(t)));
    expect({ type, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ type, status: 200, body: undefined });
    if (type === 'RESPONSE_AGREED' && options.draft) {
      const draft = await t.http().post(`/api/cases/${id}/drafts`).set(await as(t, 'union.demo')).send({ from: 'template' });
      expect(draft.status).toBe(201);
    }
  }
  expect((await t.http().get(`/api/cases/${id}`).set(await as(t, 'union.demo'))).body.state).toBe('awaiting_filing');
  return id;
}

export async function sendEvent(t: TestApp, id: string, who: string, type: string, payload: Record<string, unknown>): Promise<Response> {
  return t.http().post(`/api/cases/${id}/events`).set(await as(t, who)).send({ type, payload });
}

/** Files the case by the API (the sample materials), dated today. */
export async function fileByApi(t: TestApp, id: string): Promise<void> {
  const { delayExplanation: _late, ...payload } = samplePayload('FILED', today(t));
  const res = await sendEvent(t, id, 'employer.demo', 'FILED', payload);
  expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, body: undefined });
}

const cookiesOf = (res: Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

/** A page session (the cb_session cookie) signed in through the sign-in form. */
export async function pageSession(t: TestApp, username: string): Promise<string> {
  const form = await t.http().get('/login');
  const nonce = cookiesOf(form).find((c) => c.startsWith('cb_login_csrf='))!.split(';')[0];
  const token = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
  const res = await t.http().post('/login').set('Cookie', nonce).type('form').send({ csrf: token, username, password: 'demo12345' });
  expect(res.status).toBe(303);
  return cookiesOf(res).find((c) => c.startsWith('cb_session='))!.split(';')[0];
}

export const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1];

/** A small, well-formed one-page PDF (its text names what it stands for). */
export function pdf(label = 'material'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${label.replace(/[^A-Za-z0-9 -]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The first bytes of a JPEG (SOI and an APP0 marker): enough for the type check. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(64, 0), Buffer.from([0xff, 0xd9])]);
