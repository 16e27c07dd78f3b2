import type { Side } from '../../workflow-engine/machine/case-context.js';
import { DocumentSourceIncomplete, type DocumentSource } from './document-source.js';
import {
  chiefOf,
  contextOf,
  contractTitle,
  deadlineDue,
  defined,
  initiatorOf,
  kindTitle,
  otherSide,
  RESPONSE_DAYS,
  sideName,
  teamOf,
  text,
  texts,
} from './source-facts.js';

// The letters of the talks: offer, the replies, the meeting notice, the minutes. The initiator (either
// side may start, CCP Art 32) writes the offer and the notice; the other side replies.

const letter = (source: DocumentSource, from: Side) => ({
  senderSide: from,
  sender: { name: sideName(source, from) },
  addressee: { name: sideName(source, otherSide(from)) },
});

/** OFFER_ISSUED, RENEWAL_OFFERED → 集体协商要约书. */
export function offerLetterData(source: DocumentSource): Record<string, unknown> {
  const { event, caseRow } = source;
  const p = event.payload;
  const context = contextOf(source);
  const from = initiatorOf(source);
  const renewal = event.type === 'RENEWAL_OFFERED';
  const subjects = texts(p.subjects);
  return defined({
    letterNo: text(p.letterNo),
    ...letter(source, from),
    contractKindTitle: kindTitle(caseRow.kind),
    renewal,
    currentTermEnd: renewal ? (caseRow.termEnd ?? context.term?.end ?? undefined) : undefined,
    subjects: subjects.length ? subjects : [`${renewal ? '续订' : '签订'}${kindTitle(caseRow.kind)}`],
    proposedMeetingOn: text(p.proposedMeetingOn),
    proposedPlace: text(p.proposedPlace),
    representatives: teamOf(context, from),
    responseDays: RESPONSE_DAYS,
    responseDueOn: renewal ? undefined : deadlineDue(source, 'response'),
    note: text(p.note),
    issuedOn: event.occurredOn,
  });
}

const offeredSubjects = (source: DocumentSource) => {
  const subjects = contextOf(source).offer?.subjects ?? [];
  return subjects.length ? subjects : [`签订${kindTitle(source.caseRow.kind)}`];
};

/** RESPONSE_AGREED → 应约书, from the side that received the offer. */
export function responseAgreedData(source: DocumentSource): Record<string, unknown> {
  const { event, caseRow } = source;
  const context = contextOf(source);
  const from = otherSide(initiatorOf(source));
  const additional = texts(event.payload.additionalSubjects);
  return defined({
    ...letter(source, from),
    contractKindTitle: kindTitle(caseRow.kind),
    offerReceivedOn: context.offer?.occurredOn ?? event.occurredOn,
    subjects: offeredSubjects(source),
    additionalSubjects: additional.length ? additional : undefined,
    representatives: teamOf(context, from),
    note: text(event.payload.note),
    issuedOn: event.occurredOn,
  });
}

/** RESPONSE_REFUSED → 不同意协商的书面回复, with the reasons given (CCP Art 32). */
export function responseRefusedData(source: DocumentSource): Record<string, unknown> {
  const { event, caseRow } = source;
  const context = contextOf(source);
  const reason = text(event.payload.reason);
  if (!reason) throw new DocumentSourceIncomplete(event.type, 'reason in the payload');
  return {
    ...letter(source, otherSide(initiatorOf(source))),
    contractKindTitle: kindTitle(caseRow.kind),
    offerReceivedOn: context.offer?.occurredOn ?? event.occurredOn,
    subjects: offeredSubjects(source),
    reason,
    issuedOn: event.occurredOn,
  };
}

/** TALKS_SCHEDULED → 协商会议通知: agenda, time, place, the jointly named recorder (CCP Art 33). */
export function meetingNoticeData(source: DocumentSource): Record<string, unknown> {
  const { event, caseRow } = source;
  const p = event.payload;
  const context = contextOf(source);
  const from = initiatorOf(source);
  const recorder = (p.recorder ?? context.talks?.recorder) as { name?: string } | undefined;
  const meetingOn = text(p.firstMeetingOn) ?? context.talks?.firstMeetingOn;
  const place = text(p.place) ?? context.talks?.place;
  if (!meetingOn || !place || !text(recorder?.name)) throw new DocumentSourceIncomplete(event.type, 'meeting date, place or recorder');
  const agenda = texts(p.agenda);
  return defined({
    sender: { name: sideName(source, from) },
    addressee: { name: sideName(source, otherSide(from)) },
    contractKindTitle: kindTitle(caseRow.kind),
    meetingOn,
    place,
    agenda: agenda.length ? agenda : offeredSubjects(source),
    recorder: { name: text(recorder?.name)! },
    representatives: defined({ employee: teamOf(context, 'employee'), employer: teamOf(context, 'employer') }),
    note: text(p.note),
    issuedOn: event.occurredOn,
  });
}

/**
 * SESSION_HELD → 协商会议记录 of the session both chiefs confirmed (CCP Art 34), from the session the
 * workspace recorded. A SESSION_HELD sent straight through the events API has no session row: the record
 * is then made from the payload (number, day, summary) and the talks as scheduled (place, recorder).
 */
export function minutesData(source: DocumentSource): Record<string, unknown> {
  const { event, session } = source;
  const context = contextOf(source);
  const p = event.payload;
  const sessionNo = session?.sessionNo ?? (typeof p.sessionNo === 'number' ? p.sessionNo : undefined);
  const place = text(session?.place) ?? context.talks?.place;
  const recorder = text(session?.recorder?.name) ?? text(context.talks?.recorder?.name);
  if (!sessionNo || !place || !recorder) throw new DocumentSourceIncomplete(event.type, 'session (number, place and recorder)');
  // Attendance is by personId: current representatives first, then those who left since (Art 31).
  const people = new Map<string, { side: Side; name: string; chief: boolean }>();
  for (const d of context.departures ?? []) people.set(d.personId, { side: d.side, name: d.name, chief: false });
  for (const side of ['employee', 'employer'] as const) {
    for (const m of context.representatives?.[side] ?? []) people.set(m.personId, { side, name: m.name, chief: m.chief });
  }
  const attendees = { employee: [] as { name: string; chief: boolean }[], employer: [] as { name: string; chief: boolean }[] };
  for (const id of session?.attendance ?? []) {
    const person = people.get(id);
    if (person) attendees[person.side].push({ name: person.name, chief: person.chief });
  }
  const agenda = texts(session?.agenda);
  const written = text(session?.minutes);
  return defined({
    subject: contractTitle(source),
    sessionNo,
    heldOn: text(session?.heldOn) ?? text(p.heldOn) ?? event.occurredOn,
    place,
    agenda: agenda.length ? agenda : offeredSubjects(source),
    attendees,
    recorder: { name: recorder },
    minutes: written ?? text(p.summary) ?? '（本次会议未录入文字记录。）',
    summary: written ? text(p.summary) : undefined,
    chiefs: { employee: chiefOf(context, 'employee') ?? '（未指定）', employer: chiefOf(context, 'employer') ?? '（未指定）' },
    signedOn: event.occurredOn,
  });
}
