/**
 * Expected dates come from the State Council notices (国务院办公厅关于部分节假日安排的通知),
 * not from the package, so these tests fail if either the package data or our arithmetic is wrong:
 *
 * 2024 (国办发明电〔2023〕7号): 春节 2月10日至17日放假调休，共8天，2月4日（周日）、2月18日（周日）上班；
 *       国庆节 10月1日至7日放假调休，共7天，9月29日（周日）、10月12日（周六）上班。
 * 2025 (国办发明电〔2024〕12号): 元旦 1月1日放假1天；春节 1月28日（除夕）至2月4日放假调休，共8天，
 *       1月26日（周日）、2月8日（周六）上班；劳动节 5月1日至5日放假调休，4月27日（周日）上班；
 *       国庆节、中秋节 10月1日至8日放假调休，共8天，9月28日（周日）、10月11日（周六）上班。
 * 2026: 元旦 1月1日至3日放假调休，1月4日（周日）上班；春节 2月15日至23日放假调休，共9天，
 *       2月14日（周六）、2月28日（周六）上班；国庆节 10月1日至7日放假调休，9月20日（周日）、10月10日（周六）上班。
 */
import {
  chinaDate,
  coverageWarning,
  nationalDay,
  nationallyCovered,
  createWorkingCalendar,
  endOfChinaDay,
  statutoryDeadline,
  type DayInfo,
  type DayOverride,
} from '../../../domain/calendar';

const calendar = createWorkingCalendar();

/** Every date from `from` to `to` inclusive; test-side helper so expectations don't reuse module code. */
function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += 86_400_000) {
    dates.push(new Date(ms).toISOString().slice(0, 10));
  }
  return dates;
}

describe('official holiday arrangements', () => {
  it.each([
    ['2024 Spring Festival', '2024-02-10', '2024-02-17', '2024-02-09', '2024-02-18'],
    ['2024 National Day', '2024-10-01', '2024-10-07', '2024-09-30', '2024-10-08'],
    ['2025 Spring Festival', '2025-01-28', '2025-02-04', '2025-01-27', '2025-02-05'],
    ['2025 Labour Day', '2025-05-01', '2025-05-05', '2025-04-30', '2025-05-06'],
    ['2025 National Day and Mid-Autumn', '2025-10-01', '2025-10-08', '2025-09-30', '2025-10-09'],
    ['2026 New Year', '2026-01-01', '2026-01-03', '2025-12-31', '2026-01-04'],
    ['2026 Spring Festival', '2026-02-15', '2026-02-23', '2026-02-14', '2026-02-24'],
    ['2026 National Day', '2026-10-01', '2026-10-07', '2026-09-30', '2026-10-08'],
  ])('the %s break (%s to %s) is all holiday, between the working days %s and %s', (_, first, last, workingBefore, workingAfter) => {
    for (const date of datesFrom(first, last)) {
      expect(calendar.dayInfo(date)).toMatchObject({ working: false, kind: 'holiday', covered: true });
    }
    expect(calendar.addWorkingDays(first, -1)).toBe(workingBefore);
    expect(calendar.addWorkingDays(last, 1)).toBe(workingAfter);
  });

  it.each([
    ['2024-02-04', '春节'],
    ['2024-02-18', '春节'],
    ['2024-09-29', '国庆节'],
    ['2024-10-12', '国庆节'],
    ['2025-01-26', '春节'],
    ['2025-02-08', '春节'],
    ['2025-04-27', '劳动节'],
    ['2025-09-28', '国庆节'],
    ['2025-10-11', '国庆节'],
    ['2026-01-04', '元旦'],
    ['2026-02-14', '春节'],
    ['2026-02-28', '春节'],
    ['2026-09-20', '国庆节'],
    ['2026-10-10', '国庆节'],
  ])('the make-up weekend day %s (%s) is a working day', (date, name) => {
    expect(calendar.dayInfo(date)).toEqual<DayInfo>({ date, working: true, kind: 'makeup-workday', name, covered: true });
  });

  it('names the holiday in Chinese, including Mid-Autumn inside the 2025 National Day break', () => {
    expect(calendar.dayInfo('2025-10-01').name).toBe('国庆节');
    expect(calendar.dayInfo('2025-10-06').name).toBe('中秋');
    expect(calendar.dayInfo('2025-01-01').name).toBe('元旦');
  });

  it('treats ordinary weekdays and weekends by the day of the week, without a name', () => {
    expect(calendar.dayInfo('2025-03-05')).toEqual<DayInfo>({ date: '2025-03-05', working: true, kind: 'workday', covered: true });
    expect(calendar.dayInfo('2025-03-08')).toEqual<DayInfo>({ date: '2025-03-08', working: false, kind: 'weekend', covered: true });
  });

  it('keeps Spring Festival eve 2024 (9 Feb, not in the break) a working day', () => {
    expect(calendar.dayInfo('2024-02-09')).toMatchObject({ working: true, kind: 'workday' });
  });
});

