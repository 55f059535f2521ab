/**
 * 会签 (parallel countersign): the rule that decides a countersigned stage, the registry's definition of one,
 * and the step's checks for countersigned steps and for an administrator's interventions (流程监控). Pure:
 * the workflow side is test/workflows/countersign.test.ts.
 */
import { ANNUAL_REPORT, countersignSigners, defineFlow } from '../../domain/flows';
import {
  countersignOutcome, countersignRuleProblem, effectiveCountersign, namedSignerIds, type Actor, type CountersignSpec, type NamedSigner, type SignerState,
} from '../../domain/step';
import type { StepRecord } from '../../workflows/humanStep/messages';
import {
  validateAddApprover, validateComplete, validateEndFlow, validateJumpBack, validateReassign, validateReturn, type StepView,
} from '../../workflows/humanStep/validators';

const signers = (...statuses: SignerState['status'][]) => statuses.map((status) => ({ status }));

describe('the countersign rule', () => {
  it('under "all", stays pending until every signer approved, then approves', () => {
    const all = { kind: 'all' } as const;
    expect(countersignOutcome(all, signers('OPEN', 'OPEN'))).toBe('pending');
    expect(countersignOutcome(all, signers('COMPLETED', 'OPEN'))).toBe('pending');
    expect(countersignOutcome(all, signers('COMPLETED', 'COMPLETED'))).toBe('approved');
  });

  it('under "all", sends the case back at the first return, whoever else approved', () => {
    const all = { kind: 'all' } as const;
    expect(countersignOutcome(all, signers('RETURNED', 'OPEN', 'OPEN'))).toBe('returned');
    expect(countersignOutcome(all, signers('COMPLETED', 'COMPLETED', 'RETURNED'))).toBe('returned');
  });

  it('under a quorum, approves once enough approved, and returns only once the quorum is out of reach', () => {
    const twoOfThree = { kind: 'quorum', quorum: 2 } as const;
    expect(countersignOutcome(twoOfThree, signers('COMPLETED', 'OPEN', 'OPEN'))).toBe('pending');
    expect(countersignOutcome(twoOfThree, signers('COMPLETED', 'COMPLETED', 'OPEN'))).toBe('approved');
    expect(countersignOutcome(twoOfThree, signers('RETURNED', 'OPEN', 'OPEN'))).toBe('pending');
    expect(countersignOutcome(twoOfThree, signers('RETURNED', 'COMPLETED', 'COMPLETED'))).toBe('approved');
    expect(countersignOutcome(twoOfThree, signers('RETURNED', 'RETURNED', 'OPEN'))).toBe('returned');
  });

  it('refuses a rule that cannot be met or is no countersign at all', () => {
    expect(countersignRuleProblem({ kind: 'all' }, 1)).toMatch(/至少需要两名/);
    expect(countersignRuleProblem({ kind: 'quorum', quorum: 3 }, 2)).toMatch(/1到2/);
    expect(countersignRuleProblem({ kind: 'quorum', quorum: 1.5 }, 2)).toMatch(/整数/);
    expect(countersignRuleProblem({ kind: 'quorum', quorum: 2 }, 3)).toBeUndefined();
  });
});

