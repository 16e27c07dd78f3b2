import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { demoId } from '../src/database/seed/demo-seed.js';
import { creditCodeCheckCharacter } from '../src/organisations/credit-code.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Jurisdiction: a user acts on the region at the root of their jurisdiction and its subtree. Outside it,
// a resource does not exist for them (404, never 403, so existence does not leak); inside it, the role
// decides (403 when it may not act).

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function creditCode(regionCode: string): string {
  const stem = Array.from({ length: 9 }, () => CHARSET[randomInt(CHARSET.length)]).join('');
  const first17 = `91${regionCode}${stem}`;
  return first17 + creditCodeCheckCharacter(first17)!;
}

const SHUJIN = demoId('ent-shujin'); // 510107 武侯区, 成都
const JINJIANG = demoId('ent-jinjiang'); // 510104 锦江区, 成都
const PIDU = demoId('ent-pidu'); // 510117, not unionised, industry E
const MIANYANG = demoId('ent-mianyang'); // 510700 绵阳
const DEYANG = demoId('ent-deyang'); // 510600 德阳

const CHENGDU_CODE = /^5101\d\d$/;

interface Enterprise {
  id: string;
  name: string;
  creditCode: string;
  regionCode: string;
  industryCode: string;
  unionised: boolean;
  employees: number;
}
interface Page {
  items: Enterprise[];
  total: number;
  page: number;
  pageSize: number;
}

function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text);
  expect(body).toMatchObject({ status, title: expect.any(String), title_en: expect.any(String), detail: expect.any(String), detail_en: expect.any(String) });
  return body;
}

