/**
 * Worker start-up and the stall after a crash, before and after `npm run build` (issue 15's note; README
 * "Running in production"). Runs against a running production profile (`scripts/prod.sh start`): its
 * Temporal server on PostgreSQL, its database and its two APIs.
 *
 *   npx tsx bench/workerStartup.ts [--rounds 3]      (environment: as scripts/prod.sh sets it, see below)
 *
 * Two forms of the same worker, taken in turns so that both meet the same load:
 * - before: `node --import tsx worker/main.ts` with WORKFLOW_BUNDLE=off (TypeScript compiled and the workflow
 *   code bundled by webpack at every start, as the worker ran before the build);
 * - after: `node dist/worker.js` (the build: plain JavaScript and the prebuilt workflow bundle).
 *
 * Start-up: process start to the "worker running" line (it polls right after), on a task queue of its own.
 * Stall after a crash, one worker serving the profile's task queue (the profile's two workers are stopped for
 * this part and started again at the end): a flow waits at its first step, the worker is killed (SIGKILL) and a
 * new one of the same form started at once, as a supervisor (systemd, Kubernetes) would; the clerk's completion
 * is sent through the API at once and again until it is answered (503 STEP_RETRY meanwhile), then the flow's
 * next step must be listed. The stall is the kill to that moment.
 * The killed worker's flows wait out the sticky-queue timeout (`--sticky`, WORKER_STICKY_TIMEOUT: 5 s by default
 * since the chaos work, the SDK's 10 s before) before any worker gets them: the stall is the longer of that and the new worker's start-up.
 * The load average is printed with each number: on a shared machine they move with it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { ApiSession, eventually } from '../test/support/stack';
import { load, startNode, stopProc, workerNodeOptions, type Proc } from './lib/util';

const ROOT = resolve(__dirname, '..');
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, sticky: { type: 'string' }, 'stall-only': { type: 'boolean' }, api: { type: 'string' }, 'run-dir': { type: 'string' }, 'log-dir': { type: 'string' } } });
const ROUNDS = Number(args.rounds);
const API = args.api ?? `http://127.0.0.1:${process.env.GOVFLOW_API_PORT ?? '8080'}`;
const RUN_DIR = args['run-dir'] ?? join(ROOT, '.run');
const LOG_DIR = args['log-dir'] ?? join(ROOT, '.logs');
/** A unit no test, check or other benchmark starts flows for. */
const UNIT = 'BJ-D039';
const CLERK = 'bj-d039-clerk';

type Form = 'before' | 'after';
const FORMS: Form[] = ['before', 'after'];

