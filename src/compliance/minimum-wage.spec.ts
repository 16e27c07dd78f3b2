import { describe, expect, it } from '@jest/globals';
import { MinimumWageTable, STANDARDS_FILE, TIERS_FILE } from './minimum-wage.js';
import { readReferenceJson, REGIONS } from './testing/compliance-fixtures.js';

const standards = readReferenceJson(STANDARDS_FILE);
const tiers = readReferenceJson(TIERS_FILE);

describe('MinimumWageTable', () => {
  const table = MinimumWageTable.fromDirectory();

  it('gives a tier to every prefecture of sichuan-regions.json and every county of chengdu-counties.json', () => {
    const codes = [...readReferenceJson('sichuan-regions.json').prefectures, ...readReferenceJson('chengdu-counties.json').counties].map((r: { code: string }) => r.code);
    expect(codes).toHaveLength(41);
    for (const code of codes) expect([code, tiers.tiers[code]]).toEqual([code, expect.any(Number)]);
  });

  it('takes the most specific code of the path: county, then prefecture, then province', () => {
    expect(table.tierOf([...REGIONS.jinjiang])).toEqual({ tier: 1, regionCode: '510104' });
    expect(table.tierOf([...REGIONS.jintang])).toEqual({ tier: 2, regionCode: '510121' });
    // A Chengdu county not in the file falls back to the prefecture.
    expect(table.tierOf(['510000', '510100', '510199'])).toEqual({ tier: 1, regionCode: '510100' });
    expect(table.tierOf([...REGIONS.province])).toBeUndefined();
    const withProvince = new MinimumWageTable(standards, { tiers: { ...tiers.tiers, 510000: 3 } });
    expect(withProvince.tierOf(['510000', '519999'])).toEqual({ tier: 3, regionCode: '510000' });
  });

  it('uses the latest standard whose effectiveFrom is on or before the date', () => {
    const amount = (path: readonly string[], on: string) => table.monthlyMinimum([...path], on);
    expect(amount(REGIONS.jinjiang, '2018-06-30')).toEqual({ tier: 1, amount: 1500, effectiveFrom: '2015-07-01', regionCode: '510104' });
    expect(amount(REGIONS.jinjiang, '2018-07-01')).toMatchObject({ amount: 1780, effectiveFrom: '2018-07-01' });
    expect(amount(REGIONS.jinjiang, '2022-03-31')).toMatchObject({ amount: 1780 });
    expect(amount(REGIONS.jinjiang, '2022-04-01')).toMatchObject({ amount: 2100, effectiveFrom: '2022-04-01' });
    expect(amount(REGIONS.ganzi, '2022-04-01')).toEqual({ tier: 3, amount: 1870, effectiveFrom: '2022-04-01', regionCode: '513300' });
  });

  it('says what is missing instead of guessing', () => {
    expect(table.monthlyMinimum([...REGIONS.province], '2023-01-01')).toEqual({ missing: 'tier' });
    expect(table.monthlyMinimum([...REGIONS.jinjiang], '2015-06-30')).toEqual({ missing: 'standard' });
    const noTier3 = { standards: [{ effectiveFrom: '2022-04-01', monthly: { 1: 2100, 2: 1970 } }] };
    expect(new MinimumWageTable(noTier3, tiers).monthlyMinimum([...REGIONS.ganzi], '2023-01-01')).toEqual({ missing: 'standard' });
    expect(() => table.monthlyMinimum([...REGIONS.jinjiang], '2023-02-30')).toThrow('not a valid date');
  });

  it('refuses malformed data, naming the problem', () => {
    expect(() => new MinimumWageTable({}, tiers)).toThrow(`${STANDARDS_FILE}: "standards" must be a non-empty list`);
    expect(() => new MinimumWageTable({ standards: [{ effectiveFrom: '2022-13-01', monthly: { 1: 1 } }] }, tiers)).toThrow('effectiveFrom "2022-13-01"');
    expect(() => new MinimumWageTable({ standards: [{ effectiveFrom: '2022-04-01', monthly: { 1: -5 } }] }, tiers)).toThrow('tier 1: -5 is not a positive amount');
    const twice = { standards: [standards.standards[0], standards.standards[0]] };
    expect(() => new MinimumWageTable(twice, tiers)).toThrow('two standards take effect on 2015-07-01');
    expect(() => new MinimumWageTable(standards, { tiers: [] })).toThrow(`${TIERS_FILE}: "tiers" must be an object`);
    expect(() => new MinimumWageTable(standards, { tiers: { 5101: 1 } })).toThrow('"5101" is not a 6-digit region code');
    expect(() => new MinimumWageTable(standards, { tiers: { 510104: 4 } })).toThrow('region 510104 has tier 4');
    expect(() => MinimumWageTable.fromDirectory('/nonexistent')).toThrow(`${STANDARDS_FILE}: cannot be read as JSON`);
  });
});
