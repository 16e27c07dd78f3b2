import { Inject, Injectable } from '@nestjs/common';
import type { Bilingual } from '../common/errors/domain-error.js';
import { WorkflowRegistry } from '../workflow-engine/workflow-registry.js';

/**
 * What the instructors' figures need to know of the workflows, read from the files (not a list kept by hand):
 * which states leave nobody anything to do, and which deadline events make a case overdue.
 */
@Injectable()
export class CaseStates {
  constructor(@Inject(WorkflowRegistry) private readonly registry: WorkflowRegistry) {}

  /**
   * `workflowId@version:state` of the states where a case is no longer open: the final states, and those where
   * nobody is expected to act (meta.actors empty: `in_force`). A contract in force for three years is no
   * instructor's workload; its renewal window is again (someone must act there).
   */
  closedKeys(): string[] {
    return this.registry.list().flatMap((w) =>
      Object.entries(w.definition.machine.states)
        .filter(([, s]) => s.type === 'final' || !s.meta.actors?.length)
        .map(([name]) => `${w.definition.id}@${w.definition.version}:${name}`),
    );
  }

  /** The final states of the given workflow version. */
  isFinal(workflowId: string, version: number, state: string): boolean {
    return this.registry.get(workflowId, version)?.definition.machine.states[state]?.type === 'final';
  }

  /** Events that report a period run out and mark the case overdue (not those whose expiry is the normal course, e.g. silence means approval). */
  overdueEventTypes(): string[] {
    const types = new Set<string>();
    for (const w of this.registry.list()) for (const d of w.deadlineSpecs.values()) if (d.marksOverdue !== false) types.add(d.onExpiry);
    return [...types].sort();
  }

  /** The state's place in its workflow file (the procedure's order), for listing states in that order. */
  order(workflowId: string, version: number, state: string): number {
    const states = Object.keys(this.registry.get(workflowId, version)?.definition.machine.states ?? {});
    const k = states.indexOf(state);
    return k < 0 ? states.length : k;
  }

  label(workflowId: string, version: number, state: string): Bilingual {
    return this.registry.get(workflowId, version)?.definition.machine.states[state]?.meta.label ?? { zh: state, en: state };
  }
}

/** SQL: the case row `c` is open (pass CaseStates.closedKeys() as the parameter `$n`). */
export const openCase = (param: string) => `(c.workflow_id || '@' || c.workflow_version || ':' || c.status) <> ALL(${param}::text[])`;

