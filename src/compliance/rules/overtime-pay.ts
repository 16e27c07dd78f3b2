import { cite } from './citations.js';
import { termLimitRule } from './term-limit.js';

// Overtime pay ≥ 150 % on workdays, ≥ 200 % on rest days without time off in lieu, ≥ 300 % on
// statutory holidays (劳动法 Art 44).

const PAY = { severity: 'blocking', citation: cite('LL', 44), bound: 'min', unit_zh: '%', unit_en: '% of normal pay' } as const;

export const overtimePayWorkdayRule = termLimitRule({ ...PAY, id: 'overtimePay.workday', term: 'overtimePayWorkdayPercent', limit: 150, label_zh: '工作日延长工作时间的工资', label_en: 'workday overtime pay' });
export const overtimePayRestDayRule = termLimitRule({ ...PAY, id: 'overtimePay.restDay', term: 'overtimePayRestDayPercent', limit: 200, label_zh: '休息日加班工资', label_en: 'rest-day overtime pay' });
export const overtimePayHolidayRule = termLimitRule({ ...PAY, id: 'overtimePay.holiday', term: 'overtimePayHolidayPercent', limit: 300, label_zh: '法定休假日加班工资', label_en: 'public-holiday overtime pay' });
