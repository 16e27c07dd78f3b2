import type { ContractTerms } from '../../bargaining/contract/contract-document.js';

// How a message names a term. (The redline has the same titles in a private table; if it exports it,
// use that one instead.)
export const TERM_LABELS_ZH: Record<keyof ContractTerms, string> = {
  lowestMonthlyWage: '最低月工资',
  wageIncreasePercent: '工资增长幅度',
  standardHoursPerDay: '每日标准工时',
  standardHoursPerWeek: '每周标准工时',
  overtimeHoursPerDayMax: '每日加班上限',
  overtimeHoursPerMonthMax: '每月加班上限',
  overtimePayWorkdayPercent: '工作日加班工资比例',
  overtimePayRestDayPercent: '休息日加班工资比例',
  overtimePayHolidayPercent: '法定节假日加班工资比例',
  annualLeaveDays: '年休假天数',
  maternityLeaveDays: '产假天数',
  termStart: '合同期限起始日',
  termEnd: '合同期限终止日',
};
