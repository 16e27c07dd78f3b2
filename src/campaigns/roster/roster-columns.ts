// The roster's columns: the Chinese header the template writes, the other headers accepted for it (a few
// usual Chinese variants and English names), and what the 填写说明 sheet says about it.

export type RosterColumnKey = 'credit_code' | 'name' | 'region_code' | 'industry_code' | 'employees' | 'unionised' | 'union_name' | 'legal_representative' | 'address';

export interface RosterColumn {
  key: RosterColumnKey;
  /** The template's header, and the `column` of every problem about this column. */
  header: string;
  aliases: string[];
  required: boolean;
  maxLength?: number;
  help: { zh: string; en: string };
  example: string | number;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  {
    key: 'credit_code',
    header: '统一社会信用代码',
    aliases: ['社会信用代码', '信用代码', 'credit_code', 'creditCode', 'unified_social_credit_code'],
    required: true,
    help: { zh: '18 位，GB 32100-2015，末位校验码须正确；请将本列设为“文本”格式', en: '18 characters, GB 32100-2015, with a correct check character; format the column as text' },
    example: '', // filled by the template from a valid code
  },
  {
    key: 'name',
    header: '企业名称',
    aliases: ['单位名称', 'name', 'enterprise_name'],
    required: true,
    maxLength: 200,
    help: { zh: '2 至 200 字', en: '2 to 200 characters' },
    example: '成都示范精密机械有限公司',
  },
  {
    key: 'region_code',
    header: '所在地区代码',
    aliases: ['地区代码', '行政区划代码', 'region_code', 'regionCode', 'region'],
    required: true,
    help: { zh: '6 位行政区划代码（GB/T 2260），须在活动范围和您的管辖范围内，见“地区代码”表', en: '6-digit GB/T 2260 code inside the campaign’s scope and your jurisdiction (sheet 地区代码)' },
    example: '510107',
  },
  {
    key: 'industry_code',
    header: '行业门类',
    aliases: ['行业代码', '行业', 'industry_code', 'industryCode', 'industry'],
    required: true,
    help: { zh: 'GB/T 4754-2017 门类字母 A–T，或门类名称，见“行业门类”表', en: 'GB/T 4754-2017 section letter A–T, or the section’s name (sheet 行业门类)' },
    example: 'C',
  },
  {
    key: 'employees',
    header: '职工人数',
    aliases: ['职工数', '从业人数', 'employees'],
    required: true,
    help: { zh: '不小于 0 的整数', en: 'a whole number, 0 or more' },
    example: 320,
  },
  {
    key: 'unionised',
    header: '是否建会',
    aliases: ['已建会', '是否已建会', 'unionised', 'unionized'],
    required: true,
    help: { zh: '“是”或“否”（也可填 yes/no、true/false、1/0）', en: '是 or 否 (also yes/no, true/false, 1/0)' },
    example: '是',
  },
  {
    key: 'union_name',
    header: '工会名称',
    aliases: ['企业工会名称', 'union_name', 'unionName'],
    required: false,
    maxLength: 200,
    help: { zh: '选填；已建会时填写，导入时建立或更新该企业的企业工会', en: 'optional; for a unionised enterprise, creates or renames its enterprise union' },
    example: '成都示范精密机械有限公司工会',
  },
  {
    key: 'legal_representative',
    header: '法定代表人',
    aliases: ['法人代表', 'legal_representative', 'legalRepresentative'],
    required: false,
    maxLength: 64,
    help: { zh: '选填，不超过 64 字；留空则保留原值', en: 'optional, up to 64 characters; left empty, the stored value is kept' },
    example: '张明',
  },
  {
    key: 'address',
    header: '地址',
    aliases: ['企业地址', '注册地址', '住所', 'address'],
    required: false,
    maxLength: 300,
    help: { zh: '选填，不超过 300 字；留空则保留原值', en: 'optional, up to 300 characters; left empty, the stored value is kept' },
    example: '成都市武侯区武科东二路 16 号',
  },
];

/** Headers compare without case, spaces, underscores, hyphens and required-field markers (*, （必填）). */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[（(]\s*(必填|选填|required|optional)\s*[)）]/gi, '')
    .replace(/[\s\u3000*＊_\-:：]/g, '')
    .toLowerCase();
}

const BY_HEADER = new Map<string, RosterColumn>(ROSTER_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [normaliseHeader(h), c] as const)));

export function columnForHeader(text: string): RosterColumn | undefined {
  return BY_HEADER.get(normaliseHeader(text));
}

export const columnByKey = (key: RosterColumnKey): RosterColumn => ROSTER_COLUMNS.find((c) => c.key === key)!;
