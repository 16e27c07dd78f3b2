/** The events that produce documents (src/documents/data maps each to its templates): their outbox rows are written with them. */
export const DOCUMENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'OFFER_ISSUED',
  'RENEWAL_OFFERED',
  'RESPONSE_AGREED',
  'RESPONSE_REFUSED',
  'TALKS_SCHEDULED',
  'SESSION_HELD',
  'DRAFT_AGREED',
  'CONGRESS_VOTED',
  'SIGNED',
  'FILED',
  'OBJECTION_ISSUED',
  'APPROVED',
  'COORDINATION_CONCLUDED',
]);
