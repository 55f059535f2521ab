/**
 * 委托 and 批量审批 on the real stack (API, worker, Temporal, PostgreSQL, Redis): a unit head's delegation to a
 * deputy routes a sign-off that opens in the range to the deputy, who acts on the head's behalf (the head no
 * longer can, the audit and the run's history name both); an already-open task moves in one action; bad
 * delegations are refused with their codes; a batch approval with passing and refused tasks; each action for
 * each role that has it. One stack for the file.
 */
import { randomUUID } from 'node:crypto';
import { chinaDate } from '../../domain/calendar';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { hashPassword } from '../../server/passwords';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
const s: Record<string, ApiSession> = {};
const started: string[] = [];
const people: Record<string, string> = {};
let deputyLogin: string;
let clerk2Login: string;
const signOffs: Record<string, string> = {};
// Years no other test uses, different on each run (a report is one workflow per unit and year).
const BASE_YEAR = 2041 + Math.floor(Math.random() * 40);
const today = chinaDate(new Date());
const inDays = (n: number) => chinaDate(new Date(Date.now() + n * 86_400_000));

async function startReport(year: number) {
  const res = await s.admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D001', year });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  return res.body as { workflowId: string; executionId: string };
}

const openTask = (executionId: string, stageKey: string) =>
  eventually(() => stack.prisma.task.findFirst({ where: { executionId, stageKey, status: 'OPEN', position: 'main' } }).then((t) => t ?? undefined), 30_000, `${stageKey} open`);

async function complete(who: ApiSession, taskId: string, body: Record<string, unknown> = {}) {
  const res = await who.post(`/api/tasks/${taskId}/complete`, { requestId: randomUUID(), ...body });
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
}

/** A report of BJ-D001 taken to 主要负责同志签发 (sign-off), the unit head's stage. */
async function reportAtSignOff(year: number) {
  const run = await startReport(year);
  await complete(s['fgw-clerk'], (await openTask(run.executionId, 'assign')).id);
  await complete(s['fgw-clerk'], (await openTask(run.executionId, 'self-check')).id, { result: { report: longgang2024() } });
  return { ...run, signOff: await openTask(run.executionId, 'sign-off') };
}

