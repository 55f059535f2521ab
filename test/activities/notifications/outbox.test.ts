/**
 * The notification outbox end to end: the `notify` activity writes rows to PostgreSQL and queues them in
 * the real Redis; the delivery worker sends e-mail to a real SMTP server listening in this test.
 */
import { randomUUID } from 'node:crypto';
import { createPrisma, type PrismaClient } from '../../../activities/infra/prisma';
import type { Config } from '../../../activities/infra/config';
import { startNotificationDelivery, type NotificationDelivery } from '../../../activities/notifications/delivery';
import { createNotificationActivities, type NotifyInput } from '../../../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue, type NotificationQueue } from '../../../activities/notifications/queue';
import { notificationRepository } from '../../../server/repositories/notificationRepository';
import { createNotifyFixture, notificationConfig, silentLogger, startSmtpServer, until, type NotifyFixture, type TestSmtpServer } from '../../support/notifications';

let prisma: PrismaClient;
let smtp: TestSmtpServer;
let config: Config;
let queue: NotificationQueue;
let delivery: NotificationDelivery;
let fx: NotifyFixture;
let notify: (input: NotifyInput) => Promise<{ created: number }>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  config = notificationConfig({ SMTP_URL: smtp.url, SMTP_FROM: 'GovFlow 通知 <noreply@govflow.test>' });
  prisma = createPrisma(config.DATABASE_URL, 5);
  fx = await createNotifyFixture(prisma);
  queue = createNotificationQueue(config, silentLogger);
  ({ notify } = createNotificationActivities({ prisma, queue, logger: silentLogger, config }));
  delivery = startNotificationDelivery({ prisma, config, logger: silentLogger, queue });
});

afterAll(async () => {
  await delivery?.stop();
  if (queue) await closeNotificationQueue(queue);
  await fx?.cleanup();
  await smtp?.close();
  await prisma?.$disconnect();
});

function toLeader(overrides: Partial<NotifyInput> = {}): NotifyInput {
  return {
    dedupeKey: `test/${randomUUID()}/urge`,
    kind: 'urge',
    audiences: ['leaderInCharge'],
    orgUnitId: fx.unitId,
    subject: '【催办】2024年度政府信息公开工作年度报告',
    body: '贵单位的年度报告自查已逾期一个工作日，请于今日内完成。',
    ...overrides,
  };
}

const rowsOf = (input: NotifyInput) => prisma.notification.findMany({ where: { dedupeKey: { startsWith: `${input.dedupeKey}/` } }, orderBy: { channel: 'asc' } });
const settled = (input: NotifyInput, status: 'SENT' | 'FAILED' = 'SENT') =>
  until(async () => {
    const rows = await rowsOf(input);
    return rows.length > 0 && rows.every((r) => r.status === status) && rows;
  }, `every row of ${input.dedupeKey} ${status}`);
const mailsFor = (id: string) => smtp.received.filter((m) => m.headers['x-govflow-notification'] === id);

