import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { demoId } from '../../src/database/seed/demo-seed.js';
import { StatisticsRecount } from '../../src/statistics/statistics-recount.js';
import { transitionsOf } from '../../src/workflow-engine/definition/definition-validator.js';
import type { LoadedWorkflow, WorkflowDefinition } from '../../src/workflow-engine/definition/workflow-definition.js';
import { loadWorkflowFiles } from '../../src/workflow-engine/definition/workflow-files.js';
import { initialContext, sideOf, type CaseContext, type MachineEvent } from '../../src/workflow-engine/machine/case-context.js';
import { buildMachine } from '../../src/workflow-engine/machine/machine-factory.js';
import { representativesRule } from '../../src/workflow-engine/machine/procedure-rules.js';
import type { Representative } from '../../src/workflow-engine/payloads/event-payloads.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../support/procedure-samples.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { as, createExtraUsers, dropDeadlines, today } from './engine-helpers.js';

// Model-based test: the graph of each workflow file is explored with the pure machine the engine runs
// (buildMachine + xstate's initialTransition/transition), then every edge is driven through the HTTP
// service on a fresh case, the service's state compared with the machine's prediction after every step.
// Each edge starts on the same day (the clock is reset) and drops its cases' pending deadlines at the end,
// so that moving the clock in a later test fires only that test's deadline.

type UserRole = 'union' | 'employer' | 'bureau' | 'federation' | 'instructor';
/**
 * Which entry of an event's transitions an edge exercises: a rejected congress vote; a departure from the employer
 * side, or a further one while the side's vacancy is open; an appointment that fills the employee's or employer's vacancy.
 */
type Variant = 'reject' | 'employer' | 'further' | 'fill-employee' | 'fill-employer' | undefined;

/** One concrete event sent to a case. */
interface Act {
  type: string;
  role: UserRole | 'system';
  variant?: Variant;
  /** System acts: the deadline whose expiry this is. */
  deadlineKey?: string;
  /** REPRESENTATIVES_APPOINTED: the team this side appoints. */
  members?: Representative[];
  /** The role is part of the variant: the edge is not rotated among roles. */
  pinned?: boolean;
}

/** One logical step of a path: usually one act; the appointment of representatives is both sides'. */
interface Step {
  type: string;
  variant?: Variant;
  acts: Act[];
}

interface Edge {
  source: string;
  type: string;
  variant?: Variant;
  target: string;
  /** Index of the entry of `states[source].on[type]` the machine took. */
  entry: number;
  /** Steps from the initial state: the shortest path to the source, prerequisites, then the edge itself. */
  path: Step[];
}

interface Model {
  workflow: LoadedWorkflow;
  machine: AnyStateMachine;
  kind: string;
  states: Set<string>;
  edges: Edge[];
}

const INITIATOR = 'employee' as const;
/** The sides of the bargaining parties (the spec's party rule is relative to the initiator's side). */
const PARTY_SIDE: Partial<Record<UserRole, 'employee' | 'employer'>> = { union: 'employee', employer: 'employer' };
const USER_ROLES: UserRole[] = ['union', 'employer', 'bureau', 'federation', 'instructor'];
/** Dates of the pure exploration: only guards look at payloads there, and the sample payloads pass them. */
const EXPLORATION_DATE = '2018-03-01';
const REPRESENTATIVE_GUARDS = new Set(['talksReady', 'representativesValid', 'draftAgreeable', 'departureLawful', 'opensEmployeeVacancy', 'opensEmployerVacancy']);

/** Roles the file allows to send `type` from `state` (transition meta overrides the event), party rule applied. */
function eligibleRoles(def: WorkflowDefinition, state: string, type: string): UserRole[] {
  const spec = def.events[type];
  const t = transitionsOf(def.machine.states[state].on![type])[0];
  const roles = t.meta?.roles ?? spec.roles;
  const party = t.meta?.party ?? spec.party ?? 'any';
  return USER_ROLES.filter((r) => roles.includes(r)).filter((r) => {
    const side = PARTY_SIDE[r];
    if (party === 'any' || !side) return true;
    return party === 'initiator' ? side === INITIATOR : side !== INITIATOR;
  });
}

const isSystemEvent = (def: WorkflowDefinition, type: string) => def.events[type].roles.includes('system');

