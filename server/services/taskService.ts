import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { completeTaskUpdate } from '../../workflows/humanStep';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { taskScope } from '../permissions';
import { taskRepository } from '../repositories/taskRepository';
import { chinaDate, type WorkingCalendar } from '../../domain/calendar';
import { loadCalendar } from '../../activities/tasks/taskProjection';

/** The calendar with overrides, reloaded at most once a minute (administrators' edits show within a minute). */
let cached: { at: number; calendar: Promise<WorkingCalendar> } | undefined;
function calendarOf(ctx: AppContext): Promise<WorkingCalendar> {
  if (!cached || Date.now() - cached.at > 60_000) cached = { at: Date.now(), calendar: loadCalendar(ctx.prisma) };
  return cached.calendar;
}

/** Working days from today (China time) to the deadline's day: negative when overdue. */
async function withWorkingDaysLeft<T extends { deadlineAt: Date | null }>(ctx: AppContext, rows: T[]): Promise<Array<T & { workingDaysLeft: number | null }>> {
  const calendar = await calendarOf(ctx);
  const today = chinaDate(new Date());
  return rows.map((r) => ({ ...r, workingDaysLeft: r.deadlineAt ? calendar.workingDaysBetween(today, chinaDate(r.deadlineAt)) : null }));
}

export const TASK_SORTABLE = ['deadlineAt', 'startedAt', 'createdAt', 'title', 'status', 'stageKey'] as const;

export const taskFilterSchema = z.object({
  status: z.enum(['OPEN', 'COMPLETED', 'RETURNED', 'WITHDRAWN', 'CANCELLED']).optional(),
  flowKey: z.string().max(50).optional(),
  stageKey: z.string().max(50).optional(),
  campaignId: z.string().max(100).optional(),
  workflowId: z.string().max(200).optional(),
  q: z.string().max(100).optional(),
  overdue: z.boolean().optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();

export const completeTaskBody = z.object({
  requestId: z.string().regex(/^[\w-]{8,100}$/, '应为8到100位的字母、数字、连字符').optional(),
  comment: z.string().max(2000, '办理意见不能超过2000字').optional(),
  result: z.record(z.unknown()).optional(),
}).strict();
export type CompleteTaskBody = z.infer<typeof completeTaskBody>;

export async function listTasks(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  const filter = taskFilterSchema.safeParse(q.filter);
  if (!filter.success) throw new AppError('INVALID_FILTER', `筛选条件无效：${filter.error.issues.map((i) => i.path.join('.') || i.message).join('、')}`, 400);
  const { rows, total } = await taskRepository(ctx.prisma).list(taskScope(user), filter.data, q);
  return { rows: await withWorkingDaysLeft(ctx, rows), total };
}

export async function getTask(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('待办');
  const task = await taskRepository(ctx.prisma).findVisible(taskScope(user), id);
  if (!task) throw notFound('待办');
  return (await withWorkingDaysLeft(ctx, [task]))[0];
}

/** Maps a refusal from inside the workflow (an update validator) to the API's error shape. */
function fromWorkflow(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const code = err.cause.type ?? 'ACTION_REJECTED';
    const status = code === 'NOT_ASSIGNEE' ? 403 : code === 'TASK_NOT_OPEN' ? 409 : 400;
    throw new AppError(code, err.cause.message, status);
  }
  if (err instanceof WorkflowNotFoundError) throw new AppError('TASK_NOT_OPEN', '该待办所属的流程已结束，无法再办理。', 409);
  throw err;
}

export async function completeTask(ctx: AppContext, user: CurrentUser, id: string, body: CompleteTaskBody) {
  const task = await getTask(ctx, user, id);
  if (task.status !== 'OPEN') {
    // A retry of a request that already completed the task gets the same answer, not an error.
    const applied = body.requestId && (await ctx.prisma.auditEvent.findFirst({ where: { entityType: 'task', entityId: task.id, requestId: body.requestId } }));
    if (applied) return task;
    throw new AppError('TASK_NOT_OPEN', '该待办已被处理，请刷新页面查看最新状态。', 409);
  }
  const handle = ctx.temporal.workflow.getHandle(task.workflowId);
  try {
    await handle.executeUpdate(completeTaskUpdate, {
      args: [{
        stepKey: task.stepKey,
        requestId: body.requestId ?? randomUUID(),
        actor: { userId: user.id, login: user.login, orgUnitId: user.orgUnitId, roles: user.roles },
        comment: body.comment,
        result: body.result,
      }],
    });
  } catch (err) {
    fromWorkflow(err);
  }
  return getTask(ctx, user, id);
}
