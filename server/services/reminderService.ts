import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError } from '../errors';
import { requireRole, taskScope } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import type { VisibleTask } from './taskService';
import type { Notifier } from '../../activities/tasks/taskProjection';

/** At most one manual reminder (催办) per task per hour: supervisors nudge, they do not spam. */
export const MANUAL_REMINDER_INTERVAL_MS = 60 * 60 * 1000;

export const remindBody = z.object({
  requestId: z.string().regex(/^[\w-]{8,100}$/).optional(),
  message: z.string().max(500, '催办内容不能超过500字').optional(),
}).strict();

export const bulkRemindBody = z.object({
  requestId: z.string().regex(/^[\w-]{8,100}$/).optional(),
  orgUnitId: z.string().uuid('单位无效').optional(),
  flowKey: z.string().max(50).optional(),
  stageKey: z.string().max(50).optional(),
  message: z.string().max(500, '催办内容不能超过500字').optional(),
  /** only count and list who would be reminded */
  preview: z.boolean().optional(),
}).strict();

const defaultMessage = (title: string) => `「${title}」已逾期，请尽快办理。`;

type TaskRow = { id: string; title: string; workflowId: string; executionId: string; stepKey: string; orgUnitId: string; assigneeRole: CurrentUser['roles'][number]; assigneeUserId: string | null };

async function remindOne(ctx: AppContext, notify: Notifier | undefined, user: CurrentUser, task: TaskRow, message: string, requestId: string) {
  if (await ctx.prisma.reminder.findUnique({ where: { dedupeKey: `manual/${task.id}/${requestId}` } })) return; // a retried request
  await ctx.prisma.$transaction(async (tx) => {
    await tx.reminder.create({ data: { taskId: task.id, kind: 'manual', actorId: user.id, actorLogin: user.login, message, dedupeKey: `manual/${task.id}/${requestId}` } });
    await tx.auditEvent.create({
      data: { action: 'task.reminded', entityType: 'task', entityId: task.id, workflowId: task.workflowId, actorId: user.id, actorLogin: user.login, requestId, after: { message } },
    });
  });
  await notify?.({
    dedupeKey: `manual/${task.id}/${requestId}`, kind: 'manual-reminder', audiences: ['assignees'], orgUnitId: task.orgUnitId,
    assigneeRole: task.assigneeRole, assigneeUserId: task.assigneeUserId, subject: `催办：${task.title}`, body: message, taskId: task.id, workflowId: task.workflowId,
  });
}

/** Reminds one task's assignees, refusing (409) a second manual reminder within the hour. */
export async function remindTask(ctx: AppContext, notify: Notifier | undefined, user: CurrentUser, task: VisibleTask, body: z.output<typeof remindBody>) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  if (task.status !== 'OPEN') throw new AppError('TASK_NOT_OPEN', '该待办已办结，无需催办。', 409);
  const requestId = body.requestId ?? randomUUID();
  if (await ctx.prisma.reminder.findUnique({ where: { dedupeKey: `manual/${task.id}/${requestId}` } })) return { reminded: 1 };
  const last = await ctx.prisma.reminder.findFirst({ where: { taskId: task.id, kind: 'manual' }, orderBy: { createdAt: 'desc' } });
  if (last && Date.now() - last.createdAt.getTime() < MANUAL_REMINDER_INTERVAL_MS) {
    const minutes = Math.ceil((MANUAL_REMINDER_INTERVAL_MS - (Date.now() - last.createdAt.getTime())) / 60_000);
    throw new AppError('REMINDED_RECENTLY', `该待办一小时内已催办过，请${minutes}分钟后再催办。`, 409);
  }
  await remindOne(ctx, notify, user, task as TaskRow, body.message ?? defaultMessage(task.title), requestId);
  return { reminded: 1 };
}

/**
 * Reminds every overdue open task under an org subtree (default: everything the supervisor oversees),
 * filtered by flow and stage; tasks reminded within the hour are skipped and counted. With `preview`
 * it only reports who would be reminded.
 */
export async function bulkRemind(ctx: AppContext, notify: Notifier | undefined, user: CurrentUser, body: z.output<typeof bulkRemindBody>) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  let subtree: { orgUnit: { path: { startsWith: string } } } | Record<string, never> = {};
  if (body.orgUnitId) {
    const unit = await ctx.prisma.orgUnit.findUnique({ where: { id: body.orgUnitId } });
    if (!unit || !unit.path.startsWith(user.scopePath)) throw new AppError('UNKNOWN_ORG_UNIT', '所选单位不存在或不在您的督办范围内。', 400);
    subtree = { orgUnit: { path: { startsWith: unit.path } } };
  }
  const now = new Date();
  const tasks = await ctx.prisma.task.findMany({
    where: { AND: [taskScope(user), subtree, { status: 'OPEN', deadlineAt: { lt: now } }, body.flowKey ? { flowKey: body.flowKey } : {}, body.stageKey ? { stageKey: body.stageKey } : {}] },
    select: { id: true, title: true, workflowId: true, executionId: true, stepKey: true, orgUnitId: true, assigneeRole: true, assigneeUserId: true, orgUnit: { select: { name: true } } },
    orderBy: { deadlineAt: 'asc' },
    take: 5000,
  });
  const recent = new Set((await ctx.prisma.reminder.findMany({
    where: { kind: 'manual', taskId: { in: tasks.map((t) => t.id) }, createdAt: { gt: new Date(now.getTime() - MANUAL_REMINDER_INTERVAL_MS) } },
    select: { taskId: true },
  })).map((r) => r.taskId));
  const due = tasks.filter((t) => !recent.has(t.id));
  const summary = { matched: tasks.length, toRemind: due.length, skippedRecentlyReminded: tasks.length - due.length, units: [...new Set(due.map((t) => t.orgUnit.name))].slice(0, 50) };
  if (body.preview) return { ...summary, reminded: 0 };
  const requestId = body.requestId ?? randomUUID();
  for (const t of due) await remindOne(ctx, notify, user, t, body.message ?? defaultMessage(t.title), requestId);
  await recordAudit(ctx.prisma, { action: 'reminders.bulk', entityType: 'org-unit', entityId: body.orgUnitId ?? user.scopePath, actorId: user.id, actorLogin: user.login, requestId, after: { ...summary, flowKey: body.flowKey, stageKey: body.stageKey } });
  return { ...summary, reminded: due.length };
}
