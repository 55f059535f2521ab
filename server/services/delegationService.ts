/**
 * 委托 (delegation while away), the API's side (docs/delegation.md): make one (for oneself, or an administrator
 * for someone unreachable), list them, end one early, and move the delegator's open tasks to the delegate in
 * one action. The rules are domain/delegation's; routing at task open is the projection's
 * (activities/tasks/delegationRouting.ts); a move goes through each task's workflow (delegateTaskUpdate).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { chinaDate } from '../../domain/calendar';
import { checkDelegation, isCurrent, isInForce, routeTask, type DelegationTerms } from '../../domain/delegation';
import { FLOWS } from '../../domain/flows';
import type { Role } from '../../domain/step';
import { delegateTaskUpdate } from '../../workflows/humanStep';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { canSeeUnit } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';

const DAY = z.string({ required_error: '请选择日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');
const WORKING_ROLES = ['CLERK', 'UNIT_HEAD'] as const;

export const createDelegationBody = z.object({
  delegateId: z.string({ required_error: '请选择被委托人' }).uuid('被委托人无效'),
  /** An administrator sets one for someone unreachable; anyone else delegates their own tasks. */
  delegatorId: z.string().uuid('委托人无效').optional(),
  role: z.enum(WORKING_ROLES, { invalid_type_error: '委托岗位无效' }).optional(),
  flowKey: z.enum(Object.keys(FLOWS) as [string, ...string[]], { invalid_type_error: '流程无效' }).nullable().optional(),
  startDate: DAY,
  endDate: DAY,
  reason: z.string().max(500, '委托事由不超过500字').optional(),
  /** Also move the delegator's open tasks now (the same as the separate action right after). */
  moveOpenTasks: z.boolean().optional(),
}).strict();
export type CreateDelegationBody = z.infer<typeof createDelegationBody>;

export const delegationFilterSchema = z.object({
  /** mine: made by or for me (as delegator or delegate); all: every one in an administrator's scope */
  scope: z.enum(['mine', 'all']).optional(),
  current: z.boolean().optional(),
}).strict();

export const DELEGATION_SORTABLE = ['startDate', 'endDate', 'createdAt'] as const;

const today = () => chinaDate(new Date());

async function person(ctx: AppContext, id: string) {
  return ctx.prisma.user.findUnique({ where: { id }, include: { orgUnit: { select: { id: true, path: true, name: true } } } });
}

const status = (d: DelegationTerms, day: string) => (d.endedAt ? 'ENDED' : d.endDate < day ? 'EXPIRED' : d.startDate > day ? 'SCHEDULED' : 'ACTIVE');

/** Rows with both people's names and the state the console shows (生效中, 未开始, 已结束, 已到期). */
async function withNames<T extends DelegationTerms & { createdById: string }>(ctx: AppContext, rows: T[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.delegatorId, r.delegateId, r.createdById]))];
  const people = await ctx.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, login: true, displayName: true } });
  const name = new Map(people.map((p) => [p.id, p]));
  const day = today();
  return rows.map((r) => ({
    ...r,
    delegatorName: name.get(r.delegatorId)?.displayName ?? null,
    delegatorLogin: name.get(r.delegatorId)?.login ?? null,
    delegateName: name.get(r.delegateId)?.displayName ?? null,
    delegateLogin: name.get(r.delegateId)?.login ?? null,
    createdByLogin: name.get(r.createdById)?.login ?? null,
    state: status(r, day),
  }));
}

