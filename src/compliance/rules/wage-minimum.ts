import { isValidIsoDate } from '../../workflow-engine/calendar/iso-date.js';
import type { ComplianceInput, ComplianceRule } from '../compliance-rule.js';
import { cite } from './citations.js';
import { at, finding, termsNamed } from './findings.js';

// The agreed lowest wage may not be below the local minimum wage (LCL Art 55; 最低工资规定 Art 12):
// the standard of the region's tier in force on the contract's effective date.

/** The contract's effective date: its termStart if it states one, else today. */
/** The day the contract takes effect: the draft's term start, else the one being signed or signed, else today. */
export function effectiveDateOf(input: ComplianceInput): string {
  const candidates = [termsNamed(input, 'termStart')[0]?.value, input.signing?.termStart, input.context.term?.start];
  return candidates.find((d): d is string => isValidIsoDate(d)) ?? input.today;
}

export const wageMinimumRule: ComplianceRule = {
  id: 'wage.minimum',
  severity: 'blocking',
  citation: cite('LCL', 55),
  title_zh: '最低月工资不低于当地最低工资标准',
  title_en: 'Lowest monthly wage at least the local minimum wage',
  check(input, { minimumWage }) {
    const wages = termsNamed(input, 'lowestMonthlyWage');
    if (wages.length === 0) return [];
    const onDate = effectiveDateOf(input);
    const minimum = minimumWage.monthlyMinimum(input.regionPath, onDate);
    const region = input.regionPath.at(-1) ?? '（未指定）';
    return wages.flatMap(({ article, value }) => {
      const where = at(article);
      if ('missing' in minimum) {
        // Never pass silently: say that the check could not be made.
        const [zh, en] =
          minimum.missing === 'tier'
            ? [`地区 ${region} 的最低工资档次未知`, `the minimum-wage tier of region ${region} is unknown`]
            : [`${onDate} 没有生效的最低工资标准数据`, `no minimum-wage standard in force on ${onDate} is loaded`];
        return [
          finding(wageMinimumRule, `${zh}，无法核对${where.zh}约定的最低月工资 ${value} 元是否符合《最低工资规定》`, `${en}: the lowest monthly wage of ${value} yuan in ${where.en} could not be checked against the minimum wage`, {
            id: 'wage.minimumUnknown',
            severity: 'warning',
            article,
          }),
        ];
      }
      if (typeof value === 'number' && value >= minimum.amount) return [];
      return [
        finding(
          wageMinimumRule,
          `${where.zh}约定的最低月工资 ${value} 元低于当地最低工资标准 ${minimum.amount} 元（第${minimum.tier}档，${minimum.effectiveFrom} 起执行）`,
          `${where.en}: the lowest monthly wage of ${value} yuan is below the local minimum wage of ${minimum.amount} yuan (tier ${minimum.tier}, in force from ${minimum.effectiveFrom})`,
          { article },
        ),
      ];
    });
  },
};
