import { afterAll, describe, expect, it } from '@jest/globals';
import { runInstancesScenario } from '../support/hardening/instances-scenario.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Issue 8, item 2, small: three instances of the built service started at once on one new PostgreSQL database
// (each migrating and asked to seed the demo: one does, the others wait), behind a round-robin Node proxy. Each act of 6 cases sent by 3 clients at once with the same If-Match: exactly one wins each
// version, the others 409; walkers read every acknowledged write back through another instance; 150 due
// deadlines arrive while the three schedulers run, half of them while one instance is down (SIGKILL mid-walk,
// then started again): each fires once; rollups = recount; chains verify.
// The larger run is `npm run hardening:instances`. Needs a PostgreSQL server: runs only with TEST_DATABASE_URL.

const serverIt = process.env.TEST_DATABASE_URL ? it : it.skip;
let db: TestDatabase | undefined;

afterAll(async () => {
  await db?.drop();
});

describe('several instances', () => {
  serverIt('(server only) three instances behind a round-robin proxy: no lost update, each deadline fired once, statistics consistent', async () => {
    db = await createTestDatabase();
    if (db.target.kind !== 'postgres') throw new Error('needs a server database');
    const report = await runInstancesScenario({ databaseUrl: db.target.url, instances: 3, racingCases: 6, racersPerStep: 3, walkers: 2, walkerAcks: 60, dueDeadlines: 150, killOne: true, log: (line) => console.log(line) });
    console.log(`several instances: ${JSON.stringify(report.figures)}`);
    expect(report.violations).toEqual([]);
    expect(report.figures).toMatchObject({ races: 72, raceRequests: 216, raceWins: 72, deadlinesExpected: 150, deadlineEvents: 150, rollupRowsCompared: 'all equal' });
    expect(report.figures.acknowledged).toBeGreaterThanOrEqual(72 + 60);
    expect(report.figures.chainsVerified).toBe(report.figures.cases);
    expect(report.figures.restartMs).toHaveLength(1);
  }, 240_000);
});
