/**
 * Benchmark: a calendar change applied to N running steps (default 1,000) through its job
 * (workflows/calendarChange.ts) on the real stack, beside a raw baseline in the same run: the same number of
 * plain Temporal query + Update round trips to trivial workflows whose update handler runs one activity,
 * with the same concurrency as the job (CALENDAR_CHANGE_CONCURRENCY). Prints the time of each, the rates,
 * their ratio and the load average before and after.
 * Run: scripts/bench-calendar-change.sh [N]   (prepares a throw-away database, then runs this file)
 */
import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { chinaDate, createWorkingCalendar } from '../domain/calendar';
import { annualReportWorkflow } from '../workflows/annualReport';
import { ApiSession, startStack } from '../test/support/stack';
import { createRawActivities, RAW_TABLE_SQL } from './raw/activities';
import { rawRescheduleUpdate, rawRescheduleWorkflow, rawStateQuery } from './raw/workflows';
import { load, pool, until } from './lib/util';

const N = Number(process.argv[2] ?? process.env.BENCH_STEPS ?? 1000);
const HOLIDAY_NAME = '基准测试区庆';

async function main() {
  const stack = await startStack({ LOG_LEVEL: 'silent' });
  const { prisma, client, config } = stack;
  const concurrency = config.CALENDAR_CHANGE_CONCURRENCY;
  const admin = await ApiSession.login(stack.baseUrl, 'admin');
  const units = await prisma.orgUnit.findMany({ select: { id: true, code: true, name: true }, orderBy: { code: 'asc' } });
  // N running steps: one annual report per unit and year (report years no other run uses), its first step open.
  const base = 2200 + Math.floor(Math.random() * 500) * 4;
  const starts = Array.from({ length: N }, (_, i) => ({ unit: units[i % units.length], year: base + Math.floor(i / units.length) }));
  const ids: string[] = [];
  console.log(`starting ${N} annual reports (load ${load()})`);
  let t = performance.now();
  await pool(starts, 16, async ({ unit, year }) => {
    const h = await client.workflow.start(annualReportWorkflow, {
      workflowId: `annual-report/${year}/${unit.code}`, taskQueue: stack.taskQueue, args: [{ orgUnitId: unit.id, unitName: unit.name, year }],
    });
    ids.push(h.workflowId);
  });
  await until('every first step open', async () => (await prisma.task.count({ where: { workflowId: { in: ids }, status: 'OPEN', position: 'main' } })) >= N || undefined, 1_800_000, 500);
  console.log(`${N} steps open in ${((performance.now() - t) / 1000).toFixed(1)} s (load ${load()})`);

  // The change: a local holiday on the next working day, inside every step's window.
  const holiday = createWorkingCalendar().addWorkingDays(chinaDate(new Date()), 1);
  await prisma.calendarOverride.deleteMany({ where: { date: holiday, name: HOLIDAY_NAME } });
  const loadBefore = load();
  t = performance.now();
  const res = await admin.post('/api/calendar/changes', { add: [{ date: holiday, kind: 'holiday', name: HOLIDAY_NAME }] });
  if (res.status !== 202) throw new Error(`apply answered ${res.status} ${JSON.stringify(res.body)}`);
  const answered = performance.now() - t;
  const done = await until('the job done', async () => {
    const r = await admin.get(`/api/calendar/changes/${res.body.id}`);
    return r.body.status === 'RUNNING' ? undefined : r.body;
  }, 3_600_000, 250);
  const govflowMs = performance.now() - t;
  const loadAfterJob = load();

  // The raw baseline, same run: N trivial workflows, each asked one query and sent one Update, `concurrency` at once.
  const rawQueue = `bench-raw-${randomUUID()}`;
  const pg = new Pool({ connectionString: config.DATABASE_URL, max: config.DB_POOL_SIZE });
  await pg.query(RAW_TABLE_SQL);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const rawWorker = await Worker.create({
    connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: rawQueue, maxConcurrentActivityTaskExecutions: 8,
    workflowsPath: require.resolve('./raw/workflows'), activities: createRawActivities(pg),
  });
  const rawRunning = rawWorker.run();
  const rawIds = Array.from({ length: N }, (_, i) => `raw-reschedule/${rawQueue}/${i}`);
  await pool(rawIds, 16, async (id) => { await client.workflow.start(rawRescheduleWorkflow, { workflowId: id, taskQueue: rawQueue, args: [{ key: id, writes: 3 }] }); });
  await pool(rawIds, 16, async (id) => { await client.workflow.getHandle(id).query(rawStateQuery); });
  const loadBeforeRaw = load();
  t = performance.now();
  await pool(rawIds, concurrency, async (id) => {
    const h = client.workflow.getHandle(id);
    await h.query(rawStateQuery);
    await h.executeUpdate(rawRescheduleUpdate, { args: [{ requestId: randomUUID() }] });
  });
  const rawMs = performance.now() - t;
  const loadAfterRaw = load();

  const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);
  console.log('');
  console.log(`calendar change over ${N} running steps (concurrency ${concurrency}, batch ${config.CALENDAR_CHANGE_BATCH_SIZE})`);
  console.log(`  POST /api/calendar/changes answered in ${answered.toFixed(0)} ms (202)`);
  console.log(`  GovFlow job: ${(govflowMs / 1000).toFixed(1)} s to done, ${rate(done.progress.done, govflowMs)} steps/s; examined ${done.progress.done}/${done.progress.total}, moved ${done.progress.moved}, unchanged ${done.progress.unchanged}, failed ${done.progress.failed}   load ${loadBefore} -> ${loadAfterJob}`);
  console.log(`  raw baseline: ${N} query + Update round trips in ${(rawMs / 1000).toFixed(1)} s, ${rate(N, rawMs)}/s   load ${loadBeforeRaw} -> ${loadAfterRaw}`);
  console.log(`  ratio GovFlow / raw (steps per second): ${((N / govflowMs) / (N / rawMs)).toFixed(2)}`);

  // Leave nothing running on the shared test server.
  await pool([...ids, ...rawIds], 16, async (id) => { await client.workflow.getHandle(id).terminate('benchmark over').catch(() => undefined); });
  await prisma.calendarOverride.deleteMany({ where: { date: holiday, name: HOLIDAY_NAME } });
  rawWorker.shutdown();
  await rawRunning;
  await connection.close();
  await pg.end();
  await stack.stop();
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
