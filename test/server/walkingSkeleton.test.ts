/**
 * The walking skeleton: a human task travels from the API through a real Temporal workflow into
 * PostgreSQL and back, against the real test database and Temporal server.
 */
import { randomUUID } from 'node:crypto';
import { createWorkingCalendar } from '../../domain/calendar';
import { ApiSession, eventually, startStack, type TestStack, cancelWorkflows } from '../support/stack';

let stack: TestStack;
let admin: ApiSession;
let clerk: ApiSession;
const started: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  clerk = await ApiSession.login(stack.baseUrl, 'fgw-clerk');
});

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

async function startReport(unitCode: string, year: number) {
  const res = await admin.post('/api/annual-reports', { orgUnitCode: unitCode, year });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  return { workflowId: res.body.workflowId as string, executionId: res.body.executionId as string };
}

/** Tasks of this execution only: a workflow id may have been used by an earlier, closed run. */
async function openTaskOf(session: ApiSession, { workflowId, executionId }: { workflowId: string; executionId: string }, stageKey: string) {
  return eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId, stageKey, status: 'OPEN' }));
    const res = await session.get(`/api/tasks?filter=${filter}`);
    const mine = res.status === 200 ? res.body.filter((t: any) => t.executionId === executionId) : [];
    return mine.length === 1 ? mine[0] : undefined;
  }, 20_000, `an open ${stageKey} task of ${workflowId}`);
}

describe('an annual report started through the API', () => {
  it('puts an assignment task in the unit clerk\'s inbox with a deadline two working days after it started', async () => {
    const run = await startReport('BJ-D001', 2021);
    const task = await openTaskOf(clerk, run, 'assign');

    expect(task).toMatchObject({ flowKey: 'annual-report', stageKey: 'assign', round: 1, status: 'OPEN', orgUnit: { code: 'BJ-D001' } });
    expect(task.title).toContain('任务分派');
    const expected = createWorkingCalendar().deadlineAfter(new Date(task.startedAt), 2);
    expect(new Date(task.deadlineAt).toISOString()).toBe(expected.toISOString());
  });

  it('advances to self-check when the clerk completes the assignment, and the task table agrees with the workflow', async () => {
    const run = await startReport('BJ-D002', 2021);
    const d2clerk = await ApiSession.login(stack.baseUrl, 'bj-d002-clerk');
    const assign = await openTaskOf(d2clerk, run, 'assign');

    const done = await d2clerk.post(`/api/tasks/${assign.id}/complete`, { requestId: randomUUID(), comment: '已接收，开始自查' });

    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: assign.id, status: 'COMPLETED', comment: '已接收，开始自查' });
    const selfCheck = await openTaskOf(d2clerk, run, 'self-check');
    // The row is written before the workflow records the activity's answer: wait until both have it.
    const state = await eventually(async () => {
      const res = await d2clerk.get(`/api/annual-reports/2021/BJ-D002/state`);
      return res.status === 200 && res.body.steps.every((s: any) => s.opened) ? res : undefined;
    });
    const rows = await stack.prisma.task.findMany({ where: { executionId: run.executionId }, orderBy: { startedAt: 'asc' } });
    expect(state.body.openStepKey).toBe('self-check#1');
    expect(state.body.steps.map((s: any) => [s.stepKey, s.status, s.assignments[0].taskId])).toEqual(rows.map((r) => [r.stepKey, r.status, r.id]));
    expect(selfCheck.id).toBe(rows[1].id);
  });

  it('completes the task once when the same request is sent twice', async () => {
    const run = await startReport('BJ-D003', 2021);
    const d3clerk = await ApiSession.login(stack.baseUrl, 'bj-d003-clerk');
    const assign = await openTaskOf(d3clerk, run, 'assign');
    const requestId = randomUUID();

    const [first, second] = await Promise.all([
      d3clerk.post(`/api/tasks/${assign.id}/complete`, { requestId }),
      d3clerk.post(`/api/tasks/${assign.id}/complete`, { requestId }),
    ]);
    const third = await d3clerk.post(`/api/tasks/${assign.id}/complete`, { requestId });

    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    await openTaskOf(d3clerk, run, 'self-check');
    const completions = await stack.prisma.auditEvent.count({ where: { entityId: assign.id, action: 'task.completed' } });
    expect(completions).toBe(1);
    expect(await stack.prisma.task.count({ where: { executionId: run.executionId } })).toBe(2);
  });

  it('is refused with 409 when started twice for the same unit and year', async () => {
    await startReport('BJ-D004', 2021);
    const again = await admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D004', year: 2021 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_STARTED');
  });

  it('is invisible to a clerk of another unit, who can neither see nor complete its task', async () => {
    const run = await startReport('BJ-D005', 2021);
    const owner = await ApiSession.login(stack.baseUrl, 'bj-d005-clerk');
    const task = await openTaskOf(owner, run, 'assign');
    const stranger = await ApiSession.login(stack.baseUrl, 'street-clerk');

    const seen = await stranger.get(`/api/tasks/${task.id}`);
    const acted = await stranger.post(`/api/tasks/${task.id}/complete`, { requestId: randomUUID() });
    const listed = await stranger.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ workflowId: run.workflowId }))}`);

    expect(seen.status).toBe(404);
    expect(acted.status).toBe(404);
    expect(listed.body).toEqual([]);
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');
  });
});