const representativesStep = (): Step => ({
  type: 'REPRESENTATIVES_APPOINTED',
  acts: [
    { type: 'REPRESENTATIVES_APPOINTED', role: 'union', members: EMPLOYEE_TEAM },
    { type: 'REPRESENTATIVES_APPOINTED', role: 'employer', members: EMPLOYER_TEAM },
  ],
});

function isCarriedIn(def: WorkflowDefinition, state: string, type: string): boolean {
  const setHere = [...(def.machine.states[state].meta.deadlines ?? []), ...Object.values(def.machine.states[state].on ?? {}).flatMap((on) => transitionsOf(on).flatMap((t) => t.meta?.deadlines ?? []))];
  return !setHere.some((d) => d.onExpiry === type);
}

/** The deadline whose expiry `type` is, in `state`: set on entering it, or by one of its self-transitions. */
function deadlineOf(def: WorkflowDefinition, state: string, type: string): { key: string; setBy?: string } {
  const node = def.machine.states[state];
  const entering = node.meta.deadlines?.find((d) => d.onExpiry === type);
  if (entering) return { key: entering.key };
  for (const [event, on] of Object.entries(node.on ?? {})) {
    const d = transitionsOf(on).flatMap((t) => t.meta?.deadlines ?? []).find((x) => x.onExpiry === type);
    if (d) return { key: d.key, setBy: event };
  }
  throw new Error(`${def.id}: no deadline in ${state} expires as ${type}`);
}

/** The variants an event's entries need (the first is the plain one). */
function variantsOf(type: string, entries: number): Variant[] {
  if (type === 'REPRESENTATIVE_LEFT' && entries > 1) return [undefined, 'employer', 'further'];
  if (type === 'REPRESENTATIVES_APPOINTED' && entries > 1) return [undefined, 'fill-employee', 'fill-employer'];
  return entries > 1 ? [undefined, 'reject'] : [undefined];
}

/** Acts an edge's variant needs first: the departure that opens the vacancy it continues or fills. */
function variantPrerequisites(variant: Variant): Step[] {
  if (variant === 'further' || variant === 'fill-employee') return [{ type: 'REPRESENTATIVE_LEFT', acts: [{ type: 'REPRESENTATIVE_LEFT', role: 'union', pinned: true }] }];
  if (variant === 'fill-employer') return [{ type: 'REPRESENTATIVE_LEFT', variant: 'employer', acts: [{ type: 'REPRESENTATIVE_LEFT', role: 'employer', variant: 'employer', pinned: true }] }];
  return [];
}

function stepFor(def: WorkflowDefinition, state: string, type: string, variant?: Variant): Step {
  if (type === 'REPRESENTATIVES_APPOINTED' && variant === 'fill-employee') return { type, variant, acts: [{ type, role: 'union', members: EMPLOYEE_TEAM, pinned: true }] };
  if (type === 'REPRESENTATIVES_APPOINTED' && variant === 'fill-employer') return { type, variant, acts: [{ type, role: 'employer', members: EMPLOYER_TEAM, pinned: true }] };
  if (type === 'REPRESENTATIVES_APPOINTED') return representativesStep();
  if (type === 'REPRESENTATIVE_LEFT' && variant) return { type, variant, acts: [{ type, role: variant === 'employer' ? 'employer' : 'union', variant, pinned: true }] };
  if (isSystemEvent(def, type)) return { type, acts: [{ type, role: 'system', deadlineKey: deadlineOf(def, state, type).key }] };
  const roles = eligibleRoles(def, state, type);
  if (roles.length === 0) throw new Error(`${def.id}: nobody may send ${type} in ${state}`);
  return { type, variant, acts: [{ type, role: roles[0], variant }] };
}

/** The machine event of an act (the engine adds the actor's side from its role; system events carry the deadline key). */
function machineEvent(act: Act, occurredOn: string): MachineEvent {
  if (act.role === 'system') return { type: act.type, payload: { occurredOn, deadlineKey: act.deadlineKey }, actor: { role: 'system' } };
  const payload = act.members ? { occurredOn, members: act.members } : samplePayload(act.type, occurredOn, act.variant === 'reject' ? 'reject' : undefined);
  // A departure names a member of the sender's own side; a further one, another member.
  if (act.type === 'REPRESENTATIVE_LEFT' && act.role === 'employer') payload.personId = EMPLOYER_TEAM[2].personId;
  if (act.type === 'REPRESENTATIVE_LEFT' && act.variant === 'further') payload.personId = EMPLOYEE_TEAM[1].personId;
  return { type: act.type, payload: payload as MachineEvent['payload'], actor: { role: act.role, side: sideOf(act.role) } };
}

