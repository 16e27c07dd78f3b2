import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seedDemoCases } from '../../src/database/seed/demo-cases.js';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { StatisticsRecount } from '../../src/statistics/statistics-recount.js';
import { today } from '../engine/engine-helpers.js';
import { addDays, addYears, EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { runWorkload, type Workload } from './campaign-workload.js';
import { countedOf, directFigures, ratesOf, type DirectFigures } from './direct-counts.js';

// GET /api/campaigns/:id/stats against the tables themselves: a campaign of 成都 driven over HTTP (see
// campaign-workload.ts), and the demo's province campaign (every demo case, all prefectures).

let t: TestApp;
let w: Workload;
const KINDS = ['comprehensive', 'wage', 'women_workers', 'safety_health', 'industry', 'regional'];

beforeAll(async () => {
  t = await startTestApp();
  // The demo's cases and its province campaign (as `npm start` seeds them), then the 成都 campaign's workload.
  expect(await seedDemoCases(t.app)).toBeGreaterThan(15);
  w = await runWorkload(t);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

type Row = DirectFigures & { code: string; name: string; rates: Record<string, number | null>; targets: Record<string, number | null> | null };

const stats = (who: string, query = '', id = w.campaignId) => t.http().get(`/api/campaigns/${id}/stats${query}`).set(w.h[who]);

/** Every row of the answer equals the tables: totals, each child region (and the root's own row), each industry. */
async function expectEqualToTables(body: { campaign: { id: string; kinds: string[] }; region: { code: string }; asOf: string; totals: Row; byRegion: Row[]; byIndustry: Row[] }, filters: { industry?: string; kind?: string } = {}) {
  const root = (await t.dataSource.query('SELECT path FROM regions WHERE code = $1', [body.region.code]))[0].path as string;
  const group = { campaignId: body.campaign.id, kinds: body.campaign.kinds, asOf: body.asOf, ...filters };
  const totals = await directFigures(t, { ...group, path: root });
  expect(countedOf(body.totals)).toEqual(totals);
  expect(body.totals.rates).toEqual(ratesOf(totals));
  for (const row of body.byRegion) {
    const direct =
      row.code === body.region.code
        ? await directFigures(t, { ...group, path: root, exactRegion: row.code })
        : await directFigures(t, { ...group, path: (await t.dataSource.query('SELECT path FROM regions WHERE code = $1', [row.code]))[0].path });
    expect({ code: row.code, ...countedOf(row) }).toEqual({ code: row.code, ...direct });
    expect(row.rates).toEqual(ratesOf(direct));
  }
  for (const row of body.byIndustry) {
    const direct = await directFigures(t, { ...group, path: root, industry: row.code });
    expect({ code: row.code, ...countedOf(row) }).toEqual({ code: row.code, ...direct });
  }
  // The rows add up to the totals.
  for (const rows of [body.byRegion, body.byIndustry]) {
    for (const k of ['cases', 'offers', 'signed', 'enterprisesInScope', 'employeesInScope', 'enterprisesOffered', 'enterprisesEstablished', 'expiring6Months'] as const) {
      expect(rows.reduce((n, r) => n + r[k], 0)).toBe(body.totals[k]);
    }
  }
}

describe('GET /api/campaigns/:id/stats', () => {
  it('gives the figures of the tables for the campaign: counts, rates, targets, late and refused responses', async () => {
    const res = await stats('federation.demo');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      campaign: { id: w.campaignId, startsOn: '2018-03-01', endsOn: '2018-03-31', regionCode: '510100' },
      region: { code: '510100', name: '成都市' },
      asOf: '2018-03-25',
      filters: { industry: null, kind: null },
    });
    await expectEqualToTables(res.body);
    // What the workload did, by hand: 6 offers (A–F), 3 answers (A, D agreed; B refused), C ran out, A signed and filed and is in force.
    expect(res.body.totals).toMatchObject({
      cases: 6, offers: 6, responses: 3, refusals: 1, lateResponses: 1, signed: 1, filed: 1, contractsInForce: 1, enterprisesCovered: 1, employeesCovered: 860,
      enterprisesInScope: 8, employeesInScope: 860 + 240 + 1320 + 510 + 100 + 200 + 300 + 400,
      // 蜀锦 had four offers (A, B, C, E) and counts once; 锦江宾馆 through the industry case D; F's enterprise is off the roster.
      enterprisesOffered: 2,
      rates: { offerRate: 25, responseRate: 50, signingRate: 16.7, filingRate: 100 },
      targets: { offerRate: 80, responseRate: 100, signingRate: 50, filingRate: 100, establishmentRate: 30, employeesCovered: 1000 },
    });
    expect(res.body.totals.byState).toEqual({ in_force: 1, refused: 1, response_overdue: 1, preparing_talks: 1, awaiting_response: 2 });
    // One row per county of 成都 (every one, the ledger lists them all) and 成都市本级 for the industry union's case.
    const counties = (await t.dataSource.query(`SELECT code FROM regions WHERE parent_code = '510100' ORDER BY code`)).map((r: { code: string }) => r.code);
    expect(res.body.byRegion.map((r: Row) => r.code)).toEqual(['510100', ...counties]);
    const wuhou = res.body.byRegion.find((r: Row) => r.code === '510107');
    expect(wuhou).toMatchObject({ name: '武侯区', cases: 5, offers: 5, enterprisesInScope: 2, targets: { offerRate: 90, responseRate: null, employeesCovered: null } });
    expect(res.body.byRegion[0]).toMatchObject({ name: '成都市本级', cases: 1, offers: 1, responses: 1, targets: null });
    expect(res.body.byRegion.find((r: Row) => r.code === '510104').targets).toBeNull();
    // Industries: every GB/T 4754 section; the heat map's cells where there were offers or signatures.
    expect(res.body.byIndustry).toHaveLength(20);
    expect(res.body.byIndustry.find((r: Row) => r.code === 'C')).toMatchObject({ name: '制造业', offers: 5, signed: 1, enterprisesInScope: 2 });
    expect(res.body.heat).toEqual([
      { regionCode: '510100', industryCode: 'H', offers: 1, signed: 0, signingRate: 0 },
      { regionCode: '510107', industryCode: 'C', offers: 5, signed: 1, signingRate: 20 },
    ]);
  });

  it('the daily series runs through the period (up to today) and equals the log', async () => {
    const res = await stats('bureau.demo');
    expect(res.status).toBe(200);
    const daily: { day: string; offers: number; responses: number; refusals: number; lateResponses: number; signed: number; filed: number }[] = res.body.daily;
    expect(daily.map((d) => d.day)).toEqual(Array.from({ length: 25 }, (_, i) => `2018-03-${String(i + 1).padStart(2, '0')}`));
    const direct: { day: string; type: string; n: number }[] = await t.dataSource.query(
      `SELECT e.occurred_on::text AS day, e.type, count(*)::int AS n FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE c.campaign_id = $1 AND e.occurred_on BETWEEN '2018-03-01' AND '2018-03-25' GROUP BY 1, 2`,
      [w.campaignId],
    );
    const count = (day: string, ...types: string[]) => direct.filter((r) => r.day === day && types.includes(r.type)).reduce((n, r) => n + r.n, 0);
    for (const d of daily) {
      expect(d).toEqual({
        day: d.day,
        offers: count(d.day, 'OFFER_ISSUED', 'RENEWAL_OFFERED'),
        responses: count(d.day, 'RESPONSE_AGREED', 'RESPONSE_REFUSED'),
        refusals: count(d.day, 'RESPONSE_REFUSED'),
        lateResponses: count(d.day, 'RESPONSE_DEADLINE_PASSED'),
        signed: count(d.day, 'SIGNED'),
        filed: count(d.day, 'FILED'),
      });
    }
    expect(daily.find((d) => d.day === '2018-03-02')).toMatchObject({ offers: 4 });
    expect(daily.find((d) => d.day === '2018-03-03')).toMatchObject({ responses: 3, refusals: 1 });
    expect(daily.find((d) => d.day === '2018-03-25')).toMatchObject({ offers: 2 });
    expect(daily.reduce((n, d) => n + d.lateResponses, 0)).toBe(1);
    // Filtered by industry, the series comes from the per-industry rollup: the catering case only.
    const h = await stats('bureau.demo', '?industry=H');
    expect(h.body.daily.reduce((n: number, d: { offers: number }) => n + d.offers, 0)).toBe(1);
    expect(h.body.daily.find((d: { day: string }) => d.day === '2018-03-03').responses).toBe(1);
  });

  it('filters by industry, kind and region narrow every figure', async () => {
    for (const [query, filters] of [
      ['?industry=C', { industry: 'C' }],
      ['?kind=wage', { kind: 'wage' }],
      ['?industry=H&kind=industry', { industry: 'H', kind: 'industry' }],
    ] as const) {
      const res = await stats('federation.demo', query);
      expect(res.status).toBe(200);
      expect(res.body.filters).toEqual({ ...{ industry: null, kind: null }, ...filters });
      await expectEqualToTables(res.body, filters);
    }
    const wage = await stats('federation.demo', '?kind=wage');
    expect(wage.body.totals).toMatchObject({ cases: 1, offers: 1, refusals: 1, enterprisesInScope: 8 });
    const wuhou = await stats('federation.demo', '?region=510107');
    expect(wuhou.status).toBe(200);
    expect(wuhou.body.region).toEqual({ code: '510107', name: '武侯区' });
    expect(wuhou.body.totals).toMatchObject({ cases: 5, offers: 5, enterprisesInScope: 2, employeesInScope: 1160, targets: { offerRate: 90 } });
    await expectEqualToTables(wuhou.body);
  });

  it('lists the overdue cases as the cases list does: the flagged one and the one whose period passed unfired', async () => {
    t.clock.set('2018-04-20T04:00:00Z'); // E's response period (20 days from 03-25, a Saturday: to Monday 04-16) has ended; nothing fired since
    const res = await stats('federation.demo');
    expect(res.body.asOf).toBe('2018-04-20');
    const listed = await t.http().get(`/api/cases?campaign=${w.campaignId}&overdue=true&pageSize=100`).set(w.h['federation.demo']);
    expect(listed.status).toBe(200);
    const ids = res.body.overdue.map((c: { id: string }) => c.id);
    expect(new Set(ids)).toEqual(new Set(listed.body.items.map((c: { id: string }) => c.id)));
    expect(ids).toEqual(expect.arrayContaining([w.cases.C, w.cases.E]));
    expect(ids).not.toContain(w.cases.A);
    const e = res.body.overdue.find((c: { id: string }) => c.id === w.cases.E);
    expect(e).toMatchObject({ state: 'awaiting_response', stateLabel: { zh: '等待应约' }, regionCode: '510107', regionName: '武侯区', employerName: '成都蜀锦机械制造有限公司', nextDueOn: '2018-04-16', startedOn: '2018-03-01' });
    const c = res.body.overdue.find((x: { id: string }) => x.id === w.cases.C);
    expect(c).toMatchObject({ state: 'response_overdue', stateLabel: { zh: '逾期未应约' } });
    // The series stops at the period's end once it is over.
    expect(res.body.daily.at(-1).day).toBe('2018-03-31');
  });

  it('counts the contracts expiring within 3 and 6 months of the clock’s today: the renewal pipeline', async () => {
    const at = async (instant: string) => {
      t.clock.set(instant);
      const res = await stats('federation.demo');
      expect(res.status).toBe(200);
      expect(res.body.asOf).toBe(today(t));
      await expectEqualToTables(res.body);
      return res.body.totals as Row;
    };
    // A's term ends on 2019-03-07.
    expect(w.termEnd).toBe('2019-03-07');
    expect(await at('2018-08-01T04:00:00Z')).toMatchObject({ expiring3Months: 0, expiring6Months: 0 });
    expect(await at('2018-09-06T04:00:00Z')).toMatchObject({ expiring3Months: 0, expiring6Months: 0 }); // ends 6 months and a day later
    expect(await at('2018-09-07T04:00:00Z')).toMatchObject({ expiring3Months: 0, expiring6Months: 1 }); // (asOf, asOf + 6 months]
    expect(await at('2018-12-06T04:00:00Z')).toMatchObject({ expiring3Months: 0, expiring6Months: 1 });
    expect(await at('2018-12-07T04:00:00Z')).toMatchObject({ expiring3Months: 1, expiring6Months: 1 });
    expect(await at('2019-03-07T04:00:00Z')).toMatchObject({ expiring3Months: 0, expiring6Months: 0 }); // ends today: no longer ahead
    t.clock.set('2018-12-07T04:00:00Z');
    expect((await stats('federation.demo', '?kind=comprehensive')).body.totals).toMatchObject({ expiring3Months: 1, expiring6Months: 1 });
    const wuhou = (await stats('federation.demo')).body.byRegion.find((r: Row) => r.code === '510107');
    expect(wuhou).toMatchObject({ expiring3Months: 1, expiring6Months: 1 });
    // Another kind than the contract's: nothing expiring.
    expect((await stats('federation.demo', '?kind=wage')).body.totals).toMatchObject({ expiring3Months: 0, expiring6Months: 0 });
    t.clock.set('2018-04-20T04:00:00Z');
  });

  it('the roster figures follow the roster and the enterprises it lists, in the writer’s transaction', async () => {
    const before = (await stats('federation.demo')).body.totals as Row;
    await t.dataSource.query(`UPDATE organisations SET employees = employees + 1000 WHERE id = $1`, [demoId('ent-pidu')]);
    await t.dataSource.query(`UPDATE organisations SET region_code = '510104', industry_code = 'H' WHERE id = $1`, [w.extra[2].id]);
    await t.dataSource.query(`DELETE FROM campaign_enterprises WHERE campaign_id = $1 AND enterprise_id = $2`, [w.campaignId, w.extra[3].id]);
    // An import listing enterprises again only rewrites import_id: nothing changes.
    await t.dataSource.query(`UPDATE campaign_enterprises SET import_id = gen_random_uuid() WHERE campaign_id = $1`, [w.campaignId]);
    const after = await stats('federation.demo');
    expect(after.body.totals).toMatchObject({ enterprisesInScope: before.enterprisesInScope - 1, employeesInScope: before.employeesInScope + 1000 - 400 });
    await expectEqualToTables(after.body);
    expect(after.body.byRegion.find((r: Row) => r.code === '510104')).toMatchObject({ enterprisesInScope: 4 });
    // A roster statement that fails leaves nothing behind.
    await expect(
      t.dataSource.transaction(async (m) => {
        await m.query(`INSERT INTO campaign_enterprises (campaign_id, enterprise_id) VALUES ($1, $2)`, [w.campaignId, w.extra[3].id]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await stats('federation.demo')).body.totals.enterprisesInScope).toBe(before.enterprisesInScope - 1);
    // A roster row that changes its enterprise (郫都建工's row names the enterprise off the roster instead).
    await t.dataSource.query(`UPDATE campaign_enterprises SET enterprise_id = $3 WHERE campaign_id = $1 AND enterprise_id = $2`, [w.campaignId, demoId('ent-pidu'), w.offRoster.enterpriseId]);
    const moved = await stats('federation.demo');
    expect(moved.body.totals).toMatchObject({ enterprisesInScope: before.enterprisesInScope - 1, employeesInScope: before.employeesInScope + 1000 - 400 - (510 + 1000) + 150 });
    await expectEqualToTables(moved.body);
    expect(await new StatisticsRecount(t.dataSource).drift()).toEqual([]);
  });

  it('the rates count enterprises once: offers to any of them, contracts in effect of any campaign or none, roster enterprises only', async () => {
    const totals = async () => {
      const res = await stats('federation.demo');
      expect(res.status).toBe(200);
      await expectEqualToTables(res.body);
      for (const row of [res.body.totals, ...res.body.byRegion, ...res.body.byIndustry] as Row[]) {
        expect(row.enterprisesOffered).toBeLessThanOrEqual(row.enterprisesInScope);
        expect(row.enterprisesEstablished).toBeLessThanOrEqual(row.enterprisesInScope);
      }
      return res.body.totals as Row;
    };
    const before = await totals();
    // 蜀锦 had four offers (A, B, C, E): one enterprise offered.
    const [shujin] = await t.dataSource.query(
      `SELECT count(*)::int AS offers FROM case_events e JOIN cases c ON c.id = e.case_id JOIN case_enterprises x ON x.case_id = c.id
        WHERE c.campaign_id = $1 AND x.enterprise_id = $2 AND e.type = 'OFFER_ISSUED'`,
      [w.campaignId, demoId('ent-shujin')],
    );
    expect(shujin.offers).toBe(4);
    expect(before.offers).toBeGreaterThan(before.enterprisesOffered);

    // G: a second contract of 蜀锦 taking effect, outside the campaign (started after its end): 蜀锦 counts once still.
    const h = w.h;
    const g = await t.http().post('/api/cases').set(h['union.demo']).send({ kind: 'wage', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
    expect(g.status).toBe(201);
    expect(g.body.campaignId).not.toBe(w.campaignId);
    const send = async (who: string, type: string, payload: Record<string, unknown>) => {
      const res = await t.http().post(`/api/cases/${g.body.id}/events`).set(h[who]).send({ type, payload });
      expect({ type, status: res.status }).toEqual({ type, status: 200 });
      return res.body;
    };
    let on = today(t);
    await send('union.demo', 'OFFER_ISSUED', samplePayload('OFFER_ISSUED', on));
    await send('employer.demo', 'RESPONSE_AGREED', samplePayload('RESPONSE_AGREED', on));
    await send('union.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYEE_TEAM });
    await send('employer.demo', 'REPRESENTATIVES_APPOINTED', { occurredOn: on, members: EMPLOYER_TEAM });
    for (const type of ['TALKS_SCHEDULED', 'SESSION_HELD', 'DRAFT_AGREED', 'CONGRESS_VOTED']) await send('union.demo', type, samplePayload(type, on));
    await send('union.demo', 'SIGNED', { ...samplePayload('SIGNED', on), termStart: on, termEnd: addDays(addYears(on, 1), -1) });
    on = today(t);
    await send('employer.demo', 'FILED', samplePayload('FILED', on));
    await send('bureau.demo', 'APPROVED', samplePayload('APPROVED', on));
    expect((await send('union.demo', 'PUBLISHED', samplePayload('PUBLISHED', on))).state).toBe('in_force');
    const [two] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM cases c JOIN case_enterprises x ON x.case_id = c.id WHERE x.enterprise_id = $1 AND c.status IN ('effective', 'in_force', 'renewal_window')`,
      [demoId('ent-shujin')],
    );
    expect(two.n).toBeGreaterThanOrEqual(2); // A, G (and the demo's own contracts of 蜀锦)
    const g2 = await totals();
    expect(g2).toMatchObject({ enterprisesEstablished: before.enterprisesEstablished, enterprisesOffered: before.enterprisesOffered, offers: before.offers });

    // A roster enterprise whose contracts in effect were all signed outside this campaign is established: it leaves
    // the roster (established −1), and joins it again (+1).
    const [outside] = await t.dataSource.query(
      `SELECT ce.enterprise_id AS id FROM campaign_enterprises ce
        WHERE ce.campaign_id = $1
          AND EXISTS (SELECT 1 FROM cases c JOIN case_enterprises x ON x.case_id = c.id WHERE x.enterprise_id = ce.enterprise_id AND c.status IN ('effective', 'in_force', 'renewal_window'))
          AND NOT EXISTS (SELECT 1 FROM cases c JOIN case_enterprises x ON x.case_id = c.id WHERE x.enterprise_id = ce.enterprise_id AND c.status IN ('effective', 'in_force', 'renewal_window') AND c.campaign_id = $1)
        LIMIT 1`,
      [w.campaignId],
    );
    expect(outside).toBeDefined();
    await t.dataSource.query(`DELETE FROM campaign_enterprises WHERE campaign_id = $1 AND enterprise_id = $2`, [w.campaignId, outside.id]);
    const gone = await totals();
    expect(gone).toMatchObject({ enterprisesInScope: g2.enterprisesInScope - 1, enterprisesEstablished: g2.enterprisesEstablished - 1 });
    await t.dataSource.query(`INSERT INTO campaign_enterprises (campaign_id, enterprise_id) VALUES ($1, $2)`, [w.campaignId, outside.id]);
    const joined = await totals();
    expect(joined).toMatchObject({ enterprisesInScope: g2.enterprisesInScope, enterprisesEstablished: g2.enterprisesEstablished, enterprisesOffered: g2.enterprisesOffered });
    expect(await new StatisticsRecount(t.dataSource).drift()).toEqual([]);

    // F's enterprise (offered; on the roster since the previous test moved 郫都's row to it) leaves the roster:
    // its offer still counts in offers, no longer in enterprisesOffered, and the rate cannot count it.
    await t.dataSource.query(`DELETE FROM campaign_enterprises WHERE campaign_id = $1 AND enterprise_id = $2`, [w.campaignId, w.offRoster.enterpriseId]);
    const left = await totals();
    expect(left).toMatchObject({ offers: joined.offers, enterprisesOffered: joined.enterprisesOffered - 1, enterprisesInScope: joined.enterprisesInScope - 1 });
    expect(left.rates.offerRate).toBe(Math.round((left.enterprisesOffered / left.enterprisesInScope) * 1000) / 10);
    expect(await new StatisticsRecount(t.dataSource).drift()).toEqual([]);
    // The recount rebuilds the same figures.
    await new StatisticsRecount(t.dataSource).recount();
    expect(await new StatisticsRecount(t.dataSource).drift()).toEqual([]);
    expect(await totals()).toEqual(left);
  });

  it('the demo’s province campaign: every prefecture’s row equals the tables, for the province and for 成都', async () => {
    const res = await stats('admin.demo', '', demoId('campaign-demo'));
    expect(res.status).toBe(200);
    expect(res.body.region.code).toBe('510000');
    expect(res.body.byRegion.length).toBeGreaterThanOrEqual(21);
    expect(res.body.totals.cases).toBeGreaterThan(15);
    await expectEqualToTables(res.body);
    expect(res.body.totals.targets).toMatchObject({ offerRate: 90, signingRate: 80 });
    expect(res.body.byRegion.find((r: Row) => r.code === '510700').targets).toMatchObject({ employeesCovered: 2000 });
    // 成都's federation sees its part of it.
    const cd = await stats('federation.demo', '', demoId('campaign-demo'));
    expect(cd.status).toBe(200);
    expect(cd.body.region.code).toBe('510100');
    await expectEqualToTables(cd.body);
    expect(cd.body.totals.targets).toMatchObject({ offerRate: 95 });
  });

  it('jurisdiction: another prefecture’s federation gets 404, a party 403, a region outside the scope 404; bad filters 400', async () => {
    expect((await stats('federation.mianyang')).status).toBe(404);
    expect((await stats('union.demo')).status).toBe(403);
    expect((await stats('instructor.demo')).status).toBe(200);
    expect((await stats('federation.demo', '?region=510700')).status).toBe(404);
    expect((await stats('federation.demo', '?region=510000')).status).toBe(404);
    expect((await stats('admin.demo', '?region=510700')).status).toBe(404); // the province sees it, but it lies outside the campaign
    expect((await stats('federation.demo', '', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // 绵阳's federation sees its part of the province campaign, and nothing of 成都's.
    const my = await stats('federation.mianyang', '', demoId('campaign-demo'));
    expect(my.status).toBe(200);
    expect(my.body.region.code).toBe('510700');
    expect((await stats('federation.mianyang', '?region=510100', demoId('campaign-demo'))).status).toBe(404);
    const bad = await stats('federation.demo', '?kind=nonsense&industry=Z&region=12');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['industry', 'kind', 'region']);
  });
});
