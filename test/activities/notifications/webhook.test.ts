/**
 * Webhooks: every matching subscription gets one signed POST per notification; a receiver that fails is
 * retried with backoff; a deleted subscription fails its pending deliveries at once.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../../../activities/infra/config';
import { createPrisma, type PrismaClient } from '../../../activities/infra/prisma';
import { startNotificationDelivery, type NotificationDelivery } from '../../../activities/notifications/delivery';
import { createNotificationActivities, type NotifyInput } from '../../../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue, type NotificationQueue } from '../../../activities/notifications/queue';
import { createNotifyFixture, notificationConfig, silentLogger, startWebhookReceiver, until, type NotifyFixture, type TestWebhookReceiver } from '../../support/notifications';

const SECRET = 'a-shared-secret-of-32-characters';

let prisma: PrismaClient;
let config: Config;
let queue: NotificationQueue;
let delivery: NotificationDelivery;
let receiver: TestWebhookReceiver;
let fx: NotifyFixture;
let notify: (input: NotifyInput) => Promise<{ created: number }>;
const subscriptions: string[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  config = notificationConfig();
  prisma = createPrisma(config.DATABASE_URL, 5);
  fx = await createNotifyFixture(prisma);
  queue = createNotificationQueue(config, silentLogger);
  ({ notify } = createNotificationActivities({ prisma, queue, logger: silentLogger, config }));
  delivery = startNotificationDelivery({ prisma, config, logger: silentLogger, queue });
});

afterAll(async () => {
  await delivery?.stop();
  if (queue) await closeNotificationQueue(queue);
  await prisma?.notification.deleteMany({ where: { channel: 'WEBHOOK', address: { in: subscriptions } } });
  await prisma?.webhookSubscription.deleteMany({ where: { id: { in: subscriptions } } });
  await fx?.cleanup();
  await receiver?.close();
  await prisma?.$disconnect();
});

/** A subscription to an event kind of this test's own, so that no other test's events reach it. */
async function subscribe(url = receiver.url) {
  const kind = `test-${randomUUID().slice(0, 8)}`;
  const sub = await prisma.webhookSubscription.create({ data: { name: `测试订阅 ${kind}`, url, secret: SECRET, events: [kind] } });
  subscriptions.push(sub.id);
  return { sub, kind };
}

function input(kind: string): NotifyInput {
  return {
    dedupeKey: `test/${randomUUID()}/${kind}`, kind, audiences: ['leaderInCharge'], orgUnitId: fx.unitId,
    subject: '【督办】年度报告逾期三个工作日', body: '请分管领导督促办理。', workflowId: 'annual-report/2024/TEST', payload: { rung: 'T+3' },
  };
}

/** What a receiver does: recompute the signature over "<timestamp>.<raw body>" and compare in constant time. */
function verify(headers: IncomingHttpHeaders, body: string, secret: string): boolean {
  const timestamp = String(headers['x-govflow-timestamp']);
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(String(headers['x-govflow-signature']));
  return expected.length === given.length && timingSafeEqual(expected, given) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
}

const hooksFor = (id: string) => receiver.received.filter((h) => h.headers['x-govflow-delivery'] === id);
const webhookRow = (dedupeKey: string, subscriptionId: string) => prisma.notification.findUnique({ where: { dedupeKey: `${dedupeKey}/WEBHOOK/${subscriptionId}` } });

describe('webhook notifications', () => {
  it('posts the notification once to each subscribed receiver, signed so that the receiver can verify it', async () => {
    const { sub, kind } = await subscribe();
    const n = input(kind);

    await notify(n);

    const row = await until(async () => {
      const r = await webhookRow(n.dedupeKey, sub.id);
      return r?.status === 'SENT' && r;
    }, 'the webhook SENT');
    const [hook] = hooksFor(row.id);
    expect(hooksFor(row.id)).toHaveLength(1);
    expect(hook.headers['x-govflow-event']).toBe(kind);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(verify(hook.headers, hook.body, SECRET)).toBe(true);
    expect(verify(hook.headers, hook.body, 'another-secret-of-some-length')).toBe(false);
    expect(JSON.parse(hook.body)).toMatchObject({
      id: row.id, event: kind, subject: n.subject, body: n.body, workflowId: n.workflowId, orgUnitId: fx.unitId,
      recipientUserIds: [fx.head.id], data: { rung: 'T+3' },
    });
  });

  it('retries a receiver that answers 500 until it accepts, recording each attempt', async () => {
    const { sub, kind } = await subscribe();
    const failFirst = new Set<string>();
    receiver.respond((req) => {
      const id = String(req.headers['x-govflow-delivery']);
      if (failFirst.has(id)) return 204;
      failFirst.add(id);
      return 500;
    });
    const n = input(kind);
    try {
      await notify(n);

      const row = await until(async () => {
        const r = await webhookRow(n.dedupeKey, sub.id);
        return r?.status === 'SENT' && r;
      }, 'the webhook SENT after a retry');
      expect(hooksFor(row.id).map((h) => h.status)).toEqual([500, 204]);
      expect(row.attempts).toBe(2);
      expect(row.lastError).toBe(`webhook "${sub.name}" answered HTTP 500`);
    } finally {
      receiver.respond(() => 204);
    }
  });

  it('fails the delivery at once, without retries, when its subscription was deleted meanwhile', async () => {
    const { sub, kind } = await subscribe('http://127.0.0.1:9/never-reached');
    await delivery.stop(); // nothing is delivered while the subscription goes away
    const n = input(kind);
    await notify(n);
    await prisma.webhookSubscription.delete({ where: { id: sub.id } });

    delivery = startNotificationDelivery({ prisma, config, logger: silentLogger, queue });

    const row = await until(async () => {
      const r = await webhookRow(n.dedupeKey, sub.id);
      return r?.status === 'FAILED' && r;
    }, 'the webhook FAILED');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/deleted or deactivated/);
  });

  it('sends nothing to a subscription whose events do not include the kind', async () => {
    const { sub } = await subscribe();
    const n = input('some-other-kind');

    await notify(n);

    expect(await webhookRow(n.dedupeKey, sub.id)).toBeNull();
  });
});
