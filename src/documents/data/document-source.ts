import type { ContractDocument } from '../../bargaining/contract/contract-document.js';
import type { LoadedCase } from '../../workflow-engine/case-store.js';

/** What the service assembles after a transition, for the documents that transition produces. */
export interface DocumentSource {
  /** The case as loaded after the transition (its snapshot's context already records the event). */
  caseRow: LoadedCase;
  event: { type: string; seq: number; occurredOn: string; payload: Record<string, unknown> };
  /** The case's region written out, e.g. '四川省成都市武侯区'. */
  regionName: string;
  /** The labour bureau of the jurisdiction; when null, '<regionName>人力资源和社会保障局'. */
  bureauName: string | null;
  /** The contract text: the draft agreed (DRAFT_AGREED) or signed (SIGNED). */
  draft?: { version: number; content: ContractDocument };
  /** The session whose minutes were confirmed (SESSION_HELD). */
  session?: { sessionNo: number; heldOn: string; place: string; agenda: string[]; recorder: { name: string }; attendance: string[]; minutes: string };
  /** The signed contract's verification code, its QR drawing (an SVG the service draws) and the address that checks it. */
  verification?: { code: string; qrSvg: string; url: string };
}

/** One document to render: the template, the data it is rendered from, and the document's title. */
export interface DocumentSpec {
  templateId: string;
  data: Record<string, unknown>;
  title: string;
}

/** The source lacks what the event's document needs (a programming error of the caller, not of the user). */
export class DocumentSourceIncomplete extends Error {
  constructor(eventType: string, missing: string) {
    super(`documents for ${eventType}: the source has no ${missing}`);
  }
}