function startWorker(form: Form, env: NodeJS.ProcessEnv): Proc {
  const common = { cwd: ROOT, logFile: join(LOG_DIR, `bench-worker-${form}.log`), readyLine: /"msg":"worker running"/ };
  // No metrics port of its own: two workers of the bench may run at once.
  const { WORKER_METRICS_ADDRESS: _none, ...inherited } = process.env;
  // --sticky 1s: how long a flow's next task waits for the worker that holds it in memory (WORKER_STICKY_TIMEOUT,
  // 5 s by default): after a crash, the other (or the restarted) worker gets it after this long.
  const base = { ...inherited, LOG_LEVEL: 'info', ...(args.sticky ? { WORKER_STICKY_TIMEOUT: args.sticky } : {}), ...env };
  return form === 'before'
    ? startNode('worker/main.ts', { ...common, env: { ...base, WORKFLOW_BUNDLE: 'off' } })
    : startNode('dist/worker.js', { ...common, env: base, nodeArgs: workerNodeOptions(ROOT) });
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function startup(form: Form): Promise<number> {
  const w = startWorker(form, { TEMPORAL_TASK_QUEUE: `bench-startup-${randomUUID()}` });
  const ms = (await w.ready) - w.startedAt;
  await stopProc(w);
  return ms;
}

/** The profile's instances (scripts/prod.sh keeps their pids in .run): stopped for the crash part, restarted after. */
function profileWorkers(action: 'stop' | 'start') {
  for (const name of ['worker-1', 'worker-2']) {
    if (action === 'stop') {
      let pid = 0;
      try { pid = Number(readFileSync(join(RUN_DIR, `${name}.pid`), 'utf8').trim()); } catch { continue; }
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    } else {
      const r = spawnSync('bash', ['scripts/prod.sh', 'start-instance', name], { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`scripts/prod.sh start-instance ${name} failed`);
    }
  }
}

async function stall(form: Form, admin: ApiSession, clerk: ApiSession): Promise<{ stallMs: number; answeredMs: number; retries: number }> {
  let worker = startWorker(form, {});
  await worker.ready;
  // A fresh annual report: the first year not yet started for the unit.
  let workflowId = '';
  let executionId = '';
  for (let year = 2030; year <= 2300 && !workflowId; year += 1) {
    const res = await admin.post('/api/annual-reports', { orgUnitCode: UNIT, year });
    if (res.status === 201) ({ workflowId, executionId } = res.body);
    else if (res.status !== 409) throw new Error(`starting an annual report failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const year = workflowId.split('/')[1];
  const openTask = (stageKey: string, timeoutMs: number) => eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId, stageKey, status: 'OPEN' }));
    const res = await clerk.get(`/api/tasks?filter=${filter}`);
    const mine = res.status === 200 ? res.body.filter((t: { executionId: string }) => t.executionId === executionId) : [];
    return mine.length === 1 ? mine[0] : undefined;
  }, timeoutMs, `an open ${stageKey} task of ${workflowId}`);
  const assign = await openTask('assign', 60_000);
  await eventually(async () => {
    const res = await clerk.get(`/api/annual-reports/${year}/${UNIT}/state`);
    return res.status === 200 && res.body.openStepKey === 'assign#1' ? true : undefined;
  }, 60_000, 'the flow to record its open assign step');
  // The crash: the flow is in the killed worker's cache; the new worker must replay it from its history.
  worker.child.kill('SIGKILL');
  await worker.exited;
  const t0 = performance.now();
  worker = startWorker(form, {});
  const requestId = randomUUID();
  let retries = 0;
  let answeredMs = 0;
  for (;;) {
    const res = await clerk.post(`/api/tasks/${assign.id}/complete`, { requestId, comment: '基准：worker 崩溃后重启' });
    if (res.status === 200) { answeredMs = performance.now() - t0; break; }
    if (res.status !== 503) throw new Error(`completing ${assign.id} answered ${res.status} ${JSON.stringify(res.body)}`);
    retries += 1;
    if (performance.now() - t0 > 180_000) throw new Error('no completion within 180 s of the crash');
  }
  await openTask('self-check', 120_000);
  const stallMs = performance.now() - t0;
  await stopProc(worker);
  return { stallMs, answeredMs, retries };
}

async function main() {
  console.log(`worker start-up and post-crash stall, ${ROUNDS} round(s) of each form, API ${API}, sticky timeout ${args.sticky ?? process.env.WORKER_STICKY_TIMEOUT ?? 'the configured default (WORKER_STICKY_TIMEOUT)'}; load ${load()}`);
  const rows: string[] = [];
  for (let i = 0; i < (args['stall-only'] ? 0 : ROUNDS); i += 1) {
    for (const form of i % 2 === 0 ? FORMS : [...FORMS].reverse()) {
      const before = load();
      const ms = await startup(form);
      rows.push(`start-up  ${form.padEnd(6)} ${s(ms)}  (load ${before} → ${load()})`);
      console.log(rows.at(-1));
    }
  }
  const admin = await ApiSession.login(API, 'admin');
  const clerk = await ApiSession.login(API, CLERK);
  profileWorkers('stop');
  try {
    for (let i = 0; i < ROUNDS; i += 1) {
      for (const form of i % 2 === 0 ? FORMS : [...FORMS].reverse()) {
        const before = load();
        const r = await stall(form, admin, clerk);
        rows.push(`stall     ${form.padEnd(6)} ${s(r.stallMs)} to the next step listed (completion answered after ${s(r.answeredMs)}, ${r.retries} × 503 before it)  (load ${before} → ${load()})`);
        console.log(rows.at(-1));
      }
    }
  } finally {
    profileWorkers('start');
  }
  console.log(`\n${rows.join('\n')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