describe('jurisdiction and roles on enterprises', () => {
  let t: TestApp;
  const bearer = async (username: string, password?: string) => ({ Authorization: `Bearer ${await t.login(username, password)}` });

  /** Every enterprise the user can list with these filters, across pages, plus the reported total. */
  async function listAll(username: string, filters: Record<string, string> = {}, password?: string): Promise<Page> {
    const auth = await bearer(username, password);
    const res = await t.http().get('/api/enterprises').query({ ...filters, pageSize: '100' }).set(auth);
    expect(res.status).toBe(200);
    const body = res.body as Page;
    expect(body.items.length).toBe(body.total); // fits in one page here; keeps the comparisons exact
    return body;
  }
  const dbEnterprises = async (): Promise<{ id: string; region_code: string; industry_code: string; unionised: boolean }[]> =>
    t.dataSource.query(`select id, region_code, industry_code, unionised from organisations where kind = 'enterprise'`);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a federation user of 绵阳 (510700), created by the admin', () => {
    const username = 'federation.mianyang';
    const password = 'mianyang-pass-1';
    const mianyang = () => bearer(username, password);

    beforeAll(async () => {
      const res = await t
        .http()
        .post('/api/users')
        .set(await bearer('admin.demo'))
        .send({ username, displayName: '绵阳市总工会测试员', password, role: 'federation', organisationId: demoId('fed-my'), regionCode: '510700' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ username, role: 'federation', organisationId: demoId('fed-my'), regionCode: '510700' });
    });

    it('reads an enterprise of 绵阳 (200)', async () => {
      const res = await t.http().get(`/api/enterprises/${MIANYANG}`).set(await mianyang());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: MIANYANG, regionCode: '510700' });
    });

    it('gets 404, not 403, for an enterprise of 成都, exactly as for one that does not exist', async () => {
      const auth = await mianyang();
      const res = await t.http().get(`/api/enterprises/${SHUJIN}`).set(auth);
      const outside = expectProblem(res, 404);
      const missingId = '00000000-0000-4000-8000-000000000000';
      const missing = expectProblem(await t.http().get(`/api/enterprises/${missingId}`).set(auth), 404);
      expect({ ...outside, instance: undefined, requestId: undefined, detail: outside.detail.replace(SHUJIN, 'ID'), detail_en: outside.detail_en.replace(SHUJIN, 'ID') }).toEqual({
        ...missing,
        instance: undefined,
        requestId: undefined,
        detail: missing.detail.replace(missingId, 'ID'),
        detail_en: missing.detail_en.replace(missingId, 'ID'),
      });
      expect(JSON.stringify(outside)).not.toContain('成都蜀锦');
    });

    it('gets 404 when trying to change an enterprise of 成都, and nothing changes', async () => {
      const [before] = await t.dataSource.query('select * from organisations where id = $1', [SHUJIN]);
      expectProblem(await t.http().patch(`/api/enterprises/${SHUJIN}`).set(await mianyang()).send({ employees: 1 }), 404);
      const [after] = await t.dataSource.query('select * from organisations where id = $1', [SHUJIN]);
      expect(after).toEqual(before);
    });

    it('cannot register an enterprise in 成都 (404: that region is not theirs), but can in 绵阳', async () => {
      const auth = await mianyang();
      const body = { name: '绵阳辖区外登记测试有限公司', regionCode: '510107', creditCode: creditCode('510107'), industryCode: 'C', employees: 10, unionised: false };
      const outside = await t.http().post('/api/enterprises').set(auth).send(body);
      expect([403, 404]).toContain(outside.status);
      expectProblem(outside, outside.status);
      const inside = await t.http().post('/api/enterprises').set(auth).send({ ...body, name: '绵阳辖区内登记测试有限公司', regionCode: '510700', creditCode: creditCode('510700') });
      expect(inside.status).toBe(201);
    });

    it('lists only enterprises of the 510700 subtree', async () => {
      const list = await listAll(username, {}, password);
      expect(list.items.map((e) => e.id)).toContain(MIANYANG);
      for (const e of list.items) expect(e.regionCode).toMatch(/^5107\d\d$/);
      const expected = (await dbEnterprises()).filter((e) => e.region_code.startsWith('5107')).map((e) => e.id);
      expect(list.items.map((e) => e.id).sort()).toEqual(expected.sort());
    });

    it('a regionCode filter outside the jurisdiction does not widen it: 成都 gives nothing', async () => {
      const list = await listAll(username, { regionCode: '510100' }, password);
      expect(list.total).toBe(0);
      expect(list.items).toEqual([]);
    });
  });

  describe('federation.demo (成都 510100)', () => {
    it('gets 404 for the 绵阳 enterprise and 200 for 蜀锦 (武侯区)', async () => {
      const auth = await bearer('federation.demo');
      expectProblem(await t.http().get(`/api/enterprises/${MIANYANG}`).set(auth), 404);
      const shujin = await t.http().get(`/api/enterprises/${SHUJIN}`).set(auth);
      expect(shujin.status).toBe(200);
      expect(shujin.body).toMatchObject({ id: SHUJIN, regionCode: '510107', name: '成都蜀锦机械制造有限公司' });
    });

    it('lists only enterprises under 成都 (5101xx), all of them', async () => {
      const list = await listAll('federation.demo');
      expect(list.items.length).toBeGreaterThanOrEqual(4);
      for (const e of list.items) expect(e.regionCode).toMatch(CHENGDU_CODE);
      const ids = list.items.map((e) => e.id);
      expect(ids).toEqual(expect.arrayContaining([SHUJIN, JINJIANG, PIDU]));
      expect(ids).not.toContain(MIANYANG);
      expect(ids).not.toContain(DEYANG);
      const expected = (await dbEnterprises()).filter((e) => CHENGDU_CODE.test(e.region_code)).map((e) => e.id);
      expect(ids.sort()).toEqual(expected.sort());
    });

    it('the admin (四川 510000) sees every enterprise', async () => {
      const list = await listAll('admin.demo');
      const all = (await dbEnterprises()).map((e) => e.id);
      expect(list.items.map((e) => e.id).sort()).toEqual(all.sort());
      expect(list.items.map((e) => e.id)).toEqual(expect.arrayContaining([SHUJIN, MIANYANG, DEYANG, demoId('ent-leshan')]));
    });

    it('the list holds enterprises only, no unions or bureaus of the same region', async () => {
      const list = await listAll('admin.demo');
      const ids = list.items.map((e) => e.id);
      expect(ids).not.toContain(demoId('union-shujin'));
      expect(ids).not.toContain(demoId('fed-cd'));
      expect(ids).not.toContain(demoId('bureau-cd'));
      for (const e of list.items) expect(e).toMatchObject({ kind: 'enterprise' });
    });
  });

  describe('employer.demo (蜀锦机械, 510107)', () => {
    let neighbourId: string;

    beforeAll(async () => {
      // Another enterprise inside employer.demo's jurisdiction (武侯区), registered by the federation.
      const res = await t
        .http()
        .post('/api/enterprises')
        .set(await bearer('federation.demo'))
        .send({ name: '成都武侯邻厂测试有限公司', regionCode: '510107', creditCode: creditCode('510107'), industryCode: 'C', employees: 50, unionised: false });
      expect(res.status).toBe(201);
      neighbourId = res.body.id;
    });

    it('may update its own enterprise (200)', async () => {
      const res = await t.http().patch(`/api/enterprises/${SHUJIN}`).set(await bearer('employer.demo')).send({ employees: 861, address: '成都市武侯区武科西一路 8 号（新址）' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: SHUJIN, employees: 861, address: '成都市武侯区武科西一路 8 号（新址）' });
      const [row] = await t.dataSource.query('select employees from organisations where id = $1', [SHUJIN]);
      expect(row.employees).toBe(861);
    });

    it('may read but gets 403 updating another enterprise of its jurisdiction, which stays unchanged', async () => {
      const auth = await bearer('employer.demo');
      expect((await t.http().get(`/api/enterprises/${neighbourId}`).set(auth)).status).toBe(200);
      const [before] = await t.dataSource.query('select * from organisations where id = $1', [neighbourId]);
      expectProblem(await t.http().patch(`/api/enterprises/${neighbourId}`).set(auth).send({ employees: 1 }), 403);
      const [after] = await t.dataSource.query('select * from organisations where id = $1', [neighbourId]);
      expect(after).toEqual(before);
    });

    it('gets 404 for an enterprise outside its jurisdiction (锦江区), read or update', async () => {
      const auth = await bearer('employer.demo');
      expectProblem(await t.http().get(`/api/enterprises/${JINJIANG}`).set(auth), 404);
      expectProblem(await t.http().patch(`/api/enterprises/${JINJIANG}`).set(auth).send({ employees: 1 }), 404);
    });

    it('cannot move its own enterprise out of its jurisdiction', async () => {
      const res = await t.http().patch(`/api/enterprises/${SHUJIN}`).set(await bearer('employer.demo')).send({ regionCode: '510104' });
      const body = expectProblem(res, 400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'regionCode', rule: 'inJurisdiction' })]);
      const [row] = await t.dataSource.query('select region_code from organisations where id = $1', [SHUJIN]);
      expect(row.region_code).toBe('510107');
    });

    it('may not register enterprises (403)', async () => {
      const res = await t
        .http()
        .post('/api/enterprises')
        .set(await bearer('employer.demo'))
        .send({ name: '成都雇主自建测试有限公司', regionCode: '510107', creditCode: creditCode('510107'), industryCode: 'C', employees: 5, unionised: false });
      expectProblem(res, 403);
    });

    it('union.demo (the union of 蜀锦) may not update the enterprise itself (403)', async () => {
      expectProblem(await t.http().patch(`/api/enterprises/${SHUJIN}`).set(await bearer('union.demo')).send({ employees: 2 }), 403);
    });

    it('union.demo may update its own union (200) but not the 武侯区 federation beside it (403)', async () => {
      const auth = await bearer('union.demo');
      const own = await t.http().patch(`/api/unions/${demoId('union-shujin')}`).set(auth).send({ employees: 815 });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: demoId('union-shujin'), employees: 815 });
      expectProblem(await t.http().patch(`/api/unions/${demoId('fed-wh')}`).set(auth).send({ employees: 1 }), 403);
    });
  });

  it('bureau.demo may not register an enterprise (403), and nothing is written', async () => {
    const count = async () => (await t.dataSource.query('select count(*)::int as n from organisations'))[0].n;
    const before = await count();
    const res = await t
      .http()
      .post('/api/enterprises')
      .set(await bearer('bureau.demo'))
      .send({ name: '成都人社局越权登记测试有限公司', regionCode: '510107', creditCode: creditCode('510107'), industryCode: 'C', employees: 5, unionised: false });
    const body = expectProblem(res, 403);
    expect(body.detail_en).toContain('bureau');
    expect(await count()).toBe(before);
  });

  describe('list filters (as the admin, who sees everything)', () => {
    it('regionCode: that region and its subtree', async () => {
      const chengdu = await listAll('admin.demo', { regionCode: '510100' });
      expect(chengdu.items.length).toBeGreaterThan(0);
      for (const e of chengdu.items) expect(e.regionCode).toMatch(CHENGDU_CODE);
      const expected = (await dbEnterprises()).filter((e) => CHENGDU_CODE.test(e.region_code)).map((e) => e.id);
      expect(chengdu.items.map((e) => e.id).sort()).toEqual(expected.sort());

      const wuhou = await listAll('admin.demo', { regionCode: '510107' });
      expect(wuhou.items.map((e) => e.id)).toContain(SHUJIN);
      for (const e of wuhou.items) expect(e.regionCode).toBe('510107');
      expect(wuhou.total).toBeLessThan(chengdu.total);
    });

    it('an unknown or malformed regionCode filter gives nothing or 400, never everything', async () => {
      expect((await listAll('admin.demo', { regionCode: '999999' })).total).toBe(0);
      const res = await t.http().get('/api/enterprises').query({ regionCode: '51' }).set(await bearer('admin.demo'));
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'regionCode', rule: 'isRegionCode' })]);
      expectProblem(res, 400);
    });

    it('industryCode', async () => {
      const list = await listAll('admin.demo', { industryCode: 'C' });
      for (const e of list.items) expect(e.industryCode).toBe('C');
      const expected = (await dbEnterprises()).filter((e) => e.industry_code === 'C').map((e) => e.id);
      expect(list.items.map((e) => e.id).sort()).toEqual(expected.sort());
      expect(list.items.map((e) => e.id)).not.toContain(JINJIANG);
      expect((await listAll('admin.demo', { industryCode: 'H' })).items.map((e) => e.id)).toContain(JINJIANG);
    });

    it('unionised=true and unionised=false split the list', async () => {
      const yes = await listAll('admin.demo', { unionised: 'true' });
      const no = await listAll('admin.demo', { unionised: 'false' });
      const all = await listAll('admin.demo');
      for (const e of yes.items) expect(e.unionised).toBe(true);
      for (const e of no.items) expect(e.unionised).toBe(false);
      expect(yes.items.map((e) => e.id)).toContain(SHUJIN);
      expect(no.items.map((e) => e.id)).toContain(PIDU);
      expect(yes.total).toBeGreaterThan(0);
      expect(no.total).toBeGreaterThan(0);
      expect(yes.total + no.total).toBe(all.total);
    });

    it('unionised=maybe → 400', async () => {
      const res = await t.http().get('/api/enterprises').query({ unionised: 'maybe' }).set(await bearer('admin.demo'));
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'unionised', rule: 'isBoolean' })]);
    });

    it('q: name or credit code contains', async () => {
      const byName = await listAll('admin.demo', { q: '蜀锦' });
      expect(byName.items.map((e) => e.id)).toEqual([SHUJIN]);

      const [{ credit_code }] = await t.dataSource.query('select credit_code from organisations where id = $1', [DEYANG]);
      const byCode = await listAll('admin.demo', { q: credit_code.slice(8, 16) });
      expect(byCode.items.map((e) => e.id)).toEqual([DEYANG]);

      expect((await listAll('admin.demo', { q: '没有这样的企业' })).total).toBe(0);
    });

    it('q: LIKE wildcards are taken literally', async () => {
      expect((await listAll('admin.demo', { q: '%' })).total).toBe(0);
      expect((await listAll('admin.demo', { q: '_' })).total).toBe(0);
    });

    it('filters combine, and stay inside the jurisdiction', async () => {
      const list = await listAll('federation.demo', { industryCode: 'C', unionised: 'true' });
      for (const e of list.items) expect(e).toMatchObject({ industryCode: 'C', unionised: true, regionCode: expect.stringMatching(CHENGDU_CODE) });
      expect(list.items.map((e) => e.id)).toContain(SHUJIN);
      expect(list.items.map((e) => e.id)).not.toContain(MIANYANG); // also C and unionised, but in 绵阳
    });
  });

  describe('pagination', () => {
    it('page and pageSize slice the same ordered list', async () => {
      const auth = await bearer('admin.demo');
      const all = await listAll('admin.demo');
      expect(all.total).toBeGreaterThanOrEqual(5);
      const pages: Page[] = [];
      for (let page = 1; (page - 1) * 2 < all.total; page++) {
        const res = await t.http().get('/api/enterprises').query({ page: String(page), pageSize: '2' }).set(auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ page, pageSize: 2, total: all.total });
        expect(res.body.items.length).toBe(Math.min(2, all.total - (page - 1) * 2));
        pages.push(res.body);
      }
      expect(pages.flatMap((p) => p.items.map((e) => e.id))).toEqual(all.items.map((e) => e.id));
      const beyond = await t.http().get('/api/enterprises').query({ page: '1000', pageSize: '2' }).set(auth);
      expect(beyond.status).toBe(200);
      expect(beyond.body).toMatchObject({ items: [], total: all.total, page: 1000 });
    });

    it('defaults to page 1 of 20', async () => {
      const res = await t.http().get('/api/enterprises').set(await bearer('admin.demo'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 20 });
    });

    it.each([
      ['pageSize', '1000', 'max'],
      ['pageSize', '0', 'min'],
      ['page', '0', 'min'],
      ['page', 'two', 'isInt'],
      ['pageSize', '2.5', 'isInt'],
    ])('%s=%s → 400 (%s)', async (name, value, rule) => {
      const res = await t.http().get('/api/enterprises').query({ [name]: value }).set(await bearer('admin.demo'));
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: name, rule })]);
    });
  });
});
