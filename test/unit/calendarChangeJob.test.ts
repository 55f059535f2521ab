/**
 * The bookkeeping of a calendar change's job (domain/calendar/changeJob.ts) and what it decides for one step
 * (activities/calendar/calendarChangeActivities.ts `stepMove`), without services.
 */
import { calendarRequestId, calendarsOf, stepMove, type CalendarSnapshot } from '../../activities/calendar/calendarChangeActivities';
import { CALENDAR_CHANGE_BATCHES_PER_RUN, initialProgress, nextMove, percentDone, pool, progressFromCounts } from '../../domain/calendar/changeJob';
import { createWorkingCalendar, endOfChinaDay } from '../../domain/calendar';
import { DEFAULT_LADDER } from '../../prisma/seed/stages';
import type { StepClock } from '../../domain/step';

describe('a calendar change job\'s progress', () => {
  it('is read from the step rows\' counts: done is moved + unchanged + failed, total adds the pending ones', () => {
    const p = progressFromCounts(initialProgress(), { PENDING: 30, MOVED: 12, UNCHANGED: 5, FAILED: 3 });
    expect(p).toMatchObject({ total: 50, done: 20, moved: 12, unchanged: 5, failed: 3, phase: 'applying' });
    expect(percentDone(p)).toBe(40);
  });

  it('counts a step once however many attempts examined it: the counts after a retried batch replace the earlier ones', () => {
    const first = progressFromCounts(initialProgress(), { PENDING: 10, MOVED: 5 });
    const retried = progressFromCounts(first, { PENDING: 5, MOVED: 10 });
    expect(retried).toMatchObject({ total: 15, done: 10, moved: 10 });
  });

  it('is done at 100 % when the change reaches no running step', () => {
    const p = progressFromCounts(initialProgress(), {});
    expect(p).toMatchObject({ total: 0, done: 0, phase: 'done' });
    expect(percentDone(p)).toBe(100);
    expect(nextMove(p, 0)).toBe('finish');
  });

  it('runs another batch while steps are pending, continues as new after the run\'s batches, and finishes when none is pending', () => {
    const pending = progressFromCounts(initialProgress(), { PENDING: 1, MOVED: 1 });
    expect(nextMove(pending, 3, 4)).toBe('batch');
    expect(nextMove(pending, 4, 4)).toBe('continue-as-new');
    expect(nextMove(pending, CALENDAR_CHANGE_BATCHES_PER_RUN)).toBe('continue-as-new');
    expect(nextMove(progressFromCounts(pending, { MOVED: 2 }), 4, 4)).toBe('finish');
  });
});

describe('the job\'s bounded concurrency', () => {
  it('never has more than the pool\'s size in flight, and runs every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await pool(Array.from({ length: 40 }, (_, i) => i), 6, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, (i % 3) + 1));
      seen.push(i);
      inFlight--;
    });
    expect(most).toBe(6);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await pool([], 8, async () => { calls++; });
    expect(calls).toBe(0);
  });
});

describe('what a calendar change does to one running step', () => {
  // A step started on Monday 2026-03-02 with 12 working days: due at the end of Wednesday 2026-03-18.
  const national = createWorkingCalendar();
  const startedAt = new Date('2026-03-02T02:00:00Z');
  const deadline = national.deadlineAfter(startedAt, 12);
  const step = (over: Partial<StepClock> = {}): StepClock => ({
    stepKey: 'assign#1', stageKey: 'assign', status: 'OPEN', startedAt: startedAt.toISOString(), deadlineAt: deadline.toISOString(),
    statutory: false, fixedDue: false, firedRungs: [], opened: true, ...over,
  });
  const before: CalendarSnapshot = { overrides: [], years: [] };
  const holiday = { add: [{ date: '2026-03-05', kind: 'holiday' as const, name: '区庆', source: 'manual' as const }], remove: [], year: null };
  const now = new Date('2026-03-03T00:00:00Z');

  it('keeps a working-day deadline\'s count: a holiday inside the window moves it one working day later, with its rungs', () => {
    const move = stepMove(calendarsOf(before, holiday), step(), DEFAULT_LADDER, now)!;
    expect(move).toMatchObject({ deadlineKind: 'working-days', workingDays: 12, deadlineBefore: deadline.toISOString(), deadlineAfter: endOfChinaDay('2026-03-19').toISOString(), shiftDays: 1 });
    expect(move.rungs.map((r) => r.key)).toContain('T+0');
  });

  it('keeps a timetable date and moves only the rungs a changed day lies under', () => {
    const move = stepMove(calendarsOf(before, { ...holiday, add: [{ ...holiday.add[0], date: '2026-03-16' }] }), step({ fixedDue: true }), DEFAULT_LADDER, now)!;
    expect(move).toMatchObject({ deadlineKind: 'fixed-due', deadlineAfter: deadline.toISOString(), shiftDays: 0 });
    expect(move.rungs.map((r) => r.key).sort()).toEqual(['T-2', 'T-5']);
  });

  it('moves nothing when the changed day lies outside the window and its rungs, or when the step has no deadline', () => {
    const far = { ...holiday, add: [{ ...holiday.add[0], date: '2026-09-15' }] };
    expect(stepMove(calendarsOf(before, far), step(), DEFAULT_LADDER, now)).toBeNull();
    expect(stepMove(calendarsOf(before, holiday), step({ deadlineAt: null }), DEFAULT_LADDER, now)).toBeNull();
  });

  it('leaves alone the rungs that already fired', () => {
    const move = stepMove(calendarsOf(before, { ...holiday, add: [{ ...holiday.add[0], date: '2026-03-16' }] }), step({ fixedDue: true, firedRungs: ['T-5'] }), DEFAULT_LADDER, now)!;
    expect(move.rungs.map((r) => r.key)).toEqual(['T-2']);
  });

  it('sends the same request id for the same step of the same change, so a repeated attempt is answered, not applied', () => {
    expect(calendarRequestId('c1', 't1')).toBe(calendarRequestId('c1', 't1'));
    expect(calendarRequestId('c1', 't1')).not.toBe(calendarRequestId('c2', 't1'));
    expect(calendarRequestId('0'.repeat(36), 'f'.repeat(36)).length).toBeLessThanOrEqual(100);
  });
});
