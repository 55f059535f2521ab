/**
 * What one step transition costs Temporal (issue 12): the events in history per step (activity tasks,
 * workflow tasks, markers) and the time per step for N sequential steps, each completed by the clerk as
 * soon as it opens. Prints the numbers; asserts what the step's projection path promises.
 *
 * Run alone: `npx jest --ci test/workflows/stepCost.test.ts` (services up). GOVFLOW_STEP_COST_STEPS sets N.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/workflowBundle';
import { createActivities } from '../../activities';
import { createPrisma, poolOf, type PrismaClient } from '../../activities/infra/prisma';
import type { Actor } from '../../domain/step';
import { completeTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import { LOCAL_PROJECTION_PATCH } from '../../workflows/humanStep/engine';
import { PATCH_BASELINE } from '../../workflows/patches';
import { applyTestEnv } from '../support/env';
import { eventually } from '../support/stack';
import { stepChainWorkflow } from './fixtures/stepChain';
import { loadHistoryFixtures, replayFixtures } from './replayHistories';

const N = Number(process.env.GOVFLOW_STEP_COST_STEPS ?? 10);
let sqlOperations = 0;
let sqlStatements = 0;
let prisma: PrismaClient;
let client: Client;
let native: NativeConnection;
let bundle: WorkflowBundleWithSourceMap;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `step-cost-${randomUUID()}`;

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  // Every statement that reaches PostgreSQL through the pool (Prisma's and plain SQL alike), BEGIN/COMMIT aside.
  poolOf(prisma).on('connect', (conn) => {
    const query = conn.query.bind(conn) as (...args: unknown[]) => unknown;
    (conn as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '';
      if (!/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(text)) sqlStatements++;
      return query(...args);
    };
  });
  client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
  native = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/stepChain'), logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never });
  // The activities' database client counts what it is asked (model operations and raw queries, inside
  // transactions too): the projection's SQL statements per step, BEGIN/COMMIT aside.
  const counting = prisma.$extends({ query: { $allOperations: async ({ args, query }) => { sqlOperations++; return query(args); } } });
  worker = await Worker.create({ connection: native, taskQueue, workflowBundle: bundle, activities: createActivities({ prisma: counting as unknown as PrismaClient }) });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker.shutdown();
  await running;
  await prisma.$disconnect();
  await native.close();
  await client.connection.close();
});

interface Cost { activityTasks: number; workflowTasks: number; markers: number; events: number }
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never;
type MarkerEvent = { markerRecordedEventAttributes?: { markerName?: string | null; details?: Record<string, { payloads?: Array<{ data?: Uint8Array | null }> | null }> | null } | null };
/** The text of every patch marker's details (the patch id is in there), from a history's events. */
const patchMarkers = (events: MarkerEvent[]) =>
  events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((e) => Object.values(e.markerRecordedEventAttributes!.details ?? {})
      .flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? new Uint8Array()).toString('utf8'))).join(' '));

async function costOf(handle: WorkflowHandle): Promise<Cost> {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    activityTasks: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    markers: events.filter((e) => e.markerRecordedEventAttributes).length,
    events: events.length,
  };
}

