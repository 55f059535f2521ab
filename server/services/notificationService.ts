import { z } from 'zod';
import { requeueNotification, sendNotification, type NotificationDeps, type NotifyInput, type NotifyResult } from '../../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue, type NotificationQueue } from '../../activities/notifications/queue';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { notificationRepository } from '../repositories/notificationRepository';

/**
 * The API's producer, one per app context, made on first use: the API only writes rows and queues them;
 * the worker delivers. Redis being down does not fail a request (the relay queues the rows later).
 */
const queues = new WeakMap<AppContext, NotificationQueue>();
function queueOf(ctx: AppContext): NotificationQueue {
  let q = queues.get(ctx);
  if (!q) {
    q = createNotificationQueue(ctx.config, ctx.logger);
    queues.set(ctx, q);
  }
  return q;
}

/** Closes the producer of this context, if one was made (server shutdown, tests). */
export async function closeApiNotificationQueue(ctx: AppContext): Promise<void> {
  const q = queues.get(ctx);
  queues.delete(ctx);
  if (q) await closeNotificationQueue(q);
}

/** Round trip to Redis through this context's producer connection (readiness). */
export async function redisPing(ctx: AppContext): Promise<string> {
  // BullMQ types its connection narrowly; underneath it is an ioredis client.
  const client = (await queueOf(ctx).client) as unknown as { ping(): Promise<string> };
  return client.ping();
}

export function notificationDeps(ctx: AppContext): NotificationDeps {
  return { prisma: ctx.prisma, queue: queueOf(ctx), logger: ctx.logger, config: ctx.config };
}

/** The same path a flow's `notify` activity takes: for a person's action such as a manual 催办. */
export function notify(ctx: AppContext, input: NotifyInput): Promise<NotifyResult> {
  return sendNotification(notificationDeps(ctx), input);
}

const isUuid = (id: string) => z.string().uuid().safeParse(id).success;

function filterOf<T extends z.ZodTypeAny>(schema: T, raw: unknown): z.infer<T> {
  const f = schema.safeParse(raw);
  if (!f.success) throw new AppError('INVALID_FILTER', `筛选条件无效：${f.error.issues.map((i) => i.path.join('.') || i.message).join('、')}`, 400);
  return f.data;
}

// --- the signed-in user's inbox --------------------------------------------------------------------

export const INBOX_SORTABLE = ['createdAt', 'readAt', 'kind'] as const;
const inboxFilter = z.object({ unread: z.boolean().optional() }).strict();

export async function listMyNotifications(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  return notificationRepository(ctx.prisma).listInbox(user.id, filterOf(inboxFilter, q.filter), q);
}

export async function countMyUnread(ctx: AppContext, user: CurrentUser) {
  return { count: await notificationRepository(ctx.prisma).countUnread(user.id) };
}

export async function markNotificationRead(ctx: AppContext, user: CurrentUser, id: string) {
  if (!isUuid(id)) throw notFound('通知');
  const row = await notificationRepository(ctx.prisma).markRead(user.id, id);
  if (!row) throw notFound('通知');
  return row;
}

export async function markAllNotificationsRead(ctx: AppContext, user: CurrentUser) {
  return { updated: await notificationRepository(ctx.prisma).markAllRead(user.id) };
}

// --- administration: deliveries and webhooks --------------------------------------------------------

