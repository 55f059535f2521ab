/**
 * The step's checks as pure functions: a state and an input in, a refusal (code and sentence) or nothing
 * out. No Temporal here; the workflow runs the same functions in its update validators and again in the
 * handlers after every wait (test/workflows/humanStepRaces.test.ts covers that side).
 */
import type { Actor } from '../../domain/step';
import type { StepRecord } from '../../workflows/humanStep/messages';
import {
  activeAssignment, validateAddApprover, validateCc, validateClaim, validateComplete, validateExtend, validatePause, validateRequest,
  validateReschedule, validateResume, validateReturn, validateTransfer, validateWithdraw, type StepView,
} from '../../workflows/humanStep/validators';

const unit = 'unit-1';
const clerk: Actor = { userId: 'u-clerk', login: 'clerk', orgUnitId: unit, roles: ['CLERK'] };
const colleague: Actor = { userId: 'u-colleague', login: 'colleague', orgUnitId: unit, roles: ['CLERK'] };
const head: Actor = { userId: 'u-head', login: 'head', orgUnitId: unit, roles: ['UNIT_HEAD'] };
const supervisor: Actor = { userId: 'u-sup', login: 'supervisor', orgUnitId: 'city', roles: ['SUPERVISOR'] };
const admin: Actor = { userId: 'u-admin', login: 'admin', orgUnitId: 'city', roles: ['ADMIN'] };
const rid = 'request-0001';

function step(stageKey: string, round: number, over: Partial<StepRecord> = {}): StepRecord {
  const stepKey = `${stageKey}#${round}`;
  return {
    stepKey, stageKey, round, orgUnitId: unit, assigneeRole: stageKey === 'sign-off' ? 'UNIT_HEAD' : 'CLERK', status: 'OPEN',
    assignments: [{ taskKey: stepKey, taskId: `t-${stepKey}`, position: 'main', orgUnitId: unit, assigneeRole: stageKey === 'sign-off' ? 'UNIT_HEAD' : 'CLERK', assigneeUserId: null, status: 'OPEN' }],
    startedAt: '2026-01-05T00:00:00.000Z', deadlineAt: '2026-01-20T15:59:59.999Z', statutory: false, rungs: [], firedRungs: [], pausedAt: null,
    actedOn: false, opened: true, ccUserIds: [], ...over,
  };
}

/** assign done by the clerk, self-check open (the clerk's), sign-off still ahead. */
function state(over: { open?: Partial<StepRecord>; check?: StepView['resultCheck'] } = {}): StepView {
  const assign = step('assign', 1, { status: 'COMPLETED', completedBy: clerk.userId });
  assign.assignments[0].status = 'COMPLETED';
  const open = step('self-check', 1, over.open);
  return { steps: [assign, open], open, sequence: ['assign', 'self-check', 'sign-off'], resultCheck: over.check ?? (() => undefined) };
}

