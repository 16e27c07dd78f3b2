import type { CampaignRow, CampaignStatsView, CampaignTargets } from '../../statistics/campaign-statistics.service.js';

// The columns of both sheets, shared by the XLSX and the CSV: the header, what a cell holds and how it shows.

export type CellKind = 'text' | 'int' | 'rate' | 'date';

export interface Column<R> {
  header: string;
  kind: CellKind;
  width: number;
  value(row: R): string | number | null;
}

/** A summary row: a child region, the root's own cases (本级), or the totals (合计). */
export interface SummaryRow extends CampaignRow {
  code: string;
  name: string;
}

const count = (header: string, key: keyof CampaignRow, width = 10): Column<SummaryRow> => ({ header, kind: 'int', width, value: (r) => r[key] as number });
const rate = (header: string, key: keyof CampaignRow['rates'], width = 9): Column<SummaryRow> => ({ header, kind: 'rate', width, value: (r) => r.rates[key] });

const TARGETS: { key: keyof CampaignTargets; header: string; kind: CellKind }[] = [
  { key: 'offerRate', header: '要约率目标', kind: 'rate' },
  { key: 'responseRate', header: '应约率目标', kind: 'rate' },
  { key: 'signingRate', header: '签约率目标', kind: 'rate' },
  { key: 'filingRate', header: '备案率目标', kind: 'rate' },
  { key: 'establishmentRate', header: '动态建制率目标', kind: 'rate' },
  { key: 'employeesCovered', header: '覆盖职工人数目标', kind: 'int' },
];

/** 活动情况汇总表: the figures of GET /api/campaigns/:id/stats, and a column per target set for any row. */
export function summaryColumns(view: CampaignStatsView): Column<SummaryRow>[] {
  const rows = [view.totals, ...view.byRegion];
  return [
    { header: '地区', kind: 'text', width: 16, value: (r) => r.name },
    { header: '区划代码', kind: 'text', width: 9, value: (r) => r.code },
    count('已建会企业数', 'enterprisesInScope'),
    count('职工人数', 'employeesInScope', 12),
    count('发出要约数', 'offers'),
    count('要约企业数', 'enterprisesOffered'),
    rate('要约率', 'offerRate'),
    count('应约数', 'responses'),
    rate('应约率', 'responseRate'),
    count('逾期应约', 'lateResponses'),
    count('拒绝协商', 'refusals'),
    count('签订集体合同数', 'signed', 12),
    rate('签约率', 'signingRate'),
    count('备案数', 'filed'),
    rate('备案率', 'filingRate'),
    count('生效合同数', 'contractsInForce'),
    count('覆盖企业（户次）', 'enterprisesCovered', 12),
    count('建制企业数', 'enterprisesEstablished'),
    count('覆盖职工人数', 'employeesCovered', 12),
    rate('动态建制率', 'establishmentRate', 10),
    count('三个月内到期', 'expiring3Months', 11),
    count('六个月内到期', 'expiring6Months', 11),
    ...TARGETS.filter((t) => rows.some((r) => r.targets?.[t.key] != null)).map(
      (t): Column<SummaryRow> => ({ header: t.header, kind: t.kind, width: t.kind === 'rate' ? 11 : 14, value: (r) => r.targets?.[t.key] ?? null }),
    ),
  ];
}

/** The summary's rows: one per child region (the root's own first), then 合计. */
export function summaryRows(view: CampaignStatsView): SummaryRow[] {
  return [...view.byRegion, { ...view.totals, code: view.region.code, name: '合计' }];
}

export const SUMMARY_NOTES = [
  '注：要约率＝要约企业数÷已建会企业数；应约率＝应约数÷发出要约数；签约率＝签订集体合同数÷发出要约数；备案率＝备案数÷签订集体合同数；动态建制率＝建制企业数÷已建会企业数。',
  '已建会企业数、职工人数取自本活动企业名册；要约企业数：名册内在本活动案件中收到要约的企业，每户计一次（行业性、区域性要约覆盖的每户企业均计入；名册外企业不计）；建制企业数：名册内有生效集体合同的企业，每户计一次，不限于本活动签订的合同。',
  '发出要约数、应约、签订、备案等按本活动内的案件计；覆盖企业（户次）按每份生效合同覆盖的企业计，一户企业有几份合同计几次。',
  '三个月内、六个月内到期：统计日期之后三个月、六个月内期满的生效集体合同（不限于本活动签订的合同）。',
];

/** One line of 企业集体协商建制情况表: an enterprise and one of its cases in the campaign (or none). */
export interface EnterpriseRow {
  seq: number;
  creditCode: string | null;
  name: string;
  regionName: string;
  industry: string;
  employees: number | null;
  unionised: boolean | null;
  offRoster: boolean;
  kind: string | null;
  stateLabel: string | null;
  offeredOn: string | null;
  response: string | null;
  respondedOn: string | null;
  signedOn: string | null;
  filedOn: string | null;
  termEnd: string | null;
  overdue: boolean | null;
}

const yesNo = (v: boolean | null) => (v === null ? null : v ? '是' : '否');

export const ENTERPRISE_COLUMNS: Column<EnterpriseRow>[] = [
  { header: '序号', kind: 'int', width: 7, value: (r) => r.seq },
  { header: '统一社会信用代码', kind: 'text', width: 21, value: (r) => r.creditCode },
  { header: '企业名称', kind: 'text', width: 34, value: (r) => r.name },
  { header: '地区', kind: 'text', width: 12, value: (r) => r.regionName },
  { header: '行业', kind: 'text', width: 22, value: (r) => r.industry },
  { header: '职工人数', kind: 'int', width: 9, value: (r) => r.employees },
  { header: '是否建会', kind: 'text', width: 8, value: (r) => yesNo(r.unionised) },
  { header: '合同类型', kind: 'text', width: 20, value: (r) => r.kind },
  { header: '当前环节', kind: 'text', width: 18, value: (r) => r.stateLabel },
  { header: '要约日期', kind: 'date', width: 11, value: (r) => r.offeredOn },
  { header: '应约情况', kind: 'text', width: 10, value: (r) => r.response },
  { header: '应约日期', kind: 'date', width: 11, value: (r) => r.respondedOn },
  { header: '签订日期', kind: 'date', width: 11, value: (r) => r.signedOn },
  { header: '备案日期', kind: 'date', width: 11, value: (r) => r.filedOn },
  { header: '合同期限届满日', kind: 'date', width: 14, value: (r) => r.termEnd },
  { header: '是否逾期', kind: 'text', width: 8, value: (r) => yesNo(r.overdue) },
  { header: '备注', kind: 'text', width: 10, value: (r) => (r.offRoster ? '名册外' : null) },
];

/** The contract kinds as the ledger names them. */
export const KIND_LABELS: Record<string, string> = {
  comprehensive: '综合性集体合同',
  wage: '工资专项集体合同',
  women_workers: '女职工权益保护专项集体合同',
  safety_health: '劳动安全卫生专项集体合同',
  industry: '行业性集体合同',
  regional: '区域性集体合同',
};
