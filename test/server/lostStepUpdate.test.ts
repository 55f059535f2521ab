/**
 * Issue 13: a step's completion whose workflow task timed out after its local activity had projected it
 * (task row COMPLETED, audit row with the request id) is dropped by Temporal, so PostgreSQL says done while
 * the workflow still waits. The test writes exactly what closeTask (activities/tasks/taskSql.ts) writes,
 * without sending the update, then checks that the clerk's retry and the reconciler both repair it.
 */
import { randomUUID } from 'node:crypto';
import { createTaskReconciler } from '../../activities/reconciler/taskReconciler';
import { createTaskProjection } from '../../activities/tasks/taskProjection';
import { completeTaskUpdate, stepsQuery } from '../../workflows/humanStep/messages';
import { FLOW_WORKFLOW_TASK_TIMEOUT } from '../../domain/step';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let admin: ApiSession;
const started: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
});

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

async function reportWithOpenAssign(code: string) {
  const res = await admin.post('/api/annual-reports', { orgUnitCode: code, year: 2021 });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  const { workflowId, executionId } = res.body as { workflowId: string; executionId: string };
  const assign = await eventually(() => stack.prisma.task.findFirst({ where: { executionId, stepKey: 'assign#1', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, `assign of ${code}`);
  const clerkLogin = `${code.toLowerCase()}-clerk`;
  return { workflowId, executionId, assign, clerkLogin, clerk: await ApiSession.login(stack.baseUrl, clerkLogin) };
}

/** What the completion's local activity writes (closeTask) when its workflow task then times out. */
async function projectLostCompletion(r: Awaited<ReturnType<typeof reportWithOpenAssign>>, requestId: string) {
  const clerk = await stack.prisma.user.findUniqueOrThrow({ where: { login: r.clerkLogin } });
  const at = new Date();
  await stack.prisma.task.update({ where: { id: r.assign.id }, data: { status: 'COMPLETED', completedAt: at, completedById: clerk.id, comment: null, nextRungAt: null, waitingFor: null } });
  await stack.prisma.auditEvent.create({
    data: {
      action: 'task.completed', entityType: 'task', entityId: r.assign.id, workflowId: r.workflowId, actorId: clerk.id, actorLogin: clerk.login,
      requestId, before: { status: 'OPEN' }, after: { status: 'COMPLETED', comment: null, result: null, completedAt: at.toISOString() },
      dedupeKey: `${r.executionId}/${r.assign.stepKey}/closed`,
    },
  });
}

const assignInWorkflow = async (workflowId: string) => {
  const state = await stack.client.workflow.getHandle(workflowId).query(stepsQuery);
  return state.steps.find((s) => s.stepKey === 'assign#1')!;
};

describe('a step completion lost after its projection (issue 13)', () => {
  it('when the clerk retries with the same request id, the workflow gets the completion and the next stage opens', async () => {
    const r = await reportWithOpenAssign('BJ-D047');
    // Started with the longer workflow task timeout (FLOW_WORKFLOW_TASK_TIMEOUT), which makes the loss rarer.
    const described = await stack.client.workflow.getHandle(r.workflowId).describe();
    const seconds = Number(described.raw.executionConfig?.defaultWorkflowTaskTimeout?.seconds);
    expect(`${seconds}s`).toBe(FLOW_WORKFLOW_TASK_TIMEOUT);
    expect(seconds).toBeGreaterThan(10);
    const requestId = randomUUID();
    await projectLostCompletion(r, requestId);
    expect((await assignInWorkflow(r.workflowId)).status).toBe('OPEN');

    const res = await r.clerk.post(`/api/tasks/${r.assign.id}/complete`, { requestId });

    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('COMPLETED');
    expect((await assignInWorkflow(r.workflowId)).status).toBe('COMPLETED');
    await eventually(() => stack.prisma.task.findFirst({ where: { executionId: r.executionId, stepKey: 'self-check#1', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'self-check to open');
    // The completion is audited once, by the request that made it.
    expect(await stack.prisma.auditEvent.count({ where: { entityType: 'task', entityId: r.assign.id, action: 'task.completed' } })).toBe(1);
  });

  it('when nobody retries, the reconciler reopens the row the workflow still holds open, audited, back in the inbox', async () => {
    const r = await reportWithOpenAssign('BJ-D046');
    await projectLostCompletion(r, randomUUID());

    const report = await createTaskReconciler({ prisma: stack.prisma, client: stack.client }).reconcile({ graceMs: 0 });

    expect(report.reopened.filter((t) => t.executionId === r.executionId).map((t) => t.taskId)).toEqual([r.assign.id]);
    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: r.assign.id } });
    expect([row.status, row.completedAt, row.completedById]).toEqual(['OPEN', null, null]);
    const audit = await stack.prisma.auditEvent.findMany({ where: { entityType: 'task', entityId: r.assign.id, action: 'task.reconciled' } });
    expect(audit.map((a) => [a.before, (a.after as any).status, (a.after as any).reason])).toEqual([[{ status: 'COMPLETED' }, 'OPEN', 'WORKFLOW_STILL_OPEN']]);
    // It is in the clerk's inbox again and completing it moves the flow on.
    const inbox = await r.clerk.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'OPEN' }))}&range=${encodeURIComponent('[0,99]')}`);
    expect(inbox.body.map((t: any) => t.id)).toContain(r.assign.id);
    expect((await r.clerk.post(`/api/tasks/${r.assign.id}/complete`, { requestId: randomUUID() })).status).toBe(200);
    await eventually(() => stack.prisma.task.findFirst({ where: { executionId: r.executionId, stepKey: 'self-check#1', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'self-check to open');
    // The real completion is audited too, after the lost one and the reopening.
    expect((await stack.prisma.auditEvent.findMany({ where: { entityType: 'task', entityId: r.assign.id }, orderBy: { at: 'asc' } })).map((a) => a.action).slice(-3))
      .toEqual(['task.completed', 'task.reconciled', 'task.completed']);

    const again = await createTaskReconciler({ prisma: stack.prisma, client: stack.client }).reconcile({ graceMs: 0 });
    expect(again.reopened.filter((t) => t.executionId === r.executionId)).toEqual([]);
  });
});

/**
 * The race the chaos suite saw once in 100 (complete‖withdraw answered 403): two clerks complete the same
 * step at once; the workflow task that accepted the first one times out after its local activity projected
 * the row, Temporal re-admits both updates (its internal retries, in whichever order they come back) and
 * the workflow applies the second. The row must then say what the workflow says.
 */
describe('two completions of one step, the first projected but lost with its workflow task (issue 13)', () => {
  it('when the workflow applies the colleague\'s completion instead, the row, the audit and the withdraw follow the workflow', async () => {
    const r = await reportWithOpenAssign('BJ-D045');
    const first = await stack.prisma.user.findUniqueOrThrow({ where: { login: r.clerkLogin } });
    const second = await stack.prisma.user.upsert({
      where: { login: `${r.clerkLogin}-2` },
      update: {},
      create: { login: `${r.clerkLogin}-2`, displayName: '第二经办人', orgUnitId: first.orgUnitId, roles: first.roles, passwordHash: first.passwordHash },
    });
    const actor = (u: typeof first) => ({ userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles });
    const lostRequest = randomUUID();
    // What the first completion's local activity wrote before its workflow task timed out.
    await createTaskProjection(stack.prisma).closeTask({
      workflowId: r.workflowId, executionId: r.executionId, stepKey: 'assign#1', status: 'COMPLETED', actor: actor(first),
      comment: '第一人', result: null, at: new Date().toISOString(), requestId: lostRequest,
    });
    // The colleague's completion, past the API's checks before the row closed, is the one the workflow applies.
    const appliedRequest = randomUUID();
    await stack.client.workflow.getHandle(r.workflowId).executeUpdate(completeTaskUpdate, {
      args: [{ taskKey: 'assign#1', requestId: appliedRequest, actor: actor(second), comment: '第二人' }],
    });
    expect((await assignInWorkflow(r.workflowId)).completedBy).toBe(second.id);

    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: r.assign.id } });
    expect([row.status, row.completedById, row.comment]).toEqual(['COMPLETED', second.id, '第二人']);
    const closings = await stack.prisma.auditEvent.findMany({ where: { entityType: 'task', entityId: r.assign.id, action: 'task.completed' }, orderBy: { id: 'asc' } });
    expect(closings.map((a) => [a.requestId, a.actorId])).toEqual([[lostRequest, first.id], [appliedRequest, second.id]]);
    expect((closings[1].after as any).supersedes).toEqual({ requestId: lostRequest, status: 'COMPLETED', completedById: first.id });

    // The first clerk's retry learns the step was done by someone else; it is not told its own completion counted.
    const retry = await r.clerk.post(`/api/tasks/${r.assign.id}/complete`, { requestId: lostRequest });
    expect([retry.status, retry.body.error?.code]).toEqual([409, 'TASK_NOT_OPEN']);
    // Who submitted, per the row, may withdraw (the chaos driver picks the withdrawer from the row).
    await eventually(() => stack.prisma.task.findFirst({ where: { executionId: r.executionId, stepKey: 'self-check#1', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'self-check to open');
    const submitter = await ApiSession.login(stack.baseUrl, second.login);
    const withdraw = await submitter.post(`/api/tasks/${r.assign.id}/withdraw`, { requestId: randomUUID(), comment: '撤回' });
    expect(withdraw.body.error).toBeUndefined();
    expect(withdraw.status).toBe(200);
  });
});

