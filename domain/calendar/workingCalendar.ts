/**
 * Working-day calendar for mainland China (法定节假日 and 调休).
 *
 * Statutory time limits in disclosure work (e.g. 20 工作日 to answer an application) are counted in
 * working days, so every deadline, reminder and escalation rung goes through this module.
 *
 * Holiday data: the npm package `chinese-days` (v1.5.x). It is actively maintained (updated each
 * year when the State Council publishes 国务院办公厅关于X年部分节假日安排的通知), it lists the make-up
 * workdays (调休上班日) and not only the days off, and at v1.5.7 it covers 2004–2026. Coverage is
 * derived from the data itself below, so upgrading the package extends it without touching this code.
 *
 * We read the package's published JSON (`dist/chinese-days.json`, the file its README offers for
 * direct use) instead of calling its functions, because those functions parse dates as UTC midnight
 * but then read the day with local-time getters: on a host whose TZ is west of UTC,
 * `isWorkday('2025-01-27')` returns false and `getDayDetail('2025-01-28')` reports 2025-01-27.
 * Plain data also keeps this module free of Node built-ins, clocks and time-zone state, so it is
 * deterministic and safe to import from Temporal workflow code.
 *
 * Outside the covered years the calendar falls back to plain Monday–Friday and marks every such day
 * `covered: false` (see `isCovered`), so callers can warn that a deadline may ignore holidays that
 * the package does not know yet. A year an administrator entered from the published notice (CalendarOptions)
 * counts as covered too.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';

/** An administrator's correction that wins over the national data: a local holiday, a corrected day. */
export type DayOverride = { date: string; kind: 'holiday' | 'workday'; name?: string };

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday' | 'override-holiday' | 'override-workday';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Holiday name in Chinese (e.g. 春节) or the override's name; absent for ordinary days. */
  name?: string;
  /** Whether the national data covers this date's year; overrides apply either way. */
  covered: boolean;
}

export interface WorkingCalendar {
  dayInfo(date: string): DayInfo;
  isWorkingDay(date: string): boolean;
  /** the date n working days after `date` (n>0), before it (n<0); n=0 returns date itself if working, else the next working day */
  addWorkingDays(date: string, n: number): string;
  /** signed count of working days in (from, to]: 0 when same day; negative when to < from */
  workingDaysBetween(from: string, to: string): number;
  /** deadline instant for a step started at `start` with `n` working days: end of the n-th working day after the start's China date (the start day itself is not counted) i.e. 23:59:59.999 Asia/Shanghai of addWorkingDays(chinaDate(start), n) */
  deadlineAfter(start: Date, n: number): Date;
  /** an instant `n` working days before/after a deadline instant (for ladder rungs like T-5, T+3): same China time of day on the shifted working day */
  shiftWorkingDays(instant: Date, n: number): Date;
  isCovered(date: string): boolean;
}

const MS_PER_DAY = 86_400_000;
/** China has used UTC+8 without daylight saving since 1991, so a fixed offset is exact for our dates. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * Package values look like "Spring Festival,春节,4" (English name, Chinese name, statutory days).
 * Both maps hold only dates announced by the State Council: every holiday period day, and the
 * make-up workdays, which always fall on weekends.
 */
const nationalHolidays: Record<string, string> = chineseDaysData.holidays;
const nationalMakeupWorkdays: Record<string, string> = chineseDaysData.workdays;

/** Every year with any holiday in the data has its full arrangement published. */
const coveredYears: ReadonlySet<number> = new Set(Object.keys(nationalHolidays).map((date) => Number(date.slice(0, 4))));

function yearIsCovered(date: string): boolean {
  return coveredYears.has(Number(date.slice(0, 4)));
}

/** Whether the calendar package itself holds the year's arrangement (an administrator's entry aside). */
export function nationallyCovered(year: number): boolean {
  return coveredYears.has(year);
}

/**
 * What the national data says of a date, or nothing for an ordinary day: a year's arrangement entered by an
 * administrator stores only the days that differ from it, so a later package covering the year doubles nothing.
 */
export function nationalDay(date: string): { kind: 'holiday' | 'workday'; name: string } | undefined {
  const makeup = nationalMakeupWorkdays[date];
  if (makeup) return { kind: 'workday', name: chineseName(makeup) };
  const holiday = nationalHolidays[date];
  return holiday ? { kind: 'holiday', name: chineseName(holiday) } : undefined;
}

/** Options of a calendar beyond its overrides. */
export interface CalendarOptions {
  /** Years whose arrangement an administrator entered (CalendarYear): covered although the package is not yet. */
  publishedYears?: Iterable<number>;
}

