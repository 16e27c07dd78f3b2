import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { StatisticsRecount } from '../../src/statistics/statistics-recount.js';
import { DeadlineCalendar } from '../../src/workflow-engine/calendar/deadline-calendar.js';
import { CaseWorkflowService } from '../../src/workflow-engine/case-workflow.service.js';
import { planDeadline } from '../../src/workflow-engine/deadline-planner.js';
import type { LoadedWorkflow, WorkflowDefinition } from '../../src/workflow-engine/definition/workflow-definition.js';
import { loadWorkflowFiles } from '../../src/workflow-engine/definition/workflow-files.js';
import { CaseEventRecord } from '../../src/workflow-engine/entities/case-event.entity.js';
import { verifyChain } from '../../src/workflow-engine/event-log/event-chain.js';
import { assignDemoInstructor, as, createExtraUsers, today } from '../engine/engine-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FUZZ_FACTOR, fuzzParameters } from './fuzz-settings.js';
import { choose, commandArb, deadlineSpecs, deadlinesAllowedIn, payloadFor, type ActorRole, type Command } from './procedure-model.js';

// Random walks through the real engine on PostgreSQL (HTTP, the deadline scheduler, the clock moved by days),
// fewer than over the pure machine (test/fuzz/workflow-machine.spec.ts): each walk starts a case of one
// workflow file (an older version: the new case is pinned to it before its first event) and sends random
// events as random roles, valid payloads mostly, a broken one now and then, firing the deadlines as time
// passes. Every answer is below 500, a refusal changes nothing of the case. After each walk, for every case
// in the database (the demo's, the earlier walks' and the renewals started):
// - its state is a state of its workflow file;
// - its version is the number of its events (seq 1…n), and its hash chain verifies;
// - its running deadline rows are those its state may have (set there, by its transitions, or carried in),
//   each expiring into an event the state handles; the state's own periods are there unless they fired,
//   due as the calendar counts them from the act that entered the state (or extended, Art 52);
// - the overdue flag is the context's; and the rollups equal the recount (StatisticsRecount.drift()).

const RUNS = 5;
const STEPS = 60;
const FILES = loadWorkflowFiles();
const USERS: Record<string, Record<Exclude<ActorRole, 'system'>, string>> = {
  'enterprise-contract': { union: 'union.demo', employer: 'employer.demo', instructor: 'instructor.demo', bureau: 'bureau.demo', federation: 'federation.demo', admin: 'admin.demo' },
  'industry-regional-contract': { union: 'union.catering', employer: 'employer.catering', instructor: 'instructor.demo', bureau: 'bureau.demo', federation: 'federation.demo', admin: 'admin.demo' },
};
const START_CASE: Record<string, Record<string, unknown>> = {
  'enterprise-contract': { kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') },
  'industry-regional-contract': { kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] },
};
const REFUSALS = new Set([400, 403, 404, 409, 422]);

let t: TestApp;
let calendar: DeadlineCalendar;
const byVersion = new Map(FILES.map((f) => [`${f.definition.id}@${f.definition.version}`, f.definition]));
const stats = { walks: 0, accepted: 0, refused: new Map<number, number>(), fired: 0, states: new Set<string>() };

beforeAll(async () => {
  t = await startTestApp();
  calendar = t.app.get(DeadlineCalendar);
  await createExtraUsers(t);
}, 120_000);

afterAll(async () => {
  console.log(`engine fuzz: ${stats.walks} walks, ${stats.accepted} events accepted, ${stats.fired} deadlines fired, refusals ${[...stats.refused].map(([s, n]) => `${s}×${n}`).join(' ')}; states reached: ${[...stats.states].sort().join(', ')}`);
  await t?.close();
});

