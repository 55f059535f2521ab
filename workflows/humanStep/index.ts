/**
 * The human step, split the way Temporal's safe-message-handlers sample splits message handling:
 * `messages` (the updates, the query and their types: what the API and tests import), `validators`
 * (pure checks, no Temporal) and `engine` (HumanSteps, which owns the state and the handlers).
 */
export * from './messages';
export { delegateTaskUpdate, DELEGATION_PATCH, type DelegateTaskInput } from './delegation';
export { HumanSteps, rejectAction } from './engine';
export type { StepView, Validator } from './validators';
