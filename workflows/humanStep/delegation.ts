/**
 * 委托 (delegation while away) inside the step: the update that moves an open task to a delegate, its pure
 * check, and the patch under which a step adopts the delegate the projection chose at open
 * (docs/delegation.md). Kept beside the engine rather than in it: the engine only registers the handler.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { Actor, Refusal } from '../../domain/step';
import type { ActionBase, ActionResult } from './messages';
import { openAssignment, type StepView, type Validator } from './validators';

/**
 * patched, because a step opened while its holder is away now takes the delegate as its assignee (the
 * projection's answer carries `delegatedTo`): histories recorded before this change never carry it and never
 * reach the patch, and a run that does writes the marker, so replay stays deterministic either way.
 */
export const DELEGATION_PATCH = 'step-delegation-adopts-delegate';

/**
 * Moves an open task of someone away to their delegate ("move my open tasks" of a delegation): the delegator
 * or an administrator asks, the API names the delegation; the delegate then acts on the delegator's behalf.
 */
export interface DelegateTaskInput extends ActionBase {
  delegator: Actor;
  delegate: Actor;
  delegationId: string;
}
export const delegateTaskUpdate = defineUpdate<ActionResult, [DelegateTaskInput]>('delegateTask');

export const validateDelegateTask: Validator<DelegateTaskInput> = (state: StepView, input) => {
  let found;
  try {
    found = openAssignment(state, input.taskKey);
  } catch (err) {
    const e = err as { refusal?: Refusal };
    if (e.refusal) return e.refusal;
    throw err;
  }
  const { a } = found;
  const { actor, delegator, delegate } = input;
  if (!actor || !Array.isArray(actor.roles) || (actor.userId !== delegator?.userId && !actor.roles.includes('ADMIN'))) {
    return { code: 'NOT_DELEGATOR', message: '只有委托人本人或管理员可以移交委托人的待办。' };
  }
  const heldByDelegator = a.assigneeUserId
    ? a.assigneeUserId === delegator.userId
    : delegator.orgUnitId === a.orgUnitId && Array.isArray(delegator.roles) && delegator.roles.includes(a.assigneeRole);
  if (!heldByDelegator) return { code: 'NOT_ASSIGNEE', message: '该待办不是委托人的待办，不能按委托移交。' };
  if (!delegate || delegate.userId === delegator.userId || delegate.orgUnitId !== a.orgUnitId || !Array.isArray(delegate.roles) || !delegate.roles.includes(a.assigneeRole)) {
    return { code: 'INVALID_DELEGATE', message: '被委托人应为本单位同一岗位的其他人员。' };
  }
  return undefined;
};
