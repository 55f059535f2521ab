/** Names shared by workflows, the worker, the API and tests: they live in the leaf module domain/step. */
export { DEFAULT_TASK_QUEUE, FLOW_ANNUAL_REPORT, FLOW_WEBSITE_CLOSURE } from '../domain/step';
export type { Actor, Role, FlowKey } from '../domain/step';