describe('the step\'s pure checks', () => {
  it('refuse a request without a usable request id, and pass one with it', () => {
    expect(validateRequest(null)?.code).toBe('INVALID_ACTION');
    expect(validateRequest({ requestId: 'x' })?.code).toBe('INVALID_REQUEST_ID');
    expect(validateRequest({ requestId: rid })).toBeUndefined();
  });

  it('let the assignee complete, and refuse a clerk of another unit with NOT_ASSIGNEE and a sentence', () => {
    expect(validateComplete(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk })).toBeUndefined();
    expect(validateComplete(state(), { taskKey: 'self-check#1', requestId: rid, actor: { ...clerk, orgUnitId: 'other' } }))
      .toEqual({ code: 'NOT_ASSIGNEE', message: '您不是该待办的办理人，无权办理。' });
  });

  it('refuse an action on a task that is not the open one with TASK_NOT_OPEN', () => {
    expect(validateComplete(state(), { taskKey: 'assign#1', requestId: rid, actor: clerk })?.code).toBe('TASK_NOT_OPEN');
    expect(validateComplete(state({ open: { status: 'COMPLETED' } }), { taskKey: 'self-check#1', requestId: rid, actor: clerk })?.code).toBe('TASK_NOT_OPEN');
  });

  it('pass the flow\'s own form check\'s refusal through, whether returned or thrown', () => {
    const returned = state({ check: () => () => ({ code: 'REPORT_INVALID', message: '请填写年度报告内容后再提交自查。' }) });
    expect(validateComplete(returned, { taskKey: 'self-check#1', requestId: rid, actor: clerk })?.code).toBe('REPORT_INVALID');
    const thrown = state({ check: () => () => { throw Object.assign(new Error('缺少凭证'), { type: 'EVIDENCE_REQUIRED' }); } });
    expect(validateComplete(thrown, { taskKey: 'self-check#1', requestId: rid, actor: clerk })).toEqual({ code: 'EVIDENCE_REQUIRED', message: '缺少凭证' });
    const bug = state({ check: () => () => { throw new TypeError('boom'); } });
    expect(() => validateComplete(bug, { taskKey: 'self-check#1', requestId: rid, actor: clerk })).toThrow(TypeError);
  });

  it('refuse a malformed result or an overlong comment', () => {
    expect(validateComplete(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, result: [] as never })?.code).toBe('INVALID_RESULT');
    expect(validateComplete(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, comment: 'x'.repeat(2001) })?.code).toBe('INVALID_COMMENT');
  });

  it('make the main assignee wait while an approver added before is open', () => {
    const s = state();
    s.open!.assignments.push({ taskKey: 'self-check#1+1', taskId: 't2', position: 'before', orgUnitId: unit, assigneeRole: 'CLERK', assigneeUserId: colleague.userId, status: 'OPEN' });
    expect(activeAssignment(s.open!)?.taskKey).toBe('self-check#1+1');
    expect(validateComplete(s, { taskKey: 'self-check#1', requestId: rid, actor: clerk })?.code).toBe('WAITING_FOR_APPROVER');
    expect(validateComplete(s, { taskKey: 'self-check#1+1', requestId: rid, actor: colleague })).toBeUndefined();
  });

  it('allow a return only to an earlier stage that ran, with a reason and a comment', () => {
    const ok = { taskKey: 'self-check#1', requestId: rid, actor: clerk, toStageKey: 'assign', reasonCode: 'incomplete', comment: '请补充' };
    expect(validateReturn(state(), ok)).toBeUndefined();
    expect(validateReturn(state(), { ...ok, toStageKey: 'sign-off' })?.code).toBe('INVALID_RETURN_TARGET');
    expect(validateReturn(state(), { ...ok, reasonCode: '' })?.code).toBe('REASON_REQUIRED');
    expect(validateReturn(state(), { ...ok, comment: ' ' })?.code).toBe('COMMENT_REQUIRED');
    expect(validateReturn(state(), { ...ok, problems: [''] })?.code).toBe('INVALID_PROBLEMS');
  });

  it('transfer only to another holder of the same role in the same unit', () => {
    expect(validateTransfer(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, toUser: colleague })).toBeUndefined();
    expect(validateTransfer(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, toUser: head })?.code).toBe('INVALID_TRANSFER_TARGET');
    expect(validateTransfer(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, toUser: clerk })?.message).toBe('不能转交给自己。');
  });

  it('refuse a claim of a task that already has its person', () => {
    expect(validateClaim(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk })).toBeUndefined();
    const claimed = state();
    claimed.open!.assignments[0].assigneeUserId = clerk.userId;
    expect(validateClaim(claimed, { taskKey: 'self-check#1', requestId: rid, actor: clerk })?.code).toBe('ALREADY_CLAIMED');
  });

  it('check an added approver: a position, not oneself, at most ten', () => {
    const ok = { taskKey: 'self-check#1', requestId: rid, actor: clerk, approver: colleague, position: 'after' as const };
    expect(validateAddApprover(state(), ok)).toBeUndefined();
    expect(validateAddApprover(state(), { ...ok, position: 'middle' as never })?.code).toBe('INVALID_POSITION');
    expect(validateAddApprover(state(), { ...ok, approver: clerk })?.code).toBe('INVALID_APPROVER');
    const full = state();
    for (let n = 1; n < 10; n++) full.open!.assignments.push({ ...full.open!.assignments[0], taskKey: `self-check#1+${n}`, position: 'after', status: 'COMPLETED' });
    expect(validateAddApprover(full, ok)?.code).toBe('TOO_MANY_APPROVERS');
  });

  it('cc one to fifty people', () => {
    expect(validateCc(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, userIds: ['a'] })).toBeUndefined();
    expect(validateCc(state(), { taskKey: 'self-check#1', requestId: rid, actor: clerk, userIds: [] })?.code).toBe('INVALID_CC');
  });

  it('let only the previous stage\'s submitter withdraw, and only before the next stage was acted on', () => {
    expect(validateWithdraw(state(), { requestId: rid, actor: clerk })).toBeUndefined();
    expect(validateWithdraw(state(), { requestId: rid, actor: colleague })?.code).toBe('NOT_SUBMITTER');
    expect(validateWithdraw(state({ open: { actedOn: true } }), { requestId: rid, actor: clerk })?.code).toBe('ALREADY_ACTED');
    expect(validateWithdraw(state({ open: { status: 'COMPLETED' } }), { requestId: rid, actor: clerk })?.code).toBe('TASK_NOT_OPEN');
  });

  it('when the submitter withdraws after a colleague completed the next stage (a race the submitter lost), refuse with ALREADY_ACTED (409), not NOT_SUBMITTER', () => {
    // assign done by the clerk, self-check done at the same moment by a colleague, sign-off now open.
    const assign = step('assign', 1, { status: 'COMPLETED', completedBy: clerk.userId });
    const selfCheck = step('self-check', 1, { status: 'COMPLETED', completedBy: colleague.userId });
    const signOff = step('sign-off', 1);
    const moved: StepView = { steps: [assign, selfCheck, signOff], open: signOff, sequence: ['assign', 'self-check', 'sign-off'], resultCheck: () => undefined };
    expect(validateWithdraw(moved, { requestId: rid, actor: clerk })?.code).toBe('ALREADY_ACTED');
    // Someone who submitted nothing in the flow is still told they are not the submitter.
    expect(validateWithdraw(moved, { requestId: rid, actor: { ...clerk, userId: 'stranger' } })?.code).toBe('NOT_SUBMITTER');
  });

  it('leave the clock to supervisors: extend 1–60 working days, pause once, resume only a paused clock, never a statutory date', () => {
    const base = { taskKey: 'self-check#1', requestId: rid };
    expect(validateExtend(state(), { ...base, actor: supervisor, workingDays: 5, reason: '等待来文' })).toBeUndefined();
    expect(validateExtend(state(), { ...base, actor: clerk, workingDays: 5, reason: '等待来文' })?.code).toBe('NOT_SUPERVISOR');
    expect(validateExtend(state(), { ...base, actor: supervisor, workingDays: 61, reason: '等待来文' })?.code).toBe('INVALID_EXTENSION');
    expect(validateExtend(state({ open: { statutory: true } }), { ...base, actor: supervisor, workingDays: 5, reason: '等待来文' })?.code).toBe('STATUTORY_DEADLINE');
    expect(validatePause(state({ open: { pausedAt: '2026-01-06T00:00:00.000Z' } }), { ...base, actor: supervisor, reason: '等待' })?.code).toBe('ALREADY_PAUSED');
    expect(validateResume(state(), { ...base, actor: supervisor })?.code).toBe('NOT_PAUSED');
    expect(validateResume(state({ open: { pausedAt: '2026-01-06T00:00:00.000Z' } }), { ...base, actor: supervisor })).toBeUndefined();
  });

  it('let only an administrator reschedule a main task', () => {
    expect(validateReschedule(state(), { taskKey: 'self-check#1', requestId: rid, actor: admin, reason: '环节设置调整' })).toBeUndefined();
    expect(validateReschedule(state(), { taskKey: 'self-check#1', requestId: rid, actor: supervisor, reason: '环节设置调整' })?.code).toBe('NOT_ADMIN');
  });

  it('refuse a stage change on a statutory step but let a calendar change re-plan its rungs', () => {
    const statutory = state({ open: { statutory: true } });
    expect(validateReschedule(statutory, { taskKey: 'self-check#1', requestId: rid, actor: admin, reason: '环节设置调整' })?.code).toBe('STATUTORY_DEADLINE');
    expect(validateReschedule(statutory, { taskKey: 'self-check#1', requestId: rid, actor: admin, reason: '节假日日历调整', cause: 'stage' })?.code).toBe('STATUTORY_DEADLINE');
    expect(validateReschedule(statutory, { taskKey: 'self-check#1', requestId: rid, actor: admin, reason: '节假日日历调整', cause: 'calendar' })).toBeUndefined();
    expect(validateReschedule(state({ open: { fixedDue: true } }), { taskKey: 'self-check#1', requestId: rid, actor: admin, reason: '节假日日历调整', cause: 'calendar' })).toBeUndefined();
  });

  it('let a calendar change recount a working-day step only with its working days and a reason', () => {
    const base = { taskKey: 'self-check#1', requestId: rid, actor: admin, cause: 'calendar' as const };
    expect(validateReschedule(state(), { ...base, reason: '节假日日历调整', workingDays: 12 })).toBeUndefined();
    expect(validateReschedule(state(), { ...base, reason: '节假日日历调整' })?.code).toBe('INVALID_RESCHEDULE');
    expect(validateReschedule(state(), { ...base, reason: '节假日日历调整', workingDays: 1.5 })?.code).toBe('INVALID_RESCHEDULE');
    expect(validateReschedule(state(), { ...base, reason: '节假日日历调整', workingDays: 401 })?.code).toBe('INVALID_RESCHEDULE');
    expect(validateReschedule(state(), { ...base, reason: ' ', workingDays: 12 })?.code).toBe('COMMENT_REQUIRED');
    expect(validateReschedule(state(), { ...base, cause: 'other' as never, reason: '节假日日历调整', workingDays: 12 })?.code).toBe('INVALID_RESCHEDULE');
    expect(validateReschedule(state(), { ...base, actor: supervisor, reason: '节假日日历调整', workingDays: 12 })?.code).toBe('NOT_ADMIN');
  });
});
