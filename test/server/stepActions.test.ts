/**
 * The human step's actions through the API against the real stack: return (退回), transfer (转交), claim,
 * add approver (加签), cc (抄送), withdraw (撤回), supervisors' reminders (催办) and moving deadlines.
 */
import { randomUUID } from 'node:crypto';
import { createWorkingCalendar } from '../../domain/calendar';
import { hashPassword } from '../../server/passwords';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { ApiSession, eventually, startStack, type TestStack, cancelWorkflows } from '../support/stack';

let stack: TestStack;
let admin: ApiSession;
let supervisor: ApiSession;
const started: string[] = [];
const used = new Set<string>();

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
});

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

/** A report for a district department not used yet in this file, with its clerk and head signed in. */
async function newReport(district = 'BJ-Q0') {
  const units = await stack.prisma.orgUnit.findMany({ where: { kind: 'DISTRICT_DEPARTMENT', code: { startsWith: district } }, orderBy: { code: 'asc' }, select: { code: true } });
  const code = units.map((u) => u.code).find((c) => !used.has(c))!;
  used.add(code);
  const res = await admin.post('/api/annual-reports', { orgUnitCode: code, year: 2025 });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  const clerk = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-clerk`);
  const head = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-head`);
  return { code, executionId: res.body.executionId as string, workflowId: res.body.workflowId as string, clerk, head };
}

