/**
 * Every refusal a flow raises, walked through the real API against the real stack: each is answered with
 * its status (a conflict with the step's state 409, a missing permission 403, bad input 400), its stable
 * code and a Chinese sentence, and changes nothing. The expected statuses are written out here on purpose,
 * independently of the catalogue (domain/step/refusals.ts), and compared with it at the end: a refusal
 * added to a flow without a line here fails the suite.
 *
 * Some refusals are defence in depth: the API's own schema or route rule refuses the same input first
 * (CAUGHT_BY_THE_API, walked too, with the API's answer). Three cannot be reached through any flow of today
 * (UNREACHABLE, with the reason); the workflow tests cover their validators.
 */
import { randomUUID } from 'node:crypto';
import { REFUSALS } from '../../domain/step/refusals';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { hashPassword } from '../../server/passwords';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { ApiSession, cancelWorkflows, eventually, startStack, type ApiResponse, type TestStack } from '../support/stack';
import { stageResult } from '../support/websiteFixtures';
import { act, completeStage, createSite, openTask as openStage, planAndApprove, waitStatus } from '../support/websites';

/** The status each refusal must be answered with: state 409, permission 403, input 400. */
const EXPECTED: Record<string, 400 | 403 | 409> = {
  TASK_NOT_OPEN: 409, WAITING_FOR_APPROVER: 409, ALREADY_CLAIMED: 409, ALREADY_ACTED: 409, ALREADY_PAUSED: 409,
  NOT_PAUSED: 409, TOO_MANY_APPROVERS: 409, NOT_IN_NOTICE_PERIOD: 409, NO_DEADLINE: 409, STATUTORY_DEADLINE: 409,
  NOT_ASSIGNEE: 403, NOT_SUPERVISOR: 403, NOT_ADMIN: 403, NOT_SUBMITTER: 403, RETURN_NOT_ALLOWED: 403,
  INVALID_ACTION: 400, INVALID_REQUEST_ID: 400, COMMENT_REQUIRED: 400, INVALID_COMMENT: 400, INVALID_RESULT: 400,
  INVALID_RETURN_TARGET: 400, REASON_REQUIRED: 400, INVALID_PROBLEMS: 400, INVALID_TRANSFER_TARGET: 400,
  INVALID_POSITION: 400, INVALID_APPROVER: 400, INVALID_CC: 400, INVALID_EXTENSION: 400, INVALID_RESCHEDULE: 400,
  REPORT_INVALID: 400, REPORT_WARNINGS_UNCONFIRMED: 400, INVALID_PUBLICATION_DATE: 400,
  MIGRATION_PLAN_REQUIRED: 400, EVIDENCE_REQUIRED: 400, NOTICE_URL_REQUIRED: 400, FOLLOW_UP_INCOMPLETE: 400,
  FINDINGS_REQUIRED: 400, JUSTIFICATION_REQUIRED: 400, REVIEW_DATE_REQUIRED: 400, RETENTION_DECISION_REQUIRED: 400,
  OBJECTION_REQUIRED: 400, NOT_DELEGATOR: 403, INVALID_DELEGATE: 400,
  COUNTERSIGN_FIXED_SIGNERS: 409, NO_OPEN_STEP: 409, FLOW_ENDING: 409, INVALID_REASSIGN_TARGET: 400, UNKNOWN_STAGE: 400,
};

/** Refused by the API before the workflow is asked, with the API's own answer. */
const CAUGHT_BY_THE_API: Record<string, [number, string]> = {
  INVALID_REQUEST_ID: [400, 'VALIDATION_FAILED'],
  INVALID_COMMENT: [400, 'VALIDATION_FAILED'],
  INVALID_RESULT: [400, 'VALIDATION_FAILED'],
  INVALID_PROBLEMS: [400, 'VALIDATION_FAILED'],
  INVALID_POSITION: [400, 'VALIDATION_FAILED'],
  INVALID_CC: [400, 'VALIDATION_FAILED'],
  INVALID_EXTENSION: [400, 'VALIDATION_FAILED'],
  OBJECTION_REQUIRED: [400, 'VALIDATION_FAILED'],
  NOT_SUPERVISOR: [403, 'FORBIDDEN'],
  NOT_ADMIN: [403, 'FORBIDDEN'],
};

