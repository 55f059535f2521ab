/**
 * `npm run chaos`: faults and hostile input on the real stack, checked in PostgreSQL and Temporal afterwards
 * (not only in the HTTP answers). Run through scripts/chaos.sh (own database, own namespace). Scenarios:
 *
 * 1. worker kill -9 (×WORKER_KILLS) during a campaign launch and during a burst of completions; two workers
 *    on the queue, one killed: the longest stall of a step;
 * 2. the same task completed by two clerks at once, complete vs withdraw, return vs complete (×RACES each);
 * 3. PostgreSQL stopped mid-burst (the API answers 503 DB_UNAVAILABLE quickly), Redis stopped for REDIS_DOWN_S
 *    (sign-in, inbox and actions go on; notifications wait in the outbox and are delivered once each, counted
 *    at a webhook receiver), every flow driven on to publication;
 * 4. Temporal restarted mid-launch of a second campaign: the launch resumes, the started count is right;
 * 5. every route of the API's own route table fuzzed with hostile bodies, queries, ids and headers: no 5xx,
 *    every answer in the error shape, table checksums and the audit log unchanged;
 * 6. audit completeness: every task transition and campaign has its audit row; the audit table refuses
 *    UPDATE and DELETE.
 *
 * CHAOS_SIZE=ci is the scaled copy scripts/test-all.sh runs. Prints a table (scenario, faults, what was
 * checked, counts, time) and exits 1 when anything was lost, doubled or leaked, or answered 5xx.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../activities/infra/config';
import { RECLAIMED_NOTE } from '../../activities/notifications/delivery';
import { FLOW_WORKFLOW_TASK_TIMEOUT } from '../../domain/step';
import { stepsQuery } from '../../workflows/humanStep/messages';
import { longgang2024 } from '../../test/domain/annual-report/fixtures/longgang-2024';
import { load, percentile, pool, sleep, until, type Proc } from '../lib/util';
import { fuzzApi } from './fuzz';
import { afterStep } from './progress';
import { act, actWith, answers, holders, http, NAMESPACE, q, script, service, sessionByLogin, sessionOf, startApi, uuid, Workers, type ActOutcome, type Answer } from './stack';

/**
 * full: every scenario at the issue's size (before an issue is resolved); ci: every scenario, scaled; slice:
 * what CI runs by default beside the jest streams (scripts/test-all.sh): kill -9 during a launch, the races,
 * two workers with one killed, the fuzz as a clerk and the audit check; no service is stopped (the tests
 * share them).
 */
const SIZE = (process.env.CHAOS_SIZE ?? 'full') as 'full' | 'ci' | 'slice';
const CI = SIZE !== 'full';
const SLICE = SIZE === 'slice';
const num = (name: string, ci: number, full: number, slice = ci) => Number(process.env[name] ?? (SLICE ? slice : CI ? ci : full));
const UNITS = num('CHAOS_UNITS', 8, 200, 4);
const RACES = num('CHAOS_RACES', 3, 100, 2);
const WORKER_KILLS = num('CHAOS_WORKER_KILLS', 1, 5);
/** kill -9 during the completion burst too (the slice's burst only brings units to 单位自查 for the races). */
const BURST_KILLS = num('CHAOS_BURST_KILLS', WORKER_KILLS, WORKER_KILLS, 0);
const PG_DOWN_S = num('CHAOS_PG_DOWN_S', 3, 8);
const REDIS_DOWN_S = num('CHAOS_REDIS_DOWN_S', 6, 60);
const TEMPORAL_DOWN_S = num('CHAOS_TEMPORAL_DOWN_S', 4, 15);
const SECOND_UNITS = num('CHAOS_SECOND_UNITS', 4, 40);
const FUZZ_RUNS = num('CHAOS_FUZZ_RUNS', 1, 6);
const CLERKS = num('CHAOS_CLERKS', 4, 10);

interface Row { scenario: string; faults: string; checked: string; counts: string; lost: number; doubled: number; leaked: number; fivexx: number; seconds: number }
const rows: Row[] = [];
const problems: string[] = [];
function expectZero(what: string, n: number, detail?: unknown) {
  if (n !== 0) problems.push(`${what}: ${n}${detail === undefined ? '' : ` ${JSON.stringify(detail).slice(0, 600)}`}`);
  return n;
}
/** The 503s an outage calls for: PostgreSQL down, Temporal down (each answered quickly, in Chinese, checked where injected). */
const EXPECTED_503 = new Set(['503 DB_UNAVAILABLE', '503 WORKFLOW_UNAVAILABLE']);
const unexpected5xx = () => [...answers].filter(([k]) => Number(k.split(' ')[0]) >= 500 && !EXPECTED_503.has(k)).reduce((a, [, v]) => a + v, 0);

const workers = new Workers();
/** When the run began, as PostgreSQL writes timestamps (UTC, no zone): rows changed since are the run's. */
let runStartedAt = '';
let client: Client;
let connection: Connection;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const YEAR = Number(today.slice(0, 4));

// ---------------------------------------------------------------------------------------------------
// The webhook receiver: counts deliveries per notification (X-GovFlow-Delivery is the notification's id)
// ---------------------------------------------------------------------------------------------------

