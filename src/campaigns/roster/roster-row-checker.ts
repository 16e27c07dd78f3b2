import { creditCodeCheckCharacter } from '../../organisations/credit-code.js';
import type { RegionDirectory } from '../../organisations/region-directory.js';
import { columnByKey, columnForHeader, ROSTER_COLUMNS, type RosterColumn, type RosterColumnKey } from './roster-columns.js';
import type { Cell } from './roster-file.js';
import type { ProblemLog } from './problem-log.js';

/** One good row, as it will be written. */
export interface RosterRecord {
  row: number;
  creditCode: string;
  name: string;
  regionCode: string;
  industryCode: string;
  employees: number;
  unionised: boolean;
  unionName: string | null;
  legalRepresentative: string | null;
  address: string | null;
}

/** Which cell holds which column. */
export type HeaderMap = Map<number, RosterColumn>;

export interface CheckContext {
  regions: RegionDirectory;
  /** GB/T 4754 sections: code → name. */
  industries: Map<string, string>;
  campaign: { name: string; regionCode: string };
  /** The part of the campaign's scope the importer may write (CampaignsService.scopeRoot). */
  scopeRoot: string;
}

const MAX_EMPLOYEES = 10_000_000;
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const YES = new Set(['是', '已建会', '有', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '未建会', '无', 'n', 'no', 'false', '0', '×', '✗']);

/** A cell as trimmed text (full-width and no-break spaces too); numbers as written, without exponent for whole ones. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell.replace(/^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0]+$/g, '');
}

export const isBlankRow = (cells: Cell[]) => cells.every((c) => cellText(c) === '');

const letter = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : letter(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26)));

/**
 * The checks of one row that need no database: every column's format, and the region and industry
 * against the reference data held in memory. Problems go to the log; a row without any becomes a record.
 */
export class RosterRowChecker {
  private readonly industryByName: Map<string, string>;

  constructor(private readonly ctx: CheckContext) {
    this.industryByName = new Map([...ctx.industries].map(([code, name]) => [name, code]));
  }

  /** Maps the header row's cells to columns; unknown, repeated and missing columns are problems of the file. */
  header(row: number, cells: Cell[], log: ProblemLog): HeaderMap {
    const map: HeaderMap = new Map();
    const seen = new Map<RosterColumnKey, number>();
    cells.forEach((cell, i) => {
      const text = cellText(cell);
      if (text === '') return; // an empty header: its column is not read
      const column = columnForHeader(text);
      if (!column) {
        log.addFile(row, text, 'unknownColumn', `第 ${letter(i)} 列的表头“${text}”不是名册的列（见模板“填写说明”）`, `column ${letter(i)}: header “${text}” is not a roster column (see the template’s 填写说明 sheet)`);
      } else if (seen.has(column.key)) {
        log.addFile(row, column.header, 'duplicateColumn', `第 ${letter(i)} 列与第 ${letter(seen.get(column.key)!)} 列都是“${column.header}”`, `columns ${letter(seen.get(column.key)!)} and ${letter(i)} are both “${column.header}”`);
      } else {
        seen.set(column.key, i);
        map.set(i, column);
      }
    });
    for (const c of ROSTER_COLUMNS) {
      if (c.required && !seen.has(c.key)) log.addFile(row, c.header, 'missingColumn', `缺少必填列“${c.header}”`, `required column “${c.header}” (${c.key}) is missing`);
    }
    return map;
  }

  /** How many of the cells are headers of the roster (to tell the header row from a title above it). */
  static recognised(cells: Cell[]): number {
    return cells.filter((c) => columnForHeader(cellText(c)) !== undefined).length;
  }

  check(row: number, cells: Cell[], header: HeaderMap, log: ProblemLog): RosterRecord | null {
    const raw = new Map<RosterColumnKey, Cell>();
    for (const [i, column] of header) raw.set(column.key, cells[i] ?? null);
    const before = log.count;
    const problem = (key: RosterColumnKey, rule: string, zh: string, en: string) => log.add(row, columnByKey(key).header, rule, zh, en);
    const text = (key: RosterColumnKey) => cellText(raw.get(key));
    const required = (key: RosterColumnKey): string | null => {
      const v = text(key);
      if (v !== '') return v;
      const c = columnByKey(key);
      problem(key, 'required', `“${c.header}”不能为空`, `${c.key} is required`);
      return null;
    };
    const bounded = (key: RosterColumnKey, value: string | null): string | null => {
      const c = columnByKey(key);
      if (value !== null && c.maxLength && value.length > c.maxLength) {
        problem(key, 'maxLength', `“${c.header}”不能超过 ${c.maxLength} 字（现为 ${value.length} 字）`, `${c.key} must be at most ${c.maxLength} characters (it has ${value.length})`);
        return null;
      }
      return value;
    };

    const creditCode = this.creditCode(raw.get('credit_code'), problem);
    let name = bounded('name', required('name'));
    if (name !== null && name.length < 2) {
      problem('name', 'minLength', '“企业名称”至少 2 个字', 'name must be at least 2 characters');
      name = null;
    }
    const regionCode = this.region(required('region_code'), problem);
    const industryCode = this.industry(required('industry_code'), problem);
    const employees = this.employees(raw.get('employees'), required('employees'), problem);
    const unionised = this.unionised(raw.get('unionised'), required('unionised'), problem);
    const unionName = bounded('union_name', text('union_name') || null);
    if (unionName !== null && unionised === false) {
      problem('union_name', 'unionWithoutUnionised', `填写了工会名称“${unionName}”，但“是否建会”为“否”`, `union_name “${unionName}” is given but unionised is 否 (no)`);
    }
    const legalRepresentative = bounded('legal_representative', text('legal_representative') || null);
    const address = bounded('address', text('address') || null);
    if (log.count !== before || creditCode === null || name === null || regionCode === null || industryCode === null || employees === null || unionised === null) return null;
    return { row, creditCode, name, regionCode, industryCode, employees, unionised, unionName, legalRepresentative, address };
  }

