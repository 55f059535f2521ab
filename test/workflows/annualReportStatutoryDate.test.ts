/**
 * A campaign unit's deadlines on the time-skipping test server: weeks pass in seconds. The timetable's
 * due date drives the ladder of a step, and a statutory publication date (条例 第四十九条) that passes
 * before publication flags the unit and escalates it; it is then published only by an administrator's
 * explicit late publication, never silently.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import type { NotifyRequest } from '../../activities/tasks/taskProjection';
import { chinaDate, createWorkingCalendar } from '../../domain/calendar';
import { annualReportWorkflow, publishSignal } from '../../workflows/annualReport';
import { completeTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { applyTestEnv } from '../support/env';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { realWorkflowBundle } from '../support/workflowBundle';

let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
const notified: NotifyRequest[] = [];
const taskQueue = `statutory-${randomUUID()}`;
const calendar = createWorkingCalendar();
const campaignIds: string[] = [];

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  env = await createTimeSkippingEnv();
  const bundle = await realWorkflowBundle();
  // The notifier is the one faked dependency here: notifications have their own tests against Redis and SMTP.
  worker = await Worker.create({
    connection: env.nativeConnection, taskQueue, workflowBundle: bundle,
    activities: createActivities({ prisma, notifier: async (r) => { notified.push(r); }, temporal: { client: env.client, taskQueue } }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await prisma.campaignUnit.deleteMany({ where: { campaignId: { in: campaignIds } } });
  await prisma.campaign.deleteMany({ where: { id: { in: campaignIds } } });
  await prisma?.$disconnect();
});

async function actor(login: string): Promise<Actor> {
  const u = await prisma.user.findUniqueOrThrow({ where: { login } });
  return { userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles };
}

/** A campaign with one department, as the launch writes it, and the unit's workflow as the campaign starts it. */
async function startUnit(code: string, publishBy: string, dueDates: Record<string, string> = {}) {
  const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  const city = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-GO' } });
  const campaignId = randomUUID();
  campaignIds.push(campaignId);
  const workflowId = `statutory/${campaignId}/${code}`;
  await prisma.campaign.create({
    data: {
      id: campaignId, key: `statutory-test/${campaignId}`, flowKey: 'annual-report', year: 2026, title: '法定日期测试', rootCodes: [code],
      schedule: {}, publicationBaseUrl: 'https://example.gov.cn/ndbg', workflowId: `campaign/${campaignId}`, totalUnits: 1, startedUnits: 1, status: 'RUNNING',
    },
  });
  await prisma.campaignUnit.create({ data: { campaignId, orgUnitId: unit.id, publicationGroup: 'DEPARTMENT', workflowId, publishBy, state: 'RUNNING' } });
  const handle = await env.client.workflow.start(annualReportWorkflow, {
    workflowId, taskQueue,
    args: [{ orgUnitId: unit.id, unitName: unit.name, year: 2026, campaignId, districtOfficeId: null, cityOfficeId: city.id, publicationGroup: 'DEPARTMENT', publishBy, dueDates }],
  });
  return { handle, campaignId, unit, workflowId };
}

async function openStep(handle: Awaited<ReturnType<typeof startUnit>>['handle'], stageKey: string) {
  for (let i = 0; i < 200; i++) {
    const s = await handle.query(stepsQuery);
    const step = s.steps.find((x) => x.stageKey === stageKey && x.status === 'OPEN' && x.opened);
    if (step) return step;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`step ${stageKey} did not open`);
}

async function complete(handle: Awaited<ReturnType<typeof startUnit>>['handle'], stageKey: string, who: Actor, result?: Record<string, unknown>) {
  const step = await openStep(handle, stageKey);
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: step.stepKey, requestId: randomUUID(), actor: who, result }] });
}

const unitRow = (campaignId: string) => prisma.campaignUnit.findFirstOrThrow({ where: { campaignId } });
const today = async () => chinaDate(new Date(await env.currentTimeMs()));