function chineseName(packageValue: string): string {
  const [english, chinese] = packageValue.split(',');
  return chinese ?? english;
}

// Dates are handled as day numbers (days since 1970-01-01) so arithmetic never touches a time zone.

function toDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const dayNumber = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
    // Date.UTC silently rolls 2025-02-30 over to 2025-03-02 (and maps years 0–99 to 1900–1999);
    // a round trip catches both.
    if (fromDayNumber(dayNumber) === date) return dayNumber;
  }
  throw new Error(`Invalid calendar date ${JSON.stringify(date)}: expected an existing date as YYYY-MM-DD`);
}

function fromDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Monday to Friday; day number 0 (1970-01-01) is a Thursday. */
function isWeekday(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

/** Mondays to Fridays before `dayNumber`, counted from Monday 1970-01-05 (negative before it): full weeks × 5 + the rest. */
function weekdaysBefore(dayNumber: number): number {
  const sinceMonday = dayNumber - 4;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}

function instantMs(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new Error(`Invalid instant ${String(instant)}: expected a valid Date`);
  return ms;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new Error(`${what} must be an integer, got ${n}`);
}

/** The calendar date in China (UTC+8) at `instant`, as 'YYYY-MM-DD'. */
export function chinaDate(instant: Date): string {
  return fromDayNumber(Math.floor((instantMs(instant) + CHINA_OFFSET_MS) / MS_PER_DAY));
}

/** The instant China's day `date` starts (00:00 UTC+8). */
function startOfChinaDayMs(date: string): number {
  return toDayNumber(date) * MS_PER_DAY - CHINA_OFFSET_MS;
}

/** The last millisecond of `date` in China: 23:59:59.999 UTC+8. */
export function endOfChinaDay(date: string): Date {
  return new Date(startOfChinaDayMs(date) + MS_PER_DAY - 1);
}

/**
 * An absolute deadline fixed by a rule rather than counted in working days ("publish by 31 Jan"):
 * the whole of that China day is allowed, even when it is a holiday.
 */
export function statutoryDeadline(date: string): Date {
  return endOfChinaDay(date);
}

export function createWorkingCalendar(overrides: DayOverride[] = [], options: CalendarOptions = {}): WorkingCalendar {
  const published = new Set(options.publishedYears ?? []);
  const covers = (date: string) => yearIsCovered(date) || published.has(Number(date.slice(0, 4)));
  const overridesByDate = new Map<string, DayOverride>();
  for (const override of overrides) {
    toDayNumber(override.date); // validates; a bad admin date should fail loudly, not be ignored
    if (override.kind !== 'holiday' && override.kind !== 'workday') {
      throw new Error(`Invalid override kind ${JSON.stringify(override.kind)} for ${override.date}: expected 'holiday' or 'workday'`);
    }
    // Two entries for one day would make the result depend on list order; make the admin choose.
    if (overridesByDate.has(override.date)) throw new Error(`Duplicate override for ${override.date}`);
    overridesByDate.set(override.date, override);
  }

  function infoFor(dayNumber: number): DayInfo {
    const date = fromDayNumber(dayNumber);
    const covered = covers(date);
    const override = overridesByDate.get(date);
    if (override) {
      const working = override.kind === 'workday';
      const kind = working ? 'override-workday' : 'override-holiday';
      return override.name ? { date, working, kind, name: override.name, covered } : { date, working, kind, covered };
    }
    const makeup = nationalMakeupWorkdays[date];
    if (makeup) return { date, working: true, kind: 'makeup-workday', name: chineseName(makeup), covered };
    const holiday = nationalHolidays[date];
    if (holiday) return { date, working: false, kind: 'holiday', name: chineseName(holiday), covered };
    const weekday = new Date(dayNumber * MS_PER_DAY).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', covered };
  }

  const isWorking = (dayNumber: number): boolean => infoFor(dayNumber).working;

  /**
   * Counting index: the days where this calendar departs from plain Monday–Friday (a holiday on a weekday,
   * a make-up or override workday on a weekend), sorted, with the running sum of their corrections. Only
   * dates named by the national data or an override can depart, so the index is small (a few hundred
   * entries) and built once per calendar, on first use.
   */
  let index: { days: number[]; correctionBefore: number[] } | undefined;
  function counting(): { days: number[]; correctionBefore: number[] } {
    if (index) return index;
    const named = new Set<number>();
    for (const date of Object.keys(nationalHolidays)) named.add(toDayNumber(date));
    for (const date of Object.keys(nationalMakeupWorkdays)) named.add(toDayNumber(date));
    for (const date of overridesByDate.keys()) named.add(toDayNumber(date));
    const days = [...named].filter((day) => isWorking(day) !== isWeekday(day)).sort((a, b) => a - b);
    // correctionBefore[i]: the sum of the corrections of days[0..i-1]
    const correctionBefore = [0];
    for (const day of days) correctionBefore.push(correctionBefore[correctionBefore.length - 1] + (isWorking(day) ? 1 : -1));
    index = { days, correctionBefore };
    return index;
  }

  /** The number of working days before `dayNumber`, counted from a fixed origin: only differences mean anything. */
  function workingDaysBefore(dayNumber: number): number {
    const { days, correctionBefore } = counting();
    let low = 0;
    let high = days.length; // first index whose day is >= dayNumber
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (days[mid] < dayNumber) low = mid + 1;
      else high = mid;
    }
    return weekdaysBefore(dayNumber) + correctionBefore[low];
  }

  /** The working day whose rank (workingDaysBefore) is `rank`, searched from `near`. */
  function workingDayOfRank(rank: number, near: number): number {
    // the smallest day d with workingDaysBefore(d + 1) > rank; that count never decreases and grows by 0 or 1 a day
    const above = (day: number) => workingDaysBefore(day + 1) > rank;
    let low: number;
    let high: number;
    let step = 8;
    if (above(near)) {
      high = near;
      low = near - step;
      while (above(low)) { high = low; step *= 2; low = near - step; }
    } else {
      low = near;
      high = near + step;
      while (!above(high)) { low = high; step *= 2; high = near + step; }
    }
    // above(low) is false, above(high) is true
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (above(mid)) high = mid;
      else low = mid;
    }
    return high;
  }

  function addWorkingDayNumbers(start: number, n: number): number {
    // n > 0: the n-th working day after start; n <= 0: the first working day from start on (n = 0), or the
    // |n|-th working day before start.
    const rank = n > 0 ? workingDaysBefore(start + 1) + n - 1 : workingDaysBefore(start) + n;
    return workingDayOfRank(rank, start + Math.trunc((n * 7) / 5));
  }

  function addWorkingDays(date: string, n: number): string {
    assertInteger(n, 'Working-day count');
    return fromDayNumber(addWorkingDayNumbers(toDayNumber(date), n));
  }

  return {
    dayInfo: (date) => infoFor(toDayNumber(date)),
    isWorkingDay: (date) => isWorking(toDayNumber(date)),
    addWorkingDays,

    workingDaysBetween(from, to) {
      // the working days in (from, to]; negative when to < from, so the count is antisymmetric
      return workingDaysBefore(toDayNumber(to) + 1) - workingDaysBefore(toDayNumber(from) + 1);
    },

    deadlineAfter(start, n) {
      assertInteger(n, 'Working-day count');
      // A step cannot be due before it starts; a negative count is a caller bug, not a reminder.
      if (n < 0) throw new Error(`deadlineAfter needs a non-negative working-day count, got ${n}`);
      return endOfChinaDay(addWorkingDays(chinaDate(start), n));
    },

    shiftWorkingDays(instant, n) {
      assertInteger(n, 'Working-day count');
      const ms = instantMs(instant);
      const date = chinaDate(instant);
      const msIntoChinaDay = ms - startOfChinaDayMs(date);
      return new Date(startOfChinaDayMs(addWorkingDays(date, n)) + msIntoChinaDay);
    },

    isCovered(date) {
      toDayNumber(date);
      return covers(date);
    },
  };
}