describe('the cost of a step transition', () => {
  it(`${N} sequential steps: per step, the activity tasks, workflow tasks and time from complete to the next step open`, async () => {
    const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D049' } });
    const u = await prisma.user.findUniqueOrThrow({ where: { login: 'bj-d049-clerk' } });
    const clerk: Actor = { userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles };
    const handle = await client.workflow.start(stepChainWorkflow, { taskQueue, workflowId: `step-cost-${randomUUID()}`, args: [{ orgUnitId: unit.id, stages: N }] });
    const opened = (n: number) => eventually(async () => {
      const s = await handle.query(stepsQuery);
      return s.steps[n]?.opened ? s.steps[n] : undefined;
    }, 30_000, `step ${n + 1}`);
    await opened(0);
    const before = await costOf(handle);
    const sqlBefore = sqlOperations;
    const statementsBefore = sqlStatements;

    const started = Date.now();
    // This process hosts the worker (workflow tasks and the local projection activities): its CPU time over
    // the steps is the worker's CPU per step (the test's own client calls are a small part of it).
    const cpuBefore = process.cpuUsage();
    const windowStart = process.hrtime.bigint();
    const perStep: number[] = [];
    for (let n = 0; n < N; n++) {
      const t = Date.now();
      await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: `chain-${n + 1}#1`, requestId: randomUUID(), actor: clerk }] });
      if (n + 1 < N) await opened(n + 1);
      perStep.push(Date.now() - t);
    }
    expect(await handle.result()).toBe(N);
    const total = Date.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    // For a CPU profile of this run (node --cpu-prof): the steps' time window on the profile's clock, in µs.
    if (process.env.GOVFLOW_STEP_COST_WINDOW_FILE) {
      (await import('node:fs')).writeFileSync(process.env.GOVFLOW_STEP_COST_WINDOW_FILE, JSON.stringify({ startUs: Number(windowStart / 1000n), endUs: Number(process.hrtime.bigint() / 1000n) }));
    }
    const sqlPerStep = (sqlOperations - sqlBefore) / N;
    const statementsPerStep = (sqlStatements - statementsBefore) / N;
    const after = await costOf(handle);

    const per = (k: keyof Cost) => (after[k] - before[k]) / N;
    const sorted = [...perStep].sort((a, b) => a - b);
    console.log([
      `step cost over ${N} steps (load ${(await import('node:os')).loadavg()[0].toFixed(2)}):`,
      `  activity tasks/step ${per('activityTasks').toFixed(2)}, workflow tasks/step ${per('workflowTasks').toFixed(2)}, markers/step ${per('markers').toFixed(2)}, events/step ${per('events').toFixed(2)}`,
      `  projection SQL operations/step ${sqlPerStep.toFixed(2)} through Prisma, ${statementsPerStep.toFixed(2)} statements sent to PostgreSQL (BEGIN/COMMIT aside)`,
      `  time/step: mean ${(total / N).toFixed(0)} ms, p50 ${sorted[Math.floor(N / 2)]} ms, max ${sorted[N - 1]} ms`,
      `  worker process CPU/step: ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms (user ${(cpu.user / 1000 / N).toFixed(1)}, system ${(cpu.system / 1000 / N).toFixed(1)})`,
    ].join('\n'));
    // Every step's task row was written and closed.
    const rows = await prisma.task.findMany({ where: { workflowId: handle.workflowId }, select: { status: true } });
    expect(rows.map((r) => r.status)).toEqual(Array(N).fill('COMPLETED'));
    // A new run takes the local projection (LOCAL_PROJECTION_PATCH, decided with every other change by the
    // patch baseline it writes at its start, workflows/patches.ts): no activity task, one workflow task a step.
    expect(after.activityTasks).toBe(0);
    expect(after.workflowTasks - before.workflowTasks).toBe(N);
    const history = await handle.fetchHistory();
    expect(patchMarkers(history.events as never).join()).toContain(PATCH_BASELINE);
    // And its history replays against the same code.
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'step-cost' }, history, handle.workflowId);
  }, 300_000);

  it('a run recorded before the local projection replays through the activity tasks it scheduled (the patch\'s old branch)', async () => {
    // The reports recorded before the change (later recordings of other changes carry the patch's marker).
    const old = loadHistoryFixtures().filter((f) => {
      const markers = patchMarkers((f.history.events ?? []) as never).join();
      return f.workflowType === 'annualReportWorkflow' && !markers.includes(LOCAL_PROJECTION_PATCH) && !markers.includes(PATCH_BASELINE);
    });
    expect(old.map((f) => f.name)).toEqual(expect.arrayContaining(['annual-report-actions-completed', 'annual-report-actions-running', 'annual-report-returns-completed', 'annual-report-returns-running']));
    for (const f of old) {
      const events = f.history.events ?? [];
      expect(events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'closeTask')).toBe(true);
      expect(patchMarkers(events as never).join()).not.toContain(LOCAL_PROJECTION_PATCH);
    }
    const failures = await replayFixtures(await bundleWorkflowCode({ ...workflowBundleOptions(require.resolve('../../workflows')), logger: quiet }), old);
    expect(failures).toEqual([]);
  }, 180_000);
});
