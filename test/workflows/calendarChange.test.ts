/**
 * A calendar change applied to running steps, on the Temporal time-skipping test server: the service's
 * preview and apply (server/services/calendarService.ts) against live workflows, checked through each
 * workflow's state and history (the timer it sleeps on), not only the task row.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/workflowBundle';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import { createLogger } from '../../activities/infra/logger';
import type { MoveDeadlineInput, NotifyRequest } from '../../activities/tasks/taskProjection';
import { planLadder } from '../../activities/tasks/ladder';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { pauseClockUpdate, stepsQuery } from '../../workflows/humanStep';
import { chinaDate, createWorkingCalendar, endOfChinaDay } from '../../domain/calendar';
import { DEFAULT_LADDER } from '../../prisma/seed/stages';
import type { AppContext, CurrentUser } from '../../server/context';
import { applyCalendarChange, getCalendarChange, previewCalendarChange } from '../../server/services/calendarService';
import { applyTestEnv } from '../support/env';
import { createTimeSkippingEnv } from '../support/timeSkipping';

let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
let ctx: AppContext;
let admin: CurrentUser;
let unit: { id: string; name: string };
let originalAssignDays: number | null;
const notified: NotifyRequest[] = [];
const moved: MoveDeadlineInput[] = [];
const taskQueue = `calendar-${randomUUID()}`;
const national = createWorkingCalendar();
const handles: WorkflowHandle[] = [];

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  env = await createTimeSkippingEnv();
  const bundle: WorkflowBundleWithSourceMap = await bundleWorkflowCode({ ...workflowBundleOptions(require.resolve('../../workflows')), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never });
  // The notifier is the one faked dependency here: notifications have their own tests against Redis and SMTP.
  // moveDeadline is the real activity, watched: new runs call it as a local activity, whose history marker
  // records its result but not its input.
  const activities = createActivities({ prisma, notifier: async (r) => { notified.push(r); }, temporal: { client: env.client, taskQueue } });
  worker = await Worker.create({
    connection: env.nativeConnection, taskQueue, workflowBundle: bundle,
    activities: { ...activities, moveDeadline: async (input: MoveDeadlineInput) => { moved.push(input); return activities.moveDeadline(input); } },
  });
  running = worker.run();
  ctx = { prisma, temporal: env.client, logger: createLogger('silent', 'calendar-test'), config: { TEMPORAL_TASK_QUEUE: taskQueue } as AppContext['config'] };
  const u = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D031' } });
  unit = { id: u.id, name: u.name };
  const a = await prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
  admin = { id: a.id, login: a.login, displayName: a.login, orgUnitId: a.orgUnitId, orgUnitPath: '', orgUnitName: '', scopePath: '', roles: a.roles, mustChangePassword: false, sessionId: 's', csrfToken: 'c' };
  const stage = await prisma.stageDefinition.findUniqueOrThrow({ where: { flowKey_key: { flowKey: 'annual-report', key: 'assign' } } });
  originalAssignDays = stage.workingDays;
  await prisma.stageDefinition.update({ where: { flowKey_key: { flowKey: 'annual-report', key: 'assign' } }, data: { workingDays: 12, ladder: DEFAULT_LADDER as unknown as object } });
  await clearCalendar();
}, 120_000);

afterEach(async () => {
  for (const h of handles.splice(0)) await h.cancel().catch(() => undefined);
  await clearCalendar();
});

afterAll(async () => {
  await prisma.stageDefinition.update({ where: { flowKey_key: { flowKey: 'annual-report', key: 'assign' } }, data: { workingDays: originalAssignDays ?? 2 } });
  worker?.shutdown();
  await running;
  await env?.teardown();
  await prisma?.$disconnect();
});

/** The days this file adds (by their names): other files may hold overrides of their own on this database. */
const OUR_NAMES = ['区庆', '调休上班'];
async function clearCalendar() {
  await prisma.calendarOverride.deleteMany({ where: { name: { in: OUR_NAMES } } });
}

const envNow = async () => new Date(await env.currentTimeMs());

/**
 * Applies a change and waits for its job (workflows/calendarChange.ts) to finish, polling as the console does.
 * Polling rather than awaiting the job's result through env.client keeps the server from skipping time meanwhile.
 */
