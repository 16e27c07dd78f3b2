import { chineseNumber } from '../../bargaining/contract/contract-document.js';
import type { Citation } from '../compliance-rule.js';

// The laws the checker cites, by short name; `cite` gives one article or a range of them.

// `short` is the name procedure.md and the engine's own rules use in references ('CCP Art 38', 'LCL Art 55').
export const LAWS = {
  LCL: { zh: '中华人民共和国劳动合同法', en: 'Labour Contract Law of the PRC', short: 'LCL' },
  LL: { zh: '中华人民共和国劳动法', en: 'Labour Law of the PRC', short: 'Labour Law' },
  CCP: { zh: '集体合同规定', en: 'Provisions on Collective Contracts (MOLSS Order No. 22)', short: 'CCP' },
  HOURS: { zh: '国务院关于职工工作时间的规定', en: "State Council Provisions on Employees' Working Hours", short: 'Working Hours Provisions' },
  WOMEN: { zh: '女职工劳动保护特别规定', en: 'Special Provisions on the Labour Protection of Female Employees', short: 'Female Employees Provisions' },
  ANNUAL_LEAVE: { zh: '职工带薪年休假条例', en: "Regulations on Employees' Paid Annual Leave", short: 'Paid Annual Leave Regulations' },
  SICHUAN_WAGE: { zh: '四川省企业工资集体协商办法（省政府令第261号）', en: 'Sichuan Measures on Collective Wage Bargaining in Enterprises (Provincial Order No. 261)', short: 'Sichuan Order 261' },
} as const;

export type Law = keyof typeof LAWS;

export function cite(law: Law, first: number, last?: number): Citation {
  const { zh, en, short } = LAWS[law];
  return last === undefined
    ? { law_zh: zh, law_en: en, article: `第${chineseNumber(first)}条`, article_en: `Art ${first}`, reference: `${short} Art ${first}` }
    : { law_zh: zh, law_en: en, article: `第${chineseNumber(first)}至${chineseNumber(last)}条`, article_en: `Arts ${first}–${last}`, reference: `${short} Arts ${first}–${last}` };
}

/** A procedure rule's own reference ('CCP Art 23') as a citation, if it has that form. */
export function citeCcpReference(reference: string): Citation | undefined {
  const match = /^CCP Art (\d+)$/.exec(reference);
  return match ? cite('CCP', Number(match[1])) : undefined;
}
