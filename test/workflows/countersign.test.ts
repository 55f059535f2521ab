/**
 * 会签 (parallel countersign) in the real annual-report workflow, on the time-skipping test server: 区级汇总 is
 * signed by the district office's clerk and its head in parallel (domain/flows/annualReport.ts). Each
 * signer has a task of their own; the stage waits for both, one return sends the report back and closes
 * the other signer's task with the reason, and the ladder reminds only the signer who has not acted.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { Prisma } from '../../prisma/generated/client';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { completeTaskUpdate, returnTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { applyTestEnv } from '../support/env';
import { updateStage } from '../../server/services/stageService';
import type { AppContext, CurrentUser } from '../../server/context';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { realWorkflowBundle } from '../support/workflowBundle';

let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `countersign-${randomUUID()}`;
const people: Record<string, Actor> = {};
let street: { id: string; name: string };
let districtOffice: string;
let cityOffice: string;

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection, taskQueue, workflowBundle: await realWorkflowBundle(),
    activities: createActivities({ prisma, notifier: async () => undefined }),
  });
  running = worker.run();
  for (const login of ['street-clerk', 'street-head', 'dc-reviewer', 'bj-q01-go-head']) {
    const u = await prisma.user.findUniqueOrThrow({ where: { login } });
    people[login] = { userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles };
  }
  const s = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S01' } });
  street = { id: s.id, name: s.name };
  districtOffice = (await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-GO' } })).id;
  cityOffice = (await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-GO' } })).id;
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await prisma?.$disconnect();
});

type Handle = WorkflowHandle<typeof annualReportWorkflow>;

async function waitOpen(handle: Handle, stepKey: string) {
  for (let i = 0; i < 200; i++) {
    const s = await handle.query(stepsQuery);
    const step = s.steps.find((x) => x.stepKey === stepKey);
    if (step?.opened && step.status === 'OPEN') return step;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${stepKey} did not open`);
}

async function act(handle: Handle, who: string, taskKey: string, action: 'complete' | 'return', extra: Record<string, unknown> = {}) {
  const base = { taskKey, requestId: randomUUID(), actor: people[who] };
  if (action === 'complete') return handle.executeUpdate(completeTaskUpdate, { args: [{ ...base, ...extra }] });
  return handle.executeUpdate(returnTaskUpdate, { args: [{ ...base, toStageKey: 'self-check', reasonCode: 'revise', comment: '第一部分缺少平台建设情况', ...extra }] });
}

/** A street's report started and driven through 任务分派 and 单位自查: 主要负责同志签发 is open. */
async function toSignOff(idPrefix: string): Promise<Handle> {
  const handle = await env.client.workflow.start(annualReportWorkflow, {
    workflowId: `${idPrefix}-${randomUUID()}`, taskQueue,
    args: [{ orgUnitId: street.id, unitName: street.name, year: 2025, districtOfficeId: districtOffice, cityOfficeId: cityOffice }],
  });
  await waitOpen(handle, 'assign#1');
  await act(handle, 'street-clerk', 'assign#1', 'complete');
  await waitOpen(handle, 'self-check#1');
  await act(handle, 'street-clerk', 'self-check#1', 'complete', { result: { report: longgang2024() } });
  await waitOpen(handle, 'sign-off#1');
  return handle;
}

/** A street's report driven to 区级汇总, which opens countersigned. */
async function toDistrictReview(): Promise<Handle> {
  const handle = await toSignOff('countersign');
  await act(handle, 'street-head', 'sign-off#1', 'complete', { comment: '同意签发' });
  await waitOpen(handle, 'district-review#1');
  return handle;
}

const tasksOf = (workflowId: string, stageKey: string) =>
  prisma.task.findMany({ where: { workflowId, stageKey }, orderBy: [{ round: 'asc' }, { stepKey: 'asc' }] });

