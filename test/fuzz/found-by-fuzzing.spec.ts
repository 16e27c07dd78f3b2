import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { toProblem } from '../../src/common/errors/problem.filter.js';
import { inputProblem, MAX_BODY_DEPTH } from '../../src/common/validation/input-guard.middleware.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { changed, fingerprint, tablesOf } from './db-fingerprint.js';

// Regressions for the 5xx the fuzz specs found (test/fuzz/endpoints.spec.ts): each was a 500, each is now
// a 400 naming the field and the rule, with nothing stored.

const nested = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('the input guard (unit)', () => {
  it('walks any depth without recursion and names the first NUL', () => {
    expect(inputProblem(nested(100_000), '')).toEqual({ field: expect.stringMatching(/^a\.a\./), rule: 'maxDepth' });
    expect(inputProblem(nested(MAX_BODY_DEPTH), '')).toBeUndefined();
    expect(inputProblem({ payload: { members: [{ name: 'a\u0000' }] } }, '')).toEqual({ field: 'payload.members.0.name', rule: 'noNul' });
    expect(inputProblem({ ['k\u0000']: 1 }, '')).toEqual({ field: 'k\\0', rule: 'noNul' });
  });

  it('a data exception from PostgreSQL is the client’s 400, naming the rule in Chinese and English', () => {
    for (const [code, rule] of [['22021', 'noNul'], ['22P05', 'noNul'], ['22001', 'maxLength'], ['22003', 'numericRange'], ['22007', 'isIsoDate'], ['22008', 'isIsoDate'], ['22P02', 'format']]) {
      const err = new QueryFailedError('INSERT …', [], Object.assign(new Error('refused'), { code }));
      const p = toProblem(err);
      expect({ code, status: p.status, type: p.type, rule: (p.errors as { rule: string }[])[0].rule }).toEqual({ code, status: 400, type: 'urn:cb-engine:problem:validation-failed', rule });
      expect(p.detail).toMatch(/[\u4e00-\u9fff]/);
      expect(p.detail_en).toMatch(/[a-z]/);
    }
  });
});

describe('over HTTP', () => {
  let t: TestApp;
  let union: { Authorization: string };
  let tables: string[];
  beforeAll(async () => {
    t = await startTestApp();
    union = { Authorization: `Bearer ${await t.login('union.demo')}` };
    tables = await tablesOf(t.dataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectRefused = async (res: { status: number; body: { errors?: { field: string; rule: string }[] } }, field: string, rule: string) => {
    expect({ status: res.status, errors: res.body.errors?.map((e) => ({ field: e.field, rule: e.rule })) }).toEqual({ status: 400, errors: [{ field, rule }] });
  };

  it('a body nested 3,000 levels deep (was a 500: stack overflow in the validation pipe)', async () => {
    const before = await fingerprint(t.dataSource, tables);
    const res = await t.http().post('/api/cases').set(union).set('Content-Type', 'application/json').send(JSON.stringify({ kind: 'comprehensive', enterprises: nested(3000) }));
    await expectRefused(res, expect.stringMatching(/^enterprises\.a\./) as never, 'maxDepth');
    expect(changed(before, await fingerprint(t.dataSource, tables))).toEqual([]);
  });

  it('a NUL in an event payload (was a 500: jsonb refuses \\u0000, SQLSTATE 22P05)', async () => {
    const started = await t.http().post('/api/cases').set(union).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    const before = await fingerprint(t.dataSource, tables);
    const res = await t.http().post(`/api/cases/${id}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: { ...samplePayload('OFFER_ISSUED', '2018-03-01'), proposedPlace: '会议室\u0000' } });
    await expectRefused(res, 'payload.proposedPlace', 'noNul');
    expect(res.body.errors[0].message_zh).toContain('NUL');
    expect(changed(before, await fingerprint(t.dataSource, tables))).toEqual([]);
  });

  it('a NUL in a query parameter or a path segment', async () => {
    await expectRefused(await t.http().get('/api/enterprises?q=a%00b').set(union), 'q', 'noNul');
    await expectRefused(await t.http().get('/api/workflows/enterprise-contract%00').set(union), '(path)', 'noNul');
  });

  it('a page asked for without a session by a very long address (was a Location header too large for a client to read)', async () => {
    const res = await t.http().get(`/cases/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}?q=${encodeURIComponent('长'.repeat(1500))}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    const short = await t.http().get('/register?q=1');
    expect(short.headers.location).toBe(`/login?next=${encodeURIComponent('/register?q=1')}`);
  });
});
