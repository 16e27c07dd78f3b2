import { readFileSync } from 'node:fs';
import type { Art8Topic, ContractArticle, ContractDocument, ContractTerms } from '../../bargaining/contract/contract-document.js';
import { projectPath } from '../../config/project-root.js';
import { DeadlineCalendar } from '../../workflow-engine/calendar/deadline-calendar.js';
import { initialContext, type CaseContext } from '../../workflow-engine/machine/case-context.js';
import type { Representative } from '../../workflow-engine/payloads/event-payloads.js';
import type { ComplianceInput, ComplianceTables } from '../compliance-rule.js';
import { MinimumWageTable } from '../minimum-wage.js';

// Builders for the compliance specs: the real reference data and workflow parameters, small drafts.

export const REGIONS = {
  province: ['510000'],
  jinjiang: ['510000', '510100', '510104'], // 成都市锦江区, tier 1
  jintang: ['510000', '510100', '510121'], // 成都市金堂县, tier 2
  ganzi: ['510000', '513300'], // 甘孜州, tier 3
} as const;

export const PARAMS: Record<string, number> = JSON.parse(readFileSync(projectPath('workflows', 'enterprise-contract.v1.json'), 'utf8')).parameters;

export const readReferenceJson = (file: string) => JSON.parse(readFileSync(projectPath('src', 'reference-data', file), 'utf8'));

export const realTables = (): ComplianceTables => ({ minimumWage: MinimumWageTable.fromDirectory(), calendar: DeadlineCalendar.fromDirectory() });

let keys = 0;
export function article(topics: Art8Topic[], terms?: ContractTerms, title = `条款 ${++keys}`): ContractArticle {
  return { key: `a${++keys}`, title, text: title, topics, ...(terms ? { terms } : {}) };
}

/** One chapter per argument list. */
export const contract = (...chapters: ContractArticle[][]): ContractDocument => ({ chapters: chapters.map((articles, i) => ({ title: `第${i + 1}章`, articles })) });

export function complianceInput(over: Partial<ComplianceInput> & { content?: ContractDocument; contextChanges?: Partial<CaseContext> } = {}): ComplianceInput {
  const { content, contextChanges, ...rest } = over;
  const kind = over.kind ?? 'comprehensive';
  return {
    kind,
    regionPath: [...REGIONS.jinjiang],
    today: '2023-06-01',
    ...(content ? { draft: { version: 1, content } } : {}),
    context: { ...initialContext(kind, 'employee'), ...contextChanges },
    params: PARAMS,
    ...rest,
  };
}

export function representative(name: string, over: Partial<Representative> = {}): Representative {
  return { name, personId: name, chief: false, external: false, delegated: false, position: 'other', ...over };
}

/** A side of `size` with a lawful chief and `experts` delegated external experts. */
export function side(prefix: string, size: number, experts = 0, head: Representative['position'] = 'union_chair'): Representative[] {
  return Array.from({ length: size }, (_, i) =>
    i === 0 ? representative(`${prefix}0`, { chief: true, position: head }) : representative(`${prefix}${i}`, i > size - 1 - experts ? { external: true, delegated: true } : {}),
  );
}
