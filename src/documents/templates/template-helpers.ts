import { articleLabel, chapterLabel, chineseNumber } from '../../bargaining/contract/contract-document.js';

// Handlebars helpers shared by the documents and the web pages. Each is a pure function of its
// arguments and returns a plain string (or a list for block helpers): Handlebars escapes what they
// return, so no helper ever hands user text back as SafeString. Bad input throws: a document with a
// wrong date or amount must fail, not print something plausible.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date YYYY-MM-DD (no 2018-02-30), as [year, month, day]; undefined otherwise. */
export function parseIsoDate(value: unknown): [number, number, number] | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? [y, mo, d] : undefined;
}

function requireDate(value: unknown, helper: string): [number, number, number] {
  const parts = parseIsoDate(value);
  if (!parts) throw new TypeError(`${helper}: not a calendar date YYYY-MM-DD: ${JSON.stringify(value)}`);
  return parts;
}

const YEAR_DIGITS = '〇一二三四五六七八九';

/** '2018-03-01' → 二〇一八年三月一日 (the date of a seal, written out in Chinese numerals). */
export function cnDate(value: unknown): string {
  const [y, m, d] = requireDate(value, 'cnDate');
  const year = String(y).split('').map((c) => YEAR_DIGITS[Number(c)]).join('');
  return `${year}年${chineseNumber(m)}月${chineseNumber(d)}日`;
}

/** '2018-03-01' → 2018年3月1日 (GB/T 9704-2012: Arabic numerals, no leading zeros). */
export function date(value: unknown): string {
  const [y, m, d] = requireDate(value, 'date');
  return `${y}年${m}月${d}日`;
}

const CAPITAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** 0 < n < 10000 → capitals of one four-digit section, zeros inside it read once (1005 → 壹仟零伍). */
function section(n: number): string {
  let out = '';
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const d = Math.floor(n / 10 ** place) % 10;
    if (d === 0) {
      zero = out !== '';
    } else {
      out += (zero ? '零' : '') + CAPITAL_DIGITS[d] + SMALL_UNITS[place];
      zero = false;
    }
  }
  return out;
}

function integerCapitals(n: number): string {
  if (n === 0) return '';
  const sections: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) sections.push(rest % 10000);
  let out = '';
  let gap = false; // a zero section, or a section below 1000, after a higher non-zero one: read 零 once
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i];
    if (s === 0) {
      gap = out !== '';
      continue;
    }
    if (out !== '' && (gap || s < 1000)) out += '零';
    out += section(s) + BIG_UNITS[i];
    gap = false;
  }
  return out;
}

/**
 * An amount in yuan in Chinese capitals (大写金额, as on cheques and contracts, 《支付结算办法》 rules):
 * 1780 → 壹仟柒佰捌拾元整; 1780.5 → 壹仟柒佰捌拾元伍角; 10005 → 壹万零伍元整; 0 → 零元整; 0.05 → 伍分.
 * Rounded to the fen; negative, non-finite or absurd amounts throw.
 */
export function rmbUpper(value: unknown): string {
  const amount = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) throw new RangeError(`rmbUpper: not a non-negative amount: ${JSON.stringify(value)}`);
  const fen = Math.round(amount * 100);
  if (fen >= 1e14) throw new RangeError(`rmbUpper: amount too large: ${amount}`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  const whole = integerCapitals(yuan);
  let out = whole ? `${whole}元` : '';
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (jiao > 0) out += `${CAPITAL_DIGITS[jiao]}角`;
  else if (whole) out += '零'; // 1780.05 → 壹仟柒佰捌拾元零伍分
  if (cents > 0) out += `${CAPITAL_DIGITS[cents]}分`;
  return out;
}

function requireOrdinal(value: unknown, helper: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 9999) throw new RangeError(`${helper}: not an integer 0–9999: ${JSON.stringify(value)}`);
  return value;
}

/** 12 → 十二 (ordinals and counts written in words). */
export function cnNumber(value: unknown): string {
  return chineseNumber(requireOrdinal(value, 'cnNumber'));
}

/** 1 → 第一章 */
export function chapterNo(value: unknown): string {
  const n = requireOrdinal(value, 'chapterNo');
  if (n < 1) throw new RangeError('chapterNo: chapters count from 1');
  return chapterLabel(n);
}

/** 12 → 第十二条 */
export function articleNo(value: unknown): string {
  const n = requireOrdinal(value, 'articleNo');
  if (n < 1) throw new RangeError('articleNo: articles count from 1');
  return articleLabel(n);
}

/** A zero-based loop index as the Chinese ordinal of the item: 0 → 一 (for 一、二、 lists). */
export function cnIndex(value: unknown): string {
  return cnNumber(requireOrdinal(value, 'cnIndex') + 1);
}

/** A zero-based loop index as the Arabic number of the item: 0 → 1 (序号 columns). */
export function inc(value: unknown): string {
  return String(requireOrdinal(value, 'inc') + 1);
}

/** 6 → 6%, 0.5 → 0.5% (no binary noise: 0.1 + 0.2 → 0.3%). */
export function percent(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`percent: not a number: ${JSON.stringify(value)}`);
  return `${Number(value.toFixed(6))}%`;
}

export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

/** ['工资', '工时'] → 工资、工时 (the Chinese enumeration comma unless another separator is given). */
export function join(list: unknown, separator: unknown = '、'): string {
  if (!Array.isArray(list)) throw new TypeError(`join: not a list: ${JSON.stringify(list)}`);
  return list.map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : JSON.stringify(item))).join(typeof separator === 'string' ? separator : '、');
}

/** A text's non-blank lines, for one paragraph each ({{#each (lines text)}}<p>{{this}}</p>{{/each}}). */
export function lines(text: unknown): string[] {
  if (typeof text !== 'string') throw new TypeError(`lines: not a text: ${JSON.stringify(text)}`);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

type Helper = (...args: unknown[]) => unknown;

/** The helpers by name, as pure functions of their arguments. */
export const TEMPLATE_HELPERS: Record<string, Helper> = {
  cnDate: (v) => cnDate(v),
  date: (v) => date(v),
  rmbUpper: (v) => rmbUpper(v),
  cnNumber: (v) => cnNumber(v),
  chapterNo: (v) => chapterNo(v),
  articleNo: (v) => articleNo(v),
  cnIndex: (v) => cnIndex(v),
  inc: (v) => inc(v),
  percent: (v) => percent(v),
  eq: (a, b) => eq(a, b),
  join: (list, separator) => join(list, separator),
  lines: (v) => lines(v),
};

interface HelperHost {
  registerHelper(name: string, fn: (...args: unknown[]) => unknown): void;
}

/**
 * Registers the helpers on a Handlebars environment. Handlebars passes its options object last; it is
 * dropped, so `{{join list}}` gets the default separator rather than the options.
 */
export function registerTemplateHelpers(hbs: HelperHost): void {
  for (const [name, fn] of Object.entries(TEMPLATE_HELPERS)) {
    hbs.registerHelper(name, (...args: unknown[]) => fn(...args.slice(0, -1)));
  }
}
