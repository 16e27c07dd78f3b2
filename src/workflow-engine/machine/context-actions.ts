import type { Representative } from '../payloads/event-payloads.js';
import type { CaseContext, Departure, MachineEvent, Side } from './case-context.js';
import { congressRule, type Params } from './procedure-rules.js';

// Named actions the workflow files may use: pure updates of the context from the event.
// Each returns the part of the context it changes.

const withoutSide = (vacancies: NonNullable<CaseContext['vacancies']>, side: Side) => Object.fromEntries(Object.entries(vacancies).filter(([s]) => s !== side));

type Update = (context: CaseContext, event: MachineEvent, params: Params) => Partial<CaseContext>;

const payload = <T>(event: MachineEvent) => event.payload as unknown as T;

export const CONTEXT_UPDATES: Record<string, Update> = {
  recordOffer: (_c, e) => ({ offer: { occurredOn: e.payload.occurredOn, subjects: payload<{ subjects: string[] }>(e).subjects }, overdue: [] }),

  recordResponse: (c, e) => ({ response: { occurredOn: e.payload.occurredOn, late: c.overdue.includes('response') }, overdue: [] }),

  recordReason: (_c, e) => {
    const p = payload<{ reason?: string; application?: string }>(e);
    return { lastReason: { event: e.type, occurredOn: e.payload.occurredOn, reason: p.reason ?? p.application ?? '' }, overdue: [] };
  },

  // The actor's side comes from the actor's role; a new list replaces that side's list (a replacement, Art 30):
  // members left out are recorded as replaced. A list that restores the side's seats fills its vacancy.
  recordRepresentatives: (c, e) => {
    const side = e.actor.side;
    if (!side) return {};
    const members = payload<{ members: Representative[] }>(e).members;
    const kept = new Set(members.map((m) => m.personId));
    const replaced: Departure[] = c.representatives[side].filter((m) => !kept.has(m.personId)).map((m) => ({ side, personId: m.personId, name: m.name, reason: 'replaced', occurredOn: e.payload.occurredOn }));
    const vacancy = c.vacancies?.[side];
    const filled = vacancy !== undefined && members.length >= vacancy.seats;
    return {
      representatives: { ...c.representatives, [side]: members },
      ...(replaced.length || c.departures ? { departures: [...(c.departures ?? []), ...replaced] } : {}),
      ...(filled ? { vacancies: withoutSide(c.vacancies!, side), overdue: c.overdue.filter((k) => k !== `vacancy.${side}`) } : {}),
    };
  },

  // The first departure of a side opens its vacancy; later ones before it is filled count from the same day.
  recordDeparture: (c, e) => {
    const side = e.actor.side;
    if (!side) return {};
    const p = payload<{ personId: string; reason: string; ground?: string }>(e);
    const member = c.representatives[side].find((m) => m.personId === p.personId);
    const departure: Departure = { side, personId: p.personId, name: member?.name ?? p.personId, reason: p.reason, ...(p.ground ? { ground: p.ground } : {}), occurredOn: e.payload.occurredOn };
    return {
      representatives: { ...c.representatives, [side]: c.representatives[side].filter((m) => m.personId !== p.personId) },
      departures: [...(c.departures ?? []), departure],
      vacancies: { ...c.vacancies, [side]: c.vacancies?.[side] ?? { since: e.payload.occurredOn, seats: c.representatives[side].length } },
    };
  },

  recordTalks: (_c, e) => {
    const p = payload<{ firstMeetingOn: string; place: string; recorder: { name: string; personId: string } }>(e);
    return { talks: { firstMeetingOn: p.firstMeetingOn, place: p.place, recorder: p.recorder }, overdue: [] };
  },

  recordSession: (c) => ({ sessionsHeld: c.sessionsHeld + 1 }),

  recordSuspension: (_c, e) => {
    const p = payload<{ resumeOn: string; reason: string }>(e);
    return { suspension: { occurredOn: e.payload.occurredOn, resumeOn: p.resumeOn, reason: p.reason } };
  },

  recordCoordination: (c) => ({ coordination: { rounds: c.coordination.rounds + 1, extended: false }, overdue: [] }),

  recordExtension: (c) => ({ coordination: { ...c.coordination, extended: true }, overdue: c.overdue.filter((k) => k !== 'coordination') }),

  recordDraft: (_c, e) => ({ draft: { occurredOn: e.payload.occurredOn, version: payload<{ draftVersion?: number }>(e).draftVersion } }),

  // Both branches of CONGRESS_VOTED record the vote; a rejection keeps the reasons (Art 36).
  recordCongress: (c, e, params) => {
    const p = payload<{ body: 'congress' | 'all_employees'; roster: number; present: number; yes: number; no: number; abstain: number; objections?: string[] }>(e);
    const reasons = congressRule(c, e, params).map((r) => ({ zh: r.message_zh, en: r.message_en }));
    const objections = p.objections?.length ? { objections: p.objections } : {};
    return { congress: { occurredOn: e.payload.occurredOn, body: p.body, roster: p.roster, present: p.present, yes: p.yes, no: p.no, abstain: p.abstain, passed: reasons.length === 0, reasons, ...objections } };
  },

  recordSigning: (_c, e) => {
    const p = payload<{ termStart: string; termEnd: string; employeeChief: string; employerChief: string }>(e);
    return { term: { start: p.termStart, end: p.termEnd }, signedOn: e.payload.occurredOn, signedBy: { employee: p.employeeChief, employer: p.employerChief } };
  },

  recordFiling: (c, e) => ({ filing: { occurredOn: e.payload.occurredOn, late: c.overdue.includes('filing') }, overdue: [] }),

  recordMaterialsRequest: (c) => ({ materialsRequested: c.materialsRequested + 1 }),

  recordMaterialsSupplied: (c) => ({ overdue: c.overdue.filter((k) => k !== 'materials') }),

  recordObjection: (c) => ({ objections: c.objections + 1 }),

  recordApproval: (_c, e) => ({ effectiveOn: e.payload.occurredOn }),

  recordPublication: (_c, e) => ({ publishedOn: e.payload.occurredOn, overdue: [] }),

  flagOverdue: (c, e) => {
    const key = (e.payload.deadlineKey as string | undefined) ?? e.type;
    return c.overdue.includes(key) ? {} : { overdue: [...c.overdue, key] };
  },
};
