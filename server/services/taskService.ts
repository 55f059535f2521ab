import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import {
  addApproverUpdate, ccTaskUpdate, claimTaskUpdate, completeTaskUpdate, extendDeadlineUpdate, pauseClockUpdate,
  resumeClockUpdate, returnTaskUpdate, stepsQuery, transferTaskUpdate, withdrawUpdate,
} from '../../workflows/humanStep';
import type { Actor } from '../../workflows/shared';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound, refusalError, temporalUnavailable, workflowUnavailable } from '../errors';
import type { ListQuery } from '../listQuery';
import { requireRole, taskScope } from '../permissions';
import { TASK_LIST_SORT_FIELDS, taskRepository } from '../repositories/taskRepository';
import { chinaDate, type WorkingCalendar } from '../../domain/calendar';
import { loadCalendar } from '../../activities/tasks/taskProjection';
import { FLOW_WEBSITE_CLOSURE } from '../../workflows/shared';
import { checkClosureEvidence } from './websiteService';

export const TASK_SORTABLE = TASK_LIST_SORT_FIELDS;

export const taskFilterSchema = z.object({
  status: z.enum(['OPEN', 'COMPLETED', 'RETURNED', 'WITHDRAWN', 'CANCELLED']).optional(),
  flowKey: z.string().max(50).optional(),
  stageKey: z.string().max(50).optional(),
  campaignId: z.string().max(100).optional(),
  workflowId: z.string().max(200).optional(),
  orgUnitId: z.string().uuid().optional(),
  q: z.string().max(100).optional(),
  overdue: z.boolean().optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(366).optional(),
  mine: z.boolean().optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();

const requestId = z.string().regex(/^[\w-]{8,100}$/, '应为8到100位的字母、数字、连字符').optional();
const comment = z.string().max(2000, '办理意见不能超过2000字');
const uuid = (what: string) => z.string({ required_error: `请选择${what}` }).uuid(`${what}无效`);

export const actionBodies = {
  complete: z.object({ requestId, comment: comment.optional(), result: z.record(z.unknown()).optional() }).strict(),
  return: z.object({
    requestId,
    toStageKey: z.string({ required_error: '请选择退回到哪个环节' }).min(1, '请选择退回到哪个环节').max(50),
    reasonCode: z.string({ required_error: '请选择退回原因' }).regex(/^[\w-]{1,50}$/, '退回原因无效'),
    comment: comment.min(1, '请填写退回意见'),
    // 全市核查 returns a report with the list of what to fix (docs/domain.md §3 step 5).
    problems: z.array(z.string().trim().min(1, '问题清单中有空行').max(500, '每条问题不超过500字')).min(1, '问题清单不能为空').max(100, '问题清单最多100条').optional(),
  }).strict(),
  transfer: z.object({ requestId, toUserId: uuid('转交对象'), comment: comment.optional() }).strict(),
  claim: z.object({ requestId }).strict(),
  addApprover: z.object({ requestId, userId: uuid('加签人'), position: z.enum(['before', 'after'], { required_error: '请选择加签位置', invalid_type_error: '加签位置应为 before 或 after' }), comment: comment.optional() }).strict(),
  cc: z.object({ requestId, userIds: z.array(uuid('抄送人')).min(1, '请选择抄送人').max(50, '一次最多抄送50人'), comment: comment.optional() }).strict(),
  withdraw: z.object({ requestId, comment: comment.optional() }).strict(),
  extend: z.object({ requestId, workingDays: z.number({ required_error: '请填写延期天数', invalid_type_error: '延期天数应为数字' }).int('延期天数应为整数').min(1, '至少延期1个工作日').max(60, '最多延期60个工作日'), reason: comment.min(1, '请填写延期理由') }).strict(),
  pause: z.object({ requestId, reason: comment.min(1, '请填写暂停计时的理由') }).strict(),
  resume: z.object({ requestId }).strict(),
};
export type ActionName = keyof typeof actionBodies;
/** An action's body as the route validated it (server/routes/route.ts) with actionBodies[action]. */
export type ActionBody<A extends ActionName> = z.output<(typeof actionBodies)[A]>;
export type VisibleTask = Awaited<ReturnType<typeof getTask>>;

/** The calendar with overrides, reloaded at most once a minute (administrators' edits show within a minute). */
let cached: { at: number; calendar: Promise<WorkingCalendar> } | undefined;
export function calendarOf(ctx: AppContext): Promise<WorkingCalendar> {
  if (!cached || Date.now() - cached.at > 60_000) cached = { at: Date.now(), calendar: loadCalendar(ctx.prisma) };
  return cached.calendar;
}
export function forgetCalendar(): void {
  cached = undefined;
}

/**
 * Working days from today (China time) to the deadline's day: negative when overdue. `calendarAssumed`: the
 * deadline falls in a year the holiday data does not cover, so Monday–Friday was assumed.
 */
async function withWorkingDaysLeft<T extends { deadlineAt: Date | null; delegatedFromId: string | null }>(ctx: AppContext, rows: T[]): Promise<Array<T & { workingDaysLeft: number | null; calendarAssumed: boolean; delegatedFromName: string | null }>> {
  const calendar = await calendarOf(ctx);
  const today = chinaDate(new Date());
  // 委托: the inbox and the task's page say "代 XXX 办理" with the name of whom the task was meant for.
  const delegators = rows.some((r) => r.delegatedFromId) ? await delegatorNames(ctx, rows.map((r) => r.delegatedFromId)) : new Map<string, string>();
  return rows.map((r) => ({
    ...r,
    delegatedFromName: r.delegatedFromId ? delegators.get(r.delegatedFromId) ?? null : null,
    workingDaysLeft: r.deadlineAt ? calendar.workingDaysBetween(today, chinaDate(r.deadlineAt)) : null,
    calendarAssumed: r.deadlineAt ? !calendar.isCovered(chinaDate(r.deadlineAt)) : false,
  }));
}

export async function listTasks(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  const filter = taskFilterSchema.safeParse(q.filter);
  if (!filter.success) throw new AppError('INVALID_FILTER', `筛选条件无效：${filter.error.issues.map((i) => i.path.join('.') || i.message).join('、')}`, 400);
  const { rows, total } = await taskRepository(ctx.prisma).list(taskScope(user), { ...filter.data, mineUserId: filter.data.mine ? user.id : undefined }, q);
  return { rows: await withWorkingDaysLeft(ctx, rows), total };
}

export async function getTask(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('待办');
  const task = await taskRepository(ctx.prisma).findVisible(taskScope(user), id);
  if (!task) throw notFound('待办');
  return (await withWorkingDaysLeft(ctx, [task]))[0];
}

/** Maps a refusal from inside the workflow (an update validator) to the API's error shape. */
export function fromWorkflow(ctx: Pick<AppContext, 'logger'>, err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw refusalError(err.cause.type, err.cause.message, ctx.logger);
  if (err instanceof WorkflowNotFoundError) throw new AppError('TASK_NOT_OPEN', '该待办所属的流程已结束，无法再办理。', 409);
  // The Temporal server is down or restarting: the same requestId again later is applied once.
  if (temporalUnavailable(err)) throw workflowUnavailable();
  // The update did not come back in time (a loaded worker's workflow task timed out and Temporal dropped
  // the update): nothing is lost, the clerk retries with the same requestId (issue 13).
  if (isUpdateTimeout(err)) {
    ctx.logger.warn({ err }, 'workflow update timed out or was dropped; the client is told to retry');
    throw new AppError('STEP_RETRY', '系统繁忙，本次办理未能确认完成，请稍后再点一次提交（不会重复办理）。', 503);
  }
  throw err;
}

/** The update did not get through, and nothing was applied: gRPC 1 CANCELLED, 4 DEADLINE_EXCEEDED, or 9 with a failing workflow task. */
function isUpdateTimeout(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(grpc)) return false;
  // 9 FAILED_PRECONDITION "Workflow Task in failed state": the flow's last workflow task failed (a worker
  // killed mid-task) and Temporal takes no update until a worker completes one again; nothing was applied.
  return [1, 4].includes(grpc.code) || (grpc.code === 9 && /workflow task in failed state/i.test(`${grpc.details ?? ''} ${grpc.message}`));
}

/**
 * Is the assignment still open in the workflow itself? A completion whose workflow task failed after its
 * local activity projected it leaves the row closed while the workflow waits on it (issue 13). Unknown
 * (the flow is over, Temporal unreachable) counts as not open: the row is then the truth.
 */
export async function openInWorkflow(ctx: AppContext, task: { id: string; workflowId: string; stepKey: string }): Promise<boolean> {
  try {
    const state = await ctx.temporal.workflow.getHandle(task.workflowId).query(stepsQuery);
    return state.steps.some((s) => s.assignments.some((a) => (a.taskId === task.id || a.taskKey === task.stepKey) && a.status === 'OPEN'));
  } catch {
    return false;
  }
}

async function delegatorNames(ctx: AppContext, ids: Array<string | null>): Promise<Map<string, string>> {
  const people = await ctx.prisma.user.findMany({ where: { id: { in: [...new Set(ids.filter((x): x is string => !!x))] } }, select: { id: true, displayName: true } });
  return new Map(people.map((p) => [p.id, p.displayName]));
}

const actorOf = (u: { id: string; login: string; orgUnitId: string; roles: CurrentUser['roles'] }): Actor => ({ userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles });

async function userInUnit(ctx: AppContext, userId: string, code: string, what: string) {
  const u = await ctx.prisma.user.findUnique({ where: { id: userId } });
  if (!u || !u.active) throw new AppError(code, `${what}不存在或已停用。`, 400);
  return u;
}

/**
 * Runs one task action: checks visibility and role here, then sends the Update; the workflow's validator
 * checks again (defence in depth) and the handler projects the change before the answer comes back.
 */
export async function taskAction<A extends ActionName>(ctx: AppContext, user: CurrentUser, task: VisibleTask, action: A, input: ActionBody<A>) {
  // The task is one the user may see (getTask: outside the scope it was 404 before the body was read) and the
  // body passed its schema; callers are the route (both checked by the router) and the batch approval.
  if (['extend', 'pause', 'resume'].includes(action)) requireRole(user, 'SUPERVISOR', 'ADMIN');
  const body = input as Record<string, any>;
  const rid = (body.requestId as string | undefined) ?? randomUUID();
  const base = { taskKey: task.stepKey, requestId: rid, actor: actorOf(user) };

  if (action !== 'withdraw' && task.status !== 'OPEN') {
    // A retry of a request that already changed the task gets the same answer, not an error.
    // Not when a closing the workflow applied instead superseded it (two clerks at once, issue 13): the
    // step was done by someone else, and this request changed nothing.
    const applied = body.requestId
      && (await ctx.prisma.auditEvent.findFirst({ where: { entityType: 'task', entityId: task.id, requestId: body.requestId } }))
      && !(await ctx.prisma.auditEvent.findFirst({ where: { entityType: 'task', entityId: task.id, after: { path: ['supersedes', 'requestId'], equals: body.requestId } } }));
    // Unless the workflow never got it (its update was dropped after the projection): then it is sent again
    // below with the same requestId, which the workflow applies once.
    if (applied && !(await openInWorkflow(ctx, task))) return task;
    if (!applied) throw new AppError('TASK_NOT_OPEN', '该待办已被处理，请刷新页面查看最新状态。', 409);
  }

  const handle = ctx.temporal.workflow.getHandle(task.workflowId);
  try {
    switch (action) {
      case 'complete':
        // A closure step's uploaded evidence must exist and belong to its site; the workflow checks the rest.
        if (task.flowKey === FLOW_WEBSITE_CLOSURE) await checkClosureEvidence(ctx, task, body.result);
        await handle.executeUpdate(completeTaskUpdate, { args: [{ ...base, comment: body.comment, result: body.result }] });
        break;
      case 'return':
        await handle.executeUpdate(returnTaskUpdate, { args: [{ ...base, toStageKey: body.toStageKey, reasonCode: body.reasonCode, comment: body.comment, problems: body.problems }] });
        break;
      case 'transfer': {
        const to = await userInUnit(ctx, body.toUserId, 'INVALID_TRANSFER_TARGET', '转交对象');
        await handle.executeUpdate(transferTaskUpdate, { args: [{ ...base, toUser: actorOf(to), comment: body.comment }] });
        break;
      }
      case 'claim':
        await handle.executeUpdate(claimTaskUpdate, { args: [base] });
        break;
      case 'addApprover': {
        const ap = await userInUnit(ctx, body.userId, 'INVALID_APPROVER', '加签人');
        await handle.executeUpdate(addApproverUpdate, { args: [{ ...base, approver: actorOf(ap), position: body.position, comment: body.comment }] });
        break;
      }
      case 'cc': {
        const found = await ctx.prisma.user.count({ where: { id: { in: body.userIds }, active: true } });
        if (found !== new Set(body.userIds).size) throw new AppError('INVALID_CC', '抄送人中有不存在或已停用的人员。', 400);
        await handle.executeUpdate(ccTaskUpdate, { args: [{ ...base, userIds: body.userIds, comment: body.comment }] });
        break;
      }
      case 'withdraw':
        await handle.executeUpdate(withdrawUpdate, { args: [{ requestId: rid, actor: base.actor, comment: body.comment }] });
        break;
      case 'extend':
        await handle.executeUpdate(extendDeadlineUpdate, { args: [{ ...base, workingDays: body.workingDays, reason: body.reason }] });
        break;
      case 'pause':
        await handle.executeUpdate(pauseClockUpdate, { args: [{ ...base, reason: body.reason }] });
        break;
      case 'resume':
        await handle.executeUpdate(resumeClockUpdate, { args: [base] });
        break;
    }
  } catch (err) {
    fromWorkflow(ctx, err);
  }
  return getTask(ctx, user, task.id);
}

/**
 * The people a task can be handed to (转交) or shared with: active users of the task's unit who hold its
 * role, without the caller. Names only: no one learns more about colleagues than the console shows.
 */
export async function taskColleagues(ctx: AppContext, user: CurrentUser, id: string) {
  const task = await getTask(ctx, user, id);
  return ctx.prisma.user.findMany({
    where: { orgUnitId: task.orgUnitId, active: true, roles: { has: task.assigneeRole }, id: { not: user.id } },
    select: { id: true, displayName: true, login: true },
    orderBy: { displayName: 'asc' },
  });
}

/**
 * People of the task's unit a step can be shared with: 加签 (any post: a head signs after the clerk) and
 * 抄送. Active users of the task's unit without the caller; names only, as for 转交.
 */
export async function taskUnitUsers(ctx: AppContext, user: CurrentUser, id: string) {
  const task = await getTask(ctx, user, id);
  return ctx.prisma.user.findMany({
    where: { orgUnitId: task.orgUnitId, active: true, id: { not: user.id } },
    select: { id: true, displayName: true, login: true, roles: true },
    orderBy: { displayName: 'asc' },
  });
}

/**
 * The task's own history (events, reminders, escalations) and the instance it belongs to: every step of the
 * same workflow run the caller may see (a unit sees its own steps, a supervisor the whole run), oldest first,
 * each with who handled it, its round (a returned stage runs again as round 2, 3 ...), its comment and
 * return details, its audited events and its reminders.
 */
export async function taskHistory(ctx: AppContext, user: CurrentUser, id: string) {
  const task = await getTask(ctx, user, id);
  const steps = await ctx.prisma.task.findMany({
    where: { AND: [taskScope(user), { executionId: task.executionId }] },
    orderBy: [{ startedAt: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true, stageKey: true, round: true, status: true, position: true, assigneeRole: true, assigneeUserId: true, startedAt: true, title: true,
      deadlineAt: true, completedAt: true, comment: true, completedById: true, returnedWith: true, orgUnit: { select: { name: true } },
      delegatedFromId: true,
    },
  });
  const stepIds = steps.map((s) => s.id);
  // Which stages ran in the run, whoever's they were: what 退回 may target. A reviewing office holds a
  // task in another unit's run and sees none of that unit's steps, only the names of the stages.
  const stagesRun = (await ctx.prisma.task.findMany({ where: { executionId: task.executionId }, distinct: ['stageKey'], select: { stageKey: true } })).map((t) => t.stageKey);
  const [reminders, escalations, events, people] = await Promise.all([
    ctx.prisma.reminder.findMany({ where: { taskId: { in: stepIds } }, orderBy: { createdAt: 'desc' } }),
    ctx.prisma.escalation.findMany({ where: { taskId: task.id }, orderBy: { createdAt: 'desc' } }),
    ctx.prisma.auditEvent.findMany({ where: { entityType: 'task', entityId: { in: stepIds } }, orderBy: { at: 'asc' } }),
    ctx.prisma.user.findMany({
      where: { id: { in: steps.flatMap((s) => [s.assigneeUserId, s.completedById, s.delegatedFromId].filter((x): x is string => !!x)) } },
      select: { id: true, login: true, displayName: true },
    }),
  ]);
  const who = new Map(people.map((p) => [p.id, `${p.displayName}（${p.login}）`]));
  // 委托: an action taken on someone's behalf names them too ("王副主任 代 刘洋").
  const behalfOf = (e: { after: unknown }) => ((e.after ?? {}) as { onBehalfOf?: unknown }).onBehalfOf;
  const missing = [...new Set(events.map(behalfOf).filter((x): x is string => typeof x === 'string' && !who.has(x)))];
  if (missing.length) {
    for (const p of await ctx.prisma.user.findMany({ where: { id: { in: missing } }, select: { id: true, login: true, displayName: true } })) who.set(p.id, `${p.displayName}（${p.login}）`);
  }
  const eventsOf = (taskId: string) => events.filter((e) => e.entityId === taskId).map((e) => {
    const onBehalfOf = behalfOf(e);
    return { ...e, id: e.id.toString(), ...(typeof onBehalfOf === 'string' ? { onBehalfOfName: who.get(onBehalfOf) ?? null } : {}) };
  });
  return {
    stagesRun,
    reminders: reminders.filter((r) => r.taskId === task.id),
    escalations,
    events: eventsOf(task.id),
    steps: steps.map((s) => ({
      ...s,
      assignee: s.assigneeUserId ? who.get(s.assigneeUserId) ?? null : null,
      completedBy: s.completedById ? who.get(s.completedById) ?? null : null,
      // 委托: whom the task was meant for; the timeline reads "B 代 A 办理" when B completed it.
      delegatedFrom: s.delegatedFromId ? who.get(s.delegatedFromId) ?? null : null,
      events: eventsOf(s.id),
      reminders: reminders.filter((r) => r.taskId === s.id),
    })),
  };
}
