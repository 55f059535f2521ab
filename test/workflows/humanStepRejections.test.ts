/**
 * Every refusal of the human step's validators, one row each: the action is refused with its stable code
 * before it enters history, and the step is unchanged.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { annualReportWorkflow } from '../../workflows/annualReport';
import {
  addApproverUpdate, ccTaskUpdate, claimTaskUpdate, completeTaskUpdate, extendDeadlineUpdate, pauseClockUpdate,
  rescheduleUpdate, resumeClockUpdate, returnTaskUpdate, stepsQuery, transferTaskUpdate, withdrawUpdate,
} from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { eventually, startStack, type TestStack, cancelWorkflows } from '../support/stack';

let stack: TestStack;
let handle: WorkflowHandle;
let clerk: Actor;
let head: Actor;
let supervisor: Actor;

const actorOf = (u: { id: string; login: string; orgUnitId: string; roles: Actor['roles'] }): Actor => ({ userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles });

beforeAll(async () => {
  stack = await startStack();
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D045' } });
  clerk = actorOf(await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-d045-clerk' } }));
  head = actorOf(await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-d045-head' } }));
  supervisor = actorOf(await stack.prisma.user.findUniqueOrThrow({ where: { login: 'supervisor' } }));
  handle = await stack.client.workflow.start(annualReportWorkflow, {
    workflowId: `test-rejections-${randomUUID()}`, taskQueue: stack.taskQueue, args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2023 }],
  });
  await eventually(async () => ((await handle.query(stepsQuery)).steps[0]?.opened ? true : undefined));
});

afterAll(async () => {
  await cancelWorkflows(stack.client, [handle.workflowId]);
  await stack.stop();
});

const rid = () => randomUUID();
const base = () => ({ taskKey: 'assign#1', requestId: rid(), actor: clerk });

const cases: Array<[string, string, () => Promise<unknown>]> = [
  ['a request id that is not one', 'INVALID_REQUEST_ID', () => handle.executeUpdate(completeTaskUpdate, { args: [{ ...base(), requestId: 'short' }] })],
  ['a task that is not open', 'TASK_NOT_OPEN', () => handle.executeUpdate(completeTaskUpdate, { args: [{ ...base(), taskKey: 'sign-off#1' }] })],
  ['a user of another role', 'NOT_ASSIGNEE', () => handle.executeUpdate(completeTaskUpdate, { args: [{ ...base(), actor: head }] })],
  ['a comment over 2000 characters', 'INVALID_COMMENT', () => handle.executeUpdate(completeTaskUpdate, { args: [{ ...base(), comment: '长'.repeat(2001) }] })],
  ['a result that is not an object', 'INVALID_RESULT', () => handle.executeUpdate(completeTaskUpdate, { args: [{ ...base(), result: [] as unknown as Record<string, unknown> }] })],
  ['a return to a stage that has not run', 'INVALID_RETURN_TARGET', () => handle.executeUpdate(returnTaskUpdate, { args: [{ ...base(), toStageKey: 'self-check', reasonCode: 'x', comment: '退回' }] })],
  ['a transfer to another role', 'INVALID_TRANSFER_TARGET', () => handle.executeUpdate(transferTaskUpdate, { args: [{ ...base(), toUser: head }] })],
  ['a transfer to oneself', 'INVALID_TRANSFER_TARGET', () => handle.executeUpdate(transferTaskUpdate, { args: [{ ...base(), toUser: clerk }] })],
  ['an approver position that is neither before nor after', 'INVALID_POSITION', () => handle.executeUpdate(addApproverUpdate, { args: [{ ...base(), approver: head, position: 'beside' as 'before' }] })],
  ['oneself as approver', 'INVALID_APPROVER', () => handle.executeUpdate(addApproverUpdate, { args: [{ ...base(), approver: clerk, position: 'after' }] })],
  ['an empty cc list', 'INVALID_CC', () => handle.executeUpdate(ccTaskUpdate, { args: [{ ...base(), userIds: [] }] })],
  ['a withdrawal by someone who submitted nothing', 'NOT_SUBMITTER', () => handle.executeUpdate(withdrawUpdate, { args: [{ requestId: rid(), actor: clerk }] })],
  ['an extension asked by a clerk', 'NOT_SUPERVISOR', () => handle.executeUpdate(extendDeadlineUpdate, { args: [{ ...base(), workingDays: 3, reason: '需要' }] })],
  ['an extension of 0 working days', 'INVALID_EXTENSION', () => handle.executeUpdate(extendDeadlineUpdate, { args: [{ ...base(), actor: supervisor, workingDays: 0, reason: '需要' }] })],
  ['an extension without a reason', 'COMMENT_REQUIRED', () => handle.executeUpdate(extendDeadlineUpdate, { args: [{ ...base(), actor: supervisor, workingDays: 2, reason: ' ' }] })],
  ['a resume of a clock that is running', 'NOT_PAUSED', () => handle.executeUpdate(resumeClockUpdate, { args: [{ ...base(), actor: supervisor }] })],
  ['a pause without a reason', 'COMMENT_REQUIRED', () => handle.executeUpdate(pauseClockUpdate, { args: [{ ...base(), actor: supervisor, reason: '' }] })],
  ['a reschedule by a supervisor', 'NOT_ADMIN', () => handle.executeUpdate(rescheduleUpdate, { args: [{ taskKey: 'assign#1', requestId: rid(), actor: supervisor, reason: 'x' }] })],
];

describe('the human step refuses', () => {
  it.each(cases)('%s with %s, leaving no trace in history', async (_what, code, act) => {
    const err = await act().then(() => undefined, (e) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err.cause as ApplicationFailure).type).toBe(code);
    expect((err.cause as ApplicationFailure).message).toMatch(/[\u4e00-\u9fff]/);
    const history = await handle.fetchHistory();
    expect((history.events ?? []).some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  });

  it('a second claim: another clerk with NOT_ASSIGNEE, the holder with ALREADY_CLAIMED', async () => {
    await handle.executeUpdate(claimTaskUpdate, { args: [{ ...base() }] });
    const other: Actor = { ...clerk, userId: randomUUID(), login: 'other-clerk' };
    const err = await handle.executeUpdate(claimTaskUpdate, { args: [{ ...base(), actor: other }] }).then(() => undefined, (e) => e);
    expect((err.cause as ApplicationFailure).type).toBe('NOT_ASSIGNEE');
    const again = await handle.executeUpdate(claimTaskUpdate, { args: [{ ...base() }] }).then(() => undefined, (e) => e);
    expect((again.cause as ApplicationFailure).type).toBe('ALREADY_CLAIMED');
  });
});
