/**
 * The human step both flows are told with: a task assigned to a role in an org unit, projected into
 * PostgreSQL by activities, acted on through Temporal Updates whose validators reject stale, foreign or
 * malformed actions before they enter history.
 */
import { ApplicationFailure, CancellationScope, condition, isCancellation, defineQuery, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';
import type { Actor, Role } from './shared';

const { openTask, closeTask } = proxyActivities<ReturnType<typeof activities.createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface StepSpec {
  flowKey: string;
  stageKey: string;
  title: string;
  orgUnitId: string;
  assigneeRole: Role;
  campaignId?: string;
  payload?: Record<string, unknown>;
}

export type StepStatus = 'OPEN' | 'COMPLETED' | 'CANCELLED';

export interface StepRecord {
  stepKey: string;
  stageKey: string;
  round: number;
  taskId: string;
  orgUnitId: string;
  assigneeRole: Role;
  status: StepStatus;
  startedAt: string;
  deadlineAt: string | null;
  completedAt?: string;
  completedBy?: string;
  comment?: string;
  result?: Record<string, unknown>;
}

export interface CompleteTaskInput {
  stepKey: string;
  requestId: string;
  actor: Actor;
  comment?: string;
  result?: Record<string, unknown>;
}

export interface TaskActionResult {
  stepKey: string;
  status: StepStatus;
  completedAt: string;
}

export interface StepsState {
  workflowId: string;
  steps: StepRecord[];
  openStepKey: string | null;
}

export const completeTaskUpdate = defineUpdate<TaskActionResult, [CompleteTaskInput]>('completeTask');
export const stepsQuery = defineQuery<StepsState>('steps');

/**
 * A clerk-readable refusal with a stable code. The failure's `type` carries the code across Temporal so
 * the API can answer with it; nonRetryable because a refused action never succeeds by being repeated.
 */
export function rejectAction(code: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

const REQUEST_ID = /^[\w-]{8,100}$/;

/** Owns the steps of one workflow run and the update handlers that act on them. */
export class HumanSteps {
  private readonly steps: StepRecord[] = [];
  private readonly handled = new Map<string, TaskActionResult>();
  private open: StepRecord | null = null;

  constructor() {
    setHandler(stepsQuery, () => this.snapshot());
    setHandler(
      completeTaskUpdate,
      async (input) => {
        const earlier = this.handled.get(input.requestId);
        if (earlier) return earlier; // the same request sent twice changes state once
        const step = this.open!;
        const completedAt = new Date().toISOString();
        step.status = 'COMPLETED';
        step.completedAt = completedAt;
        step.completedBy = input.actor.userId;
        step.comment = input.comment;
        step.result = input.result;
        const result: TaskActionResult = { stepKey: step.stepKey, status: step.status, completedAt };
        this.handled.set(input.requestId, result);
        this.open = null;
        await closeTask({
          workflowId: workflowInfo().workflowId,
          executionId: workflowInfo().firstExecutionRunId,
          stepKey: step.stepKey,
          status: 'COMPLETED',
          actor: input.actor,
          comment: input.comment ?? null,
          result: input.result ?? null,
          at: completedAt,
          requestId: input.requestId,
        });
        return result;
      },
      { validator: (input) => this.validateAction(input) },
    );
  }

  snapshot(): StepsState {
    return { workflowId: workflowInfo().workflowId, steps: this.steps.map((s) => ({ ...s })), openStepKey: this.open?.stepKey ?? null };
  }

  /** Opens a task for the stage and waits until someone completes it. */
  async run(spec: StepSpec): Promise<StepRecord> {
    const round = this.steps.filter((s) => s.stageKey === spec.stageKey).length + 1;
    const stepKey = `${spec.stageKey}#${round}`;
    const startedAt = new Date().toISOString();
    const opened = await openTask({
      workflowId: workflowInfo().workflowId,
      executionId: workflowInfo().firstExecutionRunId,
      stepKey,
      round,
      flowKey: spec.flowKey,
      stageKey: spec.stageKey,
      title: spec.title,
      orgUnitId: spec.orgUnitId,
      assigneeRole: spec.assigneeRole,
      campaignId: spec.campaignId ?? null,
      payload: spec.payload ?? {},
      startedAt,
    });
    const step: StepRecord = {
      stepKey,
      stageKey: spec.stageKey,
      round,
      taskId: opened.taskId,
      orgUnitId: spec.orgUnitId,
      assigneeRole: spec.assigneeRole,
      status: 'OPEN',
      startedAt,
      deadlineAt: opened.deadlineAt,
    };
    this.steps.push(step);
    this.open = step;
    try {
      await condition(() => step.status !== 'OPEN');
    } catch (err) {
      // A cancelled flow must not leave an open task in someone's inbox: close it, even while cancelling.
      if (isCancellation(err)) {
        step.status = 'CANCELLED';
        this.open = null;
        await CancellationScope.nonCancellable(() =>
          closeTask({
            workflowId: workflowInfo().workflowId,
            executionId: workflowInfo().firstExecutionRunId,
            stepKey,
            status: 'CANCELLED',
            actor: null,
            comment: null,
            result: null,
            at: new Date().toISOString(),
            requestId: `cancel-${stepKey}`,
          }),
        );
      }
      throw err;
    }
    return step;
  }

  private validateAction(input: CompleteTaskInput): void {
    if (!input || typeof input !== 'object') throw rejectAction('INVALID_ACTION', '操作内容不完整。');
    if (typeof input.requestId !== 'string' || !REQUEST_ID.test(input.requestId)) {
      throw rejectAction('INVALID_REQUEST_ID', '请求编号无效，请刷新页面后重试。');
    }
    if (this.handled.has(input.requestId)) return; // a retry of a request already applied
    const step = this.open;
    if (!step || step.stepKey !== input.stepKey) {
      throw rejectAction('TASK_NOT_OPEN', '该待办已被处理或已过期，请刷新页面查看最新状态。');
    }
    const actor = input.actor;
    if (!actor || actor.orgUnitId !== step.orgUnitId || !actor.roles?.includes(step.assigneeRole)) {
      throw rejectAction('NOT_ASSIGNEE', '您不是该待办的办理人，无权办理。');
    }
    if (input.comment !== undefined && (typeof input.comment !== 'string' || input.comment.length > 2000)) {
      throw rejectAction('INVALID_COMMENT', '办理意见不能超过2000字。');
    }
  }
}
