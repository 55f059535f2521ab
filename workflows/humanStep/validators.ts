/**
 * The human step's checks, as pure functions `(state, input) => Refusal | undefined`: no Temporal here, so
 * they are unit-tested on plain objects (test/unit/humanStepValidators.test.ts). The engine runs each one
 * twice, the way Temporal's safe-message-handlers sample does: in the update's validator, so a refused
 * action never enters history, and again inside the handler once it holds the step's lock, because
 * another handler may have changed the step while this one waited.
 */
import type { Actor, AssignmentPosition, Refusal, Role } from '../../domain/step';
import type {
  ActionBase, AddApproverInput, Assignment, CcTaskInput, ClaimTaskInput, CompleteTaskInput, EndFlowInput, ExtendDeadlineInput, JumpBackInput,
  PauseClockInput, ReassignTaskInput, RescheduleInput, ResultCheck, ResumeClockInput, ReturnTaskInput, StepRecord, TransferTaskInput, WithdrawInput,
} from './messages';

export type { Refusal };

/** What the checks read of a workflow's steps. */
export interface StepView {
  readonly steps: readonly StepRecord[];
  readonly open: StepRecord | null;
  /** The flow's stage keys in order (退回 goes only backwards along it). */
  readonly sequence: readonly string[];
  /** Set once an administrator ended the flow: no intervention follows an end. */
  readonly ending?: { reason: string } | null;
  /** The flow's own form check of a completion, for the step with this key. */
  resultCheck(stepKey: string): ResultCheck | undefined;
}

export type Validator<I> = (state: StepView, input: I) => Refusal | undefined;

const REQUEST_ID = /^[\w-]{8,100}$/;
const REASON_CODE = /^[\w-]{1,50}$/;
const SUPERVISING_ROLES: Role[] = ['SUPERVISOR', 'ADMIN'];
const ORDER: AssignmentPosition[] = ['before', 'main', 'after'];

/** Thrown inside this module only, caught by `check`: lets each rule read as a short sequence of guards. */
class Refused {
  constructor(readonly refusal: Refusal) {}
}
function refuse(code: string, message: string): never {
  throw new Refused({ code, message });
}

/**
 * Runs a rule and answers its refusal. A flow's own form check (StageSpec.validateResult) may throw
 * `rejectAction(code, message)`: anything thrown with a string `type` and `message` is taken as that
 * refusal; any other error is a bug and propagates.
 */
function check(rule: () => void): Refusal | undefined {
  try {
    rule();
    return undefined;
  } catch (err) {
    if (err instanceof Refused) return err.refusal;
    const e = err as { type?: unknown; message?: unknown } | null;
    if (e && typeof e.type === 'string' && typeof e.message === 'string') return { code: e.type, message: e.message };
    throw err;
  }
}

// --- what every action shares ----------------------------------------------------------------------------

/** The request's own shape: an object with a usable request id (checked before anything else). */
export function validateRequest(input: unknown): Refusal | undefined {
  if (!input || typeof input !== 'object') return { code: 'INVALID_ACTION', message: '操作内容不完整。' };
  const id = (input as { requestId?: unknown }).requestId;
  if (typeof id !== 'string' || !REQUEST_ID.test(id)) return { code: 'INVALID_REQUEST_ID', message: '请求编号无效，请刷新页面后重试。' };
  return undefined;
}

/** The open assignment a step's actions act on now: approvers added before, then the main one, then after. */
export function activeAssignment(step: StepRecord): Assignment | undefined {
  return [...step.assignments]
    .filter((a) => a.status === 'OPEN')
    .sort((a, b) => ORDER.indexOf(a.position) - ORDER.indexOf(b.position))[0];
}

export function lastCompleted(steps: readonly StepRecord[], stageKey: string): StepRecord | undefined {
  return [...steps].reverse().find((s) => s.stageKey === stageKey && s.status === 'COMPLETED');
}

/** The open assignment the action names, or a clerk-readable refusal. */
function assignmentFor(state: StepView, taskKey: unknown): { step: StepRecord; a: Assignment } {
  const step = state.open;
  const a = step?.assignments.find((x) => x.taskKey === taskKey);
  if (!step || !a || a.status !== 'OPEN' || step.status !== 'OPEN') {
    refuse('TASK_NOT_OPEN', '该待办已被处理或已过期，请刷新页面查看最新状态。');
  }
  return { step, a };
}

