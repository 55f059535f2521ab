/**
 * The step's contract: what the workflows, the activities, the API, the console and the tests all need to
 * agree on about a human step. It is a leaf: it imports nothing of GovFlow's, so every layer may import it
 * and imports between `activities/` and `workflows/` never have to cross (see the lint rule in
 * eslint.config.mjs).
 */

/** The task queue all GovFlow workers share unless TEMPORAL_TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'govflow';

export type Role = 'CLERK' | 'UNIT_HEAD' | 'SUPERVISOR' | 'ADMIN';

/** Who acts on a task, as the API authenticated them; validators check it again inside the workflow. */
export interface Actor {
  userId: string;
  login: string;
  orgUnitId: string;
  roles: Role[];
}

export const FLOW_ANNUAL_REPORT = 'annual-report';
export const FLOW_WEBSITE_CLOSURE = 'website-closure';
export type FlowKey = typeof FLOW_ANNUAL_REPORT | typeof FLOW_WEBSITE_CLOSURE;

// ---------------------------------------------------------------------------------------------------
// What a step's workflow code and its projection activities exchange
// ---------------------------------------------------------------------------------------------------

/** One planned rung of a step's escalation ladder (the activity plans it, the workflow fires it). */
export interface LadderRungPlan {
  key: string;
  at: string;
  action: 'remind' | 'urge' | 'supervise' | 'candidate-notice';
  notify: Array<'assignees' | 'leaderInCharge' | 'supervisingOffice'>;
}

/** Why a stage runs again: a reviewer's 退回, a submitter's 撤回, or a flow's own jump back. */
export interface ReturnInfo {
  fromStageKey: string;
  fromRound: number;
  reasonCode: string;
  comment: string;
  byLogin: string;
  kind: 'returned' | 'withdrawn';
  /** A reviewer's list of what to fix (全市核查 returns with one), shown to the stage that runs again. */
  problems?: string[];
}

/** Where an assignment sits in its step: the main assignee, or an approver added before or after (加签). */
export const ASSIGNMENT_POSITIONS = ['main', 'before', 'after'] as const;
export type AssignmentPosition = (typeof ASSIGNMENT_POSITIONS)[number];

/** A step's and a task row's status (the TaskStatus enum of prisma/schema.prisma has the same names). */
export const ASSIGNMENT_STATUSES = ['OPEN', 'COMPLETED', 'RETURNED', 'WITHDRAWN', 'CANCELLED'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
/** How a task is closed: every status but OPEN. */
export type ClosedStatus = Exclude<AssignmentStatus, 'OPEN'>;

// ---------------------------------------------------------------------------------------------------
// Workflow ids: built here only, so the API, the activities, the scripts and the tests agree
// ---------------------------------------------------------------------------------------------------

/** One unit's report of a year; stable, so Temporal refuses a second run for the same unit and year. */
export const annualReportWorkflowId = (year: number | string, unitCode: string): string => `${FLOW_ANNUAL_REPORT}/${year}/${unitCode}`;

/** The campaign (专项部署) of a year: its own workflow, which starts the units' workflows. */
export const campaignWorkflowId = (year: number): string => `campaign/${FLOW_ANNUAL_REPORT}/${year}`;

/** Every closure flow of a site starts with this prefix (a site may be taken through the flow again). */
export const websiteClosureWorkflowPrefix = (siteCode: string): string => `${FLOW_WEBSITE_CLOSURE}/${siteCode}/`;

/** One closure flow of a site: `run` tells the site's runs apart (the API uses a short random id). */
export const websiteClosureWorkflowId = (siteCode: string, run: string): string => `${websiteClosureWorkflowPrefix(siteCode)}${run}`;

/**
 * A refused action: a stable code a program reads and a sentence a clerk reads. The step's pure checks
 * answer one; the workflow turns it into the update's failure, the API into its response.
 */
export interface Refusal {
  code: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------------
// A deadline change sent to a running step from outside its flow (a calendar change's job)
// ---------------------------------------------------------------------------------------------------

/**
 * The human step's query and its reschedule update by name. The workflow defines them with these names
 * (workflows/humanStep/messages.ts); an activity, which imports nothing of the workflows, addresses them by name.
 */
export const STEPS_QUERY_NAME = 'steps';
export const RESCHEDULE_UPDATE_NAME = 'reschedule';

/**
 * The workflow task timeout the human-step flows (annual report, closure) are started with: Temporal's 10 s
 * default is too short on a loaded worker, where a step's update runs its projection as local activities in
 * the workflow task; a timed-out workflow task drops the update (issue 13). It is also how long a flow waits
 * when a worker dies with its workflow task in hand (kill -9): 30 s stalled every step in hand that long in
 * the chaos runs (README, "Faults and hostile input"). 20 s: the SDK completes a task whose local activities
 * run long at 80 % of it (16 s) and asks for a new one, so only a worker that cannot answer at all for 20 s
 * loses it. New executions only.
 */
export const FLOW_WORKFLOW_TASK_TIMEOUT = '20s';

/**
 * From the administrators' "apply to running steps". A stage change (no cause, or 'stage') recomputes the
 * deadline from the stage's settings. A calendar change ('calendar') keeps the step's count of working days
 * (`workingDays`, counted from its start on the calendar before the change) and counts it again on the new
 * calendar; a statutory or timetable date stays and only its ladder's working-day rungs are re-planned.
 * The holder is told the old and new deadline and the reason.
 */
export interface RescheduleInput {
  taskKey: string;
  requestId: string;
  actor: Actor;
  reason: string;
  cause?: 'stage' | 'calendar';
  workingDays?: number;
}

/** The part of a step's state (the steps query's `StepRecord`) that a deadline change reads. */
export interface StepClock {
  stepKey: string;
  stageKey: string;
  status: AssignmentStatus;
  startedAt: string;
  deadlineAt: string | null;
  statutory: boolean;
  fixedDue?: boolean;
  firedRungs: string[];
  opened: boolean;
}

export * from './countersign';