/** Applies an act to a snapshot; throws when no transition of the machine is enabled (a guard refused it). */
function apply(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: MachineEvent): { next: AnyMachineSnapshot; entry: number } {
  const taken = machine.getTransitionData(snapshot as never, event as never);
  if (taken.length === 0) throw new Error(`no transition for ${event.type} in ${String(snapshot.value)}`);
  const all = machine.root.states[snapshot.value as string].transitions.get(event.type) ?? [];
  const [next] = transition(machine, snapshot, event as never);
  return { next: next as AnyMachineSnapshot, entry: all.indexOf(taken[0]) };
}

const cost = (path: Step[]) => path.reduce((n, s) => n + s.acts.length, 0);

/** Shortest paths (in events sent) to every state, and every edge taken from each state reached. */
function explore(workflow: LoadedWorkflow): Model {
  const def = workflow.definition;
  const machine = buildMachine(def);
  const kind = def.kinds[0];
  const [initial] = initialTransition(machine, initialContext(kind, INITIATOR));
  const best = new Map<string, { snapshot: AnyMachineSnapshot; path: Step[] }>([[initial.value as string, { snapshot: initial as AnyMachineSnapshot, path: [] }]]);
  const done = new Set<string>();
  const edges = new Map<string, Edge>();
  for (;;) {
    // Dijkstra over states by number of events sent (weights differ: the representatives step is two).
    const open = [...best.entries()].filter(([value]) => !done.has(value)).sort((a, b) => cost(a[1].path) - cost(b[1].path));
    if (open.length === 0) break;
    const [source, { snapshot, path }] = open[0];
    done.add(source);
    for (const [type, on] of Object.entries(def.machine.states[source].on ?? {})) {
      // A period carried over from another state (carriesOver: a vacancy runs on through the talks) expires in this
      // one by the same self-transition; its setting and carrying are driven in test/negotiation.
      if (isSystemEvent(def, type) && isCarriedIn(def, source, type)) continue;
      const variants = variantsOf(type, transitionsOf(on).length);
      for (const variant of variants) {
        // Prerequisites: both teams appointed before a guard on the representatives; the deadline set by a self-transition.
        const pre: Step[] = [];
        const setBy = isSystemEvent(def, type) ? deadlineOf(def, source, type).setBy : undefined;
        // The guard of the event itself, or of the self-transition that sets the deadline it expires.
        const guarded = setBy ?? type;
        const guard = transitionsOf(def.machine.states[source].on![guarded])[0].guard;
        const probe: MachineEvent = machineEvent(stepFor(def, source, guarded, variant).acts[0], EXPLORATION_DATE);
        const needsTeams = (guard && REPRESENTATIVE_GUARDS.has(guard)) || variantPrerequisites(variant).length > 0;
        if (needsTeams && representativesRule(snapshot.context as CaseContext, probe, def.parameters).length > 0) pre.push(representativesStep());
        if (setBy) pre.push(stepFor(def, source, setBy));
        pre.push(...variantPrerequisites(variant));
        let current = snapshot;
        for (const act of pre.flatMap((s) => s.acts)) current = apply(machine, current, machineEvent(act, EXPLORATION_DATE)).next;
        const step = stepFor(def, source, type, variant);
        let result!: { next: AnyMachineSnapshot; entry: number };
        for (const act of step.acts) result = apply(machine, current, machineEvent(act, EXPLORATION_DATE));
        const target = result.next.value as string;
        const edgePath = [...path, ...pre, step];
        const key = `${source}|${type}|${result.entry}`;
        if (!edges.has(key)) edges.set(key, { source, type, variant, target, entry: result.entry, path: edgePath });
        const known = best.get(target);
        if (!done.has(target) && (!known || cost(edgePath) < cost(known.path))) best.set(target, { snapshot: result.next, path: edgePath });
      }
    }
  }
  return { workflow, machine, kind, states: done, edges: [...edges.values()] };
}

