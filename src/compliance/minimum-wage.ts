import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../config/project-root.js';
import { isValidIsoDate } from '../workflow-engine/calendar/iso-date.js';

// The local minimum wage (最低工资规定; LCL Art 55): the province sets standards by tier (档) and
// assigns every region a tier. Both are data files of src/reference-data, never constants in code.

export const STANDARDS_FILE = 'sichuan-minimum-wage.json';
export const TIERS_FILE = 'sichuan-minimum-wage-tiers.json';

export interface MinimumWageStandard {
  effectiveFrom: string;
  /** Yuan per month for full-time work, by tier ("1", "2", "3"). */
  monthly: Record<string, number>;
}

export type MonthlyMinimum =
  | { tier: number; amount: number; effectiveFrom: string; regionCode: string }
  | { missing: 'tier' | 'standard' };

const REGION_CODE = /^\d{6}$/;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export class MinimumWageTable {
  /** Oldest first. */
  private readonly standards: MinimumWageStandard[];
  private readonly tiers: Map<string, number>;

  /** Both arguments are the parsed JSON files; a malformed one throws naming the problem. */
  constructor(standardsFile: unknown, tiersFile: unknown) {
    this.standards = readStandards(standardsFile);
    this.tiers = readTiers(tiersFile);
  }

  static fromDirectory(dir: string = projectPath('src', 'reference-data')): MinimumWageTable {
    return new MinimumWageTable(readJson(dir, STANDARDS_FILE), readJson(dir, TIERS_FILE));
  }

  /** The tier of the most specific code of `regionPath` (codes, province first) that has one. */
  tierOf(regionPath: string[]): { tier: number; regionCode: string } | undefined {
    for (const code of [...regionPath].reverse()) {
      const tier = this.tiers.get(code);
      if (tier !== undefined) return { tier, regionCode: code };
    }
    return undefined;
  }

  /** The standard in force on a date: the latest whose effectiveFrom ≤ date. */
  standardOn(onDate: string): MinimumWageStandard | undefined {
    if (!isValidIsoDate(onDate)) throw new RangeError(`not a valid date (YYYY-MM-DD): ${JSON.stringify(onDate)}`);
    return this.standards.filter((s) => s.effectiveFrom <= onDate).at(-1);
  }

  monthlyMinimum(regionPath: string[], onDate: string): MonthlyMinimum {
    const standard = this.standardOn(onDate);
    const placed = this.tierOf(regionPath);
    if (!placed) return { missing: 'tier' };
    const amount = standard?.monthly[String(placed.tier)];
    if (!standard || amount === undefined) return { missing: 'standard' };
    return { tier: placed.tier, amount, effectiveFrom: standard.effectiveFrom, regionCode: placed.regionCode };
  }
}

function readJson(dir: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot be read as JSON (${err.message})`);
  }
}

function readStandards(file: unknown): MinimumWageStandard[] {
  const where = STANDARDS_FILE;
  if (!isRecord(file) || !Array.isArray(file.standards) || file.standards.length === 0) throw new Error(`${where}: "standards" must be a non-empty list`);
  const standards = file.standards.map((s: unknown, i) => {
    if (!isRecord(s)) throw new Error(`${where}: standards[${i}] must be an object`);
    if (!isValidIsoDate(s.effectiveFrom)) throw new Error(`${where}: standards[${i}].effectiveFrom ${JSON.stringify(s.effectiveFrom)} is not a valid date (YYYY-MM-DD)`);
    if (!isRecord(s.monthly) || Object.keys(s.monthly).length === 0) throw new Error(`${where}: standards[${i}] (${s.effectiveFrom}) needs "monthly" amounts by tier`);
    for (const [tier, amount] of Object.entries(s.monthly)) {
      if (!/^[1-9]$/.test(tier)) throw new Error(`${where}: standards[${i}] (${s.effectiveFrom}) has tier ${JSON.stringify(tier)}; tiers are "1", "2", "3"`);
      if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) throw new Error(`${where}: standards[${i}] (${s.effectiveFrom}) tier ${tier}: ${JSON.stringify(amount)} is not a positive amount`);
    }
    return { effectiveFrom: s.effectiveFrom, monthly: { ...(s.monthly as Record<string, number>) } };
  });
  standards.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const twice = standards.find((s, i) => i > 0 && standards[i - 1].effectiveFrom === s.effectiveFrom);
  if (twice) throw new Error(`${where}: two standards take effect on ${twice.effectiveFrom}`);
  return standards;
}

function readTiers(file: unknown): Map<string, number> {
  const where = TIERS_FILE;
  if (!isRecord(file) || !isRecord(file.tiers)) throw new Error(`${where}: "tiers" must be an object of region code → tier`);
  const tiers = new Map<string, number>();
  for (const [code, tier] of Object.entries(file.tiers)) {
    if (!REGION_CODE.test(code)) throw new Error(`${where}: ${JSON.stringify(code)} is not a 6-digit region code (GB/T 2260)`);
    if (tier !== 1 && tier !== 2 && tier !== 3) throw new Error(`${where}: region ${code} has tier ${JSON.stringify(tier)}; a tier is 1, 2 or 3`);
    tiers.set(code, tier);
  }
  return tiers;
}