async function applyAndWait(change: object) {
  const started = await applyCalendarChange(ctx, admin, change);
  expect(started.status).toBe('RUNNING');
  for (let i = 0; i < 1200; i++) {
    const c = await getCalendarChange(ctx, started.id);
    if (c.status !== 'RUNNING') return c;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the calendar change job did not finish within 120 s');
}

async function start(dueDates?: Record<string, string>) {
  const handle = await env.client.workflow.start(annualReportWorkflow, {
    workflowId: `calendar-${randomUUID()}`, taskQueue, args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2025, ...(dueDates ? { dueDates } : {}) }],
  });
  handles.push(handle);
  for (let i = 0; i < 100; i++) {
    const s = await handle.query(stepsQuery);
    if (s.steps[0]?.opened) return { handle, taskId: s.steps[0].assignments[0].taskId, startedAt: new Date(s.steps[0].startedAt) };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the assignment step did not open');
}

type Timestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
const ms = (t: Timestamp) => Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);

/** From the workflow's history: when each timer it started will fire; and every moveDeadline the run made. */
async function fromHistory(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const byId = new Map(events.map((e) => [String(e.eventId), e]));
  // The flow computed each timer's duration from its own clock, which is the start of the workflow task that
  // started the timer (not the TimerStarted event's time: that is when the task completed, after its local
  // activities, seconds later on a loaded machine; CI at 517cdc5 saw 2.8 s).
  const taskStartOf = (completedId: unknown) => {
    const completed = byId.get(String(completedId));
    const started = byId.get(String(completed?.workflowTaskCompletedEventAttributes?.startedEventId));
    return ms((started ?? completed)?.eventTime as Timestamp);
  };
  const timers = events.flatMap((e) => (e.timerStartedEventAttributes
    ? [new Date(taskStartOf(e.timerStartedEventAttributes.workflowTaskCompletedEventId) + ms(e.timerStartedEventAttributes.startToFireTimeout as Timestamp)).toISOString()]
    : []));
  // Each moveDeadline the run made is in its history as a local-activity marker (its result); its input
  // comes from the watched activity.
  const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
  const moves = moved.filter((m) => m.workflowId === handle.workflowId);
  expect(markers).toBeGreaterThanOrEqual(moves.length);
  return { timers, moves };
}

/** The next rung the step should sleep until, after `now`, on a calendar. */
function nextRungAt(calendar: ReturnType<typeof createWorkingCalendar>, deadline: Date, now: Date, startedAt: Date) {
  return planLadder(calendar, DEFAULT_LADDER, deadline, false).filter((r) => r.at >= startedAt.toISOString() && r.at > now.toISOString())[0].at;
}

/** A timer's fire time read from history (its workflow task's start + duration) is the planned instant to within a second. */
function expectSameInstant(actual: string, expected: string) {
  expect({ actual, off: Math.abs(Date.parse(actual) - Date.parse(expected)) < 1_000 }).toEqual({ actual, off: true });
}