describe('addWorkingDays', () => {
  it('a five-working-day step started on 27 Jan 2025 skips Spring Festival, counts the make-up Saturday 8 Feb and lands on Monday 10 Feb', () => {
    expect(calendar.addWorkingDays('2025-01-27', 5)).toBe('2025-02-10');
  });

  it('counts the make-up Sunday 26 Jan 2025 as the first working day after Friday 24 Jan', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(calendar.addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
  });

  it('a 20-working-day reply period for an application received on Monday 20 Jan 2025 ends on Friday 21 Feb', () => {
    expect(calendar.addWorkingDays('2025-01-20', 20)).toBe('2025-02-21');
  });

  it('jumps from the last working day before Spring Festival 2024 to the make-up Sunday 18 Feb', () => {
    expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
    expect(calendar.addWorkingDays('2024-02-03', 1)).toBe('2024-02-04');
  });

  it('crosses the 2024 and 2025 National Day breaks', () => {
    expect(calendar.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
    expect(calendar.addWorkingDays('2025-09-26', 5)).toBe('2025-10-10');
    expect(calendar.addWorkingDays('2025-09-26', 6)).toBe('2025-10-11');
  });

  it('crosses the 2026 Spring Festival and National Day breaks', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('counts backwards over a holiday for negative n', () => {
    expect(calendar.addWorkingDays('2025-02-05', -1)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-02-05', -2)).toBe('2025-01-26');
    expect(calendar.addWorkingDays('2025-02-01', -1)).toBe('2025-01-27');
  });

  it('with n=0 returns a working day itself (a make-up Saturday included) and moves a holiday to the next working day', () => {
    expect(calendar.addWorkingDays('2025-01-27', 0)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-02-08', 0)).toBe('2025-02-08');
    expect(calendar.addWorkingDays('2025-01-30', 0)).toBe('2025-02-05');
  });

  it('rejects a fractional count', () => {
    expect(() => calendar.addWorkingDays('2025-01-27', 1.5)).toThrow(/integer/);
  });

  it('round-trips with workingDaysBetween for every working day of 2024–2026', () => {
    const mismatches: string[] = [];
    for (const date of datesFrom('2024-01-01', '2026-12-31').filter((d) => calendar.isWorkingDay(d))) {
      for (const n of [1, 5, 20]) {
        const later = calendar.addWorkingDays(date, n);
        const between = calendar.workingDaysBetween(date, later);
        const back = calendar.addWorkingDays(later, -n);
        if (between !== n || back !== date) mismatches.push(`${date} +${n} -> ${later}: between ${between}, back ${back}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('workingDaysBetween', () => {
  it('is 0 for the same day', () => {
    expect(calendar.workingDaysBetween('2025-01-30', '2025-01-30')).toBe(0);
  });

  it('counts only the days after Spring Festival 2025 plus the make-up days, with the start excluded and the end included', () => {
    // (24 Jan, 10 Feb]: 26 Jan (Sun), 27 Jan, 5–7 Feb, 8 Feb (Sat), 10 Feb
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    expect(calendar.workingDaysBetween('2025-01-27', '2025-02-05')).toBe(1);
    expect(calendar.workingDaysBetween('2025-01-28', '2025-02-04')).toBe(0);
  });

  it('is negative when to is before from', () => {
    expect(calendar.workingDaysBetween('2025-02-10', '2025-01-24')).toBe(-7);
  });

  it('counts the 2024 National Day make-up Sunday and Saturday', () => {
    // (27 Sep, 12 Oct]: 29 Sep (Sun), 30 Sep, 8–11 Oct, 12 Oct (Sat)
    expect(calendar.workingDaysBetween('2024-09-27', '2024-10-12')).toBe(7);
  });
});

describe('instants in China time', () => {
  it('chinaDate switches to the next day at 16:00 UTC', () => {
    expect(chinaDate(new Date('2025-01-27T15:59:59.999Z'))).toBe('2025-01-27');
    expect(chinaDate(new Date('2025-01-27T16:00:00.000Z'))).toBe('2025-01-28');
  });

  it('endOfChinaDay and statutoryDeadline are 23:59:59.999+08:00, i.e. 15:59:59.999Z', () => {
    expect(endOfChinaDay('2025-01-31').toISOString()).toBe('2025-01-31T15:59:59.999Z');
    // "publish by 31 Jan" holds even though 31 Jan 2025 is inside the Spring Festival break.
    expect(statutoryDeadline('2025-01-31').toISOString()).toBe('2025-01-31T15:59:59.999Z');
  });

  it('rejects an invalid Date', () => {
    expect(() => chinaDate(new Date('not a date'))).toThrow(/Invalid instant/);
  });
});

describe('deadlineAfter', () => {
  it('a 20-working-day step started on 20 Jan 2025 is due at the end of 21 Feb China time', () => {
    expect(calendar.deadlineAfter(new Date('2025-01-20T02:00:00Z'), 20).toISOString()).toBe('2025-02-21T15:59:59.999Z');
  });

  it('uses the China date of the start: 01:00 on 27 Jan in Beijing is still 26 Jan in UTC', () => {
    expect(calendar.deadlineAfter(new Date('2025-01-26T17:00:00Z'), 1).toISOString()).toBe('2025-02-05T15:59:59.999Z');
  });

  it('with n=0 is the end of the start day if working, else of the next working day', () => {
    expect(calendar.deadlineAfter(new Date('2025-01-27T02:00:00Z'), 0).toISOString()).toBe('2025-01-27T15:59:59.999Z');
    expect(calendar.deadlineAfter(new Date('2025-01-30T02:00:00Z'), 0).toISOString()).toBe('2025-02-05T15:59:59.999Z');
  });

  it('rejects a negative count', () => {
    expect(() => calendar.deadlineAfter(new Date('2025-01-27T02:00:00Z'), -1)).toThrow(/non-negative/);
  });
});

describe('shiftWorkingDays', () => {
  const deadline = endOfChinaDay('2025-10-14');

  it('a T-5 reminder before a 14 Oct 2025 deadline falls on 30 Sep, skipping the National Day break but counting Saturday 11 Oct', () => {
    expect(calendar.shiftWorkingDays(deadline, -5).toISOString()).toBe('2025-09-30T15:59:59.999Z');
  });

  it('a T+3 escalation after a 30 Sep 2025 deadline falls on the make-up Saturday 11 Oct', () => {
    expect(calendar.shiftWorkingDays(endOfChinaDay('2025-09-30'), 3).toISOString()).toBe('2025-10-11T15:59:59.999Z');
  });

  it('keeps the China time of day, including just after China midnight', () => {
    expect(calendar.shiftWorkingDays(new Date('2025-01-27T01:30:00Z'), 1).toISOString()).toBe('2025-02-05T01:30:00.000Z');
    // 01:00 on 27 Jan in Beijing -> 01:00 on 5 Feb in Beijing
    expect(calendar.shiftWorkingDays(new Date('2025-01-26T17:00:00Z'), 1).toISOString()).toBe('2025-02-04T17:00:00.000Z');
  });
});

describe('administrator overrides', () => {
  const overrides: DayOverride[] = [
    { date: '2025-03-03', kind: 'holiday', name: '地方节日' },
    { date: '2025-03-08', kind: 'workday' },
    { date: '2025-02-08', kind: 'holiday', name: '调休取消' },
    { date: '2025-02-04', kind: 'workday', name: '提前上班' },
  ];
  const local = createWorkingCalendar(overrides);

  it('turns an ordinary Monday into a holiday, pushing deadlines out by a day', () => {
    expect(local.dayInfo('2025-03-03')).toEqual<DayInfo>({ date: '2025-03-03', working: false, kind: 'override-holiday', name: '地方节日', covered: true });
    expect(local.addWorkingDays('2025-02-28', 1)).toBe('2025-03-04');
    expect(calendar.addWorkingDays('2025-02-28', 1)).toBe('2025-03-03');
  });

  it('turns a Saturday into a working day', () => {
    expect(local.dayInfo('2025-03-08')).toEqual<DayInfo>({ date: '2025-03-08', working: true, kind: 'override-workday', covered: true });
    expect(local.addWorkingDays('2025-03-07', 1)).toBe('2025-03-08');
  });

  it('wins over the national data in both directions', () => {
    expect(local.dayInfo('2025-02-08')).toMatchObject({ working: false, kind: 'override-holiday', name: '调休取消' });
    expect(local.dayInfo('2025-02-04')).toMatchObject({ working: true, kind: 'override-workday', name: '提前上班' });
    expect(local.workingDaysBetween('2025-01-27', '2025-02-10')).toBe(5);
  });

  it('rejects invalid dates, unknown kinds and duplicate dates', () => {
    expect(() => createWorkingCalendar([{ date: '2025-02-30', kind: 'holiday' }])).toThrow(/Invalid calendar date/);
    expect(() => createWorkingCalendar([{ date: '2025-03-03', kind: 'vacation' as DayOverride['kind'] }])).toThrow(/Invalid override kind/);
    expect(() =>
      createWorkingCalendar([
        { date: '2025-03-03', kind: 'holiday' },
        { date: '2025-03-03', kind: 'workday' },
      ]),
    ).toThrow(/Duplicate override for 2025-03-03/);
  });
});

describe('outside the package coverage', () => {
  it('reports coverage by year: 2004 is the first covered year', () => {
    expect(calendar.isCovered('2003-12-31')).toBe(false);
    expect(calendar.isCovered('2004-01-01')).toBe(true);
    expect(calendar.isCovered('2026-12-31')).toBe(true);
    expect(calendar.isCovered('2100-03-01')).toBe(false);
  });

  it('falls back to plain Monday–Friday with covered=false, so National Day 2003 looks like an ordinary Wednesday', () => {
    expect(calendar.dayInfo('2003-10-01')).toEqual<DayInfo>({ date: '2003-10-01', working: true, kind: 'workday', covered: false });
    expect(calendar.dayInfo('2003-10-04')).toEqual<DayInfo>({ date: '2003-10-04', working: false, kind: 'weekend', covered: false });
    expect(calendar.addWorkingDays('2100-03-05', 1)).toBe('2100-03-08');
  });

  it('switches to the package data where coverage starts: New Year 2004 is skipped', () => {
    expect(calendar.addWorkingDays('2003-12-31', 1)).toBe('2004-01-02');
  });

  it('still applies overrides, but keeps covered=false', () => {
    const local = createWorkingCalendar([{ date: '2003-10-01', kind: 'holiday', name: '国庆节' }]);
    expect(local.dayInfo('2003-10-01')).toEqual<DayInfo>({ date: '2003-10-01', working: false, kind: 'override-holiday', name: '国庆节', covered: false });
  });
});

describe('date validation', () => {
  it.each(['2025-02-30', 'abc', '', '2025-2-3', '2025-13-01', '2023-02-29', '2100-02-29', '0050-01-01', '2025-01-27T00:00:00Z'])(
    'rejects %j with a clear error',
    (bad) => {
      expect(() => calendar.dayInfo(bad)).toThrow(/Invalid calendar date/);
      expect(() => calendar.isCovered(bad)).toThrow(/Invalid calendar date/);
      expect(() => calendar.addWorkingDays(bad, 1)).toThrow(/Invalid calendar date/);
      expect(() => calendar.workingDaysBetween('2025-01-27', bad)).toThrow(/Invalid calendar date/);
      expect(() => endOfChinaDay(bad)).toThrow(/Invalid calendar date/);
    },
  );

  it('accepts 29 Feb in a leap year', () => {
    expect(calendar.isWorkingDay('2024-02-29')).toBe(true);
  });
});

describe('a year an administrator entered before the package covers it', () => {
  it('counts as covered, its days as overrides, and ordinary days Monday–Friday', () => {
    const entered = createWorkingCalendar([{ date: '2100-01-01', kind: 'holiday', name: '元旦' }], { publishedYears: [2100] });
    expect(entered.isCovered('2100-06-01')).toBe(true);
    expect(entered.dayInfo('2100-01-01')).toMatchObject({ working: false, kind: 'override-holiday', covered: true });
    expect(calendar.isCovered('2100-06-01')).toBe(false);
  });

  it('warns with the dates concerned only while a year is not covered', () => {
    const warning = coverageWarning(calendar, ['2100-01-04', '2025-06-03', '2100-01-04', '2101-02-01']);
    expect(warning).toMatchObject({ code: 'CALENDAR_NOT_COVERED', years: [2100, 2101], dates: ['2100-01-04', '2101-02-01'] });
    expect(warning!.message).toContain('2100年、2101年');
    expect(warning!.message).toContain('周一至周五');
    expect(coverageWarning(createWorkingCalendar([], { publishedYears: [2100, 2101] }), ['2100-01-04', '2101-02-01'])).toBeUndefined();
  });

  it('doubles nothing when the national data holds the same day: an override on a national holiday is one day off', () => {
    expect(nationalDay('2025-01-28')).toEqual({ kind: 'holiday', name: '春节' });
    expect(nationalDay('2025-01-26')).toEqual({ kind: 'workday', name: '春节' });
    expect(nationalDay('2025-03-03')).toBeUndefined();
    const same = createWorkingCalendar([{ date: '2025-01-28', kind: 'holiday', name: '春节' }], { publishedYears: [2025] });
    expect(same.workingDaysBetween('2025-01-20', '2025-02-20')).toBe(calendar.workingDaysBetween('2025-01-20', '2025-02-20'));
    expect(nationallyCovered(2025)).toBe(true);
    expect(nationallyCovered(2100)).toBe(false);
  });
});
