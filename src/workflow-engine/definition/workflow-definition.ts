import type { Role } from '../../accounts/entities/user.entity.js';
import type { Bilingual } from '../../common/errors/domain-error.js';

// The shape of a workflow file under workflows/: an XState v5 machine config as data (`machine`), plus
// what XState has no word for, kept in `meta` of states and transitions and in the `events` table.

/** A number, or "$name" naming a value of the file's `parameters`. */
export type ParamRef = number | `$${string}`;

export type { DayCount as CalendarKind } from '../calendar/deadline-calendar.js';
import type { DayCount as CalendarKind } from '../calendar/deadline-calendar.js';

/** A period counted from a date: `days` natural or working days after the day of the act (not counted, CC Art 201). */
interface DeadlineBase {
  key: string;
  onExpiry: string;
  source: string;
  label: Bilingual;
  /** Whether its expiry makes the case overdue (default true); false where expiry is the normal course (silence means approval). */
  marksOverdue?: boolean;
  /**
   * States the period runs on into (with its overdue flag) when the case moves; by default a state's deadlines end
   * with it. For periods that belong to a fact, not to a state (a representative's vacancy, Art 31).
   */
  carriesOver?: string[];
}

export interface PeriodDeadline extends DeadlineBase {
  days: ParamRef;
  calendar: CalendarKind;
  /** "occurredOn": the date of the act of the event that entered the state; "payload.<field>": a date in its payload. */
  from: 'occurredOn' | `payload.${string}`;
}

/** A fixed date from the case's context, optionally some months before it (e.g. 3 months before the term ends). */
export interface AnchoredDeadline extends DeadlineBase {
  /** "context.<path>": an ISO date in the machine context. */
  at: `context.${string}`;
  monthsBefore?: ParamRef;
}

export type DeadlineSpec = PeriodDeadline | AnchoredDeadline;

export interface StateMeta {
  label: Bilingual;
  /** Deadlines created on entering the state and cancelled when it is left. */
  deadlines?: DeadlineSpec[];
  /** Who is expected to act, for inboxes. */
  actors?: Role[];
  source?: string;
}

export interface TransitionMeta {
  /** Overrides the event's default roles for this transition. */
  roles?: EventRole[];
  /** Overrides the event's party rule for this transition. */
  party?: EventSpec['party'];
  /** Deadlines this transition creates in the state it stays in (self-transitions). */
  deadlines?: DeadlineSpec[];
  /** Deadline keys this transition cancels. */
  cancels?: string[];
  /** Pushes an existing deadline later by the payload's `days` (at most `maxDays`), e.g. coordination, Art 52. */
  extends?: { key: string; maxDays: ParamRef };
  /** Starts a new linked case (renewal). */
  startsLinkedCase?: boolean;
}

/** A role, or a party-relative role: the side that did not issue the offer must answer it. */
export type EventRole = Role | 'system';

export interface EventSpec {
  label: Bilingual;
  roles: EventRole[];
  /** "initiator": only the side that issued the offer; "responder": only the other side; "any" (default): either. */
  party?: 'initiator' | 'responder' | 'any';
  /** Name of the payload schema (a class-validator DTO in src/workflow-engine/payloads). */
  payload: string;
  source?: string;
}

export interface MachineTransitionConfig {
  target?: string;
  guard?: string;
  actions?: string | string[];
  meta?: TransitionMeta;
  description?: string;
}

export interface MachineStateConfig {
  type?: 'final';
  meta: StateMeta;
  on?: Record<string, string | MachineTransitionConfig | MachineTransitionConfig[]>;
}

export interface MachineConfig {
  id: string;
  initial: string;
  states: Record<string, MachineStateConfig>;
}

export type CaseScope = 'enterprise' | 'industry_regional';

export interface WorkflowDefinition {
  id: string;
  /** Why each parameter has its value (the legal source). */
  parameterNotes?: Record<string, string>;
  version: number;
  title: Bilingual;
  scope: CaseScope;
  /** Contract kinds this workflow runs, a case attribute. */
  kinds: string[];
  source: string;
  parameters: Record<string, number>;
  events: Record<string, EventSpec>;
  machine: MachineConfig;
}

/** A definition as loaded: with the file it came from and the sha256 of its bytes. */
export interface LoadedWorkflow {
  definition: WorkflowDefinition;
  file: string;
  hash: string;
}
