/**
 * The calendar counts working days with an index rather than walking day by day. These tests walk day by day
 * (with the calendar's own dayInfo, which reads the data directly) and compare over many random pairs across
 * the covered years, the years before and after them, 调休 make-up days and administrators' overrides.
 */
import { createWorkingCalendar, type DayOverride, type WorkingCalendar } from '../../../domain/calendar';

const MS_PER_DAY = 86_400_000;
const dateOf = (dayNumber: number) => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;

/** A small deterministic generator (mulberry32), so a failure names a reproducible seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whether a day is a working day, read once per calendar and day through dayInfo (which reads the data directly)
 * and remembered: the walks below visit tens of millions of days, and asking dayInfo each time cost about a minute
 * of CI for the same answers.
 */
const seen = new WeakMap<WorkingCalendar, Map<number, boolean>>();
function working(calendar: WorkingCalendar, day: number): boolean {
  let days = seen.get(calendar);
  if (!days) seen.set(calendar, (days = new Map()));
  let flag = days.get(day);
  if (flag === undefined) days.set(day, (flag = calendar.dayInfo(dateOf(day)).working));
  return flag;
}

function walkBetween(calendar: WorkingCalendar, from: string, to: string): number {
  const [low, high, sign] = dayOf(from) <= dayOf(to) ? [dayOf(from), dayOf(to), 1] : [dayOf(to), dayOf(from), -1];
  let count = 0;
  for (let day = low + 1; day <= high; day += 1) if (working(calendar, day)) count += 1;
  return sign * count + 0; // no working day between is 0 either way (the old walking count said -0 backwards)
}

function walkAdd(calendar: WorkingCalendar, date: string, n: number): string {
  let day = dayOf(date);
  if (n === 0) {
    while (!working(calendar, day)) day += 1;
    return dateOf(day);
  }
  for (let remaining = Math.abs(n); remaining > 0;) {
    day += Math.sign(n);
    if (working(calendar, day)) remaining -= 1;
  }
  return dateOf(day);
}

// 2002–2028: before the data (2004), the covered years, and after them
const FIRST = dayOf('2002-01-01');
const LAST = dayOf('2028-12-31');

/** Random overrides: holidays on weekdays (and on 调休 days), workdays on weekends (and on holidays), a run of local holidays. */
function randomOverrides(next: () => number, count: number): DayOverride[] {
  const byDate = new Map<string, DayOverride>();
  for (let i = 0; i < count; i += 1) {
    const date = dateOf(FIRST + Math.floor(next() * (LAST - FIRST)));
    byDate.set(date, { date, kind: next() < 0.5 ? 'holiday' : 'workday', name: '本地调整' });
  }
  for (let day = dayOf('2025-06-02'); day <= dayOf('2025-06-20'); day += 1) byDate.set(dateOf(day), { date: dateOf(day), kind: 'holiday', name: '防汛' });
  byDate.set('2025-01-26', { date: '2025-01-26', kind: 'holiday', name: '调休取消' }); // a national make-up Sunday
  byDate.set('2025-01-29', { date: '2025-01-29', kind: 'workday', name: '值班' }); // inside Spring Festival
  return [...byDate.values()];
}

describe.each([
  ['the national calendar', 1, () => createWorkingCalendar()],
  ['a calendar with administrators\' overrides', 2, () => createWorkingCalendar(randomOverrides(random(99), 300), { publishedYears: [2027] })],
])('with %s, counting matches a day-by-day walk', (_name, seed, make) => {
  const calendar = make();
  const pick = random(seed);
  const randomDay = () => FIRST + Math.floor(pick() * (LAST - FIRST + 1));

  it('for workingDaysBetween over 2,000 random pairs up to 27 years apart, both directions', () => {
    for (let i = 0; i < 2000; i += 1) {
      const from = dateOf(randomDay());
      const to = dateOf(i % 2 ? randomDay() : dayOf(from) + Math.floor(pick() * 120) - 60);
      expect([from, to, calendar.workingDaysBetween(from, to)]).toEqual([from, to, walkBetween(calendar, from, to)]);
    }
  });

  it('for addWorkingDays with counts from -300 to +300, zero included, from any day (holidays and make-up days too)', () => {
    for (let i = 0; i < 2000; i += 1) {
      const date = dateOf(dayOf('2003-06-01') + Math.floor(pick() * (dayOf('2027-06-01') - dayOf('2003-06-01'))));
      const n = i % 10 === 0 ? 0 : Math.floor(pick() * 601) - 300;
      expect([date, n, calendar.addWorkingDays(date, n)]).toEqual([date, n, walkAdd(calendar, date, n)]);
    }
  });

  it('for every day around the Spring Festival and National Day breaks of 2024–2026, with small counts', () => {
    for (const [start, end] of [['2024-01-25', '2024-03-01'], ['2024-09-20', '2024-10-20'], ['2025-01-15', '2025-02-20'], ['2025-05-25', '2025-06-25'], ['2025-09-20', '2025-10-20'], ['2026-02-05', '2026-03-05'], ['2026-09-15', '2026-10-15']]) {
      for (let day = dayOf(start); day <= dayOf(end); day += 1) {
        for (const n of [-6, -1, 0, 1, 2, 5, 20]) expect([dateOf(day), n, calendar.addWorkingDays(dateOf(day), n)]).toEqual([dateOf(day), n, walkAdd(calendar, dateOf(day), n)]);
        expect(calendar.workingDaysBetween(dateOf(day), dateOf(day + 25))).toBe(walkBetween(calendar, dateOf(day), dateOf(day + 25)));
      }
    }
  });
});

describe('counting far outside the covered years uses plain weeks', () => {
  const calendar = createWorkingCalendar();
  it('counts 5 working days in any full week and 260 or 261 in a non-leap year far from the data', () => {
    expect(calendar.workingDaysBetween('2101-03-06', '2101-03-13')).toBe(5);
    expect(calendar.workingDaysBetween('1899-12-31', '1900-12-31')).toBe(walkBetween(calendar, '1899-12-31', '1900-12-31'));
    expect(calendar.workingDaysBetween('2100-12-31', '2101-12-31')).toBe(walkBetween(calendar, '2100-12-31', '2101-12-31'));
    expect(calendar.addWorkingDays('2101-03-05', 0)).toBe('2101-03-07'); // Saturday 5 Mar 2101 → Monday
  });
  it('spans a century in one call with the same result as the walk', () => {
    expect(calendar.workingDaysBetween('1990-01-01', '2090-01-01')).toBe(walkBetween(calendar, '1990-01-01', '2090-01-01'));
    expect(calendar.addWorkingDays('1990-01-01', 25_000)).toBe(walkAdd(calendar, '1990-01-01', 25_000));
  });
});
