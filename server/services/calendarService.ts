import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { Prisma } from '../../activities/infra/prisma';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { calendarOf, forgetCalendar } from './taskService';
import {
  chinaDate, coverageWarning, nationalDay, nationallyCovered, type DayOverride, type WorkingCalendar,
} from '../../domain/calendar';
import { percentDone, type CalendarChangeProgress } from '../../domain/calendar/changeJob';
import { parseLadder } from '../../activities/tasks/ladder';
import {
  calendarsOf, openStepOf, runningStepsReached, stepMove, type CalendarSnapshot, type SavedChange, type StepMove,
} from '../../activities/calendar/calendarChangeActivities';
import { scheduleDates, type CampaignSchedule } from '../../domain/campaign';
import { calendarChangeProgressQuery, calendarChangeWorkflow, calendarChangeWorkflowId } from '../../workflows/calendarChange';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在');

export const overrideBody = z.object({
  date,
  kind: z.enum(['holiday', 'workday'], { required_error: '请选择调整类型', invalid_type_error: '调整类型应为 holiday（放假）或 workday（上班）' }),
  name: z.string({ required_error: '请填写说明' }).min(1, '请填写说明').max(50, '说明不能超过50字'),
}).strict();

/** A year's notice in the calendar package's own JSON shape: `{ holidays: { date: "English,中文,days" }, workdays: { ... } }`. */
export const arrangementBody = z.object({
  year: z.number({ required_error: '请填写年度', invalid_type_error: '年度应为数字' }).int('年度应为整数').min(2000, '年度应在2000到2100之间').max(2100, '年度应在2000到2100之间'),
  title: z.string().max(100, '通知名称不能超过100字').optional(),
  holidays: z.record(date, z.string().min(1, '请填写节日名称').max(100)),
  workdays: z.record(date, z.string().min(1, '请填写调休说明').max(100)).default({}),
  /** accepted (and ignored) so the package's own file can be uploaded as it is */
  inLieuDays: z.record(z.string(), z.string()).optional(),
}).strict();

/** One change to the calendar, previewed before it is applied: days added, days removed, or a year's arrangement. */
export const changeBody = z.object({
  add: z.array(overrideBody).max(400, '一次最多调整400天').optional(),
  remove: z.array(date).max(400, '一次最多调整400天').optional(),
  arrangement: arrangementBody.optional(),
  requestId: z.string().regex(/^[\w-]{8,100}$/).optional(),
}).strict();
/** A calendar change as the route validated it (server/routes/route.ts). */
export type ChangeBody = z.output<typeof changeBody>;

type Override = DayOverride & { name: string; source: 'manual' | 'notice' };

export async function listOverrides(ctx: AppContext) {
  return ctx.prisma.calendarOverride.findMany({ orderBy: { date: 'asc' } });
}

/** The years administrators entered (CalendarYear), with whether the package covers them too. */
export async function listYears(ctx: AppContext) {
  const rows = await ctx.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } });
  return rows.map((r) => ({ ...r, id: r.year, nationalDataCovers: nationallyCovered(r.year) }));
}

/**
 * The old one-day routes (POST/DELETE /api/calendar-overrides) saved a day without moving the running steps
 * it reaches, so deadlines went stale silently. Every calendar edit now goes through a change: previewed
 * (POST /api/calendar/changes/preview), then applied to running steps (POST /api/calendar/changes).
 */
export function refuseDirectOverride(user: CurrentUser): never {
  requireRole(user, 'ADMIN');
  throw new AppError('USE_CALENDAR_CHANGE', '日历调整需先预览、再确认应用于在办事项：请在“节假日日历”页面操作（接口：POST /api/calendar/changes/preview，再 POST /api/calendar/changes）。', 410);
}

