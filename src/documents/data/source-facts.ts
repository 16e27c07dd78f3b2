import { CONTRACT_KIND_TITLES } from '../../bargaining/dto/case.dto.js';
import { readIndustries } from '../../organisations/reference-data.loader.js';
import type { Representative } from '../../workflow-engine/payloads/event-payloads.js';
import type { CaseContext, Side } from '../../workflow-engine/machine/case-context.js';
import type { DocumentSource } from './document-source.js';

// What the documents say about the case, read from the loaded case and its machine context: the
// parties' names by side, the teams, the contract's name, the bureau, the deadlines.

export const TEMPLATE_FOR_KIND: Record<string, string> = {
  comprehensive: 'contract-comprehensive',
  wage: 'contract-wage',
  women_workers: 'contract-women-workers',
  safety_health: 'contract-safety-health',
  industry: 'contract-industry-regional',
  regional: 'contract-industry-regional',
};

/** The Chinese titles of the templates (templates/documents/<id>.json title_zh; a spec checks they agree). */
export const TEMPLATE_TITLES_ZH: Record<string, string> = {
  'offer-letter': '集体协商要约书',
  'response-agreed': '应约书',
  'response-refused': '不同意协商的书面回复',
  'meeting-notice': '协商会议通知',
  minutes: '协商会议记录',
  'contract-comprehensive': '集体合同',
  'contract-wage': '工资专项集体合同',
  'contract-women-workers': '女职工权益保护专项集体合同',
  'contract-safety-health': '劳动安全卫生专项集体合同',
  'contract-industry-regional': '行业性/区域性集体合同',
  'congress-resolution': '职工代表大会决议',
  'filing-list': '集体合同报送材料清单',
  'filing-receipt': '受理回执',
  'review-opinion': '审查意见书',
  'coordination-agreement': '协调处理协议书',
};

/** Periods fixed by the rules themselves (CCP Arts 32, 47, 48 and the model 审查意见书). */
export const RESPONSE_DAYS = 20;
export const REVIEW_DAYS = 15;
export const PUBLISH_DAYS = 10;

export const isIndustrial = (kind: string) => kind === 'industry' || kind === 'regional';

export const otherSide = (side: Side): Side => (side === 'employee' ? 'employer' : 'employee');

export function contextOf(source: DocumentSource): CaseContext {
  const c = (source.caseRow.snapshot?.context ?? {}) as Partial<CaseContext>;
  return {
    kind: source.caseRow.kind,
    initiatorSide: source.caseRow.initiatorSide,
    representatives: { employee: [], employer: [] },
    sessionsHeld: 0,
    coordination: { rounds: 0, extended: false },
    materialsRequested: 0,
    objections: 0,
    overdue: [],
    ...c,
  } as CaseContext;
}

export const initiatorOf = (source: DocumentSource): Side => source.caseRow.initiatorSide ?? contextOf(source).initiatorSide ?? 'employee';

/**
 * The employer side's name: the enterprise, or for industry/regional bargaining the employer association;
 * with no association, the enterprises covered (a few by name, many as "X等N家企业").
 */
export function employerName(source: DocumentSource): string {
  const { employerName: name, enterprises } = source.caseRow;
  if (name) return name;
  if (enterprises.length === 0) return `${source.regionName}企业方协商代表`;
  if (enterprises.length <= 3) return enterprises.map((e) => e.name).join('、');
  return `${enterprises[0].name}等${enterprises.length}家企业`;
}

export const sideName = (source: DocumentSource, side: Side) => (side === 'employee' ? source.caseRow.unionName : employerName(source));

export const parties = (source: DocumentSource) => ({ union: source.caseRow.unionName, employer: employerName(source) });

export const bureauOf = (source: DocumentSource) => source.bureauName ?? `${source.regionName}人力资源和社会保障局`;

export const kindTitle = (kind: string) => CONTRACT_KIND_TITLES[kind as keyof typeof CONTRACT_KIND_TITLES] ?? '集体合同';

/** A name stripped of its union suffix: 成都市餐饮行业工会联合会 → 成都市餐饮行业, 某某公司工会 → 某某公司. */
const withoutUnionSuffix = (name: string) => name.replace(/(工会联合会|联合工会|工会委员会|工会)$/, '');

/**
 * The contract's name: 成都蜀锦机械制造有限公司工资专项集体合同; for industry/regional bargaining the
 * union's trade or area: 成都市餐饮行业集体合同, 簇桥街道区域性集体合同.
 */
export function contractTitle(source: DocumentSource): string {
  const { kind, unionName } = source.caseRow;
  if (!isIndustrial(kind)) return `${source.caseRow.employerName ?? withoutUnionSuffix(unionName)}${kindTitle(kind)}`;
  const base = withoutUnionSuffix(unionName);
  if (kind === 'industry') return base.endsWith('行业') ? `${base}集体合同` : `${base}行业性集体合同`;
  return base.endsWith('区域') ? `${base}集体合同` : `${base}区域性集体合同`;
}

/** The congress that reviews the draft: the enterprise's, or the industry's or area's (CCP Art 36). */
export function congressName(source: DocumentSource, body: 'congress' | 'all_employees'): string {
  const { kind, employerName: enterprise, unionName } = source.caseRow;
  const base = !isIndustrial(kind) && enterprise ? enterprise : withoutUnionSuffix(unionName);
  return `${base}${body === 'congress' ? '职工代表大会' : '职工大会'}`;
}

/** One side's team for a letter: the chief and the others, or nothing when the side has not appointed one. */
export function teamOf(context: CaseContext, side: Side): { chief: string; members: string[] } | undefined {
  const members: Representative[] = context.representatives?.[side] ?? [];
  const chief = members.find((m) => m.chief);
  if (!chief) return undefined;
  return { chief: chief.name, members: members.filter((m) => m !== chief).map((m) => m.name) };
}

export const chiefOf = (context: CaseContext, side: Side): string | undefined => context.representatives?.[side]?.find((m) => m.chief)?.name;

/** The due date of a running deadline of the case (e.g. 'response', 'review'), if the case has it. */
export const deadlineDue = (source: DocumentSource, key: string): string | undefined => source.caseRow.deadlines?.find((d) => d.key === key)?.dueOn?.slice(0, 10);

let industries: Map<string, string> | undefined;
/** GB/T 4754 section name of the case's industry (H → 住宿和餐饮业). */
export function industryName(code: string | null): string | undefined {
  if (!code) return undefined;
  industries ??= new Map(readIndustries().map((i) => [i.code, i.name]));
  return industries.get(code);
}

// Payload readers: the payload was validated against its class when the event was recorded; these
// keep the documents' data to the shapes the templates accept (no blank strings, no empty lists).
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
export const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map(text).filter((v): v is string => v !== undefined) : []);

/** Drops the keys whose value is undefined (the schemas close every object: a present key must be valid). */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
