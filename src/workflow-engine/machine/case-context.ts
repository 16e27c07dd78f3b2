import type { Role } from '../../accounts/entities/user.entity.js';
import type { Representative } from '../payloads/event-payloads.js';

export type Side = 'employee' | 'employer';

/** The side a role acts for, if any. */
export function sideOf(role: Role | 'system'): Side | undefined {
  if (role === 'union' || role === 'federation') return 'employee';
  if (role === 'employer') return 'employer';
  return undefined;
}

export interface CongressRecord {
  occurredOn: string;
  body: 'congress' | 'all_employees';
  roster: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  passed: boolean;
  reasons: { zh: string; en: string }[];
  /** The congress's own objections to the draft, for the next round. */
  objections?: string[];
}

export interface Vacancy {
  since: string;
  /** The side's number of representatives before the departure: an appointment that restores it fills the vacancy. */
  seats: number;
}

export interface Departure {
  side: Side;
  personId: string;
  name: string;
  reason: string;
  ground?: string;
  occurredOn: string;
}

/** What the machine remembers of a case: only what guards, deadlines and views need. */
export interface CaseContext {
  kind: string;
  initiatorSide: Side;
  offer?: { occurredOn: string; subjects: string[] };
  response?: { occurredOn: string; late: boolean };
  representatives: { employee: Representative[]; employer: Representative[] };
  talks?: { firstMeetingOn: string; place: string; recorder: { name: string; personId: string } };
  sessionsHeld: number;
  suspension?: { occurredOn: string; resumeOn: string; reason: string };
  coordination: { rounds: number; extended: boolean };
  draft?: { occurredOn: string; version?: number };
  congress?: CongressRecord;
  term?: { start: string; end: string };
  signedOn?: string;
  /** The chiefs who signed (Art 37). */
  signedBy?: { employee: string; employer: string };
  /** Representatives who left, in order (Arts 28, 31). */
  departures?: Departure[];
  /** Open vacancies per side (Art 31): since the first departure, and the seats the side had then. */
  vacancies?: Partial<Record<Side, Vacancy>>;
  filing?: { occurredOn: string; late: boolean };
  materialsRequested: number;
  objections: number;
  effectiveOn?: string;
  publishedOn?: string;
  /** Deadlines whose period passed, in the current stretch of the procedure. */
  overdue: string[];
  /** The last reason given (refusal, withdrawal, coordination, termination). */
  lastReason?: { event: string; occurredOn: string; reason: string };
}

export interface MachineEvent {
  type: string;
  payload: Record<string, unknown> & { occurredOn: string };
  actor: { role: Role | 'system'; side?: Side };
  /** What the service looked up for the guards (e.g. the compliance checker's blocking findings); absent = nothing known against. */
  facts?: CaseFacts;
}

/** Facts outside the machine that guards may weigh, gathered by the service before the transition. */
export interface CaseFacts {
  /** Blocking findings of the compliance checker on the current draft (DRAFT_AGREED, SIGNED). */
  blockingFindings?: { id: string; article: string; message_zh: string; message_en: string }[];
  /** Problems with the accounts named for representatives (REPRESENTATIVES_APPOINTED). */
  accountProblems?: { article: string; message_zh: string; message_en: string }[];
}

export function initialContext(kind: string, initiatorSide: Side): CaseContext {
  return {
    kind,
    initiatorSide,
    representatives: { employee: [], employer: [] },
    sessionsHeld: 0,
    coordination: { rounds: 0, extended: false },
    materialsRequested: 0,
    objections: 0,
    overdue: [],
  };
}
