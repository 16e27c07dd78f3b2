import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Actor } from '../../src/common/auth/actor.js';
import { DeadlineCalendar } from '../../src/workflow-engine/calendar/deadline-calendar.js';
import { CaseWorkflowService } from '../../src/workflow-engine/case-workflow.service.js';
import { planDeadline, resolveParam } from '../../src/workflow-engine/deadline-planner.js';
import { transitionsOf } from '../../src/workflow-engine/definition/definition-validator.js';
import type { DeadlineSpec, LoadedWorkflow, WorkflowDefinition } from '../../src/workflow-engine/definition/workflow-definition.js';
import { loadWorkflowFiles } from '../../src/workflow-engine/definition/workflow-files.js';
import type { CaseRecord } from '../../src/workflow-engine/entities/case.entity.js';
import { initialContext, sideOf, type CaseContext, type MachineEvent, type Side } from '../../src/workflow-engine/machine/case-context.js';
import { buildMachine } from '../../src/workflow-engine/machine/machine-factory.js';
import { FUZZ_FACTOR, fuzzParameters } from './fuzz-settings.js';
import { ACTOR_ROLES, choose, commandArb, deadlineSpecs, deadlinesAllowedIn, expectedAllowed, mayAct, payloadFor } from './procedure-model.js';

// Random walks over the pure machine of every workflow file, every version (the machine the engine runs,
// without the database): many runs, fast. After every step of a walk:
// - the machine is in a state the file defines; an event the state does not handle leaves it where it was,
//   one it handles lands on one of that event's targets;
// - the events the engine offers each role (CaseWorkflowService.allowedEvents) are exactly those the file
//   gives that role in that state, party rule included; a final state offers none;
// - the deadlines planned on entering a state (or by a self-transition's meta) are the ones the file
//   declares there, each expiring into an event the state handles and only the system sends, and each
//   counted as the calendar says: natural days end on a working day with only rest days skipped past the
//   period, working days count exactly the period's working days, both due at 24:00 China time.

const FILES = loadWorkflowFiles();
const calendar = DeadlineCalendar.fromDirectory();
/** allowedEvents reads nothing but its arguments: the engine's own method, without its dependencies. */
const engine = Object.create(CaseWorkflowService.prototype) as CaseWorkflowService;
const RUNS = 150;

const addDays = (date: string, n: number) => DeadlineCalendar.addDays(date, n);

/** Checks are plain comparisons (a walk makes thousands): the message says where the walk was. */
function must(ok: boolean, where: string, what: string, detail?: unknown) {
  if (!ok) throw new Error(`${where}: ${what}${detail === undefined ? '' : ` (${JSON.stringify(detail)})`}`);
}

/** The calendar's promise for a planned period, checked day by day. */
function checkPeriod(spec: DeadlineSpec, from: string, days: number, lastDay: string, where: string) {
  if (!('days' in spec)) return;
  if (spec.calendar === 'natural') {
    must(lastDay >= addDays(from, days), where, `ends before ${days} natural days from ${from}`, lastDay);
    for (let d = addDays(from, days); d < lastDay; d = addDays(d, 1)) must(calendar.isRestDay(d), where, `moved past ${d}, a working day`, lastDay);
  } else {
    let working = 0;
    for (let d = addDays(from, 1); d <= lastDay; d = addDays(d, 1)) if (!calendar.isRestDay(d)) working++;
    must(working === days, where, `${working} working days from ${from} to ${lastDay}, not ${days}`);
  }
  must(!calendar.isRestDay(lastDay), where, `the last day ${lastDay} is a rest day`);
}

function checkPlanned(def: WorkflowDefinition, state: string, specs: DeadlineSpec[], event: MachineEvent, context: CaseContext, label: string, due: Map<string, string>) {
  for (const spec of specs) {
    const planned = planDeadline(calendar, def, spec, { occurredOn: event.payload.occurredOn, payload: event.payload }, context as unknown as Record<string, unknown>);
    const where = `${label}: deadline ${spec.key}`;
    // The period's start must be known when its state is entered (the act's date, a date of its payload, the term's end).
    must(planned !== undefined, where, 'not planned: its start is unknown');
    if (!planned) continue;
    must(planned.key === spec.key && planned.onExpiry === spec.onExpiry, where, 'key or expiry event differs from the file', planned);
    must(!!def.machine.states[state].on?.[spec.onExpiry], where, `expires as ${spec.onExpiry}, which ${state} does not handle`);
    must(def.events[spec.onExpiry].roles.join() === 'system', where, `${spec.onExpiry} is not the system's alone`);
    must(planned.dueAt.getTime() === DeadlineCalendar.endOfChinaDay(planned.dueOn).getTime(), where, 'not due at 24:00 China time of its last day', planned.dueAt);
    if ('days' in spec) {
      const from = planned.basis.from as string;
      must(planned.dueOn > from, where, 'due on or before its start', planned);
      checkPeriod(spec, from, resolveParam(def, spec.days)!, planned.dueOn, where);
    }
    due.set(spec.key, planned.dueOn);
  }
}

/** Every state a walk stood in, per file: the walks must go deep, not stop at the offer. */
const visited = new Map<string, Set<string>>();

