/**
 * A calendar change reaching running steps (docs: README "A calendar change"). The API saves the change and a
 * CalendarChange row with the calendar as it stood before; the job (workflows/calendarChange.ts) then plans
 * which running steps the change can reach, and applies it batch by batch: for each step it reads the
 * workflow's own state, works out whether its deadline or its ladder's rungs move, and sends it the
 * `reschedule` update with cause 'calendar'. Every step's outcome is a CalendarChangeStep row, so a retried
 * batch or a restarted job skips the steps already done, and the update's request id is derived from the
 * change and the task, so a step whose outcome was lost is not moved twice (the workflow answers the first reply).
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { chinaDate, createWorkingCalendar, type DayOverride, type WorkingCalendar } from '../../domain/calendar';
import { RESCHEDULE_UPDATE_NAME, STEPS_QUERY_NAME, type Actor, type RescheduleInput, type StepClock } from '../../domain/step';
import type { Prisma, PrismaClient } from '../infra/prisma';
import { parseLadder, planLadder, type LadderRung } from '../tasks/ladder';
import { pool, progressFromCounts, initialProgress, type CalendarChangeProgress, type StepCounts } from '../../domain/calendar/changeJob';

export type CalendarDayOverride = DayOverride & { name: string; source: 'manual' | 'notice' };

/** The calendar as administrators had entered it: the overrides and the years they published. */
export interface CalendarSnapshot { overrides: CalendarDayOverride[]; years: number[] }

/** A change as saved on its CalendarChange row. */
export interface SavedChange {
  add: CalendarDayOverride[];
  remove: CalendarDayOverride[];
  year?: { year: number; title: string } | null;
  alreadyNational: string[];
  changedDays: string[];
}

/** The calendar before a change and after it, from the snapshot and the change. */
export function calendarsOf(before: CalendarSnapshot, change: Pick<SavedChange, 'add' | 'remove' | 'year'>): { before: WorkingCalendar; after: WorkingCalendar } {
  const next = new Map(before.overrides.map((o) => [o.date, o]));
  for (const o of change.remove) next.delete(o.date);
  for (const o of change.add) next.set(o.date, o);
  const years = change.year && !before.years.includes(change.year.year) ? [...before.years, change.year.year] : before.years;
  return {
    before: createWorkingCalendar(before.overrides, { publishedYears: before.years }),
    after: createWorkingCalendar([...next.values()], { publishedYears: years }),
  };
}

/** How far past a deadline a changed day can still move a rung (T+10 over a long holiday). */
export const RUNG_REACH_DAYS = 60;
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

export interface RunningTask {
  id: string; workflowId: string; stepKey: string; title: string; orgUnitId: string; flowKey: string; stageKey: string; startedAt: Date; deadlineAt: Date | null;
}

/**
 * The running main steps with a deadline, split into those past it (left as they are, listed) and those whose
 * window (start to deadline, and the rungs after it) holds a changed day: only those can move.
 */
export async function runningStepsReached(db: PrismaClient | Prisma.TransactionClient, changedDays: string[], now: Date) {
  const tasks: RunningTask[] = await db.task.findMany({
    where: { status: 'OPEN', position: 'main', deadlineAt: { not: null } },
    select: { id: true, workflowId: true, stepKey: true, title: true, orgUnitId: true, flowKey: true, stageKey: true, startedAt: true, deadlineAt: true },
    orderBy: [{ deadlineAt: 'asc' }, { id: 'asc' }],
  });
  const past = tasks.filter((t) => t.deadlineAt!.getTime() < now.getTime());
  const live = tasks.filter((t) => t.deadlineAt!.getTime() >= now.getTime());
  const first = changedDays[0];
  const last = changedDays[changedDays.length - 1];
  const reached = first === undefined ? [] : live.filter((t) => last > chinaDate(t.startedAt) && dayNumber(first) <= dayNumber(chinaDate(t.deadlineAt!)) + RUNG_REACH_DAYS);
  return { running: tasks.length, past, live, reached };
}

export interface StepMove {
  /** working-days: counted from the start; fixed-due: a campaign timetable's date; statutory: a statutory date */
  deadlineKind: 'working-days' | 'fixed-due' | 'statutory';
  deadlineBefore: string;
  deadlineAfter: string;
  /** calendar days the deadline moves (negative: earlier) */
  shiftDays: number;
  /** the step's working days counted on the calendar before the change (what the reschedule counts again) */
  workingDays: number;
  rungs: Array<{ key: string; before: string; after: string }>;
}

/**
 * What a calendar change does to one running step, from the workflow's own state: a deadline counted in
 * working days keeps its count on the new calendar; a timetable or statutory date stays and only the rungs
 * still to fire move. Null when nothing moves.
 */
