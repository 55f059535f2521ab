import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { Config } from '../infra/config';
import type { Logger } from '../infra/logger';
import type { Prisma, PrismaClient } from '../infra/prisma';
import { Prisma as P } from '../../prisma/generated/client';
import { errorText, producerReady, withTimeout, type NotificationQueue } from './queue';
import { AUDIENCES, resolveRecipients, type Audience } from './recipients';

/**
 * What a flow asks for. `dedupeKey` names the business event ("<executionId>/<stepKey>/rung/T+1"): the same
 * key twice, from a retried activity or a repeated request, notifies nobody twice.
 */
export interface NotifyInput {
  dedupeKey: string;
  /** 'reminder' | 'urge' | 'supervise' | 'candidate-notice' | 'cc' | 'assigned' | 'returned' | 'manual-reminder' ... */
  kind: string;
  audiences: Audience[];
  userIds?: string[];
  orgUnitId: string;
  assigneeRole?: 'CLERK' | 'UNIT_HEAD' | 'SUPERVISOR' | 'ADMIN';
  assigneeUserId?: string | null;
  subject: string;
  body: string;
  taskId?: string | null;
  workflowId?: string | null;
  payload?: Record<string, unknown>;
}

export interface NotifyResult {
  /** rows written by this call: 0 when an earlier attempt already wrote them */
  created: number;
}

const notifyInput = z.object({
  dedupeKey: z.string().min(1).max(300),
  kind: z.string().regex(/^[a-z][a-z0-9-]{0,49}$/, 'must be lower-case words joined by "-"'),
  audiences: z.array(z.enum(AUDIENCES as [Audience, ...Audience[]])),
  userIds: z.array(z.string()).optional(),
  orgUnitId: z.string().uuid(),
  assigneeRole: z.enum(['CLERK', 'UNIT_HEAD', 'SUPERVISOR', 'ADMIN']).optional(),
  assigneeUserId: z.string().uuid().nullish(),
  subject: z.string().min(1).max(300),
  body: z.string().max(20_000),
  taskId: z.string().uuid().nullish(),
  workflowId: z.string().max(300).nullish(),
  payload: z.record(z.unknown()).optional(),
});

export interface NotificationDeps {
  prisma: PrismaClient;
  queue: NotificationQueue;
  logger: Logger;
  /** SMTP_URL decides whether e-mail rows are written at all; the timeout bounds the wait on Redis. */
  config: Pick<Config, 'SMTP_URL' | 'NOTIFY_ENQUEUE_TIMEOUT_MS'>;
}

let warnedNoSmtp = false;
function emailEnabled(deps: NotificationDeps): boolean {
  if (deps.config.SMTP_URL) return true;
  if (!warnedNoSmtp) {
    warnedNoSmtp = true;
    deps.logger.warn('SMTP_URL is not set: notifications go in-app and to webhooks only, no e-mail rows are written');
  }
  return false;
}

/**
 * Hands PENDING rows to BullMQ, the job id being the row's id (BullMQ ignores an id it already holds).
 * Never throws: when Redis is down, the failure is logged and the rows wait for the relay.
 */
export async function enqueueNotifications(
  deps: Pick<NotificationDeps, 'prisma' | 'queue' | 'logger' | 'config'>,
  ids: string[],
  opts: { failureLevel?: 'warn' | 'debug' } = {},
): Promise<number> {
  if (ids.length === 0) return 0;
  try {
    const jobs = ids.map((id) => ({ name: 'deliver', data: { notificationId: id }, opts: { jobId: id } }));
    await producerReady(deps.queue, deps.config.NOTIFY_ENQUEUE_TIMEOUT_MS);
    await withTimeout(deps.queue.addBulk(jobs), deps.config.NOTIFY_ENQUEUE_TIMEOUT_MS, 'queueing notifications');
  } catch (err) {
    deps.logger[opts.failureLevel ?? 'warn']({ err: errorText(err), count: ids.length }, 'notifications stored but not queued; the outbox relay will queue them');
    return 0;
  }
  try {
    await deps.prisma.$executeRaw`UPDATE "Notification" SET "enqueuedAt" = now() AT TIME ZONE 'UTC' WHERE "id" IN (${P.join(ids.map((id) => P.sql`${id}::uuid`))}) AND "status" = 'PENDING'`;
  } catch (err) {
    // Only bookkeeping: without it the relay queues the rows once more, and BullMQ ignores the duplicates.
    deps.logger.warn({ err: errorText(err) }, 'could not record when notifications were queued');
  }
  return ids.length;
}

/**
 * The one way anything in GovFlow notifies people: a flow's activity, a supervisor's 催办 from the API.
 * Writes one row per recipient and channel (and one per matching webhook) keyed by the dedupe key, so a
 * retry writes nothing new, then queues whatever is still PENDING. PostgreSQL first, Redis second: an
 * outage of Redis delays delivery and never loses a notification.
 */
