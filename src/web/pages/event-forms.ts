import type { Bilingual, FieldViolation } from '../../common/errors/domain-error.js';
import { fieldViolation } from '../../common/errors/domain-error.js';
import { samplePayload } from '../../database/seed/procedure-samples.js';

// The case page's action forms, generated from each allowed event's payload JSON Schema (as GET
// /api/cases/:id gives it), and the way back: the posted strings converted to the schema's types.

type Schema = { type?: string; format?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema>; required?: string[]; maxLength?: number; minimum?: number; maximum?: number; minItems?: number; description?: string };

/** The name of the JSON textarea of an event whose payload the generator cannot render field by field. */
export const JSON_FIELD = 'payloadJson';

export interface FormField {
  /** The input's name: `payload.<path>` (the field the API's violations name), or payloadJson. */
  name: string;
  id: string;
  label: Bilingual;
  hint: Bilingual;
  required: boolean;
  value: string;
  checked: boolean;
  isDate: boolean;
  isText: boolean;
  isTextarea: boolean;
  isLines: boolean;
  isNumber: boolean;
  isCheckbox: boolean;
  isSelect: boolean;
  isJson: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  options: { value: string; label: Bilingual; selected: boolean }[];
  errors: Bilingual[];
}

export interface EventForm {
  type: string;
  label: Bilingual;
  id: string;
  json: boolean;
  fields: FormField[];
  /** Messages that name no field of the form (a procedure rule, a conflict). */
  errors: Bilingual[];
}

/** What was posted, to show again with the messages when it was refused. */
export interface Entered {
  type: string;
  values: Record<string, string>;
  fieldErrors: FieldViolation[];
  formErrors: Bilingual[];
}

const LABELS: Record<string, Bilingual> = {
  occurredOn: { zh: '发生日期', en: 'Date' },
  note: { zh: '备注', en: 'Note' },
  reason: { zh: '理由', en: 'Reason' },
  subjects: { zh: '协商议题', en: 'Subjects' },
  proposedMeetingOn: { zh: '建议协商日期', en: 'Proposed meeting date' },
  proposedPlace: { zh: '建议协商地点', en: 'Proposed place' },
  letterNo: { zh: '要约书编号', en: 'Letter number' },
  additionalSubjects: { zh: '补充议题', en: 'Additional subjects' },
  personId: { zh: '人员编号', en: 'Person ID' },
  ground: { zh: '第二十八条情形', en: 'Art. 28 ground' },
  firstMeetingOn: { zh: '首次协商日期', en: 'First meeting date' },
  place: { zh: '地点', en: 'Place' },
  agenda: { zh: '议程', en: 'Agenda' },
  recorder: { zh: '记录员', en: 'Recorder' },
  name: { zh: '姓名', en: 'Name' },
  sessionNo: { zh: '会议次数', en: 'Session number' },
  minutesSignedByBothChiefs: { zh: '会议记录经双方首席代表签字', en: 'Minutes signed by both chiefs' },
  summary: { zh: '摘要', en: 'Summary' },
  heldOn: { zh: '举行日期', en: 'Held on' },
  resumeOn: { zh: '恢复日期', en: 'Resume on' },
  application: { zh: '申请内容', en: 'Application' },
  agreementNo: { zh: '协议编号', en: 'Agreement number' },
  days: { zh: '延长天数', en: 'Days' },
  signedByBothChiefs: { zh: '草案经双方首席代表签字', en: 'Draft signed by both chiefs' },
  draftVersion: { zh: '草案版本', en: 'Draft version' },
  body: { zh: '表决机构', en: 'Voting body' },
  roster: { zh: '应到人数', en: 'Roster' },
  present: { zh: '实到人数', en: 'Present' },
  yes: { zh: '赞成票', en: 'Yes' },
  no: { zh: '反对票', en: 'No' },
  abstain: { zh: '弃权票', en: 'Abstain' },
  objections: { zh: '意见', en: 'Objections' },
  employeeChief: { zh: '职工方首席代表', en: 'Employees’ chief' },
  employerChief: { zh: '企业方首席代表', en: 'Employer’s chief' },
  termStart: { zh: '期限起始日', en: 'Term start' },
  termEnd: { zh: '期限终止日', en: 'Term end' },
  materials: { zh: '备案材料', en: 'Filing materials' },
  contractCopies: { zh: '合同文本份数', en: 'Contract copies' },
  bargainingNarrative: { zh: '协商情况说明', en: 'Bargaining narrative' },
  congressResolution: { zh: '职代会决议', en: 'Congress resolution' },
  representativesList: { zh: '协商代表名单', en: 'Representatives list' },
  minutesSigned: { zh: '会议记录已签字', en: 'Minutes signed' },
  specialData: { zh: '专项数据', en: 'Special data' },
  delayExplanation: { zh: '逾期说明', en: 'Delay explanation' },
  missing: { zh: '缺少的材料', en: 'Missing materials' },
  method: { zh: '公布方式', en: 'Method' },
  legalBasis: { zh: '法律依据', en: 'Legal basis' },
};