function walk(workflow: LoadedWorkflow) {
  const def = workflow.definition;
  const machine = buildMachine(def);
  const states = new Set(Object.keys(def.machine.states));
  const specs = deadlineSpecs(def);
  const seen = visited.get(workflow.file) ?? new Set<string>();
  visited.set(workflow.file, seen);
  const start = fc.constantFrom('2018-01-02', '2018-09-28', '2025-09-30', '2026-01-30', '2026-12-30');
  return fc.property(fc.constantFrom(...def.kinds), fc.constantFrom<Side>('employee', 'employer'), start, fc.array(commandArb, { minLength: 1, maxLength: 150, size: "max" }), (kind, initiatorSide, startOn, commands) => {
    let [snapshot] = initialTransition(machine, initialContext(kind, initiatorSide)) as [AnyMachineSnapshot, unknown];
    let day: string = startOn;
    /** The periods running, by key, with their last day: a system event fires one of them. */
    const due = new Map<string, string>();
    const trace: string[] = [];
    const where = () => `${def.id}@${def.version} (${initiatorSide}) ${trace.join(' → ')}`;
    for (const cmd of commands) {
      const state = snapshot.value as string;
      seen.add(state);
      must(states.has(state), where(), `unknown state ${state}`);
      const caseRow = { status: state, initiatorSide } as CaseRecord;
      for (const role of ACTOR_ROLES) {
        if (role === 'system') continue;
        const offered = engine.allowedEvents(def, caseRow, { role } as Actor).map((e) => e.type).sort();
        const expected = expectedAllowed(def, state, role, initiatorSide);
        must(offered.join() === expected.join(), where(), `${role} is offered other events than the file gives`, { offered, expected });
      }
      if (def.machine.states[state].type === 'final') {
        must(Object.keys(def.machine.states[state].on ?? {}).length === 0, where(), 'a final state handles events');
        break;
      }
      const { type, role } = choose(def, state, cmd, initiatorSide);
      const handled = def.machine.states[state].on?.[type];
      // The engine refuses a role the file does not give the event (403) before the machine sees it.
      if (handled && !mayAct(def, state, type, role, initiatorSide)) continue;
      day = addDays(day, cmd.days);
      let deadlineKey: string | undefined;
      if (role === 'system' && handled) {
        deadlineKey = [...due.keys()].find((k) => specs.get(k)?.onExpiry === type);
        if (!deadlineKey) continue; // no such period running: the scheduler has nothing to fire
        if (due.get(deadlineKey)! >= day) day = addDays(due.get(deadlineKey)!, 1);
      }
      const payload = payloadFor(type, role, day, cmd.reject) as MachineEvent['payload'];
      const event: MachineEvent = { type, payload: deadlineKey ? { ...payload, deadlineKey } : payload, actor: { role, side: role === 'system' ? undefined : sideOf(role) } };
      const taken = handled ? machine.getTransitionData(snapshot as never, event as never) : [];
      const [next] = transition(machine, snapshot, event as never) as [AnyMachineSnapshot, unknown];
      const target = next.value as string;
      trace.push(`${type}/${role}${deadlineKey ? `(${deadlineKey})` : ''}`);
      must(states.has(target), where(), `unknown state ${target}`);
      if (!handled || taken.length === 0) {
        // Unhandled, or every guard refused: nothing moves, the context included.
        must(target === state && JSON.stringify(next.context) === JSON.stringify(snapshot.context), where(), 'an event not taken changed the case');
        continue;
      }
      const all = machine.root.states[state].transitions.get(type) ?? [];
      const entry = transitionsOf(handled)[all.indexOf(taken[0])];
      must(target === (entry.target ?? state), where(), `landed in ${target}, not the file's target`, entry.target);
      if (deadlineKey) due.delete(deadlineKey);
      const context = next.context as CaseContext;
      if (target !== state) {
        for (const key of [...due.keys()]) if (!specs.get(key)?.carriesOver?.includes(target)) due.delete(key);
        checkPlanned(def, target, def.machine.states[target].meta.deadlines ?? [], event, context, where(), due);
      } else if (entry.meta?.deadlines?.length) {
        checkPlanned(def, target, entry.meta.deadlines, event, context, where(), due);
      }
      for (const key of entry.meta?.cancels ?? []) due.delete(key);
      for (const key of due.keys()) must(deadlinesAllowedIn(def, target).has(key), where(), `period ${key} runs on in ${target}`);
      snapshot = next;
    }
    seen.add(snapshot.value as string);
  });
}

describe.each(FILES.map((f) => [`${f.definition.id}@${f.definition.version}`, f] as const))('random walks over the machine of %s', (_name, workflow) => {
  it(`${RUNS} walks: valid states, allowed events as the file says, deadlines as declared and counted by the calendar`, () => {
    fc.assert(walk(workflow), fuzzParameters(RUNS, { shrink: true }));
    // The walks went deep: every state of the file was stood in by some walk.
    expect([...visited.get(workflow.file)!].sort()).toEqual(Object.keys(workflow.definition.machine.states).sort());
  }, 60_000 * FUZZ_FACTOR);
});
