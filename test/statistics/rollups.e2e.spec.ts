import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { samplePayload } from '../../src/database/seed/procedure-samples.js';
import { StatisticsRecount } from '../../src/statistics/statistics-recount.js';
import { as, createExtraUsers, today, type Headers } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createCampaign } from '../campaigns/campaign-helpers.js';

// The statistics rollups are kept by the engine in the statement of every event. After a randomized
// workload (several users at once on the same cases, every event the service allows, deadlines running
// out as the clock moves) they must equal a recount from the cases and their logs.

/** A small seeded generator (mulberry32): a failing run can be replayed with its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.ROLLUP_SEED ?? 20261126);
const STEPS = Number(process.env.ROLLUP_STEPS ?? 7000);

let t: TestApp;
let recount: StatisticsRecount;
const headers = new Map<string, Headers>();

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  for (const user of ['union.demo', 'employer.demo', 'bureau.demo', 'federation.demo', 'union.catering', 'employer.catering']) headers.set(user, await as(t, user));
  recount = new StatisticsRecount(t.dataSource);
});

afterAll(async () => {
  await t?.close();
});

describe('statistics rollups', () => {
  it(`equal a recount after a randomized workload (seed ${SEED}, ${STEPS} steps, 4 at once)`, async () => {
    const rnd = random(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const cases: { id: string; users: string[] }[] = [];
    const start = async (industry: boolean) => {
      const body = industry
        ? { kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] }
        : { kind: pick(['comprehensive', 'wage', 'women_workers', 'safety_health']), unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') };
      const res = await t.http().post('/api/cases').set(headers.get(industry ? 'union.catering' : 'union.demo')!).send(body);
      expect(res.status).toBe(201);
      cases.push({ id: res.body.id, users: industry ? ['union.catering', 'employer.catering', 'bureau.demo', 'federation.demo'] : ['union.demo', 'employer.demo', 'bureau.demo', 'federation.demo'] });
    };
    // Two campaigns over the test's months: cases started in them are counted under their key.
    const march = await createCampaign(t, headers.get('federation.demo')!, { name: '三月', kinds: ['comprehensive', 'wage', 'industry'] });
    const may = await createCampaign(t, headers.get('federation.demo')!, { name: '五月', startsOn: '2018-05-01', endsOn: '2018-05-31' });
    // Their rosters: every enterprise of 成都 in March's, 蜀锦 alone in May's; 蜀锦 leaves and rejoins March's as the workload runs.
    await t.dataSource.query(`INSERT INTO campaign_enterprises (campaign_id, enterprise_id) SELECT $1, id FROM organisations WHERE kind = 'enterprise' AND region_code LIKE '5101%'`, [march.id]);
    await t.dataSource.query(`INSERT INTO campaign_enterprises (campaign_id, enterprise_id) VALUES ($1, $2)`, [may.id, demoId('ent-shujin')]);
    for (let i = 0; i < 30; i++) await start(i % 3 === 0);

    const statuses = new Map<number, number>();
    let step = 0;
    const worker = async () => {
      while (step < STEPS) {
        const n = ++step;
        if (n % 60 === 0) {
          // Time passes: periods run out and their events are written by the scheduler.
          t.clock.advanceDays(1 + Math.floor(rnd() * 20));
          await t.fireDueDeadlines();
          continue;
        }
        if (n % 12 === 0) await start(rnd() < 0.3);
        if (n % 250 === 0) {
          const [listed] = await t.dataSource.query(`DELETE FROM campaign_enterprises WHERE campaign_id = $1 AND enterprise_id = $2 RETURNING 1`, [march.id, demoId('ent-shujin')]);
          if (!listed) await t.dataSource.query(`INSERT INTO campaign_enterprises (campaign_id, enterprise_id) VALUES ($1, $2)`, [march.id, demoId('ent-shujin')]);
        }
        const c = pick(cases);
        // The first of the case's users, from a random one on, to whom the case offers an event.
        const from = Math.floor(rnd() * c.users.length);
        let user = '';
        let allowed: { type: string }[] = [];
        for (let i = 0; i < c.users.length && allowed.length === 0; i++) {
          user = c.users[(from + i) % c.users.length];
          const view = await t.http().get(`/api/cases/${c.id}`).set(headers.get(user)!);
          expect(view.status).toBe(200);
          allowed = view.body.allowedEvents ?? [];
        }
        if (allowed.length === 0) continue;
        const type = pick(allowed).type;
        const res = await t
          .http()
          .post(`/api/cases/${c.id}/events`)
          .set(headers.get(user)!)
          .send({ type, payload: samplePayload(type, today(t), rnd() < 0.1 ? 'reject' : undefined) });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    const [{ events, transitions }] = await t.dataSource.query(
      "SELECT count(*)::int AS events, count(*) FILTER (WHERE from_state IS DISTINCT FROM to_state)::int AS transitions FROM case_events",
    );
    console.log(`rollups workload (seed ${SEED}): HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${events} events, ${transitions} transitions`);
    // A workload worth the name: thousands of events, most of them moving a case. The seed fixes the steps, not how
    // the four users interleave: accepted requests have ranged 1,905–2,410 and transitions 1,468–1,620 over runs.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(1500);
    expect(transitions).toBeGreaterThan(1200);
    expect(await recount.drift()).toEqual([]);
    const keys = await t.dataSource.query('SELECT DISTINCT campaign_key FROM stats_case_states WHERE cases > 0');
    expect(keys.length).toBeGreaterThanOrEqual(2); // cases with a campaign and without
    // The rollups count every event of the log once.
    const [{ counted }] = await t.dataSource.query('SELECT sum(events)::int AS counted FROM stats_case_events');
    expect(counted).toBe(events);
    // Every rate whose definition bounds it stays within 100 %, in every row of both campaigns' figures.
    const campaigns: { id: string }[] = await t.dataSource.query('SELECT id FROM campaigns');
    for (const { id } of campaigns) {
      const res = await t.http().get(`/api/campaigns/${id}/stats`).set(headers.get('federation.demo')!);
      expect(res.status).toBe(200);
      for (const row of [res.body.totals, ...res.body.byRegion, ...res.body.byIndustry]) {
        for (const key of ['offerRate', 'establishmentRate'] as const) {
          expect({ row: row.code ?? 'totals', key, rate: Math.min(row.rates[key] ?? 0, 100) }).toEqual({ row: row.code ?? 'totals', key, rate: row.rates[key] ?? 0 });
        }
        expect(row.enterprisesOffered).toBeLessThanOrEqual(row.enterprisesInScope);
        expect(row.enterprisesEstablished).toBeLessThanOrEqual(row.enterprisesInScope);
      }
    }
  }, 300_000); // ~40 s on a quiet machine; several times that when CI shares the cores

  it('the check finds a rollup that drifted, and the recount repairs it', async () => {
    await t.dataSource.query("UPDATE stats_case_states SET cases = cases + 1 WHERE (campaign_key, region_code, industry_code, kind, status) = (SELECT campaign_key, region_code, industry_code, kind, status FROM stats_case_states ORDER BY cases DESC LIMIT 1)");
    const drift = await recount.drift();
    expect(drift).toHaveLength(1);
    expect(drift[0].table).toBe('stats_case_states');
    await recount.recount();
    expect(await recount.drift()).toEqual([]);
  });

  it('GET /api/statistics gives the authorities the figures of their region from the rollups; parties are refused', async () => {
    const res = await t.http().get('/api/statistics').set(headers.get('federation.demo')!);
    expect(res.status).toBe(200);
    const [direct] = await t.dataSource.query(
      `SELECT count(*)::int AS cases,
              (SELECT count(*)::int FROM case_events WHERE type IN ('OFFER_ISSUED', 'RENEWAL_OFFERED')) AS offers,
              (SELECT count(*)::int FROM case_events WHERE type = 'SIGNED') AS signed,
              count(*) FILTER (WHERE status IN ('effective', 'in_force', 'renewal_window'))::int AS in_force
         FROM cases`,
    );
    expect(res.body.totals).toMatchObject({ cases: direct.cases, offers: direct.offers, signed: direct.signed, contractsInForce: direct.in_force });
    expect(res.body.byRegion.reduce((n: number, r: { cases: number }) => n + r.cases, 0)).toBe(direct.cases);
    expect(res.body.byIndustry.reduce((n: number, r: { cases: number }) => n + r.cases, 0)).toBe(direct.cases);
    const daily = res.body.daily.reduce((n: number, d: Record<string, number>) => n + (d.OFFER_ISSUED ?? 0) + (d.RENEWAL_OFFERED ?? 0), 0);
    expect(daily).toBe(direct.offers);

    expect((await t.http().get('/api/statistics').set(headers.get('union.demo')!)).status).toBe(403);
    const bad = await t.http().get('/api/statistics?kind=nonsense&campaign=x').set(headers.get('federation.demo')!);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/kind/);
    expect(JSON.stringify(bad.body)).toMatch(/campaign/);
  });
});