const OPTION_LABELS: Record<string, Bilingual> = {
  congress: { zh: '职工代表大会', en: 'Workers’ congress' },
  all_employees: { zh: '全体职工', en: 'All employees' },
  resigned: { zh: '辞职', en: 'Resigned' },
  replaced: { zh: '更换', en: 'Replaced' },
  contract_ended: { zh: '劳动合同终止', en: 'Contract ended' },
  dismissed: { zh: '解除劳动合同', en: 'Dismissed' },
  transferred: { zh: '调动', en: 'Transferred' },
  force_majeure: { zh: '不可抗力', en: 'Force majeure' },
  other: { zh: '其他', en: 'Other' },
  serious_discipline_breach: { zh: '严重违反劳动纪律', en: 'Serious breach of discipline' },
  serious_dereliction: { zh: '严重失职', en: 'Serious dereliction' },
  criminal_liability: { zh: '被依法追究刑事责任', en: 'Criminal liability' },
};

/** Fields the pages never offer (set by the scheduler only). */
const HIDDEN = new Set(['deadlineKey']);

const idOf = (type: string, name: string) => `f-${type}-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** Whether the generator can render the schema field by field (arrays of objects it cannot). */
function renderable(schema: Schema): boolean {
  if (schema.type === 'array') return schema.items?.type === 'string';
  if (schema.type === 'object') return Object.values(schema.properties ?? {}).every((s) => s.type !== 'object' && renderable(s));
  return ['string', 'integer', 'number', 'boolean'].includes(schema.type ?? '') || Array.isArray(schema.enum);
}

/** The forms of the events the viewer may send now; `entered` refills the one that was refused. */
export function eventForms(allowed: { type: string; label: Bilingual; payloadSchema: Record<string, unknown> }[], today: string, entered?: Entered): EventForm[] {
  return allowed.map((event) => {
    const schema = event.payloadSchema as Schema;
    const mine = entered?.type === event.type ? entered : undefined;
    const errorsOf = (name: string) => (mine?.fieldErrors ?? []).filter((v) => v.field === name || v.field.startsWith(`${name}.`)).map((v) => ({ zh: v.message_zh, en: v.message_en }));
    const json = !Object.entries(schema.properties ?? {}).every(([k, s]) => HIDDEN.has(k) || renderable(s));
    let fields: FormField[];
    if (json) {
      const value = mine?.values[JSON_FIELD] ?? JSON.stringify(samplePayload(event.type, today), null, 2);
      fields = [
        {
          ...blank(event.type, JSON_FIELD),
          label: { zh: '事件内容（JSON，已预填示例数据，请按实际情况修改）', en: 'Payload (JSON, prefilled with sample data: edit it to the facts)' },
          hint: { zh: '此事件含有多人名单等结构化内容，本页暂以 JSON 填写；字段说明见接口文档。', en: 'This event carries structured lists (e.g. a team); for now it is entered as JSON here; see the API docs for its fields.' },
          required: true,
          isJson: true,
          value,
          // Every violation of this form is shown beside the one textarea.
          errors: (mine?.fieldErrors ?? []).map((v) => ({ zh: `${v.field}：${v.message_zh}`, en: `${v.field}: ${v.message_en}` })),
        },
      ];
    } else {
      fields = flatten(schema, 'payload').map(({ name, schema: s, required }) => field(event.type, name, s, required, today, mine, errorsOf(name)));
    }
    const named = new Set(fields.map((f) => f.name));
    const loose = (mine?.fieldErrors ?? []).filter((v) => !json && ![...named].some((n) => v.field === n || v.field.startsWith(`${n}.`)));
    return {
      type: event.type,
      label: event.label,
      id: `form-${event.type}`,
      json,
      fields,
      errors: [...(mine?.formErrors ?? []), ...loose.map((v) => ({ zh: `${v.field}：${v.message_zh}`, en: `${v.field}: ${v.message_en}` }))],
    };
  });
}

/** The schema's leaves, nested objects' fields named `payload.a.b`; occurredOn first, the note last. */
function flatten(schema: Schema, prefix: string, parentRequired = true): { name: string; schema: Schema; required: boolean }[] {
  const required = new Set(schema.required ?? []);
  const order = (k: string) => (k === 'occurredOn' ? 0 : k === 'note' ? 2 : 1);
  const keys = Object.keys(schema.properties ?? {})
    .filter((k) => !HIDDEN.has(k))
    .sort((a, b) => order(a) - order(b));
  return keys.flatMap((k) => {
    const s = schema.properties![k];
    const name = `${prefix}.${k}`;
    if (s.type === 'object') return flatten(s, name, parentRequired && required.has(k));
    return [{ name, schema: s, required: parentRequired && required.has(k) }];
  });
}

function blank(type: string, name: string): FormField {
  return {
    name,
    id: idOf(type, name),
    label: { zh: name, en: name },
    hint: { zh: '', en: '' },
    required: false,
    value: '',
    checked: false,
    isDate: false,
    isText: false,
    isTextarea: false,
    isLines: false,
    isNumber: false,
    isCheckbox: false,
    isSelect: false,
    isJson: false,
    options: [],
    errors: [],
  };
}

function field(type: string, name: string, s: Schema, required: boolean, today: string, mine: Entered | undefined, errors: Bilingual[]): FormField {
  const key = name.split('.').pop()!;
  const parent = name.split('.').slice(1, -1).map((p) => LABELS[p]);
  const own = LABELS[key] ?? { zh: key, en: key };
  const label = parent.length && parent[0] ? { zh: `${parent[0].zh}：${own.zh}`, en: `${parent[0].en}: ${own.en}` } : own;
  const f: FormField = { ...blank(type, name), label, required, errors };
  const hints: Bilingual[] = [{ zh: required ? '必填' : '选填', en: required ? 'required' : 'optional' }];
  const posted = mine?.values[name];
  if (s.type === 'boolean') {
    f.isCheckbox = true;
    f.checked = mine ? posted === 'true' : false;
    if (s.enum?.length === 1 && s.enum[0] === true) hints[0] = { zh: '须确认', en: 'must be confirmed' };
    else hints.shift();
  } else if (Array.isArray(s.enum)) {
    f.isSelect = true;
    f.value = posted ?? '';
    f.options = s.enum.map((v) => ({ value: String(v), label: OPTION_LABELS[String(v)] ?? { zh: String(v), en: String(v) }, selected: String(v) === f.value }));
  } else if (s.type === 'string' && s.format === 'date') {
    f.isDate = true;
    f.value = posted ?? (key === 'occurredOn' ? today : '');
    hints.push({ zh: '格式 YYYY-MM-DD（中国日期）', en: 'YYYY-MM-DD (China date)' });
  } else if (s.type === 'integer' || s.type === 'number') {
    f.isNumber = true;
    f.value = posted ?? '';
    f.min = s.minimum;
    f.max = s.maximum;
    hints.push({ zh: s.type === 'integer' ? '整数' : '数字', en: s.type === 'integer' ? 'a whole number' : 'a number' });
  } else if (s.type === 'array') {
    f.isLines = true;
    f.value = posted ?? '';
    hints.push({ zh: '每行一项', en: 'one per line' });
  } else {
    f.value = posted ?? '';
    f.maxLength = s.maxLength;
    if ((s.maxLength ?? 0) > 200) f.isTextarea = true;
    else f.isText = true;
    if (s.maxLength) hints.push({ zh: `不超过 ${s.maxLength} 字`, en: `at most ${s.maxLength} characters` });
  }
  if (s.description) hints.push({ zh: s.description.replace('later than', '晚于'), en: s.description });
  f.hint = { zh: hints.map((h) => h.zh).join('；'), en: hints.map((h) => h.en).join('; ') };
  return f;
}

/**
 * The payload of a posted form, converted to the schema's types: dates stay YYYY-MM-DD strings, numbers
 * parsed, booleans from checkboxes, arrays one item a line, empty optional fields omitted. What cannot be
 * converted is a violation naming the field (the engine's own validation does the rest).
 */
export function formPayload(type: string, schemaIn: Record<string, unknown>, values: Record<string, string>): { payload: Record<string, unknown>; violations: FieldViolation[] } {
  const schema = schemaIn as Schema;
  const violations: FieldViolation[] = [];
  const json = !Object.entries(schema.properties ?? {}).every(([k, s]) => HIDDEN.has(k) || renderable(s));
  if (json) {
    try {
      const payload = JSON.parse(values[JSON_FIELD] ?? '');
      if (payload && typeof payload === 'object' && !Array.isArray(payload)) return { payload, violations };
    } catch {
      // reported below
    }
    return { payload: {}, violations: [fieldViolation(JSON_FIELD, 'isJson', '须为 JSON 对象', 'must be a JSON object')] };
  }
  const payload: Record<string, unknown> = {};
  for (const { name, schema: s } of flatten(schema, 'payload', true)) {
    const raw = values[name];
    let value: unknown;
    if (s.type === 'boolean') value = raw === 'true';
    else {
      const text = (raw ?? '').trim();
      if (text === '') continue;
      if (s.type === 'integer' || s.type === 'number') {
        const n = Number(text);
        if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(n) || (s.type === 'integer' && !Number.isInteger(n))) {
          violations.push(fieldViolation(name, s.type === 'integer' ? 'isInt' : 'isNumber', s.type === 'integer' ? '须为整数' : '须为数字', s.type === 'integer' ? 'must be a whole number' : 'must be a number'));
          continue;
        }
        value = n;
      } else if (s.type === 'array') {
        value = (raw ?? '')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
      } else value = s.format === 'date' || Array.isArray(s.enum) ? text : (raw ?? '').replace(/\r\n/g, '\n').trim();
    }
    const path = name.split('.').slice(1);
    let target = payload;
    for (const p of path.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  }
  void type;
  return { payload, violations };
}
