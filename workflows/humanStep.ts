/**
 * The human step both flows are told with. A step is a stage of a flow handed to a role in an org unit
 * (a candidate group; one user may claim it), with a deadline in working days (or a statutory date), an
 * escalation ladder, and actions that are Temporal Updates: complete, return (退回) to a chosen earlier
 * stage, transfer (转交), claim, add an approver (加签) before or after the assignee, cc (抄送), withdraw
 * (撤回), extend (延期), pause and resume the clock, and reschedule when an administrator moves the stage's
 * deadline for running steps.
 *
 * Why Updates and not Signals: a clerk must learn at once whether the action was accepted, and a refused
 * action must never enter history. Each validator rejects stale, foreign or malformed actions with a
 * sentence a clerk understands; each handler projects the change into PostgreSQL (through activities)
 * before it returns, so the API answers with the read model already up to date. Every action is
 * idempotent per request id.
 */
import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type * as activities from '../activities';
import type { Actor, AssignmentPosition, AssignmentStatus, LadderRungPlan, ReturnInfo, Role } from '../domain/step';
import { msUntil, workflowNow } from './time';

type Activities = ReturnType<typeof activities.createActivities>;
const projection = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // A cancelled flow waits for a projection already under way, so the task row it writes is then closed.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// ---------------------------------------------------------------------------------------------------
// Types shared with activities, the API and tests
// ---------------------------------------------------------------------------------------------------

export interface StageSpec {
  stageKey: string;
  title: string;
  orgUnitId: string;
  assigneeRole: Role;
  /** An absolute deadline (e.g. "publish by 31 January", 条例 第四十九条) instead of working days. */
  statutoryDeadline?: string;
  /**
   * A campaign timetable's due date (YYYY-MM-DD; the step is due at the end of that China day) for the
   * stage's first round. Unlike a statutory date it may be extended; a round after a return gets the
   * stage's working days instead, and a change to the stage's settings re-plans only its ladder.
   */
  dueDate?: string;
  payload?: Record<string, unknown>;
  /**
   * The flow's own check of a completion's form (the annual report's arithmetic rules, a closure step's
   * required evidence): throw `rejectAction(code, message)` to refuse it inside the update validator, so
   * an incomplete submission never enters history. Runs in the workflow: keep it pure and deterministic.
   */
  validateResult?: (result: Record<string, unknown> | undefined) => void;
}

export type { AssignmentPosition, AssignmentStatus, LadderRungPlan, ReturnInfo } from '../domain/step';

export interface Assignment {
  taskKey: string;
  taskId: string;
  position: AssignmentPosition;
  orgUnitId: string;
  assigneeRole: Role;
  assigneeUserId: string | null;
  status: AssignmentStatus;
  completedBy?: string;
  comment?: string;
}

export interface StepRecord {
  stepKey: string;
  stageKey: string;
  round: number;
  orgUnitId: string;
  assigneeRole: Role;
  status: AssignmentStatus;
  assignments: Assignment[];
  startedAt: string;
  deadlineAt: string | null;
  statutory: boolean;
  /** The deadline comes from the campaign's timetable (StageSpec.dueDate), not the stage's working days. */
  fixedDue?: boolean;
  rungs: LadderRungPlan[];
  firedRungs: string[];
  pausedAt: string | null;
  /** Some action (claim, transfer, approver, cc, completion) happened: a withdrawal is no longer possible. */
  actedOn: boolean;
  /** The main task row exists and the deadline is known. */
  opened: boolean;
  completedAt?: string;
  completedBy?: string;
  comment?: string;
  result?: Record<string, unknown>;
  returnedWith?: ReturnInfo;
  returnTo?: { stageKey: string; info: ReturnInfo };
  ccUserIds: string[];
}

export interface StepsState {
  workflowId: string;
  steps: StepRecord[];
  openStepKey: string | null;
  sequence: string[];
}

interface ActionBase {
  /** The task (assignment) acted on: its key, as the task list shows it. */
  taskKey: string;
  requestId: string;
  actor: Actor;
}
export interface CompleteTaskInput extends ActionBase { comment?: string; result?: Record<string, unknown> }
export interface ReturnTaskInput extends ActionBase { toStageKey: string; reasonCode: string; comment: string; problems?: string[] }
export interface TransferTaskInput extends ActionBase { toUser: Actor; comment?: string }
export type ClaimTaskInput = ActionBase;
export interface AddApproverInput extends ActionBase { approver: Actor; position: 'before' | 'after'; comment?: string }
export interface CcTaskInput extends ActionBase { userIds: string[]; comment?: string }
export interface WithdrawInput { requestId: string; actor: Actor; comment?: string }
export interface ExtendDeadlineInput extends ActionBase { workingDays: number; reason: string }
export interface PauseClockInput extends ActionBase { reason: string }
export type ResumeClockInput = ActionBase;
/** From the administrators' "apply to running steps": recompute the deadline from the stage's settings. */
export interface RescheduleInput { taskKey: string; requestId: string; actor: Actor; reason: string }

