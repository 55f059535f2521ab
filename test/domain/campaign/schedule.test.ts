import { createWorkingCalendar } from '../../../domain/calendar';
import { checkSchedule, defaultGroupSchedule, publicationGroupOf, statutoryPublishBy, TIMETABLE_STAGES } from '../../../domain/campaign';

const calendar = createWorkingCalendar();
const DAYS = { assign: 2, 'self-check': 10, 'sign-off': 3, 'district-review': 5, 'city-verification': 5, 'pre-release': 3 };

describe('publication groups and statutory dates (条例 第四十九条)', () => {
  it('departments (and general offices) publish by 31 January, governments by 31 March, streets and towns have no statutory date', () => {
    expect(['MUNICIPAL_DEPARTMENT', 'DISTRICT_DEPARTMENT', 'GENERAL_OFFICE'].map((k) => publicationGroupOf(k as never))).toEqual(['DEPARTMENT', 'DEPARTMENT', 'DEPARTMENT']);
    expect(['CITY_GOVERNMENT', 'DISTRICT_GOVERNMENT'].map((k) => publicationGroupOf(k as never))).toEqual(['GOVERNMENT', 'GOVERNMENT']);
    expect(['STREET', 'TOWN'].map((k) => publicationGroupOf(k as never))).toEqual(['TOWNSHIP', 'TOWNSHIP']);
    expect([statutoryPublishBy(2025, 'DEPARTMENT'), statutoryPublishBy(2025, 'GOVERNMENT'), statutoryPublishBy(2025, 'TOWNSHIP')]).toEqual(['2026-01-31', '2026-03-31', null]);
  });
});

describe('the default timetable, counted back from publication on the working-day calendar', () => {
  it('publishes on the last working day on or before the statutory date: 31 January 2026 is a Saturday, so Friday the 30th at 10:00', () => {
    const g = defaultGroupSchedule(calendar, '2026-01-31', DAYS);
    expect(g.publishAt).toBe('2026-01-30T02:00:00.000Z');
    expect(g.dueDates['pre-release']).toBe('2026-01-29');
    // Each earlier stage is due its next stage's working days before that stage's due date.
    expect(g.dueDates['city-verification']).toBe(calendar.addWorkingDays('2026-01-29', -3));
    expect(Object.keys(g.dueDates)).toEqual([...TIMETABLE_STAGES]);
  });

  it('skips the Spring Festival holiday and counts its make-up Saturday as a working day (2026: holiday 15–23 Feb, 28 Feb worked)', () => {
    const g = defaultGroupSchedule(calendar, '2026-03-02', { ...DAYS, 'pre-release': 3 });
    // 2 March is a Monday; pre-release due the working day before: Saturday 28 February, a 调休 workday.
    expect(g.dueDates['pre-release']).toBe('2026-02-28');
    // City verification three working days earlier, counted back over the holiday: it lands on a working day.
    expect(g.dueDates['city-verification']).toBe(calendar.addWorkingDays('2026-02-28', -3));
    expect(calendar.isWorkingDay(g.dueDates['city-verification'])).toBe(true);
  });
});

describe('checking an edited timetable', () => {
  const now = new Date('2026-11-28T01:00:00Z');
  const good = () => ({ DEPARTMENT: defaultGroupSchedule(calendar, '2027-01-31', DAYS) });

  it('accepts the default', () => {
    expect(checkSchedule(good(), ['DEPARTMENT'], 2026, now)).toEqual([]);
  });

  it('lists every problem with its group and field: a date after the statutory one, a missing group, a stage out of order, a date already past, an impossible date', () => {
    const s = good();
    s.DEPARTMENT.publishBy = '2027-02-05';
    s.DEPARTMENT.dueDates['sign-off'] = '2026-10-01';
    s.DEPARTMENT.dueDates.assign = '2027-02-30';
    const problems = checkSchedule(s, ['DEPARTMENT', 'TOWNSHIP'], 2026, now);
    expect(problems.map((p) => `${p.group}.${p.field}`)).toEqual([
      'DEPARTMENT.publishBy', 'DEPARTMENT.dueDates.assign', 'DEPARTMENT.dueDates.sign-off', 'DEPARTMENT.dueDates.sign-off', 'TOWNSHIP.publishBy',
    ]);
    expect(problems[0].message).toContain('不能晚于法定日期 2027-01-31');
    expect(problems[3].message).toContain('早于上一环节');
  });

  it('refuses a publication time after the end of the publication day, which would make every unit late', () => {
    const s = good();
    s.DEPARTMENT.publishAt = '2027-02-01T00:30:00+08:00';
    expect(checkSchedule(s, ['DEPARTMENT'], 2026, now).map((p) => p.field)).toEqual(['publishAt']);
  });
});
