import { randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../src/database/seed/demo-seed.js';
import { creditCodeCheckCharacter, isValidCreditCode } from '../src/organisations/credit-code.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Input validation as a client meets it: every refusal is a bilingual application/problem+json, names
// the field and the rule, and leaves the database as it was.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 for an enterprise (91) in `regionCode`, with a random organisation code. */
function creditCode(regionCode = '510107'): string {
  const stem = Array.from({ length: 9 }, () => CHARSET[randomInt(CHARSET.length)]).join('');
  const first17 = `91${regionCode}${stem}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

/** Same shape, every character legal, but the check character is wrong. */
function withWrongCheckCharacter(code: string): string {
  const right = code[17];
  const wrong = CHARSET[(CHARSET.indexOf(right) + 1) % CHARSET.length];
  return code.slice(0, 17) + wrong;
}

function enterprise(overrides: Record<string, unknown> = {}) {
  return {
    name: '成都校验测试机械有限公司',
    regionCode: '510107',
    creditCode: creditCode(),
    industryCode: 'C',
    employees: 120,
    unionised: false,
    legalRepresentative: '测试人',
    address: '成都市武侯区测试路 1 号',
    ...overrides,
  };
}

interface Violation {
  field: string;
  rule: string;
  message_zh: string;
  message_en: string;
}

const CJK = /[\u4e00-\u9fff]/;

/** Asserts the common shape of every error: problem+json, status, Chinese title/detail, English beside them. */
function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(body.title).toMatch(CJK);
  expect(typeof body.detail).toBe('string');
  expect(body.detail).toMatch(CJK);
  expect(typeof body.title_en).toBe('string');
  expect(body.title_en).toMatch(/^[\x20-\x7e]+$/);
  expect(typeof body.detail_en).toBe('string');
  expect(body.detail_en.length).toBeGreaterThan(0);
  expect(body.detail_en).not.toMatch(CJK);
  return body as { status: number; title: string; detail: string; title_en: string; detail_en: string; errors?: Violation[] };
}

/** A validation problem: an `errors` array whose every entry is complete and bilingual; returns it. */
function expectViolations(res: Response, status = 400): Violation[] {
  const body = expectProblem(res, status);
  expect(Array.isArray(body.errors)).toBe(true);
  expect(body.errors!.length).toBeGreaterThan(0);
  for (const e of body.errors!) {
    expect(Object.keys(e).sort()).toEqual(['field', 'message_en', 'message_zh', 'rule']);
    expect(e.field).toEqual(expect.any(String));
    expect(e.rule).toEqual(expect.any(String));
    expect(e.message_zh).toMatch(CJK);
    expect(e.message_en).toEqual(expect.any(String));
    expect(e.message_en).not.toMatch(CJK);
  }
  return body.errors!;
}

describe('validation errors are bilingual problem+json and change nothing', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  const organisationCount = async (): Promise<number> => (await t.dataSource.query('select count(*)::int as n from organisations'))[0].n;
  const post = (body: unknown) => t.http().post('/api/enterprises').set(auth).send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    auth = { Authorization: `Bearer ${await t.login('federation.demo')}` };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the helper makes valid credit codes and wrong ones of the same shape', () => {
    const code = creditCode();
    expect(isValidCreditCode(code)).toBe(true);
    const wrong = withWrongCheckCharacter(code);
    expect(wrong).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    expect(isValidCreditCode(wrong)).toBe(false);
  });

  it('creates a valid enterprise (201) that can be read back', async () => {
    const before = await organisationCount();
    const input = enterprise();
    const res = await post(input);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...input, kind: 'enterprise', unionLevel: null, enterpriseId: null, parentId: null });
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await organisationCount()).toBe(before + 1);

    const read = await t.http().get(`/api/enterprises/${res.body.id}`).set(auth);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  describe('each refusal leaves the organisations table as it was', () => {
    let before: number;
    beforeAll(async () => {
      before = await organisationCount();
    });
    // Runs after every case of this block: a 4xx must not have written anything.
    afterEach(async () => {
      expect(await organisationCount()).toBe(before);
    });

    it('an invalid credit code (right shape, wrong check character) → 400 isCreditCode', async () => {
      const errors = expectViolations(await post(enterprise({ creditCode: withWrongCheckCharacter(creditCode()) })));
      expect(errors).toEqual([expect.objectContaining({ field: 'creditCode', rule: 'isCreditCode' })]);
    });

    it('an unknown field → 400 naming that field, rule unknownField', async () => {
      const errors = expectViolations(await post(enterprise({ favouriteColour: 'red' })));
      expect(errors).toEqual([expect.objectContaining({ field: 'favouriteColour', rule: 'unknownField' })]);
    });

    it('a field of another kind of organisation (level, for unions) is unknown for an enterprise', async () => {
      const errors = expectViolations(await post(enterprise({ level: 'enterprise' })));
      expect(errors).toEqual([expect.objectContaining({ field: 'level', rule: 'unknownField' })]);
    });

    it('a wrong type (employees: "many") → 400 employees isInt', async () => {
      const errors = expectViolations(await post(enterprise({ employees: 'many' })));
      expect(errors).toEqual([expect.objectContaining({ field: 'employees', rule: 'isInt' })]);
    });

    it('a number sent as a string is not coerced (employees: "120") → 400', async () => {
      const errors = expectViolations(await post(enterprise({ employees: '120' })));
      expect(errors).toEqual([expect.objectContaining({ field: 'employees', rule: 'isInt' })]);
    });

    it('a missing required field → 400 naming it', async () => {
      const { creditCode: _omitted, ...input } = enterprise();
      const errors = expectViolations(await post(input));
      expect(errors.map((e) => e.field)).toEqual(['creditCode']);
    });

    it('an oversized body (> 1 MiB of JSON) → 413 with a maxBytes entry', async () => {
      const body = JSON.stringify(enterprise({ address: 'x'.repeat(1024 * 1024 + 10) }));
      expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
      const res = await t.http().post('/api/enterprises').set(auth).set('Content-Type', 'application/json').send(body);
      const errors = expectViolations(res, 413);
      expect(errors).toContainEqual(expect.objectContaining({ rule: 'maxBytes' }));
    });

    it('malformed JSON → 400 rule json', async () => {
      const res = await t.http().post('/api/enterprises').set(auth).set('Content-Type', 'application/json').send('{"name": "成都半截公司", ');
      const errors = expectViolations(res);
      expect(errors).toContainEqual(expect.objectContaining({ rule: 'json' }));
    });

    it('a JSON array instead of an object → 400', async () => {
      expectProblem(await post([enterprise()]), 400);
    });

    it('a JSON body sent as text/plain is not taken for an empty object that passes → 400', async () => {
      const res = await t.http().post('/api/enterprises').set(auth).set('Content-Type', 'text/plain').send(JSON.stringify(enterprise()));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectProblem(res, res.status);
    });

    it('a non-UUID id in GET /api/enterprises/:id → 400 id isUuid', async () => {
      const errors = expectViolations(await t.http().get('/api/enterprises/not-a-uuid').set(auth));
      expect(errors).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
    });

    it('a non-UUID id in PATCH /api/enterprises/:id → 400 id isUuid', async () => {
      const errors = expectViolations(await t.http().patch("/api/enterprises/1' or '1'='1").set(auth).send({ employees: 1 }));
      expect(errors).toEqual([expect.objectContaining({ field: 'id', rule: 'isUuid' })]);
    });

    it('an unknown region code 999999 → 400 regionCode exists', async () => {
      const errors = expectViolations(await post(enterprise({ regionCode: '999999' })));
      expect(errors).toEqual([expect.objectContaining({ field: 'regionCode', rule: 'exists' })]);
    });

    it('a malformed region code → 400 regionCode isRegionCode', async () => {
      const errors = expectViolations(await post(enterprise({ regionCode: '5101' })));
      expect(errors).toEqual([expect.objectContaining({ field: 'regionCode', rule: 'isRegionCode' })]);
    });
  });

  it('the same enterprise created twice → 201 then 409 (credit code already registered), one row added', async () => {
    const before = await organisationCount();
    const input = enterprise({ name: '成都重复登记测试有限公司' });
    expect((await post(input)).status).toBe(201);
    expect(await organisationCount()).toBe(before + 1);
    const again = expectProblem(await post(input), 409);
    expect(again.detail).toContain(input.creditCode);
    expect(again.detail_en).toContain(input.creditCode);
    expect(await organisationCount()).toBe(before + 1);
  });

  it('a credit code already held by a demo enterprise → 409', async () => {
    const [shujin] = await t.dataSource.query('select credit_code from organisations where id = $1', [demoId('ent-shujin')]);
    const before = await organisationCount();
    expectProblem(await post(enterprise({ creditCode: shujin.credit_code })), 409);
    expect(await organisationCount()).toBe(before);
  });

  describe('PATCH with invalid input → 400 and the row unchanged', () => {
    let id: string;
    let snapshot: unknown;
    const row = async () => (await t.dataSource.query('select * from organisations where id = $1', [id]))[0];

    beforeAll(async () => {
      const res = await post(enterprise({ name: '成都修改校验测试有限公司' }));
      expect(res.status).toBe(201);
      id = res.body.id;
      snapshot = await row();
    });
    afterEach(async () => {
      expect(await row()).toEqual(snapshot);
    });

    it('a wrong type (employees: "many") → 400 employees isInt', async () => {
      const errors = expectViolations(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ employees: 'many' }));
      expect(errors).toEqual([expect.objectContaining({ field: 'employees', rule: 'isInt' })]);
    });

    it('a wrong type next to a valid field → 400, the valid field not applied either', async () => {
      const errors = expectViolations(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ name: '成都半途而废有限公司', unionised: 'yes' }));
      expect(errors).toEqual([expect.objectContaining({ field: 'unionised', rule: 'isBoolean' })]);
    });

    it('an unknown field → 400 unknownField', async () => {
      const errors = expectViolations(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ kind: 'union' }));
      expect(errors).toEqual([expect.objectContaining({ field: 'kind', rule: 'unknownField' })]);
    });

    it.each(['name', 'regionCode', 'creditCode', 'industryCode', 'employees', 'unionised'])('null for the required field %s → 400 naming it', async (field) => {
      const errors = expectViolations(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ [field]: null }));
      expect(errors.map((e) => e.field)).toEqual([field]);
    });

    it('an invalid credit code → 400 isCreditCode', async () => {
      const errors = expectViolations(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ creditCode: withWrongCheckCharacter(creditCode()) }));
      expect(errors).toEqual([expect.objectContaining({ field: 'creditCode', rule: 'isCreditCode' })]);
    });

    it('an unknown region → 400 regionCode exists', async () => {
      const errors = expectViolations(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ regionCode: '999999' }));
      expect(errors).toEqual([expect.objectContaining({ field: 'regionCode', rule: 'exists' })]);
    });

    it("another enterprise's credit code → 409", async () => {
      const [shujin] = await t.dataSource.query('select credit_code from organisations where id = $1', [demoId('ent-shujin')]);
      expectProblem(await t.http().patch(`/api/enterprises/${id}`).set(auth).send({ creditCode: shujin.credit_code }), 409);
    });
  });

  it('a valid PATCH applies (the control for the unchanged-row checks above)', async () => {
    const created = await post(enterprise({ name: '成都修改成功测试有限公司' }));
    expect(created.status).toBe(201);
    const res = await t.http().patch(`/api/enterprises/${created.body.id}`).set(auth).send({ employees: 121, unionised: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, employees: 121, unionised: true, name: '成都修改成功测试有限公司' });
    const read = await t.http().get(`/api/enterprises/${created.body.id}`).set(auth);
    expect(read.body).toMatchObject({ employees: 121, unionised: true });
  });

  it('a page number past any page (1e20) is a 400 naming page on every list, not a 500', async () => {
    for (const path of ['/api/enterprises', '/api/cases', '/api/users', '/api/instructors']) {
      const res = await t.http().get(`${path}?page=100000000000000000000`).set(auth);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['page']);
    }
    expect((await t.http().get('/api/enterprises?page=1000000').set(auth)).status).toBe(200);
  });
});