/** Each day of a range as the statutory calendar (with overrides) sees it: for the calendar screen. */
export async function calendarDays(ctx: AppContext, from: string, to: string) {
  const f = date.safeParse(from);
  const t = date.safeParse(to);
  if (!f.success || !t.success || from > to) throw new AppError('INVALID_RANGE', '请给出有效的起止日期（YYYY-MM-DD）。', 400);
  const calendar = await calendarOf(ctx);
  return daysOf(calendar, from, to);
}

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function daysOf(calendar: WorkingCalendar, from: string, to: string) {
  const days = [];
  for (let d = from; d <= to && days.length < 400; d = nextDay(d)) days.push(calendar.dayInfo(d));
  return days;
}

// --- a calendar change, previewed and applied to running steps -------------------------------------------

interface PlannedChange {
  add: Override[];
  remove: Override[];
  /** the year's arrangement entered, when the change is one */
  year?: { year: number; title: string };
  /** days of the arrangement the national data already holds (not stored again) */
  alreadyNational: string[];
  before: WorkingCalendar;
  after: WorkingCalendar;
  /** the administrators' entries before the change, which the job counts each step's working days on */
  snapshot: CalendarSnapshot;
  /** days whose working status differs between the two calendars */
  changedDays: string[];
  summary: string;
}

/** Reads a change, checks it against the overrides entered, and builds the calendar before and after it. */
async function planChange(ctx: AppContext, body: ChangeBody): Promise<PlannedChange> {
  const [rows, years] = await Promise.all([ctx.prisma.calendarOverride.findMany(), ctx.prisma.calendarYear.findMany()]);
  const current = new Map(rows.map((r) => [r.date, { date: r.date, kind: r.kind as Override['kind'], name: r.name, source: r.source as Override['source'] }]));
  const add: Override[] = [];
  const remove: Override[] = [];
  const alreadyNational: string[] = [];
  let year: PlannedChange['year'];

  for (const d of body.remove ?? []) {
    const o = current.get(d);
    if (!o) throw new AppError('CALENDAR_CONFLICT', `${d} 没有管理员录入的调整，无需删除。`, 409);
    remove.push(o);
  }
  for (const o of body.add ?? []) {
    if (current.has(o.date) && !remove.some((r) => r.date === o.date)) throw new AppError('OVERRIDE_EXISTS', `${o.date} 已有调整，请先删除原调整。`, 409);
    add.push({ ...o, source: 'manual' });
  }
  if (body.arrangement) {
    const a = body.arrangement;
    const problems: string[] = [];
    const days = new Map<string, Override>();
    for (const [d, value] of Object.entries(a.holidays)) days.set(d, { date: d, kind: 'holiday', name: packageName(value), source: 'notice' });
    for (const [d, value] of Object.entries(a.workdays)) {
      if (days.has(d)) problems.push(`${d} 同时列为放假和调休上班`);
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) problems.push(`${d} 是工作日，调休上班日应在周末`);
      days.set(d, { date: d, kind: 'workday', name: packageName(value), source: 'notice' });
    }
    for (const d of days.keys()) if (!d.startsWith(`${a.year}-`)) problems.push(`${d} 不在${a.year}年内`);
    if (days.size === 0) problems.push('请至少填写一个放假日期');
    if (problems.length) throw new AppError('INVALID_ARRANGEMENT', `${a.year}年节假日安排有${problems.length}处问题：${problems.join('；')}。`, 400, problems);
    for (const o of days.values()) {
      const existing = current.get(o.date);
      const national = nationalDay(o.date);
      if (existing?.source === 'manual') {
        if (existing.kind !== o.kind) throw new AppError('CALENDAR_CONFLICT', `${o.date} 已有管理员单独录入的调整（${existing.name}），与该年度安排不一致，请先删除该调整。`, 409);
        continue; // the administrator's own day stands; the arrangement agrees with it
      }
      if (national?.kind === o.kind) {
        // The package already holds this day: stored once, in the national data.
        alreadyNational.push(o.date);
        if (existing) remove.push(existing);
        continue;
      }
      if (existing && existing.kind === o.kind && existing.name === o.name) continue; // entered before, unchanged
      if (existing) remove.push(existing);
      add.push(o);
    }
    // Entering the year again replaces its earlier entry: days no longer in the notice go.
    for (const o of current.values()) {
      if (o.source === 'notice' && o.date.startsWith(`${a.year}-`) && !days.has(o.date) && !remove.includes(o)) remove.push(o);
    }
    year = { year: a.year, title: a.title?.trim() || `国务院办公厅关于${a.year}年部分节假日安排的通知` };
  }
  if (add.length === 0 && remove.length === 0 && !(year && !years.some((y) => y.year === year!.year))) {
    throw new AppError('EMPTY_CALENDAR_CHANGE', '这次调整没有改变任何日期。', 400);
  }

  const snapshot: CalendarSnapshot = { overrides: [...current.values()], years: years.map((y) => y.year) };
  const { before, after } = calendarsOf(snapshot, { add, remove, year });
  const touched = [...new Set([...add, ...remove].map((o) => o.date))].sort();
  const changedDays = touched.filter((d) => before.isWorkingDay(d) !== after.isWorkingDay(d));
  const summary = year
    ? `录入${year.title}`
    : [
        ...add.map((o) => `新增${o.date}${o.kind === 'holiday' ? '放假' : '上班'}（${o.name}）`),
        ...remove.map((o) => `删除${o.date}的调整（${o.name}）`),
      ].slice(0, 5).join('；') + (add.length + remove.length > 5 ? ` 等${add.length + remove.length}项` : '');
  return { add, remove, year, alreadyNational, before, after, snapshot, changedDays, summary: `节假日日历调整：${summary}` };
}