const deliveries = new Map<string, number>();
let receiver: Server;
async function startReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    const id = String(req.headers['x-govflow-delivery'] ?? '');
    req.resume();
    req.on('end', () => {
      if (id) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}

// ---------------------------------------------------------------------------------------------------
// Units, tasks and flows
// ---------------------------------------------------------------------------------------------------

interface OpenTask { id: string; workflowId: string; stepKey: string; stageKey: string; orgUnitId: string; assigneeRole: string; assigneeUserId: string | null }

/**
 * A transition recorded twice: two audit rows of one action for one task. A closing projected from a workflow
 * task that then failed, superseded by the closing the workflow applied (its row says `supersedes`), is one.
 */
const AUDIT_DUP = `SELECT "entityId", action, count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'task' AND action IN ('task.opened', 'task.completed', 'task.returned', 'task.withdrawn') GROUP BY 1, 2 HAVING count(*) FILTER (WHERE NOT (after ? 'supersedes')) > 1`;

async function openTaskOf(workflowId: string): Promise<OpenTask | undefined> {
  const [t] = await q<OpenTask>(`SELECT id, "workflowId", "stepKey", "stageKey", "orgUnitId", "assigneeRole", "assigneeUserId" FROM "Task" WHERE "workflowId" = $1 AND status = 'OPEN' AND position = 'main' ORDER BY "startedAt" DESC LIMIT 1`, [workflowId]);
  return t;
}

/** Leaf units (nothing below them) in path order: a campaign rooted at each is exactly these units. */
async function leaves(skip: number, n: number): Promise<string[]> {
  const r = await q<{ code: string }>(`SELECT o.code FROM "OrgUnit" o WHERE NOT EXISTS (SELECT 1 FROM "OrgUnit" c WHERE c."parentId" = o.id) ORDER BY o.path OFFSET $1 LIMIT $2`, [skip, n]);
  return r.map((x) => x.code);
}

async function launch(year: number, roots: string[]): Promise<{ id: string; total: number; workflowId: string }> {
  const admin = await sessionByLogin('admin');
  const preview = await http('GET', `/api/campaigns/preview?year=${year}&roots=${roots.join(',')}&townshipPublishBy=${year + 1}-02-27`, admin);
  if (preview.status !== 200) throw new Error(`preview: ${preview.status} ${preview.text}`);
  const res = await http('POST', '/api/campaigns', admin, { year, rootCodes: roots, schedule: preview.body.schedule });
  if (res.status !== 201) throw new Error(`launch: ${res.status} ${res.text}`);
  return { id: res.body.id, total: res.body.totalUnits, workflowId: res.body.workflowId };
}

const startedUnits = async (id: string) => (await q<{ n: number }>('SELECT "startedUnits" AS n FROM "Campaign" WHERE id = $1', [id]))[0].n;
const openAssign = async (id: string) => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Task" WHERE "campaignId" = $1 AND "stageKey" = 'assign' AND status = 'OPEN'`, [id]))[0].n;

/** Temporal's own count: every unit workflow of the campaign, each id once, none twice (a second run). */
async function temporalFlows(campaignId: string): Promise<{ runs: number; ids: number; statuses: Map<string, number> }> {
  const ids = new Set<string>();
  const statuses = new Map<string, number>();
  let runs = 0;
  for await (const wf of client.workflow.list({ query: `GovFlowCampaignId = "${campaignId}"` })) {
    runs++;
    ids.add(wf.workflowId);
    statuses.set(wf.status.name, (statuses.get(wf.status.name) ?? 0) + 1);
  }
  return { runs, ids: ids.size, statuses };
}

/**
 * The state in PostgreSQL against Temporal, for a campaign: no step projected twice, every running flow with
 * exactly one open main task and that task the step the flow itself says is open (stepsQuery).
 */
async function checkFlows(campaignId: string): Promise<{ doubled: number; orphanOpen: number; missingOpen: number; flows: number }> {
  const dup = await q(`SELECT "executionId", "stepKey", count(*)::int AS n FROM "Task" WHERE "campaignId" = $1 GROUP BY 1, 2 HAVING count(*) > 1`, [campaignId]);
  const units = await q<{ workflowId: string }>(`SELECT "workflowId" FROM "CampaignUnit" WHERE "campaignId" = $1`, [campaignId]);
  let orphanOpen = 0;
  let missingOpen = 0;
  const bad: unknown[] = [];
  // A worker killed after a step's projection wrote its row but before its workflow task completed leaves the
  // row ahead of the history until the task is retried (after the workflow task timeout): the flow's answer
  // then says no step is open yet. That is settling, not a leak; what has not settled by SETTLE_MS is one.
  const SETTLE_MS = (Number.parseInt(FLOW_WORKFLOW_TASK_TIMEOUT, 10) + 15) * 1000;
  await pool(units, 8, async (u) => {
    const handle = client.workflow.getHandle(u.workflowId);
    const until = Date.now() + SETTLE_MS;
    for (;;) {
      const open = await q<{ stepKey: string }>(`SELECT "stepKey" FROM "Task" WHERE "workflowId" = $1 AND status = 'OPEN' AND position = 'main'`, [u.workflowId]);
      const desc = await handle.describe();
      const has = open.map((o) => o.stepKey);
      let verdict: { orphan: number; missing: number; seen: unknown } | undefined;
      if (desc.status.name !== 'RUNNING') {
        if (open.length) verdict = { orphan: open.length, missing: 0, seen: { wf: u.workflowId, status: desc.status.name, open } };
      } else {
        const want = (await handle.query(stepsQuery)).openStepKey;
        if (want === null) {
          if (has.length) verdict = { orphan: has.length, missing: 0, seen: { wf: u.workflowId, want, has } };
        } else if (has.length !== 1 || has[0] !== want) {
          verdict = { orphan: has.filter((k) => k !== want).length, missing: has.includes(want) ? 0 : 1, seen: { wf: u.workflowId, want, has } };
        }
      }
      if (!verdict) return;
      if (Date.now() > until) {
        orphanOpen += verdict.orphan;
        missingOpen += verdict.missing;
        bad.push(verdict.seen);
        return;
      }
      await sleep(1000);
    }
  });
  if (bad.length) problems.push(`flows whose open task rows disagree with the workflow: ${JSON.stringify(bad.slice(0, 5))}`);
  return { doubled: dup.length, orphanOpen, missingOpen, flows: units.length };
}

/** The body that completes each stage of the annual report (the form checks pass). */
function completion(stageKey: string): Record<string, unknown> {
  if (stageKey === 'self-check') return { result: { report: longgang2024() } };
  if (stageKey === 'pre-release') return { result: { publicationDate: today } };
  if (stageKey === 'assign') return {};
  return { comment: '同意' };
}

/** Completes the unit's open step as its holder; waits for the next step (or the flow's end) to show. */
const unitState = async (workflowId: string) => (await q<{ state: string }>('SELECT state FROM "CampaignUnit" WHERE "workflowId" = $1', [workflowId]))[0]?.state;

async function stepOn(workflowId: string, outcomes: ActOutcome[]): Promise<boolean> {
  // A running unit between two steps (an earlier action's next row not written yet) gets its row soon.
  const t = await until(`${workflowId} to have a step open or be done`, async () => {
    const open = await openTaskOf(workflowId);
    return afterStep('', open, await unitState(workflowId)) === 'wait' ? undefined : open ?? null;
  }, 180_000, 100);
  if (!t) return false;
  // A step sent back (退回, 撤回) goes to who did it before; any holder of the role takes an unassigned one.
  const who = t.assigneeUserId ?? (await holders(t.orgUnitId, t.assigneeRole, 1))[0];
  const out = await act(await sessionOf(who), t.id, 'complete', completion(t.stageKey));
  outcomes.push(out);
  if (out.status !== 200) {
    problems.push(`${workflowId} ${t.stageKey} complete: ${out.status} ${out.code}`);
    return false;
  }
  // The next step's row, or nothing left to drive (bench/chaos/progress.ts).
  const after = await until(`${workflowId} past ${t.stepKey}`, async () => {
    const a = afterStep(t.id, await openTaskOf(workflowId), await unitState(workflowId));
    return a === 'wait' ? undefined : a;
  }, 180_000, 100);
  return after === 'next';
}

// ---------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------

async function workerCrashes(): Promise<{ campaignId: string; workflowIds: string[] }> {
  const t0 = performance.now();
  const codes = await leaves(0, UNITS);
  const launched = await launch(YEAR, codes);
  // kill -9 while the launch activity starts units: spaced by the launch's own progress.
  let killsDuringLaunch = 0;
  for (let k = 0; k < WORKER_KILLS; k++) {
    await sleep(CI ? 600 : 1500);
    if ((await startedUnits(launched.id)) >= launched.total && k > 0) break;
    await workers.kill('a');
    killsDuringLaunch++;
    await workers.start('a');
  }
  // From the last restart (the worker polls again) to every unit started: the launch activity the killed
  // worker held must be retried within its heartbeat timeout, not minutes later.
  const back = performance.now();
  await until('every unit started', async () => ((await startedUnits(launched.id)) >= launched.total) || undefined, 900_000, 250);
  const resumeMs = performance.now() - back;
  const LAUNCH_RESUME_LIMIT_MS = 45_000;
  if (resumeMs > LAUNCH_RESUME_LIMIT_MS) problems.push(`the launch resumed ${Math.round(resumeMs / 1000)} s after the worker came back (limit ${LAUNCH_RESUME_LIMIT_MS / 1000} s)`);
  await until('every first task open', async () => ((await openAssign(launched.id)) === launched.total) || undefined, 900_000, 250);
  const started = await startedUnits(launched.id);
  const tf = await temporalFlows(launched.id);
  const units = await q<{ workflowId: string; n: number }>(`SELECT "workflowId", count(*)::int AS n FROM "CampaignUnit" WHERE "campaignId" = $1 GROUP BY 1`, [launched.id]);
  const flows = await checkFlows(launched.id);
  const launchLost = expectZero('units not started after worker kills', launched.total - Math.min(started, tf.ids));
  const launchDoubled = expectZero('units started twice (a second run, a second unit row or task)', (tf.runs - tf.ids) + units.filter((u) => u.n > 1).length + (started - launched.total > 0 ? started - launched.total : 0) + flows.doubled);
  const leaked = expectZero('open task rows without a running step (launch)', flows.orphanOpen + flows.missingOpen);
  rows.push({
    scenario: 'worker kill -9 during launch', faults: `${killsDuringLaunch} × kill -9 (restarted)`,
    checked: 'Campaign.startedUnits, CampaignUnit rows, Temporal list by GovFlowCampaignId (runs vs ids), one open assign per flow = stepsQuery; launch done ≤ 45 s after the last restart',
    counts: `${launched.total} units, started ${started}, Temporal ${tf.ids} ids / ${tf.runs} runs; all started ${(resumeMs / 1000).toFixed(1)} s after the last restart`, lost: launchLost, doubled: launchDoubled, leaked, fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });

  // A burst of completions (the second half of the units) while the worker is killed again.
  const t1 = performance.now();
  const wfs = units.map((u) => u.workflowId).sort();
  // Units [0, RACES) stay at 任务分派 for the races; the rest take part in the burst.
  const burst = wfs.slice(RACES);
  const outcomes: ActOutcome[] = [];
  let killsDuringBurst = 0;
  const killing = (async () => {
    for (let k = 0; k < BURST_KILLS; k++) {
      await sleep(CI ? 700 : 2500);
      await workers.kill('a');
      killsDuringBurst++;
      await workers.start('a');
    }
  })();
  await pool(burst, CLERKS, async (wf) => { await stepOn(wf, outcomes); });
  await killing;
  const afterBurst = await checkFlows(launched.id);
  const completedOnce = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Task" WHERE "campaignId" = $1 AND "stageKey" = 'assign' AND status = 'COMPLETED'`, [launched.id]);
  const auditDup = await q(AUDIT_DUP);
  const notApplied = outcomes.filter((o) => o.status !== 200).length;
  rows.push({
    scenario: 'worker kill -9 during a completion burst', faults: `${killsDuringBurst} × kill -9 (restarted)`,
    checked: 'each complete answered 200 once retried with its requestId; assign COMPLETED rows; audit rows per transition; open task = stepsQuery',
    counts: `${burst.length} completions (${outcomes.filter((o) => o.attempts > 1).length} retried), ${completedOnce[0].n} assign completed; answer p50 ${Math.round(percentile(outcomes.map((o) => o.ms), 50))} ms, max ${Math.round(Math.max(...outcomes.map((o) => o.ms)))} ms`,
    lost: expectZero('completions not applied', notApplied + (burst.length - completedOnce[0].n)),
    doubled: expectZero('transitions recorded twice', auditDup.length + afterBurst.doubled, auditDup),
    leaked: expectZero('open task rows without a running step (burst)', afterBurst.orphanOpen + afterBurst.missingOpen),
    fivexx: unexpected5xx(), seconds: (performance.now() - t1) / 1000,
  });
  return { campaignId: launched.id, workflowIds: wfs };
}

/** Two workers on the queue; one killed for good: how long a step waits at most. */
async function twoWorkers(workflowIds: string[]) {
  const t0 = performance.now();
  await workers.start('b');
  // Runs after the races: units of the return race, each with a step open again (任务分派 or 签发).
  const sample = workflowIds.slice(RACES).slice(0, CI ? 2 : 20);
  await workers.kill('a');
  const outcomes: ActOutcome[] = [];
  const stall: number[] = [];
  await pool(sample, CLERKS, async (wf) => {
    const s = performance.now();
    await stepOn(wf, outcomes);
    stall.push(performance.now() - s);
  });
  await workers.start('a');
  const max = Math.max(...stall);
  // The timeouts the flows run with: a flow idle in the killed worker's cache waits for its sticky queue to
  // time out (WORKER_STICKY_TIMEOUT), one whose workflow task the dead worker had in hand for that task's
  // timeout (FLOW_WORKFLOW_TASK_TIMEOUT); either is then taken by the other worker. No step waits longer than both.
  const stickyMs = loadConfig(process.env).WORKER_STICKY_TIMEOUT;
  const taskMs = Number(/^(\d+)s$/.exec(FLOW_WORKFLOW_TASK_TIMEOUT)![1]) * 1000;
  const limitMs = stickyMs + taskMs;
  if (max > limitMs) problems.push(`a step stalled ${Math.round(max)} ms after one of two workers was killed (limit ${limitMs} ms)`);
  rows.push({
    scenario: 'two workers, one killed', faults: '1 × kill -9 (not restarted until the steps are done)',
    checked: `every step completes on the other worker within ${limitMs / 1000} s (sticky queue ${stickyMs / 1000} s + workflow task ${taskMs / 1000} s, the timeouts the flows run with)`,
    counts: `${sample.length} steps, p50 ${Math.round(percentile(stall, 50))} ms, max ${Math.round(max)} ms`,
    lost: expectZero('steps not applied (two workers)', outcomes.filter((o) => o.status !== 200).length), doubled: 0, leaked: 0, fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
}

/** The same task acted on twice at once, RACES times per pair of actions: exactly one wins, the other gets 409. */
async function races(campaignId: string, workflowIds: string[]) {
  const t0 = performance.now();
  const raceUnits = workflowIds.slice(0, RACES);
  const losers = new Map<string, number>();
  let wrong = 0;
  const judge = (label: string, a: ActOutcome, b: ActOutcome) => {
    const statuses = [a.status, b.status].sort();
    const loser = a.status === 200 ? b : a;
    if (statuses[0] !== 200 || statuses[1] !== 409) {
      wrong++;
      problems.push(`${label}: answers ${a.status} ${a.code ?? ''} / ${b.status} ${b.code ?? ''} (want one 200 and one 409)`);
    }
    const k = `${label}: ${loser.status} ${loser.code ?? ''}`;
    losers.set(k, (losers.get(k) ?? 0) + 1);
  };
  // complete vs complete (任务分派 by two clerks of the unit)
  await pool(raceUnits, CLERKS, async (wf) => {
    const t = (await openTaskOf(wf))!;
    const [c1, c2] = await holders(t.orgUnitId, 'CLERK', 2);
    const [s1, s2] = [await sessionOf(c1), await sessionOf(c2)];
    const [a, b] = await Promise.all([act(s1, t.id, 'complete', {}, 0), act(s2, t.id, 'complete', {}, 0)]);
    judge('complete vs complete', a, b);
  });
  // complete vs withdraw (单位自查 done by the other clerk while the submitter of 任务分派 withdraws it)
  await pool(raceUnits, CLERKS, async (wf) => {
    const t = await until('self-check open', async () => { const x = await openTaskOf(wf); return x?.stageKey === 'self-check' ? x : undefined; }, 120_000, 100);
    const [prev] = await q<{ id: string; completedById: string }>(`SELECT id, "completedById" FROM "Task" WHERE "workflowId" = $1 AND "stageKey" = 'assign' AND status = 'COMPLETED' ORDER BY "completedAt" DESC LIMIT 1`, [wf]);
    const [c1, c2] = await holders(t.orgUnitId, 'CLERK', 2);
    const other = prev.completedById === c1 ? c2 : c1;
    const [a, b] = await Promise.all([
      act(await sessionOf(prev.completedById), prev.id, 'withdraw', { comment: '撤回重办' }, 0),
      act(await sessionOf(other), t.id, 'complete', completion('self-check'), 0),
    ]);
    judge('complete vs withdraw', a, b);
  });
  // return vs complete (单位自查: one clerk returns it to 任务分派, the other completes it)
  const returnUnits = workflowIds.slice(RACES, RACES * 2);
  await pool(returnUnits, CLERKS, async (wf) => {
    const t = await until('self-check open', async () => { const x = await openTaskOf(wf); return x?.stageKey === 'self-check' ? x : undefined; }, 120_000, 100);
    const [c1, c2] = await holders(t.orgUnitId, 'CLERK', 2);
    const [a, b] = await Promise.all([
      act(await sessionOf(c1), t.id, 'return', { toStageKey: 'assign', reasonCode: 'revise', comment: '请重新分派' }, 0),
      act(await sessionOf(c2), t.id, 'complete', completion('self-check'), 0),
    ]);
    judge('return vs complete', a, b);
  });
  const flows = await checkFlows(campaignId);
  const auditDup = await q(AUDIT_DUP);
  // A task closed once: one closing audit row per closed task, whatever the race.
  const twoClosings = await q(`SELECT "entityId" FROM "AuditEvent" WHERE "entityType" = 'task' AND action IN ('task.completed', 'task.returned', 'task.withdrawn') GROUP BY 1 HAVING count(*) FILTER (WHERE NOT (after ? 'supersedes')) > 1`);
  const superseded = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'task' AND after ? 'supersedes'`))[0].n;
  rows.push({
    scenario: 'concurrent actions on one task', faults: `${RACES} × complete‖complete, complete‖withdraw, return‖complete`,
    checked: 'one 200 and one 409 per pair; one closing audit row per task; open task = stepsQuery',
    counts: `${[...losers].map(([k, v]) => `${k} ×${v}`).join('; ')}; ${superseded} projection(s) of a lost workflow task superseded by the request the workflow applied`,
    lost: expectZero('flows left without their open step after races', flows.missingOpen),
    doubled: expectZero('pairs with two winners or a non-409 loser, tasks closed twice', wrong + twoClosings.length + auditDup.length + flows.doubled),
    leaked: expectZero('open task rows without a running step (races)', flows.orphanOpen), fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
}

/**
 * Every flow driven on to publication, with PostgreSQL stopped mid-burst and Redis stopped for
 * REDIS_DOWN_S while the clerks go on.
 */
async function driveOnWithOutages(campaignId: string, workflowIds: string[]) {
  const t0 = performance.now();
  const outcomes: ActOutcome[] = [];
  let stopDriving = false;
  const driving = pool(workflowIds, CLERKS, async (wf) => {
    while (!stopDriving && (await stepOn(wf, outcomes))) { /* on to the next step */ }
  });

  // PostgreSQL: stopped once the burst runs; probes every 250 ms while it is down.
  await sleep(CI ? 1500 : 5000);
  const clerk = await sessionByLogin('fgw-clerk');
  const probes: Array<{ status: number; code?: string; ms: number; chinese: boolean }> = [];
  const pgStop = service('stop', 'postgres');
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      const t = performance.now();
      try {
        const r = await http('GET', '/api/tasks', clerk, undefined, { timeoutMs: 15_000 });
        probes.push({ status: r.status, code: r.body?.error?.code, ms: performance.now() - t, chinese: /[\u4e00-\u9fff]/.test(r.body?.error?.message ?? '') });
      } catch {
        probes.push({ status: 0, code: 'NO_ANSWER', ms: performance.now() - t, chinese: false });
      }
      await sleep(250);
    }
  })();
  await pgStop;
  await sleep(PG_DOWN_S * 1000);
  probing = false;
  await probeLoop;
  await service('start', 'postgres');
  const down = probes.filter((p) => p.status !== 200);
  const bad503 = down.filter((p) => p.status !== 503 || p.code !== 'DB_UNAVAILABLE' || !p.chinese || p.ms > 5000);
  expectZero('answers while PostgreSQL was down that were not a quick 503 DB_UNAVAILABLE in Chinese', bad503.length, bad503.slice(0, 5));
  rows.push({
    scenario: 'PostgreSQL stopped mid-burst', faults: `postgres stopped ${PG_DOWN_S} s (pg_ctl -m fast)`,
    checked: 'API answers while down: 503 DB_UNAVAILABLE, Chinese sentence, ≤ 5 s; the burst goes on after (checked with the drive-on below)',
    counts: `${probes.length} probes: ${down.length} × 503 (max ${Math.round(Math.max(0, ...down.map((p) => p.ms)))} ms), ${probes.length - down.length} × 200`,
    lost: 0, doubled: 0, leaked: expectZero('non-503 answers while PostgreSQL was down', bad503.length), fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });

  // Redis: stopped for REDIS_DOWN_S; sign-in, the inbox and actions (the drive-on) go on.
  const t1 = performance.now();
  await sleep(CI ? 500 : 3000);
  const before = outcomes.length;
  await service('stop', 'redis');
  const downUntil = performance.now() + REDIS_DOWN_S * 1000;
  let signIns = 0; let inboxes = 0; let failures = 0;
  while (performance.now() < downUntil) {
    const login = await http('POST', '/api/auth/login', undefined, { login: 'street-clerk', password: 'GovFlow#2026' }, { timeoutMs: 15_000 }).catch(() => undefined);
    if (login?.status === 200) signIns++; else { failures++; problems.push(`sign-in while Redis was down: ${login?.status} ${login?.text.slice(0, 200)}`); }
    const inbox = await http('GET', '/api/tasks?filter=%7B%22status%22%3A%22OPEN%22%7D', clerk, undefined, { timeoutMs: 15_000 }).catch(() => undefined);
    if (inbox?.status === 200) inboxes++; else { failures++; problems.push(`inbox while Redis was down: ${inbox?.status}`); }
    await sleep(1000);
  }
  const actionsWhileDown = outcomes.length - before;
  const pendingWhileDown = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Notification" WHERE status = 'PENDING'`))[0].n;
  await service('start', 'redis');
  const t2 = performance.now();
  await until('drive-on finished', async () => (await Promise.race([driving.then(() => true), sleep(500).then(() => undefined)])), 1_800_000, 10);
  stopDriving = true;

  // Publication: every group of the campaign now, then every flow must end.
  const admin = await sessionByLogin('admin');
  const groups = (await q<{ g: string }>(`SELECT DISTINCT "publicationGroup" AS g FROM "CampaignUnit" WHERE "campaignId" = $1`, [campaignId])).map((x) => x.g);
  for (const group of groups) {
    const r = await http('POST', `/api/campaigns/${campaignId}/publish`, admin, { group });
    if (r.status !== 200) problems.push(`publish ${group}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  await until('every unit published', async () => ((await q<{ n: number }>(`SELECT count(*)::int AS n FROM "CampaignUnit" WHERE "campaignId" = $1 AND state NOT LIKE 'PUBLISHED%'`, [campaignId]))[0].n === 0) || undefined, 600_000, 500).catch((e) => problems.push(String(e)));
  const finished = await until('every unit flow closed', async () => {
    const tf = await temporalFlows(campaignId);
    return (tf.statuses.get('RUNNING') ?? 0) === 0 ? tf : undefined;
  }, 300_000, 1000).catch(async (e) => { problems.push(String(e)); return temporalFlows(campaignId); });
  const flows = await checkFlows(campaignId);
  const unpublished = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "CampaignUnit" WHERE "campaignId" = $1 AND state NOT LIKE 'PUBLISHED%'`, [campaignId]))[0].n;
  const notApplied = outcomes.filter((o) => o.status !== 200).length;

  // Notifications: every one SENT, each webhook delivered exactly once.
  await until('notifications delivered', async () => ((await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Notification" WHERE status = 'PENDING'`))[0].n === 0) || undefined, 300_000, 1000).catch((e) => problems.push(String(e)));
  await sleep(2000);
  const hooks = await q<{ id: string; status: string }>(`SELECT id, status FROM "Notification" WHERE channel = 'WEBHOOK'`);
  const failed = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Notification" WHERE status <> 'SENT'`))[0].n;
  const lostHooks = hooks.filter((h) => !deliveries.has(h.id));
  // Sent again after a kill -9: a run that claimed the row and died (between sending and recording SENT, perhaps)
  // leaves a lapsed claim, and the run that takes it over says so on the row (RECLAIMED_NOTE). That repeat is
  // the at-least-once contract (the receiver drops it by X-GovFlow-Delivery); any other repeat is a defect.
  const resent = [...deliveries].filter(([, n]) => n > 1);
  const reclaimed = new Set(resent.length === 0 ? [] : (await q<{ id: string }>(`SELECT id FROM "Notification" WHERE id = ANY($1::uuid[]) AND "lastError" = $2`, [resent.map(([id]) => id), RECLAIMED_NOTE])).map((r) => r.id));
  const doubledHooks = resent.filter(([id]) => !reclaimed.has(id));
  const inApp = (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Notification" WHERE channel = 'IN_APP'`))[0].n;
  const dupRows = await q(`SELECT "dedupeKey" FROM "Notification" GROUP BY 1 HAVING count(*) > 1`);
  rows.push({
    scenario: 'Redis stopped', faults: `redis stopped ${REDIS_DOWN_S} s`,
    checked: 'sign-in (password) and the inbox every second, the clerks\' actions; after: every notification SENT, each webhook received once (X-GovFlow-Delivery)',
    counts: `${signIns} sign-ins, ${inboxes} inbox pages, ${actionsWhileDown} actions while down; ${pendingWhileDown} notifications waiting in the outbox; ${hooks.length} webhooks + ${inApp} in-app; delivered ${deliveries.size}; sent again after a delivery run was killed (at least once, by its X-GovFlow-Delivery id) ${reclaimed.size}; received twice otherwise ${doubledHooks.length}`,
    lost: expectZero('notifications not delivered (not SENT, or a webhook never received)', failed + lostHooks.length + failures, lostHooks.slice(0, 3)),
    doubled: expectZero('webhooks received twice or notification rows twice', doubledHooks.length + dupRows.length, doubledHooks.slice(0, 3)),
    leaked: 0, fivexx: unexpected5xx(), seconds: (t2 - t1) / 1000,
  });
  rows.push({
    scenario: 'every flow driven on to publication', faults: 'through the PostgreSQL and Redis outages above',
    checked: 'each action 200 (retried with its requestId across the outage); every unit PUBLISHED; every unit workflow closed in Temporal; open task rows = stepsQuery',
    counts: `${outcomes.length} steps (${outcomes.filter((o) => o.attempts > 1).length} retried), ${workflowIds.length} flows: ${[...finished.statuses].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    lost: expectZero('steps not applied or units not published', notApplied + unpublished + (finished.statuses.get('RUNNING') ?? 0)),
    doubled: expectZero('steps projected twice', flows.doubled), leaked: expectZero('open task rows of closed flows', flows.orphanOpen + flows.missingOpen),
    fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
}

/** A second campaign, Temporal stopped and started while its launch runs. */
async function temporalRestart(): Promise<string> {
  const t0 = performance.now();
  const codes = await leaves(UNITS, SECOND_UNITS);
  const launched = await launch(YEAR + 1, codes);
  await until('the launch under way', async () => ((await startedUnits(launched.id)) > 0) || undefined, 120_000, 50);
  const at = await startedUnits(launched.id);
  const stopMs = await service('stop', 'temporal');
  await sleep(CI ? 1000 : 3000);
  const startMs = await service('start', 'temporal');
  await until('every first task open after the Temporal restart', async () => ((await openAssign(launched.id)) === launched.total) || undefined, 900_000, 250);
  const started = await startedUnits(launched.id);
  const tf = await temporalFlows(launched.id);
  const flows = await checkFlows(launched.id);
  rows.push({
    scenario: 'Temporal restarted mid-launch', faults: `temporal stopped at ${at}/${launched.total} started (stop ${Math.round(stopMs)} ms, start ${Math.round(startMs)} ms)`,
    checked: 'Campaign.startedUnits = units = Temporal ids = runs; one open assign per flow = stepsQuery',
    counts: `${launched.total} units, started ${started}, Temporal ${tf.ids} ids / ${tf.runs} runs`,
    lost: expectZero('units not started after the Temporal restart', launched.total - Math.min(started, tf.ids)),
    doubled: expectZero('units started twice after the Temporal restart', Math.max(0, started - launched.total) + (tf.runs - tf.ids) + flows.doubled),
    leaked: expectZero('open task rows without a running step (Temporal restart)', flows.orphanOpen + flows.missingOpen),
    fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
  return launched.id;
}

/**
 * A clerk completes a task while the Temporal server is stopped: a quick 503 WORKFLOW_UNAVAILABLE in Chinese
 * each time (the inbox still answers), and after the restart the same request (same requestId) is applied
 * once: one completion, one audit row, the next step open once.
 */
async function actionsWhileTemporalDown(campaignId: string) {
  const t0 = performance.now();
  const [t] = await q<OpenTask>(`SELECT id, "workflowId", "stepKey", "stageKey", "orgUnitId", "assigneeRole", "assigneeUserId" FROM "Task" WHERE "campaignId" = $1 AND "stageKey" = 'assign' AND status = 'OPEN' ORDER BY "workflowId" LIMIT 1`, [campaignId]);
  // The flow itself has the step open (not only the row): else the answer after the restart would be a refusal.
  await until('the flow to record its open assign', async () => {
    const st = await client.workflow.getHandle(t.workflowId).query(stepsQuery);
    return (st.openStepKey === t.stepKey && st.steps.every((x) => x.opened)) || undefined;
  }, 120_000, 200);
  const clerk = await sessionOf((await holders(t.orgUnitId, 'CLERK', 1))[0]);
  const requestId = uuid();
  const probes: Array<{ status: number; code?: string; ms: number; chinese: boolean; what: string }> = [];
  const probe = async (what: string, fn: () => Promise<Answer>) => {
    const s = performance.now();
    try {
      const r = await fn();
      probes.push({ status: r.status, code: r.body?.error?.code, ms: performance.now() - s, chinese: /[\u4e00-\u9fff]/.test(r.body?.error?.message ?? ''), what });
    } catch {
      probes.push({ status: 0, code: 'NO_ANSWER', ms: performance.now() - s, chinese: false, what });
    }
  };
  const stopMs = await service('stop', 'temporal');
  const downUntil = performance.now() + TEMPORAL_DOWN_S * 1000;
  while (performance.now() < downUntil) {
    await probe('complete', () => http('POST', `/api/tasks/${t.id}/complete`, clerk, { requestId }, { timeoutMs: 30_000 }));
    await probe('inbox', () => http('GET', '/api/tasks?filter=%7B%22status%22%3A%22OPEN%22%7D', clerk, undefined, { timeoutMs: 30_000 }));
  }
  await service('start', 'temporal');
  // After: the clerk clicks again (the same requestId) until it goes through.
  const after = await actWith(clerk, t.id, 'complete', requestId, {});
  await until('the next step after the restart', async () => ((await openTaskOf(t.workflowId))?.stageKey === 'self-check') || undefined, 180_000, 200);
  const completes = probes.filter((p) => p.what === 'complete');
  const inboxes = probes.filter((p) => p.what === 'inbox');
  const badComplete = completes.filter((p) => p.status !== 503 || p.code !== 'WORKFLOW_UNAVAILABLE' || !p.chinese || p.ms > 10_000);
  const badInbox = inboxes.filter((p) => p.status !== 200);
  const closings = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'task' AND "entityId" = $1 AND action = 'task.completed'`, [t.id]);
  const selfChecks = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Task" WHERE "workflowId" = $1 AND "stageKey" = 'self-check'`, [t.workflowId]);
  const flows = await checkFlows(campaignId);
  rows.push({
    scenario: 'task actions while Temporal is down', faults: `temporal stopped ${TEMPORAL_DOWN_S} s (stop ${Math.round(stopMs)} ms)`,
    checked: 'each complete: 503 WORKFLOW_UNAVAILABLE, Chinese sentence, ≤ 10 s; the inbox 200; after the restart the same requestId applied once (one task.completed row, one self-check task); open task = stepsQuery',
    counts: `${completes.length} completes: ${[...new Set(completes.map((p) => `${p.status} ${p.code ?? ''}`.trim()))].join(', ')} (max ${Math.round(Math.max(0, ...completes.map((p) => p.ms)))} ms); ${inboxes.length} inbox pages (${inboxes.filter((p) => p.status === 200).length} × 200); after: ${after.status} in ${after.attempts} attempt(s), ${closings[0].n} completion row(s), ${selfChecks[0].n} self-check task(s)`,
    lost: expectZero('the completion not applied after Temporal came back', (after.status === 200 ? 0 : 1) + (closings[0].n === 0 ? 1 : 0) + flows.missingOpen),
    doubled: expectZero('the completion applied twice', Math.max(0, closings[0].n - 1) + Math.max(0, selfChecks[0].n - 1) + flows.doubled),
    leaked: expectZero('answers while Temporal was down that were not a quick 503 WORKFLOW_UNAVAILABLE in Chinese, or inbox failures', badComplete.length + badInbox.length, [...badComplete, ...badInbox].slice(0, 5)),
    fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
}

/**
 * scripts/backup.sh while flows wait on people, then everything stopped and scripts/restore.sh into a fresh
 * data folder (a new PostgreSQL cluster, Temporal's SQLite file): the flows are where the backup left them
 * (open task row = stepsQuery) and carry on, one step each. Then back to the original data folder.
 */
async function backupAndRestore(campaignId: string, api: Proc): Promise<Proc> {
  const t0 = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), 'govflow-chaos-backup-'));
  chmodSync(tmp, 0o755); // PostgreSQL runs as its own user (scripts/lib.sh as_pg_user) and must reach the new data folder
  const backupDir = join(tmp, 'backup');
  const fresh = { GOVFLOW_DATA_DIR: join(tmp, 'data') };
  const wfs = (await q<{ workflowId: string }>(`SELECT "workflowId" FROM "CampaignUnit" WHERE "campaignId" = $1 ORDER BY 1`, [campaignId])).map((x) => x.workflowId);
  const openBefore = new Map<string, string | null>();
  for (const wf of wfs) openBefore.set(wf, (await client.workflow.getHandle(wf).query(stepsQuery)).openStepKey);
  // The run's own database only (the cluster's others are not the run's to restore, and take time).
  const backupMs = await script('backup.sh', [backupDir], { GOVFLOW_BACKUP_DATABASES: new URL(process.env.DATABASE_URL!).pathname.slice(1) });
  // The old stack goes away entirely.
  await workers.stopAll();
  api.child.kill('SIGTERM');
  await api.exited;
  for (const s of ['temporal', 'redis', 'postgres'] as const) await service('stop', s);
  let restoreMs = 0;
  let restored: Proc | undefined;
  let moved = 0;
  const outcomes: ActOutcome[] = [];
  let flows: Awaited<ReturnType<typeof checkFlows>> | undefined;
  let same = 0;
  try {
    restoreMs = await script('restore.sh', [backupDir], fresh);
    await workers.start('a');
    restored = await startApi();
    for (const wf of wfs) if ((await client.workflow.getHandle(wf).query(stepsQuery)).openStepKey === openBefore.get(wf)) same++;
    const atRestore = await checkFlows(campaignId);
    expectZero('flows whose task rows disagree with the workflow right after the restore', atRestore.orphanOpen + atRestore.missingOpen + atRestore.doubled);
    await pool(wfs, CLERKS, async (wf) => { if (await stepOn(wf, outcomes)) moved++; });
    flows = await checkFlows(campaignId);
  } finally {
    // Back to the original data folder for what follows (and for whoever uses these services next).
    await workers.stopAll();
    if (restored) {
      restored.child.kill('SIGTERM');
      await restored.exited;
    }
    for (const s of ['temporal', 'redis', 'postgres'] as const) await service('stop', s, fresh).catch((e) => problems.push(String(e)));
    for (const s of ['postgres', 'redis', 'temporal'] as const) await service('start', s);
    rmSync(tmp, { recursive: true, force: true });
    await workers.start('a');
    restored = await startApi();
  }
  rows.push({
    scenario: 'backup, then restore into a fresh data folder', faults: `scripts/backup.sh (${(backupMs / 1000).toFixed(1)} s), every service stopped, scripts/restore.sh (${(restoreMs / 1000).toFixed(1)} s)`,
    checked: 'each flow at the step it had at the backup; open task rows = stepsQuery after the restore; each flow driven one step on (200, next step open); then the original data folder back',
    counts: `${wfs.length} flows, ${same} at their backed-up step, ${moved} moved on a step (${outcomes.filter((o) => o.status === 200).length} × 200)`,
    lost: expectZero('flows not where the backup left them, or not moving on after the restore', (wfs.length - same) + (wfs.length - moved)),
    doubled: expectZero('steps projected twice after the restore', flows?.doubled ?? 0),
    leaked: expectZero('open task rows that disagree with the workflow after the restore', (flows?.orphanOpen ?? 0) + (flows?.missingOpen ?? 0)),
    fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
  return restored;
}

/**
 * Every task transition and campaign has its audit row; accounts and websites changed through the API (an
 * account created, edited and its password reset; a website added) have theirs, and no User or Website row
 * changed during the run without one; the audit table refuses UPDATE and DELETE.
 */
async function auditCompleteness() {
  const t0 = performance.now();
  const admin = await sessionByLogin('admin');
  const supervisor = await sessionByLogin('supervisor');
  const tag = `${Date.now() % 1_000_000}`;
  const [street] = await q<{ id: string }>(`SELECT id FROM "OrgUnit" WHERE code = 'BJ-D001'`);
  let accountChanges = 0;
  const made = await http('POST', '/api/users', admin, { login: `audit-${tag}`, displayName: '混沌测试账号', orgUnitId: street.id, roles: ['CLERK'], password: 'Chaos-initial-2026' });
  if (made.status === 201) {
    accountChanges++;
    if ((await http('PUT', `/api/users/${made.body.id}`, admin, { displayName: '混沌测试账号（已改名）' })).status === 200) accountChanges++;
    if ((await http('POST', `/api/users/${made.body.id}/reset-password`, admin, { password: 'Chaos-reset-2026-x' })).status === 200) accountChanges++;
  }
  const site = await http('POST', '/api/websites', supervisor, { name: `混沌测试网站${tag}`, domain: `chaos${tag}.bj.gov.cn`, siteCode: `9${tag.padStart(9, '0')}`, icpNumber: `京ICP备${tag.padStart(8, '0')}号-1`, psbNumber: `京公网安备${11010100000000 + Number(tag)}号`, ownerUnitCode: 'BJ-D001' });
  const madeOk = (made.status === 201 ? 0 : 1) + (accountChanges === 3 ? 0 : 1) + (site.status === 201 ? 0 : 1);
  if (madeOk) problems.push(`account and website changes through the API: user ${made.status} (${accountChanges}/3 changes), website ${site.status} ${site.text.slice(0, 200)}`);
  const accountAudit = made.status === 201 ? (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'user' AND "entityId" = $1`, [made.body.id]))[0].n : 0;
  const siteAudit = site.status === 201 ? (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "entityType" = 'website' AND "entityId" = $1`, [site.body.id]))[0].n : 0;
  // People the driver adds for itself (stack.ts, holders: a second clerk of a unit for the races) are written
  // as the seed writes people, not changes anyone made: left out.
  const changedUnaudited = await q(`
    SELECT 'user' AS t, u.id::text FROM "User" u WHERE u."updatedAt" >= $1::timestamp AND u.login NOT LIKE 'chaos-%' AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."entityType" = 'user' AND a."entityId" = u.id::text AND a.at >= $1::timestamp)
    UNION ALL SELECT 'website', w.id::text FROM "Website" w WHERE w."updatedAt" >= $1::timestamp AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."entityType" = 'website' AND a."entityId" = w.id::text AND a.at >= $1::timestamp)`, [runStartedAt]);
  const openedMissing = await q(`SELECT t.id FROM "Task" t WHERE NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."entityType" = 'task' AND a."entityId" = t.id::text AND a.action IN ('task.opened', 'task.approver_added'))`);
  const closedMissing = await q(`SELECT t.id, t.status FROM "Task" t WHERE t.status <> 'OPEN' AND NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."entityType" = 'task' AND a."entityId" = t.id::text AND a.action = 'task.' || lower(t.status::text))`);
  const campaignsMissing = await q(`SELECT c.id FROM "Campaign" c WHERE NOT EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a."entityType" = 'campaign' AND a."entityId" = c.id::text AND a.action = 'campaign.launched')`);
  const tasks = (await q<{ n: number }>('SELECT count(*)::int AS n FROM "Task"'))[0].n;
  let refusedWrites = 0;
  for (const sql of ['UPDATE "AuditEvent" SET action = action WHERE id = (SELECT min(id) FROM "AuditEvent")', 'DELETE FROM "AuditEvent" WHERE id = (SELECT min(id) FROM "AuditEvent")']) {
    try {
      await q(sql);
    } catch {
      refusedWrites++;
    }
  }
  rows.push({
    scenario: 'audit completeness', faults: 'after every scenario above',
    checked: 'each task row: its task.opened row and, when closed, its task.<status> row; each campaign: campaign.launched; an account created, edited and reset and a website added through the API: a row each; no User or Website row changed during the run without its audit row; UPDATE and DELETE on AuditEvent refused',
    counts: `${tasks} task rows, ${(await q<{ n: number }>('SELECT count(*)::int AS n FROM "AuditEvent"'))[0].n} audit rows; account: ${accountChanges} changes, ${accountAudit} audit rows; website: ${siteAudit} audit row(s); ${refusedWrites}/2 writes refused`,
    lost: expectZero('state changes without an audit row', openedMissing.length + closedMissing.length + campaignsMissing.length + changedUnaudited.length + Math.max(0, accountChanges - accountAudit) + (site.status === 201 && siteAudit === 0 ? 1 : 0) + madeOk, [...openedMissing, ...closedMissing, ...campaignsMissing, ...changedUnaudited].slice(0, 5)),
    doubled: 0, leaked: expectZero('audit writes not refused', 2 - refusedWrites), fivexx: unexpected5xx(), seconds: (performance.now() - t0) / 1000,
  });
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const tStart = performance.now();
  runStartedAt = (await q<{ t: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS t`))[0].t;
  console.log(`GovFlow chaos (${SIZE} size): ${UNITS} units, ${RACES} races per pair, ${WORKER_KILLS} worker kills, PostgreSQL down ${PG_DOWN_S} s, Redis down ${REDIS_DOWN_S} s, namespace ${NAMESPACE}, load ${load()}`);
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  client = new Client({ connection, namespace: NAMESPACE });
  const hookUrl = await startReceiver();
  await q(`INSERT INTO "WebhookSubscription" (id, name, url, secret, events) VALUES (gen_random_uuid(), '混沌测试接收端', $1, 'chaos-secret-0123456789', ARRAY['*'])`, [hookUrl]);
  await workers.start('a');
  let api = await startApi();
  try {
    const step = async (name: string, fn: () => Promise<unknown>) => {
      console.log(`\n== ${name} (load ${load()})`);
      try {
        await fn();
      } catch (err) {
        problems.push(`${name} did not finish: ${(err as Error)?.stack ?? err}`);
        console.error(err);
      }
      const r = rows[rows.length - 1];
      if (r) console.log(`   ${r.scenario}: ${r.counts} (${r.seconds.toFixed(1)} s)`);
    };
    let first: Awaited<ReturnType<typeof workerCrashes>> | undefined;
    await step('worker crashes', async () => { first = await workerCrashes(); });
    if (first) {
      const f = first;
      await step('races', () => races(f.campaignId, f.workflowIds));
      await step('two workers', () => twoWorkers(f.workflowIds));
      if (!SLICE) await step('outages and drive-on', () => driveOnWithOutages(f.campaignId, f.workflowIds));
    }
    let second: string | undefined;
    if (!SLICE) await step('Temporal restart', async () => { second = await temporalRestart(); });
    if (second) { const c = second; await step('task actions while Temporal is down', () => actionsWhileTemporalDown(c)); }
    await step('hostile input', async () => {
      const t0 = performance.now();
      const r = await fuzzApi({ runs: FUZZ_RUNS, users: SLICE ? ['clerk'] : CI ? ['clerk', 'admin'] : ['clerk', 'supervisor', 'admin'], foreignIds: SLICE ? 2 : CI ? 3 : 11, concurrency: SLICE ? 4 : 1 });
      for (const p of r.problems) problems.push(p);
      rows.push({
        scenario: 'hostile input', faults: `${r.requests} requests over ${r.routes} routes (API route table) as ${r.users}`,
        checked: 'no 5xx; every refusal { error: { code, message (Chinese), requestId } } without a stack; table checksums and the audit log (but denial rows) unchanged; upload names with ../ stored without a path',
        counts: `${[...r.byStatus].sort().map(([k, v]) => `${k}×${v}`).join(' ')}; ${r.tables} tables compared`,
        lost: 0, doubled: 0, leaked: expectZero('state changed by hostile requests or answers not in the error shape', r.changed + r.badShape), fivexx: expectZero('5xx answers to hostile input', r.fivexx), seconds: (performance.now() - t0) / 1000,
      });
    });
    if (second) { const c = second; await step('backup and restore', async () => { api = await backupAndRestore(c, api); }); }
    await step('audit completeness', () => auditCompleteness());
    if (api.child.exitCode !== null) { problems.push('the API process exited during the run'); api = await startApi(); }
  } finally {
    await workers.stopAll();
    api.child.kill('SIGTERM');
    await api.exited;
    receiver.close();
    await connection.close();
  }
  const total = (performance.now() - tStart) / 1000;
  const sum = (k: 'lost' | 'doubled' | 'leaked' | 'fivexx') => rows.reduce((a, r) => a + r[k], 0);
  const table = [
    `GovFlow chaos ${new Date().toISOString().slice(0, 16)} UTC, ${SIZE} size, ${total.toFixed(0)} s, load at the end ${load()}; workers started ${workers.starts} times (start → polling p50 ${Math.round(percentile(workers.startMs, 50))} ms, max ${Math.round(Math.max(...workers.startMs))} ms), killed ${workers.kills} times`,
    '',
    '| scenario | faults injected | what was checked | counts | lost | doubled | leaked | 5xx | time |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.faults} | ${r.checked} | ${r.counts} | ${r.lost} | ${r.doubled} | ${r.leaked} | ${r.fivexx} | ${r.seconds.toFixed(1)} s |`),
    `| **all** | | | answers by status: ${[...answers].sort().map(([k, v]) => `${k}×${v}`).join(', ')} | ${sum('lost')} | ${sum('doubled')} | ${sum('leaked')} | ${unexpected5xx()} | ${total.toFixed(0)} s |`,
  ].join('\n');
  console.log(`\n${table}\n`);
  if (problems.length) {
    console.log(`PROBLEMS (${problems.length}):\n${problems.map((p) => `- ${p}`).join('\n')}`);
    return 1;
  }
  console.log('chaos: nothing lost, doubled or leaked; no 5xx but the 503s while PostgreSQL or Temporal was down');
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const p of workers.procs.values()) p.child.kill('SIGKILL');
    process.exit(130);
  });
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
