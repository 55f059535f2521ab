/**
 * Issue 13, item 8: SIGTERM drains. The built worker stops polling and lets the activity it holds finish
 * (a campaign's launch, held up by a row lock the test keeps until the worker is draining); the built API
 * refuses new work with 503 SHUTTING_DOWN, says so at /api/ready, and answers the task action in flight
 * before it exits. Both exit 0, and the flow goes on with the next worker: nothing lost, nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { Pool, type PoolClient } from 'pg';
import { ensureBuild, freePort, logged, startBuilt, type BuiltProc } from '../support/builtProcesses';
import { applyTestEnv } from '../support/env';
import { ApiSession, cancelWorkflows, eventually } from '../support/stack';

applyTestEnv();

const queue = `drain-${randomUUID().slice(0, 8)}`;
const UNIT = 'BJ-Q16-S18';
const OTHER_UNIT = 'BJ-Q16-S17';
let otherWorkflowId = '';
const procs: BuiltProc[] = [];
const worker = async () => {
  const w = startBuilt('worker', await freePort(), queue);
  procs.push(w);
  await logged(w, 'worker running');
  return w;
};
const alive = (p: BuiltProc) => p.child.exitCode === null && p.child.signalCode === null;

let db: Pool;
let connection: Connection;
let client: Client;
let api: BuiltProc;
let base = '';
const workflowIds: string[] = [];
let unitWorkflowId = '';

beforeAll(async () => {
  ensureBuild();
  db = new Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
  api = startBuilt('server', await freePort(), queue);
  procs.push(api);
  await logged(api, 'api listening');
  base = `http://127.0.0.1:${api.port}`;
}, 120_000);

afterAll(async () => {
  // A worker on the queue while the flows are cancelled: they close their open tasks.
  const w = await worker().catch(() => undefined);
  await cancelWorkflows(client, workflowIds).catch(() => undefined);
  if (w) w.child.kill('SIGKILL');
  for (const p of procs) p.child.kill('SIGKILL');
  await connection.close();
  await db.end();
});

/** A campaign of one street, launched while no worker polls (its launch activity waits for one). */
async function launchOneUnitCampaign(admin: ApiSession) {
  for (let year = 2100; year >= 2040; year--) {
    const preview = await admin.get(`/api/campaigns/preview?year=${year}&roots=${UNIT}&townshipPublishBy=${year + 1}-02-27`);
    if (preview.status !== 200) continue;
    const res = await admin.post('/api/campaigns', { year, rootCodes: [UNIT], schedule: preview.body.schedule });
    if (res.status === 409) continue;
    expect(res.status).toBe(201);
    workflowIds.push(res.body.workflowId);
    return { id: res.body.id as string, workflowId: res.body.workflowId as string, year };
  }
  throw new Error('no free campaign year');
}