export async function listDelegations(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  const f = delegationFilterSchema.safeParse(q.filter);
  if (!f.success) throw new AppError('INVALID_FILTER', '筛选条件无效。', 400);
  const admin = user.roles.includes('ADMIN');
  const where = f.data.scope === 'all' && admin
    ? { orgUnitId: { in: (await ctx.prisma.orgUnit.findMany({ where: { path: { startsWith: user.scopePath } }, select: { id: true } })).map((u) => u.id) } }
    : { OR: [{ delegatorId: user.id }, { delegateId: user.id }] };
  const current = f.data.current ? { endedAt: null, endDate: { gte: today() } } : {};
  const w = { AND: [where, current] };
  const [rows, total] = await ctx.prisma.$transaction([
    ctx.prisma.delegation.findMany({ where: w, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
    ctx.prisma.delegation.count({ where: w }),
  ]);
  return { rows: await withNames(ctx, rows as Array<typeof rows[number] & { role: Role }>), total };
}

/** Colleagues a user may delegate to: active, same unit, holding the post. */
export async function delegationCandidates(ctx: AppContext, user: CurrentUser, delegatorId?: string) {
  const who = delegatorId && delegatorId !== user.id ? await visiblePerson(ctx, user, delegatorId) : await person(ctx, user.id);
  if (!who) throw notFound('委托人');
  const roles = who.roles.filter((r): r is (typeof WORKING_ROLES)[number] => (WORKING_ROLES as readonly string[]).includes(r));
  const people = await ctx.prisma.user.findMany({
    where: { orgUnitId: who.orgUnitId, active: true, id: { not: who.id }, roles: { hasSome: roles } },
    select: { id: true, login: true, displayName: true, roles: true },
    orderBy: { displayName: 'asc' },
  });
  return { delegator: { id: who.id, login: who.login, displayName: who.displayName, roles }, candidates: people };
}

async function visiblePerson(ctx: AppContext, user: CurrentUser, id: string) {
  if (!user.roles.includes('ADMIN')) throw new AppError('NOT_DELEGATOR', '只能为自己设置委托；为他人设置委托需要管理员。', 403);
  const p = await person(ctx, id);
  if (!p || !canSeeUnit(user, p.orgUnit)) throw notFound('委托人');
  return p;
}

export async function createDelegation(ctx: AppContext, user: CurrentUser, body: CreateDelegationBody, requestId: string) {
  const delegator = body.delegatorId && body.delegatorId !== user.id ? await visiblePerson(ctx, user, body.delegatorId) : await person(ctx, user.id);
  if (!delegator) throw notFound('委托人');
  const delegate = await person(ctx, body.delegateId);
  if (!delegate) throw new AppError('DELEGATE_INACTIVE', '被委托人不存在或已停用。', 400);
  const role = body.role ?? delegator.roles.find((r): r is Role => (WORKING_ROLES as readonly string[]).includes(r));
  if (!role) throw new AppError('DELEGATE_OTHER_ROLE', '委托人没有可委托的办理岗位（经办人或负责人）。', 400);
  const terms: DelegationTerms = {
    delegatorId: delegator.id, delegateId: delegate.id, orgUnitId: delegator.orgUnitId, role,
    flowKey: body.flowKey ?? null, startDate: body.startDate, endDate: body.endDate,
  };
  const created = await ctx.prisma.$transaction(async (tx) => {
    // One delegation at a time per person: the check and the insert see the same rows (serializable would
    // retry; a row lock on both people is enough and cheap).
    await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" IN (${delegator.id}::uuid, ${delegate.id}::uuid) ORDER BY "id" FOR UPDATE`;
    const existing = await tx.delegation.findMany({
      where: { endedAt: null, OR: [{ delegatorId: { in: [delegator.id, delegate.id] } }, { delegateId: { in: [delegator.id, delegate.id] } }] },
    });
    const refusal = checkDelegation(terms, { delegator, delegate }, existing as DelegationTerms[], today());
    if (refusal) throw new AppError(refusal.code, refusal.message, refusal.status);
    const row = await tx.delegation.create({ data: { ...terms, reason: body.reason ?? null, createdById: user.id } });
    await recordAudit(tx, {
      action: 'delegation.created', entityType: 'delegation', entityId: row.id, actorId: user.id, actorLogin: user.login, requestId,
      after: { ...terms, reason: body.reason ?? null, forSomeoneElse: delegator.id !== user.id },
    });
    return row;
  });
  const moved = body.moveOpenTasks && isInForce(created as DelegationTerms, today()) ? await moveOpenTasks(ctx, user, created.id, requestId) : undefined;
  return { ...(await withNames(ctx, [created as typeof created & { role: Role }]))[0], moved };
}

async function ownDelegation(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('委托');
  const d = await ctx.prisma.delegation.findUnique({ where: { id } });
  if (!d) throw notFound('委托');
  if (d.delegatorId === user.id || d.createdById === user.id) return d;
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { id: d.orgUnitId } });
  if (user.roles.includes('ADMIN') && unit && canSeeUnit(user, unit)) return d;
  if (d.delegateId === user.id) throw new AppError('NOT_DELEGATOR', '只有委托人本人或管理员可以结束委托或移交待办。', 403);
  throw notFound('委托');
}

/**
 * Ends a delegation now (the delegator is back early). Tasks already with the delegate stay with them: they
 * may be half done, and the delegator can take one back with 转交; new tasks come to the delegator again.
 */
