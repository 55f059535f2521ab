/**
 * The human step's messages: the Updates people act with, the query of the steps, and their input and
 * result types. The API, the console's server side and the tests import them from here (through
 * workflows/humanStep), the engine registers handlers for them. No state and no handler lives here.
 *
 * Why Updates and not Signals: a clerk must learn at once whether the action was accepted, and a refused
 * action must never enter history. Every action is idempotent per request id.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { RESCHEDULE_UPDATE_NAME, STEPS_QUERY_NAME, type Actor, type AssignmentPosition, type AssignmentStatus, type CountersignRule, type LadderRungPlan, type Refusal, type RescheduleInput, type ReturnInfo, type Role, type SignerSpec, type StepClock } from '../../domain/step';

/** A flow's check of a completion's form: a refusal (returned or thrown as `rejectAction`), or nothing when it passes. */
export type ResultCheck = (result: Record<string, unknown> | undefined) => Refusal | undefined | void;

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
   * required evidence): answer a Refusal (or throw `rejectAction(code, message)`) to refuse it inside the
   * update validator, so an incomplete submission never enters history. Runs in the workflow: keep it
   * pure and deterministic.
   */
  validateResult?: ResultCheck;
  /**
   * 会签: several signers act in parallel, each on a task of their own, and the rule decides the stage
   * (domain/step/countersign.ts). The flows build it from the stage registry (StageDefinition.countersign).
   */
  countersign?: { rule: CountersignRule; signers: SignerSpec[] };
}

export type { AssignmentPosition, AssignmentStatus, LadderRungPlan, Refusal, ReturnInfo } from '../../domain/step';

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
  /** A countersigned step's signer: what they sign as (their opinion is `comment`, their decision `status`). */
  signer?: string;
}

export interface StepRecord extends StepClock {
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
  /** Set when the step is countersigned (会签): every `main` assignment is a signer, decided by this rule. */
  countersign?: { rule: CountersignRule };
}

export interface StepsState {
  workflowId: string;
  steps: StepRecord[];
  openStepKey: string | null;
  sequence: string[];
  /** Set once an administrator has ended the flow (流程监控): the reason its open tasks are closed with. */
  ending?: { reason: string; byLogin: string } | null;
}

export interface ActionBase {
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
export type { RescheduleInput } from '../../domain/step';

/**
 * 流程监控: an administrator's interventions in a running flow, each with its reason. Reassign hands one open
 * task of the current step to another holder of its post; jump back closes the current step and runs an
 * earlier stage again; end records why the flow ends, just before the API cancels the workflow (the
 * cancellation closes the open tasks with this reason).
 */
export interface ReassignTaskInput extends ActionBase { toUser: Actor; reason: string }
export interface JumpBackInput { requestId: string; actor: Actor; toStageKey: string; reason: string }
export interface EndFlowInput { requestId: string; actor: Actor; reason: string }

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
export const rescheduleUpdate = defineUpdate<ActionResult, [RescheduleInput]>(RESCHEDULE_UPDATE_NAME);
export const reassignTaskUpdate = defineUpdate<ActionResult, [ReassignTaskInput]>('reassignTask');
export const jumpBackUpdate = defineUpdate<ActionResult, [JumpBackInput]>('jumpBack');
export const endFlowUpdate = defineUpdate<ActionResult, [EndFlowInput]>('endFlow');
export const stepsQuery = defineQuery<StepsState>(STEPS_QUERY_NAME);

