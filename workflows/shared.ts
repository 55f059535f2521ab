/** Names shared by workflows, the worker, the API and tests. */
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
