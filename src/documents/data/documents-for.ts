import { documentTitle } from '../templates/document-title.js';
import { contractData, contractTemplateOf } from './contract-data.js';
import type { DocumentSource, DocumentSpec } from './document-source.js';
import { meetingNoticeData, minutesData, offerLetterData, responseAgreedData, responseRefusedData } from './letter-data.js';
import { congressResolutionData, coordinationAgreementData, filingListData, filingReceiptData, reviewOpinionData } from './review-data.js';
import { TEMPLATE_TITLES_ZH } from './source-facts.js';

export type { DocumentSource, DocumentSpec } from './document-source.js';

type Build = (source: DocumentSource) => { templateId: string; data: Record<string, unknown> }[];

const one =
  (templateId: string, build: (source: DocumentSource) => Record<string, unknown>): Build =>
  (source) => [{ templateId, data: build(source) }];

/** The documents each event produces (procedure.md: which step produces which document). */
const BY_EVENT: Record<string, Build> = {
  OFFER_ISSUED: one('offer-letter', offerLetterData),
  RENEWAL_OFFERED: one('offer-letter', offerLetterData),
  RESPONSE_AGREED: one('response-agreed', responseAgreedData),
  RESPONSE_REFUSED: one('response-refused', responseRefusedData),
  TALKS_SCHEDULED: one('meeting-notice', meetingNoticeData),
  SESSION_HELD: one('minutes', minutesData),
  DRAFT_AGREED: (source) => [{ templateId: contractTemplateOf(source.caseRow.kind), data: contractData(source, 'draft') }],
  CONGRESS_VOTED: one('congress-resolution', congressResolutionData),
  SIGNED: (source) => [{ templateId: contractTemplateOf(source.caseRow.kind), data: contractData(source, 'signed') }],
  FILED: (source) => [
    { templateId: 'filing-list', data: filingListData(source) },
    { templateId: 'filing-receipt', data: filingReceiptData(source) },
  ],
  OBJECTION_ISSUED: one('review-opinion', reviewOpinionData),
  APPROVED: one('review-opinion', reviewOpinionData),
  COORDINATION_CONCLUDED: one('coordination-agreement', coordinationAgreementData),
};

/** The event types that produce documents. */
export const DOCUMENT_EVENTS: readonly string[] = Object.keys(BY_EVENT);

/**
 * The documents an event produces, each with the data to render it from and its title; none for an
 * event that produces no paper. Throws DocumentSourceIncomplete when the source lacks what a document
 * needs (SESSION_HELD without the session, DRAFT_AGREED or SIGNED without the contract text).
 */
export function documentsFor(source: DocumentSource): DocumentSpec[] {
  const build = BY_EVENT[source.event.type];
  if (!build) return [];
  return build(source).map(({ templateId, data }) => ({ templateId, data, title: documentTitle(TEMPLATE_TITLES_ZH[templateId], data) }));
}
