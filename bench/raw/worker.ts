/**
 * The raw baseline's worker, a process of its own beside GovFlow's: the same Temporal server and
 * PostgreSQL, a task queue of its own, the same activity and connection-pool limits as GovFlow's worker.
 * Env: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL, BENCH_RAW_TASK_QUEUE.
 */
import { NativeConnection, Runtime, Worker, DefaultLogger } from '@temporalio/worker';
import { Pool } from 'pg';
import { createRawActivities } from './activities';

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE!,
    taskQueue: process.env.BENCH_RAW_TASK_QUEUE ?? 'bench-raw',
    maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_ACTIVITIES ?? 20),
    workflowsPath: require.resolve('./workflows'),
    activities: createRawActivities(pool),
  });
  process.stdout.write('raw worker running\n');
  await worker.run();
  await pool.end();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