/** The open assignment an action names, for a handler that runs after its checks passed. */
export function openAssignment(state: StepView, taskKey: string): { step: StepRecord; a: Assignment } {
  return assignmentFor(state, taskKey);
}

function isAssignee(actor: Actor | undefined, a: Assignment): boolean {
  if (!actor || typeof actor.userId !== 'string' || !Array.isArray(actor.roles)) return false;
  if (a.assigneeUserId) return actor.userId === a.assigneeUserId;
  return actor.orgUnitId === a.orgUnitId && actor.roles.includes(a.assigneeRole);
}

function requireAssignee(state: StepView, input: ActionBase): { step: StepRecord; a: Assignment } {
  const found = assignmentFor(state, input.taskKey);
  if (!isAssignee(input.actor, found.a)) refuse('NOT_ASSIGNEE', '您不是该待办的办理人，无权办理。');
  return found;
}

function requireActive(step: StepRecord, a: Assignment): void {
  // 会签: every signer acts in parallel, none waits for another.
  if (step.countersign) return;
  const active = activeAssignment(step);
  if (active && active.taskKey !== a.taskKey) refuse('WAITING_FOR_APPROVER', '请等待加签人先办理，之后才能办理此待办。');
}

function requireComment(comment: unknown, required: boolean): void {
  if (comment === undefined && !required) return;
  if (typeof comment !== 'string' || (required && comment.trim() === '')) refuse('COMMENT_REQUIRED', '请填写意见或理由。');
  if (comment.length > 2000) refuse('INVALID_COMMENT', '办理意见不能超过2000字。');
}

function requireAdmin(actor: Actor | undefined): void {
  if (!actor || !Array.isArray(actor.roles) || !actor.roles.includes('ADMIN')) refuse('NOT_ADMIN', '只有管理员可以干预流程。');
}

/** An intervention's reason: required, as every intervention is audited with it. */
function requireReason(reason: unknown): void {
  if (typeof reason !== 'string' || reason.trim() === '') refuse('REASON_REQUIRED', '请填写干预理由。');
  if (reason.length > 2000) refuse('INVALID_COMMENT', '干预理由不能超过2000字。');
}

function requireSupervisor(actor: Actor | undefined): void {
  if (!actor || !Array.isArray(actor.roles) || !actor.roles.some((r) => SUPERVISING_ROLES.includes(r))) {
    refuse('NOT_SUPERVISOR', '只有督办人员或管理员可以进行此项操作。');
  }
}

// --- one check per action --------------------------------------------------------------------------------

export const validateComplete: Validator<CompleteTaskInput> = (state, input) => check(() => {
  const { step, a } = requireAssignee(state, input);
  requireActive(step, a);
  requireComment(input.comment, false);
  if (input.result !== undefined && (typeof input.result !== 'object' || input.result === null || Array.isArray(input.result))) {
    refuse('INVALID_RESULT', '提交的表单内容格式不正确。');
  }
  if (a.position === 'main') {
    const refusal = state.resultCheck(step.stepKey)?.(input.result);
    if (refusal) refuse(refusal.code, refusal.message);
  }
});

export const validateReturn: Validator<ReturnTaskInput> = (state, input) => check(() => {
  const { step, a } = requireAssignee(state, input);
  requireActive(step, a);
  if (a.position !== 'main') refuse('RETURN_NOT_ALLOWED', '加签人不能退回，请在意见中说明问题。');
  const here = state.sequence.indexOf(step.stageKey);
  const target = state.sequence.indexOf(input.toStageKey);
  if (target < 0 || target >= here || !state.steps.some((s) => s.stageKey === input.toStageKey)) {
    refuse('INVALID_RETURN_TARGET', '只能退回到本流程中已经办理过的前序环节。');
  }
  if (typeof input.reasonCode !== 'string' || !REASON_CODE.test(input.reasonCode)) refuse('REASON_REQUIRED', '请选择退回原因。');
  requireComment(input.comment, true);
  const p = input.problems;
  if (p !== undefined && (!Array.isArray(p) || p.length > 100 || p.some((x) => typeof x !== 'string' || x.trim() === '' || x.length > 500))) {
    refuse('INVALID_PROBLEMS', '问题清单应为1到100条文字，每条不超过500字。');
  }
});

