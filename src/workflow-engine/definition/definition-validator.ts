import { CONTEXT_UPDATES } from '../machine/context-actions.js';
import { GUARD_RULES } from '../machine/procedure-rules.js';
import { PAYLOAD_SCHEMAS } from '../payloads/event-payloads.js';
import { ROLES } from '../../accounts/entities/user.entity.js';
import type { DeadlineSpec, MachineTransitionConfig, ParamRef, WorkflowDefinition } from './workflow-definition.js';

/** A workflow file the service refuses to run: names the file and the path inside it. */
export class InvalidWorkflow extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`workflow file ${file}: ${path}: ${problem}`);
  }
}

export function transitionsOf(on: unknown): MachineTransitionConfig[] {
  if (on === undefined) return [];
  const list = Array.isArray(on) ? on : [on];
  return list.map((t) => (typeof t === 'string' ? { target: t } : (t as MachineTransitionConfig)));
}

const EVENT_ROLES = new Set<string>([...ROLES, 'system']);

/** Checks a parsed workflow file; throws InvalidWorkflow at the first problem. */
export function validateDefinition(def: WorkflowDefinition, file: string): void {
  const fail = (path: string, problem: string): never => {
    throw new InvalidWorkflow(file, path, problem);
  };
  if (typeof def !== 'object' || def === null) fail('$', 'must be a JSON object');
  if (typeof def.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(def.id)) fail('id', 'must be a kebab-case string');
  if (!Number.isInteger(def.version) || def.version < 1) fail('version', 'must be a positive integer');
  if (!['enterprise', 'industry_regional'].includes(def.scope)) fail('scope', 'must be "enterprise" or "industry_regional"');
  if (!Array.isArray(def.kinds) || def.kinds.length === 0) fail('kinds', 'must list at least one contract kind');
  if (typeof def.parameters !== 'object' || def.parameters === null) fail('parameters', 'must be an object of numbers');
  for (const [name, value] of Object.entries(def.parameters)) if (typeof value !== 'number' || !Number.isFinite(value)) fail(`parameters.${name}`, 'must be a number');
  if (typeof def.events !== 'object' || def.events === null) fail('events', 'must be an object');
  const machine = def.machine;
  if (!machine || typeof machine.states !== 'object') fail('machine.states', 'missing');
  if (machine.id !== def.id) fail('machine.id', `must equal the workflow id "${def.id}"`);
  if (!machine.states[machine.initial]) fail('machine.initial', `unknown state "${machine.initial}"`);

  const param = (path: string, ref: ParamRef | undefined) => {
    if (ref === undefined || typeof ref === 'number') return;
    if (typeof ref !== 'string' || !ref.startsWith('$') || !(ref.slice(1) in def.parameters)) fail(path, `unknown parameter ${JSON.stringify(ref)}`);
  };

  for (const [type, spec] of Object.entries(def.events)) {
    const path = `events.${type}`;
    if (!Array.isArray(spec.roles) || spec.roles.length === 0) fail(`${path}.roles`, 'an event needs at least one role');
    for (const role of spec.roles) if (!EVENT_ROLES.has(role)) fail(`${path}.roles`, `unknown role "${role}"`);
    if (!PAYLOAD_SCHEMAS[spec.payload]) fail(`${path}.payload`, `unknown payload schema "${spec.payload}"`);
    if (spec.party && !['initiator', 'responder', 'any'].includes(spec.party)) fail(`${path}.party`, `unknown party rule "${spec.party}"`);
    if (!spec.label?.zh || !spec.label?.en) fail(`${path}.label`, 'needs zh and en');
  }

  const usedEvents = new Set<string>();
  const checkDeadline = (path: string, d: DeadlineSpec, handled: Set<string>) => {
    if (!d.key) fail(`${path}.key`, 'missing');
    if (!d.onExpiry) fail(`${path}.onExpiry`, 'a deadline needs an expiry event');
    if (!def.events[d.onExpiry]) fail(`${path}.onExpiry`, `unknown event "${d.onExpiry}"`);
    if (!handled.has(d.onExpiry)) fail(`${path}.onExpiry`, `event "${d.onExpiry}" is not handled in this state`);
    if (!def.events[d.onExpiry].roles.includes('system')) fail(`${path}.onExpiry`, `event "${d.onExpiry}" must be sendable by the system`);
    if (d.carriesOver !== undefined && !Array.isArray(d.carriesOver)) fail(`${path}.carriesOver`, 'must list states');
    for (const state of d.carriesOver ?? []) {
      if (!def.machine.states[state]) fail(`${path}.carriesOver`, `unknown state "${state}"`);
      if (!def.machine.states[state].on?.[d.onExpiry]) fail(`${path}.carriesOver`, `event "${d.onExpiry}" is not handled in "${state}", where the period runs on`);
    }
    if ('days' in d) {
      param(`${path}.days`, d.days);
      if (!['natural', 'working'].includes(d.calendar)) fail(`${path}.calendar`, 'must be "natural" or "working"');
      if (d.from !== 'occurredOn' && !/^payload\.\w+$/.test(d.from)) fail(`${path}.from`, 'must be "occurredOn" or "payload.<field>"');
    } else if ('at' in d) {
      if (!/^context\.[\w.]+$/.test(d.at)) fail(`${path}.at`, 'must be "context.<path>"');
      param(`${path}.monthsBefore`, d.monthsBefore);
    } else fail(path, 'a deadline needs "days" or "at"');
  };

  for (const [name, state] of Object.entries(machine.states)) {
    const path = `machine.states.${name}`;
    if (!state.meta?.label?.zh || !state.meta?.label?.en) fail(`${path}.meta.label`, 'needs zh and en');
    if (state.type === 'final' && state.on && Object.keys(state.on).length) fail(`${path}.on`, 'a final state has no transitions');
    const handled = new Set(Object.keys(state.on ?? {}));
    for (const [type, on] of Object.entries(state.on ?? {})) {
      if (!def.events[type]) fail(`${path}.on.${type}`, `event "${type}" is not declared in events`);
      usedEvents.add(type);
      transitionsOf(on).forEach((t, i) => {
        const tp = `${path}.on.${type}${Array.isArray(on) ? `[${i}]` : ''}`;
        if (t.target !== undefined && !machine.states[t.target]) fail(`${tp}.target`, `unknown state "${t.target}"`);
        if (t.guard !== undefined && !GUARD_RULES[t.guard]) fail(`${tp}.guard`, `unknown guard "${t.guard}"`);
        for (const action of t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions]) {
          if (!CONTEXT_UPDATES[action]) fail(`${tp}.actions`, `unknown action "${action}"`);
        }
        if (t.meta?.roles) for (const role of t.meta.roles) if (!EVENT_ROLES.has(role)) fail(`${tp}.meta.roles`, `unknown role "${role}"`);
        if (t.meta?.roles && t.meta.roles.length === 0) fail(`${tp}.meta.roles`, 'an event needs at least one role');
        t.meta?.deadlines?.forEach((d, j) => checkDeadline(`${tp}.meta.deadlines[${j}]`, d, handled));
        if (t.meta?.extends) param(`${tp}.meta.extends.maxDays`, t.meta.extends.maxDays);
      });
    }
    state.meta.deadlines?.forEach((d, j) => checkDeadline(`${path}.meta.deadlines[${j}]`, d, handled));
  }

  // Every state reachable from the initial one.
  const reached = new Set([machine.initial]);
  const queue = [machine.initial];
  while (queue.length) {
    const state = machine.states[queue.shift()!];
    for (const on of Object.values(state.on ?? {})) {
      for (const t of transitionsOf(on)) {
        if (t.target && !reached.has(t.target)) {
          reached.add(t.target);
          queue.push(t.target);
        }
      }
    }
  }
  for (const name of Object.keys(machine.states)) if (!reached.has(name)) fail(`machine.states.${name}`, 'unreachable from the initial state');
  for (const type of Object.keys(def.events)) if (!usedEvents.has(type)) fail(`events.${type}`, 'declared but no state handles it');
}
