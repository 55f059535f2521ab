/**
 * A notification is delivered once even when two deliveries of its row run at the same time. BullMQ hands a
 * job to one worker, but not always only once: a job whose lock lapsed (Redis gone for longer than the lock,
 * a worker stalled) is run again by the stalled-job check while its first run may still be sending. Seen in
 * the chaos run of 2026-11-30 (Redis stopped 60 s): one webhook of 1,539 received twice, its row SENT with
 * attempts 2 and no error.
 *
 * The test makes the overlap certain: the same row is queued on two queues with a worker each, and the
 * receiver answers after 500 ms, so both runs are inside the send together.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../../activities/infra/config';
import { createPrisma, type PrismaClient } from '../../../activities/infra/prisma';
import { RECLAIMED_NOTE, startNotificationDelivery, type NotificationDelivery } from '../../../activities/notifications/delivery';
import { createNotificationActivities } from '../../../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue, type NotificationQueue } from '../../../activities/notifications/queue';
import { createNotifyFixture, notificationConfig, silentLogger, until, type NotifyFixture } from '../../support/notifications';

jest.setTimeout(60_000);

let prisma: PrismaClient;
let fx: NotifyFixture;
let server: Server;
let url: string;
const received: string[] = [];
const configs: Config[] = [];
const queues: NotificationQueue[] = [];
const deliveries: NotificationDelivery[] = [];
let subscriptionId: string;
const kind = `test-concurrent-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['x-govflow-delivery']));
      setTimeout(() => res.writeHead(204).end(), 500);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  // Two queues, each with its own delivery worker, on one database: two runs of one row's delivery.
  for (let i = 0; i < 2; i++) {
    const config = notificationConfig();
    configs.push(config);
    queues.push(createNotificationQueue(config, silentLogger));
  }
  prisma = createPrisma(configs[0].DATABASE_URL, 5);
  fx = await createNotifyFixture(prisma);
  subscriptionId = (await prisma.webhookSubscription.create({ data: { name: '并发投递测试', url, secret: 'concurrent-test-secret-0123456789', events: [kind] } })).id;
});

afterAll(async () => {
  for (const d of deliveries) await d.stop();
  for (const q of queues) await closeNotificationQueue(q);
  await prisma?.notification.deleteMany({ where: { channel: 'WEBHOOK', address: subscriptionId } });
  await prisma?.webhookSubscription.deleteMany({ where: { id: subscriptionId } });
  await fx?.cleanup();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await prisma?.$disconnect();
});

describe('two deliveries of one notification at once', () => {
  it('when a second delivery of a webhook starts while the first is still sending, the receiver gets it once and the row says one attempt', async () => {
    const dedupeKey = `test/${randomUUID()}/concurrent`;
    // Stored and queued on the first queue before any worker runs.
    const { notify } = createNotificationActivities({ prisma, queue: queues[0], logger: silentLogger, config: configs[0] });
    await notify({ dedupeKey, kind, audiences: ['assignees'], assigneeUserId: fx.clerk.id, orgUnitId: fx.unitId, subject: '【提醒】待办即将到期', body: '请及时办理。' });
    const row = await prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `${dedupeKey}/WEBHOOK/${subscriptionId}` } });
    // The same job on the second queue: what the stalled-job check does with a job whose lock lapsed.
    await queues[1].add('deliver', { notificationId: row.id }, { jobId: row.id });

    for (let i = 0; i < 2; i++) deliveries.push(startNotificationDelivery({ prisma, config: configs[i], logger: silentLogger, queue: queues[i] }));

    const sent = await until(async () => {
      const r = await prisma.notification.findUnique({ where: { id: row.id } });
      return r?.status === 'SENT' && r;
    }, 'the webhook SENT');
    // Both runs have had time to send (each waits 500 ms for the answer).
    await new Promise((r) => setTimeout(r, 2_000));
    expect(received.filter((id) => id === row.id)).toHaveLength(1);
    expect(sent.attempts).toBe(1);
    expect(sent.lastError).toBeNull();
  });

  it('when the run holding a webhook died before recording its result, the next run takes it once the claim lapses, sends it, and the row says why it was sent again', async () => {
    const dedupeKey = `test/${randomUUID()}/reclaimed`;
    const { notify } = createNotificationActivities({ prisma, queue: queues[0], logger: silentLogger, config: configs[0] });
    // A run claimed the row and its process ended (kill -9): attempt counted, claim never released, now lapsed.
    const where = { dedupeKey: `${dedupeKey}/WEBHOOK/${subscriptionId}` };
    await prisma.notification.create({
      data: { dedupeKey: where.dedupeKey, channel: 'WEBHOOK', kind, address: subscriptionId, subject: '【提醒】待办即将到期', body: '请及时办理。', attempts: 1, deliveringUntil: new Date(Date.now() - 1_000) },
    });
    const before = received.length;
    await notify({ dedupeKey, kind, audiences: ['assignees'], assigneeUserId: fx.clerk.id, orgUnitId: fx.unitId, subject: '【提醒】待办即将到期', body: '请及时办理。' });
    const row = await prisma.notification.findUniqueOrThrow({ where });
    await queues[0].add('deliver', { notificationId: row.id }, { jobId: row.id });

    const sent = await until(async () => {
      const r = await prisma.notification.findUnique({ where });
      return r?.status === 'SENT' && r;
    }, 'the reclaimed webhook SENT');
    expect(received.slice(before).filter((id) => id === row.id)).toHaveLength(1);
    expect(sent.attempts).toBe(2);
    expect(sent.lastError).toBe(RECLAIMED_NOTE);
    expect(sent.deliveringUntil).toBeNull();
  });

  it('while another run holds a webhook\'s claim, a second run sends nothing and leaves the row to that run', async () => {
    const dedupeKey = `test/${randomUUID()}/held`;
    const where = { dedupeKey: `${dedupeKey}/WEBHOOK/${subscriptionId}` };
    const held = new Date(Date.now() + 60_000);
    const row = await prisma.notification.create({
      data: { dedupeKey: where.dedupeKey, channel: 'WEBHOOK', kind, address: subscriptionId, subject: '【提醒】待办即将到期', body: '请及时办理。', attempts: 1, deliveringUntil: held },
    });
    const before = received.length;
    const job = await queues[1].add('deliver', { notificationId: row.id }, { jobId: row.id });
    // A finished job leaves Redis at once (queue.ts): gone means the second run has ended.
    await until(async () => !(await queues[1].getJob(job.id!)), 'the second run finished', 15_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(received.slice(before).filter((id) => id === row.id)).toHaveLength(0);
    expect(await prisma.notification.findUniqueOrThrow({ where })).toMatchObject({ status: 'PENDING', attempts: 1, deliveringUntil: held });
  });
});