async function startCase(workflow: LoadedWorkflow): Promise<string> {
  const def = workflow.definition;
  const union = await as(t, USERS[def.id].union);
  const created = await t.http().post('/api/cases').set(union).send(START_CASE[def.id]);
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  if (created.body.workflow.version !== def.version) {
    // New cases start on the latest version; an older one runs the cases started before it: pin this one to it
    // (both versions begin in the same state with the same context) and let the engine read it afresh.
    await t.dataSource.query('UPDATE cases SET workflow_version = $2, workflow_hash = $3 WHERE id = $1 AND version = 1', [id, def.version, workflow.hash]);
    (t.app.get(CaseWorkflowService) as unknown as { cache: { delete(id: string): void } }).cache.delete(id);
  }
  if (def.id === 'enterprise-contract') await assignDemoInstructor(t, id);
  return id;
}

/** A payload broken one way: a field missing, of the wrong type, or a date not a date. */
function broken(payload: Record<string, unknown>, pick: number): Record<string, unknown> {
  const keys = Object.keys(payload);
  const key = keys[pick % keys.length];
  const copy = { ...payload };
  if (pick % 3 === 0) delete copy[key];
  else if (pick % 3 === 1) copy[key] = key === 'occurredOn' ? '2018-02-30' : { nested: [1] };
  else copy.occurredOn = '2099-01-01';
  return copy;
}

async function caseRow(id: string) {
  const [row] = await t.dataSource.query('SELECT status, version, workflow_id, workflow_version, overdue, snapshot FROM cases WHERE id = $1', [id]);
  return row as { status: string; version: number; workflow_id: string; workflow_version: number; overdue: boolean; snapshot: { context: Record<string, unknown> & { overdue: string[] } } };
}

