import type { Bilingual } from '../../../common/errors/domain-error.js';
import type { WorkflowDefinition } from '../../../workflow-engine/definition/workflow-definition.js';
import { ROLE_LABELS, type Lang } from '../i18n.js';

// The case page's timeline: each act of the log with who did it, the date of the act, when it was recorded,
// and the few payload facts a reader looks for (a refusal's reason, the subjects offered, the term).

/** The payload fields worth a line in the timeline, in this order; the rest stays in the API's history. */
const FACTS: [field: string, label: Bilingual][] = [
  ['reason', { zh: '理由', en: 'Reason' }],
  ['subjects', { zh: '协商议题', en: 'Subjects' }],
  ['additionalSubjects', { zh: '补充议题', en: 'Additional subjects' }],
  ['proposedMeetingOn', { zh: '建议协商日期', en: 'Proposed meeting date' }],
  ['firstMeetingOn', { zh: '首次协商日期', en: 'First meeting date' }],
  ['place', { zh: '地点', en: 'Place' }],
  ['resumeOn', { zh: '恢复日期', en: 'Resume on' }],
  ['days', { zh: '延长天数', en: 'Days' }],
  ['termStart', { zh: '期限起始日', en: 'Term start' }],
  ['termEnd', { zh: '期限终止日', en: 'Term end' }],
  ['objections', { zh: '审查意见', en: 'Objections' }],
  ['missing', { zh: '缺少的材料', en: 'Missing materials' }],
  ['summary', { zh: '摘要', en: 'Summary' }],
  ['note', { zh: '备注', en: 'Note' }],
];

const SYSTEM: Bilingual = { zh: '系统（期限届满）', en: 'System (deadline)' };
const MAX_FACT = 140;

export interface TimelineEntry {
  seq: number;
  type: string;
  label: Bilingual;
  who: Bilingual;
  occurredOn: string;
  /** China time, minutes. */
  recordedAt: string;
  facts: { label: Bilingual; value: string }[];
}

export interface LoggedEvent {
  seq: number;
  type: string;
  actorRole: string;
  actorName?: string;
  payload: Record<string, unknown>;
  occurredOn: string;
  recordedAt: Date;
}

function factValue(value: unknown): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number') text = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join('、');
  if (!text) return undefined;
  return text.length > MAX_FACT ? `${text.slice(0, MAX_FACT)}…` : text;
}

const minutes = (at: Date) => at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);

export function timeline(def: WorkflowDefinition, events: LoggedEvent[]): TimelineEntry[] {
  return events.map((e) => {
    const role = ROLE_LABELS[e.actorRole as keyof typeof ROLE_LABELS] as Record<Lang, string> | undefined;
    const who: Bilingual = role ? { zh: e.actorName ? `${e.actorName}（${role.zh}）` : role.zh, en: e.actorName ? `${e.actorName} (${role.en})` : role.en } : e.actorRole === 'system' ? SYSTEM : { zh: e.actorRole, en: e.actorRole };
    const facts = FACTS.flatMap(([field, label]) => {
      const value = factValue(e.payload?.[field]);
      return value ? [{ label, value }] : [];
    });
    const label = e.type === 'CASE_STARTED' ? { zh: '发起案件', en: 'Case started' } : (def.events[e.type]?.label ?? { zh: e.type, en: e.type });
    return { seq: e.seq, type: e.type, label, who, occurredOn: e.occurredOn, recordedAt: minutes(e.recordedAt), facts };
  });
}
