/**
 * The notification API against the real app, database and Redis: each user's in-app inbox, and for
 * administrators the delivery log (with retry) and webhook subscriptions, every change audited.
 *
 * server/routes/index.ts does not mount notificationRoutes yet; until it does, this test puts the router in
 * front of the real app with the same middleware (request id, JSON body, session, requireUser).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pinoHttp from 'pino-http';
import { startNotificationDelivery, type NotificationDelivery } from '../../activities/notifications/delivery';
import { createApp } from '../../server/app';
import type { AppContext } from '../../server/context';
import { errorHandler } from '../../server/errors';
import { requireUser, sessionMiddleware } from '../../server/middleware/session';
import { buildRouter } from '../../server/routes/route';
import { notificationRoutes } from '../../server/routes/notifications';
import { closeApiNotificationQueue, notify } from '../../server/services/notificationService';
import { silentLogger, until } from '../support/notifications';
import { ApiSession, startStack, type TestStack } from '../support/stack';

jest.setTimeout(60_000);

let stack: TestStack;
let ctx: AppContext;
let server: Server;
let baseUrl: string;
let delivery: NotificationDelivery;
let admin: ApiSession;
let clerk: ApiSession;
let clerkId: string;
let orgUnitId: string;
const webhookIds: string[] = [];

function appWithNotificationRoutes(context: AppContext) {
  const mine = /^\/(notifications|notification-deliveries|webhooks)(\/|$)/;
  const notifications = express.Router();
  notifications.use(
    pinoHttp({ logger: context.logger, genReqId: () => randomUUID() }),
    express.json(),
    sessionMiddleware(context),
    requireUser,
    buildRouter(notificationRoutes(context)),
  );
  const app = express();
  app.use('/api', (req, res, next) => (mine.test(req.path) ? notifications(req, res, next) : next()));
  app.use(createApp(context));
  app.use(errorHandler);
  return app;
}

beforeAll(async () => {
  stack = await startStack({ NOTIFY_QUEUE: `govflow-test-api-${randomUUID()}`, NOTIFY_BACKOFF_MS: '50', NOTIFY_MAX_ATTEMPTS: '2', NOTIFY_RELAY_INTERVAL_MS: '200', NOTIFY_ENQUEUE_TIMEOUT_MS: '500' });
  ctx = { config: stack.config, prisma: stack.prisma, temporal: stack.client, logger: silentLogger };
  server = await new Promise((resolve) => {
    const s = appWithNotificationRoutes(ctx).listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  delivery = startNotificationDelivery({ prisma: stack.prisma, config: stack.config, logger: silentLogger });
  admin = await ApiSession.login(baseUrl, 'admin');
  clerk = await ApiSession.login(baseUrl, 'street-clerk');
  const user = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'street-clerk' } });
  clerkId = user.id;
  orgUnitId = user.orgUnitId;
});

afterAll(async () => {
  await delivery?.stop();
  if (ctx) await closeApiNotificationQueue(ctx);
  await stack?.prisma.webhookSubscription.deleteMany({ where: { id: { in: webhookIds } } });
  await new Promise((resolve) => server?.close(resolve));
  await stack?.stop();
});

const toClerk = (subject: string) => notify(ctx, {
  dedupeKey: `test/${randomUUID()}/manual-reminder`, kind: 'manual-reminder', audiences: [], userIds: [clerkId], orgUnitId,
  subject, body: '市政府办公厅提醒：请尽快完成年度报告自查。',
});
const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

describe('the notification API', () => {
  it('shows a user their in-app notifications, counted unread until they are read one by one or all at once', async () => {
    await clerk.post('/api/notifications/read-all');
    const tag = randomUUID().slice(0, 8);
    await toClerk(`【催办】自查 ${tag} 一`);
    await toClerk(`【催办】自查 ${tag} 二`);

    expect((await clerk.get('/api/notifications/unread-count')).body).toEqual({ count: 2 });
    const list = await clerk.get(`/api/notifications?filter=${q({ unread: true })}&range=${q([0, 9])}`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-range')).toBe('notifications 0-1/2');
    expect(list.body.map((n: any) => n.subject).sort()).toEqual([`【催办】自查 ${tag} 一`, `【催办】自查 ${tag} 二`]);
    expect(list.body[0]).toMatchObject({ kind: 'manual-reminder', readAt: null });

    const read = await clerk.post(`/api/notifications/${list.body[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await clerk.get('/api/notifications/unread-count')).body).toEqual({ count: 1 });

    expect((await clerk.post('/api/notifications/read-all')).body).toEqual({ updated: 1 });
    expect((await clerk.get('/api/notifications/unread-count')).body).toEqual({ count: 0 });
    expect((await clerk.get(`/api/notifications?filter=${q({ unread: true })}`)).body).toEqual([]);
  });

  it('does not let one user read or mark another user\'s notification', async () => {
    await toClerk('【提醒】仅本人可见');
    const [mine] = (await clerk.get(`/api/notifications?filter=${q({ unread: true })}`)).body;

    const res = await admin.post(`/api/notifications/${mine.id}/read`);

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await admin.get('/api/notifications')).body.map((n: any) => n.id)).not.toContain(mine.id);
    expect((await clerk.get('/api/notifications/unread-count')).body.count).toBeGreaterThan(0);
  });

  it('shows administrators a failed delivery with its error, and retries it: audited, queued and delivered', async () => {
    await toClerk('【提醒】投递失败后重试');
    const row = await stack.prisma.notification.findFirstOrThrow({ where: { userId: clerkId, subject: '【提醒】投递失败后重试' }, orderBy: { createdAt: 'desc' } });
    await until(async () => (await stack.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).status === 'SENT', 'the first delivery');
    await stack.prisma.notification.update({ where: { id: row.id }, data: { status: 'FAILED', lastError: 'simulated: receiver unavailable' } });

    const failed = await admin.get(`/api/notification-deliveries?filter=${q({ status: 'FAILED', id: [row.id] })}`);
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual([expect.objectContaining({ id: row.id, status: 'FAILED', lastError: 'simulated: receiver unavailable', recipient: { login: 'street-clerk', displayName: expect.any(String) } })]);
    expect(failed.headers.get('content-range')).toBe('notification-deliveries 0-0/1');

    const retried = await admin.post(`/api/notification-deliveries/${row.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: row.id, status: 'PENDING' });
    const audit = await stack.prisma.auditEvent.findFirstOrThrow({ where: { action: 'notification.retried', entityId: row.id } });
    expect(audit).toMatchObject({ actorLogin: 'admin', before: expect.objectContaining({ status: 'FAILED' }), after: { status: 'PENDING' } });
    await until(async () => (await stack.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).status === 'SENT', 'the retried delivery');

    const again = await admin.post(`/api/notification-deliveries/${row.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOTIFICATION_NOT_FAILED');
  });

  it('lets an administrator register a webhook, never showing its secret, and delete it, both audited', async () => {
    const body = { name: '政务服务平台', url: 'https://hooks.example.gov.cn/govflow?token=abc', secret: 'k'.repeat(32), events: ['urge', 'supervise', 'urge'] };

    const created = await admin.post('/api/webhooks', body);
    expect(created.status).toBe(201);
    webhookIds.push(created.body.id);
    expect(created.body).toMatchObject({ name: '政务服务平台', url: body.url, events: ['urge', 'supervise'], active: true });
    expect(JSON.stringify(created.body)).not.toContain(body.secret);
    const listed = await admin.get(`/api/webhooks?range=${q([0, 99])}`);
    expect(listed.body.find((w: any) => w.id === created.body.id)).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(body.secret);

    const deleted = await admin.request('DELETE', `/api/webhooks/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect((await admin.request('DELETE', `/api/webhooks/${created.body.id}`)).status).toBe(404);

    const audit = await stack.prisma.auditEvent.findMany({ where: { entityType: 'webhook', entityId: created.body.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['webhook.created', 'webhook.deleted']);
    expect(audit[0].after).toEqual({ name: '政务服务平台', url: 'https://hooks.example.gov.cn/govflow', events: ['urge', 'supervise'] });
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(body.secret);
  });

  it('refuses an invalid webhook with every problem named, in Chinese', async () => {
    const res = await admin.post('/api/webhooks', { name: '', url: 'ftp://example.org/x', secret: 'short', events: [] });

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: any) => d.field).sort()).toEqual(['events', 'name', 'secret', 'url']);
    expect(res.body.error.details.find((d: any) => d.field === 'secret').message).toBe('签名密钥至少16个字符');
  });

  it('keeps the delivery log and webhooks to administrators', async () => {
    for (const res of [
      await clerk.get('/api/notification-deliveries'),
      await clerk.get('/api/webhooks'),
      await clerk.post('/api/webhooks', { name: 'x', url: 'https://example.org', secret: 'k'.repeat(16), events: ['*'] }),
      await clerk.post(`/api/notification-deliveries/${randomUUID()}/retry`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a filter it does not know and a write without the CSRF token', async () => {
    expect((await clerk.get(`/api/notifications?filter=${q({ userId: clerkId })}`)).body.error.code).toBe('INVALID_FILTER');
    const forged = await clerk.request('POST', '/api/notifications/read-all', {}, { 'x-csrf-token': 'forged' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('CSRF_REJECTED');
  });
});
