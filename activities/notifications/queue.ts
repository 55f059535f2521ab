import { Queue, type ConnectionOptions } from 'bullmq';
import type { Config } from '../infra/config';
import type { Logger } from '../infra/logger';

/** The default queue name; NOTIFY_QUEUE overrides it (tests use a queue of their own). */
export const NOTIFICATION_QUEUE = 'govflow-notifications';

/** A job carries only the row's id: PostgreSQL is the source of truth, Redis only says "deliver this now". */
export interface NotificationJob {
  notificationId: string;
}
export type NotificationQueue = Queue<NotificationJob, unknown, string>;

export type QueueSettings = Pick<Config, 'REDIS_URL' | 'NOTIFY_QUEUE' | 'NOTIFY_MAX_ATTEMPTS' | 'NOTIFY_BACKOFF_MS'>;

/** Reconnect quickly but never give up: Redis coming back must resume delivery without a restart. */
const reconnect = (times: number) => Math.min(times * 200, 2000);

/**
 * Producer side (activities, the API, the relay). No offline queue and short timeouts: when Redis is down,
 * adding a job fails at once instead of hanging a Temporal activity or an HTTP request; the row stays
 * PENDING in PostgreSQL and the relay queues it later.
 */
export function producerConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 5000, retryStrategy: reconnect };
}

/** Consumer side (the BullMQ Worker): BullMQ's blocking commands need `maxRetriesPerRequest: null`. */
export function consumerConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null, connectTimeout: 5000, retryStrategy: reconnect };
}

/**
 * The producer queue with the retry policy on every job: exponential backoff, NOTIFY_MAX_ATTEMPTS tries.
 * Finished jobs are removed from Redis at once: the Notification row keeps status, attempts and lastError.
 */
export function createNotificationQueue(cfg: QueueSettings, logger: Logger): NotificationQueue {
  const queue: NotificationQueue = new Queue<NotificationJob, unknown, string>(cfg.NOTIFY_QUEUE, {
    connection: producerConnection(cfg.REDIS_URL),
    defaultJobOptions: {
      attempts: cfg.NOTIFY_MAX_ATTEMPTS,
      backoff: { type: 'exponential', delay: cfg.NOTIFY_BACKOFF_MS },
      removeOnComplete: true,
      removeOnFail: true,
    },
  });
  queue.on('error', redisErrorLogger(logger, 'notification queue (producer)'));
  return queue;
}

/**
 * ioredis reports every reconnect attempt as an error: during an outage, one warning a minute is enough
 * (the rest go to debug). Without a listener BullMQ would print each one to stderr.
 */
export function redisErrorLogger(logger: Logger, what: string, everyMs = 60_000) {
  let lastWarn = 0;
  return (err: Error) => {
    const now = Date.now();
    if (now - lastWarn >= everyMs) {
      lastWarn = now;
      logger.warn({ err: errorText(err) }, `${what}: Redis unavailable; notifications wait in PostgreSQL`);
    } else {
      logger.debug({ err: errorText(err) }, `${what}: Redis still unavailable`);
    }
  };
}

/** A short, single-line description of an error, safe to store and log: no credentials in URLs. */
export function errorText(err: unknown, max = 500): string {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } } | undefined;
  let text = e?.message ?? String(err);
  const cause = e?.cause?.code ?? e?.cause?.message;
  if (cause && !text.includes(cause)) text = `${text} (${cause})`;
  text = text.replace(/\s+/g, ' ').replace(/(\w+:\/\/)[^\s/@]*@/g, '$1***@').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Rejects after `ms` (the promise itself goes on; a late job add is harmless, its id is the row's). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits (bounded) until the producer has connected once. Before that BullMQ holds every command until Redis
 * answers; checking first keeps a long outage at start-up from piling up relay batches in memory.
 */
export function producerReady(queue: NotificationQueue, ms: number): Promise<unknown> {
  return withTimeout(queue.waitUntilReady(), ms, 'connecting to Redis');
}

/** Closes a producer; should Redis be gone, a bounded wait and then a hard disconnect keep shutdown moving. */
export async function closeNotificationQueue(queue: NotificationQueue): Promise<void> {
  await withTimeout(queue.close(), 5000, 'closing the notification queue').catch(() => queue.disconnect().catch(() => undefined));
}