describe('SIGTERM drains the worker and the API (issue 13)', () => {
  it('when the worker gets SIGTERM with a launch in hand, it stops polling, lets the launch finish and exits 0; the next worker carries the flows on', async () => {
    const admin = await ApiSession.login(base, 'admin');
    const campaign = await launchOneUnitCampaign(admin);
    // The launch's last write (the started count on the campaign row) waits for this lock.
    const lock: PoolClient = await db.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT id FROM "Campaign" WHERE id = $1 FOR UPDATE', [campaign.id]);
    let w1: BuiltProc;
    try {
      w1 = await worker();
      const handle = client.workflow.getHandle(campaign.workflowId);
      // The launch activity runs on w1 and has started the unit's workflow: it is in hand, mid-way.
      unitWorkflowId = await eventually(async () => {
        const d = await handle.describe();
        // PendingActivityState 2: STARTED (a worker holds it).
        const launching = d.raw.pendingActivities?.some((a) => a.activityType?.name === 'launchCampaignUnits' && Number(a.state) === 2);
        const [u] = (await db.query<{ workflowId: string; state: string }>('SELECT "workflowId", state FROM "CampaignUnit" WHERE "campaignId" = $1', [campaign.id])).rows;
        if (!launching || !u) return undefined;
        // The unit's flow exists: the launch has started it (and now waits for the lock).
        return (await client.workflow.getHandle(u.workflowId).describe().then(() => true, () => false)) ? u.workflowId : undefined;
      }, 60_000, 'the launch activity in hand');
      workflowIds.push(unitWorkflowId);

      w1.child.kill('SIGTERM');
      await logged(w1, 'draining: polling stopped, finishing the tasks in hand', 10_000);
      // Polling no more: a report started now waits, its first task unopened, while w1 is still there
      // finishing the launch.
      const other = await admin.post('/api/annual-reports', { orgUnitCode: OTHER_UNIT, year: campaign.year });
      expect(other.status).toBe(201);
      workflowIds.push(other.body.workflowId);
      await new Promise((r) => setTimeout(r, 2000));
      expect(alive(w1)).toBe(true);
      expect((await db.query('SELECT 1 FROM "Task" WHERE "workflowId" = $1', [other.body.workflowId])).rowCount).toBe(0);
      otherWorkflowId = other.body.workflowId;
    } finally {
      await lock.query('ROLLBACK');
      lock.release();
    }
    expect(await w1!.exited).toBe(0);
    expect(w1!.output).toContain('"msg":"worker stopped"');

    // The launch finished on its first attempt: no failure, timeout or cancellation in the campaign's history.
    const history = await client.workflow.getHandle(campaign.workflowId).fetchHistory();
    const launch = history.events!.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'launchCampaignUnits')!;
    const completed = history.events!.find((e) => e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === launch.eventId!.toString());
    expect(completed).toBeDefined();
    const started = history.events!.find((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === launch.eventId!.toString());
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(1);
    const troubled = history.events!.filter((e) => e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes
      || e.activityTaskCancelRequestedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes);
    expect(troubled.map((e) => e.eventId?.toString())).toEqual([]);

    // The next worker carries on: the unit's first task opens, the campaign counts it started once.
    await worker();
    for (const wf of [unitWorkflowId, otherWorkflowId]) {
      await eventually(async () => ((await db.query(`SELECT 1 FROM "Task" WHERE "workflowId" = $1 AND "stageKey" = 'assign' AND status = 'OPEN'`, [wf])).rowCount === 1 ? true : undefined), 60_000, `the assign task of ${wf}`);
    }
    const [c] = (await db.query('SELECT "startedUnits", "totalUnits", status FROM "Campaign" WHERE id = $1', [campaign.id])).rows;
    expect(c).toEqual({ startedUnits: 1, totalUnits: 1, status: 'RUNNING' });
  });

  it('when the API gets SIGTERM with a task action in flight, it refuses new work with 503 SHUTTING_DOWN, /api/ready says draining, the action is answered and the API exits 0', async () => {
    const clerk = await ApiSession.login(base, `${UNIT.toLowerCase()}-clerk`);
    const [task] = (await db.query<{ id: string; executionId: string }>(`SELECT id, "executionId" FROM "Task" WHERE "workflowId" = $1 AND "stageKey" = 'assign' AND status = 'OPEN'`, [unitWorkflowId])).rows;
    expect(task).toBeDefined();
    const [, year, code] = unitWorkflowId.split('/');
    await eventually(async () => {
      const res = await clerk.get(`/api/annual-reports/${year}/${code}/state`);
      return res.status === 200 && res.body.openStepKey === 'assign#1' && res.body.steps.every((st: { opened: boolean }) => st.opened) ? true : undefined;
    }, 30_000, 'the flow to record its open assign step');
    // No worker polls now (the running ones drain and exit): the completion's update waits in Temporal.
    for (const p of procs.filter((x) => x !== api && alive(x))) {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
    const requestId = randomUUID();
    const inFlight = clerk.post(`/api/tasks/${task.id}/complete`, { requestId, comment: '停机前提交' });
    await new Promise((r) => setTimeout(r, 1000));

    api.child.kill('SIGTERM');
    await logged(api, 'draining: new requests refused, finishing those in flight', 10_000);
    const ready = await fetch(`${base}/api/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { status: string }).status).toBe('draining');
    const refused = await clerk.get('/api/tasks');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'SHUTTING_DOWN', requestId: expect.any(String) });
    expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(alive(api)).toBe(true);

    // A worker comes back: the update is applied, the answer reaches the clerk, then the API closes.
    await worker();
    const done = await inFlight;
    expect({ status: done.status, taskStatus: done.body.status }).toEqual({ status: 200, taskStatus: 'COMPLETED' });
    expect(await api.exited).toBe(0);
    expect(api.output).toContain('"msg":"api stopped"');
    const audits = await db.query(`SELECT 1 FROM "AuditEvent" WHERE "entityType" = 'task' AND "entityId" = $1 AND action = 'task.completed'`, [task.id]);
    expect(audits.rowCount).toBe(1);
    await eventually(async () => ((await db.query(`SELECT 1 FROM "Task" WHERE "workflowId" = $1 AND "stageKey" = 'self-check' AND status = 'OPEN'`, [unitWorkflowId])).rowCount === 1 ? true : undefined), 30_000, 'self-check to open');
  });
});