describe('a campaign unit\'s statutory publication date', () => {
  it('when the date passes before publication, the unit is flagged, put on the candidate 通报 list and the supervising office is told', async () => {
    const publishBy = calendar.addWorkingDays(await today(), 8);
    const { handle, campaignId, workflowId } = await startUnit('BJ-D031', publishBy);
    const assign = await openStep(handle, 'assign');

    await env.sleep('20 days');

    const unit = await unitRow(campaignId);
    expect(unit.statutoryMissedAt).not.toBeNull();
    expect(unit.statutoryMissedAt!.toISOString() > new Date(`${publishBy}T23:59:59.999+08:00`).toISOString()).toBe(true);
    const escalation = await prisma.escalation.findFirstOrThrow({ where: { workflowId, rung: 'statutory-missed' } });
    expect(escalation).toMatchObject({ kind: 'CANDIDATE_NOTICE', taskId: assign.assignments[0].taskId });
    expect(escalation.reason).toContain(`法定公开日期 ${publishBy}`);
    const told = notified.filter((n) => n.workflowId === workflowId && n.dedupeKey.endsWith('statutory-missed'));
    expect(told.map((n) => [n.kind, n.audiences])).toEqual([['candidate-notice', ['supervisingOffice', 'leaderInCharge']]]);
    await handle.cancel();
  }, 90_000);

  it('a unit ready only after its statutory date is held: a centralized round does not publish it, an administrator publishes it late with a reason', async () => {
    const publishBy = calendar.addWorkingDays(await today(), 3);
    const { handle, campaignId } = await startUnit('BJ-D032', publishBy);
    const clerk = await actor('bj-d032-clerk');
    await env.sleep('10 days');

    await complete(handle, 'assign', clerk);
    await complete(handle, 'self-check', clerk, { report: longgang2024() });
    await complete(handle, 'sign-off', await actor('bj-d032-head'));
    await complete(handle, 'city-verification', await actor('city-verifier'));
    await complete(handle, 'pre-release', clerk, { publicationDate: calendar.addWorkingDays(await today(), 1) });
    for (let i = 0; i < 100 && (await unitRow(campaignId)).state !== 'READY'; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await unitRow(campaignId)).state).toBe('READY');

    await handle.signal(publishSignal, { round: 'DEPARTMENT', at: new Date(await env.currentTimeMs()).toISOString(), late: false });
    await new Promise((r) => setTimeout(r, 500));
    expect((await unitRow(campaignId)).state).toBe('READY');

    await handle.signal(publishSignal, { round: 'late', at: new Date(await env.currentTimeMs()).toISOString(), late: true, reason: '单位负责人调整，签发延误', byLogin: 'admin' });
    const result = await handle.result();
    expect(result).toMatchObject({ statutoryDateMissed: true, publication: { state: 'PUBLISHED_LATE', round: 'late' } });
    expect(await unitRow(campaignId)).toMatchObject({ state: 'PUBLISHED_LATE', lateReason: '单位负责人调整，签发延误' });
  }, 90_000);

  it('the timetable\'s due date drives the ladder: a self-check left past its due date is urged at T+0 and supervised at T+3', async () => {
    const now = await today();
    const dueDates = { assign: calendar.addWorkingDays(now, 2), 'self-check': calendar.addWorkingDays(now, 8) };
    const { handle, campaignId } = await startUnit('BJ-D033', calendar.addWorkingDays(now, 60), dueDates);
    await complete(handle, 'assign', await actor('bj-d033-clerk'));
    const selfCheck = await openStep(handle, 'self-check');
    const taskId = selfCheck.assignments[0].taskId;
    expect((await prisma.task.findUniqueOrThrow({ where: { id: taskId } })).deadlineAt!.toISOString())
      .toBe(new Date(`${dueDates['self-check']}T23:59:59.999+08:00`).toISOString());

    await env.sleep('20 days');

    const rungs = (await prisma.reminder.findMany({ where: { taskId }, orderBy: { createdAt: 'asc' } })).map((r) => r.rung);
    expect(rungs.slice(0, 4)).toEqual(['T-5', 'T-2', 'T+0', 'T+3']);
    expect(await prisma.escalation.count({ where: { taskId, kind: 'SUPERVISE' } })).toBe(1);
    expect((await unitRow(campaignId)).statutoryMissedAt).toBeNull();
    await handle.cancel();
  }, 90_000);
});
