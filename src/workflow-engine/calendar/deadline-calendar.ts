import type { Bilingual } from '../../common/errors/domain-error.js';
import { projectPath } from '../../config/project-root.js';
import { readScheduleFiles, validateSchedule, type YearSchedule } from './holiday-schedule.js';
import { CHINA_OFFSET_MS, DAY_MS, fromDayNumber, isWeekend, toDayNumber, yearOf, type IsoDate } from './iso-date.js';

export type { IsoDate } from './iso-date.js';
export type { YearSchedule } from './holiday-schedule.js';

export type DayCount = 'natural' | 'working';

export interface PeriodEnd {
  lastDay: IsoDate;
  /** 24:00 China time of `lastDay`. */
  dueAt: Date;
  /** One per year the computation needed but the calendar lacks (counted with weekends alone). */
  warnings: Bilingual[];
}

/** For the health check: degraded when the schedule of the current year or the next is missing. */
export interface CalendarCoverage {
  status: 'ok' | 'degraded';
  coveredYears: number[];
  /** Of the current and the next year, those without a schedule. */
  missingYears: number[];
}

/**
 * Deadlines of the procedure (procedure.md, "The states, in order"): the day of the act is not counted
 * (民法典 Art 201); a period counted in natural days whose last day is a rest day ends on the next working
 * day (Art 203); a period ends at 24:00 China time of its last day. Rest days are weekends and the State
 * Council's holidays, except the weekend days its schedule makes working days (调休).
 */
export class DeadlineCalendar {
  private readonly years = new Set<number>();
  private readonly holidays = new Set<IsoDate>();
  private readonly workingWeekends = new Set<IsoDate>();

  /** Reads every `cn-holidays-*.json` of `dir`; a bad file throws naming it. */
  static fromDirectory(dir: string = projectPath('src', 'reference-data')): DeadlineCalendar {
    return new DeadlineCalendar(readScheduleFiles(dir));
  }

  constructor(schedules: YearSchedule[]) {
    const origin = new Map<IsoDate, string>(); // date -> label, to name both sides of a conflict between schedules
    for (const s of schedules) {
      validateSchedule(s);
      const label = s.label ?? `holiday schedule ${s.year}`;
      if (this.years.has(s.year)) throw new Error(`${label}: a second schedule for ${s.year}`);
      this.years.add(s.year);
      for (const d of s.holidays) this.holidays.add(d);
      for (const d of s.workingWeekends) this.workingWeekends.add(d);
      for (const d of [...s.holidays, ...s.workingWeekends]) {
        if (this.holidays.has(d) && this.workingWeekends.has(d)) {
          throw new Error(`${label}: ${d} is a holiday in one schedule and a working weekend in the other (${origin.get(d)})`);
        }
        origin.set(d, label);
      }
    }
  }

  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  isCovered(year: number): boolean {
    return this.years.has(year);
  }

  /** Coverage of the year of `today` (China) and the next one. */
  coverage(today: IsoDate = DeadlineCalendar.chinaDate(new Date())): CalendarCoverage {
    const year = yearOf(fromDayNumber(toDayNumber(today)));
    const missingYears = [year, year + 1].filter((y) => !this.isCovered(y));
    return { status: missingYears.length ? 'degraded' : 'ok', coveredYears: this.coveredYears(), missingYears };
  }

  isRestDay(date: IsoDate): boolean {
    const day = toDayNumber(date);
    if (this.workingWeekends.has(date)) return false;
    return this.holidays.has(date) || isWeekend(day);
  }

  periodEnd(from: IsoDate, days: number, calendar: DayCount): PeriodEnd {
    const start = toDayNumber(from);
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`a period must be a whole number of days ≥ 1, got ${days}`);
    const examined = new Set<number>(); // years whose rest days the answer depends on
    const rest = (day: number) => {
      const date = fromDayNumber(day);
      examined.add(yearOf(date));
      return this.isRestDay(date);
    };
    let last = start;
    if (calendar === 'natural') {
      last = start + days;
      while (rest(last)) last++;
    } else if (calendar === 'working') {
      for (let left = days; left > 0; ) if (!rest(++last)) left--;
    } else {
      throw new RangeError(`calendar must be 'natural' or 'working', got ${JSON.stringify(calendar)}`);
    }
    const lastDay = fromDayNumber(last);
    return { lastDay, dueAt: DeadlineCalendar.endOfChinaDay(lastDay), warnings: this.warningsFor(examined) };
  }

  /** A fixed date as a deadline (e.g. the contract's end date): ends at 24:00 of that day, no move to a working day. */
  fixedDate(date: IsoDate): PeriodEnd {
    return { lastDay: date, dueAt: DeadlineCalendar.endOfChinaDay(date), warnings: [] };
  }

  private warningsFor(years: Set<number>): Bilingual[] {
    return [...years]
      .filter((y) => !this.isCovered(y))
      .sort((a, b) => a - b)
      .map((y) => ({
        zh: `缺少${y}年国务院节假日安排数据：该期限仅按周六、周日计算休息日，可能不准确。`,
        en: `No State Council holiday schedule for ${y} is loaded: this deadline counts Saturdays and Sundays alone as rest days and may be wrong.`,
      }));
  }

  /** `months` calendar months before `date` (clamped to the month's last day: 2019-05-31 minus 3 months = 2019-02-28). */
  static monthsBefore(date: IsoDate, months: number): IsoDate {
    toDayNumber(date);
    if (!Number.isInteger(months) || months < 0) throw new RangeError(`months must be a whole number ≥ 0, got ${months}`);
    const [y, m, d] = date.split('-').map(Number);
    const index = y * 12 + (m - 1) - months; // months since year 0, so the year wraps by itself
    const [year, month] = [Math.floor(index / 12), index % 12];
    const monthLength = new Date(Date.UTC(year, month + 1, 0)).getUTCDate(); // day 0 of the next month = last of this
    return fromDayNumber(Date.UTC(year, month, Math.min(d, monthLength)) / DAY_MS);
  }

  static addDays(date: IsoDate, days: number): IsoDate {
    if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
    return fromDayNumber(toDayNumber(date) + days);
  }

  /** The calendar day in China of an instant. */
  static chinaDate(instant: Date): IsoDate {
    const t = instant instanceof Date ? instant.getTime() : NaN;
    if (Number.isNaN(t)) throw new RangeError('not a valid instant');
    return fromDayNumber(Math.floor((t + CHINA_OFFSET_MS) / DAY_MS));
  }

  /** 24:00 China time of `date` (00:00 +08:00 of the next day), as an instant. */
  static endOfChinaDay(date: IsoDate): Date {
    return new Date((toDayNumber(date) + 1) * DAY_MS - CHINA_OFFSET_MS);
  }

  /** Whole days from `today` to `lastDay` (0 on the last day, negative when past). */
  static daysRemaining(today: IsoDate, lastDay: IsoDate): number {
    return toDayNumber(lastDay) - toDayNumber(today);
  }
}
