/**
 * The human step both flows are told with. A step is a stage of a flow handed to a role in an org unit
 * (a candidate group; one user may claim it), with a deadline in working days (or a statutory date), an
 * escalation ladder, and actions that are Temporal Updates (workflows/humanStep/messages.ts): complete,
 * return (退回) to a chosen earlier stage, transfer (转交), claim, add an approver (加签) before or after the
 * assignee, cc (抄送), withdraw (撤回), extend (延期), pause and resume the clock, and reschedule when an
 * administrator moves the stage's deadline for running steps.
 *
 * Each update's validator runs the action's pure check (workflows/humanStep/validators.ts) and refuses a
 * stale, foreign or malformed action before it enters history; each handler projects the change into
 * PostgreSQL (through activities) before it returns, so the API answers with the read model up to date.
 */
import {
  ActivityCancellationType,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type * as activities from '../../activities';
import { stageOf } from '../../domain/flows';
import { countersignClosingReason, countersignOutcome, type LadderRungPlan, type Refusal, type ReturnInfo } from '../../domain/step';
import { msUntil, workflowNow } from '../time';
import { PatchDecisions } from '../patches';
import { DELEGATION_PATCH, delegateTaskUpdate, validateDelegateTask, type DelegateTaskInput } from './delegation';
import { StepLock } from './lock';
import {
  addApproverUpdate, ccTaskUpdate, claimTaskUpdate, completeTaskUpdate, endFlowUpdate, extendDeadlineUpdate, jumpBackUpdate, pauseClockUpdate,
  reassignTaskUpdate, rescheduleUpdate, resumeClockUpdate, returnTaskUpdate, stepsQuery, transferTaskUpdate, withdrawUpdate,
  type ActionResult, type AddApproverInput, type Assignment, type CcTaskInput, type ClaimTaskInput, type CompleteTaskInput,
  type EndFlowInput, type ExtendDeadlineInput, type JumpBackInput, type ReassignTaskInput, type PauseClockInput, type RescheduleInput, type ResultCheck, type ResumeClockInput, type ReturnTaskInput,
  type StageHooks, type StageSpec, type StepOutcome, type StepRecord, type StepsState, type TransferTaskInput, type WithdrawInput,
} from './messages';
import {
  activeAssignment, lastCompleted, openAssignment, validateAddApprover, validateCc, validateClaim, validateComplete, validateEndFlow, validateExtend,
  validateJumpBack, validatePause, validateReassign, validateRequest, validateReschedule, validateResume, validateReturn, validateTransfer, validateWithdraw,
  type StepView, type Validator,
} from './validators';

type Activities = ReturnType<typeof activities.createActivities>;
type OpenTaskInput = Parameters<Activities['openTask']>[0];
type OpenTaskResult = Awaited<ReturnType<Activities['openTask']>>;

/** The single assignee of a stage that is not countersigned (the one who withdrew it back, when given). */
function mainAssignment(spec: StageSpec, stepKey: string, assigneeUserId: string | undefined): Assignment {
  return {
    taskKey: stepKey, taskId: '', position: 'main', orgUnitId: spec.orgUnitId,
    assigneeRole: spec.assigneeRole, assigneeUserId: assigneeUserId ?? null, status: 'OPEN',
  };
}

/** 会签: one assignment per signer; the first signer's task carries the step's key, so a deadline moved on the step moves every signer's. */
function signerAssignments(stepKey: string, countersign: NonNullable<StageSpec['countersign']>): Assignment[] {
  return countersign.signers.map((signer, i) => ({
    taskKey: i === 0 ? stepKey : `${stepKey}+${i}`, taskId: '', position: 'main' as const, orgUnitId: signer.orgUnitId,
    assigneeRole: signer.assigneeRole, assigneeUserId: signer.assigneeUserId ?? null, status: 'OPEN' as const, signer: signer.label,
  }));
}

/** A step of the stage just opened, before its task rows are written (`open` fills in ids, deadline and ladder). */
function newStep(
  spec: StageSpec, stepKey: string, round: number, startedAt: string, returnedWith: ReturnInfo | undefined, assignments: Assignment[],
): StepRecord {
  return {
    stepKey,
    stageKey: spec.stageKey,
    round,
    orgUnitId: spec.orgUnitId,
    assigneeRole: spec.assigneeRole,
    status: 'OPEN',
    assignments,
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
}

const projectionOptions = {
  startToCloseTimeout: '30 seconds',
  // A cancelled flow waits for a projection already under way, so the task row it writes is then closed.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;
/** The projection as runs started before LOCAL_PROJECTION_PATCH scheduled it: activity tasks on the queue. */
const remoteProjection = proxyActivities<Activities>(projectionOptions);
/**
 * The projection as local activities: a few short, idempotent SQL writes in the worker that runs the
 * workflow, recorded as a marker. A transition (close the finished task, open the next step's) then
 * costs one workflow task and no activity task, instead of three workflow tasks and two activity tasks
 * with their round trips through the server (issue 12; test/workflows/stepCost.test.ts measures it).
 * A retry past 10 s backs off on a workflow timer instead of holding the workflow task open.
 */
const localProjection = proxyLocalActivities<Activities>({ ...projectionOptions, localRetryThreshold: '10 seconds' });

/**
 * patched, because it changes the commands a step writes to history (a marker instead of an
 * ActivityTaskScheduled): a run started before this change replays its history through the remote
 * activities it recorded, and takes the local path from its first projection after the deploy. Once no
 * run older than the change is open, `deprecatePatch` it, and later remove the remote path.
 */
export const LOCAL_PROJECTION_PATCH = 'step-projection-local-activities';

/**
 * patched, because a countersigned stage (会签) opens one task per signer, and its ladder fires a rung for
 * each signer still open: more commands than the one task the stage opened before. A run that reached
 * such a stage before this change replays it with one assignee; every step that opens after the deploy
 * records the marker and is countersigned (issue 19).
 */
export const COUNTERSIGN_PATCH = 'step-countersign';

/**
 * patched, because every step now reads its stage's 会签 setting (环节设置) when it opens: one more
 * command (a local activity's marker) per step. A run that opened a step before this change replays it
 * with the countersign its flow passed in, as it ran.
 */
export const COUNTERSIGN_SETTING_PATCH = 'step-countersign-setting';

/**
 * A clerk-readable refusal with a stable code. The failure's `type` carries the code across Temporal so
 * the API can answer with it; nonRetryable because a refused action never succeeds by being repeated.
 */
export function rejectAction(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

function throwRefusal(refusal: Refusal | undefined): void {
  if (refusal) throw rejectAction(refusal.code, refusal.message);
}

/** Owns the steps of one workflow run and the handlers that act on them. */
export class HumanSteps {
  private readonly steps: StepRecord[] = [];
  private readonly handled = new Map<string, ActionResult>();
  /** Requests being applied now: a concurrent duplicate waits for the first one's answer. */
  private readonly inflight = new Map<string, Promise<ActionResult>>();
  /** The flows' form checks by step key (functions stay out of the queryable state). */
  private readonly resultChecks = new Map<string, ResultCheck | undefined>();
  private open: StepRecord | null = null;
  private sequence: string[] = [];
  /** Set by any handler that changes the open step's clock; wakes the timer loop to re-plan. */
  private clockChanged = false;
  /** Set while a handler is projecting: the step loop must not close the step underneath it. */
  private busy = 0;
  /**
   * Serializes everything that reads the step, awaits a projection and writes the step back: the action
   * handlers and the ladder's rungs. Without it two handlers validated against the same state could both
   * apply (complete and withdraw in one activation), and a rung could fire between an assignment being
   * marked done and its step being closed.
   */
  private readonly lock = new StepLock();
  /** 流程监控: set when an administrator ends the flow, just before the API cancels it. */
  private ending: { reason: string; byLogin: string } | null = null;

  /** The run's patch decisions (workflows/patches.ts): made here, in the flow's first synchronous code. */
  readonly patches = new PatchDecisions();

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
      ending: this.ending,
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
    // An update accepted just before the last step closed is still answering (it is refused after its
    // wait): the run ends only when every handler has finished, so no caller is left without an answer.
    await condition(allHandlersFinished);
    return this.steps;
  }

  /** Opens a step for the stage and waits, walking the escalation ladder, until it is closed. */
  async run(spec: StageSpec, returnedWith?: ReturnInfo, assigneeUserId?: string): Promise<StepOutcome> {
    const round = this.steps.filter((s) => s.stageKey === spec.stageKey).length + 1;
    const stepKey = `${spec.stageKey}#${round}`;
    const startedAt = workflowNow().toISOString();
    if (this.patches.has2('step-open-reads-countersign')) return this.runOpened(spec, stepKey, round, startedAt, returnedWith, assigneeUserId);
    // Asked only of a countersigned stage, so steps of other stages write no marker (see COUNTERSIGN_PATCH).
    // The administrator's setting merged with the registry's default the flow passed in (docs/domain.md, 会签).
    const declared = this.patches.has(COUNTERSIGN_SETTING_PATCH)
      ? (await this.projection.stageCountersign({
        flowKey: this.flowKey, stageKey: spec.stageKey, orgUnitId: spec.orgUnitId, assigneeRole: spec.assigneeRole, registryDefault: spec.countersign ?? null,
      })).countersign ?? undefined
      : spec.countersign;
    const countersign = declared && this.patches.has(COUNTERSIGN_PATCH) ? declared : undefined;
    if (countersign) return this.runCountersigned(spec, countersign, stepKey, round, startedAt, returnedWith);
    const step = newStep(spec, stepKey, round, startedAt, returnedWith, [mainAssignment(spec, stepKey, assigneeUserId)]);
    return this.openAndWait(step, spec, async () => {
      const opened = await this.projection.openTask(this.mainTaskInput(spec, step, step.assignments[0], { title: spec.title, payload: spec.payload ?? {} }));
      this.adoptOpened(step, step.assignments[0], opened);
    });
  }

  /**
   * A step of a run started under the second patch baseline (workflows/patches.ts): one local activity
   * (openStep) decides the stage's 会签 and, for a stage of one assignee, opens its task. A countersigned
   * stage then becomes one task per signer, opened as runCountersigned opens them, before any action
   * applies (handlers wait until the step is opened).
   */
  private runOpened(spec: StageSpec, stepKey: string, round: number, startedAt: string, returnedWith: ReturnInfo | undefined, assigneeUserId?: string): Promise<StepOutcome> {
    const step = newStep(spec, stepKey, round, startedAt, returnedWith, [mainAssignment(spec, stepKey, assigneeUserId)]);
    return this.openAndWait(step, spec, async () => {
      const opened = await this.projection.openStep({
        ...this.mainTaskInput(spec, step, step.assignments[0], { title: spec.title, payload: spec.payload ?? {} }),
        registryCountersign: spec.countersign ?? null,
      });
      if ('countersign' in opened) {
        step.assignments = signerAssignments(stepKey, opened.countersign);
        step.countersign = { rule: opened.countersign.rule };
        await this.openSigners(spec, step, opened.countersign);
        return;
      }
      this.adoptOpened(step, step.assignments[0], opened);
    });
  }

  /** What the projection answered for an opened task: its id, and for the step's first task its deadline and ladder. */
  private adoptOpened(step: StepRecord, a: Assignment, opened: OpenTaskResult, first = true): void {
    a.taskId = opened.taskId;
    // 委托: the holder is away; the task went to their delegate, who is now its assignee.
    if (opened.delegatedTo && this.patches.has(DELEGATION_PATCH)) a.assigneeUserId = opened.delegatedTo;
    if (first) {
      step.deadlineAt = opened.deadlineAt;
      step.rungs = opened.rungs;
    }
  }

  /**
   * A countersigned stage (会签): one task per signer, opened together with one deadline and one ladder;
   * each signer completes or returns their own task, and the stage's rule decides when the step closes.
   * A withdrawal (撤回) by the previous stage's submitter is possible until a signer has acted.
   */
  private async runCountersigned(
    spec: StageSpec,
    countersign: NonNullable<StageSpec['countersign']>,
    stepKey: string,
    round: number,
    startedAt: string,
    returnedWith: ReturnInfo | undefined,
  ): Promise<StepOutcome> {
    const step: StepRecord = { ...newStep(spec, stepKey, round, startedAt, returnedWith, signerAssignments(stepKey, countersign)), countersign: { rule: countersign.rule } };
    return this.openAndWait(step, spec, () => this.openSigners(spec, step, countersign));
  }

  /** Opens each signer's task of a countersigned step, in order; every signer shares the first one's deadline. */
  private async openSigners(spec: StageSpec, step: StepRecord, countersign: NonNullable<StageSpec['countersign']>): Promise<void> {
    for (const [i, a] of step.assignments.entries()) {
      const opened = await this.projection.openTask(this.mainTaskInput(spec, step, a, {
        title: `${spec.title}（会签：${a.signer}）`,
        payload: { ...(spec.payload ?? {}), countersign: { signer: a.signer, rule: countersign.rule, signers: countersign.signers.map((x) => x.label) } },
        // Every signer shares the first signer's deadline (and so the step's ladder).
        ...(i > 0 ? { deadlineAt: step.deadlineAt } : {}),
      }));
      // 委托: a signer away on a delegation signs through their delegate, as on a single-assignee step.
      this.adoptOpened(step, a, opened, i === 0);
    }
  }

  /**
   * What `openTask` writes for a main assignment of a new step (the single assignee's, or a signer's): the
   * step's deadline is counted by the projection, unless the campaign fixed the stage's due date (round 1)
   * or `deadlineAt` is given (a signer after the first shares the first one's).
   */
  private mainTaskInput(
    spec: StageSpec, step: StepRecord, a: Assignment,
    task: { title: string; payload: Record<string, unknown>; deadlineAt?: string | null },
  ): OpenTaskInput {
    const deadline = 'deadlineAt' in task ? { deadlineAt: task.deadlineAt } : step.fixedDue ? { deadlineAt: new Date(`${spec.dueDate}T23:59:59.999+08:00`).toISOString() } : {};
    return {
      ...this.ids(),
      stepKey: a.taskKey,
      round: step.round,
      flowKey: this.flowKey,
      stageKey: spec.stageKey,
      title: task.title,
      orgUnitId: a.orgUnitId,
      assigneeRole: a.assigneeRole,
      assigneeUserId: a.assigneeUserId,
      campaignId: this.campaignId ?? null,
      payload: task.payload,
      startedAt: step.startedAt,
      position: 'main',
      statutoryDeadline: spec.statutoryDeadline ?? null,
      returnedWith: step.returnedWith ?? null,
      ...deadline,
    };
  }

  /** Puts the step up for actions, writes its task rows (`open`), then walks its ladder until it is closed. */
  private async openAndWait(step: StepRecord, spec: StageSpec, open: () => Promise<void>): Promise<StepOutcome> {
    // The step is open for actions before its task row is written: a clerk who sees the row in the inbox
    // a moment later must find the workflow ready (handlers wait for `opened` before they apply).
    this.steps.push(step);
    this.open = step;
    this.resultChecks.set(step.stepKey, spec.validateResult);
    try {
      await open();
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
      if (!woke && next && step.status === 'OPEN') await this.lock.run(() => this.fireDueRungs(step));
    }
  }

  private nextRung(step: StepRecord): LadderRungPlan | undefined {
    return step.rungs
      .filter((r) => !step.firedRungs.includes(r.key) && r.at >= step.startedAt)
      .sort((a, b) => a.at.localeCompare(b.at))[0];
  }

  /**
   * Fires every rung whose time has come, each once, in order. Runs under the step's lock: a handler that
   * was projecting a completion when the rung fell due has finished by now, and a step it closed (no open
   * assignment left) gets no rung.
   */
  private async fireDueRungs(step: StepRecord): Promise<void> {
    if (step.status !== 'OPEN' || !this.activeAssignment(step)) return;
    const now = workflowNow().toISOString();
    const due = step.rungs.filter((r) => !step.firedRungs.includes(r.key) && r.at >= step.startedAt && r.at <= now).sort((a, b) => a.at.localeCompare(b.at));
    for (const rung of due) {
      const active = this.activeAssignment(step);
      if (step.status !== 'OPEN' || !active) return;
      step.firedRungs.push(rung.key);
      const nextRung = this.nextRung(step);
      // 会签: the rung reaches every signer who has not acted yet, and only them.
      const targets = step.countersign ? step.assignments.filter((a) => a.status === 'OPEN') : [active];
      for (const target of targets) {
        await this.projection.fireRung({
          ...this.ids(),
          stepKey: step.stepKey,
          taskKey: target.taskKey,
          taskId: target.taskId,
          flowKey: this.flowKey,
          stageKey: step.stageKey,
          orgUnitId: step.countersign ? target.orgUnitId : step.orgUnitId,
          assigneeRole: target.assigneeRole,
          assigneeUserId: target.assigneeUserId,
          deadlineAt: step.deadlineAt,
          statutory: step.statutory,
          rung,
          nextRungAt: nextRung?.at ?? null,
          firedAt: now,
        });
      }
    }
  }

  private async cancelStep(step: StepRecord): Promise<void> {
    step.status = 'CANCELLED';
    this.open = null;
    const at = workflowNow().toISOString();
    // An administrator's end (流程监控) leaves its reason on every task it closes.
    const comment = this.ending ? `流程已由管理员（${this.ending.byLogin}）终止：${this.ending.reason}` : null;
    for (const a of step.assignments.filter((x) => x.status === 'OPEN')) {
      a.status = 'CANCELLED';
      a.comment = comment ?? undefined;
      await this.projection.closeTask({ ...this.ids(), stepKey: a.taskKey, status: 'CANCELLED', actor: null, comment, result: null, at, requestId: `cancel-${a.taskKey}` });
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Actions
  // -------------------------------------------------------------------------------------------------

  private registerActions(): void {
    this.action(completeTaskUpdate, validateComplete, (i) => this.complete(i));
    this.action(returnTaskUpdate, validateReturn, (i) => this.returnStep(i));
    this.action(transferTaskUpdate, validateTransfer, (i) => this.transfer(i));
    this.action(claimTaskUpdate, validateClaim, (i) => this.claim(i));
    this.action(addApproverUpdate, validateAddApprover, (i) => this.addApprover(i));
    this.action(ccTaskUpdate, validateCc, (i) => this.cc(i));
    this.action(withdrawUpdate, validateWithdraw, (i) => this.withdraw(i));
    this.action(extendDeadlineUpdate, validateExtend, (i) => this.extend(i));
    this.action(pauseClockUpdate, validatePause, (i) => this.pause(i));
    this.action(resumeClockUpdate, validateResume, (i) => this.resume(i));
    this.action(rescheduleUpdate, validateReschedule, (i) => this.reschedule(i));
    this.action(reassignTaskUpdate, validateReassign, (i) => this.reassign(i));
    this.action(jumpBackUpdate, validateJumpBack, (i) => this.jumpBack(i));
    this.action(endFlowUpdate, validateEndFlow, async (i) => this.endFlow(i));
    this.action(delegateTaskUpdate, validateDelegateTask, (i) => this.delegateTask(i));
  }

  /**
   * Registers an update whose validator first checks the request id, lets a replay of an applied request
   * through (the handler then returns the first answer), and otherwise runs the action's own check.
   */
  private action<I extends { requestId: string }>(
    update: UpdateDefinition<ActionResult, [I]>,
    validate: Validator<I>,
    apply: (input: I) => Promise<ActionResult>,
  ): void {
    setHandler(
      update,
      async (input: I) => {
        const earlier = this.handled.get(input.requestId) ?? this.inflight.get(input.requestId);
        if (earlier) return earlier;
        this.busy++;
        // Wait until the step's task row exists, then for the step's lock; what was true when the update
        // was validated may have changed during either wait, so the same check runs again before applying.
        // A refusal found now fails the update cleanly: nothing was applied.
        const applying = condition(() => this.steps.every((s) => s.opened)).then(() => this.lock.run(async () => {
          throwRefusal(validate(this.view(), input));
          return apply(input);
        }));
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
          throwRefusal(validateRequest(input));
          if (this.handled.has(input.requestId) || this.inflight.has(input.requestId)) return;
          throwRefusal(validate(this.view(), input));
        },
      },
    );
  }

  /** The projection this run uses (see LOCAL_PROJECTION_PATCH): decided at each call, recorded once. */
  private get projection() {
    return this.patches.has(LOCAL_PROJECTION_PATCH) ? localProjection : remoteProjection;
  }

  private ids() {
    return { workflowId: workflowInfo().workflowId, executionId: workflowInfo().firstExecutionRunId };
  }

  /** What the pure checks read: the live state (they never change it). */
  private view(): StepView {
    return { steps: this.steps, open: this.open, sequence: this.sequence, ending: this.ending, resultCheck: (stepKey) => this.resultChecks.get(stepKey) };
  }

  private assignmentFor(taskKey: string): { step: StepRecord; a: Assignment } {
    return openAssignment(this.view(), taskKey);
  }

  private activeAssignment(step: StepRecord): Assignment | undefined {
    return activeAssignment(step);
  }

  private lastCompleted(stageKey: string): StepRecord | undefined {
    return lastCompleted(this.steps, stageKey);
  }

  private result(a: Assignment, step: StepRecord, at: string): ActionResult {
    return { taskKey: a.taskKey, stepKey: step.stepKey, status: a.status, at, deadlineAt: step.deadlineAt };
  }

  // --- handlers ----------------------------------------------------------------------------------

  private async complete(input: CompleteTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const at = workflowNow().toISOString();
    a.status = 'COMPLETED';
    a.completedBy = input.actor.userId;
    a.comment = input.comment;
    step.actedOn = true;
    await this.projection.closeTask({ ...this.ids(), stepKey: a.taskKey, status: 'COMPLETED', actor: input.actor, comment: input.comment ?? null, result: input.result ?? null, at, requestId: input.requestId });
    if (step.countersign) return this.settleCountersign(step, a, at, input.actor.login);
    if (a.position === 'main') step.result = input.result;
    const next = this.activeAssignment(step);
    if (next) {
      // 前加签 finished: the main assignee may act now.
      if (a.position === 'before' && next.position === 'main' && !step.assignments.some((x) => x.position === 'before' && x.status === 'OPEN')) {
        await this.projection.updateTask({ ...this.ids(), taskKey: next.taskKey, patch: { waitingFor: null }, audit: null });
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
    a.completedBy = input.actor.userId;
    step.actedOn = true;
    await this.projection.closeTask({
      ...this.ids(), stepKey: a.taskKey, status: 'RETURNED', actor: input.actor, comment: input.comment,
      result: { reasonCode: input.reasonCode, toStageKey: input.toStageKey, ...(input.problems ? { problems: input.problems } : {}) }, at, requestId: input.requestId,
    });
    // 会签 under a quorum: one return leaves the step open while the others can still reach the quorum.
    if (step.countersign && countersignOutcome(step.countersign.rule, step.assignments) === 'pending') return this.result(a, step, at);
    await this.closeRest(step, a, at, step.countersign ? countersignClosingReason('returned', input.actor.login) : null);
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
    await this.projection.updateTask({
      ...this.ids(), taskKey: a.taskKey, patch: { assigneeUserId: input.toUser.userId },
      audit: { action: 'task.transferred', actor: input.actor, requestId: input.requestId, before: { assigneeUserId: before }, after: { assigneeUserId: input.toUser.userId, comment: input.comment ?? null } },
      notify: { kind: 'assigned', userIds: [input.toUser.userId], subject: '您有一项转交给您的待办', body: input.comment ?? '' },
    });
    return this.result(a, step, workflowNow().toISOString());
  }

  /** 委托: an open task of someone away moves to their delegate; unlike 转交 it does not stop a withdrawal. */
  private async delegateTask(input: DelegateTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const before = a.assigneeUserId;
    a.assigneeUserId = input.delegate.userId;
    await this.projection.updateTask({
      ...this.ids(), taskKey: a.taskKey, patch: { assigneeUserId: input.delegate.userId, delegatedFromId: input.delegator.userId, delegationId: input.delegationId },
      audit: {
        action: 'task.delegated', actor: input.actor, requestId: input.requestId, before: { assigneeUserId: before },
        after: { assigneeUserId: input.delegate.userId, delegatedFromId: input.delegator.userId, delegationId: input.delegationId, at: 'moved' },
      },
      notify: { kind: 'assigned', userIds: [input.delegate.userId], subject: `${input.delegator.login} 委托您代为办理`, body: '委托期间请代为办理此待办。' },
    });
    return this.result(a, step, workflowNow().toISOString());
  }

  private async claim(input: ClaimTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    a.assigneeUserId = input.actor.userId;
    step.actedOn = true;
    await this.projection.updateTask({
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
    const opened = await this.projection.openTask({
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
      await this.projection.updateTask({ ...this.ids(), taskKey: a.taskKey, patch: { waitingFor: ap.login }, audit: null });
    }
    return this.result(a, step, workflowNow().toISOString());
  }

  private async cc(input: CcTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const fresh = input.userIds.filter((u) => !step.ccUserIds.includes(u));
    step.ccUserIds.push(...fresh);
    await this.projection.updateTask({
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
    await this.projection.closeTask({ ...this.ids(), stepKey: main.taskKey, status: 'WITHDRAWN', actor: input.actor, comment: input.comment ?? null, result: null, at, requestId: input.requestId });
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
    const moved = await this.projection.moveDeadline({
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
    await this.projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: 'pause', workingDays: 0, deadlineAt: step.deadlineAt,
      pausedAt: at, at, actor: input.actor, requestId: input.requestId, reason: input.reason,
    });
    this.clockChanged = true;
    return this.result(a, step, at);
  }

  private async resume(input: ResumeClockInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const at = workflowNow().toISOString();
    const moved = await this.projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: 'resume', workingDays: 0, deadlineAt: step.deadlineAt,
      pausedAt: step.pausedAt, at, actor: input.actor, requestId: input.requestId, reason: '',
    });
    step.pausedAt = null;
    this.replan(step, moved);
    return this.result(a, step, at);
  }

  private async reschedule(input: RescheduleInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    // A calendar change keeps the step's working days and counts them on the new calendar; a fixed date
    // (a timetable's, a statutory one) stays while its ladder is re-planned (same commands either way).
    const calendar = input.cause === 'calendar';
    const fixed = step.fixedDue || step.statutory;
    const moved = await this.projection.moveDeadline({
      ...this.ids(), stepKey: step.stepKey, mode: fixed ? 'replan' : calendar ? 'recount' : 'recompute', workingDays: calendar && !fixed ? input.workingDays ?? 0 : 0,
      deadlineAt: step.deadlineAt, pausedAt: step.pausedAt, at: workflowNow().toISOString(), actor: input.actor, requestId: input.requestId, reason: input.reason,
      ...(calendar ? { statutory: step.statutory, notifyHolder: true } : {}),
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
  private async closeRest(step: StepRecord, except: Assignment | null, at: string, reason: string | null = null): Promise<void> {
    for (const x of step.assignments.filter((y) => y !== except && y.status === 'OPEN')) {
      x.status = 'CANCELLED';
      if (reason) x.comment = reason;
      await this.projection.closeTask({ ...this.ids(), stepKey: x.taskKey, status: 'CANCELLED', actor: null, comment: reason, result: null, at, requestId: `close-${x.taskKey}` });
    }
  }

  /**
   * After a signer approved (会签): the step passes once the rule says so, and the signers still open are
   * closed with the reason on their task; until then it stays open for the others.
   */
  private async settleCountersign(step: StepRecord, a: Assignment, at: string, byLogin: string): Promise<ActionResult> {
    const outcome = countersignOutcome(step.countersign!.rule, step.assignments);
    if (outcome !== 'approved') return this.result(a, step, at);
    await this.closeRest(step, a, at, countersignClosingReason('approved', byLogin));
    step.status = 'COMPLETED';
    step.completedAt = at;
    step.completedBy = a.completedBy;
    step.comment = a.comment;
    step.result = { countersign: step.assignments.map((x) => ({ signer: x.signer, status: x.status, by: x.completedBy ?? null, comment: x.comment ?? null })) };
    return this.result(a, step, at);
  }

  // --- 流程监控: an administrator's interventions ---------------------------------------------------

  private async reassign(input: ReassignTaskInput): Promise<ActionResult> {
    const { step, a } = this.assignmentFor(input.taskKey);
    const before = a.assigneeUserId;
    a.assigneeUserId = input.toUser.userId;
    await this.projection.updateTask({
      ...this.ids(), taskKey: a.taskKey, patch: { assigneeUserId: input.toUser.userId },
      audit: { action: 'task.reassigned', actor: input.actor, requestId: input.requestId, before: { assigneeUserId: before }, after: { assigneeUserId: input.toUser.userId, reason: input.reason } },
      notify: { kind: 'assigned', userIds: [input.toUser.userId], subject: '管理员将一项待办改派给您', body: input.reason },
    });
    return this.result(a, step, workflowNow().toISOString());
  }

  /** Closes the current step (its open tasks cancelled with the reason) and runs the chosen earlier stage again. */
  private async jumpBack(input: JumpBackInput): Promise<ActionResult> {
    const step = this.open!;
    const at = workflowNow().toISOString();
    const reason = `管理员（${input.actor.login}）将流程跳回「${stageOf(this.flowKey, input.toStageKey)?.name ?? input.toStageKey}」：${input.reason}`;
    await this.closeRest(step, null, at, reason);
    step.returnTo = {
      stageKey: input.toStageKey,
      info: { fromStageKey: step.stageKey, fromRound: step.round, reasonCode: 'intervention', comment: input.reason, byLogin: input.actor.login, kind: 'returned' },
    };
    step.status = 'RETURNED';
    step.completedAt = at;
    step.completedBy = input.actor.userId;
    step.comment = reason;
    return this.result(step.assignments[0], step, at);
  }

  /** Records why the flow ends; the API cancels the workflow next, and the cancellation closes the open tasks with it. */
  private endFlow(input: EndFlowInput): ActionResult {
    this.ending = { reason: input.reason, byLogin: input.actor.login };
    const step = this.open;
    return { taskKey: step?.assignments[0]?.taskKey ?? '', stepKey: step?.stepKey ?? '', status: step?.status ?? 'CANCELLED', at: workflowNow().toISOString(), deadlineAt: step?.deadlineAt ?? null };
  }
}
