/**
 * The task reconciler against the real stack: a flow terminated through the Temporal client (it runs no
 * more code, so it cannot close its own tasks) has its open rows closed, each with a `task.reconciled`
 * audit row naming the workflow's status, while a running flow's rows are left alone. Run by an
 * administrator through the API and by the worker's timer.
 */
import { randomUUID } from 'node:crypto';
import { createTaskReconciler, startReconcileTimer, type ReconcileReport } from '../../activities/reconciler/taskReconciler';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let admin: ApiSession;
const started: string[] = [];
const synthetic: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
});

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.prisma.task.deleteMany({ where: { id: { in: synthetic } } });
  await stack.stop();
});

/** A unit's report of 2022, its first task open; returns the ids and the open rows. */
async function runningReport(code: string) {
  const res = await admin.post('/api/annual-reports', { orgUnitCode: code, year: 2022 });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  const { workflowId, executionId } = res.body as { workflowId: string; executionId: string };
  const assign = await eventually(() => stack.prisma.task.findFirst({ where: { executionId, stepKey: 'assign#1', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, `assign of ${code}`);
  return { workflowId, executionId, assign, clerk: await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-clerk`) };
}

const openRows = (executionId: string) => stack.prisma.task.findMany({ where: { executionId, status: 'OPEN' }, orderBy: { createdAt: 'asc' } });
const reconciledAudit = (taskIds: string[]) => stack.prisma.auditEvent.findMany({ where: { entityType: 'task', entityId: { in: taskIds }, action: 'task.reconciled' } });
const closedOf = (report: ReconcileReport, executionId: string) => report.closed.filter((c) => c.executionId === executionId);

describe('the task reconciler', () => {
  it('closes every open row of a terminated flow with an audit row, reports them, and leaves a running flow alone', async () => {
    const running = await runningReport('BJ-D051');
    const terminated = await runningReport('BJ-D052');
    // 加签 after: the terminated flow has two open rows, the main task and the added approver's.
    const approver = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-d052-head' } });
    const added = await terminated.clerk.post(`/api/tasks/${terminated.assign.id}/add-approver`, { requestId: randomUUID(), userId: approver.id, position: 'after' });
    expect(added.status).toBe(200);
    const before = await eventually(async () => ((await openRows(terminated.executionId)).length === 2 ? openRows(terminated.executionId) : undefined), 20_000, 'two open rows');
    await stack.client.workflow.getHandle(terminated.workflowId).terminate('test: terminated, not cancelled');

    const dry = await admin.post('/api/admin/reconcile', { dryRun: true });
    expect(dry.status).toBe(200);
    expect(closedOf(dry.body, terminated.executionId).map((c) => c.taskId).sort()).toEqual(before.map((t) => t.id).sort());
    expect(await openRows(terminated.executionId)).toHaveLength(2);

    const res = await admin.post('/api/admin/reconcile', {});

    expect(res.status).toBe(200);
    expect(closedOf(res.body, terminated.executionId)).toEqual(expect.arrayContaining(before.map((t) => expect.objectContaining({ taskId: t.id, workflowId: terminated.workflowId, stepKey: t.stepKey, workflowStatus: 'TERMINATED' }))));
    expect(closedOf(res.body, terminated.executionId)).toHaveLength(2);
    const rows = await stack.prisma.task.findMany({ where: { id: { in: before.map((t) => t.id) } } });
    expect(rows.map((t) => [t.status, t.completedAt instanceof Date])).toEqual([['CANCELLED', true], ['CANCELLED', true]]);
    const audit = await reconciledAudit(before.map((t) => t.id));
    expect(audit.map((a) => ({ login: a.actorLogin, before: a.before, status: (a.after as any).status, workflowStatus: (a.after as any).workflowStatus })))
      .toEqual([0, 1].map(() => ({ login: 'admin', before: { status: 'OPEN' }, status: 'CANCELLED', workflowStatus: 'TERMINATED' })));

    expect(closedOf(res.body, running.executionId)).toEqual([]);
    expect((await openRows(running.executionId)).map((t) => t.id)).toEqual([running.assign.id]);
    expect(await reconciledAudit([running.assign.id])).toEqual([]);
    // The running flow still works: its clerk completes the task.
    const done = await running.clerk.post(`/api/tasks/${running.assign.id}/complete`, { requestId: randomUUID() });
    expect(done.status).toBe(200);

    const again = await admin.post('/api/admin/reconcile', {});
    expect(closedOf(again.body, terminated.executionId)).toEqual([]);
    expect(await reconciledAudit(before.map((t) => t.id))).toHaveLength(2);
  });

  it('closes the rows of an earlier execution when the workflow id already runs a newer one, not the newer one\'s', async () => {
    const first = await runningReport('BJ-D048');
    await stack.client.workflow.getHandle(first.workflowId).terminate('test: replaced by a new run');
    const second = await runningReport('BJ-D048');
    expect(second.workflowId).toBe(first.workflowId);

    const report = await createTaskReconciler({ prisma: stack.prisma, client: stack.client }).reconcile();

    expect(closedOf(report, first.executionId).map((c) => [c.taskId, c.workflowStatus])).toEqual([[first.assign.id, 'TERMINATED']]);
    expect(closedOf(report, second.executionId)).toEqual([]);
    expect((await openRows(second.executionId)).map((t) => t.id)).toEqual([second.assign.id]);
  });

  it('leaves open, and reports as missing, the rows of a workflow Temporal does not know', async () => {
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D050' } });
    const row = await stack.prisma.task.create({
      data: {
        workflowId: `reconciler-test/${randomUUID()}`, executionId: randomUUID(), stepKey: 'x#1', flowKey: 'annual-report', stageKey: 'assign',
        title: '对账测试待办', orgUnitId: unit.id, assigneeRole: 'CLERK', startedAt: new Date(),
      },
    });
    synthetic.push(row.id);

    const report = await createTaskReconciler({ prisma: stack.prisma, client: stack.client }).reconcile({ pageSize: 2 });

    expect(report.missing).toEqual(expect.arrayContaining([{ workflowId: row.workflowId, executionId: row.executionId, openTasks: 1 }]));
    expect(report.closed.map((c) => c.taskId)).not.toContain(row.id);
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('OPEN');
  });

  it('runs on the worker\'s timer: a flow terminated while it runs has its rows closed within an interval', async () => {
    const flow = await runningReport('BJ-D049');
    const timer = startReconcileTimer(createTaskReconciler({ prisma: stack.prisma, client: stack.client }), 300);
    try {
      await new Promise((r) => setTimeout(r, 700));
      expect((await openRows(flow.executionId)).map((t) => t.id)).toEqual([flow.assign.id]);
      await stack.client.workflow.getHandle(flow.workflowId).terminate('test: terminated under the timer');

      await eventually(async () => ((await openRows(flow.executionId)).length === 0 ? true : undefined), 15_000, 'the timer to close the row');
    } finally {
      await timer.stop();
    }
    const audit = await reconciledAudit([flow.assign.id]);
    expect(audit.map((a) => [a.actorLogin, (a.after as any).workflowStatus])).toEqual([[null, 'TERMINATED']]);
  });
});