/** "Spring Festival,春节,4" (the package's value) or a plain name: the Chinese name. */
function packageName(value: string): string {
  const parts = value.split(',');
  return (parts.length >= 2 ? parts[1] : parts[0]).trim().slice(0, 50) || value.slice(0, 50);
}

export interface MovedStep extends StepMove {
  taskId: string;
  workflowId: string;
  stepKey: string;
  title: string;
  orgUnitId: string;
}

export interface ChangePreview {
  summary: string;
  add: Override[];
  remove: Override[];
  year?: { year: number; title: string };
  alreadyNational: string[];
  changedDays: string[];
  counts: { running: number; examined: number; deadlinesMoved: number; rungsOnlyMoved: number; pastDeadline: number; unchanged: number };
  moved: MovedStep[];
  /** steps whose deadline has passed: left as they are */
  pastDeadline: Array<{ taskId: string; title: string; orgUnitId: string; deadlineAt: string }>;
  /** the year's days as the calendar will count them (a year's arrangement only) */
  days?: ReturnType<typeof daysOf>;
}

/**
 * Which running steps the change moves, and how: the workflow's own state tells whether a step's deadline is
 * counted in working days, a timetable date or a statutory one, and which rungs already fired.
 */
async function previewRunning(ctx: AppContext, change: PlannedChange, now: Date): Promise<ChangePreview> {
  const { running, past, live, reached } = await runningStepsReached(ctx.prisma, change.changedDays, now);
  const stages = await ctx.prisma.stageDefinition.findMany();
  const ladderOf = (flowKey: string, stageKey: string) => parseLadder(stages.find((s) => s.flowKey === flowKey && s.key === stageKey)?.ladder);
  const moved: MovedStep[] = [];
  for (let i = 0; i < reached.length; i += 10) {
    await Promise.all(reached.slice(i, i + 10).map(async (t) => {
      let step;
      try {
        step = await openStepOf(ctx.temporal, t.workflowId, t.stepKey);
      } catch (err) {
        ctx.logger.warn({ err, taskId: t.id }, 'a running step could not be read for the calendar preview');
      }
      const move = step ? stepMove(change, step, ladderOf(t.flowKey, step.stageKey), now) : null;
      if (move) moved.push({ taskId: t.id, workflowId: t.workflowId, stepKey: t.stepKey, title: t.title, orgUnitId: t.orgUnitId, ...move });
    }));
  }
  moved.sort((a, b) => a.deadlineBefore.localeCompare(b.deadlineBefore) || a.taskId.localeCompare(b.taskId));
  const deadlinesMoved = moved.filter((m) => m.deadlineBefore !== m.deadlineAfter).length;
  return {
    summary: change.summary, add: change.add, remove: change.remove, year: change.year, alreadyNational: change.alreadyNational, changedDays: change.changedDays,
    counts: {
      running, examined: reached.length, deadlinesMoved, rungsOnlyMoved: moved.length - deadlinesMoved,
      pastDeadline: past.length, unchanged: live.length - moved.length,
    },
    moved,
    pastDeadline: past.map((t) => ({ taskId: t.id, title: t.title, orgUnitId: t.orgUnitId, deadlineAt: t.deadlineAt!.toISOString() })),
    ...(change.year ? { days: daysOf(change.after, `${change.year.year}-01-01`, `${change.year.year}-12-31`) } : {}),
  };
}

