/**
 * The step's check of moving an open task to a delegate (workflows/humanStep/delegation.ts), on plain
 * objects: who may ask, whose task it must be, who may receive it.
 */
import type { Actor } from '../../domain/step';
import { validateDelegateTask, type DelegateTaskInput } from '../../workflows/humanStep/delegation';
import type { StepRecord } from '../../workflows/humanStep/messages';
import type { StepView } from '../../workflows/humanStep/validators';

const unit = 'fgw';
const head: Actor = { userId: 'u-head', login: 'head', orgUnitId: unit, roles: ['UNIT_HEAD'] };
const deputy: Actor = { userId: 'u-deputy', login: 'deputy', orgUnitId: unit, roles: ['UNIT_HEAD'] };
const clerk: Actor = { userId: 'u-clerk', login: 'clerk', orgUnitId: unit, roles: ['CLERK'] };
const admin: Actor = { userId: 'u-admin', login: 'admin', orgUnitId: 'city', roles: ['ADMIN'] };

function view(assigneeUserId: string | null = null, status: StepRecord['status'] = 'OPEN'): StepView {
  const open: StepRecord = {
    stepKey: 'sign-off#1', stageKey: 'sign-off', round: 1, orgUnitId: unit, assigneeRole: 'UNIT_HEAD', status,
    assignments: [{ taskKey: 'sign-off#1', taskId: 't1', position: 'main', orgUnitId: unit, assigneeRole: 'UNIT_HEAD', assigneeUserId, status }],
    startedAt: '2027-02-01T00:00:00.000Z', deadlineAt: null, statutory: false, rungs: [], firedRungs: [], pausedAt: null, actedOn: false, opened: true, ccUserIds: [],
  };
  return { steps: [open], open, sequence: ['sign-off'], resultCheck: () => undefined };
}
const input = (over: Partial<DelegateTaskInput> = {}): DelegateTaskInput => ({
  taskKey: 'sign-off#1', requestId: 'request-0001', actor: head, delegator: head, delegate: deputy, delegationId: 'd1', ...over,
});
const code = (state: StepView, i: DelegateTaskInput) => validateDelegateTask(state, i)?.code;

describe('moving an open task to a delegate', () => {
  it('when the delegator or an administrator moves the delegator\'s task (their own or their post\'s) to a colleague of the post, it passes', () => {
    expect(code(view(), input())).toBeUndefined();
    expect(code(view('u-head'), input())).toBeUndefined();
    expect(code(view('u-head'), input({ actor: admin }))).toBeUndefined();
  });

  it('when anyone else asks, it is refused NOT_DELEGATOR', () => {
    expect(code(view(), input({ actor: deputy }))).toBe('NOT_DELEGATOR');
    expect(code(view(), input({ actor: clerk }))).toBe('NOT_DELEGATOR');
  });

  it('when the task is someone else\'s, or not of the delegator\'s post, it is refused NOT_ASSIGNEE', () => {
    expect(code(view('u-other'), input())).toBe('NOT_ASSIGNEE');
    expect(code(view(), input({ actor: clerk, delegator: clerk }))).toBe('NOT_ASSIGNEE');
  });

  it('when the delegate is the delegator, of another post or unit, it is refused INVALID_DELEGATE', () => {
    expect(code(view(), input({ delegate: head }))).toBe('INVALID_DELEGATE');
    expect(code(view(), input({ delegate: clerk }))).toBe('INVALID_DELEGATE');
    expect(code(view(), input({ delegate: { ...deputy, orgUnitId: 'street' } }))).toBe('INVALID_DELEGATE');
    expect(code(view('u-deputy'), input({ delegator: deputy, actor: deputy, delegate: deputy }))).toBe('INVALID_DELEGATE');
    // A task already with the delegate is no longer the delegator's.
    expect(code(view('u-deputy'), input())).toBe('NOT_ASSIGNEE');
  });

  it('when the task is no longer open, it is refused TASK_NOT_OPEN', () => {
    expect(code(view(null, 'COMPLETED'), input())).toBe('TASK_NOT_OPEN');
  });
});
