/**
 * The step's handlers interleave across `await`s (issue 11, "Suspected races"). Each test here places two
 * things in the one window where they meet, against the real test Temporal server and database: a slowed
 * projection activity holds a handler inside its await while a timer falls due, two updates land in one
 * workflow activation, a campaign round signals a unit while its "ready" activity is still returning.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import type { CloseTaskInput } from '../../activities/tasks/taskProjection';
import { chinaDate, createWorkingCalendar } from '../../domain/calendar';
import type { Actor } from '../../domain/step';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { completeTaskUpdate, stepsQuery, withdrawUpdate, type StepsState } from '../../workflows/humanStep';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { applyTestEnv } from '../support/env';
import { eventually } from '../support/stack';
import { dueStepWorkflow, twoStepWorkflow } from './fixtures/raceFlows';

let prisma: PrismaClient;
let client: Client;
let native: NativeConnection;
let bundle: WorkflowBundleWithSourceMap;
const workers: Array<{ worker: Worker; running: Promise<void> }> = [];
const started: string[] = [];
const campaignIds: string[] = [];
const calendar = createWorkingCalendar();
/** Every closeTask the workflows asked for (as an activity task or a local activity): `<workflow id>/<task key>:<status>`. */
const closeCalls: string[] = [];

/** The test's hooks into the real activities: a gate that holds closeTask, a call made after markUnitReady. */
const hooks: {
  holdClose?: { stepKey: string; entered: () => void; release: Promise<void> };
  afterReady?: (input: { campaignId: string; orgUnitId: string }) => Promise<void>;
} = {};

function activities(taskQueue: string) {
  const real = createActivities({ prisma, temporal: { client, taskQueue } });
  return {
    ...real,
    async closeTask(input: CloseTaskInput) {
      closeCalls.push(`${input.workflowId}/${input.stepKey}:${input.status}`);
      const hold = hooks.holdClose;
      if (hold && input.stepKey === hold.stepKey) {
        hold.entered();
        await hold.release;
      }
      return real.closeTask(input);
    },
    async markUnitReady(input: Parameters<typeof real.markUnitReady>[0]) {
      const out = await real.markUnitReady(input);
      await hooks.afterReady?.(input);
      return out;
    },
  };
}

async function startWorker(taskQueue: string): Promise<{ worker: Worker; running: Promise<void> }> {
  // No workflow cache: a worker stopped by a test leaves no sticky queue behind for its successor.
  const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle, activities: activities(taskQueue), maxCachedWorkflows: 0 });
  const w = { worker, running: worker.run() };
  workers.push(w);
  return w;
}

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
  native = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/raceFlows'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never });
}, 120_000);

afterAll(async () => {
  // A flow a failing test left stuck would never finish a cancellation: end each one within a few seconds.
  for (const id of started) {
    const handle = client.workflow.getHandle(id);
    await handle.cancel().catch(() => undefined);
    if ((await within(5_000, handle.result())) === 'timed out') await handle.terminate('race test cleanup').catch(() => undefined);
  }
  for (const w of workers) {
    if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
    await w.running.catch(() => undefined);
  }
  await prisma.campaignUnit.deleteMany({ where: { campaignId: { in: campaignIds } } });
  await prisma.campaign.deleteMany({ where: { id: { in: campaignIds } } });
  await prisma.$disconnect();
  await native.close();
  await client.connection.close();
}, 120_000);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves with the promise's outcome, or with 'timed out' when it has none after `ms`. */
function within<T>(ms: number, p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown } | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((r) => { timer = setTimeout(() => r('timed out'), ms); });
  return Promise.race([p.then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error })), timeout]).finally(() => clearTimeout(timer));
}

async function actor(login: string): Promise<Actor> {
  const u = await prisma.user.findUniqueOrThrow({ where: { login } });
  return { userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles };
}

async function openStep(handle: WorkflowHandle, stageKey: string): Promise<StepsState['steps'][number]> {
  return eventually(async () => {
    const s = await handle.query(stepsQuery);
    return s.steps.find((x) => x.stageKey === stageKey && x.status === 'OPEN' && x.opened);
  }, 30_000, `step ${stageKey} open`);
}

/** The closeTask calls one workflow made: `<task key>:<status>`. */
function closeTasksAsked(handle: WorkflowHandle): string[] {
  return closeCalls.filter((c) => c.startsWith(`${handle.workflowId}/`)).map((c) => c.slice(handle.workflowId.length + 1));
}

/** The failure messages of every workflow task that failed, from the history. */
async function failedWorkflowTasks(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => (e.workflowTaskFailedEventAttributes ? [e.workflowTaskFailedEventAttributes.failure?.message ?? '?'] : []));
}

