/**
 * Records the Temporal histories that test/workflows/replay.test.ts replays against the current workflow
 * code: every flow, driven through the API as the people who would act, on the real stack (the test
 * database, Redis and the tests' Temporal server: `scripts/services.sh start postgres redis temporal-test`).
 *
 *   npx tsx test/workflows/recordHistories.ts            # every scenario
 *   npx tsx test/workflows/recordHistories.ts closure    # only the scenarios whose name contains "closure"
 *   RECORD_TAG=baseline npx tsx test/workflows/recordHistories.ts closure
 *                                                        # written as baseline-<name>: new histories beside the old
 *
 * Each history is written in the JSON form (`historyToJSON` of ./historyJson, what `temporal workflow show --output
 * json` prints and `Worker.runReplayHistory` reads) to fixtures/histories/<name>.json, and described in
 * fixtures/histories/manifest.json (workflow id, type, whether it was still running, what it covers).
 *
 * Both finished and still-running flows are recorded: a deploy meets flows mid-step (a task open, a notice
 * period running, a unit waiting for its publication round), and new code must replay those too. Record
 * again only on purpose (a new flow or path): a fixture is the code of its day, and the point of the replay
 * test is that today's code still replays yesterday's histories.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { execSync } from 'node:child_process';
import { historyToJSON } from './historyJson';
import { HISTORIES_DIR, type FixtureEntry } from './replayHistories';
import type { WorkflowHandle } from '@temporalio/client';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { ApiSession, eventually, startStack, type TestStack } from '../support/stack';
import { CampaignDriver } from '../support/campaign';
import { stageResult } from '../support/websiteFixtures';
import { act, completeStage, createSite, openTask, planAndApprove, waitStatus } from '../support/websites';
import { closureStateQuery } from '../../workflows/websiteClosure';
import { rescheduleUpdate } from '../../workflows/humanStep';
import { hashPassword } from '../../server/passwords';
import { chinaDate, createWorkingCalendar } from '../../domain/calendar';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { Prisma } from '../../prisma/generated/client';

let stack: TestStack;
const cleanup: string[] = [];
const recorded: FixtureEntry[] = [];
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: __dirname }).toString().trim();
  } catch {
    return 'unknown';
  }
})();

/**
 * Waits until the flow has nothing in flight (no activity pending, no workflow task scheduled) and its
 * history stopped growing: a snapshot taken then ends on a completed workflow task, as a deploy sees it.
 */
async function settled(handle: WorkflowHandle): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  await eventually(async () => {
    const d = await handle.describe();
    const history = await handle.fetchHistory();
    const n = history.events?.length ?? 0;
    if (n !== last) {
      last = n;
      stableSince = Date.now();
      return undefined;
    }
    const quiet = (d.raw.pendingActivities ?? []).length === 0 && !d.raw.pendingWorkflowTask;
    return quiet && Date.now() - stableSince >= 1_000 ? true : undefined;
  }, 60_000, `${handle.workflowId} to settle`);
}

/** RECORD_TAG names a recording of today's code beside the older ones it must not replace (`<tag>-<name>`). */
const tag = process.env.RECORD_TAG;

