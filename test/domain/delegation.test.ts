/**
 * 委托's rules on plain objects (domain/delegation): which delegations are refused and why, and whom a task
 * opened during a delegation goes to.
 */
import { checkDelegation, isInForce, overlaps, routeTask, type DelegationTerms, type Person } from '../../domain/delegation';
import { API_ERRORS } from '../../server/errorCodes';
import { DELEGATION_CODES } from '../../domain/delegation';

const TODAY = '2027-02-01';
const head: Person = { id: 'head', orgUnitId: 'fgw', roles: ['UNIT_HEAD'], active: true };
const deputy: Person = { id: 'deputy', orgUnitId: 'fgw', roles: ['UNIT_HEAD'], active: true };
const clerk: Person = { id: 'clerk', orgUnitId: 'fgw', roles: ['CLERK'], active: true };
const otherHead: Person = { id: 'other', orgUnitId: 'street', roles: ['UNIT_HEAD'], active: true };
const terms = (extra: Partial<DelegationTerms> = {}): DelegationTerms => ({
  delegatorId: 'head', delegateId: 'deputy', orgUnitId: 'fgw', role: 'UNIT_HEAD', flowKey: null, startDate: '2027-02-05', endDate: '2027-02-11', ...extra,
});
const code = (t: DelegationTerms, people = { delegator: head, delegate: deputy }, existing: DelegationTerms[] = []) => checkDelegation(t, people, existing, TODAY)?.code;

describe('making a delegation', () => {
  it('when a unit head delegates to a deputy of the same unit and post for a week, it is accepted', () => {
    expect(code(terms())).toBeUndefined();
  });

  it('when the dates are malformed, reversed or past, or the range is over a year, it is refused with the reason', () => {
    expect(code(terms({ startDate: '2027-02-30' }))).toBe('INVALID_DELEGATION_DATES');
    expect(code(terms({ startDate: '2027-02-12' }))).toBe('INVALID_DELEGATION_DATES');
    expect(code(terms({ startDate: '2027-01-20', endDate: '2027-01-31' }))).toBe('DELEGATION_IN_PAST');
    expect(code(terms({ endDate: '2028-02-06' }))).toBe('DELEGATION_TOO_LONG');
    expect(code(terms({ endDate: '2028-02-04' }))).toBeUndefined();
  });

  it('when the delegate is oneself, of another unit, of another post or disabled, it is refused', () => {
    expect(code(terms({ delegateId: 'head' }), { delegator: head, delegate: head })).toBe('DELEGATE_IS_SELF');
    expect(code(terms({ delegateId: 'other' }), { delegator: head, delegate: otherHead })).toBe('DELEGATE_OTHER_UNIT');
    expect(code(terms({ delegateId: 'clerk' }), { delegator: head, delegate: clerk })).toBe('DELEGATE_OTHER_ROLE');
    expect(code(terms({ role: 'CLERK' }))).toBe('DELEGATE_OTHER_ROLE');
    expect(code(terms(), { delegator: head, delegate: { ...deputy, active: false } })).toBe('DELEGATE_INACTIVE');
  });

  it('when the delegator already has a delegation sharing a day and a flow, it is refused; another flow or an ended one does not count', () => {
    const first = terms({ id: 'd1', startDate: '2027-02-10', endDate: '2027-02-20', flowKey: 'annual-report' });
    expect(code(terms(), undefined, [first])).toBe('DELEGATION_OVERLAP');
    expect(code(terms({ flowKey: 'website-closure' }), undefined, [first])).toBeUndefined();
    expect(code(terms({ flowKey: 'annual-report', endDate: '2027-02-09' }), undefined, [first])).toBeUndefined();
    expect(code(terms(), undefined, [{ ...first, endedAt: '2027-02-01T08:00:00Z' }])).toBeUndefined();
  });

  it('when the delegate is away delegating too, or the delegator holds someone else\'s tasks, in the range, it is refused as a chain', () => {
    expect(code(terms(), undefined, [terms({ id: 'd2', delegatorId: 'deputy', delegateId: 'third' })])).toBe('DELEGATION_CHAIN');
    expect(code(terms(), undefined, [terms({ id: 'd3', delegatorId: 'third', delegateId: 'head' })])).toBe('DELEGATION_CHAIN');
  });

  it('is in force from its first to its last day, and no longer once ended early', () => {
    const d = terms();
    expect(['2027-02-04', '2027-02-05', '2027-02-11', '2027-02-12'].map((day) => isInForce(d, day))).toEqual([false, true, true, false]);
    expect(isInForce({ ...d, endedAt: new Date() }, '2027-02-06')).toBe(false);
    expect(overlaps(d, terms({ startDate: '2027-02-11', endDate: '2027-02-11' }))).toBe(true);
  });

  it('answers every refusal code with the status the API catalogue gives it', () => {
    for (const c of DELEGATION_CODES) expect(API_ERRORS).toHaveProperty(c);
    expect(checkDelegation(terms(), { delegator: head, delegate: deputy }, [terms({ id: 'x' })], TODAY)?.status).toBe(API_ERRORS.DELEGATION_OVERLAP.status);
    expect(checkDelegation(terms({ delegateId: 'head' }), { delegator: head, delegate: head }, [], TODAY)?.status).toBe(API_ERRORS.DELEGATE_IS_SELF.status);
  });
});

describe('whom a task opened during a delegation goes to', () => {
  const inForce = [terms({ id: 'd1' })];
  const task = (extra: Partial<Parameters<typeof routeTask>[0]> = {}) => ({ assigneeUserId: null, orgUnitId: 'fgw', role: 'UNIT_HEAD' as const, flowKey: 'annual-report', ...extra });

  it('when a task meant for the delegator opens, it goes to the delegate, naming the delegation', () => {
    expect(routeTask(task({ assigneeUserId: 'head' }), [], inForce)).toEqual({ delegateId: 'deputy', delegatorId: 'head', delegationId: 'd1' });
  });

  it('when a task of the post opens and the delegate is the only other holder, it goes to the delegate', () => {
    expect(routeTask(task(), ['deputy', 'head'], inForce)).toEqual({ delegateId: 'deputy', delegatorId: 'head', delegationId: 'd1' });
  });

  it('when another holder of the post is present, the post keeps the task', () => {
    expect(routeTask(task(), ['deputy', 'head', 'third'], inForce)).toBeUndefined();
  });

  it('when the delegation is for another flow, of another post or unit, or the task is someone else\'s, nothing is routed', () => {
    expect(routeTask(task({ assigneeUserId: 'head' }), [], [terms({ flowKey: 'website-closure' })])).toBeUndefined();
    expect(routeTask(task({ assigneeUserId: 'head', role: 'CLERK' }), [], inForce)).toBeUndefined();
    expect(routeTask(task({ assigneeUserId: 'head', orgUnitId: 'street' }), [], inForce)).toBeUndefined();
    expect(routeTask(task({ assigneeUserId: 'deputy' }), [], inForce)).toBeUndefined();
  });
});
