/**
 * The bookkeeping of a calendar change's job (workflows/calendarChange.ts), pure so the workflow, the API and
 * the unit tests share it: what the progress query answers, how a batch's counts become progress, and when
 * the job starts a new run to keep its history short.
 */

/** Steps the job examines per activity call: one call's worth of updates, heartbeating as it goes. */
export const CALENDAR_CHANGE_BATCH = 50;
/**
 * Batches per workflow run before continue-as-new. Each batch adds a handful of events (activity scheduled,
 * started, completed, and the workflow task around it): 100 batches stay far under Temporal's history limits
 * whatever the number of steps, and the progress carries over to the next run.
 */
export const CALENDAR_CHANGE_BATCHES_PER_RUN = 100;

export type CalendarChangePhase = 'planning' | 'applying' | 'done';

/** What `progressQuery` answers and `GET /api/calendar/changes/:id` shows: counts of the steps examined. */
export interface CalendarChangeProgress {
  phase: CalendarChangePhase;
  /** running steps whose window holds a changed day: each is examined once */
  total: number;
  /** examined so far: moved + unchanged + failed */
  done: number;
  /** deadline or rungs moved through the step's reschedule update */
  moved: number;
  /** examined and left as it was (nothing to move, or the step closed meanwhile) */
  unchanged: number;
  failed: number;
  /** workflow runs so far (1 + continue-as-new count) */
  runs: number;
}

/** The counts of a change's steps by status, as the database holds them after a batch. */
export interface StepCounts { PENDING?: number; MOVED?: number; UNCHANGED?: number; FAILED?: number }

export const initialProgress = (): CalendarChangeProgress => ({ phase: 'planning', total: 0, done: 0, moved: 0, unchanged: 0, failed: 0, runs: 1 });

/**
 * Progress from the step rows' counts: the database is the record (a retried batch counts each step once,
 * whatever the attempt that examined it), so progress is read, not added up.
 */
export function progressFromCounts(previous: CalendarChangeProgress, counts: StepCounts): CalendarChangeProgress {
  const moved = counts.MOVED ?? 0;
  const unchanged = counts.UNCHANGED ?? 0;
  const failed = counts.FAILED ?? 0;
  const done = moved + unchanged + failed;
  const total = done + (counts.PENDING ?? 0);
  return { ...previous, total, done, moved, unchanged, failed, phase: done >= total ? 'done' : 'applying' };
}

/** After a batch: another batch in this run, a new run (the history has grown enough), or the finish. */
export function nextMove(progress: CalendarChangeProgress, batchesThisRun: number, batchesPerRun = CALENDAR_CHANGE_BATCHES_PER_RUN): 'batch' | 'continue-as-new' | 'finish' {
  if (progress.done >= progress.total) return 'finish';
  return batchesThisRun >= batchesPerRun ? 'continue-as-new' : 'batch';
}

/** Percent done for a progress bar: 100 when there was nothing to examine. */
export const percentDone = (p: Pick<CalendarChangeProgress, 'total' | 'done'>) => (p.total === 0 ? 100 : Math.min(100, Math.round((p.done / p.total) * 100)));

/** Runs `fn` over items with at most `size` at once (bounded concurrency), in order of start. */
export async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(0, Math.min(size, items.length)) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}
