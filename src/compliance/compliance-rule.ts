import type { ContractDocument } from '../bargaining/contract/contract-document.js';
import type { DeadlineCalendar } from '../workflow-engine/calendar/deadline-calendar.js';
import type { CaseContext } from '../workflow-engine/machine/case-context.js';
import type { MinimumWageTable } from './minimum-wage.js';

// A compliance rule checks a draft contract and the case's procedure against one provision of law;
// each finding cites it (procedure.md, "Content checks"). Blocking findings stop DRAFT_AGREED/SIGNED.

export type Severity = 'blocking' | 'warning';

export interface Citation {
  law_zh: string;
  law_en: string;
  /** e.g. 第五十五条 */
  article: string;
  /** e.g. Art 55 */
  article_en: string;
  /** The short form the engine's own rules use: 'CCP Art 38', 'LCL Art 55'. */
  reference: string;
}

/** The contract article a finding concerns (第N条 counts through the chapters). */
export interface FindingArticle {
  key: string;
  no: number;
  label: string;
  title: string;
}

export interface Finding {
  id: string;
  severity: Severity;
  citation: Citation;
  message_zh: string;
  message_en: string;
  contractArticle?: FindingArticle;
}

export interface ComplianceInput {
  /** comprehensive | wage | women_workers | safety_health | industry | regional */
  kind: string;
  /** Region codes, province first (e.g. ['510000', '510100', '510104']). */
  regionPath: string[];
  today: string;
  draft?: { version: number; content: ContractDocument };
  context: CaseContext;
  /** SIGNED being judged: what the chiefs sign now (before it is in the context). */
  signing?: { termStart: string; termEnd: string; employeeChief: string; employerChief: string };
  /** The workflow definition's parameters (filingDays, termMinYears, ...). */
  params: Record<string, number>;
}

export interface ComplianceTables {
  minimumWage: MinimumWageTable;
  calendar: DeadlineCalendar;
}

export interface ComplianceRule {
  id: string;
  severity: Severity;
  citation: Citation;
  title_zh: string;
  title_en: string;
  check(input: ComplianceInput, tables: ComplianceTables): Finding[];
}