async function openTask(session: ApiSession, executionId: string, stepKey: string) {
  return eventually(async () => {
    const res = await session.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'OPEN' }))}&range=${encodeURIComponent('[0,99]')}`);
    return res.body.find?.((t: any) => t.executionId === executionId && t.stepKey === stepKey);
  }, 20_000, `open task ${stepKey}`);
}

async function act(session: ApiSession, taskId: string, action: string, body: Record<string, unknown> = {}) {
  return session.post(`/api/tasks/${taskId}/${action}`, { requestId: randomUUID(), ...body });
}

/** A second clerk in the unit, for transfer and claim. */
async function colleague(code: string) {
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  const login = `${code.toLowerCase()}-clerk2-${randomUUID().slice(0, 6)}`;
  const user = await stack.prisma.user.create({ data: { login, displayName: '第二经办人', orgUnitId: unit.id, roles: ['CLERK'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  return { user, session: await ApiSession.login(stack.baseUrl, login) };
}

async function toSignOff(r: Awaited<ReturnType<typeof newReport>>) {
  const assign = await openTask(r.clerk, r.executionId, 'assign#1');
  expect((await act(r.clerk, assign.id, 'complete')).status).toBe(200);
  const selfCheck = await openTask(r.clerk, r.executionId, 'self-check#1');
  expect((await act(r.clerk, selfCheck.id, 'complete', { result: { report: longgang2024() } })).status).toBe(200);
  return { selfCheck, signOff: await openTask(r.head, r.executionId, 'sign-off#1') };
}

describe('returning a step (退回)', () => {
  it('sends the report back to self-check in round 2, showing the head\'s reason to the clerk', async () => {
    const r = await newReport();
    const { signOff } = await toSignOff(r);

    const res = await act(r.head, signOff.id, 'return', { toStageKey: 'self-check', reasonCode: 'table-error', comment: '表三第一列合计不平，请核对' });

    expect(res.body.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('RETURNED');
    const again = await openTask(r.clerk, r.executionId, 'self-check#2');
    expect(again.round).toBe(2);
    expect(again.returnedWith).toMatchObject({ fromStageKey: 'sign-off', reasonCode: 'table-error', comment: '表三第一列合计不平，请核对', kind: 'returned' });
  });

  it('refuses a return to a stage that has not run, and one without a reason, changing nothing', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');
    await act(r.clerk, assign.id, 'complete');
    const selfCheck = await openTask(r.clerk, r.executionId, 'self-check#1');

    const forward = await act(r.clerk, selfCheck.id, 'return', { toStageKey: 'sign-off', reasonCode: 'x', comment: '退' });
    const noReason = await act(r.clerk, selfCheck.id, 'return', { toStageKey: 'assign', reasonCode: 'x', comment: '' });

    expect([forward.status, forward.body.error.code]).toEqual([400, 'INVALID_RETURN_TARGET']);
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await r.clerk.get(`/api/tasks/${selfCheck.id}`)).body.status).toBe('OPEN');
  });
});

describe('transfer, claim, add approver and cc', () => {
  it('transfers a task to a colleague of the same unit, who alone may then complete it', async () => {
    const r = await newReport();
    const other = await colleague(r.code);
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');

    const moved = await act(r.clerk, assign.id, 'transfer', { toUserId: other.user.id, comment: '请你负责' });
    const byOriginal = await act(r.clerk, assign.id, 'complete');
    const byColleague = await act(other.session, assign.id, 'complete');

    expect(moved.body.assigneeUserId).toBe(other.user.id);
    expect([byOriginal.status, byOriginal.body.error.code]).toEqual([403, 'NOT_ASSIGNEE']);
    expect(byColleague.status).toBe(200);
    const unread = await eventually(async () => {
      const n = await other.session.get('/api/notifications');
      return n.body.find?.((x: any) => x.kind === 'assigned' && x.taskId === assign.id);
    });
    expect(unread.subject).toContain('转交');
  });

  it('lists the colleagues a task can be transferred to: same unit and role, not the caller', async () => {
    const r = await newReport();
    // Arrange: the unit's only second clerk is this one (earlier runs' colleagues retired).
    await stack.prisma.user.updateMany({ where: { login: { startsWith: `${r.code.toLowerCase()}-clerk2-` } }, data: { active: false } });
    const other = await colleague(r.code);
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');

    const res = await r.clerk.get(`/api/tasks/${assign.id}/colleagues`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: other.user.id, displayName: '第二经办人', login: other.user.login }]);
  });

  it('refuses a transfer to a user of another unit', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');
    const stranger = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'fgw-clerk' } });
    const res = await act(r.clerk, assign.id, 'transfer', { toUserId: stranger.id });
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_TRANSFER_TARGET']);
  });

  it('lets one clerk claim a group task, after which another clerk of the unit cannot complete it', async () => {
    const r = await newReport();
    const other = await colleague(r.code);
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');

    expect((await act(other.session, assign.id, 'claim')).status).toBe(200);
    const res = await act(r.clerk, assign.id, 'complete');
    expect([res.status, res.body.error.code]).toEqual([403, 'NOT_ASSIGNEE']);
  });

  it('with an approver added before, the assignee must wait; the approver completes and then the assignee can', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');
    const headUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: `${r.code.toLowerCase()}-head` } });

    expect((await act(r.clerk, assign.id, 'add-approver', { userId: headUser.id, position: 'before', comment: '请领导先阅' })).status).toBe(200);
    const early = await act(r.clerk, assign.id, 'complete');
    const approverTask = await openTask(r.head, r.executionId, 'assign#1+1');
    expect((await act(r.head, approverTask.id, 'complete', { comment: '同意' })).status).toBe(200);
    const now = await act(r.clerk, assign.id, 'complete');

    expect([early.status, early.body.error.code]).toEqual([409, 'WAITING_FOR_APPROVER']);
    expect(approverTask.position).toBe('before');
    expect(now.status).toBe(200);
    await openTask(r.clerk, r.executionId, 'self-check#1');
  });

  it('with an approver added after, the step moves on only when the approver has also completed', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');
    const headUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: `${r.code.toLowerCase()}-head` } });

    await act(r.clerk, assign.id, 'add-approver', { userId: headUser.id, position: 'after' });
    await act(r.clerk, assign.id, 'complete');
    const approverTask = await openTask(r.head, r.executionId, 'assign#1+1');
    const stillNoSelfCheck = await stack.prisma.task.count({ where: { executionId: r.executionId, stageKey: 'self-check' } });
    await act(r.head, approverTask.id, 'complete');

    expect(stillNoSelfCheck).toBe(0);
    await openTask(r.clerk, r.executionId, 'self-check#1');
  });

  it('copies (抄送) people who are only notified', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');
    const reader = await ApiSession.login(stack.baseUrl, 'dc-supervisor');
    const readerUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'dc-supervisor' } });

    expect((await act(r.clerk, assign.id, 'cc', { userIds: [readerUser.id], comment: '请知悉' })).status).toBe(200);

    const note = await eventually(async () => (await reader.get('/api/notifications')).body.find?.((n: any) => n.kind === 'cc' && n.taskId === assign.id));
    expect(note.subject).toContain('抄送');
    expect((await reader.get('/api/notifications/unread-count')).body.count).toBeGreaterThan(0);
  });
});

describe('withdrawing a submission (撤回)', () => {
  it('reopens self-check for its submitter while sign-off has not acted, and is refused once the head has acted', async () => {
    const r = await newReport();
    const { selfCheck, signOff } = await toSignOff(r);

    const res = await act(r.clerk, selfCheck.id, 'withdraw', { comment: '发现错别字' });
    expect(res.status).toBe(200);
    const reopened = await openTask(r.clerk, r.executionId, 'self-check#2');
    expect(reopened.returnedWith).toMatchObject({ kind: 'withdrawn' });
    expect((await r.head.get(`/api/tasks/${signOff.id}`)).body.status).toBe('WITHDRAWN');

    expect((await act(r.clerk, reopened.id, 'complete', { result: { report: longgang2024() } })).status).toBe(200);
    const signOff2 = await openTask(r.head, r.executionId, 'sign-off#2');
    await act(r.head, signOff2.id, 'claim');
    const late = await act(r.clerk, reopened.id, 'withdraw');
    expect([late.status, late.body.error.code]).toEqual([409, 'ALREADY_ACTED']);
  });
});

describe('supervisors\' reminders (催办)', () => {
  it('reminds a task once an hour: the second reminder is refused, the first is visible on the task', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');

    const first = await supervisor.post(`/api/tasks/${assign.id}/remind`, { message: '请于今日内完成' });
    const second = await supervisor.post(`/api/tasks/${assign.id}/remind`, {});
    const byClerk = await r.clerk.post(`/api/tasks/${assign.id}/remind`, {});

    expect(first.status).toBe(200);
    expect([second.status, second.body.error.code]).toEqual([409, 'REMINDED_RECENTLY']);
    expect([byClerk.status, byClerk.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const history = await r.clerk.get(`/api/tasks/${assign.id}/history`);
    expect(history.body.reminders.map((x: any) => [x.kind, x.message, x.actorLogin])).toEqual([['manual', '请于今日内完成', 'supervisor']]);
    await eventually(async () => (await r.clerk.get('/api/notifications')).body.find?.((n: any) => n.kind === 'manual-reminder' && n.taskId === assign.id));
  });

  it('reminds every overdue task under a district in bulk after a preview, skipping those reminded within the hour', async () => {
    const a = await newReport('BJ-Q12');
    const b = await newReport('BJ-Q12');
    const ta = await openTask(a.clerk, a.executionId, 'assign#1');
    const tb = await openTask(b.clerk, b.executionId, 'assign#1');
    // Arrange: both deadlines passed yesterday.
    await stack.prisma.task.updateMany({ where: { id: { in: [ta.id, tb.id] } }, data: { deadlineAt: new Date(Date.now() - 86_400_000) } });
    await supervisor.post(`/api/tasks/${tb.id}/remind`, {});
    const district = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q12' } });
    const filter = { orgUnitId: district.id, flowKey: 'annual-report', stageKey: 'assign' };

    const preview = await supervisor.post('/api/reminders/bulk', { ...filter, preview: true });
    const sent = await supervisor.post('/api/reminders/bulk', filter);

    expect(preview.body).toMatchObject({ reminded: 0 });
    expect(preview.body.toRemind).toBe(sent.body.reminded);
    expect(preview.body.skippedRecentlyReminded).toBeGreaterThanOrEqual(1);
    expect(await stack.prisma.reminder.count({ where: { taskId: ta.id, kind: 'manual' } })).toBe(1);
    expect(await stack.prisma.reminder.count({ where: { taskId: tb.id, kind: 'manual' } })).toBe(1);
    const again = await supervisor.post('/api/reminders/bulk', filter);
    expect(again.body.reminded).toBe(0);
  });
});

describe('moving deadlines', () => {
  it('applies a stage\'s new deadline to running steps when the administrator asks, after previewing how many', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');
    const stage = (await admin.get('/api/stages')).body.find((s: any) => s.flowKey === 'annual-report' && s.key === 'assign');

    const preview = await admin.get(`/api/stages/${stage.id}/running`);
    const res = await admin.request('PUT', `/api/stages/${stage.id}`, { workingDays: 7, applyToRunning: true });
    await admin.request('PUT', `/api/stages/${stage.id}`, { workingDays: stage.workingDays });

    expect(preview.body.running).toBeGreaterThanOrEqual(1);
    expect(res.status).toBe(200);
    expect(res.body.applied.moved).toBeGreaterThanOrEqual(1);
    const moved = (await r.clerk.get(`/api/tasks/${assign.id}`)).body;
    expect(moved.deadlineAt).toBe(createWorkingCalendar().deadlineAfter(new Date(assign.startedAt), 7).toISOString());
    const audit = await stack.prisma.auditEvent.findFirst({ where: { entityId: assign.id, action: 'task.rescheduled' } });
    expect(audit).not.toBeNull();
  });

  it('refuses an extension requested by a clerk, and grants one to a supervisor with a reason', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r.executionId, 'assign#1');

    const byClerk = await act(r.clerk, assign.id, 'extend', { workingDays: 3, reason: '需要' });
    const bySupervisor = await act(supervisor, assign.id, 'extend', { workingDays: 3, reason: '等待上级来文' });

    expect([byClerk.status, byClerk.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.extensionWorkingDays).toBe(3);
    expect(new Date(bySupervisor.body.deadlineAt).getTime()).toBeGreaterThan(new Date(assign.deadlineAt).getTime());
  });

  it('refuses to save a calendar day on its own (the old route): it names the preview-and-apply flow and changes nothing', async () => {
    const calendar = createWorkingCalendar();
    const day = calendar.addWorkingDays(new Date().toISOString().slice(0, 10), 1);
    const added = await admin.post('/api/calendar-overrides', { date: day, kind: 'holiday', name: '本地放假' });
    const removed = await admin.request('DELETE', `/api/calendar-overrides/${day}`);
    for (const res of [added, removed]) {
      expect([res.status, res.body.error.code]).toEqual([410, 'USE_CALENDAR_CHANGE']);
      expect(res.body.error.message).toContain('预览');
    }
    expect(await stack.prisma.calendarOverride.findUnique({ where: { date: day } })).toBeNull();
    const days = await admin.get(`/api/calendar/days?from=${day}&to=${day}`);
    expect(days.body[0]).toMatchObject({ date: day, working: true });
  });
});