export interface ActionResult {
  taskKey: string;
  stepKey: string;
  status: AssignmentStatus;
  at: string;
  deadlineAt?: string | null;
}

/**
 * A flow's own moments around the stages: `beforeStage` runs as a stage opens (the closure flow moves the
 * site's status there); `afterCompleted` may send the flow back to an earlier stage, or run the same one
 * again, without a reviewer's 退回 (an objection during the notice period, a domain that still resolves).
 */
export interface StageHooks {
  beforeStage?: (spec: StageSpec) => Promise<void>;
  afterCompleted?: (step: StepRecord) => Promise<{ toStageKey: string; info: ReturnInfo } | undefined>;
}

export type StepOutcome =
  | { kind: 'completed'; step: StepRecord }
  | { kind: 'returned'; step: StepRecord; toStageKey: string; info: ReturnInfo }
  | { kind: 'withdrawn'; step: StepRecord; info: ReturnInfo };

export const completeTaskUpdate = defineUpdate<ActionResult, [CompleteTaskInput]>('completeTask');
export const returnTaskUpdate = defineUpdate<ActionResult, [ReturnTaskInput]>('returnTask');
export const transferTaskUpdate = defineUpdate<ActionResult, [TransferTaskInput]>('transferTask');
export const claimTaskUpdate = defineUpdate<ActionResult, [ClaimTaskInput]>('claimTask');
export const addApproverUpdate = defineUpdate<ActionResult, [AddApproverInput]>('addApprover');
export const ccTaskUpdate = defineUpdate<ActionResult, [CcTaskInput]>('ccTask');
export const withdrawUpdate = defineUpdate<ActionResult, [WithdrawInput]>('withdraw');
export const extendDeadlineUpdate = defineUpdate<ActionResult, [ExtendDeadlineInput]>('extendDeadline');
export const pauseClockUpdate = defineUpdate<ActionResult, [PauseClockInput]>('pauseClock');
export const resumeClockUpdate = defineUpdate<ActionResult, [ResumeClockInput]>('resumeClock');
export const rescheduleUpdate = defineUpdate<ActionResult, [RescheduleInput]>('reschedule');
export const stepsQuery = defineQuery<StepsState>('steps');

/**
 * A clerk-readable refusal with a stable code. The failure's `type` carries the code across Temporal so
 * the API can answer with it; nonRetryable because a refused action never succeeds by being repeated.
 */
