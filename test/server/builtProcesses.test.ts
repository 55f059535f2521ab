/**
 * What production runs, run: the built dist/worker.js and dist/server.js (`npm run build`), two of each,
 * started with plain node against the real PostgreSQL, Redis and Temporal of the test suite. The CI's
 * subset of the production profile (scripts/prod.sh check runs the same claims against Temporal's own
 * server on PostgreSQL; building that server does not fit the CI's time).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ensureBuild, freePort, logged, startBuilt, type BuiltProc } from '../support/builtProcesses';
import { applyTestEnv } from '../support/env';
import { ApiSession, cancelWorkflows, eventually } from '../support/stack';

applyTestEnv();

const queue = `built-${randomUUID().slice(0, 8)}`;
const UNIT = 'BJ-D047';

type Proc = BuiltProc;
const start = (entry: 'server' | 'worker', port: number) => startBuilt(entry, port, queue);
const running = (p: Proc, msg: string) => logged(p, msg);

let workers: Proc[] = [];
let apis: Proc[] = [];
let workflowId = '';
let executionId = '';
let A = '';
let B = '';

beforeAll(async () => {
  ensureBuild();
  const ports = await Promise.all([1, 2, 3, 4].map(freePort));
  workers = [start('worker', ports[0]), start('worker', ports[1])];
  apis = [start('server', ports[2]), start('server', ports[3])];
  await Promise.all([...workers.map((w) => running(w, 'worker running')), ...apis.map((a) => running(a, 'api listening'))]);
  [A, B] = apis.map((a) => `http://127.0.0.1:${a.port}`);
}, 120_000);

afterAll(async () => {
  // Cancelled while the second worker still runs: the flow closes its open tasks, the next run starts clean.
  if (workflowId) {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    await cancelWorkflows(new Client({ connection }), [workflowId]).catch(() => undefined);
    await connection.close();
  }
  for (const p of [...apis, ...workers]) p.child.kill('SIGKILL');
});

describe('the built API and worker, two of each', () => {
  it('are ready when PostgreSQL, Redis and Temporal answer, each API on its own', async () => {
    // The first probe also opens each client's connection: on a loaded machine it may miss its 2 s, as an
    // orchestrator's first probes may; it must turn ready soon after.
    for (const base of [A, B]) {
      const ready = await eventually(async () => {
        const res = await fetch(`${base}/api/ready`);
        return res.status === 200 ? res.json() : undefined;
      }, 20_000, `${base}/api/ready`);
      expect(ready).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok', temporal: 'ok' } });
    }
  });

  it('share sessions, and a task completed through one API after a worker was killed is carried on and seen through the other', async () => {
    const admin = await ApiSession.login(A, 'admin');
    expect((await admin.sameSessionOn(B).get('/api/auth/me')).body.user.login).toBe('admin');

    for (let year = 2030; year <= 2100 && !workflowId; year += 1) {
      const res = await admin.sameSessionOn(B).post('/api/annual-reports', { orgUnitCode: UNIT, year });
      if (res.status === 201) ({ workflowId, executionId } = res.body);
      else expect(res.status).toBe(409);
    }
    const clerkA = await ApiSession.login(A, 'bj-d047-clerk');
    const openTask = (stageKey: string) => eventually(async () => {
      const res = await clerkA.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ workflowId, stageKey, status: 'OPEN' }))}`);
      // A workflow id is reused once its run has closed (an earlier run of this file): this run's tasks only.
      const mine = res.status === 200 ? res.body.filter((t: { executionId: string }) => t.executionId === executionId) : [];
      return mine.length === 1 ? mine[0] : undefined;
    }, 30_000, `an open ${stageKey} task`);
    const assign = await openTask('assign');
    // The row is written by the step's activity before the flow records it: until then the flow would
    // refuse the completion (TASK_NOT_OPEN). Wait for the flow itself, as the walking skeleton does.
    const year = workflowId.split('/')[1];
    await eventually(async () => {
      const res = await clerkA.get(`/api/annual-reports/${year}/${UNIT}/state`);
      return res.status === 200 && res.body.openStepKey === 'assign#1' && res.body.steps.every((st: { opened: boolean }) => st.opened) ? true : undefined;
    }, 30_000, 'the flow to record its open assign step');

    workers[0].child.kill('SIGKILL');
    const done = await clerkA.sameSessionOn(B).post(`/api/tasks/${assign.id}/complete`, { requestId: randomUUID(), comment: '双实例检查' });

    expect({ status: done.status, body: done.body }).toMatchObject({ status: 200, body: { status: 'COMPLETED' } });
    expect((await clerkA.get(`/api/tasks/${assign.id}`)).body.status).toBe('COMPLETED');
    expect((await openTask('self-check')).stageKey).toBe('self-check');
  });

  it('export Prometheus metrics: requests by route pattern from the API, the SDK\'s task metrics from the worker', async () => {
    const api = await fetch(`${B}/metrics`).then((r) => r.text());
    expect(api).toMatch(/govflow_http_requests_total\{method="POST",route="\/api\/tasks\/:id\/complete",status="200"\} 1/);
    expect(api).toMatch(/govflow_open_tasks\{flow="annual-report",stage="self-check"\} \d+/);
    const worker = await fetch(`http://127.0.0.1:${workers[1].port}/metrics`).then((r) => r.text());
    expect(worker).toMatch(/temporal_workflow_task_execution_latency_count\{[^}]*task_queue="built-/);
  });
});