/** Not reachable through the API with today's flows. */
const UNREACHABLE: Record<string, string> = {
  INVALID_ACTION: 'the API always sends the update an object it built itself',
  NO_DEADLINE: 'every stage of both flows opens with a deadline',
  INVALID_RESCHEDULE: 'the API builds a calendar reschedule itself, from the preview it computed',
  STATUTORY_DEADLINE: 'no stage of today\'s flows is a step with a statutory deadline (the publication wait is not a step)',
  INVALID_DELEGATE: 'the API moves a task only to its delegation\'s delegate, checked to hold the same post in the same unit when the delegation was made',
  NO_OPEN_STEP: 'a run is in 流程监控 only with a step open; a jump sent while a closure\'s notice period or a campaign unit\'s wait runs is timing-bound (test/unit/countersign.test.ts checks the rule)',
  FLOW_ENDING: 'the API cancels the run right after recording its end, so a second intervention meets FLOW_FINISHED first (test/unit/countersign.test.ts checks the rule)',
};

let stack: TestStack;
const s: Record<string, ApiSession> = {};
const started: string[] = [];
const walked = new Map<string, ApiResponse>();

beforeAll(async () => {
  stack = await startStack({ CLOSURE_NOTICE_PERIOD: '3s', CLOSURE_FOLLOW_UP_AFTER: '1s,1s', CLOSURE_DNS_CHECK: 'false' });
  for (const login of ['admin', 'supervisor', 'city-verifier', 'fgw-clerk', 'fgw-head']) s[login] = await ApiSession.login(stack.baseUrl, login);
}, 120_000);

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

/** Records what the API answered for a refusal; the assertions compare it with EXPECTED / CAUGHT_BY_THE_API. */
function refused(code: string, res: ApiResponse) {
  walked.set(code, res);
  const [status, answered] = CAUGHT_BY_THE_API[code] ?? [EXPECTED[code], code];
  expect({ code, status: res.status, answered: res.body?.error?.code }).toEqual({ code, status, answered });
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|ApplicationFailure|WorkflowUpdateFailedError/);
}

/** A city department's report of 2024 that nothing else in this file uses, with its clerk and head. */
const usedUnits = new Set<string>();
async function newReport() {
  const units = await stack.prisma.orgUnit.findMany({ where: { code: { startsWith: 'BJ-D03' } }, orderBy: { code: 'asc' }, select: { code: true } });
  const code = units.map((u) => u.code).find((c) => !usedUnits.has(c))!;
  usedUnits.add(code);
  const res = await s.admin.post('/api/annual-reports', { orgUnitCode: code, year: 2024 });
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  const clerk = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-clerk`);
  const head = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-head`);
  return { code, executionId: res.body.executionId as string, workflowId: res.body.workflowId as string, clerk, head };
}
type Report = Awaited<ReturnType<typeof newReport>>;

