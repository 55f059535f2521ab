/**
 * The step's update validators run inside the workflow: a foreign, stale or malformed action is refused
 * before it enters history, whatever the API did (defence in depth).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { completeTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { eventually, startStack, type TestStack, cancelWorkflows } from '../support/stack';

let stack: TestStack;
const handles: WorkflowHandle[] = [];
let unit: { id: string; name: string };
let clerk: Actor;

beforeAll(async () => {
  stack = await startStack();
  const u = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D010' } });
  unit = { id: u.id, name: u.name };
  const user = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-d010-clerk' } });
  clerk = { userId: user.id, login: user.login, orgUnitId: user.orgUnitId, roles: user.roles };
});

afterAll(async () => {
  await cancelWorkflows(stack.client, handles.map((h) => h.workflowId));
  await stack.stop();
});

async function startWithOpenAssignment() {
  const handle = await stack.client.workflow.start(annualReportWorkflow, {
    workflowId: `test-validators-${randomUUID()}`,
    taskQueue: stack.taskQueue,
    args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2023 }],
  });
  handles.push(handle);
  await eventually(async () => ((await handle.query(stepsQuery)).steps[0]?.opened ? true : undefined), 15_000, 'the assignment step');
  return handle;
}

async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(err.cause).toBeInstanceOf(ApplicationFailure);
  return err.cause as ApplicationFailure;
}

async function acceptedUpdates(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

describe('the human step\'s update validators', () => {
  it('refuse a clerk of another unit with NOT_ASSIGNEE and leave no trace in history', async () => {
    const handle = await startWithOpenAssignment();
    const stranger: Actor = { ...clerk, userId: randomUUID(), orgUnitId: randomUUID() };

    const failure = await refusal(handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: stranger }] }));

    expect(failure.type).toBe('NOT_ASSIGNEE');
    expect(failure.message).toBe('您不是该待办的办理人，无权办理。');
    expect(await acceptedUpdates(handle)).toBe(0);
    expect((await handle.query(stepsQuery)).openStepKey).toBe('assign#1');
  });

  it('refuse a unit head acting on a clerk\'s step with NOT_ASSIGNEE', async () => {
    const handle = await startWithOpenAssignment();
    const head: Actor = { ...clerk, roles: ['UNIT_HEAD'] };
    const failure = await refusal(handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: head }] }));
    expect(failure.type).toBe('NOT_ASSIGNEE');
  });

  it('refuse an action on a step that is not open with TASK_NOT_OPEN', async () => {
    const handle = await startWithOpenAssignment();
    const failure = await refusal(handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'self-check#1', requestId: randomUUID(), actor: clerk }] }));
    expect(failure.type).toBe('TASK_NOT_OPEN');
    expect(await acceptedUpdates(handle)).toBe(0);
  });

  it('refuse a malformed request id and an over-long comment', async () => {
    const handle = await startWithOpenAssignment();
    const badId = await refusal(handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: 'x', actor: clerk }] }));
    const longComment = await refusal(handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: clerk, comment: '意'.repeat(2001) }] }));
    expect(badId.type).toBe('INVALID_REQUEST_ID');
    expect(longComment.type).toBe('INVALID_COMMENT');
    expect(await acceptedUpdates(handle)).toBe(0);
  });

  it('apply the same request id once: the retry gets the first answer and the next step opens once', async () => {
    const handle = await startWithOpenAssignment();
    const requestId = randomUUID();
    const first = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId, actor: clerk }] });
    const retry = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId, actor: clerk }] });

    expect(retry).toEqual(first);
    const state = await eventually(async () => {
      const s = await handle.query(stepsQuery);
      return s.openStepKey === 'self-check#1' ? s : undefined;
    });
    expect(state.steps.map((s) => s.stepKey)).toEqual(['assign#1', 'self-check#1']);
  });

  it('close the open task as CANCELLED when the flow is cancelled', async () => {
    const handle = await startWithOpenAssignment();
    const { firstExecutionRunId } = handle as unknown as { firstExecutionRunId: string };
    await handle.cancel();
    await handle.result().catch(() => undefined);
    const task = await stack.prisma.task.findUniqueOrThrow({ where: { executionId_stepKey: { executionId: firstExecutionRunId, stepKey: 'assign#1' } } });
    expect(task.status).toBe('CANCELLED');
  });
});
