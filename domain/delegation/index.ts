/**
 * 委托 (delegation while away) and 批量审批 (batch approval): the pure rules the API, the projection and the
 * console share. No database, no Temporal: unit-tested on plain objects (test/domain/delegation.test.ts).
 * docs/delegation.md tells the whole feature.
 */
import type { Role } from '../step';

/** A delegation as the rules read it: dates are China dates YYYY-MM-DD, both ends included. */
export interface DelegationTerms {
  id?: string;
  delegatorId: string;
  delegateId: string;
  orgUnitId: string;
  role: Role;
  /** null: every flow */
  flowKey: string | null;
  startDate: string;
  endDate: string;
  endedAt?: Date | string | null;
}

/** A person as the rules read them. */
export interface Person {
  id: string;
  orgUnitId: string;
  roles: readonly Role[];
  active: boolean;
}

export interface DelegationRefusal {
  code: DelegationCode;
  message: string;
  status: 400 | 403 | 409;
}

/** The refusals of this module; each is also listed in server/errorCodes.ts with its status. */
export const DELEGATION_CODES = [
  'INVALID_DELEGATION_DATES', 'DELEGATION_TOO_LONG', 'DELEGATION_IN_PAST', 'DELEGATE_IS_SELF', 'DELEGATE_OTHER_UNIT',
  'DELEGATE_OTHER_ROLE', 'DELEGATE_INACTIVE', 'DELEGATION_OVERLAP', 'DELEGATION_CHAIN', 'DELEGATION_ENDED',
] as const;
export type DelegationCode = (typeof DELEGATION_CODES)[number];

/** A leave rarely runs past a month; a year stops a typo (2062 for 2026) from routing tasks for decades. */
export const MAX_DELEGATION_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Two delegations' date ranges share a day, and they concern the same flow (or one covers every flow). */
export function overlaps(a: Pick<DelegationTerms, 'startDate' | 'endDate' | 'flowKey'>, b: Pick<DelegationTerms, 'startDate' | 'endDate' | 'flowKey'>): boolean {
  const flows = a.flowKey === null || b.flowKey === null || a.flowKey === b.flowKey;
  return flows && a.startDate <= b.endDate && b.startDate <= a.endDate;
}

/** Still in force on `today` (not ended early, today within its range). */
export function isInForce(d: DelegationTerms, today: string): boolean {
  return !d.endedAt && d.startDate <= today && today <= d.endDate;
}

/** Not ended early and not over yet: what "a delegation of mine" lists as current. */
export function isCurrent(d: DelegationTerms, today: string): boolean {
  return !d.endedAt && today <= d.endDate;
}

/**
 * Whether a new delegation may be made. `existing` are the delegations that are not ended early and concern
 * either person (as delegator or delegate). Refused: bad or reversed dates, a start in the past, a range over
 * a year, delegating to oneself, to someone of another unit or post (the delegate must already be able to see
 * and act on the unit's tasks of that post: they gain nothing beyond the delegated tasks), to an inactive
 * account, a second delegation of the same person overlapping the first, and chains (the delegate is away
 * and delegating themselves, or the delegator is holding someone else's tasks in the range).
 */
export function checkDelegation(
  terms: DelegationTerms,
  people: { delegator: Person; delegate: Person },
  existing: readonly DelegationTerms[],
  today: string,
): DelegationRefusal | undefined {
  const { delegator, delegate } = people;
  if (!validDate(terms.startDate) || !validDate(terms.endDate) || terms.endDate < terms.startDate) {
    return { code: 'INVALID_DELEGATION_DATES', status: 400, message: '委托期限无效：请填写开始和结束日期，结束日期不能早于开始日期。' };
  }
  if (terms.endDate < today) return { code: 'DELEGATION_IN_PAST', status: 400, message: '委托的结束日期已经过去，请重新选择日期。' };
  if (daysBetween(terms.startDate, terms.endDate) + 1 > MAX_DELEGATION_DAYS) {
    return { code: 'DELEGATION_TOO_LONG', status: 400, message: `委托期限最长${MAX_DELEGATION_DAYS}天，请缩短委托期限。` };
  }
  if (delegator.id === delegate.id) return { code: 'DELEGATE_IS_SELF', status: 400, message: '不能委托给自己，请选择本单位同岗位的其他同事。' };
  if (!delegate.active) return { code: 'DELEGATE_INACTIVE', status: 400, message: '被委托人的账号已停用，请选择其他同事。' };
  if (delegate.orgUnitId !== delegator.orgUnitId || terms.orgUnitId !== delegator.orgUnitId) {
    return { code: 'DELEGATE_OTHER_UNIT', status: 400, message: '只能委托给本单位的同事。' };
  }
  if (!delegator.roles.includes(terms.role) || !delegate.roles.includes(terms.role)) {
    return { code: 'DELEGATE_OTHER_ROLE', status: 400, message: '只能委托给与委托岗位相同的同事。' };
  }
  const live = existing.filter((d) => !d.endedAt && d.id !== terms.id && overlaps(d, terms));
  if (live.some((d) => d.delegatorId === delegator.id)) {
    return { code: 'DELEGATION_OVERLAP', status: 409, message: '该期间已有一项委托，请先结束原委托或调整日期。' };
  }
  if (live.some((d) => d.delegatorId === delegate.id || d.delegateId === delegator.id)) {
    return { code: 'DELEGATION_CHAIN', status: 409, message: '被委托人在该期间也已委托他人（或您正在代他人办理），不能转委托，请选择其他同事。' };
  }
  return undefined;
}

/**
 * Whom a task opened now goes to. A task meant for one person goes to their delegate when a delegation of
 * theirs is in force for the flow. A task held by a post (every holder of the role in the unit may act) goes
 * to a delegate only when every other holder is away with a delegation to that same delegate: while another
 * holder is present the post keeps it, and the delegate, a holder too, sees it anyway.
 * `holders` are the active users of the unit with the role; `inForce` the delegations in force today.
 */
export function routeTask(
  task: { assigneeUserId: string | null; orgUnitId: string; role: Role; flowKey: string },
  holders: readonly string[],
  inForce: readonly DelegationTerms[],
): { delegateId: string; delegatorId: string; delegationId?: string } | undefined {
  const applies = (d: DelegationTerms) => d.orgUnitId === task.orgUnitId && d.role === task.role && (d.flowKey === null || d.flowKey === task.flowKey);
  const mine = inForce.filter(applies);
  const pick = (d: DelegationTerms | undefined) => (d ? { delegateId: d.delegateId, delegatorId: d.delegatorId, delegationId: d.id } : undefined);
  if (task.assigneeUserId) return pick(mine.find((d) => d.delegatorId === task.assigneeUserId));
  const away = holders.map((h) => mine.find((d) => d.delegatorId === h));
  const present = holders.filter((_, i) => !away[i]);
  const to = new Set(away.filter((d): d is DelegationTerms => !!d).map((d) => d.delegateId));
  if (to.size !== 1) return undefined;
  const [delegateId] = [...to];
  if (present.some((h) => h !== delegateId) || !present.includes(delegateId)) return undefined;
  return pick(away.find((d) => d?.delegateId === delegateId));
}

// ---------------------------------------------------------------------------------------------------
// 批量审批
// ---------------------------------------------------------------------------------------------------

/** At most this many tasks in one batch: the preview lists them all and each is a workflow update. */
export const MAX_BATCH = 50;
/** Completions sent to the workflows at once: enough to finish fifty in seconds, few enough to spare the workers. */
export const BATCH_CONCURRENCY = 4;
