import { describe, expect, it } from '@jest/globals';
import { MinimumWageTable, STANDARDS_FILE, TIERS_FILE } from '../minimum-wage.js';
import { article, complianceInput, contract, readReferenceJson, realTables, REGIONS } from '../testing/compliance-fixtures.js';
import { wageMinimumRule } from './wage-minimum.js';

const tables = realTables();

/** Findings for a lowest wage in a region, effective on `termStart` (or on `today` when undefined). */
function check(wage: number, region: readonly string[], termStart?: string, today = '2023-06-01', t = tables) {
  const terms = termStart ? { lowestMonthlyWage: wage, termStart } : { lowestMonthlyWage: wage };
  return wageMinimumRule.check(complianceInput({ regionPath: [...region], today, content: contract([article(['pay'], terms, '最低工资')]) }), t);
}

describe('wage.minimum (LCL Art 55)', () => {
  // [region, effective date, minimum in force]
  const cases: [string, readonly string[], string, number][] = [
    ['Chengdu 锦江区 (tier 1) before 2018-07-01', REGIONS.jinjiang, '2018-06-30', 1500],
    ['Chengdu 锦江区 (tier 1) from 2018-07-01', REGIONS.jinjiang, '2018-07-01', 1780],
    ['Chengdu 锦江区 (tier 1) before 2022-04-01', REGIONS.jinjiang, '2022-03-31', 1780],
    ['Chengdu 锦江区 (tier 1) from 2022-04-01', REGIONS.jinjiang, '2022-04-01', 2100],
    ['甘孜州 (tier 3) before 2018-07-01', REGIONS.ganzi, '2018-06-30', 1260],
    ['甘孜州 (tier 3) from 2018-07-01', REGIONS.ganzi, '2018-07-01', 1550],
    ['甘孜州 (tier 3) before 2022-04-01', REGIONS.ganzi, '2022-03-31', 1550],
    ['甘孜州 (tier 3) from 2022-04-01', REGIONS.ganzi, '2022-04-01', 1870],
  ];

  it.each(cases)('%s: exactly the minimum passes, one yuan under fails', (_name, region, on, minimum) => {
    expect(check(minimum, region, on)).toEqual([]);
    const [finding] = check(minimum - 1, region, on);
    expect(finding).toMatchObject({ id: 'wage.minimum', severity: 'blocking', citation: { article: '第五十五条', article_en: 'Art 55' }, contractArticle: { no: 1, label: '第一条', title: '最低工资' } });
    expect(finding.message_zh).toContain(`低于当地最低工资标准 ${minimum} 元`);
  });

  it('counts from today when the draft states no termStart', () => {
    expect(check(1780, REGIONS.jinjiang, undefined, '2022-03-31')).toEqual([]);
    expect(check(1780, REGIONS.jinjiang, undefined, '2022-04-01')).toHaveLength(1);
  });

  it('follows the table it is given: raised amounts change the verdict', () => {
    const standards = readReferenceJson(STANDARDS_FILE);
    const raised = { ...standards, standards: [...standards.standards, { effectiveFrom: '2023-01-01', monthly: { 1: 2300, 2: 2150, 3: 2000 } }] };
    const swapped = { ...tables, minimumWage: new MinimumWageTable(raised, readReferenceJson(TIERS_FILE)) };
    expect(check(2100, REGIONS.jinjiang, '2023-06-01')).toEqual([]);
    expect(check(2100, REGIONS.jinjiang, '2023-06-01', undefined, swapped)).toMatchObject([{ id: 'wage.minimum' }]);
    expect(check(2300, REGIONS.jinjiang, '2023-06-01', undefined, swapped)).toEqual([]);
  });

  it('follows the tier mapping it is given: moving 锦江区 to tier 3 lowers its minimum', () => {
    const tiers = readReferenceJson(TIERS_FILE);
    const moved = new MinimumWageTable(readReferenceJson(STANDARDS_FILE), { tiers: { ...tiers.tiers, 510104: 3 } });
    expect(check(1870, REGIONS.jinjiang, '2023-06-01')).toHaveLength(1);
    expect(check(1870, REGIONS.jinjiang, '2023-06-01', undefined, { ...tables, minimumWage: moved })).toEqual([]);
  });

  it('warns when the tier is unknown, never passing silently', () => {
    expect(check(1, REGIONS.province, '2023-06-01')).toMatchObject([{ id: 'wage.minimumUnknown', severity: 'warning', contractArticle: { no: 1 } }]);
    expect(check(1, REGIONS.province, '2023-06-01')[0].message_en).toContain('tier of region 510000 is unknown');
  });

  it('warns when no standard was in force on the date', () => {
    const [finding] = check(1, REGIONS.jinjiang, '2015-06-30');
    expect(finding).toMatchObject({ id: 'wage.minimumUnknown', severity: 'warning' });
    expect(finding.message_en).toContain('no minimum-wage standard in force on 2015-06-30');
  });

  it('says nothing when the draft states no lowest wage, or there is no draft', () => {
    const noWage = complianceInput({ content: contract([article(['pay'], { wageIncreasePercent: 5 })]) });
    expect(wageMinimumRule.check(noWage, tables)).toEqual([]);
    expect(wageMinimumRule.check(complianceInput(), tables)).toEqual([]);
  });
});