beforeAll(async () => {
  stack = await startStack();
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D001' } });
  deputyLogin = `fgw-deputy-${randomUUID().slice(0, 8)}`;
  // A deputy head (副主任) of the 发展改革委: the same unit and post as fgw-head.
  await stack.prisma.user.create({ data: { login: deputyLogin, displayName: '王副主任', orgUnitId: unit.id, roles: ['UNIT_HEAD'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  clerk2Login = `fgw-clerk2-${randomUUID().slice(0, 8)}`;
  await stack.prisma.user.create({ data: { login: clerk2Login, displayName: '第二经办人', orgUnitId: unit.id, roles: ['CLERK'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  for (const login of ['admin', 'supervisor', 'fgw-clerk', 'fgw-head', 'street-head', deputyLogin]) s[login] = await ApiSession.login(stack.baseUrl, login);
  for (const u of await stack.prisma.user.findMany({ where: { login: { in: ['fgw-clerk', 'fgw-head', 'street-head', deputyLogin, clerk2Login] } } })) people[u.login] = u.id;
}, 120_000);

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  // The deputy leaves the unit's post: later test files see the seeded holders only.
  await stack.prisma.delegation.updateMany({ where: { delegateId: people[deputyLogin], endedAt: null }, data: { endedAt: new Date() } });
  await stack.prisma.user.updateMany({ where: { id: { in: [people[deputyLogin], people[clerk2Login]] } }, data: { active: false } });
  await stack.stop();
});

describe('委托', () => {
  let delegationId: string;

  it('refuses a delegation to oneself, to another unit, to another post, and with reversed dates, each with its code, and saves nothing', async () => {
    const ask = (body: Record<string, unknown>) => s['fgw-head'].post('/api/delegations', { startDate: today, endDate: inDays(6), ...body });
    const answers = await Promise.all([
      ask({ delegateId: people['fgw-head'] }), ask({ delegateId: people['street-head'] }), ask({ delegateId: people['fgw-clerk'] }),
      ask({ delegateId: people[deputyLogin], startDate: inDays(3), endDate: inDays(1) }),
    ]);
    expect(answers.map((r) => [r.status, r.body.error.code])).toEqual([
      [400, 'DELEGATE_IS_SELF'], [400, 'DELEGATE_OTHER_UNIT'], [400, 'DELEGATE_OTHER_ROLE'], [400, 'INVALID_DELEGATION_DATES'],
    ]);
    for (const r of answers) expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await stack.prisma.delegation.count({ where: { delegatorId: people['fgw-head'], endedAt: null } })).toBe(0);
  });

  it('when the head delegates while a sign-off is open, the open task moves to the deputy in one action and the deputy is told', async () => {
    const before = await reportAtSignOff(BASE_YEAR);
    signOffs.moved = before.signOff.id;
    const res = await s['fgw-head'].post('/api/delegations', { delegateId: people[deputyLogin], startDate: today, endDate: inDays(6), reason: '春节休假', moveOpenTasks: true });
    expect(res.status).toBe(201);
    delegationId = res.body.id;
    expect(res.body).toMatchObject({ state: 'ACTIVE', delegatorLogin: 'fgw-head', delegateLogin: deputyLogin, moved: { moved: 1, refused: [] } });
    const moved = await stack.prisma.task.findUniqueOrThrow({ where: { id: before.signOff.id } });
    expect(moved).toMatchObject({ assigneeUserId: people[deputyLogin], delegatedFromId: people['fgw-head'], delegationId });
    const told = await eventually(() => stack.prisma.notification.findFirst({ where: { taskId: moved.id, userId: people[deputyLogin], subject: { contains: '委托您代为办理' } } }).then((n) => n ?? undefined), 15_000, 'deputy notified');
    expect(told.subject).toContain('fgw-head');
    expect(await stack.prisma.auditEvent.count({ where: { entityType: 'delegation', entityId: delegationId, action: { in: ['delegation.created', 'delegation.tasks_moved'] } } })).toBe(2);

    // A second delegation of the head overlapping the first: refused.
    const again = await s['fgw-head'].post('/api/delegations', { delegateId: people[deputyLogin], startDate: inDays(2), endDate: inDays(9) });
    expect([again.status, again.body.error.code]).toEqual([409, 'DELEGATION_OVERLAP']);
  }, 120_000);

  it('when a sign-off opens during the delegation it goes to the deputy, who signs it off on the head\'s behalf; the head cannot', async () => {
    const run = await reportAtSignOff(BASE_YEAR + 1);
    expect(run.signOff).toMatchObject({ assigneeUserId: people[deputyLogin], delegatedFromId: people['fgw-head'], delegationId });
    // The inbox says whose task the deputy does.
    const inbox = await s[deputyLogin].get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ mine: true, status: 'OPEN' }))}`);
    expect(inbox.body.find((t: { id: string }) => t.id === run.signOff.id)).toMatchObject({ delegatedFromName: '刘洋' });
    // The deputy, not the head, was told of the new task.
    const notified = await eventually(() => stack.prisma.notification.findMany({ where: { taskId: run.signOff.id, kind: 'assigned' } }).then((n) => (n.length ? n : undefined)), 15_000, 'assigned notification');
    expect(notified.map((n) => n.userId)).toEqual([people[deputyLogin]]);

    const byHead = await s['fgw-head'].post(`/api/tasks/${run.signOff.id}/complete`, { requestId: randomUUID(), comment: '同意' });
    expect([byHead.status, byHead.body.error.code]).toEqual([403, 'NOT_ASSIGNEE']);
    await complete(s[deputyLogin], run.signOff.id, { comment: '同意签发（代刘洋）' });

    const closed = await stack.prisma.auditEvent.findFirstOrThrow({ where: { entityId: run.signOff.id, action: 'task.completed' } });
    expect(closed).toMatchObject({ actorLogin: deputyLogin, after: expect.objectContaining({ onBehalfOf: people['fgw-head'] }) });
    const step = (await s[deputyLogin].get(`/api/tasks/${run.signOff.id}/history`)).body.steps.find((x: { id: string }) => x.id === run.signOff.id);
    expect(step).toMatchObject({ delegatedFrom: '刘洋（fgw-head）', completedBy: `王副主任（${deputyLogin}）` });
  }, 120_000);

  it('lists the delegation for the delegator and the delegate; only the delegator (or an administrator) ends it, once', async () => {
    for (const who of ['fgw-head', deputyLogin]) {
      const list = await s[who].get('/api/delegations');
      expect(list.body.map((d: { id: string }) => d.id)).toContain(delegationId);
    }
    const byDelegate = await s[deputyLogin].post(`/api/delegations/${delegationId}/end`, {});
    expect([byDelegate.status, byDelegate.body.error.code]).toEqual([403, 'NOT_DELEGATOR']);
    const byClerk = await s['fgw-clerk'].post(`/api/delegations/${delegationId}/end`, {});
    expect(byClerk.status).toBe(404);
    const ended = await s['fgw-head'].post(`/api/delegations/${delegationId}/end`, {});
    expect([ended.status, ended.body.state]).toEqual([200, 'ENDED']);
    const twice = await s['fgw-head'].post(`/api/delegations/${delegationId}/end`, {});
    expect([twice.status, twice.body.error.code]).toEqual([409, 'DELEGATION_ENDED']);

    // After it ended, a new sign-off goes to the post again.
    const run = await reportAtSignOff(BASE_YEAR + 2);
    expect(run.signOff).toMatchObject({ assigneeUserId: null, delegatedFromId: null });
    signOffs.post = run.signOff.id;
  }, 120_000);

  it('lets an administrator set a delegation for someone unreachable and end it; a clerk cannot set one for someone else', async () => {
    const byClerk = await s['fgw-clerk'].post('/api/delegations', { delegatorId: people['fgw-head'], delegateId: people[deputyLogin], startDate: inDays(1), endDate: inDays(3) });
    expect([byClerk.status, byClerk.body.error.code]).toEqual([403, 'NOT_DELEGATOR']);
    const res = await s.admin.post('/api/delegations', { delegatorId: people['fgw-head'], delegateId: people[deputyLogin], startDate: inDays(1), endDate: inDays(3), reason: '联系不上' });
    expect([res.status, res.body.state, res.body.createdByLogin]).toEqual([201, 'SCHEDULED', 'admin']);
    const notYet = await s.admin.post(`/api/delegations/${res.body.id}/move-open-tasks`, {});
    expect([notYet.status, notYet.body.error.code]).toEqual([409, 'DELEGATION_NOT_IN_FORCE']);
    const all = await s.admin.get(`/api/delegations?filter=${encodeURIComponent(JSON.stringify({ scope: 'all', current: true }))}`);
    expect(all.body.map((d: { id: string }) => d.id)).toContain(res.body.id);
    expect((await s.admin.post(`/api/delegations/${res.body.id}/end`, {})).status).toBe(200);
  }, 60_000);

  it('lets a clerk delegate to another clerk of the unit, and refuses a supervisor, who holds no working post', async () => {
    const mine = await s['fgw-clerk'].post('/api/delegations', { delegateId: people[clerk2Login], startDate: inDays(20), endDate: inDays(22), flowKey: 'website-closure' });
    expect([mine.status, mine.body.role, mine.body.flowKey, mine.body.state]).toEqual([201, 'CLERK', 'website-closure', 'SCHEDULED']);
    expect((await s['fgw-clerk'].post(`/api/delegations/${mine.body.id}/end`, {})).status).toBe(200);
    const bySupervisor = await s.supervisor.post('/api/delegations', { delegateId: people['fgw-clerk'], startDate: inDays(1), endDate: inDays(2) });
    expect([bySupervisor.status, bySupervisor.body.error.code]).toEqual([400, 'DELEGATE_OTHER_ROLE']);
  });
});

describe('批量审批 by a unit head and by a delegate', () => {
  it('the head batch-approves the post\'s sign-off; the deputy batch-approves the one delegated to them, on the head\'s behalf; neither can approve the other\'s', async () => {
    const byHead = await s['fgw-head'].post('/api/task-batches', { taskIds: [signOffs.post, signOffs.moved], comment: '同意签发' });
    expect(byHead.body.rows.map((r: { code?: string }) => r.code ?? 'ok')).toEqual(['ok', 'NOT_ASSIGNEE']);
    const byDeputy = await s[deputyLogin].post('/api/task-batches', { taskIds: [signOffs.moved], comment: '同意签发（代）' });
    expect(byDeputy.body.rows.map((r: { code?: string }) => r.code ?? 'ok')).toEqual(['ok']);
    const closed = await stack.prisma.auditEvent.findFirstOrThrow({ where: { entityId: signOffs.moved, action: 'task.completed' } });
    expect(closed).toMatchObject({ actorLogin: deputyLogin, after: expect.objectContaining({ onBehalfOf: people['fgw-head'] }) });
  }, 60_000);
});

describe('批量审批', () => {
  it('approves the tasks of one stage with one opinion, refuses a form stage, one waiting for an approver and one already done, each with its reason, and records the batch', async () => {
    const runs = await Promise.all([3, 4, 5, 6, 7].map((i) => startReport(BASE_YEAR + i)));
    const assign = await Promise.all(runs.map((r) => openTask(r.executionId, 'assign')));
    // One already done by hand, one waiting for the head added before (前加签), one at a form stage.
    await complete(s['fgw-clerk'], assign[0].id);
    const added = await s['fgw-clerk'].post(`/api/tasks/${assign[1].id}/add-approver`, { requestId: randomUUID(), userId: people['fgw-head'], position: 'before' });
    expect(added.status).toBe(200);
    await complete(s['fgw-clerk'], assign[4].id);
    const selfCheck = await openTask(runs[4].executionId, 'self-check');
    const ids = [...assign.map((t) => t.id), selfCheck.id];

    const preview = await s['fgw-clerk'].post('/api/task-batches/preview', { taskIds: ids });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ stageKey: 'assign', stageName: '任务分派' });
    expect(preview.body.rows.map((r: { ok: boolean; code?: string }) => r.code ?? 'ok')).toEqual(['TASK_NOT_OPEN', 'WAITING_FOR_APPROVER', 'ok', 'ok', 'TASK_NOT_OPEN', 'BATCH_OTHER_STAGE']);

    const batch = await s['fgw-clerk'].post('/api/task-batches', { taskIds: ids, comment: '同意，按计划推进' });
    expect(batch.status).toBe(200);
    expect(batch.body.rows.map((r: { ok: boolean; code?: string }) => r.code ?? 'ok')).toEqual(['TASK_NOT_OPEN', 'WAITING_FOR_APPROVER', 'ok', 'ok', 'TASK_NOT_OPEN', 'BATCH_OTHER_STAGE']);
    expect(batch.body).toMatchObject({ approved: 2, refused: 4 });
    for (const r of batch.body.rows) if (!r.ok) expect(r.message).toMatch(/[\u4e00-\u9fff]/);

    for (const t of [assign[2], assign[3]]) {
      const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: t.id } });
      expect(row).toMatchObject({ status: 'COMPLETED', comment: '同意，按计划推进', completedById: people['fgw-clerk'] });
      const events = (await s['fgw-clerk'].get(`/api/tasks/${t.id}/history`)).body.events as Array<{ action: string; after: Record<string, unknown>; requestId: string }>;
      expect(events.find((e) => e.action === 'task.batch_approved')?.after).toMatchObject({ batchId: batch.body.batchId, size: 6 });
      expect(events.find((e) => e.action === 'task.completed')?.requestId).toMatch(new RegExp(`^${batch.body.batchId}-`));
    }
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: assign[1].id } })).status).toBe('OPEN');
    expect(await stack.prisma.auditEvent.count({ where: { entityType: 'batch', entityId: batch.body.batchId } })).toBe(1);
  }, 180_000);

  it('refuses a form stage in the preview, and a supervisor (not an assignee) gets every task refused by its workflow', async () => {
    const run = await startReport(BASE_YEAR + 8);
    const task = await openTask(run.executionId, 'assign');
    const bySupervisor = await s.supervisor.post('/api/task-batches', { taskIds: [task.id] });
    expect(bySupervisor.body.rows.map((r: { code?: string }) => r.code)).toEqual(['NOT_ASSIGNEE']);
    await complete(s['fgw-clerk'], task.id);
    const selfCheck = await openTask(run.executionId, 'self-check');
    const preview = await s['fgw-clerk'].post('/api/task-batches/preview', { taskIds: [selfCheck.id] });
    expect(preview.body.rows.map((r: { code?: string }) => r.code)).toEqual(['BATCH_NEEDS_FORM']);
    const bad = await s['fgw-clerk'].post('/api/task-batches', { taskIds: [] });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  }, 90_000);
});