async function record(scenarioName: string, workflowId: string, covers: string, runId?: string): Promise<void> {
  const name = tag ? `${tag}-${scenarioName}` : scenarioName;
  const handle = stack.client.workflow.getHandle(workflowId, runId);
  await settled(handle);
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJSON(history)}\n`);
  recorded.push({
    name, workflowId, workflowType: description.type, status: description.status.name, covers,
    events: history.events?.length ?? 0, recordedAt: new Date().toISOString(), commit,
  });
  process.stdout.write(`  recorded ${name}: ${description.type} ${description.status.name}, ${history.events?.length} events\n`);
}

const sessions = new Map<string, Promise<ApiSession>>();
function as(login: string): Promise<ApiSession> {
  if (!sessions.has(login)) sessions.set(login, ApiSession.login(stack.baseUrl, login));
  return sessions.get(login)!;
}

/** The open main task of a stage (by its step key, e.g. "self-check#2") of one run. */
async function task(session: ApiSession, workflowId: string, stepKey: string) {
  return eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId, status: 'OPEN' }));
    const res = await session.get(`/api/tasks?filter=${filter}&range=${encodeURIComponent('[0,99]')}`);
    return (res.body as any[]).find?.((t) => t.stepKey === stepKey);
  }, 60_000, `open task ${stepKey} of ${workflowId}`);
}

async function must(what: string, res: Promise<{ status: number; body: any }>) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function doTask(login: string, workflowId: string, stepKey: string, action: string, body: Record<string, unknown> = {}) {
  const session = await as(login);
  const t = await task(session, workflowId, stepKey);
  return must(`${stepKey} ${action}`, act(session, t.id, action, body));
}

async function startReport(year: number, code: string): Promise<string> {
  const admin = await as('admin');
  const res = await must(`start ${code}`, admin.post('/api/annual-reports', { orgUnitCode: code, year }));
  cleanup.push(res.workflowId);
  return res.workflowId as string;
}

const report = { result: { report: longgang2024() } };

/**
 * 区级汇总 is countersigned (会签) by the district office's clerk and its head: both sign their own task.
 * Histories recorded before the countersign replay with one signer (COUNTERSIGN_PATCH).
 */
async function districtSigns(id: string, round: number, comment?: string) {
  await doTask('dc-reviewer', id, `district-review#${round}`, 'complete', comment ? { comment } : {});
  await doTask('bj-q01-go-head', id, `district-review#${round}+1`, 'complete', comment ? { comment } : {});
}

/** The run's instance id in 流程监控 (its first execution id), as an administrator finds it. */
async function instanceOf(workflowId: string): Promise<string> {
  const admin = await as('admin');
  return eventually(async () => {
    const res = await admin.get(`/api/flow-instances?filter=${encodeURIComponent(JSON.stringify({ q: workflowId }))}`);
    return (res.body as Array<{ id: string; workflowId: string }>).find?.((r) => r.workflowId === workflowId)?.id;
  }, 60_000, `instance of ${workflowId}`);
}

// ---------------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------------

/** A street's report returned by its head, its district and the city (with a problem list), then passed. */
async function annualReportReturns(year: number) {
  const code = 'BJ-Q01-S03';
  const [clerk, head] = [`${code.toLowerCase()}-clerk`, `${code.toLowerCase()}-head`];
  const id = await startReport(year, code);
  await doTask(clerk, id, 'assign#1', 'complete');
  await doTask(clerk, id, 'self-check#1', 'complete', report);
  await doTask(head, id, 'sign-off#1', 'return', { toStageKey: 'self-check', reasonCode: 'revise', comment: '请补充第六部分' });
  await doTask(clerk, id, 'self-check#2', 'complete', report);
  await doTask(head, id, 'sign-off#2', 'complete', { comment: '同意签发' });
  await doTask('dc-reviewer', id, 'district-review#1', 'return', { toStageKey: 'self-check', reasonCode: 'missing-content', comment: '第一部分缺少平台建设情况' });
  await doTask(clerk, id, 'self-check#3', 'complete', report);
  await doTask(head, id, 'sign-off#3', 'complete');
  await districtSigns(id, 2, '区级审核通过');
  // Mid-flow: the city's verification is open after two returns.
  await task(await as('city-verifier'), id, 'city-verification#1');
  await record('annual-report-returns-running', id, 'street report after returns by the head and the district; city verification open');
  await doTask('city-verifier', id, 'city-verification#1', 'return', { toStageKey: 'sign-off', reasonCode: 'city-check', comment: '请按问题清单修改', problems: ['第五部分未写改进措施'] });
  await doTask(head, id, 'sign-off#4', 'complete');
  await districtSigns(id, 3);
  await doTask('city-verifier', id, 'city-verification#2', 'complete', { comment: '核查通过' });
  await doTask(clerk, id, 'pre-release#1', 'complete', { result: { publicationDate: `${year + 1}-01-31` } });
  await stack.client.workflow.getHandle(id).result();
  await record('annual-report-returns-completed', id, 'street report returned by the head, the district and the city (to sign-off, with problems), then published');
}

/**
 * A district department's report with the other step actions: 加签 before and after, transfer, claim, cc,
 * a supervisor's extension, pause and resume, an administrator's reschedule, and 撤回 of a submission.
 */
