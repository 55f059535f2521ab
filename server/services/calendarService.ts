import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Prisma } from '../../activities/infra/prisma';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { calendarOf, forgetCalendar } from './taskService';
import {
  chinaDate, coverageWarning, createWorkingCalendar, nationalDay, nationallyCovered, type DayOverride, type WorkingCalendar,
} from '../../domain/calendar';
import { planLadder, parseLadder } from '../../activities/tasks/ladder';
import { scheduleDates, type CampaignSchedule } from '../../domain/campaign';
import { rescheduleUpdate, stepsQuery, type StepRecord } from '../../workflows/humanStep';

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

type Override = DayOverride & { name: string; source: 'manual' | 'notice' };

export async function listOverrides(ctx: AppContext) {
  return ctx.prisma.calendarOverride.findMany({ orderBy: { date: 'asc' } });
}

/** The years administrators entered (CalendarYear), with whether the package covers them too. */
export async function listYears(ctx: AppContext) {
  const rows = await ctx.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } });
  return rows.map((r) => ({ ...r, id: r.year, nationalDataCovers: nationallyCovered(r.year) }));
}

/** Adds a local holiday or a corrected day; deadlines computed from now on use it (running steps: see applyCalendarChange). */
export async function addOverride(ctx: AppContext, user: CurrentUser, raw: unknown, requestId: string) {
  requireRole(user, 'ADMIN');
  const body = overrideBody.parse(raw ?? {});
  if (await ctx.prisma.calendarOverride.findUnique({ where: { date: body.date } })) {
    throw new AppError('OVERRIDE_EXISTS', `${body.date} 已有调整，请先删除原调整。`, 409);
  }
  const row = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.calendarOverride.create({ data: body });
    await recordAudit(tx, { action: 'calendar.override_added', entityType: 'calendar', entityId: body.date, actorId: user.id, actorLogin: user.login, requestId, after: body });
    return created;
  });
  forgetCalendar();
  return { ...row, id: row.date };
}

export async function removeOverride(ctx: AppContext, user: CurrentUser, dateKey: string, requestId: string) {
  requireRole(user, 'ADMIN');
  const row = await ctx.prisma.calendarOverride.findUnique({ where: { date: dateKey } });
  if (!row) throw notFound('日历调整');
  await ctx.prisma.$transaction(async (tx) => {
    await tx.calendarOverride.delete({ where: { date: dateKey } });
    await recordAudit(tx, { action: 'calendar.override_removed', entityType: 'calendar', entityId: dateKey, actorId: user.id, actorLogin: user.login, requestId, before: row });
  });
  forgetCalendar();
  return { ...row, id: row.date };
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
const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

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
  /** days whose working status differs between the two calendars */
  changedDays: string[];
  summary: string;
}

/** Reads a change, checks it against the overrides entered, and builds the calendar before and after it. */
async function planChange(ctx: AppContext, raw: unknown): Promise<PlannedChange> {
  const body = changeBody.parse(raw ?? {});
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

  const publishedBefore = years.map((y) => y.year);
  const before = createWorkingCalendar([...current.values()], { publishedYears: publishedBefore });
  const next = new Map(current);
  for (const o of remove) next.delete(o.date);
  for (const o of add) next.set(o.date, o);
  const after = createWorkingCalendar([...next.values()], { publishedYears: year ? [...publishedBefore, year.year] : publishedBefore });
  const touched = [...new Set([...add, ...remove].map((o) => o.date))].sort();
  const changedDays = touched.filter((d) => before.isWorkingDay(d) !== after.isWorkingDay(d));
  const summary = year
    ? `录入${year.title}`
    : [
        ...add.map((o) => `新增${o.date}${o.kind === 'holiday' ? '放假' : '上班'}（${o.name}）`),
        ...remove.map((o) => `删除${o.date}的调整（${o.name}）`),
      ].slice(0, 5).join('；') + (add.length + remove.length > 5 ? ` 等${add.length + remove.length}项` : '');
  return { add, remove, year, alreadyNational, before, after, changedDays, summary: `节假日日历调整：${summary}` };
}

/** "Spring Festival,春节,4" (the package's value) or a plain name: the Chinese name. */
function packageName(value: string): string {
  const parts = value.split(',');
  return (parts.length >= 2 ? parts[1] : parts[0]).trim().slice(0, 50) || value.slice(0, 50);
}