/** What a change would do, nothing saved: the days it changes and the running steps it moves (and by how much). */
export async function previewCalendarChange(ctx: AppContext, user: CurrentUser, body: ChangeBody, now = new Date()): Promise<ChangePreview> {
  requireRole(user, 'ADMIN');
  return previewRunning(ctx, await planChange(ctx, body), now);
}

/** Serialises calendar changes: taken inside the saving transaction, so two administrators never save two at once. */
const CHANGE_LOCK = 0x6361_6c31; // "cal1"

/**
 * Saves a change and starts its job (workflows/calendarChange.ts), which moves the running steps it reaches,
 * each through its workflow's reschedule update (the timer moves with it; the projection writes the audit row
 * and tells the holder). Answers at once with the change's id; `getCalendarChange` follows its progress.
 * The same request id answers the same change; a change while another is still being applied is refused
 * (each step's working days are counted on the calendar before the change, which must not move meanwhile).
 */
export async function applyCalendarChange(ctx: AppContext, user: CurrentUser, body: ChangeBody, options: { batchSize?: number; batchesPerRun?: number } = {}) {
  requireRole(user, 'ADMIN');
  const requestId = body.requestId ?? randomUUID();
  const earlier = await ctx.prisma.calendarChange.findUnique({ where: { requestId } });
  if (earlier) return getCalendarChange(ctx, earlier.id);
  await settleEndedJobs(ctx);
  const change = await planChange(ctx, body);
  const id = randomUUID();
  const workflowId = calendarChangeWorkflowId(id);
  const saved: SavedChange = { add: change.add, remove: change.remove, year: change.year ?? null, alreadyNational: change.alreadyNational, changedDays: change.changedDays };
  await ctx.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHANGE_LOCK})`;
    const running = await tx.calendarChange.findFirst({ where: { status: 'RUNNING' } });
    if (running) {
      throw new AppError('CALENDAR_CHANGE_RUNNING', `上一项日历调整（${running.summary}）正在应用于在办事项（已处理 ${running.done}/${running.total}），请待其完成后再调整。`, 409, { changeId: running.id });
    }
    // The calendar the preview showed must still be the calendar: the plan is made again inside the lock.
    const current = await tx.calendarOverride.findMany();
    const planned = new Map(change.snapshot.overrides.map((o) => [o.date, o]));
    if (current.length !== planned.size || current.some((r) => planned.get(r.date)?.kind !== r.kind || planned.get(r.date)?.name !== r.name)) {
      throw new AppError('CALENDAR_CONFLICT', '日历刚被其他管理员调整过，请重新预览后再确认。', 409);
    }
    if (change.remove.length) await tx.calendarOverride.deleteMany({ where: { date: { in: change.remove.map((o) => o.date) } } });
    if (change.add.length) await tx.calendarOverride.createMany({ data: change.add.map((o) => ({ date: o.date, kind: o.kind, name: o.name, source: o.source })) });
    if (change.year) {
      await tx.calendarYear.upsert({
        where: { year: change.year.year },
        create: { year: change.year.year, title: change.year.title, enteredById: user.id, enteredBy: user.login },
        update: { title: change.year.title, enteredById: user.id, enteredBy: user.login },
      });
    }
    await tx.calendarChange.create({
      data: {
        id, requestId, workflowId, summary: change.summary, actorId: user.id, actorLogin: user.login,
        change: saved as unknown as Prisma.InputJsonValue, before: change.snapshot as unknown as Prisma.InputJsonValue,
      },
    });
    await recordAudit(tx, {
      action: change.year ? 'calendar.year_entered' : 'calendar.changed', entityType: 'calendar', entityId: change.year ? String(change.year.year) : change.changedDays[0] ?? 'calendar',
      actorId: user.id, actorLogin: user.login, requestId, workflowId,
      before: { removed: change.remove } as unknown as Prisma.InputJsonValue,
      after: { changeId: id, added: change.add, year: change.year ?? null, alreadyNational: change.alreadyNational, changedDays: change.changedDays } as unknown as Prisma.InputJsonValue,
    });
  });
  forgetCalendar();
  await startChangeJob(ctx, id, options);
  // Answered from the row: asking the job for progress now would wait for its first workflow task.
  return getCalendarChange(ctx, id, { askJob: false });
}

/**
 * A job that ended without finishing (terminated or cancelled by an operator) leaves its change RUNNING, which
 * would block every later change: such a change is marked FAILED, with an audit row, before a new one is saved.
 */
async function settleEndedJobs(ctx: AppContext) {
  for (const row of await ctx.prisma.calendarChange.findMany({ where: { status: 'RUNNING' } })) {
    let status: string;
    try {
      status = (await ctx.temporal.workflow.getHandle(row.workflowId).describe()).status.name;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) await startChangeJob(ctx, row.id);
      continue;
    }
    if (status === 'RUNNING' || status === 'COMPLETED' || status === 'CONTINUED_AS_NEW') continue;
    await ctx.prisma.$transaction(async (tx) => {
      const updated = await tx.calendarChange.updateMany({ where: { id: row.id, status: 'RUNNING' }, data: { status: 'FAILED', finishedAt: new Date() } });
      if (updated.count) {
        await recordAudit(tx, { action: 'calendar.change_ended', entityType: 'calendar-change', entityId: row.id, workflowId: row.workflowId, requestId: row.requestId, after: { jobStatus: status, done: row.done, total: row.total } });
      }
    });
  }
}

/** Starts a change's job; one job per change (a second start of the same change is a no-op). */
async function startChangeJob(ctx: AppContext, changeId: string, options: { batchSize?: number; batchesPerRun?: number } = {}) {
  options = { batchSize: ctx.config.CALENDAR_CHANGE_BATCH_SIZE, batchesPerRun: ctx.config.CALENDAR_CHANGE_BATCHES_PER_RUN, ...options };
  try {
    await ctx.temporal.workflow.start(calendarChangeWorkflow, {
      workflowId: calendarChangeWorkflowId(changeId), taskQueue: ctx.config.TEMPORAL_TASK_QUEUE, args: [{ changeId, ...options }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      // The change is saved; the next read of it starts the job again (getCalendarChange).
      ctx.logger.error({ err, changeId }, 'the calendar change job could not be started');
    }
  }
}

/**
 * A change and its job's progress: read from the job (the progress query) while it runs, from its rows once
 * done; with the steps it moved and those that failed, with the reason. A job that is not running while the
 * change says RUNNING (the start was lost) is started again.
 */
export async function getCalendarChange(ctx: AppContext, id: string, options: { askJob?: boolean } = {}) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('日历调整');
  const row = await ctx.prisma.calendarChange.findUnique({ where: { id } });
  if (!row) throw notFound('日历调整');
  let progress: CalendarChangeProgress = {
    phase: row.status !== 'RUNNING' ? 'done' : row.total ? 'applying' : 'planning', total: row.total, done: row.done, moved: row.moved, unchanged: row.unchanged, failed: row.failed, runs: 0,
  };
  if (row.status === 'RUNNING' && options.askJob !== false) {
    try {
      progress = await ctx.temporal.workflow.getHandle(row.workflowId).query(calendarChangeProgressQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) await startChangeJob(ctx, row.id);
      else ctx.logger.warn({ err, changeId: row.id }, 'the calendar change job did not answer its progress');
    }
  }
  const [moved, failures] = await Promise.all([
    ctx.prisma.calendarChangeStep.findMany({ where: { changeId: id, status: 'MOVED' }, orderBy: { deadlineBefore: 'asc' }, take: 200 }),
    ctx.prisma.calendarChangeStep.findMany({ where: { changeId: id, status: 'FAILED' }, orderBy: { title: 'asc' }, take: 200 }),
  ]);
  const step = (s: (typeof moved)[number]) => ({
    taskId: s.taskId, workflowId: s.workflowId, title: s.title, deadlineKind: s.deadlineKind,
    deadlineBefore: s.deadlineBefore?.toISOString() ?? null, deadlineAfter: s.deadlineAfter?.toISOString() ?? null, rungsMoved: s.rungsMoved, reason: s.reason,
  });
  return {
    id: row.id, requestId: row.requestId, workflowId: row.workflowId, summary: row.summary, status: row.status,
    actorLogin: row.actorLogin, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null,
    progress: { ...progress, percent: percentDone(progress) },
    moved: moved.map(step),
    failures: failures.map(step),
  };
}

// --- coverage: plans that rest on a year nobody has published ----------------------------------------------

/**
 * Running deadlines and campaign timetables that fall in a year the calendar does not cover (Monday–Friday
 * was assumed): the dashboard shows this until the year is entered or the package covers it.
 */
export async function calendarCoverage(ctx: AppContext) {
  const calendar = await calendarOf(ctx);
  const [tasks, campaigns] = await Promise.all([
    ctx.prisma.task.findMany({ where: { status: 'OPEN', deadlineAt: { not: null } }, select: { deadlineAt: true, campaignId: true } }),
    ctx.prisma.campaign.findMany({ where: { status: { in: ['LAUNCHING', 'RUNNING'] } }, select: { id: true, title: true, schedule: true } }),
  ]);
  const taskDates = tasks.map((t) => chinaDate(t.deadlineAt!));
  // A campaign rests on its timetable and on its running steps' own deadlines (a round after a return, an
  // extension): a step due in an uncovered year keeps the warning on the campaign's dashboard too.
  const stepDates = new Map<string, Set<string>>();
  for (const t of tasks) {
    if (!t.campaignId || calendar.isCovered(chinaDate(t.deadlineAt!))) continue;
    if (!stepDates.has(t.campaignId)) stepDates.set(t.campaignId, new Set());
    stepDates.get(t.campaignId)!.add(chinaDate(t.deadlineAt!));
  }
  const campaignWarnings = campaigns
    .map((c) => ({
      campaignId: c.id, title: c.title,
      warning: coverageWarning(calendar, [...new Set([...scheduleDates(c.schedule as unknown as CampaignSchedule), ...(stepDates.get(c.id) ?? [])])].sort()),
    }))
    .filter((c) => c.warning);
  const taskWarning = coverageWarning(calendar, taskDates);
  const years = [...new Set([...(taskWarning?.years ?? []), ...campaignWarnings.flatMap((c) => c.warning!.years)])].sort();
  return {
    covered: years.length === 0,
    years,
    tasks: taskWarning ? { count: taskDates.filter((d) => !calendar.isCovered(d)).length, ...taskWarning } : null,
    campaigns: campaignWarnings,
  };
}