async function annualReportActions(year: number) {
  const code = 'BJ-Q01-D07';
  const [clerk, head] = [`${code.toLowerCase()}-clerk`, `${code.toLowerCase()}-head`];
  const id = await startReport(year, code);
  const headUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: head } });
  const clerkUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: clerk } });
  const ccUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'dc-supervisor' } });

  // 任务分派: an approver before (the head reads first), cc, the head completes, then the clerk.
  await doTask(clerk, id, 'assign#1', 'add-approver', { userId: headUser.id, position: 'before', comment: '请领导先阅' });
  await doTask(clerk, id, 'assign#1', 'cc', { userIds: [ccUser.id], comment: '请知悉' });
  await doTask(head, id, 'assign#1+1', 'complete', { comment: '同意' });
  await doTask(clerk, id, 'assign#1', 'complete');
  // 单位自查: a supervisor extends, pauses and resumes the clock; an administrator reschedules; the clerk
  // claims and completes, then withdraws (撤回) before the head acts, and submits again.
  await doTask('supervisor', id, 'self-check#1', 'extend', { workingDays: 3, reason: '等待上级来文' });
  await doTask('supervisor', id, 'self-check#1', 'pause', { reason: '等待统计数据' });
  await doTask('supervisor', id, 'self-check#1', 'resume');
  const admin = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'admin' } });
  await stack.client.workflow.getHandle(id).executeUpdate(rescheduleUpdate, {
    args: [{ taskKey: 'self-check#1', requestId: randomUUID(), actor: { userId: admin.id, login: admin.login, orgUnitId: admin.orgUnitId!, roles: admin.roles as never }, reason: '管理员调整环节期限并应用于在办事项' }],
  });
  await doTask(clerk, id, 'self-check#1', 'claim');
  await doTask(clerk, id, 'self-check#1', 'complete', report);
  await task(await as(head), id, 'sign-off#1');
  const selfCheck = (await stack.prisma.task.findFirstOrThrow({ where: { workflowId: id, stepKey: 'self-check#1' } })).id;
  await must('withdraw', act(await as(clerk), selfCheck, 'withdraw', { comment: '发现错别字' }));
  await doTask(clerk, id, 'self-check#2', 'complete', report);
  // 主要负责同志签发: the head adds the clerk as an approver after; that approval is open at the snapshot.
  await doTask(head, id, 'sign-off#2', 'add-approver', { userId: clerkUser.id, position: 'after', comment: '请经办人复核' });
  await doTask(head, id, 'sign-off#2', 'complete', { comment: '同意签发' });
  await task(await as(clerk), id, 'sign-off#2+1');
  await record('annual-report-actions-running', id, 'add-approver before and after, cc, extend, pause, resume, reschedule, claim, withdraw; an after-approver open on sign-off');
  await doTask(clerk, id, 'sign-off#2+1', 'complete');
  await districtSigns(id, 1);
  await doTask('city-verifier', id, 'city-verification#1', 'complete');
  // 预发布: transferred (转交) to a second clerk of the unit, who completes it.
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  const login = `${code.toLowerCase()}-clerk2-${randomUUID().slice(0, 6)}`;
  const colleague = await stack.prisma.user.create({ data: { login, displayName: '第二经办人', orgUnitId: unit.id, roles: ['CLERK'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  await doTask(clerk, id, 'pre-release#1', 'transfer', { toUserId: colleague.id, comment: '请你负责' });
  await doTask(login, id, 'pre-release#1', 'complete', { result: { publicationDate: `${year + 1}-01-31` } });
  await stack.client.workflow.getHandle(id).result();
  await record('annual-report-actions-completed', id, 'add-approver before and after, cc, extend, pause, resume, reschedule, claim, withdraw, transfer, to the end');
}

/**
 * 会签 and 流程监控: a street's 区级汇总 returned by one of its two signers, then signed by both (a history stopped
 * with one signature in); an administrator reassigns the head's sign-off, jumps the flow back from city
 * verification, and at last ends it (cancelled, its open task closed with the reason).
 */
async function countersignAndIntervention(year: number) {
  const code = 'BJ-Q01-S02';
  const [clerk, head] = [`${code.toLowerCase()}-clerk`, `${code.toLowerCase()}-head`];
  const id = await startReport(year, code);
  await doTask(clerk, id, 'assign#1', 'complete');
  await doTask(clerk, id, 'self-check#1', 'complete', report);
  await doTask(head, id, 'sign-off#1', 'complete');
  await doTask('bj-q01-go-head', id, 'district-review#1+1', 'return', { toStageKey: 'self-check', reasonCode: 'missing-content', comment: '第二部分数据与上年不衔接' });
  await doTask(clerk, id, 'self-check#2', 'complete', report);
  await doTask(head, id, 'sign-off#2', 'complete');
  await doTask('dc-reviewer', id, 'district-review#2', 'complete', { comment: '已核对' });
  await record('annual-report-countersign-running', id, 'district review countersigned: returned by the office head (closing the clerk\'s task), then signed by the clerk with the head still open');
  await doTask('bj-q01-go-head', id, 'district-review#2+1', 'complete', { comment: '同意' });
  const admin = await as('admin');
  const instance = await instanceOf(id);
  await task(admin, id, 'city-verification#1');
  await must('jump back', admin.post(`/api/flow-instances/${instance}/jump-back`, { toStageKey: 'sign-off', reason: '单位负责人调整，需重新签发' }));
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  const deputy = await stack.prisma.user.create({ data: { login: `${code.toLowerCase()}-deputy-${randomUUID().slice(0, 6)}`, displayName: '新任负责人', orgUnitId: unit.id, roles: ['UNIT_HEAD'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  const signOff = await task(admin, id, 'sign-off#3');
  await must('reassign', admin.post(`/api/flow-instances/${instance}/reassign`, { taskId: signOff.id, toUserId: deputy.id, reason: '原负责人离任' }));
  await doTask(deputy.login, id, 'sign-off#3', 'complete');
  await districtSigns(id, 3);
  await task(admin, id, 'city-verification#2');
  await must('end', admin.post(`/api/flow-instances/${instance}/end`, { reason: '该街道并入相邻街道，不再单独报送' }));
  await record('annual-report-intervention-cancelled', id, 'countersigned district review; an administrator jumps back to sign-off, reassigns it, and ends the flow at city verification');
}

/**
 * 会签 set by an administrator in 环节设置 (COUNTERSIGN_SETTING_PATCH): sign-off, which declares none, is
 * switched to a countersign of the unit's head and clerk; the head signs, the clerk's task is still open.
 * The setting is removed again afterwards (the test database is shared).
 */
async function countersignSetting(year: number) {
  const code = 'BJ-Q01-S04';
  const [clerk, head] = [`${code.toLowerCase()}-clerk`, `${code.toLowerCase()}-head`];
  const where = { flowKey_key: { flowKey: 'annual-report', key: 'sign-off' } };
  await stack.prisma.stageDefinition.update({ where, data: { countersign: { enabled: true, rule: { kind: 'all' }, signers: [{ role: 'UNIT_HEAD' }, { role: 'CLERK' }] } } });
  try {
    const id = await startReport(year, code);
    await doTask(clerk, id, 'assign#1', 'complete');
    await doTask(clerk, id, 'self-check#1', 'complete', report);
    await doTask(head, id, 'sign-off#1', 'complete', { comment: '同意签发' });
    await task(await as(clerk), id, 'sign-off#1+1');
    await record('annual-report-countersign-setting-running', id, 'sign-off countersigned by an administrator\'s setting (head and clerk): the head signed, the clerk\'s task open');
  } finally {
    await stack.prisma.stageDefinition.update({ where, data: { countersign: Prisma.DbNull } });
  }
}

/**
 * 委托: a district department's head delegates to a deputy while sign-off is open; the open task moves to the
 * deputy (delegateTask update), who returns it on the head's behalf; the next sign-off opens routed to the
 * deputy (DELEGATION_PATCH marker) and the deputy signs it off; the head ends the delegation.
 */
async function annualReportDelegation(year: number) {
  const code = 'BJ-Q01-D08';
  const [clerk, head] = [`${code.toLowerCase()}-clerk`, `${code.toLowerCase()}-head`];
  const id = await startReport(year, code);
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  const login = `${code.toLowerCase()}-deputy-${randomUUID().slice(0, 6)}`;
  const deputy = await stack.prisma.user.create({ data: { login, displayName: '副职负责人', orgUnitId: unit.id, roles: ['UNIT_HEAD'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  await doTask(clerk, id, 'assign#1', 'complete');
  await doTask(clerk, id, 'self-check#1', 'complete', report);
  await task(await as(head), id, 'sign-off#1');
  const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const delegation = await must('delegate', (await as(head)).post('/api/delegations', { delegateId: deputy.id, startDate: day, endDate: day, moveOpenTasks: true }));
  await doTask(login, id, 'sign-off#1', 'return', { toStageKey: 'self-check', reasonCode: 'revise', comment: '请补充第六部分（代为退回）' });
  await doTask(clerk, id, 'self-check#2', 'complete', report);
  await task(await as(login), id, 'sign-off#2');
  await record('annual-report-delegation-running', id, '委托: an open sign-off moved to the delegate, returned on the head\'s behalf; the next sign-off opened routed to the delegate');
  await doTask(login, id, 'sign-off#2', 'complete', { comment: '同意签发（代签）' });
  await must('end delegation', (await as(head)).post(`/api/delegations/${delegation.id}/end`, {}));
  await stack.prisma.user.update({ where: { id: deputy.id }, data: { active: false } });
  await districtSigns(id, 1);
  await doTask('city-verifier', id, 'city-verification#1', 'complete');
  await doTask(clerk, id, 'pre-release#1', 'complete', { result: { publicationDate: `${year + 1}-01-31` } });
  await stack.client.workflow.getHandle(id).result();
  await record('annual-report-delegation-completed', id, '委托: moved and routed sign-offs acted on by the delegate, to the end');
}

/** A street's site closed with an objection during the notice period, then noticed again and closed, 回头看 twice. */
async function closureObjection() {
  const supervisor = await as('supervisor');
  const target = await createSite(supervisor, 'BJ-Q01');
  const site = await createSite(supervisor, 'BJ-Q01-S01', { targetDomain: target.domain, partyGovMark: `党政机关网站标识${Math.floor(Math.random() * 9000 + 1000)}` });
  const id = await planAndApprove(await as('street-clerk'), supervisor, { websiteId: site.id, decision: 'INTEGRATE', targetSiteId: target.id });
  cleanup.push(id);
  const ids = { domain: site.domain, targetSite: target };
  const approve = async () => {
    await completeStage(await as('street-head'), id, 'approval-head', { comment: '同意关停' });
    await completeStage(await as('dc-reviewer'), id, 'approval-office', { comment: '区政府办公室同意' });
    await completeStage(await as('city-verifier'), id, 'approval-city', { comment: '市政府办公厅同意' });
  };
  await completeStage(await as('street-clerk'), id, 'application', stageResult('application', ids));
  await approve();
  await completeStage(await as('street-clerk'), id, 'public-notice', stageResult('public-notice', ids));
  const handle = stack.client.workflow.getHandle(id);
  await eventually(async () => ((await handle.query(closureStateQuery)).phase === 'notice-period' ? true : undefined), 20_000, 'notice period');
  await record('closure-notice-period-running', id, 'closure in its notice period (the timer running), after application and three approval levels');
  await must('objection', (await as('street-clerk')).post(`/api/websites/${site.id}/objections`, { content: '原网站的办事指南尚未迁移，群众无法查询。', source: '12345热线' }));
  await openTask(await as('street-head'), id, 'approval-head');
  await record('closure-objection-running', id, 'closure after an objection in the notice period: back at the unit head (approval-head#2)');
  await approve();
  await completeStage(await as('street-clerk'), id, 'public-notice', stageResult('public-notice', ids));
  await completeStage(await as('street-clerk'), id, 'identifier-deregistration', stageResult('identifier-deregistration', ids));
  await completeStage(await as('street-clerk'), id, 'filing-deregistration', stageResult('filing-deregistration', ids));
  await completeStage(await as('street-clerk'), id, 'domain-deregistration', stageResult('domain-deregistration', ids));
  await waitStatus(supervisor, site.id, 'CLOSED');
  await completeStage(await as('dc-reviewer'), id, 'follow-up-30', stageResult('follow-up-30', ids));
  await completeStage(await as('dc-reviewer'), id, 'follow-up-90', stageResult('follow-up-90', ids));
  await handle.result();
  await record('closure-objection-completed', id, 'closure with an objection in the notice period, noticed again, deregistered, DNS checked, 回头看 at +30 and +90');
}

/** 保留申请 of a city department's site: approved (kept), and rejected (the closure starts). */
async function retention() {
  const supervisor = await as('supervisor');
  const justification = '本网站承载全市发展改革领域的项目申报系统，无法整合，申请保留并按年复核。';
  const start = async () => {
    const site = await createSite(supervisor, 'BJ-D001');
    const id = await planAndApprove(await as('fgw-clerk'), supervisor, { websiteId: site.id, decision: 'KEEP', justification });
    cleanup.push(id);
    await completeStage(await as('fgw-clerk'), id, 'retention-application', { result: { justification } });
    await openTask(await as('city-verifier'), id, 'retention-review');
    return { site, id };
  };
  const kept = await start();
  await record('retention-review-running', kept.id, 'retention application done; the city office\'s review open');
  await completeStage(await as('city-verifier'), kept.id, 'retention-review', { result: { decision: 'approve', reviewDate: `${new Date().getFullYear() + 1}-06-30` } });
  await stack.client.workflow.getHandle(kept.id).result();
  await record('retention-approved-completed', kept.id, 'retention approved: the site is kept with a review date');

  const refused = await start();
  await completeStage(await as('city-verifier'), refused.id, 'retention-review', { result: { decision: 'reject', reason: '功能可由市政务服务网承接' } });
  await completeStage(await as('fgw-clerk'), refused.id, 'application', stageResult('application', {}));
  await openTask(await as('fgw-head'), refused.id, 'approval-head');
  await record('retention-rejected-running', refused.id, 'retention rejected: the closure started, application done, the head\'s approval open');
}

/**
 * A campaign of three departments: one published in its group's centralized round (集中公开), one ready only
 * after the round (published at once), one still at self-check when the round runs.
 */
async function campaign(year: number) {
  const admin = await as('admin');
  const roots = ['BJ-D020', 'BJ-D021', 'BJ-D022'];
  const preview = await must('preview', admin.get(`/api/campaigns/preview?year=${year}&roots=${roots.join(',')}`));
  const launched = await must('launch', admin.post('/api/campaigns', { year, rootCodes: roots, schedule: preview.schedule }));
  cleanup.push(launched.workflowId, ...roots.map((c) => `annual-report/${year}/${c}`));
  const driver = new CampaignDriver(stack.baseUrl, year, admin);
  const publicationDate = `${year + 1}-01-20`;
  for (const code of roots) await driver.openStep(code, 'assign');
  await record('campaign-launched-running', launched.workflowId, 'campaign after its launch, waiting for the publication time');

  await driver.driveToReady('BJ-D020', { publicationDate, returns: ['head', 'city'] });
  await eventually(async () => {
    const u = await stack.prisma.campaignUnit.findFirst({ where: { campaignId: launched.id, orgUnit: { code: 'BJ-D020' } } });
    return u?.state === 'READY' ? u : undefined;
  }, 30_000, 'BJ-D020 ready');
  await record('campaign-unit-ready-running', driver.workflowId('BJ-D020'), 'campaign unit after returns by head and city, ready and waiting for its publication round (statutory-date watch running)');
  await driver.act('BJ-D021', 'assign', 'complete');
  await driver.act('BJ-D022', 'assign', 'complete');

  await must('publish', admin.post(`/api/campaigns/${launched.id}/publish`, { group: 'DEPARTMENT' }));
  await stack.client.workflow.getHandle(driver.workflowId('BJ-D020')).result();
  await record('campaign-unit-published-in-round-completed', driver.workflowId('BJ-D020'), 'campaign unit published in its group\'s centralized round');
  // The campaign's only group has had its round: the campaign ends here; its units publish on their own.
  await stack.client.workflow.getHandle(launched.workflowId).result();
  await record('campaign-completed', launched.workflowId, 'campaign launched, its one round run (publishNow), finished while two units still run');

  await driver.driveToReady('BJ-D021', { publicationDate, fromStage: 'self-check' });
  await stack.client.workflow.getHandle(driver.workflowId('BJ-D021')).result();
  await record('campaign-unit-published-single-completed', driver.workflowId('BJ-D021'), 'campaign unit ready after its round, published at once (round "single")');
  await record('campaign-unit-self-check-running', driver.workflowId('BJ-D022'), 'campaign unit at self-check while its group\'s round has run');
}

/**
 * A calendar change's job over three running steps, one step a batch and two batches a run (the stack's
 * settings below): its first run (plan, two batches, continue-as-new) and its last (a batch, the finish).
 */
async function calendarChange(year: number) {
  const admin = await as('admin');
  for (const code of ['BJ-D040', 'BJ-D041', 'BJ-D042']) {
    const workflowId = await startReport(year, code);
    await task(admin, workflowId, 'assign#1');
  }
  const national = createWorkingCalendar();
  const holiday = national.addWorkingDays(chinaDate(new Date()), 1);
  await stack.prisma.calendarOverride.deleteMany({ where: { date: holiday, name: '区庆（录制）' } });
  const started = await must('apply', admin.post('/api/calendar/changes', { add: [{ date: holiday, kind: 'holiday', name: '区庆（录制）' }] }));
  const handle = stack.client.workflow.getHandle(started.workflowId);
  await handle.result();
  const firstRunId = (await stack.client.workflow.getHandle(started.workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ?? undefined;
  await record('calendar-change-first-run-continued', started.workflowId, 'calendar change job: plan, two batches of one step, continue-as-new with its progress', firstRunId);
  await record('calendar-change-completed', started.workflowId, 'calendar change job: the run after continue-as-new, its last batch and the finish');
  await stack.prisma.calendarOverride.deleteMany({ where: { date: holiday, name: '区庆（录制）' } });
}

/**
 * A campaign unit whose start read last year's report as a local activity (PREVIOUS_REPORT_LOCAL_PATCH): one
 * left at self-check, one published at once after the round.
 */
async function campaignPreviousReportLocal(year: number, name = 'previous-report-local', roots = ['BJ-D023', 'BJ-D024']) {
  const admin = await as('admin');
  const preview = await must('preview', admin.get(`/api/campaigns/preview?year=${year}&roots=${roots.join(',')}`));
  const launched = await must('launch', admin.post('/api/campaigns', { year, rootCodes: roots, schedule: preview.schedule }));
  cleanup.push(launched.workflowId, ...roots.map((c) => `annual-report/${year}/${c}`));
  const driver = new CampaignDriver(stack.baseUrl, year, admin);
  for (const code of roots) await driver.openStep(code, 'assign');
  await driver.act(roots[1], 'assign', 'complete');
  await record(`campaign-unit-${name}-running`, driver.workflowId(roots[1]), `campaign unit whose start reads ran as local activities (${name}), at self-check`);
  await must('publish', admin.post(`/api/campaigns/${launched.id}/publish`, { group: 'DEPARTMENT' }));
  await driver.driveToReady(roots[0], { publicationDate: `${year + 1}-01-20` });
  await stack.client.workflow.getHandle(driver.workflowId(roots[0])).result();
  await record(`campaign-unit-${name}-completed`, driver.workflowId(roots[0]), `campaign unit whose start reads ran as local activities (${name}), ready after its round, published at once`);
}

/**
 * A campaign unit whose report the city returned last year with problems: the run reads its report context
 * (整改 items) at the start, behind patched('annual-report-content-context'), and its self-check is completed
 * with the answers; recorded while sign-off is open.
 */
async function rectification(year: number) {
  const admin = await as('admin');
  const code = 'BJ-D023';
  const last = new CampaignDriver(stack.baseUrl, year - 1, admin);
  await startReport(year - 1, code);
  await last.act(code, 'assign', 'complete');
  await last.act(code, 'self-check', 'complete', { result: { report: longgang2024() } });
  await last.act(code, 'sign-off', 'complete', {});
  await last.act(code, 'city-verification', 'return', { toStageKey: 'self-check', reasonCode: 'city-check', comment: '请整改', problems: ['第五部分未写改进措施'] });
  const preview = await must('preview', admin.get(`/api/campaigns/preview?year=${year}&roots=${code}`));
  const launched = await must('launch', admin.post('/api/campaigns', { year, rootCodes: [code], schedule: preview.schedule }));
  cleanup.push(launched.workflowId, `annual-report/${year}/${code}`);
  const driver = new CampaignDriver(stack.baseUrl, year, admin);
  await driver.act(code, 'assign', 'complete');
  // R5 compares with last year's report: this year's 上年结转 is last year's 结转下年度.
  const report = longgang2024();
  report.t3.carriedOver = { ...report.t3.carryForward };
  for (const c of Object.keys(report.t3.carriedOver) as Array<keyof typeof report.t3.carriedOver>) {
    report.t3.newReceived[c] = report.t3.resultsTotal[c] + report.t3.carryForward[c] - report.t3.carriedOver[c];
  }
  // R6: documents in force carried on from last year's report.
  report.t2.normativeDocs.inForce = longgang2024().t2.normativeDocs.inForce + report.t2.normativeDocs.issued - report.t2.normativeDocs.repealed;
  report.sections.s5 += '针对上一年度全市核查指出的问题，已逐项整改。';
  const items = (await must('self-check', admin.get(`/api/tasks/${(await driver.openStep(code, 'self-check')).id}`))).payload.rectification;
  const answers = items.map((i: { id: string }) => ({ id: i.id, status: 'done', text: '已在第五部分写明改进措施' }));
  await driver.act(code, 'self-check', 'complete', { result: { report, rectification: answers } });
  await driver.openStep(code, 'sign-off');
  await record('campaign-unit-rectification-running', driver.workflowId(code), 'campaign unit whose last year was returned with problems: report context (整改 items) read at the start behind the annual-report-content-context patch, self-check completed with the answers, sign-off open');
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const only = process.argv.slice(2);
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Years after any campaign of the test database, so a second recording never meets CAMPAIGN_EXISTS or a
  // workflow id still known to the server.
  stack = await startStack({
    CLOSURE_NOTICE_PERIOD: '4s', CLOSURE_FOLLOW_UP_AFTER: '1s,2s', CLOSURE_DNS_CHECK: 'true', CALENDAR_CHANGE_BATCH_SIZE: '1', CALENDAR_CHANGE_BATCHES_PER_RUN: '2',
  });
  const last = await stack.prisma.campaign.aggregate({ _max: { year: true } });
  const year = Math.max(2060, (last._max.year ?? 0) + 1);
  const scenarios: Array<[string, () => Promise<void>]> = [
    ['annual-report-returns', () => annualReportReturns(year)],
    ['annual-report-actions', () => annualReportActions(year)],
    ['annual-report-countersign', () => countersignAndIntervention(year)],
    ['annual-report-delegation', () => annualReportDelegation(year)],
    ['countersign-setting', () => countersignSetting(year)],
    ['closure-objection', closureObjection],
    ['retention', retention],
    ['campaign', () => campaign(year + 1)],
    ['calendar-change', () => calendarChange(year + 2)],
    ['campaign-previous-report-local', () => campaignPreviousReportLocal(year + 2)],
    ['rectification', () => rectification(year + 3)],
    // Last year's report and the report context both read as local activities (REPORT_CONTEXT_LOCAL_PATCH).
    ['campaign-context-local', () => campaignPreviousReportLocal(year + 4, 'context-local', ['BJ-D027', 'BJ-D028'])],
  ];
  try {
    for (const [name, run] of scenarios) {
      if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
      process.stdout.write(`${name}\n`);
      await run();
    }
  } finally {
    for (const id of cleanup) {
      const h = stack.client.workflow.getHandle(id);
      await h.cancel().catch(() => undefined);
      await h.result().catch(() => undefined);
    }
    await stack.stop();
  }
  const manifestPath = path.join(HISTORIES_DIR, 'manifest.json');
  const previous: FixtureEntry[] = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : [];
  const merged = [...previous.filter((p) => !recorded.some((r) => r.name === p.name)), ...recorded].sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(manifestPath, `${JSON.stringify(merged, null, 2)}\n`);
  process.stdout.write(`${recorded.length} histories written to ${path.relative(process.cwd(), HISTORIES_DIR)}\n`);
}

if (require.main === module) {
  main().then(() => process.exit(0), (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
