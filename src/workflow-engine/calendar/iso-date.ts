/** A calendar day as `YYYY-MM-DD`; in this service always a day in China (Asia/Shanghai). */
export type IsoDate = string;

export const DAY_MS = 86_400_000;
// Asia/Shanghai is UTC+8 all year (no DST since 1991), so a fixed offset is exact.
export const CHINA_OFFSET_MS = 8 * 3_600_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Dates are handled as whole days since 1970-01-01 (UTC), so the machine's time zone never enters.

/** Days since 1970-01-01; throws RangeError unless `date` is a real calendar date `YYYY-MM-DD`. */
export function toDayNumber(date: IsoDate): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (m) {
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
    // Date.UTC rolls 02-30 over to March: the round trip catches it (and years below 100, which it maps to 19xx).
    if (fromDayNumber(day) === date) return day;
  }
  throw new RangeError(`not a valid date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isValidIsoDate(date: unknown): date is IsoDate {
  if (typeof date !== 'string') return false;
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

export const isWeekend = (day: number): boolean => weekday(day) === 0 || weekday(day) === 6;

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
