import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadlineCalendar } from './deadline-calendar.js';

// The real data files (2018, 2025, 2026); expected dates below are read off the State Council notices.
const cal = DeadlineCalendar.fromDirectory();

describe('DeadlineCalendar.periodEnd, natural days', () => {
  it('2018 Spring Festival: an offer received 2018-02-01, 20 days: 02-21 is a holiday, so the last day is 02-22', () => {
    const end = cal.periodEnd('2018-02-01', 20, 'natural');
    expect(end).toEqual({ lastDay: '2018-02-22', dueAt: new Date('2018-02-22T16:00:00.000Z'), warnings: [] });
  });

  it('a last day on a plain weekend moves to the Monday', () => {
    // 2018-03-01 + 16 = Saturday 03-17
    expect(cal.periodEnd('2018-03-01', 16, 'natural').lastDay).toBe('2018-03-19');
  });

  it('a last day on a 调休 working Saturday does not move', () => {
    expect(cal.isRestDay('2018-02-24')).toBe(false);
    expect(cal.periodEnd('2018-02-14', 10, 'natural').lastDay).toBe('2018-02-24');
  });

  it('a last day in a chain of rest days moves past all of them (National Day 2018: 10-01 … 10-07)', () => {
    expect(cal.periodEnd('2018-09-21', 10, 'natural').lastDay).toBe('2018-10-08');
  });

  it('a last day on a working day stays put (the day of the act is not counted)', () => {
    expect(cal.periodEnd('2018-03-01', 1, 'natural').lastDay).toBe('2018-03-02');
  });

  it('uses the 2025 and 2026 schedules', () => {
    expect(cal.periodEnd('2025-09-21', 10, 'natural').lastDay).toBe('2025-10-09'); // 10-01 … 10-08 holidays
    expect(cal.periodEnd('2025-10-01', 10, 'natural').lastDay).toBe('2025-10-11'); // working Saturday
    expect(cal.periodEnd('2026-02-05', 10, 'natural').lastDay).toBe('2026-02-24'); // Spring Festival 02-15 … 02-23
  });
});

describe('DeadlineCalendar.periodEnd, working days', () => {
  it('10 working days from 2018-09-25 count the 调休 weekend 09-29/30 and skip National Day', () => {
    // 09-26, 27, 28, 29 (Sat, working), 30 (Sun, working), then 10-08 … 10-12
    expect(cal.periodEnd('2018-09-25', 10, 'working')).toEqual({
      lastDay: '2018-10-12',
      dueAt: new Date('2018-10-12T16:00:00.000Z'),
      warnings: [],
    });
  });

  it('skips the Spring Festival holiday', () => {
    // 02-14 (1), 02-15 … 02-21 holiday, 02-22 (2), 02-23 (3)
    expect(cal.periodEnd('2018-02-13', 3, 'working').lastDay).toBe('2018-02-23');
  });

  it('counts a 调休 working Sunday as a working day', () => {
    // 02-10 Saturday rest, 02-11 Sunday working (1), 02-12 (2)
    expect(cal.periodEnd('2018-02-09', 2, 'working').lastDay).toBe('2018-02-12');
  });

  it('skips plain weekends', () => {
    // Friday 2018-03-02 + 1 working day = Monday 03-05
    expect(cal.periodEnd('2018-03-02', 1, 'working').lastDay).toBe('2018-03-05');
  });
});

describe('years without data', () => {
  it('falls back to weekends alone with a warning naming the missing year', () => {
    // 2031-10-01 is a Wednesday; with no 2031 schedule nothing makes it a rest day.
    const end = cal.periodEnd('2031-09-21', 10, 'natural');
    expect(end.lastDay).toBe('2031-10-01');
    expect(end.warnings).toHaveLength(1);
    expect(end.warnings[0].zh).toContain('2031');
    expect(end.warnings[0].en).toContain('2031');
    // Saturday 2031-10-04 still moves to Monday.
    expect(cal.periodEnd('2031-09-24', 10, 'natural').lastDay).toBe('2031-10-06');
  });

  it('names only the years the answer depends on', () => {
    // From Friday 2026-12-25 (covered) into 2027 (not): 10 days = Monday 2027-01-04.
    const end = cal.periodEnd('2026-12-25', 10, 'natural');
    expect(end.lastDay).toBe('2027-01-04');
    expect(end.warnings.map((w) => w.en)).toEqual([expect.stringContaining('2027')]);
    expect(end.warnings[0].en).not.toContain('2026');
    expect(cal.periodEnd('2026-12-28', 10, 'working').warnings).toHaveLength(1);
  });

  it('reports coverage: degraded when the current or the next year is missing', () => {
    expect(cal.isCovered(2018)).toBe(true);
    expect(cal.isCovered(2019)).toBe(false);
    expect(cal.coverage('2025-06-01')).toEqual({ status: 'ok', coveredYears: expect.arrayContaining([2025, 2026]), missingYears: [] });
    expect(cal.coverage('2026-06-01').missingYears).toEqual(cal.isCovered(2027) ? [] : [2027]);
    expect(cal.coverage('2018-06-01')).toMatchObject({ status: 'degraded', missingYears: [2019] });
  });

  it('an empty calendar answers with weekends alone and a warning', () => {
    const empty = new DeadlineCalendar([]);
    expect(empty.coveredYears()).toEqual([]);
    const end = empty.periodEnd('2018-02-01', 20, 'natural');
    expect(end.lastDay).toBe('2018-02-21');
    expect(end.warnings).toHaveLength(1);
  });
});

