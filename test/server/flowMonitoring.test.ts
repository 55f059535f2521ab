/**
 * 流程监控 through the API on the real stack: an administrator lists running instances (by flow, stage, unit
 * and age; paged and sorted), opens one's history, and intervenes with a reason: reassigns the current step,
 * jumps back to an earlier stage, ends the flow. Every intervention is audited and shows in the history;
 * refused ones answer a stable code and change nothing.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/passwords';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';
import { createSite, planAndApprove, waitStatus } from '../support/websites';

let stack: TestStack;
let admin: ApiSession;
const started: string[] = [];
const YEAR = 2033;
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
}, 120_000);

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

async function startReport(code: string) {
  const res = await admin.post('/api/annual-reports', { orgUnitCode: code, year: YEAR });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  return { code, workflowId: res.body.workflowId as string, executionId: res.body.executionId as string };
}

/** The instance's history once its current step is `stepKey`. */
async function atStep(id: string, stepKey: string) {
  return eventually(async () => {
    const res = await admin.get(`/api/flow-instances/${id}`);
    return res.body.tasks?.some((t: any) => t.stepKey === stepKey && t.status === 'OPEN') ? res.body : undefined;
  }, 30_000, `instance at ${stepKey}`);
}

async function complete(login: string, workflowId: string, stepKey: string, body: Record<string, unknown> = {}) {
  const s = await ApiSession.login(stack.baseUrl, login);
  const task = await eventually(async () => {
    const res = await s.get(`/api/tasks?filter=${enc({ workflowId, status: 'OPEN' })}`);
    return res.body.find?.((t: any) => t.stepKey === stepKey);
  }, 30_000, `open ${stepKey}`);
  const res = await s.post(`/api/tasks/${task.id}/complete`, { requestId: randomUUID(), ...body });
  expect(res.body.error).toBeUndefined();
}