export async function endDelegation(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  const d = await ownDelegation(ctx, user, id);
  const { count } = await ctx.prisma.delegation.updateMany({ where: { id, endedAt: null }, data: { endedAt: new Date(), endedById: user.id } });
  if (count === 0) throw new AppError('DELEGATION_ENDED', '该委托已经结束。', 409);
  await recordAudit(ctx.prisma, {
    action: 'delegation.ended', entityType: 'delegation', entityId: id, actorId: user.id, actorLogin: user.login, requestId,
    before: { endDate: d.endDate }, after: { endedOn: today() },
  });
  const row = await ctx.prisma.delegation.findUniqueOrThrow({ where: { id } });
  return (await withNames(ctx, [row as typeof row & { role: Role }]))[0];
}

/**
 * Moves the delegator's open tasks that a delegation in force covers to the delegate: each through its
 * workflow (delegateTaskUpdate), four at a time; each answered moved or refused with the workflow's reason.
 * Which tasks: the same rule as at open (domain/delegation routeTask): the delegator's own tasks, and tasks
 * of the post when every other holder is away with a delegation to the same delegate.
 */
export async function moveOpenTasks(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  const d = await ownDelegation(ctx, user, id);
  const day = today();
  if (!isInForce(d as DelegationTerms, day)) {
    throw new AppError('DELEGATION_NOT_IN_FORCE', isCurrent(d as DelegationTerms, day) ? `该委托自${d.startDate}起生效，生效后才能移交待办。` : '该委托已经结束，不能再移交待办。', 409);
  }
  const [tasks, holders, inForce, people] = await Promise.all([
    ctx.prisma.task.findMany({
      where: {
        status: 'OPEN', orgUnitId: d.orgUnitId, assigneeRole: d.role, ...(d.flowKey ? { flowKey: d.flowKey } : {}),
        OR: [{ assigneeUserId: d.delegatorId }, { assigneeUserId: null }],
      },
      select: { id: true, workflowId: true, stepKey: true, flowKey: true, title: true, assigneeUserId: true, orgUnitId: true },
      orderBy: { startedAt: 'asc' },
      take: 200,
    }),
    ctx.prisma.user.findMany({ where: { orgUnitId: d.orgUnitId, active: true, roles: { has: d.role } }, select: { id: true }, orderBy: { id: 'asc' } }),
    ctx.prisma.delegation.findMany({ where: { orgUnitId: d.orgUnitId, role: d.role, endedAt: null, startDate: { lte: day }, endDate: { gte: day } } }),
    ctx.prisma.user.findMany({ where: { id: { in: [d.delegatorId, d.delegateId] } } }),
  ]);
  const actorOf = (u: (typeof people)[number]) => ({ userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles });
  const delegator = people.find((p) => p.id === d.delegatorId)!;
  const delegate = people.find((p) => p.id === d.delegateId)!;
  if (!delegate.active) throw new AppError('DELEGATE_INACTIVE', '被委托人的账号已停用，不能移交待办；请结束此委托后重新设置。', 400);
  const mine = tasks.filter((t) => routeTask({ assigneeUserId: t.assigneeUserId, orgUnitId: t.orgUnitId, role: d.role, flowKey: t.flowKey }, holders.map((h) => h.id), inForce as DelegationTerms[])?.delegationId === d.id);
  const results: Array<{ taskId: string; title: string; ok: boolean; code?: string; message?: string }> = [];
  const queue = [...mine];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      try {
        await ctx.temporal.workflow.getHandle(t.workflowId).executeUpdate(delegateTaskUpdate, {
          args: [{ taskKey: t.stepKey, requestId: `${requestId}-${t.id}`.slice(0, 100), actor: { userId: user.id, login: user.login, orgUnitId: user.orgUnitId, roles: user.roles }, delegator: actorOf(delegator), delegate: actorOf(delegate), delegationId: d.id }],
        });
        results.push({ taskId: t.id, title: t.title, ok: true });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) results.push({ taskId: t.id, title: t.title, ok: false, code: err.cause.type ?? 'ACTION_REJECTED', message: err.cause.message });
        else if (err instanceof WorkflowNotFoundError) results.push({ taskId: t.id, title: t.title, ok: false, code: 'TASK_NOT_OPEN', message: '该待办所属的流程已结束。' });
        else throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  await recordAudit(ctx.prisma, {
    action: 'delegation.tasks_moved', entityType: 'delegation', entityId: d.id, actorId: user.id, actorLogin: user.login, requestId,
    after: { moved: results.filter((r) => r.ok).map((r) => r.taskId), refused: results.filter((r) => !r.ok).map((r) => ({ taskId: r.taskId, code: r.code })) },
  });
  return { moved: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok), results };
}