export const DELIVERY_SORTABLE = ['createdAt', 'status', 'channel', 'kind', 'attempts', 'sentAt'] as const;
const deliveryFilter = z.object({
  status: z.enum(['PENDING', 'SENT', 'FAILED']).optional(),
  channel: z.enum(['IN_APP', 'EMAIL', 'WEBHOOK']).optional(),
  kind: z.string().max(50).optional(),
  userId: z.string().uuid().optional(),
  taskId: z.string().uuid().optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();

export async function listDeliveries(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  requireRole(user, 'ADMIN');
  return notificationRepository(ctx.prisma).listDeliveries(filterOf(deliveryFilter, q.filter), q);
}

/** An administrator sends a failed notification again: FAILED back to PENDING, audited, then queued. */
export async function retryDelivery(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  requireRole(user, 'ADMIN');
  if (!isUuid(id)) throw notFound('通知');
  const repo = notificationRepository(ctx.prisma);
  await ctx.prisma.$transaction(async (tx) => {
    const before = await tx.notification.findUnique({ where: { id }, select: { status: true, attempts: true, lastError: true } });
    if (!before) throw notFound('通知');
    if (before.status !== 'FAILED') throw new AppError('NOTIFICATION_NOT_FAILED', '只有发送失败的通知可以重新发送。', 409);
    const { count } = await tx.notification.updateMany({ where: { id, status: 'FAILED' }, data: { status: 'PENDING', enqueuedAt: null } });
    if (count === 0) throw new AppError('NOTIFICATION_NOT_FAILED', '只有发送失败的通知可以重新发送。', 409);
    await recordAudit(tx, {
      action: 'notification.retried', entityType: 'notification', entityId: id, actorId: user.id, actorLogin: user.login, requestId,
      before, after: { status: 'PENDING' },
    });
  });
  await requeueNotification(notificationDeps(ctx), id);
  return repo.findDelivery(id);
}

export const WEBHOOK_SORTABLE = ['createdAt', 'name'] as const;

export const createWebhookBody = z.object({
  name: z.string({ required_error: '请填写名称', invalid_type_error: '名称应为文字' }).trim().min(1, '请填写名称').max(100, '名称不能超过100字'),
  url: z.string({ required_error: '请填写接收地址', invalid_type_error: '接收地址应为文字' })
    .max(2000, '接收地址过长')
    .url('接收地址应为以 http:// 或 https:// 开头的网址')
    .refine((v) => /^https?:\/\//i.test(v), '接收地址应为以 http:// 或 https:// 开头的网址'),
  secret: z.string({ required_error: '请填写签名密钥', invalid_type_error: '签名密钥应为文字' }).min(16, '签名密钥至少16个字符').max(200, '签名密钥不能超过200个字符'),
  events: z.array(
    z.string().regex(/^(\*|[a-z][a-z0-9-]{0,49})$/, '事件名应为小写字母、数字和连字符，或 * 表示全部'),
    { required_error: '请选择订阅的事件', invalid_type_error: '订阅的事件应为列表' },
  ).min(1, '请至少订阅一个事件').max(50, '订阅的事件不能超过50个'),
}).strict();
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

/** The URL as the audit trail records it: a receiver's token in the query string stays out of it. */
const auditUrl = (url: string) => url.replace(/[?#].*$/, '');

export async function listWebhooks(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  requireRole(user, 'ADMIN');
  return notificationRepository(ctx.prisma).listWebhooks(q);
}

export async function createWebhook(ctx: AppContext, user: CurrentUser, body: CreateWebhookBody, requestId: string) {
  requireRole(user, 'ADMIN');
  const events = [...new Set(body.events)];
  return ctx.prisma.$transaction(async (tx) => {
    const hook = await notificationRepository(ctx.prisma).createWebhook(tx, { ...body, events });
    await recordAudit(tx, {
      action: 'webhook.created', entityType: 'webhook', entityId: hook.id, actorId: user.id, actorLogin: user.login, requestId,
      after: { name: hook.name, url: auditUrl(hook.url), events: hook.events }, // never the secret
    });
    return hook;
  });
}

export async function deleteWebhook(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  requireRole(user, 'ADMIN');
  if (!isUuid(id)) throw notFound('Webhook订阅');
  const repo = notificationRepository(ctx.prisma);
  return ctx.prisma.$transaction(async (tx) => {
    const before = await repo.findWebhook(tx, id);
    // Deliveries still queued for it then fail for good ("subscription deleted"), visible to administrators.
    if (!before || !(await repo.deleteWebhook(tx, id))) throw notFound('Webhook订阅');
    await recordAudit(tx, {
      action: 'webhook.deleted', entityType: 'webhook', entityId: id, actorId: user.id, actorLogin: user.login, requestId,
      before: { name: before.name, url: auditUrl(before.url), events: before.events, active: before.active },
    });
    return before;
  });
}