async function step(id: string, def: WorkflowDefinition, cmd: Command, label: string): Promise<void> {
  const before = await caseRow(id);
  stats.states.add(`${def.id}:${before.status}`);
  if (def.machine.states[before.status].type === 'final') return;
  const { type, role } = choose(def, before.status, cmd, 'employee', 10);
  if (role === 'system') {
    // Time passes until this case's next period ends; the scheduler fires what is due (any case's).
    const [next] = await t.dataSource.query('SELECT due_at FROM case_deadlines WHERE case_id = $1 ORDER BY due_at LIMIT 1', [id]);
    if (next) t.clock.set(new Date(Math.max(t.clock.now().getTime(), new Date(next.due_at).getTime() + 60_000)));
    stats.fired += await t.fireDueDeadlines();
    return;
  }
  t.clock.advanceDays(Math.min(cmd.days, 12));
  stats.fired += await t.fireDueDeadlines();
  const current = await caseRow(id);
  const valid = payloadFor(type, role, today(t), cmd.reject);
  const payload = cmd.pick % 10 === 0 ? broken(valid, cmd.rolePick) : valid;
  const res = await t.http().post(`/api/cases/${id}/events`).set(await as(t, USERS[def.id][role])).send({ type, payload });
  const where = `${label}: ${type} as ${role} in ${current.status} → ${res.status} ${res.status === 200 ? '' : JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status === 200) {
    stats.accepted++;
    if (res.body.version !== current.version + 1) throw new Error(`${where}: version ${res.body.version}, not ${current.version + 1}`);
    return;
  }
  if (!REFUSALS.has(res.status)) throw new Error(`${where}: not a refusal`);
  stats.refused.set(res.status, (stats.refused.get(res.status) ?? 0) + 1);
  const after = await caseRow(id);
  if (after.version !== current.version || after.status !== current.status) throw new Error(`${where}: refused, yet the case moved (${current.status}@${current.version} → ${after.status}@${after.version})`);
}

/** The invariants, over every case in the database. */
async function checkEveryCase(label: string): Promise<void> {
  const problems: string[] = [];
  const cases: { id: string; status: string; version: number; workflow_id: string; workflow_version: number; overdue: boolean; snapshot: { context: Record<string, unknown> & { overdue: string[] } } }[] = await t.dataSource.query(
    'SELECT id, status, version, workflow_id, workflow_version, overdue, snapshot FROM cases ORDER BY id',
  );
  const deadlines: { case_id: string; key: string; due_on: string; on_expiry: string; basis: { extendedBy?: number } }[] = await t.dataSource.query("SELECT case_id, key, to_char(due_on, 'YYYY-MM-DD') AS due_on, on_expiry, basis FROM case_deadlines");
  const repo = t.dataSource.getRepository(CaseEventRecord);
  for (const c of cases) {
    const def = byVersion.get(`${c.workflow_id}@${c.workflow_version}`)!;
    const at = `${label}: case ${c.id} (${def.id}@${def.version}, ${c.status})`;
    const node = def.machine.states[c.status];
    if (!node) {
      problems.push(`${at}: not a state of the file`);
      continue;
    }
    const log = await repo.find({ where: { caseId: c.id }, order: { seq: 'ASC' } });
    if (log.length !== c.version || log.some((e, i) => e.seq !== i + 1)) problems.push(`${at}: version ${c.version}, ${log.length} events`);
    const verdict = verifyChain(log);
    if (!verdict.valid) problems.push(`${at}: chain broken at ${JSON.stringify(verdict.firstBroken)}`);
    if (c.overdue !== c.snapshot.context.overdue.length > 0) problems.push(`${at}: overdue flag ${c.overdue}, context ${JSON.stringify(c.snapshot.context.overdue)}`);
    const rows = deadlines.filter((d) => d.case_id === c.id);
    const allowed = deadlinesAllowedIn(def, c.status);
    for (const d of rows) {
      if (!allowed.has(d.key)) problems.push(`${at}: deadline ${d.key} runs in a state that has no such period`);
      if (!node.on?.[d.on_expiry]) problems.push(`${at}: deadline ${d.key} expires as ${d.on_expiry}, which ${c.status} does not handle`);
    }
    // The state's own periods, from the act that entered it.
    const enteredAt = log.findLastIndex((e) => e.toState === c.status && e.fromState !== c.status);
    const entering = log[enteredAt];
    if (!entering) continue;
    const since = log.slice(enteredAt + 1);
    for (const spec of node.meta.deadlines ?? []) {
      const row = rows.find((d) => d.key === spec.key);
      const planned = planDeadline(calendar, def, spec, { occurredOn: entering.occurredOn, payload: entering.payload as Record<string, unknown> }, c.snapshot.context);
      const fired = since.some((e) => e.type === spec.onExpiry);
      if (!row) {
        if (planned && !fired) problems.push(`${at}: period ${spec.key} of the state is missing (not fired)`);
        continue;
      }
      if (fired && !deadlineSpecs(def).get(spec.key)?.carriesOver) problems.push(`${at}: period ${spec.key} fired yet still runs`);
      if (planned && row.basis.extendedBy === undefined && row.due_on !== planned.dueOn) problems.push(`${at}: period ${spec.key} due ${row.due_on}, the calendar says ${planned.dueOn}`);
    }
  }
  const drift = await new StatisticsRecount(t.dataSource).drift();
  if (drift.length) problems.push(`${label}: rollups differ from the recount: ${JSON.stringify(drift.slice(0, 5))}`);
  if (problems.length) throw new Error(problems.slice(0, 10).join('\n'));
}

describe.each(FILES.map((f, i) => [`${f.definition.id}@${f.definition.version}`, f, i] as const))('random walks through the engine: %s', (name, workflow, index) => {
  it(`${RUNS} walks of up to ${STEPS} steps: no 5xx, refusals change nothing; states, versions, chains, deadlines and rollups hold`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 5, maxLength: STEPS, size: 'max' }), async (commands) => {
        stats.walks++;
        const id = await startCase(workflow);
        for (const [i, cmd] of commands.entries()) await step(id, workflow.definition, cmd, `${name} walk ${stats.walks} step ${i + 1}`);
        await checkEveryCase(`${name} after walk ${stats.walks}`);
      }),
      fuzzParameters(RUNS, { salt: index }),
    );
  }, 600_000 * FUZZ_FACTOR);
});
