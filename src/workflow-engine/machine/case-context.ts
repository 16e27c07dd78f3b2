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
