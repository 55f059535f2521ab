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
