/**
 * 委托 on the Temporal time-skipping test server: a delegation whose range starts and ends while steps are
 * open. Routing happens when a step opens (docs/delegation.md): a step open before the range stays where it
 * is; a step opening in the range goes to the delegate, who keeps it (and its ladder's reminders) after the
 * range ends; the delegator is refused meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import type { NotifyRequest } from '../../activities/tasks/taskProjection';
import { chinaDate } from '../../domain/calendar';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { completeTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { applyTestEnv } from '../support/env';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { realWorkflowBundle } from '../support/workflowBundle';

let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
const notified: NotifyRequest[] = [];
const taskQueue = `delegation-${randomUUID()}`;
let unit: { id: string; name: string };
let clerk: Actor;
let clerk2: Actor;

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection, taskQueue, workflowBundle: await realWorkflowBundle(),
    activities: createActivities({ prisma, notifier: async (r) => { notified.push(r); } }),
  });
  running = worker.run();
  // A seeded unit no other test uses, and a second clerk for it.
  const u = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D043' } });
  unit = { id: u.id, name: u.name };
  const c = await prisma.user.findUniqueOrThrow({ where: { login: 'bj-d043-clerk' } });
  clerk = { userId: c.id, login: c.login, orgUnitId: c.orgUnitId, roles: c.roles };
  const c2 = await prisma.user.create({ data: { login: `bj-d043-clerk2-${randomUUID().slice(0, 6)}`, displayName: '第二经办人', orgUnitId: u.id, roles: ['CLERK'], passwordHash: 'x' } });
  clerk2 = { userId: c2.id, login: c2.login, orgUnitId: c2.orgUnitId, roles: c2.roles };
}, 120_000);

afterAll(async () => {
  await prisma.delegation.updateMany({ where: { delegatorId: clerk.userId, endedAt: null }, data: { endedAt: new Date() } });
  await prisma.user.update({ where: { id: clerk2.userId }, data: { active: false } });
  worker?.shutdown();
  await running;
  await env?.teardown();
  await prisma?.$disconnect();
});

const DAY = 86_400_000;

describe('a delegation starting and ending while steps are open', () => {
  it('leaves the step open before the range with the post, gives the step opening in the range to the delegate for good, and reminds the delegate', async () => {
    const handle = await env.client.workflow.start(annualReportWorkflow, {
      workflowId: `delegation-${randomUUID()}`, taskQueue, args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2025 }],
    });
    let steps = await handle.query(stepsQuery);
    for (let i = 0; i < 100 && !steps.steps[0]?.opened; i++) {
      await new Promise((r) => setTimeout(r, 100));
      steps = await handle.query(stepsQuery);
    }
    const t0 = new Date(steps.steps[0].startedAt).getTime();
    // The clerk is away from day 3 to day 5 after the start.
    await prisma.delegation.create({
      data: {
        delegatorId: clerk.userId, delegateId: clerk2.userId, orgUnitId: unit.id, role: 'CLERK', startDate: chinaDate(new Date(t0 + 3 * DAY)),
        endDate: chinaDate(new Date(t0 + 5 * DAY)), createdById: clerk.userId,
      },
    });

    await env.sleep('4 days');
    // The range started while 任务分派 was open: it stays with the post.
    const assign = await prisma.task.findFirstOrThrow({ where: { workflowId: handle.workflowId, stageKey: 'assign' } });
    expect(assign).toMatchObject({ status: 'OPEN', assigneeUserId: null, delegatedFromId: null });
    await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'assign#1', requestId: randomUUID(), actor: clerk }] });

    // 单位自查 opens in the range: the delegate's.
    let selfCheck;
    for (let i = 0; i < 100 && !selfCheck; i++) {
      selfCheck = await prisma.task.findFirst({ where: { workflowId: handle.workflowId, stageKey: 'self-check' } }) ?? undefined;
      if (!selfCheck) await new Promise((r) => setTimeout(r, 100));
    }
    expect(selfCheck).toMatchObject({ assigneeUserId: clerk2.userId, delegatedFromId: clerk.userId });
    expect((await handle.query(stepsQuery)).steps[1].assignments[0].assigneeUserId).toBe(clerk2.userId);

    // The range ends mid-step: the task stays with the delegate, whom the ladder reminds; the clerk cannot act.
    await env.sleep('25 days');
    const rungs = notified.filter((n) => n.taskId === selfCheck!.id && n.kind !== 'assigned');
    expect(rungs.map((n) => n.kind)).toEqual(expect.arrayContaining(['reminder', 'urge']));
    for (const n of rungs.filter((x) => x.audiences?.includes('assignees'))) expect(n.assigneeUserId).toBe(clerk2.userId);
    expect(notified.filter((n) => n.taskId === selfCheck!.id && n.kind === 'assigned').map((n) => n.assigneeUserId)).toEqual([clerk2.userId]);
    const refused = await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'self-check#1', requestId: randomUUID(), actor: clerk, result: {} }] }).catch((e) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'NOT_ASSIGNEE' });
    await handle.cancel();
  }, 120_000);
});