export function stepMove(calendars: { before: WorkingCalendar; after: WorkingCalendar }, step: StepClock, ladder: LadderRung[], now: Date): StepMove | null {
  if (!step.deadlineAt) return null;
  const deadline = new Date(step.deadlineAt);
  const startedAt = new Date(step.startedAt);
  const deadlineKind: StepMove['deadlineKind'] = step.statutory ? 'statutory' : step.fixedDue ? 'fixed-due' : 'working-days';
  const workingDays = calendars.before.workingDaysBetween(chinaDate(startedAt), chinaDate(deadline));
  const next = deadlineKind === 'working-days' ? calendars.after.deadlineAfter(startedAt, workingDays) : deadline;
  const nowIso = now.toISOString();
  const oldRungs = planLadder(calendars.before, ladder, deadline, step.statutory);
  const newRungs = planLadder(calendars.after, ladder, next, step.statutory);
  const rungs = oldRungs
    .filter((r) => !step.firedRungs.includes(r.key) && r.at >= step.startedAt)
    .map((r) => ({ key: r.key, before: r.at, after: newRungs.find((n) => n.key === r.key)?.at ?? r.at }))
    .filter((r) => r.before !== r.after && (r.before > nowIso || r.after > nowIso));
  if (next.getTime() === deadline.getTime() && rungs.length === 0) return null;
  return {
    deadlineKind, deadlineBefore: deadline.toISOString(), deadlineAfter: next.toISOString(),
    shiftDays: dayNumber(chinaDate(next)) - dayNumber(chinaDate(deadline)), workingDays, rungs,
  };
}

/** The step as its workflow holds it (open and opened), or null when it has closed or the flow is gone. */
export async function openStepOf(temporal: Client, workflowId: string, stepKey: string): Promise<StepClock | null> {
  const state = await temporal.workflow.getHandle(workflowId).query<{ steps: StepClock[] }>(STEPS_QUERY_NAME);
  return state.steps.find((s) => s.stepKey === stepKey && s.status === 'OPEN' && s.opened) ?? null;
}

/** The reschedule's request id: the same for every attempt at the same step of the same change. */
export const calendarRequestId = (changeId: string, taskId: string) => `calendar-change-${changeId}-${taskId}`.slice(0, 100);

/** Refusals meaning the step closed or changed hands meanwhile: nothing to move, not a failure. */
const CLOSED_MEANWHILE = new Set(['TASK_NOT_OPEN']);

export interface CalendarChangeDeps {
  prisma: PrismaClient;
  temporal: Client;
  /** how many steps' updates are in flight at once */
  concurrency?: number;
}