export async function sendNotification(deps: NotificationDeps, raw: NotifyInput): Promise<NotifyResult> {
  const parsed = notifyInput.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'} ${i.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`invalid notification: ${problems}`, 'INVALID_NOTIFICATION');
  }
  const input = parsed.data;
  const log = deps.logger.child({ workflowId: input.workflowId ?? undefined, dedupeKey: input.dedupeKey, kind: input.kind });
  const [recipients, webhooks] = await Promise.all([
    resolveRecipients(deps.prisma, input),
    // Plain SQL on the hot path (every task opened notifies): Prisma's raw queries skip its query compiler.
    deps.prisma.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "WebhookSubscription" WHERE "active" AND "events" && ARRAY[${input.kind}, '*']::text[]`,
  ]);

  const common = {
    kind: input.kind,
    subject: input.subject,
    body: input.body,
    taskId: input.taskId ?? null,
    workflowId: input.workflowId ?? null,
  };
  const payload = (input.payload ?? undefined) as Prisma.InputJsonValue | undefined;
  const rows: Prisma.NotificationCreateManyInput[] = [];
  const withEmail = emailEnabled(deps);
  for (const r of recipients) {
    rows.push({ ...common, payload, channel: 'IN_APP', userId: r.id, dedupeKey: `${input.dedupeKey}/IN_APP/${r.id}` });
    if (withEmail && r.email) rows.push({ ...common, payload, channel: 'EMAIL', userId: r.id, address: r.email, dedupeKey: `${input.dedupeKey}/EMAIL/${r.id}` });
  }
  for (const w of webhooks) {
    // A webhook row's address is its subscription's id: the URL and secret are read when it is delivered.
    const data = { orgUnitId: input.orgUnitId, recipientUserIds: recipients.map((r) => r.id), data: input.payload ?? {} };
    rows.push({ ...common, payload: data as Prisma.InputJsonValue, channel: 'WEBHOOK', address: w.id, dedupeKey: `${input.dedupeKey}/WEBHOOK/${w.id}` });
  }
  if (rows.length === 0) {
    log.warn({ audiences: input.audiences, orgUnitId: input.orgUnitId }, 'notification has no recipients');
    return { created: 0 };
  }

  // One statement: the rows an earlier attempt did not write yet, and every row of this event still PENDING
  // (new ones, and an earlier attempt's not yet delivered: its enqueue may not have happened).
  // An in-app row is delivered by being stored (the console lists it at once): it is written SENT, and
  // only e-mail and webhook rows go through the queue (issue 12: the queue's round trips for an in-app row
  // were a third of a step's SQL and Redis work, to change nothing a person sees). Redis being down then
  // delays only e-mail and webhooks.
  const values = P.join(rows.map((r) => {
    const inApp = r.channel === 'IN_APP';
    return P.sql`(gen_random_uuid(), ${r.dedupeKey}, ${r.channel}::"NotificationChannel", ${r.kind}, ${r.userId ?? null}::uuid, ${r.address ?? null},
    ${r.subject}, ${r.body}, ${r.payload === undefined || r.payload === null ? null : JSON.stringify(r.payload)}::jsonb, ${r.taskId ?? null}::uuid, ${r.workflowId ?? null},
    ${inApp ? 'SENT' : 'PENDING'}::"DeliveryStatus", ${inApp ? 1 : 0}::int, ${inApp ? P.sql`now() AT TIME ZONE 'UTC'` : P.sql`NULL`})`;
  }));
  const written = await deps.prisma.$queryRaw<Array<{ id: string; created: boolean; queued: boolean }>>`
    WITH created AS (
      INSERT INTO "Notification" ("id", "dedupeKey", "channel", "kind", "userId", "address", "subject", "body", "payload", "taskId", "workflowId", "status", "attempts", "sentAt")
      VALUES ${values} ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id", "status")
    SELECT "id", true AS created, "status" = 'PENDING' AS queued FROM created
    UNION ALL
    SELECT "id", false AS created, true AS queued FROM "Notification" WHERE "dedupeKey" IN (${P.join(rows.map((r) => r.dedupeKey))}) AND "status" = 'PENDING'`;
  const count = written.filter((w) => w.created).length;
  const queued = await enqueueNotifications({ ...deps, logger: log }, written.filter((w) => w.queued).map((p) => p.id));
  log.info({ created: count, recipients: recipients.length, webhooks: webhooks.length, queued }, 'notification stored');
  return { created: count };
}

/**
 * Queues a row that was set back to PENDING (an administrator's retry). A finished job still held under
 * the row's id is removed first, or BullMQ would ignore the new one. Never throws: the relay is the fallback.
 */
export async function requeueNotification(deps: Pick<NotificationDeps, 'prisma' | 'queue' | 'logger' | 'config'>, id: string): Promise<void> {
  try {
    await producerReady(deps.queue, deps.config.NOTIFY_ENQUEUE_TIMEOUT_MS);
    const job = await withTimeout(deps.queue.getJob(id), deps.config.NOTIFY_ENQUEUE_TIMEOUT_MS, 'looking up the old job');
    if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
  } catch (err) {
    deps.logger.warn({ err: errorText(err), notificationId: id }, 'could not clear the old job; the outbox relay will queue the retry');
    return;
  }
  await enqueueNotifications(deps, [id]);
}

/** FAILED back to PENDING and queued again; false when the row is not FAILED (nothing to retry). */
export async function requeueFailedNotification(deps: Pick<NotificationDeps, 'prisma' | 'queue' | 'logger' | 'config'>, id: string): Promise<boolean> {
  const { count } = await deps.prisma.notification.updateMany({ where: { id, status: 'FAILED' }, data: { status: 'PENDING', enqueuedAt: null } });
  if (count === 0) return false;
  await requeueNotification(deps, id);
  return true;
}

/** The Temporal activities of this module; register them with the worker beside the others. */
export function createNotificationActivities(deps: NotificationDeps) {
  emailEnabled(deps);
  return {
    async notify(input: NotifyInput): Promise<NotifyResult> {
      return sendNotification(deps, input);
    },
  };
}