// New cases start on the latest version of each workflow: that is the one driven over HTTP.
const FILES = loadWorkflowFiles();
const MODELS = FILES.filter((f) => !FILES.some((g) => g.definition.id === f.definition.id && g.definition.version > f.definition.version)).map(explore);

/** What the case view shows of the context (`record`): the context without the engine's bookkeeping. */
function recordOf(context: CaseContext): Record<string, unknown> {
  const { overdue: _o, kind: _k, initiatorSide: _i, ...record } = context;
  return JSON.parse(JSON.stringify(record));
}

let t: TestApp;
/** Who acts for each role in each workflow (several users for a role: the tested edge rotates among them). */
let users: Record<string, Record<UserRole, string[]>>;
const START = '2018-03-01T04:00:00Z';

beforeAll(async () => {
  t = await startTestApp();
  await createExtraUsers(t);
  const authorities = { bureau: ['bureau.demo'], federation: ['federation.demo'], instructor: ['instructor.demo'] };
  users = {
    'enterprise-contract': { union: ['union.demo'], employer: ['employer.demo'], ...authorities },
    'industry-regional-contract': { union: ['union.catering'], employer: ['employer.catering', 'employer.jinjiang'], ...authorities },
  };
});

afterAll(async () => {
  await t?.close();
});

const START_CASE: Record<string, () => Record<string, unknown>> = {
  'enterprise-contract': () => ({ kind: 'comprehensive', unionId: demoId('union-shujin'), employerId: demoId('ent-shujin') }),
  'industry-regional-contract': () => ({ kind: 'industry', unionId: demoId('union-catering'), employerId: demoId('assoc-catering'), enterprises: [{ enterpriseId: demoId('ent-jinjiang'), employees: 240 }] }),
};

