import { placeArticles, termsOf, type ContractDocument, type ContractTerms } from '../../bargaining/contract/contract-document.js';
import { DocumentSourceIncomplete, type DocumentSource } from './document-source.js';
import { contextOf, contractTitle, defined, industryName, isIndustrial, parties, TEMPLATE_FOR_KIND, text } from './source-facts.js';

// The contract as the contract templates take it: chapters and articles numbered through the whole
// text (第N条 counts across chapters, as placeArticles does), the checkable standards in a table,
// and for the signed contract both chiefs' signatures and the verification code.

const KEY_TERMS: (keyof ContractTerms)[] = [
  'lowestMonthlyWage',
  'wageIncreasePercent',
  'standardHoursPerDay',
  'standardHoursPerWeek',
  'overtimeHoursPerDayMax',
  'overtimeHoursPerMonthMax',
  'overtimePayWorkdayPercent',
  'overtimePayRestDayPercent',
  'overtimePayHolidayPercent',
  'annualLeaveDays',
  'maternityLeaveDays',
];

export function contractTemplateOf(kind: string): string {
  const id = TEMPLATE_FOR_KIND[kind];
  if (!id) throw new Error(`no contract template for the kind ${JSON.stringify(kind)}`);
  return id;
}

function chaptersOf(content: ContractDocument) {
  const placed = placeArticles(content);
  let i = 0;
  return content.chapters.map((chapter, c) => ({
    no: c + 1,
    title: chapter.title,
    articles: chapter.articles.map(() => {
      const a = placed[i++];
      return { no: a.no, title: a.title ?? '', text: a.text };
    }),
  }));
}

/** The first value of each numeric standard the articles carry (a term given twice is the checker's finding, not the table's). */
function keyTermsOf(content: ContractDocument): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const { name, value } of termsOf(content)) {
    if (KEY_TERMS.includes(name) && typeof value === 'number' && Number.isFinite(value) && !(name in out)) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function termOf(content: ContractDocument): { start: string; end: string } | undefined {
  const terms = termsOf(content);
  const start = terms.find((t) => t.name === 'termStart')?.value;
  const end = terms.find((t) => t.name === 'termEnd')?.value;
  return typeof start === 'string' && typeof end === 'string' ? { start, end } : undefined;
}

/** DRAFT_AGREED (draft, watermarked) and SIGNED (signatures and verification) → the kind's contract template. */
export function contractData(source: DocumentSource, mode: 'draft' | 'signed'): Record<string, unknown> {
  const { event, caseRow, draft } = source;
  if (!draft) throw new DocumentSourceIncomplete(event.type, 'draft (the contract text)');
  const p = event.payload;
  const signed = mode === 'signed';
  const payloadTerm = text(p.termStart) && text(p.termEnd) ? { start: text(p.termStart)!, end: text(p.termEnd)! } : undefined;
  const context = contextOf(source);
  const data: Record<string, unknown> = defined({
    title: contractTitle(source),
    draft: !signed,
    draftVersion: signed ? undefined : (typeof p.draftVersion === 'number' ? p.draftVersion : draft.version),
    parties: parties(source),
    term: (signed ? (payloadTerm ?? (context.term ? { start: context.term.start, end: context.term.end } : undefined)) : undefined) ?? termOf(draft.content),
    chapters: chaptersOf(draft.content),
    keyTerms: keyTermsOf(draft.content),
    signature: signed
      ? {
          employeeChief: text(p.employeeChief) ?? context.signedBy?.employee,
          employerChief: text(p.employerChief) ?? context.signedBy?.employer,
          signedOn: event.occurredOn,
        }
      : undefined,
    verification: signed && source.verification ? { code: source.verification.code, qrSvg: source.verification.qrSvg, url: source.verification.url } : undefined,
  });
  if (isIndustrial(caseRow.kind)) {
    const enterprises = caseRow.enterprises.map((e) => ({ name: e.name, employees: e.employees }));
    Object.assign(
      data,
      defined({
        scope: caseRow.kind,
        area: source.regionName,
        industry: caseRow.kind === 'industry' ? (industryName(caseRow.industryCode) ?? '本行业') : undefined,
        enterprises,
        employeesCovered: enterprises.length ? enterprises.reduce((sum, e) => sum + e.employees, 0) : caseRow.employeesCovered,
      }),
    );
  }
  return data;
}
