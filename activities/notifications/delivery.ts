import { createHmac } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import nodemailer from 'nodemailer';
import type { Config } from '../infra/config';
import type { Logger } from '../infra/logger';
import type { PrismaClient } from '../infra/prisma';
import { enqueueNotifications, requeueFailedNotification } from './outbox';
import { closeNotificationQueue, consumerConnection, createNotificationQueue, errorText, redisErrorLogger, withTimeout, type NotificationJob, type NotificationQueue } from './queue';

/** How long a delivered notification waits for PostgreSQL to record it SENT (a restart takes seconds). */
const SENT_MARK_WAIT_MS = 60_000;
/** One try at recording SENT: a query stuck on a connection PostgreSQL dropped is given up and tried again. */
const SENT_MARK_TRY_MS = 5_000;

/**
 * What a row says when its delivery is taken over from a run that claimed it and never ended (its process
 * was killed, between sending and recording perhaps): the notification is sent again, at least once, and a
 * receiver drops the repeat by its X-GovFlow-Delivery id.
 */
export const RECLAIMED_NOTE = 'the previous delivery run stopped before recording its result (its process ended); sent again';

type Notification = NonNullable<Awaited<ReturnType<PrismaClient['notification']['findUnique']>>>;

export type DeliveryConfig = Pick<Config,
  | 'REDIS_URL' | 'SMTP_URL' | 'SMTP_FROM' | 'NOTIFY_QUEUE' | 'NOTIFY_MAX_ATTEMPTS' | 'NOTIFY_BACKOFF_MS' | 'NOTIFY_CONCURRENCY'
  | 'NOTIFY_RELAY_INTERVAL_MS' | 'NOTIFY_RELAY_STALE_MS' | 'NOTIFY_SEND_TIMEOUT_MS' | 'NOTIFY_ENQUEUE_TIMEOUT_MS'>;

export interface DeliveryDeps {
  prisma: PrismaClient;
  config: DeliveryConfig;
  logger: Logger;
  /** the producer the relay and retries use; one is created (and closed on stop) when not given */
  queue?: NotificationQueue;
}

