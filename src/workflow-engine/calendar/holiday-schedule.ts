import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidIsoDate, isWeekend, toDayNumber, yearOf, type IsoDate } from './iso-date.js';

/** One year of the State Council's holiday schedule (国务院办公厅关于YYYY年部分节假日安排的通知). */
export interface YearSchedule {
  year: number;
  /** Rest days, including weekend days inside a holiday block. */
  holidays: IsoDate[];
  /** Weekend days made working days (调休). */
  workingWeekends: IsoDate[];
  /** Names the origin in error messages (the file name when read from disk). */
  label?: string;
}

const FILE_NAME = /^cn-holidays-(\d{4})\.json$/;

/** Reads every `cn-holidays-*.json` of `dir`; a file that is not JSON, or whose year differs from its name, throws naming it. */
export function readScheduleFiles(dir: string): YearSchedule[] {
  const files = readdirSync(dir).filter((f) => f.startsWith('cn-holidays-') && f.endsWith('.json')).sort();
  return files.map((file) => {
    const nameYear = FILE_NAME.exec(file)?.[1];
    if (!nameYear) throw new Error(`${file}: a holiday file must be named cn-holidays-YYYY.json`);
    let data: Partial<YearSchedule>;
    try {
      data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new Error(`${file}: not valid JSON (${err.message})`);
    }
    if (data?.year !== Number(nameYear)) throw new Error(`${file}: "year" is ${JSON.stringify(data?.year)}, the file name says ${nameYear}`);
    return { year: data.year, holidays: data.holidays as IsoDate[], workingWeekends: data.workingWeekends as IsoDate[], label: file };
  });
}

/** Throws (naming the schedule's label) unless the schedule is consistent in itself. */
export function validateSchedule(s: YearSchedule): void {
  const label = s.label ?? `holiday schedule ${s.year}`;
  if (!Number.isInteger(s.year) || s.year < 1000 || s.year > 9999) throw new Error(`${label}: "year" must be a 4-digit year`);
  for (const key of ['holidays', 'workingWeekends'] as const) {
    const list = s[key];
    if (!Array.isArray(list)) throw new Error(`${label}: "${key}" must be a list of dates`);
    for (const date of list) {
      if (!isValidIsoDate(date)) throw new Error(`${label}: ${JSON.stringify(date)} in "${key}" is not a valid date (YYYY-MM-DD)`);
      // A schedule may reach into the neighbouring December/January (the 2018 notice lists 2017-12-30/31), no further.
      const [y, m] = [yearOf(date), Number(date.slice(5, 7))];
      if (!(y === s.year || (y === s.year - 1 && m === 12) || (y === s.year + 1 && m === 1))) {
        throw new Error(`${label}: ${date} in "${key}" does not belong to the ${s.year} schedule`);
      }
    }
  }
  for (const date of s.workingWeekends) {
    if (!isWeekend(toDayNumber(date))) throw new Error(`${label}: ${date} in "workingWeekends" is not a Saturday or Sunday`);
  }
  const holidays = new Set(s.holidays);
  const both = s.workingWeekends.find((d) => holidays.has(d));
  if (both) throw new Error(`${label}: ${both} is listed both as a holiday and as a working weekend`);
}