describe('a countersigned stage in the registry', () => {
  it('区级汇总 is signed by the district office\'s clerk and its head, all of them', () => {
    const stage = ANNUAL_REPORT.stage('district-review');
    expect(stage.countersign?.rule).toEqual({ kind: 'all' });
    expect(countersignSigners(stage, { 'district-office': 'go-1' })).toEqual([
      { orgUnitId: 'go-1', assigneeRole: 'CLERK', label: '区政府办公室经办人' },
      { orgUnitId: 'go-1', assigneeRole: 'UNIT_HEAD', label: '区政府办公室负责人' },
    ]);
  });

  it('a flow whose countersign cannot be met does not load', () => {
    expect(() => defineFlow({
      key: 'annual-report', name: 'x', nameEn: 'x',
      sequences: [[{ key: 'a', name: 'a', nameEn: 'a', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', countersign: { rule: { kind: 'quorum', quorum: 3 }, signers: [{ role: 'CLERK', label: 'x', labelEn: 'x' }, { role: 'UNIT_HEAD', label: 'y', labelEn: 'y' }] } }]],
    })).toThrow(/stage a: 会签通过人数/);
  });
});

const office = 'go-1';
const clerk: Actor = { userId: 'u-clerk', login: 'clerk', orgUnitId: office, roles: ['CLERK'] };
const head: Actor = { userId: 'u-head', login: 'head', orgUnitId: office, roles: ['UNIT_HEAD'] };
const admin: Actor = { userId: 'u-admin', login: 'admin', orgUnitId: 'city', roles: ['ADMIN'] };
const clerk2: Actor = { userId: 'u-clerk2', login: 'clerk2', orgUnitId: office, roles: ['CLERK'] };
const rid = 'request-0001';

/** self-check done, district-review open as a countersign of the office's clerk and head. */
function countersigned(): StepView {
  const done: StepRecord = {
    stepKey: 'self-check#1', stageKey: 'self-check', round: 1, orgUnitId: 'unit', assigneeRole: 'CLERK', status: 'COMPLETED',
    assignments: [{ taskKey: 'self-check#1', taskId: 't0', position: 'main', orgUnitId: 'unit', assigneeRole: 'CLERK', assigneeUserId: null, status: 'COMPLETED' }],
    startedAt: '2026-01-05T00:00:00.000Z', deadlineAt: null, statutory: false, rungs: [], firedRungs: [], pausedAt: null, actedOn: true, opened: true, ccUserIds: [],
  };
  const open: StepRecord = {
    ...done, stepKey: 'district-review#1', stageKey: 'district-review', orgUnitId: office, status: 'OPEN', actedOn: false,
    assignments: [
      { taskKey: 'district-review#1', taskId: 't1', position: 'main', orgUnitId: office, assigneeRole: 'CLERK', assigneeUserId: null, status: 'OPEN', signer: '经办人' },
      { taskKey: 'district-review#1+1', taskId: 't2', position: 'main', orgUnitId: office, assigneeRole: 'UNIT_HEAD', assigneeUserId: null, status: 'OPEN', signer: '负责人' },
    ],
    countersign: { rule: { kind: 'all' } },
  };
  return { steps: [done, open], open, sequence: ['self-check', 'district-review', 'city-verification'], resultCheck: () => undefined };
}

describe('the checks of a countersigned step', () => {
  it('let each signer act on their own task at once (no one waits for another), and only on their own', () => {
    const s = countersigned();
    expect(validateComplete(s, { taskKey: 'district-review#1+1', requestId: rid, actor: head })).toBeUndefined();
    expect(validateReturn(s, { taskKey: 'district-review#1+1', requestId: rid, actor: head, toStageKey: 'self-check', reasonCode: 'revise', comment: '请修改' })).toBeUndefined();
    expect(validateComplete(s, { taskKey: 'district-review#1', requestId: rid, actor: clerk })).toBeUndefined();
    expect(validateComplete(s, { taskKey: 'district-review#1+1', requestId: rid, actor: clerk })?.code).toBe('NOT_ASSIGNEE');
  });

  it('refuse 加签 on a countersigned step with COUNTERSIGN_FIXED_SIGNERS', () => {
    expect(validateAddApprover(countersigned(), { taskKey: 'district-review#1', requestId: rid, actor: clerk, approver: clerk2, position: 'after' })?.code)
      .toBe('COUNTERSIGN_FIXED_SIGNERS');
  });
});

describe('the checks of an administrator\'s intervention', () => {
  it('reassign: only an administrator, only to a holder of the post in the unit, only with a reason', () => {
    const s = countersigned();
    const base = { taskKey: 'district-review#1', requestId: rid, toUser: clerk2, reason: '原经办人休假' };
    expect(validateReassign(s, { ...base, actor: admin })).toBeUndefined();
    expect(validateReassign(s, { ...base, actor: clerk })?.code).toBe('NOT_ADMIN');
    expect(validateReassign(s, { ...base, actor: admin, toUser: head })?.code).toBe('INVALID_REASSIGN_TARGET');
    expect(validateReassign(s, { ...base, actor: admin, reason: ' ' })?.code).toBe('REASON_REQUIRED');
  });

  it('jump back: to an earlier stage that ran, refusing an unknown or later stage and a missing reason', () => {
    const s = countersigned();
    const base = { requestId: rid, actor: admin, reason: '报告需重新自查' };
    expect(validateJumpBack(s, { ...base, toStageKey: 'self-check' })).toBeUndefined();
    expect(validateJumpBack(s, { ...base, toStageKey: 'no-such-stage' })?.code).toBe('UNKNOWN_STAGE');
    expect(validateJumpBack(s, { ...base, toStageKey: 'city-verification' })?.code).toBe('INVALID_RETURN_TARGET');
    expect(validateJumpBack(s, { ...base, toStageKey: 'self-check', reason: '' })?.code).toBe('REASON_REQUIRED');
    expect(validateJumpBack({ ...s, open: null }, { ...base, toStageKey: 'self-check' })?.code).toBe('NO_OPEN_STEP');
  });

  it('end: only an administrator with a reason, and once', () => {
    const s = countersigned();
    expect(validateEndFlow(s, { requestId: rid, actor: admin, reason: '单位撤并，不再报送' })).toBeUndefined();
    expect(validateEndFlow(s, { requestId: rid, actor: head, reason: '单位撤并' })?.code).toBe('NOT_ADMIN');
    expect(validateEndFlow({ ...s, ending: { reason: 'x' } }, { requestId: rid, actor: admin, reason: '再次终止' })?.code).toBe('FLOW_ENDING');
  });
});

describe('the effective 会签 of a step: the administrator\'s setting merged with the registry\'s default', () => {
  const unit = 'unit-1';
  const registryDefault: CountersignSpec = {
    rule: { kind: 'all' },
    signers: [{ orgUnitId: 'office', assigneeRole: 'CLERK', label: '区政府办公室经办人' }, { orgUnitId: 'office', assigneeRole: 'UNIT_HEAD', label: '区政府办公室负责人' }],
  };
  const users = new Map<string, NamedSigner>([['u-1', { orgUnitId: 'unit-9', role: 'UNIT_HEAD', name: '王主任' }]]);
  const at = { orgUnitId: unit, users };

  it('without a setting, the registry\'s declaration applies (and a stage that declares none stays single)', () => {
    expect(effectiveCountersign(registryDefault, null, at)).toBe(registryDefault);
    expect(effectiveCountersign(undefined, undefined, at)).toBeUndefined();
  });

  it('a setting turned off removes a declared countersign', () => {
    expect(effectiveCountersign(registryDefault, { enabled: false }, at)).toBeUndefined();
  });

  it('a setting adds 会签 to a stage that had none: posts sign in the step\'s unit, a named user in their own, labels default to the post or the name', () => {
    const got = effectiveCountersign(undefined, {
      enabled: true, rule: { kind: 'quorum', quorum: 2 }, signers: [{ role: 'CLERK' }, { role: 'UNIT_HEAD', label: '主要负责同志' }, { userId: 'u-1' }],
    }, at);
    expect(got).toEqual({
      rule: { kind: 'quorum', quorum: 2 },
      signers: [
        { orgUnitId: unit, assigneeRole: 'CLERK', label: '经办人' },
        { orgUnitId: unit, assigneeRole: 'UNIT_HEAD', label: '主要负责同志' },
        { orgUnitId: 'unit-9', assigneeRole: 'UNIT_HEAD', assigneeUserId: 'u-1', label: '王主任' },
      ],
    });
  });

  it('a setting replaces the registry\'s signers and rule', () => {
    const got = effectiveCountersign(registryDefault, { enabled: true, rule: { kind: 'all' }, signers: [{ role: 'CLERK' }, { userId: 'u-1' }] }, at);
    expect(got?.signers.map((s) => s.label)).toEqual(['经办人', '王主任']);
  });

  it('a named signer who is gone is left out, and when the rest cannot meet the rule the registry\'s default applies', () => {
    const stale = { enabled: true as const, rule: { kind: 'all' as const }, signers: [{ role: 'CLERK' as const }, { userId: 'u-gone' }] };
    expect(effectiveCountersign(registryDefault, stale, at)).toBe(registryDefault);
    expect(effectiveCountersign(undefined, stale, at)).toBeUndefined();
    expect(namedSignerIds(stale)).toEqual(['u-gone']);
    expect(namedSignerIds({ enabled: false })).toEqual([]);
  });
});