  private creditCode(cell: Cell | undefined, problem: (key: RosterColumnKey, rule: string, zh: string, en: string) => void): string | null {
    if (typeof cell === 'number') {
      // 18 digits do not fit a spreadsheet number: its last digits are already lost.
      problem('credit_code', 'creditCodeAsNumber', `统一社会信用代码被存成了数字（${cellText(cell)}），末几位可能已丢失；请将该列设为“文本”后重新填写`, `the credit code was stored as a number (${cellText(cell)}) and may have lost its last digits; format the column as text and enter it again`);
      return null;
    }
    const code = cellText(cell).toUpperCase();
    if (code === '') {
      problem('credit_code', 'required', '“统一社会信用代码”不能为空', 'credit_code is required');
      return null;
    }
    if (!CREDIT_CODE.test(code)) {
      problem('credit_code', 'creditCodeFormat', `统一社会信用代码“${code}”须为 18 位数字或大写字母（不含 I、O、S、V、Z）`, `credit code “${code}” must be 18 digits or capital letters (no I, O, S, V, Z)`);
      return null;
    }
    if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) {
      problem('credit_code', 'creditCodeCheck', `统一社会信用代码“${code}”的校验码不正确（GB 32100-2015），请核对`, `credit code “${code}” has a wrong check character (GB 32100-2015); check it`);
      return null;
    }
    return code;
  }

  private region(code: string | null, problem: (key: RosterColumnKey, rule: string, zh: string, en: string) => void): string | null {
    if (code === null) return null;
    const { regions, campaign, scopeRoot } = this.ctx;
    const name = (c: string) => regions.get(c)?.name ?? c;
    if (!/^\d{6}$/.test(code)) {
      problem('region_code', 'regionCodeFormat', `地区代码“${code}”须为 6 位数字（GB/T 2260）`, `region code “${code}” must be 6 digits (GB/T 2260)`);
    } else if (!regions.get(code)) {
      problem('region_code', 'regionUnknown', `地区代码 ${code} 不存在`, `region ${code} does not exist`);
    } else if (!regions.isWithin(code, campaign.regionCode)) {
      problem('region_code', 'regionOutsideCampaign', `地区 ${code}（${name(code)}）不在活动“${campaign.name}”的范围（${name(campaign.regionCode)}）内`, `region ${code} (${name(code)}) is outside the scope of campaign “${campaign.name}” (${campaign.regionCode})`);
    } else if (!regions.isWithin(code, scopeRoot)) {
      problem('region_code', 'regionOutsideJurisdiction', `地区 ${code}（${name(code)}）不在您的管辖范围（${name(scopeRoot)}）内`, `region ${code} (${name(code)}) is outside your jurisdiction (${scopeRoot})`);
    } else {
      return code;
    }
    return null;
  }

  private industry(value: string | null, problem: (key: RosterColumnKey, rule: string, zh: string, en: string) => void): string | null {
    if (value === null) return null;
    const code = value.toUpperCase();
    if (this.ctx.industries.has(code)) return code;
    const byName = this.industryByName.get(value);
    if (byName) return byName;
    problem('industry_code', 'industryUnknown', `行业门类“${value}”不存在，应为 A–T 的门类字母或门类名称（GB/T 4754-2017）`, `industry “${value}” is not a GB/T 4754-2017 section (a letter A–T or the section’s name)`);
    return null;
  }

  private employees(cell: Cell | undefined, value: string | null, problem: (key: RosterColumnKey, rule: string, zh: string, en: string) => void): number | null {
    if (value === null) return null;
    const n = typeof cell === 'number' ? cell : /^\d{1,3}(,\d{3})+$|^\d+$/.test(value) ? Number(value.replace(/,/g, '')) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= MAX_EMPLOYEES) return n;
    problem('employees', 'employees', `职工人数“${value}”须为 0 至 ${MAX_EMPLOYEES} 的整数`, `employees “${value}” must be a whole number from 0 to ${MAX_EMPLOYEES}`);
    return null;
  }

  private unionised(cell: Cell | undefined, value: string | null, problem: (key: RosterColumnKey, rule: string, zh: string, en: string) => void): boolean | null {
    if (value === null) return null;
    if (typeof cell === 'boolean') return cell;
    const v = value.toLowerCase();
    if (YES.has(v)) return true;
    if (NO.has(v)) return false;
    problem('unionised', 'unionised', `是否建会“${value}”须为“是”或“否”`, `unionised “${value}” must be 是 (yes) or 否 (no)`);
    return null;
  }
}
