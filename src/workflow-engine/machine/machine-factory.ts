import { assign, createMachine, setup, type AnyStateMachine } from 'xstate';
import type { WorkflowDefinition } from '../definition/workflow-definition.js';
import type { CaseContext, MachineEvent } from './case-context.js';
import { CONTEXT_UPDATES } from './context-actions.js';
import { GUARD_RULES } from './procedure-rules.js';

/**
 * Builds the pure XState machine of a definition: named guards are "no rule broken", named actions
 * assign context updates. No I/O: the engine persists and schedules after the transition.
 */
export function buildMachine(definition: WorkflowDefinition): AnyStateMachine {
  const params = definition.parameters;
  const guards = Object.fromEntries(
    Object.entries(GUARD_RULES).map(([name, rule]) => [name, ({ context, event }: { context: CaseContext; event: MachineEvent }) => rule(context, event, params).length === 0]),
  );
  const actions = Object.fromEntries(
    Object.entries(CONTEXT_UPDATES).map(([name, update]) => [name, assign(({ context, event }: { context: CaseContext; event: MachineEvent }) => update(context, event, params))]),
  );
  const configured = setup({
    types: {} as { context: CaseContext; events: MachineEvent },
    guards,
    actions,
  } as never) as unknown as { createMachine: typeof createMachine };
  // The file's JSON is the config; `meta` travels with it and XState keeps it on the state nodes.
  return configured.createMachine({ ...(definition.machine as object), context: ({ input }: { input: CaseContext }) => input } as never);
}
