/**
 * "Redis being down delays notifications; it never loses them." A private redis-server of this test is
 * killed and started again while notifications are written and delivered.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../../activities/infra/config';
import { createPrisma, type PrismaClient } from '../../../activities/infra/prisma';
import { startNotificationDelivery, type NotificationDelivery } from '../../../activities/notifications/delivery';
import { createNotificationActivities, type NotifyInput } from '../../../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue, type NotificationQueue } from '../../../activities/notifications/queue';
import {
  createNotifyFixture, notificationConfig, privateRedis, silentLogger, startWebhookReceiver, until,
  type NotifyFixture, type PrivateRedis, type TestWebhookReceiver,
} from '../../support/notifications';

jest.setTimeout(60_000);

let prisma: PrismaClient;
let redis: PrivateRedis;
let config: Config;
let queue: NotificationQueue;
let delivery: NotificationDelivery | undefined;
let receiver: TestWebhookReceiver;
let fx: NotifyFixture;
let notify: (input: NotifyInput) => Promise<{ created: number }>;
let subscriptionId: string;
const kind = `test-outage-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  redis = await privateRedis();
  await redis.start();
  receiver = await startWebhookReceiver();
  config = notificationConfig({ REDIS_URL: redis.url });
  prisma = createPrisma(config.DATABASE_URL, 5);
  fx = await createNotifyFixture(prisma);
  const sub = await prisma.webhookSubscription.create({ data: { name: '断线测试', url: receiver.url, secret: 'outage-test-secret-0123456789', events: [kind] } });
  subscriptionId = sub.id;
  queue = createNotificationQueue(config, silentLogger);
  ({ notify } = createNotificationActivities({ prisma, queue, logger: silentLogger, config }));
});

afterAll(async () => {
  await delivery?.stop();
  if (queue) await closeNotificationQueue(queue);
  await redis?.kill();
  await prisma?.notification.deleteMany({ where: { channel: 'WEBHOOK', address: subscriptionId } });
  await prisma?.webhookSubscription.deleteMany({ where: { id: subscriptionId } });
  await fx?.cleanup();
  await receiver?.close();
  await prisma?.$disconnect();
});

const input = (prefix: string, i: number): NotifyInput => ({
  dedupeKey: `${prefix}/${i}`, kind, audiences: ['assignees'], assigneeUserId: fx.clerk.id, orgUnitId: fx.unitId,
  subject: `【提醒】第${i}号待办即将到期`, body: '请及时办理。',
});
const rowsUnder = (prefix: string) => prisma.notification.findMany({ where: { dedupeKey: { startsWith: `${prefix}/` } } });
const allSent = (prefix: string, expected: number) =>
  until(async () => {
    const rows = await rowsUnder(prefix);
    return rows.length === expected && rows.every((r) => r.status === 'SENT') && rows;
  }, `${expected} rows under ${prefix} SENT`, 30_000);

describe('notifications while Redis is down', () => {
  it('writes a burst of 50 notifications at once while Redis is down, and delivers each exactly once after it returns', async () => {
    delivery = startNotificationDelivery({ prisma, config, logger: silentLogger, queue });
    const warmup = `test/${randomUUID()}/warmup`;
    await notify(input(warmup, 0));
    await allSent(warmup, 2); // producer and worker are connected before Redis goes away

    await redis.kill();
    const burst = `test/${randomUUID()}/burst`;
    const durations: number[] = [];
    const results = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const t0 = Date.now();
      const r = await notify(input(burst, i));
      durations.push(Date.now() - t0);
      return r;
    }));

    expect(results.every((r) => r.created === 2)).toBe(true); // in-app + webhook, none thrown
    expect(Math.max(...durations)).toBeLessThan(5000);
    const stored = await rowsUnder(burst);
    expect(stored).toHaveLength(100);
    // In-app rows are delivered by being stored: people see them while Redis is down. Webhooks wait.
    expect(stored.filter((r) => r.channel === 'IN_APP').every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
    expect(stored.filter((r) => r.channel === 'WEBHOOK').every((r) => r.status === 'PENDING' && r.enqueuedAt === null)).toBe(true);
    expect(stored.filter((r) => r.channel === 'WEBHOOK')).toHaveLength(50);

    await redis.start();

    const sent = await allSent(burst, 100);
    const hooks = sent.filter((r) => r.channel === 'WEBHOOK').map((r) => r.id);
    const received = receiver.received.filter((h) => hooks.includes(String(h.headers['x-govflow-delivery'])));
    expect(received).toHaveLength(50);
    expect(new Set(received.map((h) => h.headers['x-govflow-delivery'])).size).toBe(50);
    expect(sent.every((r) => r.attempts === 1)).toBe(true);
  });

  it('queues again the notifications whose jobs Redis lost when it crashed', async () => {
    await delivery?.stop(); // jobs wait in Redis, undelivered
    delivery = undefined;
    const lost = `test/${randomUUID()}/lost`;
    for (let i = 0; i < 5; i++) await notify(input(lost, i));
    // Undelivered; normally queued already (enqueuedAt set), though on a loaded machine an enqueue may
    // have timed out and left the row to the relay: both must end delivered.
    expect((await rowsUnder(lost)).filter((r) => r.channel === 'WEBHOOK').every((r) => r.status === 'PENDING')).toBe(true);

    await redis.kill(); // no persistence: the queued jobs are gone
    await redis.start();
    delivery = startNotificationDelivery({ prisma, config, logger: silentLogger, queue });

    // The relay queues rows again once they have waited NOTIFY_RELAY_STALE_MS since they were queued.
    await allSent(lost, 10);
  });

  it('delivers what was written while Redis had been down since the worker started, once Redis comes up', async () => {
    await delivery?.stop(); // its relay, connected to the other Redis, would deliver these rows itself
    delivery = undefined;
    const late = await privateRedis(); // not started yet
    const lateConfig = { ...config, REDIS_URL: late.url };
    const lateQueue = createNotificationQueue(lateConfig, silentLogger);
    const lateDelivery = startNotificationDelivery({ prisma, config: lateConfig, logger: silentLogger, queue: lateQueue });
    const { notify: notifyLate } = createNotificationActivities({ prisma, queue: lateQueue, logger: silentLogger, config: lateConfig });
    try {
      const prefix = `test/${randomUUID()}/never-connected`;
      const t0 = Date.now();
      for (let i = 0; i < 5; i++) await notifyLate(input(prefix, i));
      expect(Date.now() - t0).toBeLessThan(5 * (config.NOTIFY_ENQUEUE_TIMEOUT_MS + 500));
      expect((await rowsUnder(prefix)).filter((r) => r.channel === 'WEBHOOK').every((r) => r.status === 'PENDING' && r.enqueuedAt === null)).toBe(true);

      await late.start();

      await allSent(prefix, 10);
    } finally {
      await lateDelivery.stop();
      await closeNotificationQueue(lateQueue);
      await late.kill();
    }
  });
});
