/** The task read model is written idempotently: a retried activity never duplicates a row or an event. */
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import { applyTestEnv } from '../support/env';

let prisma: PrismaClient;
let orgUnitId: string;
let actor: { userId: string; login: string; orgUnitId: string; roles: ['CLERK'] };

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 2);
  const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D011' } });
  orgUnitId = unit.id;
  const user = await prisma.user.findUniqueOrThrow({ where: { login: 'bj-d011-clerk' } });
  actor = { userId: user.id, login: user.login, orgUnitId, roles: ['CLERK'] };
});
afterAll(() => prisma.$disconnect());

function openInput() {
  const executionId = randomUUID();
  return {
    workflowId: `test-projection-${executionId}`, executionId, stepKey: 'assign#1', round: 1, flowKey: 'annual-report', stageKey: 'assign',
    title: '测试待办', orgUnitId, assigneeRole: 'CLERK' as const, assigneeUserId: null, campaignId: null, payload: {}, startedAt: '2025-01-24T02:00:00.000Z',
    position: 'main' as const, statutoryDeadline: null, returnedWith: null,
  };
}

describe('the task projection activities', () => {
  it('open one task and one audit event however often openTask is retried, even concurrently', async () => {
    const { openTask } = createActivities({ prisma });
    const input = openInput();

    const results = await Promise.all([openTask(input), openTask(input), openTask(input)]);
    await openTask(input);

    expect(new Set(results.map((r) => r.taskId)).size).toBe(1);
    expect(await prisma.task.count({ where: { executionId: input.executionId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { dedupeKey: `${input.executionId}/assign#1/opened` } })).toBe(1);
  });

  it('store the deadline computed on the statutory calendar when the step starts (Spring Festival 2025)', async () => {
    const { openTask } = createActivities({ prisma });
    // Started Friday 24 Jan 2025; 26 Jan (Sunday) is a make-up workday, 28 Jan-4 Feb the holiday:
    // two working days are 26 Jan and 27 Jan, so the assignment is due at the end of 27 Jan, China time.
    const result = await openTask(openInput());
    expect(result.deadlineAt).toBe('2025-01-27T15:59:59.999Z');
  });

  it('when an administrator adds or removes a holiday after the calendar was cached, the next deadline follows it', async () => {
    const { openTask } = createActivities({ prisma });
    expect((await openTask(openInput())).deadlineAt).toBe('2025-01-27T15:59:59.999Z'); // the calendar is now cached
    await prisma.calendarOverride.create({ data: { date: '2025-01-27', kind: 'holiday', name: '本地放假（测试）' } });
    try {
      const moved = await openTask(openInput());
      // 27 Jan is off now, 28 Jan-4 Feb is the Spring Festival: the second working day is 5 Feb.
      expect(moved.deadlineAt).toBe('2025-02-05T15:59:59.999Z');
    } finally {
      await prisma.calendarOverride.delete({ where: { date: '2025-01-27' } });
    }
    expect((await openTask(openInput())).deadlineAt).toBe('2025-01-27T15:59:59.999Z');
  });

  it('close a task once however often closeTask is retried', async () => {
    const { openTask, closeTask } = createActivities({ prisma });
    const input = openInput();
    const { taskId } = await openTask(input);
    const close = { workflowId: input.workflowId, executionId: input.executionId, stepKey: input.stepKey, status: 'COMPLETED' as const, actor, comment: '好', result: null, at: '2025-01-25T01:00:00.000Z', requestId: randomUUID() };

    await Promise.all([closeTask(close), closeTask(close)]);
    await closeTask({ ...close, comment: '被重试覆盖了吗', at: '2025-01-26T01:00:00.000Z' });

    const task = await prisma.task.findUniqueOrThrow({ where: { id: taskId } });
    expect(task).toMatchObject({ status: 'COMPLETED', comment: '好', completedById: actor.userId });
    expect(task.completedAt?.toISOString()).toBe('2025-01-25T01:00:00.000Z');
    expect(await prisma.auditEvent.count({ where: { entityId: taskId, action: 'task.completed' } })).toBe(1);
  });

  it('refuse to alter or delete an audit row (the table is append-only)', async () => {
    const row = await prisma.auditEvent.findFirstOrThrow();
    await expect(prisma.auditEvent.update({ where: { id: row.id }, data: { action: 'rewritten' } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
  });

  it('open, fire a rung, close: Prisma reads back the times, JSON, reminder and audit rows the plain SQL wrote', async () => {
    const { openTask, closeTask, fireRung } = createActivities({ prisma });
    const input = openInput();
    const opened = await openTask(input);
    expect(opened.deadlineAt).toBe('2025-01-27T15:59:59.999Z');
    const rung = { key: 'urge-0', at: '2025-01-27T16:00:00.000Z', action: 'urge' as const, notify: ['assignees' as const] };
    await fireRung({
      workflowId: input.workflowId, executionId: input.executionId, stepKey: input.stepKey, taskKey: input.stepKey, taskId: opened.taskId,
      flowKey: input.flowKey, stageKey: input.stageKey, orgUnitId, assigneeRole: 'CLERK', assigneeUserId: null, deadlineAt: opened.deadlineAt,
      statutory: false, rung, nextRungAt: '2025-01-28T01:00:00.000Z', firedAt: rung.at,
    });
    const reopened = await openTask(input); // a retry reads the row back
    expect(reopened.deadlineAt).toBe(opened.deadlineAt);
    await closeTask({ workflowId: input.workflowId, executionId: input.executionId, stepKey: input.stepKey, status: 'COMPLETED', actor, comment: null, result: { ok: true }, at: '2025-01-28T02:30:00.000Z', requestId: randomUUID() });

    const task = await prisma.task.findUniqueOrThrow({ where: { id: opened.taskId }, include: { reminders: true } });
    expect(task.startedAt.toISOString()).toBe(input.startedAt);
    expect(task.deadlineAt?.toISOString()).toBe(opened.deadlineAt);
    expect(task.completedAt?.toISOString()).toBe('2025-01-28T02:30:00.000Z');
    expect(task).toMatchObject({ status: 'COMPLETED', currentRung: 'urge-0', nextRungAt: null, result: { ok: true }, title: '测试待办' });
    expect(task.reminders.map((r) => [r.rung, r.dedupeKey])).toEqual([['urge-0', `${input.executionId}/${input.stepKey}/rung/urge-0`]]);
    // The audit rows are stamped now and carry what happened.
    const audit = await prisma.auditEvent.findMany({ where: { entityId: opened.taskId }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['task.opened', 'escalation.urge', 'task.completed']);
    for (const a of audit) expect(Math.abs(a.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(audit[0]).toMatchObject({ before: null, after: { deadlineAt: opened.deadlineAt, returnedWith: null, position: 'main' } });
    expect(audit[2]).toMatchObject({ actorId: actor.userId, before: { status: 'OPEN' }, after: { status: 'COMPLETED', result: { ok: true }, completedAt: '2025-01-28T02:30:00.000Z' } });
  });
});
