/**
 * The escalation ladder and the clock of a human step, on the Temporal time-skipping test server: weeks
 * pass in seconds, so every rung, extension, pause and reschedule is checked against real timers.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import type { NotifyRequest } from '../../activities/tasks/taskProjection';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { extendDeadlineUpdate, pauseClockUpdate, rescheduleUpdate, resumeClockUpdate, stepsQuery } from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { createWorkingCalendar, chinaDate, endOfChinaDay } from '../../domain/calendar';
import { DEFAULT_LADDER } from '../../prisma/seed/stages';
import { applyTestEnv } from '../support/env';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { realWorkflowBundle } from '../support/workflowBundle';

let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
const notified: NotifyRequest[] = [];
const taskQueue = `ladder-${randomUUID()}`;
let unit: { id: string; name: string };
let supervisor: Actor;
let admin: Actor;
let originalAssignDays: number | null;
const calendar = createWorkingCalendar();

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  env = await createTimeSkippingEnv();
  const bundle = await realWorkflowBundle();
  // The notifier is the one faked dependency here: notifications have their own tests against Redis and SMTP.
  worker = await Worker.create({
    connection: env.nativeConnection, taskQueue, workflowBundle: bundle,
    activities: createActivities({ prisma, notifier: async (r) => { notified.push(r); } }),
  });
  running = worker.run();
  const u = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D030' } });
  unit = { id: u.id, name: u.name };
  const sup = await prisma.user.findUniqueOrThrow({ where: { login: 'supervisor' } });
  supervisor = { userId: sup.id, login: sup.login, orgUnitId: sup.orgUnitId, roles: sup.roles };
  const adm = await prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
  admin = { userId: adm.id, login: adm.login, orgUnitId: adm.orgUnitId, roles: adm.roles };
  const stage = await prisma.stageDefinition.findUniqueOrThrow({ where: { flowKey_key: { flowKey: 'annual-report', key: 'assign' } } });
  originalAssignDays = stage.workingDays;
  // Twelve working days: long enough for the T−5 and T−2 reminders to fall after the step starts.
  await setAssignStage(12);
}, 120_000);

afterAll(async () => {
  await setAssignStage(originalAssignDays ?? 2);
  worker?.shutdown();
  await running;
  await env?.teardown();
  await prisma?.$disconnect();
});

async function setAssignStage(workingDays: number) {
  await prisma.stageDefinition.update({ where: { flowKey_key: { flowKey: 'annual-report', key: 'assign' } }, data: { workingDays, ladder: DEFAULT_LADDER as unknown as object } });
}

async function start(): Promise<{ handle: WorkflowHandle<typeof annualReportWorkflow>; taskId: string; startedAt: Date }> {
  const handle = await env.client.workflow.start(annualReportWorkflow, {
    workflowId: `ladder-${randomUUID()}`, taskQueue, args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2025 }],
  });
  for (let i = 0; i < 100; i++) {
    const s = await handle.query(stepsQuery);
    if (s.steps[0]?.opened) return { handle, taskId: s.steps[0].assignments[0].taskId, startedAt: new Date(s.steps[0].startedAt) };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the assignment step did not open');
}

const rungsOf = async (taskId: string) => (await prisma.reminder.findMany({ where: { taskId }, orderBy: { createdAt: 'asc' } })).map((r) => r.rung);

describe('the escalation ladder of a human step', () => {
  it('walks every rung once, in order: T−5 and T−2 reminders, T+0 催办, T+3 督办, T+10 candidate 通报', async () => {
    const { handle, taskId } = await start();

    await env.sleep('45 days');

    expect(await rungsOf(taskId)).toEqual(['T-5', 'T-2', 'T+0', 'T+3', 'T+10']);
    const escalations = await prisma.escalation.findMany({ where: { taskId }, orderBy: { createdAt: 'asc' } });
    expect(escalations.map((e) => [e.kind, e.rung])).toEqual([['SUPERVISE', 'T+3'], ['CANDIDATE_NOTICE', 'T+10']]);
    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task).toMatchObject({ currentRung: 'T+10', nextRungAt: null, status: 'OPEN' });
    const mine = notified.filter((n) => n.taskId === taskId && n.kind !== 'assigned');
    expect(mine.map((n) => [n.kind, n.audiences])).toEqual([
      ['reminder', ['assignees']], ['reminder', ['assignees']], ['urge', ['assignees', 'leaderInCharge']],
      ['supervise', ['supervisingOffice']], ['candidate-notice', ['supervisingOffice']],
    ]);
    await handle.cancel();
  }, 60_000);

  it('fires the T+0 催办 at the deadline stored on the task, twelve working days after the start', async () => {
    const { handle, taskId, startedAt } = await start();
    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task.deadlineAt!.toISOString()).toBe(calendar.deadlineAfter(startedAt, 12).toISOString());

    await env.sleep('30 days');

    const urge = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: taskId, action: 'escalation.urge' } });
    expect((urge.after as { at: string }).at >= task.deadlineAt!.toISOString()).toBe(true);
    await handle.cancel();
  }, 60_000);

  it('moves a live deadline when an administrator applies a longer stage deadline to running steps', async () => {
    const { handle, taskId, startedAt } = await start();
    await setAssignStage(30);

    await handle.executeUpdate(rescheduleUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: admin, reason: 'test' }] });
    await env.sleep('25 days'); // past the old 12-day deadline, before the new 30-day one

    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task.deadlineAt!.toISOString()).toBe(calendar.deadlineAfter(startedAt, 30).toISOString());
    expect(await rungsOf(taskId)).not.toContain('T+0');
    await setAssignStage(12);
    await handle.cancel();
  }, 60_000);

  it('extends a deadline by working days, and a paused clock fires nothing and moves the deadline by the days it stood still', async () => {
    const { handle, taskId } = await start();
    const before = (await prisma.task.findUniqueOrThrow({ where: { id: taskId } })).deadlineAt!;

    await handle.executeUpdate(extendDeadlineUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: supervisor, workingDays: 5, reason: '等待上级来文' }] });
    const extended = (await prisma.task.findUniqueOrThrow({ where: { id: taskId } })).deadlineAt!;
    expect(extended.toISOString()).toBe(endOfChinaDay(calendar.addWorkingDays(chinaDate(before), 5)).toISOString());

    await handle.executeUpdate(pauseClockUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: supervisor, reason: '等待外单位回复' }] });
    const pausedAt = new Date(await env.currentTimeMs());
    await env.sleep('60 days');
    expect(await rungsOf(taskId)).toEqual([]);

    await handle.executeUpdate(resumeClockUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: supervisor }] });
    const resumedAt = new Date(await env.currentTimeMs());
    const stood = calendar.workingDaysBetween(chinaDate(pausedAt), chinaDate(resumedAt));
    const resumed = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(resumed.pausedAt).toBeNull();
    expect(resumed.deadlineAt!.toISOString()).toBe(endOfChinaDay(calendar.addWorkingDays(chinaDate(extended), stood)).toISOString());
    expect(resumed.extensionWorkingDays).toBe(5 + stood);
    const actions = (await prisma.auditEvent.findMany({ where: { entityId: taskId }, orderBy: { at: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['task.extended', 'task.paused', 'task.resumed']));
    await handle.cancel();
  }, 60_000);
});