describe('rejected input', () => {
  it.each([0, -1, 1.5, NaN])('rejects a period of %p days', (days) => {
    expect(() => cal.periodEnd('2018-02-01', days, 'natural')).toThrow(RangeError);
    expect(() => cal.periodEnd('2018-02-01', days, 'working')).toThrow(RangeError);
  });

  it.each(['2018-02-30', '2018-13-01', '2018-2-1', '20180201', '2018-02-01T00:00:00Z', '', '0099-01-01'])('rejects the date %p', (date) => {
    expect(() => cal.periodEnd(date, 20, 'natural')).toThrow(RangeError);
    expect(() => cal.isRestDay(date)).toThrow(RangeError);
    expect(() => cal.fixedDate(date)).toThrow(RangeError);
    expect(() => DeadlineCalendar.addDays(date, 1)).toThrow(RangeError);
  });

  it('rejects an unknown kind of day', () => {
    expect(() => cal.periodEnd('2018-02-01', 20, 'business' as 'working')).toThrow(RangeError);
  });
});

describe('fixedDate', () => {
  it('ends at 24:00 China time of that day, even on a rest day', () => {
    expect(cal.fixedDate('2018-02-17')).toEqual({ lastDay: '2018-02-17', dueAt: new Date('2018-02-17T16:00:00.000Z'), warnings: [] });
  });
});

describe('static date helpers', () => {
  it('chinaDate switches day at 16:00Z', () => {
    expect(DeadlineCalendar.chinaDate(new Date('2018-02-21T15:59:59.999Z'))).toBe('2018-02-21');
    expect(DeadlineCalendar.chinaDate(new Date('2018-02-21T16:00:00.000Z'))).toBe('2018-02-22');
    expect(DeadlineCalendar.chinaDate(new Date('2018-12-31T16:00:00.000Z'))).toBe('2019-01-01');
    expect(() => DeadlineCalendar.chinaDate(new Date('nonsense'))).toThrow(RangeError);
  });

  it('endOfChinaDay is the next day 00:00 +08:00', () => {
    expect(DeadlineCalendar.endOfChinaDay('2018-02-22').toISOString()).toBe('2018-02-22T16:00:00.000Z');
    expect(DeadlineCalendar.endOfChinaDay('2018-12-31')).toEqual(new Date('2019-01-01T00:00:00+08:00'));
  });

  it('monthsBefore clamps to the end of a shorter month and wraps the year', () => {
    expect(DeadlineCalendar.monthsBefore('2019-05-31', 3)).toBe('2019-02-28');
    expect(DeadlineCalendar.monthsBefore('2020-05-31', 3)).toBe('2020-02-29');
    expect(DeadlineCalendar.monthsBefore('2019-12-31', 1)).toBe('2019-11-30');
    expect(DeadlineCalendar.monthsBefore('2019-01-15', 2)).toBe('2018-11-15');
    expect(DeadlineCalendar.monthsBefore('2019-03-31', 13)).toBe('2018-02-28');
    expect(DeadlineCalendar.monthsBefore('2019-03-15', 0)).toBe('2019-03-15');
    expect(() => DeadlineCalendar.monthsBefore('2019-03-15', -1)).toThrow(RangeError);
    expect(() => DeadlineCalendar.monthsBefore('2019-02-29', 1)).toThrow(RangeError);
  });

  it('addDays crosses months, leap days and years', () => {
    expect(DeadlineCalendar.addDays('2020-02-28', 1)).toBe('2020-02-29');
    expect(DeadlineCalendar.addDays('2019-02-28', 1)).toBe('2019-03-01');
    expect(DeadlineCalendar.addDays('2018-12-31', 1)).toBe('2019-01-01');
    expect(DeadlineCalendar.addDays('2019-01-01', -1)).toBe('2018-12-31');
  });

  it('daysRemaining is 0 on the last day and negative after it', () => {
    expect(DeadlineCalendar.daysRemaining('2018-02-01', '2018-02-22')).toBe(21);
    expect(DeadlineCalendar.daysRemaining('2018-02-22', '2018-02-22')).toBe(0);
    expect(DeadlineCalendar.daysRemaining('2018-02-24', '2018-02-22')).toBe(-2);
    expect(DeadlineCalendar.daysRemaining('2018-12-31', '2019-03-01')).toBe(60);
  });
});

