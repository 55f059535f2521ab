/**
 * The two-of-everything check of the production profile (`npm run prod:check`, run by scripts/prod.sh
 * check after it started Temporal's server on PostgreSQL, two workers and two APIs). Each line it prints
 * is a claim of README "Running in production", checked against the running processes:
 * - both APIs are ready (PostgreSQL, Redis, Temporal reachable) and a session made on one works on the other;
 * - a task completed through one API is seen, with the flow's next step, through the other;
 * - killing a worker (SIGKILL) mid-flow loses nothing: the other worker carries the next step; the killed one
 *   restarts from the build and polls within seconds (its start-up time is measured);
 * - killing an API loses nothing: the other answers the same session; the killed one restarts;
 * - /metrics of the API and the workers' SDK metrics answer with what operators graph.
 * Exit code 0 only when every claim held.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { ApiSession, cancelWorkflows, eventually } from '../test/support/stack';

const { values: args } = parseArgs({
  options: {
    api: { type: 'string', multiple: true },
    'worker-metrics': { type: 'string' },
    'run-dir': { type: 'string' },
    'log-dir': { type: 'string' },
  },
});
const [A, B] = args.api ?? [];
if (!A || !B || !args['run-dir']) throw new Error('usage: prodCheck.ts --api URL --api URL --worker-metrics URL --run-dir DIR');
const runDir = args['run-dir'];
/** A unit no test file uses: `prod.sh check` runs integration tests on the same Temporal namespace afterwards. */
const UNIT = 'BJ-D044';
const CLERK = 'bj-d044-clerk';

let failures = 0;
const t = () => performance.now();
function claim(ok: boolean, text: string) {
  console.log(`  ${ok ? '\u001b[32m✔\u001b[0m' : '\u001b[31m✘\u001b[0m'} ${text}`);
  if (!ok) failures += 1;
}
const pidOf = (name: string) => Number(readFileSync(join(runDir, `${name}.pid`), 'utf8').trim());
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Restarts one instance through scripts/prod.sh and returns how long it took until it was ready. */
function restart(name: string): number {
  const t0 = t();
  const r = spawnSync('bash', ['scripts/prod.sh', 'start-instance', name], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`restarting ${name} failed: ${r.stdout}`);
  return t() - t0;
}

/** The open task of this run at a stage: a workflow id is reused once its run has closed (or its history is gone). */
async function openTask(session: ApiSession, workflowId: string, executionId: string, stageKey: string, timeoutMs = 60_000) {
  return eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId, stageKey, status: 'OPEN' }));
    const res = await session.get(`/api/tasks?filter=${filter}`);
    const mine = res.status === 200 ? res.body.filter((task: { executionId: string }) => task.executionId === executionId) : [];
    return mine.length === 1 ? mine[0] : undefined;
  }, timeoutMs, `an open ${stageKey} task of ${workflowId}`);
}

