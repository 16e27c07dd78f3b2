// `node scripts/run-compiled.mjs bench/instructors.bench.ts` (PostgreSQL with TEST_DATABASE_URL, else the embedded
// database): the instructors' reads at province scale. One real case is started over HTTP and cloned by SQL into
// BENCH_CASES cases (2 events each, states spread over open and closed ones, a third signed, a fifth with a lapsed
// response period) across 成都's counties; 400 instructors; every BENCH_ASSIGN_EVERY-th case assigned to one of its
// county. Times the yearly assessment, a page of the registry, one workload and one case's suggestions over HTTP.
// Prints figures; the last line is one JSON object.
import 'reflect-metadata';
import { demoId } from '../src/database/seed/demo-seed.js';
import { samplePayload } from '../src/database/seed/procedure-samples.js';
import { startTestApp } from '../test/support/test-app.js';
import { os } from './os.js';
import { percentile, round } from './support.js';

const CASES = Number(process.env.BENCH_CASES ?? 20000);
const EVERY = Number(process.env.BENCH_ASSIGN_EVERY ?? 1);
const INSTRUCTORS = 400;
const RUNS = 9;

const t = await startTestApp({ seedDemo: true });
try {
  const bearer = async (u: string) => ({ Authorization: `Bearer ${await t.login(u)}` });
  const [fed, union] = [await bearer('federation.demo'), await bearer('union.demo')];
  const start = await t.http().post('/api/cases').set(union).send({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') });
  if (start.status !== 201) throw new Error(`start: ${start.status} ${start.text}`);
  const model = start.body.id as string;
  await t.http().post(`/api/cases/${model}/events`).set(union).send({ type: 'OFFER_ISSUED', payload: samplePayload('OFFER_ISSUED', '2018-03-01') });

  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const columns = async (table: string): Promise<string[]> =>
    (await q('SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position', [table])).map((r: { column_name: string }) => r.column_name);
  const counties = `ARRAY[${(await q("SELECT code FROM regions WHERE parent_code = '510100' ORDER BY code")).map((r: { code: string }) => `'${r.code}'`).join(',')}]`;
  await q(`CREATE TABLE bench_g AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${CASES}) n`);
  const caseCols = await columns('cases');
  const pick = (k: string) =>
    k === 'id' ? 'g.id' : k === 'region_code' ? `(${counties})[1 + g.n % array_length(${counties}, 1)]` : k === 'status' ? "(ARRAY['awaiting_response','negotiating','closed','in_force'])[1 + g.n % 4]" : `c.${k}`;
  await q(`INSERT INTO cases (${caseCols.join(', ')}) SELECT ${caseCols.map(pick).join(', ')} FROM cases c, bench_g g WHERE c.id = $1`, [model]);
  const eventCols = await columns('case_events');
  const eventPick = (k: string) =>
    k === 'case_id' ? 'g.id' : k === 'type' ? "CASE WHEN e.seq = 2 AND g.n % 3 = 0 THEN 'SIGNED' WHEN e.seq = 2 AND g.n % 5 = 0 THEN 'RESPONSE_DEADLINE_PASSED' ELSE e.type END" : `e.${k}`;
  await q(`INSERT INTO case_events (${eventCols.join(', ')}) SELECT ${eventCols.map(eventPick).join(', ')} FROM case_events e, bench_g g WHERE e.case_id = $1`, [model]);
  await q(
    `INSERT INTO instructors (id, name, organisation_id, region_code, qualifications, appointed_on, active)
     SELECT gen_random_uuid(), '指导员' || n, $1, (${counties})[1 + n % array_length(${counties}, 1)], '["集体协商指导员资格证书"]', '2017-01-01', true FROM generate_series(1, ${INSTRUCTORS}) n`,
    [demoId('fed-cd')],
  );
  await q(
    `INSERT INTO case_instructors (case_id, instructor_id, assigned_at)
     SELECT g.id, (SELECT i.id FROM instructors i WHERE i.region_code = c.region_code ORDER BY md5(i.id::text || g.n) LIMIT 1), '2018-02-01'
       FROM bench_g g JOIN cases c ON c.id = g.id WHERE (g.n / 97) % ${EVERY} = 0`,
  );
  await q('DROP TABLE bench_g');
  await q('ANALYZE');
  const [{ assignments }] = await q('SELECT count(*)::int AS assignments FROM case_instructors');
  const [{ instructor }] = await q('SELECT instructor_id AS instructor FROM case_instructors LIMIT 1');
  const [{ id: someCase }] = await q("SELECT c.id FROM cases c JOIN case_instructors ci ON ci.case_id = c.id WHERE c.region_code = '510107' AND c.status <> 'closed' LIMIT 1");

  const time = async (url: string) => {
    const ms: number[] = [];
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      const res = await t.http().get(url).set(fed);
      ms.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text.slice(0, 300)}`);
    }
    ms.sort((a, b) => a - b);
    return { p50: round(percentile(ms, 50)), max: round(ms[ms.length - 1]) };
  };
  const figures = {
    os: os(),
    database: t.databaseKind,
    cases: CASES + 1,
    instructors: INSTRUCTORS,
    assignments,
    assessmentMs: await time('/api/instructors/assessment?year=2018'),
    listPage100Ms: await time('/api/instructors?pageSize=100'),
    workloadMs: await time(`/api/instructors/${instructor}/workload`),
    suggestionsMs: await time(`/api/cases/${someCase}/instructor-suggestions`),
  };
  console.log(`${figures.cases} cases, ${INSTRUCTORS} instructors, ${assignments} assignments (${figures.database}; ${figures.os})`);
  console.log(`assessment of the year (${INSTRUCTORS} rows): p50 ${figures.assessmentMs.p50} ms, max ${figures.assessmentMs.max} ms`);
  console.log(`registry page of 100: p50 ${figures.listPage100Ms.p50} ms; workload: p50 ${figures.workloadMs.p50} ms; suggestions: p50 ${figures.suggestionsMs.p50} ms`);
  console.log(JSON.stringify(figures));
} finally {
  await t.close();
}
