import { cite } from './citations.js';
import { termLimitRule } from './term-limit.js';

// Maternity leave ≥ 98 days (女职工劳动保护特别规定 Art 7). Annual leave: 5 days after one year of
// service, 10 after ten, 15 after twenty (职工带薪年休假条例 Art 3). Below 5 days only warns: the
// contract may mean staff without a year of service, and the statute applies anyway.

export const maternityLeaveRule = termLimitRule({
  id: 'leave.maternity',
  severity: 'blocking',
  citation: cite('WOMEN', 7),
  term: 'maternityLeaveDays',
  bound: 'min',
  limit: 98,
  label_zh: '产假',
  label_en: 'maternity leave',
  unit_zh: '天',
  unit_en: 'days',
});

export const annualLeaveRule = termLimitRule({
  id: 'leave.annual',
  severity: 'warning',
  citation: cite('ANNUAL_LEAVE', 3),
  term: 'annualLeaveDays',
  bound: 'min',
  limit: 5,
  label_zh: '带薪年休假',
  label_en: 'paid annual leave',
  unit_zh: '天',
  unit_en: 'days',
});
