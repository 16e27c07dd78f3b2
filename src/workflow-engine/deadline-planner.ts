import { DeadlineCalendar, type PeriodEnd } from './calendar/deadline-calendar.js';
import type { DeadlineSpec, ParamRef, WorkflowDefinition } from './definition/workflow-definition.js';

export interface PlannedDeadline {
  key: string;
  dueOn: string;
  dueAt: Date;
  onExpiry: string;
  marksOverdue: boolean;
  basis: Record<string, unknown>;
  warnings: { zh: string; en: string }[];
}

export function resolveParam(definition: WorkflowDefinition, ref: ParamRef | undefined): number | undefined {
  if (ref === undefined) return undefined;
  return typeof ref === 'number' ? ref : definition.parameters[ref.slice(1)];
}

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Turns a deadline of a workflow file into a row: the last day, the instant it passes, and how it was counted. */
export function planDeadline(
  calendar: DeadlineCalendar,
  definition: WorkflowDefinition,
  spec: DeadlineSpec,
  event: { occurredOn: string; payload: Record<string, unknown> },
  context: Record<string, unknown>,
): PlannedDeadline | undefined {
  let end: PeriodEnd;
  let basis: Record<string, unknown>;
  if ('days' in spec) {
    const from = spec.from === 'occurredOn' ? event.occurredOn : at(event.payload, spec.from.slice('payload.'.length));
    if (typeof from !== 'string') return undefined;
    const days = resolveParam(definition, spec.days)!;
    end = calendar.periodEnd(from, days, spec.calendar);
    basis = { days, calendar: spec.calendar, from, source: spec.source };
  } else {
    const anchor = at(context, spec.at.slice('context.'.length));
    if (typeof anchor !== 'string') return undefined;
    const months = resolveParam(definition, spec.monthsBefore) ?? 0;
    const date = months ? DeadlineCalendar.monthsBefore(anchor, months) : anchor;
    // A fixed date ends at its own 24:00; "N months before the end" begins on that day, so it is due at its start.
    end = months ? { ...calendar.fixedDate(DeadlineCalendar.addDays(date, -1)) } : calendar.fixedDate(date);
    basis = { anchor, monthsBefore: months || undefined, source: spec.source };
  }
  return {
    key: spec.key,
    dueOn: end.lastDay,
    dueAt: end.dueAt,
    onExpiry: spec.onExpiry,
    marksOverdue: spec.marksOverdue ?? true,
    basis: { ...basis, label: spec.label },
    warnings: end.warnings,
  };
}
