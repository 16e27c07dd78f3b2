import type { MachineTransitionConfig, WorkflowDefinition } from '../definition/workflow-definition.js';

/** One arrow of the diagram: a transition of the machine, flattened out of `on`. */
export interface DiagramTransition {
  from: string;
  /** The target; the source itself for a transition without target (it stays in the state). */
  to: string;
  event: string;
  guard?: string;
  /** The unguarded last branch of an event with several branches ("else"). */
  fallback: boolean;
  /** Raised by the system (a deadline passed), not by a person. */
  system: boolean;
}

/** Every transition of the definition, in file order (states, then events, then branches). */
export function listTransitions(def: WorkflowDefinition): DiagramTransition[] {
  const list: DiagramTransition[] = [];
  for (const [from, state] of Object.entries(def.machine.states)) {
    for (const [event, config] of Object.entries(state.on ?? {})) {
      const branches: MachineTransitionConfig[] = (Array.isArray(config) ? config : [config]).map((t) =>
        typeof t === 'string' ? { target: t } : t,
      );
      for (const t of branches) {
        list.push({
          from,
          to: t.target ?? from,
          event,
          guard: t.guard,
          fallback: branches.length > 1 && !t.guard,
          system: def.events[event]?.roles.includes('system') ?? false,
        });
      }
    }
  }
  return list;
}
