import type { Prisma, PrismaClient } from '../../activities/infra/prisma';
import type { ListQuery } from '../listQuery';

/** What a user sees of their own in-app notifications. */
const inboxSelect = {
  id: true, kind: true, subject: true, body: true, payload: true, taskId: true, workflowId: true, createdAt: true, readAt: true,
} satisfies Prisma.NotificationSelect;

/** What an administrator sees of a delivery: never a webhook secret (they are not in this table anyway). */
const deliverySelect = {
  id: true, dedupeKey: true, channel: true, kind: true, userId: true, address: true, subject: true, taskId: true, workflowId: true,
  status: true, attempts: true, lastError: true, createdAt: true, enqueuedAt: true, sentAt: true, readAt: true,
} satisfies Prisma.NotificationSelect;

const webhookSelect = { id: true, name: true, url: true, events: true, active: true, createdAt: true } satisfies Prisma.WebhookSubscriptionSelect;

export interface DeliveryFilter {
  status?: 'PENDING' | 'SENT' | 'FAILED';
  channel?: 'IN_APP' | 'EMAIL' | 'WEBHOOK';
  kind?: string;
  userId?: string;
  taskId?: string;
  id?: string[];
}

/** Prisma accepts `nulls` only on nullable columns: unread rows (readAt null) and unsent ones sort last. */
const NULLABLE = new Set(['readAt', 'sentAt']);
function orderOf(q: ListQuery): Prisma.NotificationOrderByWithRelationInput[] {
  const first = NULLABLE.has(q.sortField) ? { [q.sortField]: { sort: q.sortOrder, nulls: 'last' } } : { [q.sortField]: q.sortOrder };
  return [first, { id: 'asc' }];
}

export function notificationRepository(prisma: PrismaClient) {
  const mine = (userId: string): Prisma.NotificationWhereInput => ({ userId, channel: 'IN_APP' });
  return {
    async listInbox(userId: string, f: { unread?: boolean }, q: ListQuery) {
      const where: Prisma.NotificationWhereInput = { ...mine(userId), ...(f.unread === true ? { readAt: null } : f.unread === false ? { readAt: { not: null } } : {}) };
      const [rows, total] = await prisma.$transaction([
        prisma.notification.findMany({ where, select: inboxSelect, orderBy: orderOf(q), skip: q.skip, take: q.take }),
        prisma.notification.count({ where }),
      ]);
      return { rows, total };
    },
    countUnread(userId: string) {
      return prisma.notification.count({ where: { ...mine(userId), readAt: null } });
    },
    /** Marks one as read (the first reading counts; reading again changes nothing); null when not theirs. */
    async markRead(userId: string, id: string) {
      await prisma.notification.updateMany({ where: { id, ...mine(userId), readAt: null }, data: { readAt: new Date() } });
      return prisma.notification.findFirst({ where: { id, ...mine(userId) }, select: inboxSelect });
    },
    async markAllRead(userId: string) {
      const { count } = await prisma.notification.updateMany({ where: { ...mine(userId), readAt: null }, data: { readAt: new Date() } });
      return count;
    },

    async listDeliveries(f: DeliveryFilter, q: ListQuery) {
      const where: Prisma.NotificationWhereInput = {
        AND: [
          f.status ? { status: f.status } : {},
          f.channel ? { channel: f.channel } : {},
          f.kind ? { kind: f.kind } : {},
          f.userId ? { userId: f.userId } : {},
          f.taskId ? { taskId: f.taskId } : {},
          f.id ? { id: { in: f.id } } : {},
        ],
      };
      const [rows, total] = await prisma.$transaction([
        prisma.notification.findMany({ where, select: deliverySelect, orderBy: orderOf(q), skip: q.skip, take: q.take }),
        prisma.notification.count({ where }),
      ]);
      // Name the recipient of each row: a user (login, name) or a webhook (its name), for the console.
      const userIds = [...new Set(rows.map((r) => r.userId).filter((v): v is string => v !== null))];
      const hookIds = [...new Set(rows.filter((r) => r.channel === 'WEBHOOK' && r.address).map((r) => r.address!))];
      const [users, hooks] = await Promise.all([
        userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, login: true, displayName: true } }) : [],
        hookIds.length ? prisma.webhookSubscription.findMany({ where: { id: { in: hookIds } }, select: { id: true, name: true } }) : [],
      ]);
      const userById = new Map(users.map((u) => [u.id, u]));
      const hookById = new Map(hooks.map((h) => [h.id, h]));
      return {
        rows: rows.map((r) => ({
          ...r,
          recipient: r.channel === 'WEBHOOK'
            ? { webhook: hookById.get(r.address ?? '')?.name ?? null }
            : { login: userById.get(r.userId ?? '')?.login ?? null, displayName: userById.get(r.userId ?? '')?.displayName ?? null },
        })),
        total,
      };
    },
    findDelivery(id: string) {
      return prisma.notification.findUnique({ where: { id }, select: deliverySelect });
    },

    async listWebhooks(q: ListQuery) {
      const [rows, total] = await prisma.$transaction([
        prisma.webhookSubscription.findMany({ select: webhookSelect, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
        prisma.webhookSubscription.count(),
      ]);
      return { rows, total };
    },
    createWebhook(db: PrismaClient | Prisma.TransactionClient, data: { name: string; url: string; secret: string; events: string[] }) {
      return db.webhookSubscription.create({ data, select: webhookSelect });
    },
    findWebhook(db: PrismaClient | Prisma.TransactionClient, id: string) {
      return db.webhookSubscription.findUnique({ where: { id }, select: webhookSelect });
    },
    /** false when it was already gone (two administrators deleting at once) */
    async deleteWebhook(db: PrismaClient | Prisma.TransactionClient, id: string): Promise<boolean> {
      const { count } = await db.webhookSubscription.deleteMany({ where: { id } });
      return count > 0;
    },
  };
}