describe('holiday data', () => {
  it('fromDirectory loads 2018, 2025 and 2026 from src/reference-data', () => {
    expect(cal.coveredYears()).toEqual(expect.arrayContaining([2018, 2025, 2026]));
    expect(cal.isRestDay('2018-02-21')).toBe(true); // Spring Festival
    expect(cal.isRestDay('2017-12-30')).toBe(true); // listed in the 2018 file: data like any other
    expect(cal.isRestDay('2025-10-08')).toBe(true);
    expect(cal.isRestDay('2026-02-28')).toBe(false); // working Saturday
    expect(cal.isRestDay('2026-03-02')).toBe(false); // plain Monday
  });

  describe('a malformed file makes fromDirectory throw naming the file', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cn-holidays-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const good = { source: 'test', year: 2018, holidays: ['2018-02-16'], workingWeekends: ['2018-02-24'] };
    it.each([
      ['an impossible date', 'cn-holidays-2018.json', { ...good, holidays: ['2018-02-30'] }, /2018-02-30/],
      ['a malformed date', 'cn-holidays-2018.json', { ...good, holidays: ['2018/02/16'] }, /2018\/02\/16/],
      ['a year differing from the name', 'cn-holidays-2019.json', good, /"year" is 2018/],
      ['a date far from the year', 'cn-holidays-2018.json', { ...good, holidays: ['2019-10-01'] }, /2019-10-01/],
      ['a date both holiday and working weekend', 'cn-holidays-2018.json', { ...good, holidays: ['2018-02-24'] }, /2018-02-24/],
      ['a working weekend on a weekday', 'cn-holidays-2018.json', { ...good, workingWeekends: ['2018-02-22'] }, /2018-02-22/],
      ['a missing list', 'cn-holidays-2018.json', { source: 'test', year: 2018, holidays: [] }, /workingWeekends/],
      ['not JSON', 'cn-holidays-2018.json', '{ "year": 2018, ', /JSON/],
      ['a bad file name', 'cn-holidays-18.json', good, /cn-holidays-YYYY/],
    ])('%s', (_what, file, content, detail) => {
      const sub = mkdtempSync(join(dir, 'case-'));
      writeFileSync(join(sub, file), typeof content === 'string' ? content : JSON.stringify(content));
      expect(() => DeadlineCalendar.fromDirectory(sub)).toThrow(file);
      expect(() => DeadlineCalendar.fromDirectory(sub)).toThrow(detail);
    });

    it('reads a good file, and ignores other files', () => {
      const sub = mkdtempSync(join(dir, 'case-'));
      writeFileSync(join(sub, 'cn-holidays-2018.json'), JSON.stringify(good));
      writeFileSync(join(sub, 'sichuan-regions.json'), 'not json');
      const c = DeadlineCalendar.fromDirectory(sub);
      expect(c.coveredYears()).toEqual([2018]);
      expect(c.isRestDay('2018-02-16')).toBe(true);
      expect(c.isRestDay('2018-02-21')).toBe(false);
    });
  });

  it('rejects two schedules for one year, and schedules contradicting each other', () => {
    const a = { year: 2018, holidays: ['2017-12-30'], workingWeekends: [] };
    expect(() => new DeadlineCalendar([a, { ...a, label: 'dup.json' }])).toThrow(/dup\.json.*2018/);
    const b = { year: 2017, holidays: [], workingWeekends: ['2017-12-30'], label: 'cn-holidays-2017.json' };
    expect(() => new DeadlineCalendar([{ ...a, label: 'cn-holidays-2018.json' }, b])).toThrow(/cn-holidays-2017\.json.*2017-12-30.*cn-holidays-2018\.json/);
  });
});