async function main() {
  console.log(`two-of-everything check: APIs ${A} and ${B}`);
  for (const base of [A, B]) {
    const ready = await fetch(`${base}/api/ready`).then(async (r) => ({ status: r.status, body: (await r.json()) as { checks: unknown } }));
    claim(ready.status === 200, `${base}/api/ready: ${JSON.stringify(ready.body.checks)}`);
  }

  // Sessions live in PostgreSQL: a cookie from API A is a session on API B.
  const adminA = await ApiSession.login(A, 'admin');
  const adminB = adminA.sameSessionOn(B);
  const me = await adminB.get('/api/auth/me');
  claim(me.status === 200 && me.body.user.login === 'admin', 'a session made on API A is the same session on API B');

  // A fresh annual report (the first year not yet started for the unit), started through API B.
  let workflowId = '';
  let executionId = '';
  for (let year = 2019; year <= 2100 && !workflowId; year += 1) {
    const res = await adminB.post('/api/annual-reports', { orgUnitCode: UNIT, year });
    if (res.status === 201) ({ workflowId, executionId } = res.body);
    else if (res.status !== 409) throw new Error(`starting an annual report failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const clerkA = await ApiSession.login(A, CLERK);
  const clerkB = clerkA.sameSessionOn(B);
  const assign = await openTask(clerkA, workflowId, executionId, 'assign');
  claim(Boolean(assign), `the flow ${workflowId} started through API B put its first task in the clerk's inbox on API A`);
  // The row is written by the step's activity before the flow records it; until then the flow refuses the
  // completion (TASK_NOT_OPEN). Wait for the flow itself before killing a worker.
  const year = workflowId.split('/')[1];
  await eventually(async () => {
    const res = await clerkA.get(`/api/annual-reports/${year}/${UNIT}/state`);
    return res.status === 200 && res.body.openStepKey === 'assign#1' && res.body.steps.every((st: { opened: boolean }) => st.opened) ? true : undefined;
  }, 60_000, 'the flow to record its open assign step');

  // Kill worker-1 without warning while the flow waits for the clerk; then complete the step through API B
  // and read it through API A. Whichever worker held the flow in its cache, the other one carries it on
  // (after the sticky queue's timeout when it was the killed one): that wait is the post-crash stall.
  const w1 = pidOf('worker-1');
  process.kill(w1, 'SIGKILL');
  await eventually(async () => (alive(w1) ? undefined : true), 5000, 'worker-1 to die');
  const t0 = t();
  const done = await clerkB.post(`/api/tasks/${assign.id}/complete`, { requestId: randomUUID(), comment: '生产配置检查：worker-1 已停止，经 B 完成' });
  const doneMs = t() - t0;
  claim(done.status === 200 && done.body.status === 'COMPLETED', `with worker-1 killed (SIGKILL), a task completed through API B answers COMPLETED after ${Math.round(doneMs)} ms`);
  const seen = await clerkA.get(`/api/tasks/${assign.id}`);
  claim(seen.status === 200 && seen.body.status === 'COMPLETED', 'API A shows the same task COMPLETED');
  const selfCheck = await openTask(clerkA, workflowId, executionId, 'self-check').catch(() => undefined);
  claim(Boolean(selfCheck), `worker-2 opened the next step, seen through API A ${Math.round(t() - t0)} ms after the request`);
  const w1Start = restart('worker-1');
  claim(true, `worker-1 restarted from the build: ${Math.round(w1Start)} ms from start to "worker running" (polling)`);

  // Kill api-1: the same session keeps working on api-2; api-1 comes back.
  const a1 = pidOf('api-1');
  process.kill(a1, 'SIGKILL');
  await eventually(async () => (alive(a1) ? undefined : true), 5000, 'api-1 to die');
  const onB = await clerkB.get(`/api/tasks/${assign.id}`);
  claim(onB.status === 200 && onB.body.status === 'COMPLETED', 'with API A killed, API B answers the same session and shows the completed step');
  const a1Start = restart('api-1');
  const back = await clerkA.get('/api/auth/me');
  claim(back.status === 200, `API A restarted in ${Math.round(a1Start)} ms and the session made before the crash still works on it`);

  // What operators graph.
  const metrics = await fetch(`${B}/metrics`).then((r) => r.text());
  claim(/govflow_http_requests_total\{method="POST",route="\/api\/tasks\/:id\/complete",status="200"\} \d+/.test(metrics), 'API /metrics counts requests by route pattern and status');
  claim(/govflow_open_tasks\{flow="annual-report",stage="[^"]+"\} \d+/.test(metrics), 'API /metrics has the open tasks by flow and stage');
  if (args['worker-metrics']) {
    const w = await fetch(args['worker-metrics']).then((r) => r.text()).catch(() => '');
    claim(/temporal_workflow_task_execution_latency|temporal_request/.test(w), `the worker's SDK metrics answer at ${args['worker-metrics']}`);
  }
  const docs = await fetch(`${A}/api/openapi.json`).then((r) => r.json() as Promise<{ paths?: Record<string, unknown> }>).catch(() => undefined);
  claim(Boolean(docs?.paths?.['/api/tasks/{id}/complete']), 'the OpenAPI document is served at /api/openapi.json');

  // Cancelled (its open tasks close): the next check, and the tests that follow on this namespace, start clean.
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  await cancelWorkflows(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }), [workflowId]);
  await connection.close();
  console.log(failures === 0 ? 'production profile check passed' : `${failures} claim(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
