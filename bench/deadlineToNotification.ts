/**
 * Benchmark: time from a step's deadline passing to its 催办 notification being stored in PostgreSQL,
 * on the real stack (Temporal dev server, PostgreSQL, Redis). Starts N steps whose deadlines fall a few
 * seconds ahead, waits for each T+0 notification row and prints min / median / p95 / max.
 * Run: npx tsx bench/deadlineToNotification.ts [N]   (services from scripts/services.sh; test database)
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { loadConfig } from '../activities/infra/config';
import { createLogger } from '../activities/infra/logger';
import { createPrisma } from '../activities/infra/prisma';
import { createNotificationActivities } from '../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue } from '../activities/notifications/queue';
import { applyTestEnv } from '../test/support/env';
import { deadlineBenchWorkflow } from './workflows';

async function main() {
  const n = Number(process.argv[2] ?? 20);
  applyTestEnv();
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const prisma = createPrisma(config.DATABASE_URL, 8);
  const logger = createLogger('silent', 'bench');
  const queue = createNotificationQueue(config, logger);
  const notifications = createNotificationActivities({ prisma, queue, logger, config });
  const taskQueue = `bench-${randomUUID()}`;
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: new DefaultLogger('WARN') }),
    activities: createActivities({ prisma, notifier: (r) => notifications.notify(r) }),
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }) });
  const unit = await prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D040' } });

  const first = Date.now() + 5000;
  const runs = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const deadline = new Date(first + i * 100);
    const handle = await client.workflow.start(deadlineBenchWorkflow, { taskQueue, workflowId: `bench-deadline-${randomUUID()}`, args: [{ orgUnitId: unit.id, deadline: deadline.toISOString() }] });
    return { handle, deadline, runId: handle.firstExecutionRunId };
  }));
  const latencies: number[] = [];
  for (const r of runs) {
    for (;;) {
      const row = await prisma.notification.findFirst({ where: { workflowId: r.handle.workflowId, kind: 'urge' }, orderBy: { createdAt: 'asc' } });
      if (row) {
        latencies.push(row.createdAt.getTime() - r.deadline.getTime());
        break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
  }
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(`deadline → 催办 notification stored, ${n} steps (ms): min ${latencies[0]}  median ${pick(0.5)}  p95 ${pick(0.95)}  max ${latencies[latencies.length - 1]}`);
  // Cancelled, not terminated: each flow closes its task row before it ends.
  await Promise.all(runs.map(async (r) => {
    await r.handle.cancel().catch(() => undefined);
    await r.handle.result().catch(() => undefined);
  }));
  worker.shutdown();
  await running;
  await closeNotificationQueue(queue);
  await prisma.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