describe('the running instances', () => {
  it('are listed by flow, stage, unit and age, paged and sorted; a supervisor may not list them', async () => {
    const a = await startReport('BJ-D031');
    const b = await startReport('BJ-D032');
    await atStep(a.executionId, 'assign#1');
    await atStep(b.executionId, 'assign#1');

    const filter = { flowKey: 'annual-report', stageKey: 'assign', q: `/${YEAR}/` };
    const page = await admin.get(`/api/flow-instances?filter=${enc(filter)}&sort=${enc(['workflowId', 'DESC'])}&range=${enc([0, 0])}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-range')).toBe('flow-instances 0-0/2');
    expect(page.body).toEqual([expect.objectContaining({ id: b.executionId, flowKey: 'annual-report', stageKey: 'assign', round: 1, openTasks: 1, ageDays: 0 })]);

    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D031' } });
    const byUnit = await admin.get(`/api/flow-instances?filter=${enc({ ...filter, orgUnitId: unit.id })}`);
    expect(byUnit.body.map((r: any) => r.id)).toEqual([a.executionId]);
    const old = await admin.get(`/api/flow-instances?filter=${enc({ ...filter, minAgeDays: 3 })}`);
    expect(old.body).toEqual([]);

    const bad = await admin.get(`/api/flow-instances?filter=${enc({ color: 'red' })}`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_FILTER']);
    const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    expect((await supervisor.get('/api/flow-instances')).status).toBe(403);
  }, 120_000);
});

describe('an administrator\'s interventions', () => {
  it('reassigns the current step to another holder of the post, with a reason, audited and shown in the history', async () => {
    const run = await startReport('BJ-D033');
    const history = await atStep(run.executionId, 'assign#1');
    const task = history.tasks.find((t: any) => t.stepKey === 'assign#1');
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: run.code } });
    const colleague = await stack.prisma.user.create({ data: { login: `bj-d033-clerk2-${randomUUID().slice(0, 6)}`, displayName: '第二经办人', orgUnitId: unit.id, roles: ['CLERK'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
    const head = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-d033-head' } });

    const noReason = await admin.post(`/api/flow-instances/${run.executionId}/reassign`, { taskId: task.id, toUserId: colleague.id });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'REASON_REQUIRED']);
    const wrongPost = await admin.post(`/api/flow-instances/${run.executionId}/reassign`, { taskId: task.id, toUserId: head.id, reason: '改派' });
    expect([wrongPost.status, wrongPost.body.error.code]).toEqual([400, 'INVALID_REASSIGN_TARGET']);
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assigneeUserId).toBeNull();

    const done = await admin.post(`/api/flow-instances/${run.executionId}/reassign`, { taskId: task.id, toUserId: colleague.id, reason: '原经办人长期病假' });
    expect(done.status).toBe(200);
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).assigneeUserId).toBe(colleague.id);
    expect(done.body.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['task.reassigned', 'flow.reassigned']));
    expect(done.body.events.find((e: any) => e.action === 'flow.reassigned')).toMatchObject({ actorLogin: 'admin', after: expect.objectContaining({ reason: '原经办人长期病假' }) });
  }, 120_000);

  it('jumps back to an earlier stage that ran, refusing an unknown or later stage, and the stage runs again with the reason', async () => {
    const run = await startReport('BJ-D034');
    await complete('bj-d034-clerk', run.workflowId, 'assign#1');
    await complete('bj-d034-clerk', run.workflowId, 'self-check#1', { result: { report: longgang2024() } });
    const at = await atStep(run.executionId, 'sign-off#1');
    expect(at.jumpTargets).toEqual(['assign', 'self-check']);

    const unknown = await admin.post(`/api/flow-instances/${run.executionId}/jump-back`, { toStageKey: 'no-such-stage', reason: '重新自查' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'UNKNOWN_STAGE']);
    const later = await admin.post(`/api/flow-instances/${run.executionId}/jump-back`, { toStageKey: 'pre-release', reason: '重新自查' });
    expect([later.status, later.body.error.code]).toEqual([400, 'INVALID_RETURN_TARGET']);

    const jumped = await admin.post(`/api/flow-instances/${run.executionId}/jump-back`, { toStageKey: 'self-check', reason: '数据口径调整，需重新自查' });
    expect(jumped.status).toBe(200);
    const after = await atStep(run.executionId, 'self-check#2');
    const signOff = after.tasks.find((t: any) => t.stepKey === 'sign-off#1');
    expect(signOff).toMatchObject({ status: 'CANCELLED' });
    expect(signOff.comment).toMatch(/跳回「单位自查」：数据口径调整/);
    const again = after.tasks.find((t: any) => t.stepKey === 'self-check#2');
    expect(again.status).toBe('OPEN');
    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: again.id } });
    expect(row.returnedWith).toMatchObject({ reasonCode: 'intervention', byLogin: 'admin', comment: '数据口径调整，需重新自查' });
    expect(after.events.find((e: any) => e.action === 'flow.jumped_back')).toMatchObject({ after: expect.objectContaining({ fromStageKey: 'sign-off', toStageKey: 'self-check' }) });
  }, 120_000);

  it('ends a flow: cancelled, its open task closed with the reason; a finished flow refuses any further intervention', async () => {
    const run = await startReport('BJ-D035');
    const at = await atStep(run.executionId, 'assign#1');
    const task = at.tasks.find((t: any) => t.stepKey === 'assign#1');

    const ended = await admin.post(`/api/flow-instances/${run.executionId}/end`, { reason: '单位已撤并，不再报送' });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('CANCELLED');
    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.status).toBe('CANCELLED');
    expect(row.comment).toMatch(/终止：单位已撤并/);
    expect(ended.body.events.at(-1)).toMatchObject({ action: 'flow.ended', actorLogin: 'admin' });
    const listed = await admin.get(`/api/flow-instances?filter=${enc({ q: run.workflowId })}`);
    expect(listed.body).toEqual([]);

    const again = await admin.post(`/api/flow-instances/${run.executionId}/end`, { reason: '再次终止' });
    expect([again.status, again.body.error.code]).toEqual([409, 'FLOW_FINISHED']);
    const jump = await admin.post(`/api/flow-instances/${run.executionId}/jump-back`, { toStageKey: 'assign', reason: '重来' });
    expect([jump.status, jump.body.error.code]).toEqual([409, 'FLOW_FINISHED']);
    expect(await stack.prisma.auditEvent.count({ where: { entityType: 'flow', entityId: run.executionId } })).toBe(1);
  }, 120_000);

  it('ending a campaign unit\'s report and a website\'s closure leaves neither side table stale: the unit and the site are ended with the reason, counted as ended, audited', async () => {
    const run = await startReport('BJ-D036');
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D036' } });
    // The campaign's row for this unit's report, as a launch writes it (the report is the unit's workflow).
    const campaign = await stack.prisma.campaign.create({
      data: {
        key: `ended-${randomUUID()}`, flowKey: 'annual-report', year: YEAR, title: '终止测试', rootCodes: ['BJ-D036'], schedule: {},
        publicationBaseUrl: 'https://www.beijing.gov.cn/', status: 'RUNNING', workflowId: `campaign-ended-${randomUUID()}`,
      },
    });
    const campaignUnit = await stack.prisma.campaignUnit.create({
      data: { campaignId: campaign.id, orgUnitId: unit.id, publicationGroup: 'DEPARTMENT', workflowId: run.workflowId, state: 'RUNNING', publishBy: `${YEAR + 1}-01-31` },
    });
    await atStep(run.executionId, 'assign#1');
    expect((await admin.post(`/api/flow-instances/${run.executionId}/end`, { reason: '单位已撤并，不再报送' })).status).toBe(200);
    expect(await stack.prisma.campaignUnit.findUniqueOrThrow({ where: { id: campaignUnit.id } })).toMatchObject({ state: 'ENDED', endedReason: '单位已撤并，不再报送' });
    const board = await admin.get(`/api/campaigns/${campaign.id}/units?filter=${enc({})}`);
    expect(board.body.find?.((u: any) => u.workflowId === run.workflowId)).toMatchObject({ state: 'ENDED', stage: 'ended' });

    const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    const site = await createSite(supervisor, 'BJ-D001');
    const closure = await planAndApprove(await ApiSession.login(stack.baseUrl, 'fgw-clerk'), supervisor, {
      websiteId: site.id, decision: 'KEEP', justification: '本网站承载全市发展改革领域的项目申报系统，无法整合，申请保留并按年复核。',
    });
    started.push(closure);
    await waitStatus(supervisor, site.id, 'RETENTION_REVIEW');
    const { executionId } = await eventually(() => stack.prisma.task.findFirst({ where: { workflowId: closure } }).then((t) => t ?? undefined), 30_000, 'closure task');
    expect((await admin.post(`/api/flow-instances/${executionId}/end`, { reason: '网站已由上级统一迁移' })).status).toBe(200);
    expect(await stack.prisma.website.findUniqueOrThrow({ where: { id: site.id } })).toMatchObject({ status: 'FLOW_ENDED', flowEndedReason: '网站已由上级统一迁移' });
    const audits = await stack.prisma.auditEvent.findMany({ where: { action: { in: ['campaign_unit.ended', 'website.flow_ended'] }, entityId: { in: [campaignUnit.id, site.id] } } });
    expect(audits.map((a) => a.action).sort()).toEqual(['campaign_unit.ended', 'website.flow_ended']);
  }, 180_000);
});
