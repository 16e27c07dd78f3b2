import { cite } from './citations.js';
import { termLimitRule } from './term-limit.js';

// Standard hours: ≤ 8 a day and ≤ 40 a week (国务院关于职工工作时间的规定 Art 3).
// Overtime: ≤ 3 hours a day and ≤ 36 hours a month (劳动法 Art 41).

const HOURS = { severity: 'blocking', citation: cite('HOURS', 3), bound: 'max', unit_zh: '小时', unit_en: 'hours' } as const;
const OVERTIME = { severity: 'blocking', citation: cite('LL', 41), bound: 'max', unit_zh: '小时', unit_en: 'hours' } as const;

export const hoursDailyRule = termLimitRule({ ...HOURS, id: 'hours.daily', term: 'standardHoursPerDay', limit: 8, label_zh: '每日标准工作时间', label_en: 'standard hours per day' });
export const hoursWeeklyRule = termLimitRule({ ...HOURS, id: 'hours.weekly', term: 'standardHoursPerWeek', limit: 40, label_zh: '每周标准工作时间', label_en: 'standard hours per week' });
export const overtimeDailyRule = termLimitRule({ ...OVERTIME, id: 'overtime.daily', term: 'overtimeHoursPerDayMax', limit: 3, label_zh: '每日延长工作时间', label_en: 'overtime per day' });
export const overtimeMonthlyRule = termLimitRule({ ...OVERTIME, id: 'overtime.monthly', term: 'overtimeHoursPerMonthMax', limit: 36, label_zh: '每月延长工作时间', label_en: 'overtime per month' });