describe('会签 on 区级汇总', () => {
  it('opens one task per signer and waits for both: after the clerk signs, the stage is still open; after the head, city verification opens', async () => {
    const handle = await toDistrictReview();
    const tasks = await tasksOf(handle.workflowId, 'district-review');
    expect(tasks.map((t) => [t.stepKey, t.assigneeRole, t.orgUnitId, t.status])).toEqual([
      ['district-review#1', 'CLERK', districtOffice, 'OPEN'],
      ['district-review#1+1', 'UNIT_HEAD', districtOffice, 'OPEN'],
    ]);
    expect(tasks[1].title).toMatch(/会签：区政府办公室负责人/);
    expect(tasks[0].deadlineAt?.toISOString()).toBe(tasks[1].deadlineAt?.toISOString());

    await act(handle, 'dc-reviewer', 'district-review#1', 'complete', { comment: '数据已核对' });
    const midway = await handle.query(stepsQuery);
    expect(midway.openStepKey).toBe('district-review#1');
    expect(midway.steps.some((s) => s.stageKey === 'city-verification')).toBe(false);

    await act(handle, 'bj-q01-go-head', 'district-review#1+1', 'complete', { comment: '同意报送' });
    await waitOpen(handle, 'city-verification#1');
    const step = (await handle.query(stepsQuery)).steps.find((s) => s.stepKey === 'district-review#1')!;
    // Each signer's opinion is kept, on their task and in the step.
    expect(step.assignments.map((a) => [a.signer, a.status, a.comment])).toEqual([
      ['区政府办公室经办人', 'COMPLETED', '数据已核对'],
      ['区政府办公室负责人', 'COMPLETED', '同意报送'],
    ]);
    expect((await tasksOf(handle.workflowId, 'district-review')).map((t) => [t.status, t.comment])).toEqual([['COMPLETED', '数据已核对'], ['COMPLETED', '同意报送']]);
    await handle.cancel();
  }, 90_000);

  it('one return sends the report back to self-check and closes the other signer\'s task with the reason', async () => {
    const handle = await toDistrictReview();
    await act(handle, 'bj-q01-go-head', 'district-review#1+1', 'return');
    await waitOpen(handle, 'self-check#2');
    const [clerkTask, headTask] = await tasksOf(handle.workflowId, 'district-review');
    expect(headTask).toMatchObject({ status: 'RETURNED', comment: '第一部分缺少平台建设情况' });
    expect(clerkTask.status).toBe('CANCELLED');
    expect(clerkTask.comment).toMatch(/会签已被.*退回/);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: clerkTask.id, action: 'task.cancelled' } });
    expect((audit.after as { comment: string }).comment).toMatch(/退回/);
    const selfCheck = (await tasksOf(handle.workflowId, 'self-check')).find((t) => t.round === 2)!;
    expect(selfCheck.returnedWith).toMatchObject({ fromStageKey: 'district-review', byLogin: 'bj-q01-go-head' });
    await handle.cancel();
  }, 90_000);

  it('the ladder reminds only the signer who has not acted yet', async () => {
    const handle = await toDistrictReview();
    await act(handle, 'dc-reviewer', 'district-review#1', 'complete', { comment: '同意' });
    const [clerkTask, headTask] = await tasksOf(handle.workflowId, 'district-review');

    await env.sleep('20 days');

    const rungs = async (taskId: string) => (await prisma.reminder.findMany({ where: { taskId } })).map((r) => r.rung).sort();
    expect(await rungs(clerkTask.id)).toEqual([]);
    expect(await rungs(headTask.id)).toEqual(expect.arrayContaining(['T+0', 'T+3']));
    await handle.cancel();
  }, 90_000);
});

