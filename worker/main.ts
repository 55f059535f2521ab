/**
 * The GovFlow worker: builds its dependencies from the environment, registers the workflows and
 * activities on the task queue and runs until SIGINT/SIGTERM. Start as many as the load needs, on as many
 * machines as you like: they share the task queue. Each one also delivers notifications (BullMQ) and runs
 * the notification outbox relay; both are safe to run in several processes at once.
 */
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig, exitOnConfigError } from '../activities/infra/config';
import { createLogger } from '../activities/infra/logger';
import { createPrisma } from '../activities/infra/prisma';
import { ensureSearchAttributes } from '../activities/infra/searchAttributes';
import { temporalConnectionOptions } from '../activities/infra/temporal';
import { startNotificationDelivery } from '../activities/notifications/delivery';
import { createNotificationActivities } from '../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue } from '../activities/notifications/queue';
import { createTaskReconciler, startReconcileTimer } from '../activities/reconciler/taskReconciler';
import { freshWorkflowBundle, saveWorkflowBundle, workflowBundleOptions } from './workflowBundle';

/**
 * The workflow code: the prebuilt bundle when it is up to date, else bundled now and saved for the next
 * start (a restarted worker then polls within a second or two instead of after webpack).
 */
async function workflowCode(log: ReturnType<typeof createLogger>, mode: 'auto' | 'off') {
  const path = mode === 'auto' ? freshWorkflowBundle() : undefined;
  if (path) {
    log.info({ path }, 'workflow code from the prebuilt bundle');
    return { workflowBundle: { codePath: path } };
  }
  const t0 = performance.now();
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: Runtime.instance().logger });
  if (mode === 'auto') {
    try {
      saveWorkflowBundle(code);
    } catch (err) {
      log.warn({ err }, 'could not save the workflow bundle (read-only checkout?); the next start bundles again');
    }
  }
  log.info({ ms: Math.round(performance.now() - t0) }, 'workflow code bundled');
  return { workflowBundle: { code } };
}

async function main() {
  const cfg = loadConfig();
  const log = createLogger(cfg.LOG_LEVEL, 'govflow-worker');
  // Temporal's own log lines (workflow and activity logs carry workflowId, runId, activityType) go to the
  // same pino stream as GovFlow's, as JSON.
  const temporalLevel: LogLevel = cfg.LOG_LEVEL === 'debug' || cfg.LOG_LEVEL === 'trace' ? 'DEBUG' : cfg.LOG_LEVEL === 'silent' ? 'ERROR' : 'INFO';
  Runtime.install({
    // The SDK's default shutdown signals include SIGUSR2, which the worker keeps for its memory report (below).
    shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT'],
    logger: new DefaultLogger(temporalLevel, (entry) => {
      const level = entry.level === 'TRACE' ? 'trace' : entry.level === 'DEBUG' ? 'debug' : entry.level === 'WARN' ? 'warn' : entry.level === 'ERROR' ? 'error' : 'info';
      log[level]({ ...entry.meta, source: 'temporal' }, entry.message);
    }),
    // The SDK's own Prometheus exporter (in its Rust core): workflow and activity task latencies, activity
    // execution failures, poll and slot metrics, sticky cache, all labelled with namespace and task queue.
    ...(cfg.WORKER_METRICS_ADDRESS ? {
      telemetryOptions: {
        metrics: {
          prometheus: { bindAddress: cfg.WORKER_METRICS_ADDRESS, useSecondsForDurations: true },
          globalTags: { service: 'govflow-worker' },
        },
      },
    } : {}),
  });
  const prisma = createPrisma(cfg.DATABASE_URL, cfg.DB_POOL_SIZE);
  const queue = createNotificationQueue(cfg, log);
  // Activities write notifications to PostgreSQL and queue them; they never send anything themselves.
  const notifications = createNotificationActivities({ prisma, queue, logger: log, config: cfg });
  const connection = await NativeConnection.connect(temporalConnectionOptions(cfg));
  // Campaign activities start and signal unit workflows: a client on the worker's own connection (its calls go
  // through the SDK's native core instead of a second gRPC stack on this thread), which also lets a launch ask
  // for eager start: the server hands each new unit's first workflow task back in the start's answer, to this
  // worker, instead of queueing it for a poll.
  const client = new Client({ connection, namespace: cfg.TEMPORAL_NAMESPACE });
  await ensureSearchAttributes(client, cfg.TEMPORAL_NAMESPACE, log);
  const worker = await Worker.create({
    connection,
    namespace: cfg.TEMPORAL_NAMESPACE,
    taskQueue: cfg.TEMPORAL_TASK_QUEUE,
    maxConcurrentActivityTaskExecutions: cfg.WORKER_MAX_ACTIVITIES,
    stickyQueueScheduleToStartTimeout: cfg.WORKER_STICKY_TIMEOUT,
    maxCachedWorkflows: cfg.WORKER_MAX_CACHED_WORKFLOWS,
    // SIGTERM (the Runtime's shutdown signals): stop polling, let the activities in hand finish for this
    // long (the SDK's default 0 cancels them at once: a campaign's launch would start over elsewhere).
    shutdownGraceTime: cfg.WORKER_SHUTDOWN_GRACE,
    ...(await workflowCode(log, cfg.WORKFLOW_BUNDLE)),
    activities: {
      ...createActivities({ prisma, notifier: notifications.notify, temporal: { client, taskQueue: cfg.TEMPORAL_TASK_QUEUE, eagerStart: true }, calendarChangeConcurrency: cfg.CALENDAR_CHANGE_CONCURRENCY }),
      ...notifications,
    },
  });
  const delivery = startNotificationDelivery({ prisma, config: cfg, logger: log, queue });
  // Closes the task rows of terminated flows; every worker runs it (it is idempotent), RECONCILE_INTERVAL_MS=0 turns it off.
  const reconciling = cfg.RECONCILE_INTERVAL_MS > 0
    ? startReconcileTimer(createTaskReconciler({ prisma, client, logger: log }), cfg.RECONCILE_INTERVAL_MS, log)
    : undefined;
  // `kill -USR2 <pid>` logs where the worker's memory is: the main thread's heap (activities, Prisma, BullMQ),
  // what V8 holds outside it, and the flows in the cache; the rest of the RSS is the workflow thread's heap and
  // the SDK's native core (npm run bench reads this line).
  // Started with `node --expose-gc` (a benchmark), it also says how much of the main thread's heap is live.
  process.on('SIGUSR2', () => {
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 2 ** 20);
    const gc = (globalThis as { gc?: () => void }).gc;
    const live = gc ? (gc(), { liveHeapMb: mb(process.memoryUsage().heapUsed) }) : {};
    log.info({ rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers), ...live, cachedFlows: worker.getStatus().numCachedWorkflows }, 'worker memory');
  });
  log.info({ taskQueue: cfg.TEMPORAL_TASK_QUEUE, namespace: cfg.TEMPORAL_NAMESPACE, address: cfg.TEMPORAL_ADDRESS, metrics: cfg.WORKER_METRICS_ADDRESS }, 'worker running');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => log.info({ signal, graceMs: cfg.WORKER_SHUTDOWN_GRACE }, 'draining: polling stopped, finishing the tasks in hand'));
  }
  try {
    await worker.run();
  } finally {
    // The Temporal worker has drained its activities: no more notifications are being written.
    await reconciling?.stop();
    await delivery.stop();
    await closeNotificationQueue(queue);
    await prisma.$disconnect();
    await connection.close();
  }
  log.info('worker stopped');
}

main().catch((err) => {
  exitOnConfigError(err);
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