export const validateTransfer: Validator<TransferTaskInput> = (state, input) => check(() => {
  const { step, a } = requireAssignee(state, input);
  requireActive(step, a);
  const to = input.toUser;
  if (!to || typeof to.userId !== 'string' || to.orgUnitId !== a.orgUnitId || !Array.isArray(to.roles) || !to.roles.includes(a.assigneeRole)) {
    refuse('INVALID_TRANSFER_TARGET', '只能转交给本单位同一岗位的其他人员。');
  }
  if (to.userId === input.actor.userId) refuse('INVALID_TRANSFER_TARGET', '不能转交给自己。');
  requireComment(input.comment, false);
});

export const validateClaim: Validator<ClaimTaskInput> = (state, input) => check(() => {
  const { a } = requireAssignee(state, input);
  if (a.assigneeUserId) refuse('ALREADY_CLAIMED', '该待办已由专人办理，无需认领。');
});

export const validateAddApprover: Validator<AddApproverInput> = (state, input) => check(() => {
  const { step, a } = requireAssignee(state, input);
  requireActive(step, a);
  if (input.position !== 'before' && input.position !== 'after') refuse('INVALID_POSITION', '请选择在当前办理人之前还是之后加签。');
  const ap = input.approver;
  if (!ap || typeof ap.userId !== 'string' || !Array.isArray(ap.roles)) refuse('INVALID_APPROVER', '请选择加签人。');
  if (ap.userId === input.actor.userId) refuse('INVALID_APPROVER', '不能给自己加签。');
  if (step.countersign) refuse('COUNTERSIGN_FIXED_SIGNERS', '会签环节的签署人由环节设置确定，不能加签；如需他人意见，请使用抄送。');
  if (step.assignments.some((x) => x.status === 'OPEN' && x.assigneeUserId === ap.userId)) refuse('INVALID_APPROVER', '该人员已在本环节的办理人中。');
  if (step.assignments.length >= 10) refuse('TOO_MANY_APPROVERS', '本环节加签人数已达上限（10人）。');
  requireComment(input.comment, false);
});

export const validateCc: Validator<CcTaskInput> = (state, input) => check(() => {
  requireAssignee(state, input);
  if (!Array.isArray(input.userIds) || input.userIds.length === 0 || input.userIds.length > 50 || input.userIds.some((u) => typeof u !== 'string')) {
    refuse('INVALID_CC', '请选择1到50名抄送人。');
  }
  requireComment(input.comment, false);
});

export const validateWithdraw: Validator<WithdrawInput> = (state, input) => check(() => {
  const step = state.open;
  if (!step || step.status !== 'OPEN') refuse('TASK_NOT_OPEN', '流程当前没有可撤回的环节。');
  const here = state.sequence.indexOf(step.stageKey);
  const previous = here > 0 ? lastCompleted(state.steps, state.sequence[here - 1]) : undefined;
  if (!previous || previous.completedBy !== input.actor?.userId) {
    // A submitter of an earlier step whose next step was completed meanwhile (a withdraw that lost the race
    // to a colleague's completion) is too late, a conflict with the step's state (409), not a stranger (403).
    // A check only: it writes no command, so running flows replay unchanged.
    const submittedEarlier = state.steps.some((s) => s.status === 'COMPLETED' && s.completedBy !== undefined && s.completedBy === input.actor?.userId);
    if (submittedEarlier) refuse('ALREADY_ACTED', '下一环节已经办理，不能撤回。');
    refuse('NOT_SUBMITTER', '只有上一环节的提交人可以撤回。');
  }
  if (step.actedOn) refuse('ALREADY_ACTED', '下一环节已经开始办理，不能撤回。');
  requireComment(input.comment, false);
});