async function openTask(session: ApiSession, r: Report, stepKey: string, position = 'main') {
  return eventually(async () => {
    const res = await session.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ workflowId: r.workflowId, status: 'OPEN' }))}&range=${encodeURIComponent('[0,99]')}`);
    return res.body.find?.((t: any) => t.executionId === r.executionId && t.stepKey === stepKey && t.position === position);
  }, 20_000, `open task ${stepKey} (${position})`);
}

async function userIn(code: string, roles: Array<'CLERK' | 'UNIT_HEAD'>) {
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  const login = `${code.toLowerCase()}-refusals-${randomUUID().slice(0, 8)}`;
  return stack.prisma.user.create({ data: { login, displayName: '测试人员', orgUnitId: unit.id, roles, passwordHash: await hashPassword(DEMO_PASSWORD) } });
}

const ok = (res: ApiResponse) => expect({ status: res.status, error: res.body?.error }).toEqual({ status: 200, error: undefined });

describe('the human step\'s refusals, through the API', () => {
  it('on an open assignment: permissions, the clock, claims, transfers, approvers and malformed bodies', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r, 'assign#1');
    const headUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: `${r.code.toLowerCase()}-head` } });
    const clerkUser = await stack.prisma.user.findUniqueOrThrow({ where: { login: `${r.code.toLowerCase()}-clerk` } });

    refused('NOT_ASSIGNEE', await act(r.head, assign.id, 'complete'));
    refused('INVALID_REQUEST_ID', await r.clerk.post(`/api/tasks/${assign.id}/complete`, { requestId: 'short' }));
    refused('INVALID_COMMENT', await act(r.clerk, assign.id, 'complete', { comment: '长'.repeat(2001) }));
    refused('INVALID_RESULT', await act(r.clerk, assign.id, 'complete', { result: [] }));
    refused('NOT_SUPERVISOR', await act(r.clerk, assign.id, 'extend', { workingDays: 2, reason: '需要' }));
    refused('INVALID_EXTENSION', await act(s.supervisor, assign.id, 'extend', { workingDays: 0, reason: '需要' }));
    refused('COMMENT_REQUIRED', await act(s.supervisor, assign.id, 'pause', { reason: ' ' }));
    refused('NOT_PAUSED', await act(s.supervisor, assign.id, 'resume'));
    ok(await act(s.supervisor, assign.id, 'pause', { reason: '等待上级来文' }));
    refused('ALREADY_PAUSED', await act(s.supervisor, assign.id, 'pause', { reason: '再次暂停' }));
    ok(await act(s.supervisor, assign.id, 'resume'));
    refused('INVALID_TRANSFER_TARGET', await act(r.clerk, assign.id, 'transfer', { toUserId: headUser.id }));
    refused('INVALID_APPROVER', await act(r.clerk, assign.id, 'add-approver', { userId: clerkUser.id, position: 'after' }));
    refused('INVALID_POSITION', await act(r.clerk, assign.id, 'add-approver', { userId: headUser.id, position: 'beside' }));
    refused('INVALID_CC', await act(r.clerk, assign.id, 'cc', { userIds: [] }));
    ok(await act(r.clerk, assign.id, 'claim'));
    refused('ALREADY_CLAIMED', await act(r.clerk, assign.id, 'claim'));

    // 加签 before: the clerk waits for the head, who may not return the step.
    ok(await act(r.clerk, assign.id, 'add-approver', { userId: headUser.id, position: 'before' }));
    refused('WAITING_FOR_APPROVER', await act(r.clerk, assign.id, 'complete'));
    const before = await openTask(r.head, r, 'assign#1', 'before').catch(async () => {
      const rows = await stack.prisma.task.findMany({ where: { executionId: r.executionId, status: 'OPEN', position: 'before' } });
      return rows[0];
    });
    refused('RETURN_NOT_ALLOWED', await act(r.head, before.id, 'return', { toStageKey: 'assign', reasonCode: 'x', comment: '退回' }));

    expect((await r.clerk.get(`/api/tasks/${assign.id}`)).body.status).toBe('OPEN');
  });

  it('on a step with ten assignments, an eleventh approver is refused', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r, 'assign#1');
    for (let i = 0; i < 9; i++) {
      const u = await userIn(r.code, ['CLERK']);
      ok(await act(r.clerk, assign.id, 'add-approver', { userId: u.id, position: 'after' }));
    }
    const eleventh = await userIn(r.code, ['CLERK']);

    refused('TOO_MANY_APPROVERS', await act(r.clerk, assign.id, 'add-approver', { userId: eleventh.id, position: 'after' }));
  });

  it('along the annual report: its form checks, returns, withdrawals and a task already done', async () => {
    const r = await newReport();
    const assign = await openTask(r.clerk, r, 'assign#1');
    ok(await act(r.clerk, assign.id, 'complete'));
    refused('TASK_NOT_OPEN', await act(r.clerk, assign.id, 'complete'));

    const selfCheck = await openTask(r.clerk, r, 'self-check#1');
    refused('NOT_SUBMITTER', await act(r.head, selfCheck.id, 'withdraw'));
    refused('REPORT_INVALID', await act(r.clerk, selfCheck.id, 'complete'));
    const contradicting = longgang2024();
    contradicting.sections.s1 += '全年共收到政府信息公开申请70件。';
    refused('REPORT_WARNINGS_UNCONFIRMED', await act(r.clerk, selfCheck.id, 'complete', { result: { report: contradicting } }));
    ok(await act(r.clerk, selfCheck.id, 'complete', { result: { report: longgang2024() } }));

    const signOff = await openTask(r.head, r, 'sign-off#1');
    refused('INVALID_RETURN_TARGET', await act(r.head, signOff.id, 'return', { toStageKey: 'pre-release', reasonCode: 'x', comment: '退回' }));
    refused('INVALID_PROBLEMS', await act(r.head, signOff.id, 'return', { toStageKey: 'self-check', reasonCode: 'x', comment: '退回', problems: [] }));
    ok(await act(r.head, signOff.id, 'claim'));
    refused('ALREADY_ACTED', await act(r.clerk, selfCheck.id, 'withdraw'));
    ok(await act(r.head, signOff.id, 'complete', { comment: '同意签发' }));

    const verification = await openTask(s['city-verifier'], r, 'city-verification#1');
    ok(await act(s['city-verifier'], verification.id, 'complete', { comment: '核查通过' }));
    const preRelease = await openTask(r.clerk, r, 'pre-release#1');
    refused('INVALID_PUBLICATION_DATE', await act(r.clerk, preRelease.id, 'complete', { result: { publicationDate: '2020-01-01' } }));
    refused('NOT_ADMIN', await s.supervisor.request('PUT', '/api/stages/00000000-0000-4000-8000-000000000000', { workingDays: 5, applyToRunning: true }));
  });
});

describe('会签 and 流程监控 refusals, through the API', () => {
  it('a countersigned 区级汇总 takes no added approver; an administrator\'s reassign and jump back refuse a wrong post and an unknown stage', async () => {
    const res = await s.admin.post('/api/annual-reports', { orgUnitCode: 'BJ-Q01-S05', year: 2024 });
    expect(res.status).toBe(201);
    started.push(res.body.workflowId);
    const r = { code: 'BJ-Q01-S05', executionId: res.body.executionId as string, workflowId: res.body.workflowId as string };
    const clerk = await ApiSession.login(stack.baseUrl, 'bj-q01-s05-clerk');
    const head = await ApiSession.login(stack.baseUrl, 'bj-q01-s05-head');
    const reviewer = await ApiSession.login(stack.baseUrl, 'dc-reviewer');
    ok(await act(clerk, (await openTask(clerk, { ...r, clerk, head }, 'assign#1')).id, 'complete'));
    ok(await act(clerk, (await openTask(clerk, { ...r, clerk, head }, 'self-check#1')).id, 'complete', { result: { report: longgang2024() } }));
    ok(await act(head, (await openTask(head, { ...r, clerk, head }, 'sign-off#1')).id, 'complete'));
    const signer = await openTask(reviewer, { ...r, clerk, head }, 'district-review#1');
    const officeHead = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-q01-go-head' } });
    refused('COUNTERSIGN_FIXED_SIGNERS', await act(reviewer, signer.id, 'add-approver', { userId: officeHead.id, position: 'after' }));
    refused('INVALID_REASSIGN_TARGET', await s.admin.post(`/api/flow-instances/${r.executionId}/reassign`, { taskId: signer.id, toUserId: officeHead.id, reason: '改派' }));
    refused('UNKNOWN_STAGE', await s.admin.post(`/api/flow-instances/${r.executionId}/jump-back`, { toStageKey: 'no-such-stage', reason: '重新自查' }));
  }, 120_000);
});

describe('the website closure\'s refusals, through the API', () => {
  it('from the retention application to 回头看: every form check, and objections outside the notice period', async () => {
    const site = await createSite(s.supervisor, 'BJ-D001');
    const justification = '本网站承载全市发展改革领域的项目申报系统，无法整合，申请保留并按年复核。';
    const workflowId = await planAndApprove(s['fgw-clerk'], s.supervisor, { websiteId: site.id, decision: 'KEEP', justification });
    started.push(workflowId);

    const application = await openStage(s['fgw-clerk'], workflowId, 'retention-application');
    refused('JUSTIFICATION_REQUIRED', await act(s['fgw-clerk'], application.id, 'complete', { result: { justification: '需要保留' } }));
    ok(await act(s['fgw-clerk'], application.id, 'complete', { result: { justification } }));

    const review = await openStage(s['city-verifier'], workflowId, 'retention-review');
    refused('RETENTION_DECISION_REQUIRED', await act(s['city-verifier'], review.id, 'complete', { result: {} }));
    refused('REVIEW_DATE_REQUIRED', await act(s['city-verifier'], review.id, 'complete', { result: { decision: 'approve' } }));
    refused('REASON_REQUIRED', await act(s['city-verifier'], review.id, 'complete', { result: { decision: 'reject' } }));
    ok(await act(s['city-verifier'], review.id, 'complete', { result: { decision: 'reject', reason: '功能可由市政务服务网承接' } }));

    const closure = await openStage(s['fgw-clerk'], workflowId, 'application');
    refused('MIGRATION_PLAN_REQUIRED', await act(s['fgw-clerk'], closure.id, 'complete', { result: {} }));
    refused('NOT_IN_NOTICE_PERIOD', await s['fgw-clerk'].post(`/api/websites/${site.id}/objections`, { content: '公示前的异议' }));
    ok(await act(s['fgw-clerk'], closure.id, 'complete', stageResult('application', {})));
    await completeStage(s['fgw-head'], workflowId, 'approval-head');
    await completeStage(s['city-verifier'], workflowId, 'approval-city');

    const notice = await openStage(s['fgw-clerk'], workflowId, 'public-notice');
    refused('NOTICE_URL_REQUIRED', await act(s['fgw-clerk'], notice.id, 'complete', { result: { oldSiteNoticeUrl: 'notice.html' } }));
    ok(await act(s['fgw-clerk'], notice.id, 'complete', stageResult('public-notice', { domain: site.domain })));
    await waitStatus(s.supervisor, site.id, 'NOTICE');
    refused('OBJECTION_REQUIRED', await s['fgw-clerk'].post(`/api/websites/${site.id}/objections`, { content: '  ' }));

    const identifier = await openStage(s['fgw-clerk'], workflowId, 'identifier-deregistration', 40_000);
    refused('EVIDENCE_REQUIRED', await act(s['fgw-clerk'], identifier.id, 'complete', { result: {} }));
    ok(await act(s['fgw-clerk'], identifier.id, 'complete', stageResult('identifier-deregistration', {})));
    await completeStage(s['fgw-clerk'], workflowId, 'filing-deregistration', stageResult('filing-deregistration', {}));
    await completeStage(s['fgw-clerk'], workflowId, 'domain-deregistration', stageResult('domain-deregistration', {}));

    const followUp = await openStage(s['city-verifier'], workflowId, 'follow-up-30', 40_000);
    refused('FOLLOW_UP_INCOMPLETE', await act(s['city-verifier'], followUp.id, 'complete', { result: { siteDown: true } }));
    refused('FINDINGS_REQUIRED', await act(s['city-verifier'], followUp.id, 'complete', { result: { siteDown: false, noNewUnapprovedSite: true } }));
    expect((await s['city-verifier'].get(`/api/tasks/${followUp.id}`)).body.status).toBe('OPEN');
  }, 180_000);
});

describe('委托\'s refusals, through the API', () => {
  it('a clerk may not set a delegation for someone else (the workflow\'s own check refuses moving a task for anyone but the delegator)', async () => {
    const [head, deputy] = await Promise.all(['fgw-head', 'street-head'].map((login) => stack.prisma.user.findUniqueOrThrow({ where: { login } })));
    refused('NOT_DELEGATOR', await s['fgw-clerk'].post('/api/delegations', { delegatorId: head.id, delegateId: deputy.id, startDate: '2099-01-01', endDate: '2099-01-02' }));
  });
});

describe('the walk', () => {
  it('covers every refusal of the catalogue: walked, caught by the API first, or unreachable with a reason', () => {
    const accounted = [...walked.keys(), ...Object.keys(UNREACHABLE)].sort();
    expect(accounted).toEqual(Object.keys(REFUSALS).sort());
  });

  it('expects of each refusal the status the catalogue gives it', () => {
    const catalogue = Object.fromEntries(Object.entries(REFUSALS).map(([code, r]) => [code, { conflict: 409, forbidden: 403, invalid: 400 }[r.kind]]));
    expect(catalogue).toEqual(EXPECTED);
  });
});