export interface NotificationDelivery {
  /** An administrator's retry of a FAILED row; false when the row is not FAILED. */
  retry(notificationId: string): Promise<boolean>;
  /** Queues the PENDING rows Redis never got (what the relay does every NOTIFY_RELAY_INTERVAL_MS). */
  relayOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** A failure no retry can cure (the subscription was deleted, the address is gone): fail the row at once. */
class PermanentDeliveryError extends Error {}

/** The signature a webhook receiver checks: HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The delivering side of the outbox: a BullMQ worker that sends each queued row once, and the relay that
 * queues rows Redis never received. Idempotent by the row: a job for a row already SENT does nothing.
 * Runs in the Temporal worker process (worker/main.ts); start more processes to deliver faster.
 */
export function startNotificationDelivery(deps: DeliveryDeps): NotificationDelivery {
  const { prisma, config } = deps;
  const logger = deps.logger.child({ component: 'notification-delivery' });
  const queue = deps.queue ?? createNotificationQueue(config, logger);
  const mailer = config.SMTP_URL
    ? nodemailer.createTransport({
        url: config.SMTP_URL,
        connectionTimeout: config.NOTIFY_SEND_TIMEOUT_MS,
        greetingTimeout: config.NOTIFY_SEND_TIMEOUT_MS,
        socketTimeout: config.NOTIFY_SEND_TIMEOUT_MS,
      })
    : undefined;

  async function sendEmail(n: Notification): Promise<void> {
    if (!mailer) throw new PermanentDeliveryError('SMTP_URL is not configured');
    if (!n.address) throw new PermanentDeliveryError('no e-mail address');
    await mailer.sendMail({
      from: config.SMTP_FROM,
      to: n.address,
      subject: n.subject,
      text: n.body,
      // The row id as Message-ID: should a send ever be repeated, the receiving side can tell.
      messageId: `<${n.id}@govflow>`,
      headers: { 'X-GovFlow-Notification': n.id, 'X-GovFlow-Event': n.kind },
    });
  }

  async function sendWebhook(n: Notification): Promise<void> {
    const sub = n.address ? await prisma.webhookSubscription.findUnique({ where: { id: n.address } }) : null;
    if (!sub || !sub.active) throw new PermanentDeliveryError('webhook subscription deleted or deactivated');
    const extra = (n.payload ?? {}) as { orgUnitId?: string; recipientUserIds?: string[]; data?: unknown };
    const body = JSON.stringify({
      id: n.id,
      event: n.kind,
      createdAt: n.createdAt.toISOString(),
      subject: n.subject,
      body: n.body,
      taskId: n.taskId,
      workflowId: n.workflowId,
      orgUnitId: extra.orgUnitId ?? null,
      recipientUserIds: extra.recipientUserIds ?? [],
      data: extra.data ?? {},
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GovFlow-Webhook/1',
          'X-GovFlow-Event': n.kind,
          'X-GovFlow-Delivery': n.id,
          'X-GovFlow-Timestamp': timestamp,
          'X-GovFlow-Signature': webhookSignature(sub.secret, timestamp, body),
        },
        body,
        redirect: 'manual', // a redirect is not a delivery, and must not carry the signature elsewhere
        signal: AbortSignal.timeout(config.NOTIFY_SEND_TIMEOUT_MS),
      });
    } catch (err) {
      // Never the URL in the error: a receiver's token may sit in its query string.
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      const what = (err as Error).name === 'TimeoutError' ? `timed out after ${config.NOTIFY_SEND_TIMEOUT_MS} ms` : cause ?? 'network error';
      throw new Error(`webhook "${sub.name}": ${what}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) throw new Error(`webhook "${sub.name}" answered HTTP ${res.status}`);
  }

  /** How long a delivery run holds its row: the send, the wait to mark it SENT, and a margin. */
  const claimMs = config.NOTIFY_SEND_TIMEOUT_MS + SENT_MARK_WAIT_MS + 10_000;

  /**
   * Takes the row for this run, in one statement: PENDING and held by no other run (or by one whose claim
   * lapsed: its process died). BullMQ runs a job again when its lock lapses (Redis gone longer than the lock,
   * a stalled worker) while the first run may still be sending; without the claim both sent. PostgreSQL's
   * clock, so workers on other machines agree. Answers the row, or why this run sends nothing.
   */
  async function claim(id: string): Promise<Notification | string> {
    const [row] = await prisma.$queryRaw<Notification[]>`
      UPDATE "Notification" SET attempts = attempts + 1, "deliveringUntil" = (now() AT TIME ZONE 'UTC') + ${claimMs} * interval '1 millisecond',
        "lastError" = CASE WHEN "deliveringUntil" IS NOT NULL THEN ${RECLAIMED_NOTE} ELSE "lastError" END
      WHERE id = ${id}::uuid AND status = 'PENDING' AND ("deliveringUntil" IS NULL OR "deliveringUntil" < (now() AT TIME ZONE 'UTC'))
      RETURNING *`;
    if (row) return row;
    const n = await prisma.notification.findUnique({ where: { id }, select: { status: true } });
    // SENT: an earlier job did it; FAILED: out of attempts until an administrator retries (which resets it);
    // PENDING: another run holds it (should that run die, the relay queues the row again after its claim lapses).
    if (!n) return 'skipped (no row)';
    return n.status === 'PENDING' ? 'skipped (another run is delivering it)' : `skipped (${n.status})`;
  }

  async function deliver(job: Job<NotificationJob>): Promise<string> {
    const id = job.data.notificationId;
    const n = await claim(id);
    if (typeof n === 'string') return n;
    try {
      if (n.channel === 'EMAIL') await sendEmail(n);
      else if (n.channel === 'WEBHOOK') await sendWebhook(n);
      // IN_APP: stored is delivered; the row only records it.
    } catch (err) {
      const permanent = err instanceof PermanentDeliveryError;
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const lastError = errorText(err);
      // The claim ends with the attempt: BullMQ's retry (or the relay) takes the row again.
      await prisma.notification.update({ where: { id }, data: { lastError, deliveringUntil: null, ...(last ? { status: 'FAILED' as const } : {}) } });
      const fields = { notificationId: id, channel: n.channel, attempt: job.attemptsMade + 1, err: lastError };
      if (last) logger.warn(fields, 'notification delivery failed for good');
      else logger.info(fields, 'notification delivery failed; BullMQ will retry');
      if (permanent) throw new UnrecoverableError(lastError);
      throw new Error(lastError);
    }
    // Sent: the row must say so before the job ends, or BullMQ's retry sends it a second time. PostgreSQL
    // restarting at this moment (seconds) is waited out here; only an outage longer than SENT_MARK_WAIT_MS
    // leaves the row PENDING, and the relay then sends it again (at least once: receivers dedupe on
    // X-GovFlow-Delivery). lastError stays: a row delivered on its third attempt still shows why the first two failed.
    await markSent(id);
    return 'sent';
  }

  async function markSent(id: string): Promise<void> {
    const until = Date.now() + SENT_MARK_WAIT_MS;
    for (let pause = 250; ; pause = Math.min(4000, pause * 2)) {
      try {
        await withTimeout(
          prisma.notification.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'SENT', sentAt: new Date(), deliveringUntil: null } }),
          SENT_MARK_TRY_MS, 'recording the notification SENT',
        );
        return;
      } catch (err) {
        if (Date.now() + pause > until) throw new UnrecoverableError(`sent, but could not be marked SENT: ${errorText(err)}`);
        logger.info({ notificationId: id, err: errorText(err) }, 'notification sent; PostgreSQL unavailable, marking it SENT again shortly');
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  const worker = new Worker<NotificationJob, string, string>(config.NOTIFY_QUEUE, deliver, {
    connection: consumerConnection(config.REDIS_URL),
    concurrency: config.NOTIFY_CONCURRENCY,
  });
  // Without this listener an 'error' would be thrown; with it the worker keeps reconnecting to Redis.
  worker.on('error', redisErrorLogger(logger, 'notification worker'));

  let relayFailing = false;
  async function relayOnce(): Promise<number> {
    const staleBefore = new Date(Date.now() - config.NOTIFY_RELAY_STALE_MS);
    const rows = await prisma.notification.findMany({
      where: { status: 'PENDING', OR: [{ enqueuedAt: null }, { enqueuedAt: { lt: staleBefore } }] },
      orderBy: { createdAt: 'asc' },
      take: 500,
      select: { id: true },
    });
    if (rows.length === 0) {
      relayFailing = false;
      return 0;
    }
    // During an outage every tick fails the same way: say so once, then again only when it is over.
    const queued = await enqueueNotifications({ prisma, queue, logger, config }, rows.map((r) => r.id), { failureLevel: relayFailing ? 'debug' : 'warn' });
    relayFailing = queued === 0;
    if (queued > 0) logger.info({ queued }, 'outbox relay queued notifications');
    return queued;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = relayOnce()
      .catch((err) => {
        logger[relayFailing ? 'debug' : 'warn']({ err: errorText(err) }, 'outbox relay failed; will try again');
        relayFailing = true;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, config.NOTIFY_RELAY_INTERVAL_MS);
      });
  };
  timer = setTimeout(tick, 0);
  logger.info({ queue: config.NOTIFY_QUEUE, email: Boolean(mailer), concurrency: config.NOTIFY_CONCURRENCY }, 'notification delivery started');

  return {
    retry: (id) => requeueFailedNotification({ prisma, queue, logger, config }, id),
    relayOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      // Lets the jobs in hand finish; should Redis be gone, a forced close keeps shutdown from hanging.
      await withTimeout(worker.close(), 10_000, 'closing the notification worker').catch(() => worker.close(true));
      if (!deps.queue) await closeNotificationQueue(queue);
      mailer?.close();
      logger.info('notification delivery stopped');
    },
  };
}
