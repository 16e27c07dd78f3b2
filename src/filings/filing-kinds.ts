import type { Bilingual } from '../common/errors/domain-error.js';
import { payloadJsonSchema } from '../workflow-engine/payloads/validate-payload.js';

// The checklist of filing materials (CCP Arts 42–43): the items of the FILED event's `materials`, read
// from its payload schema so that the uploads and the event name the same things, plus `other`.

const LABELS: Record<string, Bilingual> = {
  contractCopies: { zh: '集体合同文本（一式三份）', en: 'Contract text (three copies)' },
  bargainingNarrative: { zh: '集体协商情况说明', en: 'Narrative of the bargaining' },
  congressResolution: { zh: '职工代表大会（职工大会）审议通过的决议', en: 'Congress resolution with attendance and votes' },
  representativesList: { zh: '双方协商代表名单及首席代表身份证明、委托书', en: 'Representatives list with the chiefs’ credentials and delegations' },
  minutesSigned: { zh: '双方首席代表签字的协商会议记录', en: 'Minutes signed by both chiefs' },
  specialData: { zh: '专项资料（工资、职业危害或女职工数据）', en: 'Special data (wage, occupational-hazard or women-worker data)' },
  other: { zh: '其他材料', en: 'Other material' },
};

/** Special contracts file their data too (the engine's filing rule says the same). */
const SPECIAL_KINDS = new Set(['wage', 'women_workers', 'safety_health']);

type Schema = { properties?: Record<string, { type?: string }>; required?: string[] };

function materialsSchema(): Schema {
  return ((payloadJsonSchema('Filed') as Schema).properties?.materials ?? {}) as Schema;
}

/** The checklist items, in the schema's order, then `other`. */
export function filingKinds(): string[] {
  return [...Object.keys(materialsSchema().properties ?? {}), 'other'];
}

export interface ChecklistItem {
  kind: string;
  label: Bilingual;
  /** Whether FILED needs it for this kind of contract. */
  required: boolean;
  /** The payload field is a count (contract copies) rather than a yes/no. */
  counted: boolean;
}

/** The checklist for a contract kind (comprehensive, wage, …). */
export function checklist(contractKind: string): ChecklistItem[] {
  const schema = materialsSchema();
  const required = new Set(schema.required ?? []);
  if (SPECIAL_KINDS.has(contractKind)) required.add('specialData');
  return filingKinds().map((kind) => ({
    kind,
    label: LABELS[kind] ?? { zh: kind, en: kind },
    required: required.has(kind),
    counted: schema.properties?.[kind]?.type === 'integer',
  }));
}

export const kindLabel = (kind: string): Bilingual => LABELS[kind] ?? { zh: kind, en: kind };
