/**
 * The website-closure shape told with the human step alone: multi-level approval with a return from the
 * district office, and a step that refuses completion without its evidence.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import { completeTaskUpdate, returnTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { applyTestEnv } from '../support/env';
import { eventually } from '../support/stack';
import { closureFlowWorkflow } from './fixtures/closureFlow';

let prisma: PrismaClient;
let client: Client;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `closure-${randomUUID()}`;
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 3);
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  client = new Client({ connection });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS }),
    taskQueue, workflowsPath: require.resolve('./fixtures/closureFlow'), activities: createActivities({ prisma }),
  });
  running = worker.run();
  for (const login of ['bj-q04-d01-clerk', 'bj-q04-d01-head', 'bj-q04-go-clerk']) {
    const u = await prisma.user.findUniqueOrThrow({ where: { login } });
    actors[login] = { userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles };
  }
});

afterAll(async () => {
  worker.shutdown();
  await running;
  await prisma.$disconnect();
});

async function waitOpen(handle: ReturnType<Client['workflow']['getHandle']>, stepKey: string) {
  await eventually(async () => {
    const s = await handle.query(stepsQuery);
    return s.openStepKey === stepKey && s.steps.at(-1)?.opened ? true : undefined;
  }, 20_000, stepKey);
}
const complete = (h: ReturnType<Client['workflow']['getHandle']>, taskKey: string, actor: Actor, result?: Record<string, unknown>) =>
  h.executeUpdate(completeTaskUpdate, { args: [{ taskKey, requestId: randomUUID(), actor, result }] });

describe('a closure flow written with the human step alone', () => {
  it('goes through approval level by level, back to the unit on a return, and needs evidence to deregister the identifier', async () => {
    const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q04-D01' } });
    const office = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q04-GO' } });
    const handle = await client.workflow.start(closureFlowWorkflow, { taskQueue, workflowId: `closure-${randomUUID()}`, args: [{ unitId: unit.id, districtOfficeId: office.id, site: 'www.example.gov.cn' }] });

    await waitOpen(handle, 'application#1');
    await complete(handle, 'application#1', actors['bj-q04-d01-clerk'], { migrationPlan: '栏目并入区政府门户' });
    await waitOpen(handle, 'approval#1');
    await complete(handle, 'approval#1', actors['bj-q04-d01-head']);
    await waitOpen(handle, 'public-notice#1');
    await handle.executeUpdate(returnTaskUpdate, { args: [{ taskKey: 'public-notice#1', requestId: randomUUID(), actor: actors['bj-q04-go-clerk'], toStageKey: 'application', reasonCode: 'migration-plan', comment: '迁移方案缺少办事服务的去向' }] });
    await waitOpen(handle, 'application#2');
    await complete(handle, 'application#2', actors['bj-q04-d01-clerk']);
    await waitOpen(handle, 'approval#2');
    await complete(handle, 'approval#2', actors['bj-q04-d01-head']);
    await waitOpen(handle, 'public-notice#2');
    await complete(handle, 'public-notice#2', actors['bj-q04-go-clerk']);
    await waitOpen(handle, 'identifier-deregistration#1');

    const missing = await complete(handle, 'identifier-deregistration#1', actors['bj-q04-d01-clerk'], {}).then(() => undefined, (e) => e);
    expect(missing).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((missing.cause as ApplicationFailure).type).toBe('EVIDENCE_REQUIRED');
    await complete(handle, 'identifier-deregistration#1', actors['bj-q04-d01-clerk'], { evidenceReference: '京网标注〔2025〕12号' });

    expect(await handle.result()).toBe('closed');
    const tasks = await prisma.task.findMany({ where: { workflowId: handle.workflowId }, orderBy: { startedAt: 'asc' } });
    expect(tasks.map((t) => [t.stepKey, t.status])).toEqual([
      ['application#1', 'COMPLETED'], ['approval#1', 'COMPLETED'], ['public-notice#1', 'RETURNED'], ['application#2', 'COMPLETED'],
      ['approval#2', 'COMPLETED'], ['public-notice#2', 'COMPLETED'], ['identifier-deregistration#1', 'COMPLETED'],
    ]);
    expect(tasks[3].returnedWith).toMatchObject({ fromStageKey: 'public-notice', comment: '迁移方案缺少办事服务的去向' });
    expect(tasks[6].result).toEqual({ evidenceReference: '京网标注〔2025〕12号' });
  });
});
