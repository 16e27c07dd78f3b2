// `npm run hardening:crash` and `npm run hardening:instances`: the larger runs of issue 8's items 1 and 2
// (test/hardening/*.e2e.spec.ts run small versions in `npm test`). Each makes a database of its own on the
// server of TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), prints its figures and what
// it found wrong, drops the database, and exits 1 on any violation. Last line: JSON.
// Sizes by environment: CLIENTS, KILLS, ACKS (per phase), DUE (deadlines made due), INSTANCES, RACES, RACERS.
import { randomBytes } from 'node:crypto';
import { adminQuery } from '../bench/support.js';
import { runCrashScenario } from '../test/support/hardening/crash-scenario.js';
import { runInstancesScenario } from '../test/support/hardening/instances-scenario.js';

const which = process.argv[2];
const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const name = `cb_hardening_${which}_${randomBytes(3).toString('hex')}`;
const url = new URL(server);
url.pathname = `/${name}`;
const log = (line: string) => console.log(`  ${line}`);

if (which !== 'crash' && which !== 'instances') {
  console.error('usage: node dist/scripts/hardening.js crash|instances');
  process.exit(2);
}
await adminQuery(server, `CREATE DATABASE "${name}"`);
let violations: string[] = [];
let figures: object = {};
try {
  if (which === 'crash') {
    const clients = num('CLIENTS', 8);
    const kills = num('KILLS', 5);
    console.log(`crash safety: ${clients} clients, SIGKILL ${kills} times, database ${name}`);
    ({ violations, figures } = await runCrashScenario({ databaseUrl: url.toString(), clients, kills, acksPerPhase: num('ACKS', 250), dueBeforeStart: num('DUE', 200), dueDuringLoad: num('DUE', 200) * 2, log }));
  } else {
    const instances = num('INSTANCES', 3);
    console.log(`several instances: ${instances} behind a round-robin proxy, database ${name}`);
    ({ violations, figures } = await runInstancesScenario({ databaseUrl: url.toString(), instances, racingCases: num('RACES', 30), racersPerStep: num('RACERS', 4), walkers: num('CLIENTS', 4), walkerAcks: num('ACKS', 600), dueDeadlines: num('DUE', 1000), killOne: true, log }));
  }
} finally {
  await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(20)} ${Array.isArray(v) ? v.join(' / ') : v}`);
for (const v of violations.slice(0, 50)) console.log(`✗ ${v}`);
console.log(violations.length === 0 ? `✓ ${which}: every invariant holds` : `✗ ${which}: ${violations.length} violations`);
console.log(JSON.stringify({ hardening: which, ok: violations.length === 0, violations: violations.length, ...figures }));
process.exit(violations.length === 0 ? 0 : 1);