/** Dates (YYYY-MM-DD) that lie in years the calendar does not cover, in order, each once. */
export function uncoveredDates(calendar: WorkingCalendar, dates: Iterable<string>): string[] {
  return [...new Set(dates)].filter((d) => !calendar.isCovered(d)).sort();
}

/**
 * The warning every screen shows when a plan rests on a year nobody has published yet: the days were counted
 * Monday to Friday. Undefined when every date is covered.
 */
export function coverageWarning(calendar: WorkingCalendar, dates: Iterable<string>): { code: 'CALENDAR_NOT_COVERED'; message: string; years: number[]; dates: string[] } | undefined {
  const missing = uncoveredDates(calendar, dates);
  if (missing.length === 0) return undefined;
  const years = [...new Set(missing.map((d) => Number(d.slice(0, 4))))];
  const shown = missing.slice(0, 10).join('、') + (missing.length > 10 ? ` 等${missing.length}个日期` : '');
  return {
    code: 'CALENDAR_NOT_COVERED',
    message: `${years.map((y) => `${y}年`).join('、')}的节假日安排尚未发布或录入，以下日期按周一至周五为工作日计算，可能与实际放假安排不符：${shown}。发布后请在“节假日日历”中录入该年度安排。`,
    years,
    dates: missing,
  };
}