describe('会签 set by an administrator in 环节设置', () => {
  it('an administrator configures 会签 on 主要负责同志签发 (none declared): bad rules are refused with a code, the setting is audited, and a new step opens one task per signer and waits for both', async () => {
    const stage = await prisma.stageDefinition.findUniqueOrThrow({ where: { flowKey_key: { flowKey: 'annual-report', key: 'sign-off' } } });
    const adminRow = await prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
    const admin = { ...adminRow, roles: adminRow.roles } as unknown as CurrentUser;
    const ctx = { prisma, temporal: env.client, logger: { warn: () => undefined } } as unknown as AppContext;
    const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: { code?: string }) => e.code);
    try {
      expect(await refusal(updateStage(ctx, admin, stage.id, { countersign: { enabled: true, rule: { kind: 'quorum', quorum: 3 }, signers: [{ role: 'UNIT_HEAD' }, { role: 'CLERK' }] } })))
        .toBe('COUNTERSIGN_RULE_UNMET');
      expect(await refusal(updateStage(ctx, admin, stage.id, { countersign: { enabled: true, rule: { kind: 'all' }, signers: [{ role: 'UNIT_HEAD' }, { userId: randomUUID() }] } })))
        .toBe('COUNTERSIGN_SIGNER_UNKNOWN');
      expect(await refusal(updateStage(ctx, admin, stage.id, { countersign: { enabled: true, rule: { kind: 'all' }, signers: [{ role: 'CLERK' }, { role: 'CLERK' }] } })))
        .toBe('COUNTERSIGN_SIGNER_DUPLICATE');
      expect((await prisma.stageDefinition.findUniqueOrThrow({ where: { id: stage.id } })).countersign).toBeNull();

      await updateStage(ctx, admin, stage.id, { countersign: { enabled: true, rule: { kind: 'all' }, signers: [{ role: 'UNIT_HEAD', label: '主要负责同志' }, { role: 'CLERK' }] } });
      const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: stage.id, action: 'stage.updated' }, orderBy: { at: 'desc' } });
      expect(audit).toMatchObject({ actorLogin: 'admin', before: expect.objectContaining({ countersign: null }), after: expect.objectContaining({ countersign: expect.objectContaining({ enabled: true }) }) });

      const handle = await toSignOff('countersign-setting');
      const tasks = await tasksOf(handle.workflowId, 'sign-off');
      expect(tasks.map((t) => [t.stepKey, t.assigneeRole, t.orgUnitId, t.status])).toEqual([
        ['sign-off#1', 'UNIT_HEAD', street.id, 'OPEN'],
        ['sign-off#1+1', 'CLERK', street.id, 'OPEN'],
      ]);
      expect(tasks[0].title).toMatch(/会签：主要负责同志/);
      expect(tasks[1].title).toMatch(/会签：经办人/);

      await act(handle, 'street-head', 'sign-off#1', 'complete', { comment: '同意签发' });
      expect((await handle.query(stepsQuery)).openStepKey).toBe('sign-off#1');
      await act(handle, 'street-clerk', 'sign-off#1+1', 'complete', { comment: '已复核' });
      await waitOpen(handle, 'district-review#1');
      await handle.cancel();
    } finally {
      await prisma.stageDefinition.update({ where: { id: stage.id }, data: { countersign: Prisma.DbNull } });
    }
  }, 90_000);
});

describe('会签 and 委托', () => {
  it('a signer away on a delegation: their task goes to the delegate, and the step\'s signer is the delegate too', async () => {
    const head = await prisma.user.findUniqueOrThrow({ where: { login: 'bj-q01-go-head' } });
    const deputy = await prisma.user.create({
      data: { login: `go-deputy-${randomUUID().slice(0, 8)}`, displayName: '区政府办公室副主任', orgUnitId: districtOffice, roles: ['UNIT_HEAD'], passwordHash: 'x' },
    });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const far = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    const delegation = await prisma.delegation.create({
      data: { delegatorId: head.id, delegateId: deputy.id, orgUnitId: districtOffice, role: 'UNIT_HEAD', startDate: '2000-01-01', endDate: far, createdById: head.id },
    });
    try {
      const handle = await toDistrictReview();
      const [, headTask] = await tasksOf(handle.workflowId, 'district-review');
      expect([headTask.assigneeUserId, headTask.delegatedFromId]).toEqual([deputy.id, head.id]);
      const step = (await handle.query(stepsQuery)).steps.find((s) => s.stepKey === 'district-review#1')!;
      expect(step.assignments.map((a) => a.assigneeUserId)).toEqual([null, deputy.id]);
      await handle.cancel();
    } finally {
      await prisma.delegation.update({ where: { id: delegation.id }, data: { endedAt: new Date() } });
      await prisma.user.update({ where: { id: deputy.id }, data: { active: false } });
    }
  }, 90_000);
});
