/**
 * The website-closure flow's clocks on the Temporal time-skipping test server, with the real workflow
 * bundle and activities (database projection): a step nobody does climbs its escalation ladder; the
 * 30-day notice period runs on calendar days; 回头看 opens 30 and 90 days after the closure. The DNS resolver
 * is the one faked dependency (a test cannot make a real domain resolve and then stop resolving).
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import type { DomainResolver } from '../../activities/websites/websiteActivities';
import { completeTaskUpdate, stepsQuery } from '../../workflows/humanStep';
import { websiteClosureWorkflowId } from '../../domain/step';
import type { Actor } from '../../workflows/shared';
import { closureStateQuery, websiteClosureWorkflow, type WebsiteClosureInput } from '../../workflows/websiteClosure';
import { applyTestEnv } from '../support/env';
import { createTimeSkippingEnv } from '../support/timeSkipping';
import { newSite } from '../support/websites';
import { stageResult } from '../support/websiteFixtures';
import { realWorkflowBundle } from '../support/workflowBundle';

let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `closure-timers-${randomUUID()}`;
const actors: Record<string, Actor> = {};
const resolverAnswers: boolean[] = [];
const resolver: DomainResolver = { resolve: async () => (resolverAnswers.shift() ? { resolves: true, addresses: ['203.0.113.7'] } : { resolves: false, addresses: [] }) };
const DAY = 86_400_000;

beforeAll(async () => {
  applyTestEnv();
  prisma = createPrisma(process.env.DATABASE_URL!, 4);
  env = await createTimeSkippingEnv();
  const bundle = await realWorkflowBundle();
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities: createActivities({ prisma, notifier: async () => undefined, resolver }) });
  running = worker.run();
  for (const login of ['street-clerk', 'street-head', 'dc-reviewer', 'city-verifier']) {
    const u = await prisma.user.findUniqueOrThrow({ where: { login } });
    actors[login] = { userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles };
  }
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await prisma?.$disconnect();
});

async function start(): Promise<{ handle: WorkflowHandle<typeof websiteClosureWorkflow>; websiteId: string }> {
  const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S01' } });
  const district = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-GO' } });
  const city = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-GO' } });
  const body = newSite('BJ-Q01-S01');
  const site = await prisma.website.create({ data: { name: body.name, domain: body.domain, siteCode: body.siteCode, ownerUnitId: unit.id, icpNumber: body.icpNumber } });
  const input: WebsiteClosureInput = {
    websiteId: site.id, siteName: site.name, domain: site.domain, siteCode: site.siteCode, hasPartyGovMark: false, hasIcp: true, hasPsb: false,
    ownerUnitId: unit.id, ownerUnitName: unit.name, decision: 'CLOSE', targetSite: null, retention: false, districtOfficeId: district.id, cityOfficeId: city.id,
    noticePeriodMs: 30 * DAY, followUpAfterMs: [30 * DAY, 90 * DAY], checkDomain: true,
  };
  const handle = await env.client.workflow.start(websiteClosureWorkflow, { workflowId: websiteClosureWorkflowId(site.siteCode, randomUUID().slice(0, 8)), taskQueue, args: [input] });
  return { handle, websiteId: site.id };
}

async function openStep(handle: WorkflowHandle, stageKey: string) {
  for (let i = 0; i < 200; i++) {
    const s = await handle.query(stepsQuery);
    const open = s.steps.find((x) => x.stepKey === s.openStepKey);
    if (open?.stageKey === stageKey && open.opened) return open;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`step ${stageKey} did not open`);
}

async function complete(handle: WorkflowHandle, stageKey: string, login: string, result?: Record<string, unknown>) {
  const step = await openStep(handle, stageKey);
  await handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: step.stepKey, requestId: randomUUID(), actor: actors[login], result }] });
  return step;
}

const status = async (id: string) => (await prisma.website.findUniqueOrThrow({ where: { id } })).status;

describe('the clocks of a website closure', () => {
  it('when nobody submits the closure application, its ladder climbs: T−5 and T−2 reminders, 催办, 督办 at T+3, candidate 通报 at T+10', async () => {
    const { handle } = await start();
    const step = await openStep(handle, 'application');
    const task = await prisma.task.findUniqueOrThrow({ where: { id: step.assignments[0].taskId } });
    expect(task.deadlineAt).not.toBeNull();

    await env.sleep('45 days');

    const rungs = (await prisma.reminder.findMany({ where: { taskId: task.id }, orderBy: { createdAt: 'asc' } })).map((r) => r.rung);
    expect(rungs).toEqual(['T-5', 'T-2', 'T+0', 'T+3', 'T+10']);
    const escalations = await prisma.escalation.findMany({ where: { taskId: task.id }, orderBy: { createdAt: 'asc' } });
    expect(escalations.map((e) => [e.kind, e.rung])).toEqual([['SUPERVISE', 'T+3'], ['CANDIDATE_NOTICE', 'T+10']]);
    expect((await prisma.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');
    await handle.cancel();
  }, 120_000);

  it('keeps the notice up for 30 calendar days, reopens 域名注销 while the domain still resolves, and opens 回头看 30 and 90 days after the closure', async () => {
    const { handle, websiteId } = await start();
    await complete(handle, 'application', 'street-clerk', stageResult('application', {}).result);
    await complete(handle, 'approval-head', 'street-head');
    await complete(handle, 'approval-office', 'dc-reviewer');
    await complete(handle, 'approval-city', 'city-verifier');
    await complete(handle, 'public-notice', 'street-clerk', stageResult('public-notice', { domain: 'old.example.gov.cn' }).result);
    for (let i = 0; i < 100 && (await handle.query(closureStateQuery)).phase !== 'notice-period'; i++) await new Promise((r) => setTimeout(r, 50));
    const noticeEndsAt = new Date((await handle.query(closureStateQuery)).noticeEndsAt!);
    const noticeStart = await env.currentTimeMs();
    expect(noticeEndsAt.getTime() - noticeStart).toBeGreaterThan(29.9 * DAY);

    await env.sleep('29 days');
    expect((await handle.query(closureStateQuery)).phase).toBe('notice-period');
    expect(await status(websiteId)).toBe('NOTICE');
    await env.sleep('2 days');
    await complete(handle, 'identifier-deregistration', 'street-clerk', { siteCodeEvidence: { reference: '京网标注〔2026〕1号' } });
    await complete(handle, 'filing-deregistration', 'street-clerk', { icpEvidence: { reference: '京ICP注〔2026〕2号' } });
    resolverAnswers.push(true);
    await complete(handle, 'domain-deregistration', 'street-clerk', { domainEvidence: { reference: '域名注〔2026〕3号' } });
    const again = await openStep(handle, 'domain-deregistration');
    expect(again.round).toBe(2);
    expect(again.returnedWith).toMatchObject({ reasonCode: 'domain-still-resolves', byLogin: 'system' });
    expect(again.returnedWith!.comment).toContain('203.0.113.7');
    expect(await status(websiteId)).toBe('DEREGISTERING');
    await complete(handle, 'domain-deregistration', 'street-clerk', { domainEvidence: { reference: '域名注〔2026〕3号' } });
    for (let i = 0; i < 100 && (await status(websiteId)) !== 'CLOSED'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await status(websiteId)).toBe('CLOSED');

    await env.sleep('29 days');
    expect((await handle.query(stepsQuery)).openStepKey).toBeNull();
    await env.sleep('2 days');
    const silent = await complete(handle, 'follow-up-30', 'dc-reviewer', { siteDown: false, noNewUnapprovedSite: true }).then(() => undefined, (e) => e);
    expect((silent as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'FINDINGS_REQUIRED' });
    const first = await complete(handle, 'follow-up-30', 'dc-reviewer', { siteDown: false, noNewUnapprovedSite: true, findings: '原网站仍可访问，已责令主办单位三日内关闭' });
    await env.sleep('58 days');
    expect((await handle.query(stepsQuery)).openStepKey).toBeNull();
    await env.sleep('2 days');
    const second = await complete(handle, 'follow-up-90', 'dc-reviewer', { siteDown: true, noNewUnapprovedSite: true });

    expect(await handle.result()).toMatchObject({ outcome: 'followed-up' });
    expect(new Date(second.startedAt).getTime() - new Date(first.startedAt).getTime()).toBeGreaterThan(59 * DAY);
    expect(await status(websiteId)).toBe('FOLLOWED_UP');
  }, 180_000);
});