describe('the human step under racing messages', () => {
  afterEach(() => {
    hooks.holdClose = undefined;
    hooks.afterReady = undefined;
  });

  it('when a ladder rung falls due while the completion is being projected, the step still closes and the flow moves on', async () => {
    const taskQueue = `race-rung-${randomUUID()}`;
    await startWorker(taskQueue);
    const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D050' } });
    const clerk = await actor('bj-d050-clerk');
    // The T+0 催办 falls at the deadline itself: 8 s from now, while the completion below is still projecting.
    const deadline = Date.now() + 8_000;
    const handle = await client.workflow.start(dueStepWorkflow, { taskQueue, workflowId: `race-rung-${randomUUID()}`, args: [{ orgUnitId: unit.id, deadline: new Date(deadline).toISOString() }] });
    started.push(handle.workflowId);
    const step = await openStep(handle, 'assign');
    expect(step.rungs.map((r) => r.key)).toContain('T+0');
    let entered!: () => void;
    const inClose = new Promise<void>((r) => { entered = r; });
    let release!: () => void;
    hooks.holdClose = { stepKey: 'assign#1', entered, release: new Promise<void>((r) => { release = r; }) };

    const completing = handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: clerk }] });
    await inClose;
    await sleep(Math.max(0, deadline - Date.now()) + 4_000); // the rung's timer fires and its workflow task runs
    release();

    const outcome = await within(30_000, completing);
    expect(outcome).toMatchObject({ ok: true, value: { status: 'COMPLETED' } });
    expect(await within(30_000, handle.result())).toEqual({ ok: true, value: 'completed' });
    // The clerk acted before the deadline: no 催办 for a finished task.
    expect(await prisma.reminder.count({ where: { taskId: step.assignments[0].taskId } })).toBe(0);
    // And no workflow task failed on the way (a TypeError in workflow code fails the task again on every
    // retry until the projection happens to finish: the flow is stuck for as long as the database is slow).
    expect(await failedWorkflowTasks(handle)).toEqual([]);
  }, 120_000);

  it('when complete and withdraw arrive in one workflow activation, exactly one applies and the task row is closed once', async () => {
    const taskQueue = `race-withdraw-${randomUUID()}`;
    const first = await startWorker(taskQueue);
    const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D051' } });
    const clerk = await actor('bj-d051-clerk');
    const head = await actor('bj-d051-head');
    const handle = await client.workflow.start(twoStepWorkflow, { taskQueue, workflowId: `race-withdraw-${randomUUID()}`, args: [{ orgUnitId: unit.id }] });
    started.push(handle.workflowId);
    await openStep(handle, 'assign');
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: clerk }] });
    const signOff = await openStep(handle, 'sign-off');
    // With no worker polling, both updates wait at the server and reach the next worker in one activation.
    first.worker.shutdown();
    await first.running;

    const complete = handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: signOff.stepKey, requestId: randomUUID(), actor: head }] });
    const withdraw = handle.executeUpdate(withdrawUpdate, { args: [{ requestId: randomUUID(), actor: clerk, comment: '材料有误，撤回修改' }] });
    await sleep(1_500);
    await startWorker(taskQueue);
    const outcomes = await Promise.allSettled([complete, withdraw]);

    const applied = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(applied).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refused[0].cause).toBeInstanceOf(ApplicationFailure);
    expect(['TASK_NOT_OPEN', 'ALREADY_ACTED']).toContain((refused[0].cause as ApplicationFailure).type);
    const closes = closeTasksAsked(handle).filter((c) => c.startsWith(`${signOff.stepKey}:`));
    expect(closes).toHaveLength(1);
    // The row and the workflow agree on how the step ended.
    const row = await prisma.task.findUniqueOrThrow({ where: { id: signOff.assignments[0].taskId } });
    const state = await handle.query(stepsQuery);
    expect(row.status).toBe(state.steps.find((s) => s.stepKey === signOff.stepKey)!.status);
    expect(closes[0]).toBe(`${signOff.stepKey}:${row.status}`);
  }, 120_000);

  it('when a campaign round signals a unit between its READY commit and the workflow hearing of it, the unit is published in that round', async () => {
    const taskQueue = `race-publish-${randomUUID()}`;
    await startWorker(taskQueue);
    const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D052' } });
    const city = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-GO' } });
    const clerk = await actor('bj-d052-clerk');
    const today = chinaDate(new Date());
    const publishBy = calendar.addWorkingDays(today, 20);
    const campaignId = randomUUID();
    campaignIds.push(campaignId);
    const workflowId = `race-publish/${campaignId}/BJ-D052`;
    await prisma.campaign.create({
      data: {
        id: campaignId, key: `race-test/${campaignId}`, flowKey: 'annual-report', year: 2026, title: '竞态测试', rootCodes: ['BJ-D052'],
        schedule: {}, publicationBaseUrl: 'https://example.gov.cn/ndbg', workflowId: `campaign/${campaignId}`, totalUnits: 1, startedUnits: 1, status: 'RUNNING',
      },
    });
    await prisma.campaignUnit.create({ data: { campaignId, orgUnitId: unit.id, publicationGroup: 'DEPARTMENT', workflowId, publishBy, state: 'RUNNING' } });
    const handle = await client.workflow.start(annualReportWorkflow, {
      workflowId, taskQueue,
      args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2026, campaignId, districtOfficeId: null, cityOfficeId: city.id, publicationGroup: 'DEPARTMENT', publishBy, dueDates: {} }],
    });
    started.push(workflowId);
    // The group's 集中公开 runs right after the unit's READY commit, before the workflow sees the activity's answer.
    const round = createActivities({ prisma, temporal: { client, taskQueue } });
    hooks.afterReady = async (input) => {
      await round.publishRound({ campaignId: input.campaignId, group: 'DEPARTMENT', at: new Date().toISOString() });
      await sleep(2_000); // the signal's workflow task runs while this activity is still under way
    };

    const complete = async (stageKey: string, who: Actor, result?: Record<string, unknown>) => {
      const s = await openStep(handle, stageKey);
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: s.stepKey, requestId: randomUUID(), actor: who, result }] });
    };
    await complete('assign', clerk);
    await complete('self-check', clerk, { report: longgang2024() });
    await complete('sign-off', await actor('bj-d052-head'));
    await complete('city-verification', await actor('city-verifier'));
    await complete('pre-release', clerk, { publicationDate: calendar.addWorkingDays(today, 1) });

    const result = await within(30_000, handle.result());
    expect(result).toMatchObject({ ok: true, value: { statutoryDateMissed: false, publication: { state: 'PUBLISHED', round: 'DEPARTMENT' } } });
    expect(await prisma.campaignUnit.findFirstOrThrow({ where: { campaignId } })).toMatchObject({ state: 'PUBLISHED', statutoryMissedAt: null });
  }, 180_000);
});