export function createCalendarChangeActivities(deps: CalendarChangeDeps) {
  const { prisma, temporal } = deps;
  const concurrency = deps.concurrency ?? 8;

  async function countSteps(changeId: string): Promise<StepCounts> {
    const rows = await prisma.calendarChangeStep.groupBy({ by: ['status'], where: { changeId }, _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as StepCounts;
  }

  async function keepCounts(changeId: string, progress: CalendarChangeProgress) {
    await prisma.calendarChange.update({
      where: { id: changeId },
      data: { total: progress.total, done: progress.done, moved: progress.moved, unchanged: progress.unchanged, failed: progress.failed },
    });
  }

  /**
   * Lists the running steps the change can reach as PENDING rows (once: a retried plan adds nothing) and
   * answers the progress. Steps past their deadline are not listed (they stay as they are; the preview said so).
   */
  async function planCalendarChange(input: { changeId: string; at: string }): Promise<CalendarChangeProgress> {
    const change = await prisma.calendarChange.findUniqueOrThrow({ where: { id: input.changeId } });
    const saved = change.change as unknown as SavedChange;
    const { reached } = await runningStepsReached(prisma, saved.changedDays, new Date(input.at));
    for (let i = 0; i < reached.length; i += 1000) {
      await prisma.calendarChangeStep.createMany({
        data: reached.slice(i, i + 1000).map((t) => ({ changeId: change.id, taskId: t.id, workflowId: t.workflowId, stepKey: t.stepKey, title: t.title })),
        skipDuplicates: true,
      });
    }
    const progress = progressFromCounts(initialProgress(), await countSteps(change.id));
    await keepCounts(change.id, progress);
    return progress;
  }

  /**
   * Examines up to `size` PENDING steps, `concurrency` at a time: each one's outcome is written as soon as it is
   * known (MOVED with the new deadline, UNCHANGED, or FAILED with the reason). Answers the progress as the rows now count it.
   */
  async function applyCalendarChangeBatch(input: { changeId: string; size: number; at: string }): Promise<CalendarChangeProgress> {
    const change = await prisma.calendarChange.findUniqueOrThrow({ where: { id: input.changeId } });
    const saved = change.change as unknown as SavedChange;
    const calendars = calendarsOf(change.before as unknown as CalendarSnapshot, saved);
    const stages = await prisma.stageDefinition.findMany({ select: { flowKey: true, key: true, ladder: true } });
    const ladderOf = (flowKey: string, stageKey: string) => parseLadder(stages.find((s) => s.flowKey === flowKey && s.key === stageKey)?.ladder);
    const pending = await prisma.calendarChangeStep.findMany({ where: { changeId: change.id, status: 'PENDING' }, orderBy: { taskId: 'asc' }, take: input.size });
    const flows = new Map((await prisma.task.findMany({ where: { id: { in: pending.map((p) => p.taskId) } }, select: { id: true, flowKey: true } })).map((t) => [t.id, t.flowKey]));
    const admin = change.actorId ? await prisma.user.findUnique({ where: { id: change.actorId } }) : null;
    const actor: Actor = { userId: change.actorId ?? 'system', login: change.actorLogin ?? 'system', orgUnitId: admin?.orgUnitId ?? '', roles: ['ADMIN'] };
    const now = new Date(input.at);
    let examined = 0;

    await pool(pending, concurrency, async (row) => {
      const outcome = await examine(row, calendars, now, actor, change.summary, (stageKey) => ladderOf(flows.get(row.taskId) ?? '', stageKey));
      await prisma.calendarChangeStep.update({ where: { changeId_taskId: { changeId: change.id, taskId: row.taskId } }, data: outcome });
      examined++;
      Context.current().heartbeat({ examined });
    });
    const progress = progressFromCounts({ ...initialProgress(), phase: 'applying' }, await countSteps(change.id));
    await keepCounts(change.id, progress);
    return progress;
  }

  async function examine(
    row: { changeId: string; taskId: string; workflowId: string; stepKey: string },
    calendars: ReturnType<typeof calendarsOf>, now: Date, actor: Actor, reason: string,
    ladderFor: (stageKey: string) => LadderRung[],
  ): Promise<Prisma.CalendarChangeStepUpdateInput> {
    let step: StepClock | null;
    try {
      step = await openStepOf(temporal, row.workflowId, row.stepKey);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { status: 'UNCHANGED', reason: '流程已结束' };
      return { status: 'FAILED', reason: `读取流程状态失败：${(err as Error).message}`.slice(0, 300) };
    }
    if (!step) return { status: 'UNCHANGED', reason: '该环节已办结' };
    const move = stepMove(calendars, step, ladderFor(step.stageKey), now);
    if (!move) return { status: 'UNCHANGED', deadlineBefore: step.deadlineAt ? new Date(step.deadlineAt) : null, reason: '期限与提醒不受影响' };
    try {
      const result = await temporal.workflow.getHandle(row.workflowId).executeUpdate<{ deadlineAt?: string | null }, [RescheduleInput]>(RESCHEDULE_UPDATE_NAME, {
        args: [{ taskKey: row.stepKey, requestId: calendarRequestId(row.changeId, row.taskId), actor, reason, cause: 'calendar', workingDays: move.workingDays }],
      });
      return {
        status: 'MOVED', deadlineKind: move.deadlineKind, deadlineBefore: new Date(move.deadlineBefore),
        deadlineAfter: result.deadlineAt ? new Date(result.deadlineAt) : new Date(move.deadlineAfter), rungsMoved: move.rungs.length, reason: null,
      };
    } catch (err) {
      const failure = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause : null;
      if (failure?.type && CLOSED_MEANWHILE.has(failure.type)) return { status: 'UNCHANGED', reason: failure.message.slice(0, 300) };
      if (err instanceof WorkflowNotFoundError) return { status: 'UNCHANGED', reason: '流程已结束' };
      return { status: 'FAILED', deadlineKind: move.deadlineKind, deadlineBefore: new Date(move.deadlineBefore), reason: (failure?.message ?? (err as Error).message).slice(0, 300) };
    }
  }

  /** Marks the change done with its counts and records the outcome as an audit row (once, however often retried). */
  async function finishCalendarChange(input: { changeId: string; at: string }): Promise<CalendarChangeProgress> {
    const change = await prisma.calendarChange.findUniqueOrThrow({ where: { id: input.changeId } });
    const progress = { ...progressFromCounts(initialProgress(), await countSteps(change.id)), phase: 'done' as const };
    const failures = await prisma.calendarChangeStep.findMany({ where: { changeId: change.id, status: 'FAILED' }, select: { taskId: true, reason: true }, take: 100 });
    await prisma.$transaction(async (tx) => {
      await tx.calendarChange.update({
        where: { id: change.id },
        data: { status: 'DONE', finishedAt: change.finishedAt ?? new Date(input.at), total: progress.total, done: progress.done, moved: progress.moved, unchanged: progress.unchanged, failed: progress.failed },
      });
      await tx.auditEvent.createMany({
        data: [{
          action: 'calendar.change_applied', entityType: 'calendar-change', entityId: change.id, workflowId: change.workflowId,
          actorId: change.actorId, actorLogin: change.actorLogin, requestId: change.requestId,
          after: { summary: change.summary, total: progress.total, moved: progress.moved, unchanged: progress.unchanged, failed: progress.failed, failures } as Prisma.InputJsonValue,
          dedupeKey: `calendar-change/${change.id}/applied`,
        }],
        skipDuplicates: true,
      });
    });
    return progress;
  }

  return { planCalendarChange, applyCalendarChangeBatch, finishCalendarChange };
}
export type CalendarChangeActivities = ReturnType<typeof createCalendarChangeActivities>;