export function rejectAction(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

const REQUEST_ID = /^[\w-]{8,100}$/;
const REASON_CODE = /^[\w-]{1,50}$/;
const SUPERVISING_ROLES: Role[] = ['SUPERVISOR', 'ADMIN'];

// ---------------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------------

/** Owns the steps of one workflow run and the handlers that act on them. */
export class HumanSteps {
  private readonly steps: StepRecord[] = [];
  private readonly handled = new Map<string, ActionResult>();
  /** Requests being applied now: a concurrent duplicate waits for the first one's answer. */
  private readonly inflight = new Map<string, Promise<ActionResult>>();
  /** The flows' form checks by step key (functions stay out of the queryable state). */
  private readonly resultChecks = new Map<string, StageSpec['validateResult']>();
  private open: StepRecord | null = null;
  private sequence: string[] = [];
  /** Set by any handler that changes the open step's clock; wakes the timer loop to re-plan. */
  private clockChanged = false;
  /** Set while a handler is projecting: the step loop must not close the step underneath it. */
  private busy = 0;

  constructor(private readonly flowKey: string, private readonly campaignId?: string) {
    setHandler(stepsQuery, () => this.snapshot());
    this.registerActions();
  }

  snapshot(): StepsState {
    return {
      workflowId: workflowInfo().workflowId,
      steps: this.steps.map((s) => ({ ...s, assignments: s.assignments.map((a) => ({ ...a })) })),
      openStepKey: this.open?.stepKey ?? null,
      sequence: [...this.sequence],
    };
  }

  /**
   * Runs the stages in order. A return (退回) jumps back to the chosen earlier stage, which starts again
   * in a new round carrying what the reviewer asked for; a withdrawal (撤回) reopens the previous stage.
   */
  async runStages(stages: StageSpec[], hooks: StageHooks = {}): Promise<StepRecord[]> {
    this.sequence = stages.map((s) => s.stageKey);
    let i = 0;
    let carried: { info: ReturnInfo; assigneeUserId?: string } | undefined;
    while (i < stages.length) {
      await hooks.beforeStage?.(stages[i]);
      const outcome = await this.run(stages[i], carried?.info, carried?.assigneeUserId);
      if (outcome.kind === 'completed') {
        const jump = await hooks.afterCompleted?.(outcome.step);
        if (jump) {
          i = this.sequence.indexOf(jump.toStageKey);
          carried = { info: jump.info };
        } else {
          i++;
          carried = undefined;
        }
      } else if (outcome.kind === 'returned') {
        i = this.sequence.indexOf(outcome.toStageKey);
        carried = { info: outcome.info };
      } else {
        i = Math.max(0, i - 1);
        carried = { info: outcome.info, assigneeUserId: this.lastCompleted(stages[i].stageKey)?.completedBy };
      }
    }
    return this.steps;
  }

  /** Opens a step for the stage and waits, walking the escalation ladder, until it is closed. */
  async run(spec: StageSpec, returnedWith?: ReturnInfo, assigneeUserId?: string): Promise<StepOutcome> {
    const round = this.steps.filter((s) => s.stageKey === spec.stageKey).length + 1;
    const stepKey = `${spec.stageKey}#${round}`;
    const startedAt = workflowNow().toISOString();
    const step: StepRecord = {
      stepKey,
      stageKey: spec.stageKey,
      round,
      orgUnitId: spec.orgUnitId,
      assigneeRole: spec.assigneeRole,
      status: 'OPEN',
      assignments: [{
        taskKey: stepKey, taskId: '', position: 'main', orgUnitId: spec.orgUnitId,
        assigneeRole: spec.assigneeRole, assigneeUserId: assigneeUserId ?? null, status: 'OPEN',
      }],
      startedAt,
      deadlineAt: null,
      statutory: Boolean(spec.statutoryDeadline),
      fixedDue: Boolean(spec.dueDate) && round === 1 && !spec.statutoryDeadline,
      rungs: [],
      firedRungs: [],
      pausedAt: null,
      actedOn: false,
      opened: false,
      returnedWith,
      ccUserIds: [],
    };
    // The step is open for actions before its task row is written: a clerk who sees the row in the inbox
    // a moment later must find the workflow ready (handlers wait for `opened` before they apply).
    this.steps.push(step);
    this.open = step;
    this.resultChecks.set(stepKey, spec.validateResult);
    try {
      const opened = await projection.openTask({
        ...this.ids(),
        stepKey,
        round,
        flowKey: this.flowKey,
        stageKey: spec.stageKey,
        title: spec.title,
        orgUnitId: spec.orgUnitId,
        assigneeRole: spec.assigneeRole,
        assigneeUserId: assigneeUserId ?? null,
        campaignId: this.campaignId ?? null,
        payload: spec.payload ?? {},
        startedAt,
        position: 'main',
        statutoryDeadline: spec.statutoryDeadline ?? null,
        returnedWith: returnedWith ?? null,
        ...(step.fixedDue ? { deadlineAt: new Date(`${spec.dueDate}T23:59:59.999+08:00`).toISOString() } : {}),
      });
      step.assignments[0].taskId = opened.taskId;
      step.deadlineAt = opened.deadlineAt;
      step.rungs = opened.rungs;
      step.opened = true;
      await this.walkLadder(step);
    } catch (err) {
      if (isCancellation(err)) await CancellationScope.nonCancellable(() => this.cancelStep(step));
      throw err;
    }
    this.open = null;
    if (step.status === 'RETURNED' && step.returnTo) return { kind: 'returned', step, toStageKey: step.returnTo.stageKey, info: step.returnTo.info };
    if (step.status === 'WITHDRAWN' && step.returnTo) return { kind: 'withdrawn', step, info: step.returnTo.info };
    return { kind: 'completed', step };
  }

  /** The updatable timer: sleeps until the next rung, re-planning whenever a handler moves the clock. */
  private async walkLadder(step: StepRecord): Promise<void> {
    for (;;) {
      const closed = () => step.status !== 'OPEN' && this.busy === 0;
      const next = step.pausedAt ? undefined : this.nextRung(step);
      this.clockChanged = false;
      const woke = next
        ? await condition(() => closed() || this.clockChanged, Math.max(1, msUntil(next.at)))
        : (await condition(() => closed() || this.clockChanged), true);
      if (closed()) return;
      if (!woke && next && step.status === 'OPEN') await this.fireDueRungs(step);
    }
  }

  private nextRung(step: StepRecord): LadderRungPlan | undefined {
    return step.rungs
      .filter((r) => !step.firedRungs.includes(r.key) && r.at >= step.startedAt)
      .sort((a, b) => a.at.localeCompare(b.at))[0];
  }

  /** Fires every rung whose time has come, each once, in order. */
  private async fireDueRungs(step: StepRecord): Promise<void> {
    const now = workflowNow().toISOString();
    const due = step.rungs.filter((r) => !step.firedRungs.includes(r.key) && r.at >= step.startedAt && r.at <= now).sort((a, b) => a.at.localeCompare(b.at));
    for (const rung of due) {
      step.firedRungs.push(rung.key);
      const active = this.activeAssignment(step)!;
      const nextRung = this.nextRung(step);
      await projection.fireRung({
        ...this.ids(),
        stepKey: step.stepKey,
        taskKey: active.taskKey,
        taskId: active.taskId,
        flowKey: this.flowKey,
        stageKey: step.stageKey,
        orgUnitId: step.orgUnitId,
        assigneeRole: active.assigneeRole,
        assigneeUserId: active.assigneeUserId,
        deadlineAt: step.deadlineAt,
        statutory: step.statutory,
        rung,
        nextRungAt: nextRung?.at ?? null,
        firedAt: now,
      });
    }
  }

  private async cancelStep(step: StepRecord): Promise<void> {
    step.status = 'CANCELLED';
    this.open = null;
    const at = workflowNow().toISOString();
    for (const a of step.assignments.filter((x) => x.status === 'OPEN')) {
      a.status = 'CANCELLED';
      await projection.closeTask({ ...this.ids(), stepKey: a.taskKey, status: 'CANCELLED', actor: null, comment: null, result: null, at, requestId: `cancel-${a.taskKey}` });
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Actions
  // -------------------------------------------------------------------------------------------------

  private registerActions(): void {
    this.action(completeTaskUpdate, (i) => this.validateAssignee(i), (i) => this.complete(i));
    this.action(returnTaskUpdate, (i) => this.validateReturn(i), (i) => this.returnStep(i));
    this.action(transferTaskUpdate, (i) => this.validateTransfer(i), (i) => this.transfer(i));
    this.action(claimTaskUpdate, (i) => this.validateClaim(i), (i) => this.claim(i));
    this.action(addApproverUpdate, (i) => this.validateAddApprover(i), (i) => this.addApprover(i));
    this.action(ccTaskUpdate, (i) => this.validateCc(i), (i) => this.cc(i));
    this.action(withdrawUpdate, (i) => this.validateWithdraw(i), (i) => this.withdraw(i));
    this.action(extendDeadlineUpdate, (i) => this.validateExtend(i), (i) => this.extend(i));
    this.action(pauseClockUpdate, (i) => this.validatePause(i), (i) => this.pause(i));
    this.action(resumeClockUpdate, (i) => this.validateResume(i), (i) => this.resume(i));
    this.action(rescheduleUpdate, (i) => this.validateReschedule(i), (i) => this.reschedule(i));
  }

  /**
   * Registers an update whose validator first checks the request id, lets a replay of an applied request
   * through (the handler then returns the first answer), and otherwise runs the action's own checks.
   */
  private action<I extends { requestId: string }>(
    update: ReturnType<typeof defineUpdate<ActionResult, [I]>>,
    validate: (input: I) => void,
    apply: (input: I) => Promise<ActionResult>,
  ): void {
    setHandler(
      update,
      async (input: I) => {
        const earlier = this.handled.get(input.requestId) ?? this.inflight.get(input.requestId);
        if (earlier) return earlier;
        this.busy++;
        const applying = condition(() => this.steps.every((s) => s.opened)).then(() => apply(input));
        this.inflight.set(input.requestId, applying);
        try {
          const result = await applying;
          this.handled.set(input.requestId, result);
          return result;
        } finally {
          this.inflight.delete(input.requestId);
          this.busy--;
        }
      },
      {
        validator: (input: I) => {
          if (!input || typeof input !== 'object') throw rejectAction('INVALID_ACTION', '操作内容不完整。');
          if (typeof input.requestId !== 'string' || !REQUEST_ID.test(input.requestId)) {
            throw rejectAction('INVALID_REQUEST_ID', '请求编号无效，请刷新页面后重试。');
          }
          if (this.handled.has(input.requestId) || this.inflight.has(input.requestId)) return;
          validate(input);
        },
      },
    );
  }

  private ids() {
    return { workflowId: workflowInfo().workflowId, executionId: workflowInfo().firstExecutionRunId };
  }

  private activeAssignment(step: StepRecord): Assignment | undefined {
    const order: AssignmentPosition[] = ['before', 'main', 'after'];
    return [...step.assignments]
      .filter((a) => a.status === 'OPEN')
      .sort((a, b) => order.indexOf(a.position) - order.indexOf(b.position))[0];
  }

  private lastCompleted(stageKey: string): StepRecord | undefined {
    return [...this.steps].reverse().find((s) => s.stageKey === stageKey && s.status === 'COMPLETED');
  }

  private result(a: Assignment, step: StepRecord, at: string): ActionResult {
    return { taskKey: a.taskKey, stepKey: step.stepKey, status: a.status, at, deadlineAt: step.deadlineAt };
  }

  // --- validation helpers ----------------------------------------------------------------------------

  /** The open assignment the action names, or a clerk-readable refusal. */
  private assignmentFor(taskKey: unknown): { step: StepRecord; a: Assignment } {
    const step = this.open;
    const a = step?.assignments.find((x) => x.taskKey === taskKey);
    if (!step || !a || a.status !== 'OPEN' || step.status !== 'OPEN') {
      throw rejectAction('TASK_NOT_OPEN', '该待办已被处理或已过期，请刷新页面查看最新状态。');
    }
    return { step, a };
  }

  private isAssignee(actor: Actor | undefined, a: Assignment): boolean {
    if (!actor || typeof actor.userId !== 'string' || !Array.isArray(actor.roles)) return false;
    if (a.assigneeUserId) return actor.userId === a.assigneeUserId;
    return actor.orgUnitId === a.orgUnitId && actor.roles.includes(a.assigneeRole);
  }

  private requireAssignee(input: ActionBase): { step: StepRecord; a: Assignment } {
    const found = this.assignmentFor(input.taskKey);
    if (!this.isAssignee(input.actor, found.a)) throw rejectAction('NOT_ASSIGNEE', '您不是该待办的办理人，无权办理。');
    return found;
  }

  private requireActive(step: StepRecord, a: Assignment): void {
    const active = this.activeAssignment(step);
    if (active && active.taskKey !== a.taskKey) {
      throw rejectAction('WAITING_FOR_APPROVER', '请等待加签人先办理，之后才能办理此待办。');
    }
  }

  private requireComment(comment: unknown, required: boolean): void {
    if (comment === undefined && !required) return;
    if (typeof comment !== 'string' || (required && comment.trim() === '')) {
      throw rejectAction('COMMENT_REQUIRED', '请填写意见或理由。');
    }
    if (comment.length > 2000) throw rejectAction('INVALID_COMMENT', '办理意见不能超过2000字。');
  }

  private requireSupervisor(actor: Actor | undefined): void {
    if (!actor || !Array.isArray(actor.roles) || !actor.roles.some((r) => SUPERVISING_ROLES.includes(r))) {
      throw rejectAction('NOT_SUPERVISOR', '只有督办人员或管理员可以进行此项操作。');
    }
  }

  private validateAssignee(input: CompleteTaskInput): void {
    const { step, a } = this.requireAssignee(input);
    this.requireActive(step, a);
    this.requireComment(input.comment, false);
    if (input.result !== undefined && (typeof input.result !== 'object' || input.result === null || Array.isArray(input.result))) {
      throw rejectAction('INVALID_RESULT', '提交的表单内容格式不正确。');
    }
    if (a.position === 'main') this.resultChecks.get(step.stepKey)?.(input.result);
  }

  private validateReturn(input: ReturnTaskInput): void {
    const { step, a } = this.requireAssignee(input);
    this.requireActive(step, a);
    if (a.position !== 'main') throw rejectAction('RETURN_NOT_ALLOWED', '加签人不能退回，请在意见中说明问题。');
    const here = this.sequence.indexOf(step.stageKey);
    const target = this.sequence.indexOf(input.toStageKey);
    if (target < 0 || target >= here || !this.steps.some((s) => s.stageKey === input.toStageKey)) {
      throw rejectAction('INVALID_RETURN_TARGET', '只能退回到本流程中已经办理过的前序环节。');
    }
    if (typeof input.reasonCode !== 'string' || !REASON_CODE.test(input.reasonCode)) {
      throw rejectAction('REASON_REQUIRED', '请选择退回原因。');
    }
    this.requireComment(input.comment, true);
    const p = input.problems;
    if (p !== undefined && (!Array.isArray(p) || p.length > 100 || p.some((x) => typeof x !== 'string' || x.trim() === '' || x.length > 500))) {
      throw rejectAction('INVALID_PROBLEMS', '问题清单应为1到100条文字，每条不超过500字。');
    }
  }

  private validateTransfer(input: TransferTaskInput): void {
    const { step, a } = this.requireAssignee(input);
    this.requireActive(step, a);
    const to = input.toUser;
    if (!to || typeof to.userId !== 'string' || to.orgUnitId !== a.orgUnitId || !Array.isArray(to.roles) || !to.roles.includes(a.assigneeRole)) {
      throw rejectAction('INVALID_TRANSFER_TARGET', '只能转交给本单位同一岗位的其他人员。');
    }
    if (to.userId === input.actor.userId) throw rejectAction('INVALID_TRANSFER_TARGET', '不能转交给自己。');
    this.requireComment(input.comment, false);
  }

  private validateClaim(input: ClaimTaskInput): void {
    const { a } = this.requireAssignee(input);
    if (a.assigneeUserId) throw rejectAction('ALREADY_CLAIMED', '该待办已由专人办理，无需认领。');
  }

  private validateAddApprover(input: AddApproverInput): void {
    const { step, a } = this.requireAssignee(input);
    this.requireActive(step, a);
    if (input.position !== 'before' && input.position !== 'after') throw rejectAction('INVALID_POSITION', '请选择在当前办理人之前还是之后加签。');
    const ap = input.approver;
    if (!ap || typeof ap.userId !== 'string' || !Array.isArray(ap.roles)) throw rejectAction('INVALID_APPROVER', '请选择加签人。');
    if (ap.userId === input.actor.userId) throw rejectAction('INVALID_APPROVER', '不能给自己加签。');
    if (step.assignments.some((x) => x.status === 'OPEN' && x.assigneeUserId === ap.userId)) {
      throw rejectAction('INVALID_APPROVER', '该人员已在本环节的办理人中。');
    }
    if (step.assignments.length >= 10) throw rejectAction('TOO_MANY_APPROVERS', '本环节加签人数已达上限（10人）。');
    this.requireComment(input.comment, false);
  }

  private validateCc(input: CcTaskInput): void {
    this.requireAssignee(input);
    if (!Array.isArray(input.userIds) || input.userIds.length === 0 || input.userIds.length > 50 || input.userIds.some((u) => typeof u !== 'string')) {
      throw rejectAction('INVALID_CC', '请选择1到50名抄送人。');
    }
    this.requireComment(input.comment, false);
  }

  private validateWithdraw(input: WithdrawInput): void {
    const step = this.open;
    if (!step || step.status !== 'OPEN') throw rejectAction('TASK_NOT_OPEN', '流程当前没有可撤回的环节。');
    const here = this.sequence.indexOf(step.stageKey);
    const previous = here > 0 ? this.lastCompleted(this.sequence[here - 1]) : undefined;
    if (!previous || previous.completedBy !== input.actor?.userId) {
      throw rejectAction('NOT_SUBMITTER', '只有上一环节的提交人可以撤回。');
    }
    if (step.actedOn) throw rejectAction('ALREADY_ACTED', '下一环节已经开始办理，不能撤回。');
    this.requireComment(input.comment, false);
  }

  private validateExtend(input: ExtendDeadlineInput): void {
    this.requireSupervisor(input.actor);
    const { step } = this.assignmentFor(input.taskKey);
    if (step.opened && !step.deadlineAt) throw rejectAction('NO_DEADLINE', '该待办没有办理期限，无需延期。');
    if (step.statutory) throw rejectAction('STATUTORY_DEADLINE', '法定期限不能延期。');
    if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > 60) {
      throw rejectAction('INVALID_EXTENSION', '延期天数应为1到60个工作日。');
    }
    this.requireComment(input.reason, true);
  }

  private validatePause(input: PauseClockInput): void {
    this.requireSupervisor(input.actor);
    const { step } = this.assignmentFor(input.taskKey);
    if (step.pausedAt) throw rejectAction('ALREADY_PAUSED', '该待办已暂停计时。');
    if (step.statutory) throw rejectAction('STATUTORY_DEADLINE', '法定期限不能暂停计时。');
    this.requireComment(input.reason, true);
  }

  private validateResume(input: ResumeClockInput): void {
    this.requireSupervisor(input.actor);
    const { step } = this.assignmentFor(input.taskKey);
    if (!step.pausedAt) throw rejectAction('NOT_PAUSED', '该待办没有暂停计时。');
  }

  private validateReschedule(input: RescheduleInput): void {
    if (!input.actor?.roles?.includes('ADMIN')) throw rejectAction('NOT_ADMIN', '只有管理员可以调整环节期限。');
    const { step, a } = this.assignmentFor(input.taskKey);
    if (a.position !== 'main') throw rejectAction('TASK_NOT_OPEN', '请对环节的主办待办调整期限。');
    if (step.statutory) throw rejectAction('STATUTORY_DEADLINE', '法定期限不随环节设置调整。');
  }

  // --- handlers ----------------------------------------------------------------------------------

  private async complete(input: CompleteTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const at = workflowNow().toISOString();
    a.status = 'COMPLETED';
    a.completedBy = input.actor.userId;
    a.comment = input.comment;
    step.actedOn = true;
    await projection.closeTask({ ...this.ids(), stepKey: a.taskKey, status: 'COMPLETED', actor: input.actor, comment: input.comment ?? null, result: input.result ?? null, at, requestId: input.requestId });
    if (a.position === 'main') step.result = input.result;
    const next = this.activeAssignment(step);
    if (next) {
      // 前加签 finished: the main assignee may act now.
      if (a.position === 'before' && next.position === 'main' && !step.assignments.some((x) => x.position === 'before' && x.status === 'OPEN')) {
        await projection.updateTask({ ...this.ids(), taskKey: next.taskKey, patch: { waitingFor: null }, audit: null });
      }
      return this.result(a, step, at);
    }
    step.status = 'COMPLETED';
    step.completedAt = at;
    const main = step.assignments.find((x) => x.position === 'main')!;
    step.completedBy = main.completedBy;
    step.comment = main.comment;
    return this.result(a, step, at);
  }

  private async returnStep(input: ReturnTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const at = workflowNow().toISOString();
    a.status = 'RETURNED';
    a.comment = input.comment;
    step.actedOn = true;
    await projection.closeTask({
      ...this.ids(), stepKey: a.taskKey, status: 'RETURNED', actor: input.actor, comment: input.comment,
      result: { reasonCode: input.reasonCode, toStageKey: input.toStageKey, ...(input.problems ? { problems: input.problems } : {}) }, at, requestId: input.requestId,
    });
    await this.closeRest(step, a, at);
    step.returnTo = {
      stageKey: input.toStageKey,
      info: {
        fromStageKey: step.stageKey, fromRound: step.round, reasonCode: input.reasonCode, comment: input.comment, byLogin: input.actor.login, kind: 'returned',
        ...(input.problems ? { problems: input.problems } : {}),
      },
    };
    step.status = 'RETURNED';
    step.completedAt = at;
    step.completedBy = input.actor.userId;
    step.comment = input.comment;
    return this.result(a, step, at);
  }

  private async transfer(input: TransferTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const before = a.assigneeUserId;
    a.assigneeUserId = input.toUser.userId;
    step.actedOn = true;
    await projection.updateTask({
      ...this.ids(), taskKey: a.taskKey, patch: { assigneeUserId: input.toUser.userId },
      audit: { action: 'task.transferred', actor: input.actor, requestId: input.requestId, before: { assigneeUserId: before }, after: { assigneeUserId: input.toUser.userId, comment: input.comment ?? null } },
      notify: { kind: 'assigned', userIds: [input.toUser.userId], subject: '您有一项转交给您的待办', body: input.comment ?? '' },
    });
    return this.result(a, step, workflowNow().toISOString());
  }

  private async claim(input: ClaimTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    a.assigneeUserId = input.actor.userId;
    step.actedOn = true;
    await projection.updateTask({
      ...this.ids(), taskKey: a.taskKey, patch: { assigneeUserId: input.actor.userId },
      audit: { action: 'task.claimed', actor: input.actor, requestId: input.requestId, before: { assigneeUserId: null }, after: { assigneeUserId: input.actor.userId } },
    });
    return this.result(a, step, workflowNow().toISOString());
  }

  private async addApprover(input: AddApproverInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    step.actedOn = true;
    const taskKey = `${step.stepKey}+${step.assignments.length}`;
    const ap = input.approver;
    const opened = await projection.openTask({
      ...this.ids(), stepKey: taskKey, round: step.round, flowKey: this.flowKey, stageKey: step.stageKey,
      title: null, orgUnitId: ap.orgUnitId, assigneeRole: ap.roles[0], assigneeUserId: ap.userId, campaignId: this.campaignId ?? null,
      payload: { addedBy: input.actor.login, comment: input.comment ?? null, parentTaskKey: a.taskKey }, startedAt: workflowNow().toISOString(),
      position: input.position, statutoryDeadline: null, returnedWith: null, deadlineAt: step.deadlineAt, parentTaskKey: a.taskKey,
      openedBy: { actor: input.actor, requestId: input.requestId },
    });
    step.assignments.push({
      taskKey, taskId: opened.taskId, position: input.position, orgUnitId: ap.orgUnitId, assigneeRole: ap.roles[0],
      assigneeUserId: ap.userId, status: 'OPEN',
    });
    if (input.position === 'before') {
      await projection.updateTask({ ...this.ids(), taskKey: a.taskKey, patch: { waitingFor: ap.login }, audit: null });
    }
    return this.result(a, step, workflowNow().toISOString());
  }

  private async cc(input: CcTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const fresh = input.userIds.filter((u) => !step.ccUserIds.includes(u));
    step.ccUserIds.push(...fresh);
    await projection.updateTask({
      ...this.ids(), taskKey: a.taskKey, patch: {},
      audit: { action: 'task.cc', actor: input.actor, requestId: input.requestId, before: null, after: { userIds: input.userIds, comment: input.comment ?? null } },
      notify: { kind: 'cc', userIds: input.userIds, subject: '抄送：请知悉', body: input.comment ?? '' },
    });
    return this.result(a, step, workflowNow().toISOString());
  }

  private async withdraw(input: WithdrawInput): Promise<ActionResult> {
    const step = this.open!;
    const at = workflowNow().toISOString();
    const main = step.assignments.find((x) => x.position === 'main')!;
    main.status = 'WITHDRAWN';
    await projection.closeTask({ ...this.ids(), stepKey: main.taskKey, status: 'WITHDRAWN', actor: input.actor, comment: input.comment ?? null, result: null, at, requestId: input.requestId });
    await this.closeRest(step, main, at);
    const here = this.sequence.indexOf(step.stageKey);
    step.returnTo = {
      stageKey: this.sequence[here - 1],
      info: { fromStageKey: step.stageKey, fromRound: step.round, reasonCode: 'withdrawn', comment: input.comment ?? '', byLogin: input.actor.login, kind: 'withdrawn' },
    };
    step.status = 'WITHDRAWN';
    step.completedAt = at;
    return this.result(main, step, at);
  }

  private async extend(input: ExtendDeadlineInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const moved = await projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: 'extend', workingDays: input.workingDays, deadlineAt: step.deadlineAt,
      pausedAt: null, at: workflowNow().toISOString(), actor: input.actor, requestId: input.requestId, reason: input.reason,
    });
    this.replan(step, moved);
    return this.result(a, step, workflowNow().toISOString());
  }

  private async pause(input: PauseClockInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const at = workflowNow().toISOString();
    step.pausedAt = at;
    await projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: 'pause', workingDays: 0, deadlineAt: step.deadlineAt,
      pausedAt: at, at, actor: input.actor, requestId: input.requestId, reason: input.reason,
    });
    this.clockChanged = true;
    return this.result(a, step, at);
  }

  private async resume(input: ResumeClockInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const at = workflowNow().toISOString();
    const moved = await projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: 'resume', workingDays: 0, deadlineAt: step.deadlineAt,
      pausedAt: step.pausedAt, at, actor: input.actor, requestId: input.requestId, reason: '',
    });
    step.pausedAt = null;
    this.replan(step, moved);
    return this.result(a, step, at);
  }

  private async reschedule(input: RescheduleInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const moved = await projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: step.fixedDue ? 'replan' : 'recompute', workingDays: 0, deadlineAt: step.deadlineAt,
      pausedAt: step.pausedAt, at: workflowNow().toISOString(), actor: input.actor, requestId: input.requestId, reason: input.reason,
    });
    this.replan(step, moved);
    return this.result(a, step, workflowNow().toISOString());
  }

  private replan(step: StepRecord, moved: { deadlineAt: string | null; rungs: LadderRungPlan[] }): void {
    step.deadlineAt = moved.deadlineAt;
    step.rungs = moved.rungs;
    this.clockChanged = true;
  }

  /** Closes the step's other open assignments (added approvers) when the step ends early. */
  private async closeRest(step: StepRecord, except: Assignment, at: string): Promise<void> {
    for (const x of step.assignments.filter((y) => y !== except && y.status === 'OPEN')) {
      x.status = 'CANCELLED';
      await projection.closeTask({ ...this.ids(), stepKey: x.taskKey, status: 'CANCELLED', actor: null, comment: null, result: null, at, requestId: `close-${x.taskKey}` });
    }
  }
}