export interface MovedStep {
  taskId: string;
  workflowId: string;
  stepKey: string;
  title: string;
  orgUnitId: string;
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

/** How far past a deadline a changed day can still move a rung (T+10 over a long holiday). */
const RUNG_REACH_DAYS = 60;

/**
 * Which running steps the change moves, and how: the workflow's own state tells whether a step's deadline is
 * counted in working days, a timetable date or a statutory one, and which rungs already fired.
 */
async function previewRunning(ctx: AppContext, change: PlannedChange, now: Date): Promise<ChangePreview> {
  const tasks = await ctx.prisma.task.findMany({
    where: { status: 'OPEN', position: 'main', deadlineAt: { not: null } },
    select: { id: true, workflowId: true, stepKey: true, title: true, orgUnitId: true, flowKey: true, stageKey: true, startedAt: true, deadlineAt: true },
    orderBy: { deadlineAt: 'asc' },
  });
  const past = tasks.filter((t) => t.deadlineAt!.getTime() < now.getTime());
  const live = tasks.filter((t) => t.deadlineAt!.getTime() >= now.getTime());
  const first = change.changedDays[0];
  const last = change.changedDays[change.changedDays.length - 1];
  // Only a step whose window (start to deadline and its later rungs) holds a changed day can move.
  const candidates = first === undefined ? [] : live.filter((t) => last > chinaDate(t.startedAt) && dayNumber(first) <= dayNumber(chinaDate(t.deadlineAt!)) + RUNG_REACH_DAYS);
  const stages = await ctx.prisma.stageDefinition.findMany();
  const ladderOf = (flowKey: string, stageKey: string) => parseLadder(stages.find((s) => s.flowKey === flowKey && s.key === stageKey)?.ladder);
  const moved: MovedStep[] = [];
  const nowIso = now.toISOString();
  for (let i = 0; i < candidates.length; i += 10) {
    await Promise.all(candidates.slice(i, i + 10).map(async (t) => {
      let step: StepRecord | undefined;
      try {
        const state = await ctx.temporal.workflow.getHandle(t.workflowId).query(stepsQuery);
        step = state.steps.find((s) => s.stepKey === t.stepKey && s.status === 'OPEN' && s.opened);
      } catch (err) {
        ctx.logger.warn({ err, taskId: t.id }, 'a running step could not be read for the calendar preview');
      }
      if (!step?.deadlineAt) return;
      const deadline = new Date(step.deadlineAt);
      const startedAt = new Date(step.startedAt);
      const deadlineKind: MovedStep['deadlineKind'] = step.statutory ? 'statutory' : step.fixedDue ? 'fixed-due' : 'working-days';
      const workingDays = change.before.workingDaysBetween(chinaDate(startedAt), chinaDate(deadline));
      const next = deadlineKind === 'working-days' ? change.after.deadlineAfter(startedAt, workingDays) : deadline;
      const ladder = ladderOf(t.flowKey, step.stageKey);
      const oldRungs = planLadder(change.before, ladder, deadline, step.statutory);
      const newRungs = planLadder(change.after, ladder, next, step.statutory);
      const rungs = oldRungs
        .filter((r) => !step!.firedRungs.includes(r.key) && r.at >= step!.startedAt)
        .map((r) => ({ key: r.key, before: r.at, after: newRungs.find((n) => n.key === r.key)?.at ?? r.at }))
        .filter((r) => r.before !== r.after && (r.before > nowIso || r.after > nowIso));
      if (next.getTime() === deadline.getTime() && rungs.length === 0) return;
      moved.push({
        taskId: t.id, workflowId: t.workflowId, stepKey: t.stepKey, title: t.title, orgUnitId: t.orgUnitId, deadlineKind,
        deadlineBefore: deadline.toISOString(), deadlineAfter: next.toISOString(),
        shiftDays: dayNumber(chinaDate(next)) - dayNumber(chinaDate(deadline)), workingDays, rungs,
      });
    }));
  }
  moved.sort((a, b) => a.deadlineBefore.localeCompare(b.deadlineBefore) || a.taskId.localeCompare(b.taskId));
  const deadlinesMoved = moved.filter((m) => m.deadlineBefore !== m.deadlineAfter).length;
  return {
    summary: change.summary, add: change.add, remove: change.remove, year: change.year, alreadyNational: change.alreadyNational, changedDays: change.changedDays,
    counts: {
      running: tasks.length, examined: candidates.length, deadlinesMoved, rungsOnlyMoved: moved.length - deadlinesMoved,
      pastDeadline: past.length, unchanged: live.length - moved.length,
    },
    moved,
    pastDeadline: past.map((t) => ({ taskId: t.id, title: t.title, orgUnitId: t.orgUnitId, deadlineAt: t.deadlineAt!.toISOString() })),
    ...(change.year ? { days: daysOf(change.after, `${change.year.year}-01-01`, `${change.year.year}-12-31`) } : {}),
  };
}

/** What a change would do, nothing saved: the days it changes and the running steps it moves (and by how much). */
export async function previewCalendarChange(ctx: AppContext, user: CurrentUser, raw: unknown, now = new Date()): Promise<ChangePreview> {
  requireRole(user, 'ADMIN');
  return previewRunning(ctx, await planChange(ctx, raw), now);
}

/**
 * Saves a change and moves the running steps it moves, each through its workflow's reschedule update (the
 * timer moves with it; the projection writes the audit row and tells the holder). Steps past their deadline
 * stay as they are and are listed.
 */
export async function applyCalendarChange(ctx: AppContext, user: CurrentUser, raw: unknown, now = new Date()) {
  requireRole(user, 'ADMIN');
  const change = await planChange(ctx, raw);
  const preview = await previewRunning(ctx, change, now);
  const requestId = changeBody.parse(raw ?? {}).requestId ?? randomUUID();
  await ctx.prisma.$transaction(async (tx) => {
    if (change.remove.length) await tx.calendarOverride.deleteMany({ where: { date: { in: change.remove.map((o) => o.date) } } });
    if (change.add.length) await tx.calendarOverride.createMany({ data: change.add.map((o) => ({ date: o.date, kind: o.kind, name: o.name, source: o.source })) });
    if (change.year) {
      await tx.calendarYear.upsert({
        where: { year: change.year.year },
        create: { year: change.year.year, title: change.year.title, enteredById: user.id, enteredBy: user.login },
        update: { title: change.year.title, enteredById: user.id, enteredBy: user.login },
      });
    }
    await recordAudit(tx, {
      action: change.year ? 'calendar.year_entered' : 'calendar.changed', entityType: 'calendar', entityId: change.year ? String(change.year.year) : change.changedDays[0] ?? 'calendar',
      actorId: user.id, actorLogin: user.login, requestId,
      before: { removed: change.remove } as unknown as Prisma.InputJsonValue,
      after: {
        added: change.add, year: change.year ?? null, alreadyNational: change.alreadyNational, changedDays: change.changedDays,
        counts: preview.counts, moved: preview.moved.map((m) => ({ taskId: m.taskId, before: m.deadlineBefore, after: m.deadlineAfter })),
        pastDeadline: preview.pastDeadline.map((p) => p.taskId),
      } as unknown as Prisma.InputJsonValue,
    });
  });
  forgetCalendar();
  const actor = { userId: user.id, login: user.login, orgUnitId: user.orgUnitId, roles: user.roles };
  const applied: Array<MovedStep & { deadlineNow: string | null }> = [];
  const failed: Array<{ taskId: string; title: string; reason: string }> = [];
  for (let i = 0; i < preview.moved.length; i += 10) {
    await Promise.all(preview.moved.slice(i, i + 10).map(async (m) => {
      try {
        const result = await ctx.temporal.workflow.getHandle(m.workflowId).executeUpdate(rescheduleUpdate, {
          args: [{ taskKey: m.stepKey, requestId: `${requestId}-${m.taskId}`.slice(0, 100), actor, reason: change.summary, cause: 'calendar', workingDays: m.workingDays }],
        });
        applied.push({ ...m, deadlineNow: result.deadlineAt ?? null });
      } catch (err) {
        ctx.logger.warn({ err, taskId: m.taskId }, 'a calendar reschedule of a running step failed');
        failed.push({ taskId: m.taskId, title: m.title, reason: (err as Error).message.slice(0, 200) });
      }
    }));
  }
  return { ...preview, applied, failed, requestId };
}

// --- coverage: plans that rest on a year nobody has published ----------------------------------------------

/**
 * Running deadlines and campaign timetables that fall in a year the calendar does not cover (Monday–Friday
 * was assumed): the dashboard shows this until the year is entered or the package covers it.
 */
export async function calendarCoverage(ctx: AppContext) {
  const calendar = await calendarOf(ctx);
  const [tasks, campaigns] = await Promise.all([
    ctx.prisma.task.findMany({ where: { status: 'OPEN', deadlineAt: { not: null } }, select: { deadlineAt: true } }),
    ctx.prisma.campaign.findMany({ where: { status: { in: ['LAUNCHING', 'RUNNING'] } }, select: { id: true, title: true, schedule: true } }),
  ]);
  const taskDates = tasks.map((t) => chinaDate(t.deadlineAt!));
  const campaignWarnings = campaigns
    .map((c) => ({ campaignId: c.id, title: c.title, warning: coverageWarning(calendar, scheduleDates(c.schedule as unknown as CampaignSchedule)) }))
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