describe('notifying through the outbox', () => {
  it('stores an in-app notification for each recipient, counted unread until it is read', async () => {
    const input = toLeader();

    const { created } = await notify(input);

    expect(created).toBe(2); // in-app and e-mail for the one leader in charge
    const [inApp] = (await settled(input)).filter((r) => r.channel === 'IN_APP');
    expect(inApp).toMatchObject({ userId: fx.head.id, kind: 'urge', subject: input.subject, readAt: null, attempts: 1 });
    const inbox = notificationRepository(prisma);
    expect(await inbox.countUnread(fx.head.id)).toBe(1);
    await inbox.markRead(fx.head.id, inApp.id);
    expect(await inbox.countUnread(fx.head.id)).toBe(0);
  });

  it('delivers an in-app notification by storing it: SENT at once, with no queue job for it', async () => {
    const input = toLeader();

    await notify(input);

    const [inApp, email] = await rowsOf(input);
    expect(inApp).toMatchObject({ channel: 'IN_APP', status: 'SENT', attempts: 1 });
    expect(inApp.sentAt).toBeInstanceOf(Date);
    expect(Math.abs(inApp.sentAt!.getTime() - inApp.createdAt.getTime())).toBeLessThan(60_000);
    // Never handed to the queue; the e-mail row goes through it.
    expect(inApp.enqueuedAt).toBeNull();
    expect(email.channel).toBe('EMAIL');
    await settled(input);
  });

  it('writes and delivers once when the same dedupe key is notified three times at once and then twice more', async () => {
    const input = toLeader();

    const concurrent = await Promise.all([notify(input), notify(input), notify(input)]);
    const retried = [await notify(input), await notify(input)];

    expect([...concurrent, ...retried].reduce((n, r) => n + r.created, 0)).toBe(2);
    expect(retried.map((r) => r.created)).toEqual([0, 0]);
    const rows = await settled(input);
    expect(rows.map((r) => r.channel)).toEqual(['IN_APP', 'EMAIL']);
    const email = rows.find((r) => r.channel === 'EMAIL')!;
    await new Promise((r) => setTimeout(r, 500)); // time for a duplicate job, were there one
    expect(mailsFor(email.id)).toHaveLength(1);
    expect((await rowsOf(input)).map((r) => r.attempts)).toEqual([1, 1]);
  });

  it('sends the e-mail through the SMTP server with the subject and text in Chinese', async () => {
    const input = toLeader({ audiences: ['assignees'], assigneeRole: 'CLERK', kind: 'assigned', subject: '【待办】请填报年度报告', body: '您有一项新的待办：年度报告填报。' });

    await notify(input);

    const email = (await settled(input)).find((r) => r.channel === 'EMAIL')!;
    const [mail] = await until(async () => mailsFor(email.id).length > 0 && mailsFor(email.id), 'the e-mail');
    expect(mail).toMatchObject({ from: 'noreply@govflow.test', to: [fx.clerk.email], subject: '【待办】请填报年度报告', text: '您有一项新的待办：年度报告填报。' });
    expect(mail.headers['x-govflow-event']).toBe('assigned');
    expect(email).toMatchObject({ address: fx.clerk.email, userId: fx.clerk.id, attempts: 1 });
  });

  it('delivers the e-mail after retries when the SMTP server refuses the first attempts, recording each attempt', async () => {
    smtp.rejectNext(2);
    const input = toLeader();

    await notify(input);

    const email = (await settled(input)).find((r) => r.channel === 'EMAIL')!;
    expect(email.attempts).toBe(3);
    expect(email.lastError).toMatch(/451/);
    expect(mailsFor(email.id)).toHaveLength(1);
  });

  it('marks the e-mail FAILED with the last error when the SMTP server always refuses, until an administrator retries it', async () => {
    smtp.rejectAll(true);
    const input = toLeader({ audiences: ['assignees'], assigneeUserId: fx.clerk.id });
    try {
      await notify(input);
      const failed = await until(async () => {
        const email = (await rowsOf(input)).find((r) => r.channel === 'EMAIL');
        return email?.status === 'FAILED' && email;
      }, 'the e-mail FAILED');
      expect(failed.attempts).toBe(config.NOTIFY_MAX_ATTEMPTS);
      expect(failed.lastError).toMatch(/550/);
      expect(failed.lastError).not.toContain(config.REDIS_URL);
      expect(mailsFor(failed.id)).toHaveLength(0);
    } finally {
      smtp.rejectAll(false);
    }

    const email = (await rowsOf(input)).find((r) => r.channel === 'EMAIL')!;
    expect(await delivery.retry(email.id)).toBe(true);
    const sent = await until(async () => {
      const row = await prisma.notification.findUniqueOrThrow({ where: { id: email.id } });
      return row.status === 'SENT' && row;
    }, 'the retried e-mail SENT');
    expect(sent.attempts).toBe(config.NOTIFY_MAX_ATTEMPTS + 1);
    expect(mailsFor(email.id)).toHaveLength(1);
    expect(await delivery.retry(email.id)).toBe(false); // only a FAILED row can be retried
  });

  it('writes no e-mail rows when SMTP is not configured', async () => {
    const { notify: notifyWithoutSmtp } = createNotificationActivities({ prisma, queue, logger: silentLogger, config: { ...config, SMTP_URL: undefined } });
    const input = toLeader();

    expect(await notifyWithoutSmtp(input)).toEqual({ created: 1 });
    expect((await rowsOf(input)).map((r) => r.channel)).toEqual(['IN_APP']);
  });

  it('refuses a malformed request as a non-retryable failure, writing nothing', async () => {
    const input = toLeader({ orgUnitId: 'BJ-D001' });

    await expect(notify(input)).rejects.toMatchObject({ type: 'INVALID_NOTIFICATION', nonRetryable: true });
    expect(await rowsOf(input)).toHaveLength(0);
  });
});