describe('a calendar change applied to running steps', () => {
  it('moves a live deadline and its timer later when a holiday is added inside the window, and tells the holder', async () => {
    const { handle, taskId, startedAt } = await start();
    const before = national.deadlineAfter(startedAt, 12);
    const holiday = national.addWorkingDays(chinaDate(startedAt), 3);
    const withHoliday = createWorkingCalendar([{ date: holiday, kind: 'holiday', name: '区庆' }]);
    const expected = withHoliday.deadlineAfter(startedAt, 12);
    expect(expected.getTime()).toBeGreaterThan(before.getTime());

    const now = await envNow();
    const preview = await previewCalendarChange(ctx, admin, { add: [{ date: holiday, kind: 'holiday', name: '区庆' }] }, now);
    const mine = preview.moved.find((m) => m.taskId === taskId);
    expect(mine).toMatchObject({ deadlineKind: 'working-days', deadlineBefore: before.toISOString(), deadlineAfter: expected.toISOString(), workingDays: 12 });
    expect(mine!.shiftDays).toBe((Date.parse(chinaDate(expected)) - Date.parse(chinaDate(before))) / 86_400_000);
    // A preview changes nothing.
    expect(await prisma.calendarOverride.count({ where: { date: holiday } })).toBe(0);
    expect((await handle.query(stepsQuery)).steps[0].deadlineAt).toBe(before.toISOString());

    const result = await applyAndWait({ add: [{ date: holiday, kind: 'holiday', name: '区庆' }] });
    expect(result.failures).toEqual([]);
    expect(result.moved.map((m) => m.taskId)).toContain(taskId);
    expect(result.progress).toMatchObject({ phase: 'done', percent: 100 });
    expect(result.progress.moved).toBeGreaterThanOrEqual(1);

    // The workflow's own state and its history: the deadline it holds, the moveDeadline it ran, the timer it now sleeps on.
    expect((await handle.query(stepsQuery)).steps[0].deadlineAt).toBe(expected.toISOString());
    const { timers, moves } = await fromHistory(handle);
    expect(moves.at(-1)).toMatchObject({ mode: 'recount', workingDays: 12, notifyHolder: true, reason: expect.stringContaining(holiday) });
    expectSameInstant(timers.at(-1)!, nextRungAt(withHoliday, expected, await envNow(), startedAt));
    expect(timers.at(-1)).not.toBe(timers.at(-2));

    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task.deadlineAt!.toISOString()).toBe(expected.toISOString());
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: taskId, action: 'task.rescheduled' } });
    expect(audit.before).toMatchObject({ deadlineAt: before.toISOString() });
    expect(audit.after).toMatchObject({ deadlineAt: expected.toISOString(), reason: expect.stringContaining('节假日日历调整') });
    const told = notified.find((n) => n.taskId === taskId && n.kind === 'rescheduled');
    expect(told?.audiences).toEqual(['assignees']);
    expect(told?.body).toContain(`由 ${chinaDate(before)} 调整为 ${chinaDate(expected)}`);
    expect(told?.body).toContain(holiday);

    // The old deadline passes without a 催办; the new one brings it.
    await env.sleep(Math.max(1, before.getTime() - (await env.currentTimeMs()) + 3_600_000));
    const fired = async () => (await prisma.reminder.findMany({ where: { taskId } })).map((r) => r.rung);
    expect(await fired()).not.toContain('T+0');
    await env.sleep(expected.getTime() - (await env.currentTimeMs()) + 60_000);
    expect(await fired()).toContain('T+0');
  }, 120_000);

  it('moves a live deadline and its timer earlier when a make-up workday (调休上班) is added inside the window', async () => {
    const { handle, taskId, startedAt } = await start();
    const before = national.deadlineAfter(startedAt, 12);
    let saturday = chinaDate(startedAt);
    do saturday = new Date(Date.parse(`${saturday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    while (national.isWorkingDay(saturday) || new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6);
    const withMakeup = createWorkingCalendar([{ date: saturday, kind: 'workday', name: '调休上班' }]);
    const expected = withMakeup.deadlineAfter(startedAt, 12);
    expect(expected.getTime()).toBeLessThan(before.getTime());

    const result = await applyAndWait({ add: [{ date: saturday, kind: 'workday', name: '调休上班' }] });
    expect(result.moved.find((m) => m.taskId === taskId)).toMatchObject({ deadlineKind: 'working-days', deadlineBefore: before.toISOString(), deadlineAfter: expected.toISOString() });

    expect((await handle.query(stepsQuery)).steps[0].deadlineAt).toBe(expected.toISOString());
    const { timers } = await fromHistory(handle);
    expectSameInstant(timers.at(-1)!, nextRungAt(withMakeup, expected, await envNow(), startedAt));

    await env.sleep(expected.getTime() - (await env.currentTimeMs()) + 60_000);
    expect((await prisma.reminder.findMany({ where: { taskId } })).map((r) => r.rung)).toContain('T+0');
  }, 120_000);

  it('keeps a timetable\'s fixed due date and moves only its working-day rungs; counts each kind in the preview', async () => {
    const today = chinaDate(await envNow());
    const due = national.addWorkingDays(today, 12);
    const fixed = await start({ assign: due });
    const counted = await start();
    const dueAt = endOfChinaDay(due).toISOString();
    expect((await fixed.handle.query(stepsQuery)).steps[0]).toMatchObject({ fixedDue: true, deadlineAt: dueAt });
    // A holiday two working days before the due date: the T−2 and T−5 reminders move earlier, the date stays.
    const holiday = national.addWorkingDays(due, -2);
    const change = { add: [{ date: holiday, kind: 'holiday' as const, name: '区庆' }] };

    const preview = await previewCalendarChange(ctx, admin, change, await envNow());
    const fixedMove = preview.moved.find((m) => m.taskId === fixed.taskId)!;
    expect(fixedMove).toMatchObject({ deadlineKind: 'fixed-due', deadlineBefore: dueAt, deadlineAfter: dueAt, shiftDays: 0 });
    expect(fixedMove.rungs.map((r) => r.key).sort()).toEqual(['T-2', 'T-5']);
    expect(preview.moved.find((m) => m.taskId === counted.taskId)).toMatchObject({ deadlineKind: 'working-days', shiftDays: expect.any(Number) });
    // Only this file's two live steps can move (any other open row belongs to no live workflow here).
    expect(preview.counts).toMatchObject({ deadlinesMoved: 1, rungsOnlyMoved: 1 });
    expect(preview.moved).toHaveLength(2);

    const result = await applyAndWait(change);
    expect(result.moved.find((m) => m.taskId === fixed.taskId)).toMatchObject({ deadlineKind: 'fixed-due', deadlineBefore: dueAt, deadlineAfter: dueAt, rungsMoved: 2 });
    const step = (await fixed.handle.query(stepsQuery)).steps[0];
    expect(step.deadlineAt).toBe(dueAt);
    expect(step.rungs.find((r) => r.key === 'T-2')!.at).toBe(fixedMove.rungs.find((r) => r.key === 'T-2')!.after);
    const { moves } = await fromHistory(fixed.handle);
    expect(moves.at(-1)).toMatchObject({ mode: 'replan', statutory: false, notifyHolder: true });
    expect(notified.find((n) => n.taskId === fixed.taskId && n.kind === 'rescheduled')?.body).toContain(`办理期限仍为 ${due}`);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: fixed.taskId } })).deadlineAt!.toISOString()).toBe(dueAt);
  }, 120_000);

  it('moves a paused step\'s deadline but schedules no reminder on its row while the clock stands still', async () => {
    const { handle, taskId, startedAt } = await start();
    const sup = await prisma.user.findUniqueOrThrow({ where: { login: 'supervisor' } });
    await handle.executeUpdate(pauseClockUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: { userId: sup.id, login: sup.login, orgUnitId: sup.orgUnitId, roles: sup.roles }, reason: '等待外单位回复' }] });
    expect((await prisma.task.findUniqueOrThrow({ where: { id: taskId } })).nextRungAt).toBeNull();
    const holiday = national.addWorkingDays(chinaDate(startedAt), 3);

    const result = await applyAndWait({ add: [{ date: holiday, kind: 'holiday', name: '区庆' }] });
    expect(result.moved.map((m) => m.taskId)).toContain(taskId);
    const row = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(row.deadlineAt!.toISOString()).toBe(createWorkingCalendar([{ date: holiday, kind: 'holiday', name: '区庆' }]).deadlineAfter(startedAt, 12).toISOString());
    expect(row.pausedAt).not.toBeNull();
    expect(row.nextRungAt).toBeNull();
  }, 120_000);

  it('leaves a step whose deadline has passed as it is, and lists it', async () => {
    const { handle, taskId, startedAt } = await start();
    const before = national.deadlineAfter(startedAt, 12);
    await env.sleep(before.getTime() - (await env.currentTimeMs()) + 86_400_000);
    const holiday = national.addWorkingDays(chinaDate(startedAt), 3);

    const change = { add: [{ date: holiday, kind: 'holiday' as const, name: '区庆' }] };
    expect((await previewCalendarChange(ctx, admin, change, await envNow())).pastDeadline.map((p) => p.taskId)).toContain(taskId);
    const result = await applyAndWait(change);
    expect(result.moved.map((m) => m.taskId)).not.toContain(taskId);
    expect(await prisma.calendarChangeStep.count({ where: { changeId: result.id, taskId } })).toBe(0);
    expect((await handle.query(stepsQuery)).steps[0].deadlineAt).toBe(before.toISOString());
    expect((await fromHistory(handle)).moves).toEqual([]);
  }, 120_000);
});