describe.each(MODELS.map((m) => [m.workflow.definition.id, m] as const))('model-based: %s', (workflowId, model) => {
  const def = model.workflow.definition;

  it('explores every state and every transition entry of the file', () => {
    expect([...model.states].sort()).toEqual(Object.keys(def.machine.states).sort());
    const expected: string[] = [];
    for (const [state, node] of Object.entries(def.machine.states)) {
      for (const [type, on] of Object.entries(node.on ?? {})) {
        // A period carried in from another state expires here by the same self-transition (see explore()).
        if (def.events[type].roles.includes('system') && isCarriedIn(def, state, type)) continue;
        transitionsOf(on).forEach((entry, i) => {
          expected.push(`${state}|${type}|${i}|${entry.target ?? state}`);
        });
      }
    }
    const covered = model.edges.map((e) => `${e.source}|${e.type}|${e.entry}|${e.target}`);
    expect(covered.sort()).toEqual(expected.sort());
    // Each edge's path ends with the edge itself.
    for (const e of model.edges) expect(e.path.at(-1)!.type).toBe(e.type);
  });

  it.each(model.edges.map((e, i) => [`${e.source} —${e.type}${e.variant ? ` (${e.variant})` : ''}→ ${e.target}`, e, i] as const))('%s', async (_name, edge, index) => {
    t.clock.set(START);
    const roleUsers = users[workflowId];
    const union = await as(t, roleUsers.union[0]);
    const created = await t.http().post('/api/cases').set(union).send(START_CASE[workflowId]());
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body.workflow).toMatchObject({ id: def.id, version: def.version, hash: model.workflow.hash });
    const [initial] = initialTransition(model.machine, initialContext(created.body.kind, INITIATOR));
    let predicted = initial as AnyMachineSnapshot;
    expect(created.body.state).toBe(predicted.value);
    let version: number = created.body.version;
    let sent = 1; // CASE_STARTED
    let nextCaseId: string | null = null;

    try {
      const acts = edge.path.flatMap((s, si) => s.acts.map((a) => ({ act: a, last: si === edge.path.length - 1 })));
      for (const { act, last } of acts) {
        const label = `${act.type} as ${act.role} in ${String(predicted.value)}`;
        let state: string;
        let record: Record<string, unknown>;
        let occurredOn: string;
        if (act.role === 'system') {
          const before = await t.http().get(`/api/cases/${id}`).set(union);
          const deadline = before.body.deadlines.find((d: { key: string; onExpiry: string }) => d.key === act.deadlineKey && d.onExpiry === act.type);
          expect({ label, deadline: deadline ?? null }).toMatchObject({ label, deadline: { key: act.deadlineKey, onExpiry: act.type } });
          const due = new Date(deadline.dueAt).getTime();
          // Another period of the state may end first (the first meeting's 10 working days before a vacancy's 15 days):
          // its expiry is an edge of its own, not this one's; take it off the case.
          await t.dataSource.query('DELETE FROM case_deadlines WHERE case_id = $1 AND key <> $2 AND due_at < $3', [id, act.deadlineKey, deadline.dueAt]);
          if (t.clock.now().getTime() < due - 60_000) {
            t.clock.set(new Date(due - 60_000));
            expect({ label, firedEarly: await t.fireDueDeadlines() }).toEqual({ label, firedEarly: 0 });
          }
          t.clock.set(new Date(Math.max(t.clock.now().getTime(), due + 60_000)));
          expect({ label, fired: await t.fireDueDeadlines() }).toEqual({ label, fired: 1 });
          const after = await t.http().get(`/api/cases/${id}`).set(union);
          expect(after.status).toBe(200);
          const history = await t.http().get(`/api/cases/${id}/history`).set(union);
          const event = history.body.at(-1);
          expect(event).toMatchObject({ seq: version + 1, type: act.type, actorRole: 'system', fromState: predicted.value });
          state = after.body.state;
          record = after.body.record;
          version = after.body.version;
          occurredOn = event.occurredOn;
        } else {
          t.clock.advanceDays(1);
          occurredOn = today(t);
          // The edge under test rotates among the roles (and users) the file allows; the path uses the first role.
          const roles: UserRole[] = last && !act.members && !act.pinned ? eligibleRoles(def, String(predicted.value), act.type) : [act.role as UserRole];
          const pool = roles.flatMap((r) => roleUsers[r].map((u) => ({ role: r, user: u })));
          const actor = pool[index % pool.length];
          const event = machineEvent({ ...act, role: actor.role }, occurredOn);
          const res = await t
            .http()
            .post(`/api/cases/${id}/events`)
            .set(await as(t, actor.user))
            .send({ type: act.type, payload: event.payload });
          expect({ label, user: actor.user, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ label, user: actor.user, status: 200, body: undefined });
          state = res.body.state;
          record = res.body.record;
          expect(res.body.version).toBe(version + 1);
          version = res.body.version;
          nextCaseId = res.body.nextCaseId ?? nextCaseId;
          predicted = apply(model.machine, predicted, event).next;
          expect({ label, state }).toEqual({ label, state: predicted.value });
          expect(record).toEqual(recordOf(predicted.context as CaseContext));
          sent++;
          continue;
        }
        predicted = apply(model.machine, predicted, machineEvent(act, occurredOn)).next;
        expect({ label, state }).toEqual({ label, state: predicted.value });
        expect(record).toEqual(recordOf(predicted.context as CaseContext));
        sent++;
      }
      expect(predicted.value).toBe(edge.target);

      const verdict = await t.http().get(`/api/cases/${id}/history/verify`).set(union);
      expect(verdict.status).toBe(200);
      expect(verdict.body).toEqual({ valid: true, length: sent });
      const taken = transitionsOf(def.machine.states[edge.source].on![edge.type])[edge.entry];
      if (taken.meta?.startsLinkedCase) {
        expect(nextCaseId).toEqual(expect.any(String));
        const linked = await t.http().get(`/api/cases/${nextCaseId}`).set(union);
        expect(linked.body).toMatchObject({ previousCaseId: id, workflow: { id: def.id } });
        expect((await t.http().get(`/api/cases/${nextCaseId}/history/verify`).set(union)).body).toMatchObject({ valid: true });
      } else {
        expect(nextCaseId).toBeNull();
      }
    } finally {
      await dropDeadlines(t, [id, nextCaseId]);
    }
  });
});

describe('statistics after the whole workload', () => {
  it('the rollups the engine kept through every edge of every workflow equal a recount from the cases', async () => {
    const [{ events }] = await t.dataSource.query('SELECT count(*)::int AS events FROM case_events');
    expect(events).toBeGreaterThan(1000);
    expect(await new StatisticsRecount(t.dataSource).drift()).toEqual([]);
  });
});
