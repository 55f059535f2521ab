/**
 * Proof that the Temporal time-skipping test server built by scripts/build-temporal-test-server.sh works
 * with this SDK: a 30-day timer and a 10-day condition finish in wall-clock seconds, and Updates with
 * validators (which GovFlow's human steps rely on) are accepted and refused as on the real server.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { limited, setLimitUpdate, sleepy, waitForWake, wakeSignal } from './fixtures/sleepy';

const DAY_MS = 24 * 60 * 60 * 1000;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `time-skipping-${randomUUID()}`;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (_err) {
    // Another file in this jest process already installed the runtime.
  }
  env = await createTimeSkippingEnv();
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('./fixtures/sleepy') });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
});

const id = (name: string) => `${name}-${randomUUID()}`;

describe('the Temporal time-skipping test server', () => {
  it('is a time-skipping environment', () => {
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it('skips a 30-day sleep in seconds of wall time', async () => {
    const serverStart = await env.currentTimeMs();
    const wallStart = Date.now();

    const result = await env.client.workflow.execute(sleepy, { workflowId: id('sleepy'), taskQueue });

    expect(result).toBe('woke');
    expect(Date.now() - wallStart).toBeLessThan(5_000);
    expect((await env.currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(30 * DAY_MS);
  });

  it('lets a signal end a 10-day condition early, cancelling its timer', async () => {
    const handle = await env.client.workflow.start(waitForWake, { workflowId: id('wake'), taskQueue });
    await handle.signal(wakeSignal);

    expect(await handle.result()).toBe('signalled');
    // Judged by the workflow's own history: the test server's clock may still jump to the cancelled
    // timer's deadline afterwards (it keeps cancelled timers queued), so env.currentTimeMs() says nothing here.
    const events = (await handle.fetchHistory()).events ?? [];
    const at = (e: (typeof events)[number]) => Number(e.eventTime?.seconds ?? 0) * 1000;
    expect(events.some((e) => e.timerCanceledEventAttributes)).toBe(true);
    expect(events.some((e) => e.timerFiredEventAttributes)).toBe(false);
    expect(at(events[events.length - 1]) - at(events[0])).toBeLessThan(DAY_MS);
  });

  it('times a 10-day condition out when no signal comes', async () => {
    const serverStart = await env.currentTimeMs();
    const wallStart = Date.now();

    expect(await env.client.workflow.execute(waitForWake, { workflowId: id('wake'), taskQueue })).toBe('timed out');

    expect(Date.now() - wallStart).toBeLessThan(5_000);
    expect((await env.currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(10 * DAY_MS);
  });

  it('skips time manually with env.sleep', async () => {
    const before = await env.currentTimeMs();
    await env.sleep('3 days');
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(3 * DAY_MS);
  });

  it('runs updates through their validators: accepts, refuses without a trace in history, completes', async () => {
    const handle = await env.client.workflow.start(limited, { workflowId: id('limited'), taskQueue });

    expect(await handle.executeUpdate(setLimitUpdate, { args: [5] })).toBe(0);

    const refused = await handle.executeUpdate(setLimitUpdate, { args: [-1] }).then(() => undefined, (e) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refused.cause).toBeInstanceOf(ApplicationFailure);
    expect((refused.cause as ApplicationFailure).type).toBe('NEGATIVE_LIMIT');

    expect(await handle.executeUpdate(setLimitUpdate, { args: [12] })).toBe(5);
    expect(await handle.result()).toBe(12);

    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(2);
    expect(events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(2);
  });

  it('times the update-driven wait out after 7 skipped days when no update comes', async () => {
    const serverStart = await env.currentTimeMs();
    expect(await env.client.workflow.execute(limited, { workflowId: id('limited'), taskQueue })).toBe(-1);
    expect((await env.currentTimeMs()) - serverStart).toBeGreaterThanOrEqual(7 * DAY_MS);
  });
});
