import fc from 'fast-check';
import { ROLES, type Role } from '../../src/accounts/entities/user.entity.js';
import { transitionsOf } from '../../src/workflow-engine/definition/definition-validator.js';
import type { DeadlineSpec, WorkflowDefinition } from '../../src/workflow-engine/definition/workflow-definition.js';
import { sideOf, type Side } from '../../src/workflow-engine/machine/case-context.js';
import { EMPLOYEE_TEAM, EMPLOYER_TEAM, samplePayload } from '../support/procedure-samples.js';

// What a workflow file says, read independently of the engine: who may send which event in which state,
// which deadlines a state or a transition sets, and a random walk over a case (the commands fast-check draws).

export type ActorRole = Role | 'system';
export const ACTOR_ROLES: ActorRole[] = [...ROLES, 'system'];

/** The roles the file lets send `type` in `state` (transition meta over the event's), with the party rule. */
export function mayAct(def: WorkflowDefinition, state: string, type: string, role: ActorRole, initiatorSide: Side): boolean {
  const on = def.machine.states[state]?.on?.[type];
  const spec = def.events[type];
  if (!on || !spec) return false;
  const first = transitionsOf(on)[0];
  const roles = first.meta?.roles ?? spec.roles;
  if (!roles.includes(role)) return false;
  const party = first.meta?.party ?? spec.party ?? 'any';
  const side = role === 'system' ? undefined : sideOf(role);
  if (party === 'any' || !side) return true;
  return party === 'initiator' ? side === initiatorSide : side !== initiatorSide;
}

/** The events `role` may send in `state`, sorted. */
export function expectedAllowed(def: WorkflowDefinition, state: string, role: ActorRole, initiatorSide: Side): string[] {
  return Object.keys(def.machine.states[state]?.on ?? {})
    .filter((type) => mayAct(def, state, type, role, initiatorSide))
    .sort();
}

export const isSystemEvent = (def: WorkflowDefinition, type: string) => def.events[type]?.roles.includes('system') ?? false;

/** Every deadline the file declares, by key (a key means the same period wherever it is set). */
export function deadlineSpecs(def: WorkflowDefinition): Map<string, DeadlineSpec> {
  const specs = new Map<string, DeadlineSpec>();
  for (const node of Object.values(def.machine.states)) {
    for (const d of node.meta.deadlines ?? []) specs.set(d.key, d);
    for (const on of Object.values(node.on ?? {})) for (const t of transitionsOf(on)) for (const d of t.meta?.deadlines ?? []) specs.set(d.key, d);
  }
  return specs;
}

/** Deadline keys a case may have running in `state`: set on entering it, by one of its transitions, or carried in. */
export function deadlinesAllowedIn(def: WorkflowDefinition, state: string): Set<string> {
  const node = def.machine.states[state];
  const keys = new Set<string>((node.meta.deadlines ?? []).map((d) => d.key));
  for (const on of Object.values(node.on ?? {})) for (const t of transitionsOf(on)) for (const d of t.meta?.deadlines ?? []) keys.add(d.key);
  for (const [key, spec] of deadlineSpecs(def)) if (spec.carriesOver?.includes(state)) keys.add(key);
  return keys;
}

/** A valid payload of `type` as `role` would send it (teams and departures name the sender's own side). */
export function payloadFor(type: string, role: ActorRole, on: string, reject: boolean): Record<string, unknown> {
  const side = role === 'system' ? undefined : sideOf(role);
  const team = side === 'employer' ? EMPLOYER_TEAM : EMPLOYEE_TEAM;
  if (type === 'REPRESENTATIVES_APPOINTED') return { occurredOn: on, members: team };
  const payload = samplePayload(type, on, reject ? 'reject' : undefined);
  if (type === 'REPRESENTATIVE_LEFT') payload.personId = team[reject ? 1 : 2].personId;
  return payload;
}

/** One step of a random walk: which event (among those the state handles, or any), who sends it, and days passing. */
export interface Command {
  /** 0–99: below the walk's wild share, any event of the file by any role (mostly refused); else one the state handles, by a role the file allows. */
  wild: number;
  pick: number;
  rolePick: number;
  /** A rejected congress vote, another member leaving. */
  reject: boolean;
  days: number;
}

export const commandArb: fc.Arbitrary<Command> = fc.record({
  wild: fc.nat(99),
  pick: fc.nat(1000),
  rolePick: fc.nat(1000),
  reject: fc.nat(3).map((n) => n === 0),
  days: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 6, max: 60 })),
});

/**
 * Chooses the event and role of a command in `state`. A walk should go deep: three times in four it takes an
 * event that does not end the case (a final state ends the walk), and `wildPercent` of the time anything at all.
 */
export function choose(def: WorkflowDefinition, state: string, cmd: Command, initiatorSide: Side, wildPercent = 25): { type: string; role: ActorRole } {
  const on = def.machine.states[state].on ?? {};
  const handled = Object.keys(on);
  if (handled.length === 0 || cmd.wild < wildPercent) {
    const all = Object.keys(def.events);
    return { type: all[cmd.pick % all.length], role: ACTOR_ROLES[cmd.rolePick % ACTOR_ROLES.length] };
  }
  const ending = (type: string) => transitionsOf(on[type]).every((t) => t.target && def.machine.states[t.target].type === 'final');
  const going = handled.filter((type) => !ending(type));
  const pool = going.length && (cmd.pick * 7 + cmd.rolePick * 13 + cmd.days) % 4 !== 0 ? going : handled;
  const type = pool[cmd.pick % pool.length];
  if (isSystemEvent(def, type)) return { type, role: 'system' };
  const roles = ACTOR_ROLES.filter((r) => mayAct(def, state, type, r, initiatorSide));
  return { type, role: roles.length ? roles[cmd.rolePick % roles.length] : ACTOR_ROLES[cmd.rolePick % ACTOR_ROLES.length] };
}