export const validateExtend: Validator<ExtendDeadlineInput> = (state, input) => check(() => {
  requireSupervisor(input.actor);
  const { step } = assignmentFor(state, input.taskKey);
  if (step.opened && !step.deadlineAt) refuse('NO_DEADLINE', '该待办没有办理期限，无需延期。');
  if (step.statutory) refuse('STATUTORY_DEADLINE', '法定期限不能延期。');
  if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > 60) refuse('INVALID_EXTENSION', '延期天数应为1到60个工作日。');
  requireComment(input.reason, true);
});

export const validatePause: Validator<PauseClockInput> = (state, input) => check(() => {
  requireSupervisor(input.actor);
  const { step } = assignmentFor(state, input.taskKey);
  if (step.pausedAt) refuse('ALREADY_PAUSED', '该待办已暂停计时。');
  if (step.statutory) refuse('STATUTORY_DEADLINE', '法定期限不能暂停计时。');
  requireComment(input.reason, true);
});

export const validateResume: Validator<ResumeClockInput> = (state, input) => check(() => {
  requireSupervisor(input.actor);
  const { step } = assignmentFor(state, input.taskKey);
  if (!step.pausedAt) refuse('NOT_PAUSED', '该待办没有暂停计时。');
});

export const validateReschedule: Validator<RescheduleInput> = (state, input) => check(() => {
  if (!input.actor?.roles?.includes('ADMIN')) refuse('NOT_ADMIN', '只有管理员可以调整环节期限。');
  const { step, a } = assignmentFor(state, input.taskKey);
  if (a.position !== 'main') refuse('TASK_NOT_OPEN', '请对环节的主办待办调整期限。');
  if (input.cause !== undefined && input.cause !== 'stage' && input.cause !== 'calendar') refuse('INVALID_RESCHEDULE', '期限调整的原因类型无效。');
  if (input.cause !== 'calendar') {
    // A stage's settings do not reach a statutory date; a calendar change re-plans only its ladder.
    if (step.statutory) refuse('STATUTORY_DEADLINE', '法定期限不随环节设置调整。');
    return;
  }
  const counted = !step.statutory && !step.fixedDue;
  if (counted && (!Number.isInteger(input.workingDays) || input.workingDays! < 0 || input.workingDays! > 400)) {
    refuse('INVALID_RESCHEDULE', '按新日历重算期限需要0到400个工作日的办理期限。');
  }
  requireComment(input.reason, true);
});

// --- 流程监控: an administrator's interventions ------------------------------------------------------------

export const validateReassign: Validator<ReassignTaskInput> = (state, input) => check(() => {
  requireAdmin(input.actor);
  if (state.ending) refuse('FLOW_ENDING', '该流程正在终止，不能再干预。');
  const { a } = assignmentFor(state, input.taskKey);
  const to = input.toUser;
  if (!to || typeof to.userId !== 'string' || to.orgUnitId !== a.orgUnitId || !Array.isArray(to.roles) || !to.roles.includes(a.assigneeRole)) {
    refuse('INVALID_REASSIGN_TARGET', '只能改派给该环节所在单位同一岗位的人员。');
  }
  if (a.assigneeUserId === to.userId) refuse('INVALID_REASSIGN_TARGET', '该待办已由此人办理，无需改派。');
  requireReason(input.reason);
});

export const validateJumpBack: Validator<JumpBackInput> = (state, input) => check(() => {
  requireAdmin(input.actor);
  if (state.ending) refuse('FLOW_ENDING', '该流程正在终止，不能再干预。');
  const step = state.open;
  if (!step || step.status !== 'OPEN') refuse('NO_OPEN_STEP', '流程当前没有正在办理的环节，不能跳转。');
  const target = state.sequence.indexOf(input.toStageKey);
  if (target < 0) refuse('UNKNOWN_STAGE', '本流程没有这个环节。');
  if (target >= state.sequence.indexOf(step.stageKey) || !state.steps.some((s) => s.stageKey === input.toStageKey)) {
    refuse('INVALID_RETURN_TARGET', '只能跳回到本流程中已经办理过的前序环节。');
  }
  requireReason(input.reason);
});

export const validateEndFlow: Validator<EndFlowInput> = (state, input) => check(() => {
  requireAdmin(input.actor);
  if (state.ending) refuse('FLOW_ENDING', '该流程正在终止。');
  requireReason(input.reason);
});
