/**
 * `npm run bench`: GovFlow and a raw Temporal baseline side by side, in one run, on the same services
 * (the Temporal dev server on SQLite, PostgreSQL, Redis). GovFlow's worker and API run as processes of
 * their own, as in production; the raw baseline has a worker process of its own on its own task queue.
 * Prints each section with the ratio to the baseline, the target and the load average before and after,
 * and writes the same table as markdown under bench/results/ (git-ignored).
 *
 * Run through scripts/bench.sh (it prepares the database and the namespace). Sizes come from the
 * environment: BENCH_QUICK=1 (a 3-5 minute run), BENCH_UNITS, BENCH_STEPS, BENCH_LATENCY_STEPS, BENCH_RATE,
 * BENCH_CLERKS, BENCH_BIG_UNITS, BENCH_INBOX_TASKS; BENCH_SECTIONS=launch,count,steps,latency,queries,worker;
 * BENCH_PROFILE=1 runs the step benchmark with `node --cpu-prof` on the worker and the API; BENCH_WORKER_NODE_ARGS adds
 * node options to the worker (after those of `npm run start:worker`); BENCH_WORKER_METRICS_PORT (the API's + 9) is
 * where the worker serves the SDK's metrics the latency section reads.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Pool } from 'pg';
import { loadConfig } from '../activities/infra/config';
import { createLogger } from '../activities/infra/logger';
import { createPrisma, type PrismaClient } from '../activities/infra/prisma';
import type { AppContext, CurrentUser } from '../server/context';
import { parseListQuery } from '../server/listQuery';
import { resolveSession } from '../server/services/authService';
import { CAMPAIGN_UNIT_SORTABLE, campaignProgress, listCampaignUnits } from '../server/services/campaignService';
import { listTasks, TASK_SORTABLE } from '../server/services/taskService';
import { RAW_TABLE_SQL } from './raw/activities';
import { rawStepUpdate } from './raw/workflows';
import { cpuMs, fmt, load, percentile, pool, rssMb, sleep, startNode, stopProc, timeEach, until, workerNodeOptions, type Proc } from './lib/util';
import { BENCH_DISTRICT, growCity } from './lib/orgTree';
import { profileStart, summarizeProfile } from './cpuProfileTop';

const ROOT = resolve(__dirname, '..');
const env = process.env;
const QUICK = env.BENCH_QUICK === '1';
const num = (name: string, quick: number, full: number) => Number(env[name] ?? (QUICK ? quick : full));
const N_UNITS = num('BENCH_UNITS', 300, 1000);
const N_STEPS = num('BENCH_STEPS', 120, 400);
const N_LATENCY = num('BENCH_LATENCY_STEPS', 50, 150);
const RATE = num('BENCH_RATE', 5, 5);
const CLERKS = num('BENCH_CLERKS', 20, 20);
const BIG_UNITS = num('BENCH_BIG_UNITS', 5000, 5000);
const INBOX_TASKS = num('BENCH_INBOX_TASKS', 100_000, 100_000);
const QUERY_CALLS = num('BENCH_QUERY_CALLS', 20, 40);
const SECTIONS = new Set((env.BENCH_SECTIONS ?? 'launch,count,steps,latency,queries,worker').split(','));
const PROFILE = env.BENCH_PROFILE === '1';
const NAMESPACE = env.TEMPORAL_NAMESPACE!;
const RAW_QUEUE = 'bench-raw';
const API_PORT = Number(env.GOVFLOW_API_PORT ?? 8080);
const BASE = `http://127.0.0.1:${API_PORT}`;
const STAMP = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const OUT_DIR = join(ROOT, 'bench', 'results');
const LOG_DIR = env.GOVFLOW_LOG_DIR ?? join(ROOT, '.logs');
const PROFILE_DIR = join(OUT_DIR, `profiles-${STAMP}`);

// ---------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------

interface Row { section: string; metric: string; govflow: string; baseline: string; ratio: string; target: string; verdict: string; load: string }
const rows: Row[] = [];
const notes: string[] = [];
function row(r: Partial<Row> & { section: string; metric: string }) {
  const full: Row = { govflow: '', baseline: '', ratio: '', target: '', verdict: '', load: '', ...r };
  rows.push(full);
  console.log(`  ${full.section} | ${full.metric} | GovFlow ${full.govflow} | baseline ${full.baseline} | ratio ${full.ratio} | ${full.target} ${full.verdict} | load ${full.load}`);
}
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const loadSpan = (before: string) => `${before} → ${load()}`;
const ms = (v: number) => `${fmt(v)} ms`;

// ---------------------------------------------------------------------------------------------------
// Services: GovFlow's worker and API, the raw worker
// ---------------------------------------------------------------------------------------------------

const db = new Pool({ connectionString: env.DATABASE_URL, max: 30, application_name: 'bench' });
const withApp = (url: string, app: string) => `${url}${url.includes('?') ? '&' : '?'}application_name=${app}`;

function govflowEnv(app: string): NodeJS.ProcessEnv {
  return {
    ...env,
    DATABASE_URL: withApp(env.DATABASE_URL!, app),
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: 'govflow',
    NOTIFY_QUEUE: `govflow-bench-${STAMP}`,
    PORT: String(API_PORT),
    NODE_ENV: 'production',
  };
}

// The worker and the API run as production runs them (`npm start:worker`, docker-compose.yml): the build's
// dist/*.js with plain node, not the sources under tsx (whose TypeScript and esbuild in memory cost the worker
// about 60 MB); scripts/bench.sh builds first.
// The worker gets the node options of `npm run start:worker` (its heap cap); BENCH_WORKER_NODE_ARGS adds more, or
// overrides them (to measure one lever, e.g. --max-old-space-size=512: node takes the last of a repeated option).
const BUILT_NODE_ARGS = ['--enable-source-maps'];
const WORKER_NODE_ARGS = [...workerNodeOptions(ROOT), ...(env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean)];

// The worker serves the SDK's Prometheus metrics here: the latency section reads what its steps cost inside the
// worker (workflow task schedule-to-start and execution, sticky cache misses, local activities).
const METRICS_PORT = Number(env.BENCH_WORKER_METRICS_PORT ?? API_PORT + 9);

function startWorker(profile = false): Proc {
  return startNode('dist/worker.js', {
    cwd: ROOT,
    env: { ...govflowEnv('govflow-worker'), LOG_LEVEL: 'info', WORKER_METRICS_ADDRESS: `127.0.0.1:${METRICS_PORT}` },
    logFile: join(LOG_DIR, 'bench-worker.log'),
    readyLine: /"msg":"worker running"/,
    nodeArgs: [...WORKER_NODE_ARGS, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, 'worker')] : [])],
  });
}

function startApi(profile = false): Proc {
  return startNode('dist/server.js', {
    cwd: ROOT,
    env: { ...govflowEnv('govflow-api'), LOG_LEVEL: 'warn' },
    logFile: join(LOG_DIR, 'bench-api.log'),
    // The API logs its start at info only; readiness is its health check.
    readyLine: /a^/,
    nodeArgs: [...BUILT_NODE_ARGS, ...(profile ? ['--cpu-prof', '--cpu-prof-dir', join(PROFILE_DIR, 'api')] : [])],
  });
}

async function apiReady(p: Proc) {
  await until('the API to answer', async () => {
    if (p.child.exitCode !== null) throw new Error('the API exited; see .logs/bench-api.log');
    return fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
  }, 120_000, 200);
}

let worker: Proc;
let api: Proc;
let rawWorker: Proc;

/** With BENCH_PROFILE=1 the first worker and API run under `node --cpu-prof`; these are the phases summarized. */
const profileWindows: Array<{ label: string; from: number; to: number }> = [];
const profiled: Array<{ who: 'worker' | 'api'; startedAt: number }> = [];

/** Top self time per thread of each profiled process, for each window (the main thread, Temporal's workflow threads). */
function summarizeProfiles() {
  for (const { who, startedAt } of profiled) {
    const dir = join(PROFILE_DIR, who);
    const files = readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')).sort();
    const main = files.find((f) => f.split('.')[4] === '0');
    const origin = main ? profileStart(join(dir, main)) : undefined;
    for (const w of profileWindows) {
      for (const f of files) {
        const summary = summarizeProfile(join(dir, f), 15, { from: (w.from - startedAt) / 1000, to: (w.to - startedAt) / 1000 }, origin);
        const busy = Number(/busy ([\d.]+) s/.exec(summary)?.[1] ?? 0);
        const tid = f.split('.')[4];
        if (tid === '0' || busy >= 0.5) notes.push(`CPU profile of the ${who}, ${tid === '0' ? 'main thread' : `thread ${tid}`}, during ${w.label} (${join(dir, f).replace(`${ROOT}/`, '')}):\n\n${summary}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// People: a clerk for every unit, sessions written directly (a scrypt sign-in per clerk would dominate)
// ---------------------------------------------------------------------------------------------------

interface Session { cookie: string; csrf: string; token: string }
const sessions = new Map<string, Session>();

async function sessionFor(userId: string): Promise<Session> {
  let s = sessions.get(userId);
  if (s) return s;
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO "Session" (id, "userId", "csrfToken", "expiresAt") VALUES ($1, $2, $3, now() + interval '12 hours')`,
    [createHash('sha256').update(token).digest('hex'), userId, csrf],
  );
  s = { cookie: `govflow_session=${token}`, csrf, token };
  sessions.set(userId, s);
  return s;
}

async function userId(login: string): Promise<string> {
  const r = await db.query('SELECT id FROM "User" WHERE login = $1', [login]);
  if (!r.rows[0]) throw new Error(`no user ${login} in the bench database`);
  return r.rows[0].id;
}

/** One bench clerk per org unit that has none yet (same password hash as a seeded clerk; never signed in). */
async function ensureBenchClerks() {
  await db.query(`
    INSERT INTO "User" (id, login, "displayName", "orgUnitId", roles, "passwordHash", "updatedAt")
    SELECT gen_random_uuid(), 'bench-clerk-' || lower(o.code), '基准测试经办人', o.id, ARRAY['CLERK']::"Role"[],
           (SELECT "passwordHash" FROM "User" WHERE login = 'fgw-clerk'), now()
      FROM "OrgUnit" o
     WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u.login = 'bench-clerk-' || lower(o.code))`);
}

async function clerkSession(code: string) {
  return sessionFor(await userId(`bench-clerk-${code.toLowerCase()}`));
}

async function http(method: string, path: string, s: Session, body?: unknown, timeoutMs = 120_000): Promise<{ status: number; body: any; ms: number }> {
  const t = performance.now();
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { cookie: s.cookie, ...(method !== 'GET' ? { 'x-csrf-token': s.csrf, 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: performance.now() - t };
}

// ---------------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------------

interface Launched { campaignId: string; units: number; tasks: Array<{ id: string; workflowId: string; code: string }> }

/** The Temporal dev server's process (scripts/services.sh writes its pid), for its CPU time; undefined when unknown. */
function temporalServerPid(): number | undefined {
  try {
    return Number(readFileSync(join(ROOT, '.run', 'temporal.pid'), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

async function launchSection(prisma: PrismaClient, client: Client): Promise<Launched> {
  console.log(`\n== launch: ${N_UNITS} units`);
  await growCity(prisma, N_UNITS);
  const admin = await sessionFor(await userId('admin'));
  // Fewer units than the city: whole districts in code order until the sum reaches N.
  let roots: string[] | undefined;
  if ((await prisma.orgUnit.count()) > N_UNITS) {
    roots = [];
    let count = 0;
    const districts = await prisma.orgUnit.findMany({ where: { kind: { in: ['DISTRICT_GOVERNMENT'] }, code: { not: BENCH_DISTRICT } }, orderBy: { code: 'asc' } });
    for (const d of districts) {
      if (count >= N_UNITS) break;
      roots.push(d.code);
      count += await prisma.orgUnit.count({ where: { path: { startsWith: d.path } } });
    }
  }
  // This year's report, as an administrator would launch it now: its due dates are weeks to months ahead
  // (a year far ahead would put every deadline thousands of days out, which the inbox's day counting pays for).
  const year = new Date().getFullYear();
  const q = `year=${year}&townshipPublishBy=${year + 1}-02-27${roots ? `&roots=${roots.join(',')}` : ''}`;
  const preview = await http('GET', `/api/campaigns/preview?${q}`, admin);
  let before = load();
  const temporalPid = temporalServerPid();
  const cpu0 = { worker: cpuMs(worker.child.pid), temporal: cpuMs(temporalPid) };
  const t0 = performance.now();
  const res = await http('POST', '/api/campaigns', admin, { year, rootCodes: roots, schedule: preview.body.schedule });
  if (res.status !== 201) throw new Error(`launch failed: ${res.status} ${JSON.stringify(res.body)}`);
  const campaignId = res.body.id as string;
  const units = res.body.totalUnits as number;
  let tStarted = 0;
  await until('every first task in its inbox', async () => {
    if (!tStarted) {
      const c = await db.query('SELECT "startedUnits" FROM "Campaign" WHERE id = $1', [campaignId]);
      if (c.rows[0].startedUnits === units) tStarted = performance.now() - t0;
    }
    const r = await db.query(`SELECT count(*)::int AS n FROM "Task" WHERE "campaignId" = $1 AND "stageKey" = 'assign'`, [campaignId]);
    return r.rows[0].n === units || undefined;
  }, 1_800_000, 100);
  const tInbox = performance.now() - t0;
  profileWindows.push({ label: 'the launch', from: t0, to: performance.now() });
  const gRate = units / (tInbox / 1000);
  const gLoad = loadSpan(before);
  const gCpu = { worker: (cpuMs(worker.child.pid) - cpu0.worker) / units, temporal: (cpuMs(temporalPid) - cpu0.temporal) / units };
  const rss = rssMb(worker.child.pid!);
  const mem = await workerMemory();
  // The same flows 20 s later, nothing else running: what a worker holds while its flows wait for people (the
  // row above is the end of the launch's burst, before the heaps' garbage is collected and given back).
  await sleep(20_000);
  const settled = rssMb(worker.child.pid!);

  // Raw: the same number of workflows started by a client 16 at a time (GovFlow's launch activity starts
  // 16 at a time), each writing one row.
  before = load();
  const keys = Array.from({ length: units }, (_, i) => `launch-${i}`);
  const rCpu0 = { worker: cpuMs(rawWorker.child.pid) + cpuMs(process.pid), temporal: cpuMs(temporalPid) };
  const r0 = performance.now();
  let rStartedAt = 0;
  const starting = pool(keys, 16, async (key) => {
    await client.workflow.start('rawLaunchWorkflow', { workflowId: `raw/${key}`, taskQueue: RAW_QUEUE, args: [{ key }] });
  }).then(() => { rStartedAt = performance.now() - r0; });
  await until('every raw row', async () => {
    const r = await db.query(`SELECT count(*)::int AS n FROM bench_raw_row WHERE kind = 'launch'`);
    return r.rows[0].n === units || undefined;
  }, 1_800_000, 100);
  await starting;
  const rInbox = performance.now() - r0;
  const rRate = units / (rInbox / 1000);
  // The raw side's client is this process (it starts the workflows); GovFlow's is its worker's launch activity.
  const rCpu = { worker: (cpuMs(rawWorker.child.pid) + cpuMs(process.pid) - rCpu0.worker) / units, temporal: (cpuMs(temporalPid) - rCpu0.temporal) / units };
  row({ section: 'launch', metric: `${units} units: every first task in its inbox (units/s)`, govflow: `${fmt(gRate, 1)}/s (started ${fmt(tStarted / 1000, 1)} s, inbox ${fmt(tInbox / 1000, 1)} s)`, baseline: `${fmt(rRate, 1)}/s (started ${fmt(rStartedAt / 1000, 1)} s, rows ${fmt(rInbox / 1000, 1)} s)`, ratio: fmt(gRate / rRate, 2), target: '≥ 0.8 × raw', verdict: verdict(gRate / rRate >= 0.8), load: `GovFlow ${gLoad}; raw ${loadSpan(before)}` });
  // CPU time per unit does not depend on how busy the machine is: where the launch's work is, side by side.
  row({
    section: 'launch', metric: 'CPU time per unit: worker / Temporal dev server',
    govflow: `${fmt(gCpu.worker, 1)} ms / ${fmt(gCpu.temporal, 1)} ms`, baseline: `${fmt(rCpu.worker, 1)} ms (raw worker and its client) / ${fmt(rCpu.temporal, 1)} ms`,
    ratio: fmt((gCpu.worker + gCpu.temporal) / (rCpu.worker + rCpu.temporal), 2), load: load(),
  });
  row({ section: 'worker', metric: `worker RSS with ${units} running flows`, govflow: `${rss.rss} MB (peak ${rss.peak} MB)${mem ? `: main-thread heap ${mem.heapUsedMb} of ${mem.heapTotalMb} MB${mem.liveHeapMb !== undefined ? ` (${mem.liveHeapMb} MB live)` : ''}, external ${mem.externalMb} MB, ${mem.cachedFlows} flows cached; the rest (workflow thread, SDK core) ${mem.rssMb - mem.heapTotalMb - mem.externalMb} MB` : ''}`, target: units >= 1000 ? '≤ 300 MB' : '≤ 300 MB (at 1,000)', verdict: verdict(rss.rss <= 300), load: load() });
  row({ section: 'worker', metric: `worker RSS with ${units} running flows, 20 s after the launch`, govflow: `${settled.rss} MB`, target: '≤ 300 MB', verdict: verdict(settled.rss <= 300), load: load() });
  const tasks = (await db.query(`SELECT t.id, t."workflowId", o.code FROM "Task" t JOIN "OrgUnit" o ON o.id = t."orgUnitId" WHERE t."campaignId" = $1 AND t."stageKey" = 'assign' AND t.status = 'OPEN' ORDER BY md5(t.id::text)`, [campaignId])).rows;
  return { campaignId, units, tasks };
}

/** The worker's Prometheus metrics, summed over labels other than `le`: name or name|le → value. */
async function workerMetrics(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const text = await (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    for (const line of text.split('\n')) {
      const m = /^(\w+)(?:\{([^}]*)\})? ([\d.e+-]+|NaN|\+Inf)$/.exec(line);
      if (!m) continue;
      const le = /(?:^|,)le="([^"]+)"/.exec(m[2] ?? '')?.[1];
      const key = le ? `${m[1]}|${le}` : m[1];
      out.set(key, (out.get(key) ?? 0) + Number(m[3]));
    }
  } catch {
    // no metrics (an older build): the section says so
  }
  return out;
}

/** What the worker did between two scrapes: each histogram's count and p50/p95 (bucket bounds), each counter's growth. */
function metricsBetween(before: Map<string, number>, after: Map<string, number>, pattern: RegExp): string[] {
  const lines: string[] = [];
  const delta = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  const names = new Set([...after.keys()].map((k) => k.split('|')[0]).filter((n) => pattern.test(n)));
  for (const name of [...names].sort()) {
    if (name.endsWith('_bucket')) {
      const base = name.slice(0, -'_bucket'.length);
      const buckets = [...after.keys()].filter((k) => k.startsWith(`${name}|`)).map((k) => ({ le: k.split('|')[1], n: delta(k) }))
        .sort((a, b) => (a.le === '+Inf' ? 1 : b.le === '+Inf' ? -1 : Number(a.le) - Number(b.le)));
      const count = buckets.at(-1)?.n ?? 0;
      if (!count) continue;
      const q = (p: number) => buckets.find((b) => b.n >= count * p)?.le ?? '?';
      lines.push(`${base}: ${count} (p50 ≤ ${q(0.5)}, p95 ≤ ${q(0.95)}, p99 ≤ ${q(0.99)}; mean ${fmt((delta(`${base}_sum`) / count) * 1000, 0)} ms)`);
    } else if (!/_(sum|count)$/.test(name) && delta(name)) {
      lines.push(`${name}: +${fmt(delta(name), 0)}`);
    }
  }
  return lines;
}

/** The worker's own account of its memory (it logs one on SIGUSR2, worker/main.ts). */
async function workerMemory(): Promise<{ rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; liveHeapMb?: number; cachedFlows: number } | undefined> {
  const file = join(LOG_DIR, 'bench-worker.log');
  const from = statSync(file).size;
  worker.child.kill('SIGUSR2');
  try {
    return await until('the worker memory line', async () => {
      const text = readFileSync(file).subarray(from).toString('utf8');
      const line = text.split('\n').find((l) => l.includes('"msg":"worker memory"'));
      return line ? JSON.parse(line) : undefined;
    }, 10_000, 100);
  } catch {
    return undefined;
  }
}

/** Completes one assign task as its unit's clerk; resolves when the API answers. */
async function completeAssign(t: { id: string; code: string }) {
  const s = await clerkSession(t.code);
  const res = await http('POST', `/api/tasks/${t.id}/complete`, s, { requestId: randomUUID() });
  if (res.status !== 200) throw new Error(`complete ${t.code}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.ms;
}

async function nextTaskListed(workflowId: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM "Task" WHERE "workflowId" = $1 AND "stageKey" = 'self-check' AND status = 'OPEN'`, [workflowId]);
  return r.rowCount === 1;
}

/** What one step costs: SQL statements by process and kind (PostgreSQL's statement log), for `n` steps one at a time. */
async function countSection(tasks: Launched['tasks'], client: Client): Promise<{ writes: number }> {
  console.log('\n== count: SQL statements and Temporal events per step');
  const logFile = env.BENCH_PG_LOG!;
  const n = tasks.length;
  await db.query(`ALTER SYSTEM SET log_statement = 'all'`);
  await db.query(`ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '`);
  await db.query('SELECT pg_reload_conf()');
  await sleep(500);
  const from = statSync(logFile).size;
  for (const t of tasks) {
    await completeAssign(t);
    await until('next task', async () => (await nextTaskListed(t.workflowId)) || undefined, 60_000, 50);
    await sleep(1500); // notification delivery (BullMQ) finishes its writes
  }
  await db.query('ALTER SYSTEM RESET log_statement');
  await db.query('ALTER SYSTEM RESET log_line_prefix');
  await db.query('SELECT pg_reload_conf()');
  const text = readFileSync(logFile).subarray(from).toString('utf8');
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/app=(\S*) LOG:\s+(?:statement|execute [^:]*): \s*(\w+)/g)) {
    const key = `${m[1] || '?'} ${m[2].toUpperCase()}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const per = (app: string, kinds?: string[]) => [...counts].filter(([k]) => k.startsWith(`${app} `) && (!kinds || kinds.includes(k.split(' ')[1]))).reduce((a, [, v]) => a + v, 0) / n;
  const detail = (app: string) => [...counts].filter(([k]) => k.startsWith(`${app} `)).sort().map(([k, v]) => `${k.split(' ')[1]} ${fmt(v / n, 1)}`).join(', ');
  const writes = Math.round(per('govflow-worker', ['INSERT', 'UPDATE', 'DELETE']));
  row({ section: 'count', metric: 'SQL statements per step, worker', govflow: `${fmt(per('govflow-worker'), 1)} (${detail('govflow-worker')})`, baseline: `${writes + 4} (2 transactions, ${writes} writes)` });
  row({ section: 'count', metric: 'SQL statements per step, API', govflow: `${fmt(per('govflow-api'), 1)} (${detail('govflow-api')})`, baseline: '0' });
  // Temporal: the history events after the update was accepted, for the last step counted.
  const events = await stepEvents(client, tasks[n - 1].workflowId);
  row({ section: 'count', metric: 'Temporal history events per step', govflow: events.summary });
  notes.push(`Per step the worker writes ${writes} rows (INSERT/UPDATE/DELETE); the raw step baseline writes the same number: 2 in its close activity, ${Math.max(1, writes - 2)} in its open activity.`);
  return { writes };
}

async function stepEvents(client: Client, workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const name = (e: (typeof events)[number]) => String(temporal.api.enums.v1.EventType[e.eventType ?? 0]).replace('EVENT_TYPE_', '');
  // The step begins with the workflow task that accepted the update (its events come before the acceptance).
  const accepted = events.findIndex((e) => name(e) === 'WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
  let start = accepted;
  while (start > 0 && name(events[start]) !== 'WORKFLOW_TASK_SCHEDULED') start--;
  const after = accepted < 0 ? [] : events.slice(start);
  const by = new Map<string, number>();
  for (const e of after) by.set(name(e), (by.get(name(e)) ?? 0) + 1);
  const wft = by.get('WORKFLOW_TASK_COMPLETED') ?? 0;
  const act = by.get('ACTIVITY_TASK_SCHEDULED') ?? 0;
  return { total: after.length, summary: `${after.length} events: ${wft} workflow tasks, ${act} activities (${[...by].map(([k, v]) => `${k.toLowerCase()} ${v}`).join(', ')})` };
}

async function stepsSection(tasks: Launched['tasks'], client: Client, writes: number, launched: Launched) {
  console.log(`\n== steps at saturation: ${tasks.length} steps, ${CLERKS} clerks`);
  let before = load();
  const selfChecks = async () => (await db.query(`SELECT count(*)::int AS n FROM "Task" WHERE "campaignId" = $1 AND "stageKey" = 'self-check'`, [launched.campaignId])).rows[0].n as number;
  const base = await selfChecks();
  const completeMs: number[] = [];
  // A step that fails (a loaded dev server answers an Update with DEADLINE_EXCEEDED) is counted, on both
  // sides, instead of ending the run before the later sections are measured.
  let failures = 0;
  const t0 = performance.now();
  await pool(tasks, CLERKS, async (t) => {
    try {
      completeMs.push(await completeAssign(t));
    } catch (err) {
      failures++;
      console.error(String(err).slice(0, 300));
    }
  });
  await until('every next task', async () => ((await selfChecks()) >= base + tasks.length - failures) || undefined, 600_000, 50);
  const tEnd = performance.now();
  profileWindows.push({ label: 'the step benchmark', from: t0, to: tEnd });
  const gSecs = (tEnd - t0) / 1000;
  const gRate = (tasks.length - failures) / gSecs;
  const gLoad = loadSpan(before);

  // Raw: as many workflows, started beforehand (not timed), one Update each from 20 loops.
  const keys = tasks.map((_, i) => `step-${i}`);
  await pool(keys, 16, async (key) => {
    await client.workflow.start('rawStepWorkflow', { workflowId: `raw/${key}`, taskQueue: RAW_QUEUE, args: [{ key, closeWrites: 2, openWrites: Math.max(1, writes - 2) }] });
  });
  await sleep(3000);
  before = load();
  const rawMs: number[] = [];
  let rawFailures = 0;
  const r0 = performance.now();
  await pool(keys, CLERKS, async (key) => {
    const t = performance.now();
    try {
      await client.workflow.getHandle(`raw/${key}`).executeUpdate(rawStepUpdate, { args: [{ requestId: randomUUID() }] });
      rawMs.push(performance.now() - t);
    } catch (err) {
      rawFailures++;
      console.error(String(err).slice(0, 300));
    }
  });
  await until('every raw open row', async () => {
    const r = await db.query(`SELECT count(DISTINCT key)::int AS n FROM bench_raw_row WHERE kind = 'open' AND key LIKE 'step-%'`);
    return r.rows[0].n >= keys.length - rawFailures || undefined;
  }, 600_000, 50);
  const rSecs = (performance.now() - r0) / 1000;
  const rRate = (keys.length - rawFailures) / rSecs;
  row({
    section: 'steps', metric: `saturation, ${CLERKS} clerks closed loop, ${tasks.length} steps (steps/s)`,
    govflow: `${fmt(gRate, 1)}/s (complete p50 ${ms(percentile(completeMs, 50))}, p95 ${ms(percentile(completeMs, 95))})${failures ? `, ${failures} failed` : ''}`,
    baseline: `${fmt(rRate, 1)}/s (update p50 ${ms(percentile(rawMs, 50))}, p95 ${ms(percentile(rawMs, 95))})${rawFailures ? `, ${rawFailures} failed` : ''}`,
    ratio: fmt(gRate / rRate, 2), target: '≥ 0.5 × raw', verdict: verdict(gRate / rRate >= 0.5), load: `GovFlow ${gLoad}; raw ${loadSpan(before)}`,
  });
  const raw = await stepEvents(client, `raw/${keys[0]}`);
  row({ section: 'count', metric: 'Temporal history events per step, raw baseline', baseline: raw.summary });
}

async function latencySection(tasks: Launched['tasks'], client: Client, writes: number) {
  console.log(`\n== latency at ${RATE} steps/s offered, ${tasks.length} steps`);
  let before = load();
  const done: number[] = [];
  const answer: number[] = [];
  let failures = 0;
  const metrics0 = await workerMetrics();
  const t0 = performance.now();
  await Promise.all(tasks.map(async (t, i) => {
    await sleep(t0 + (i * 1000) / RATE - performance.now());
    const start = performance.now();
    try {
      answer.push(await completeAssign(t));
      await until('next task', async () => (await nextTaskListed(t.workflowId)) || undefined, 120_000, 20);
      done.push(performance.now() - start);
    } catch (err) {
      failures++;
      console.error(err);
    }
  }));
  const gLoad = loadSpan(before);
  const inWorker = metricsBetween(metrics0, await workerMetrics(), /workflow_task|sticky_cache|local_activity|activity_execution|activity_schedule/);
  notes.push(`Inside GovFlow's worker during the latency steps (its SDK metrics; seconds, bucket bounds): ${inWorker.length ? `\n\n${inWorker.map((l) => `- ${l}`).join('\n')}` : 'not available.'}`);
  notes.push(`Latency steps: the complete request answered p50 ${ms(percentile(answer, 50))}, p95 ${ms(percentile(answer, 95))}, p99 ${ms(percentile(answer, 99))}; complete → next task listed, slowest five: ${[...done].sort((a, b) => b - a).slice(0, 5).map((v) => fmt(v)).join(', ')} ms.`);
  // Raw at the same offered rate.
  const keys = tasks.map((_, i) => `lat-${i}`);
  await pool(keys, 16, async (key) => {
    await client.workflow.start('rawStepWorkflow', { workflowId: `raw/${key}`, taskQueue: RAW_QUEUE, args: [{ key, closeWrites: 2, openWrites: Math.max(1, writes - 2) }] });
  });
  await sleep(3000);
  before = load();
  const rawDone: number[] = [];
  // A raw step that fails (an overloaded dev server answers an Update with DEADLINE_EXCEEDED at load 35) is
  // counted, as GovFlow's are, instead of ending the run before the queries and the worker are measured.
  let rawFailures = 0;
  const r0 = performance.now();
  await Promise.all(keys.map(async (key, i) => {
    await sleep(r0 + (i * 1000) / RATE - performance.now());
    const start = performance.now();
    try {
      await client.workflow.getHandle(`raw/${key}`).executeUpdate(rawStepUpdate, { args: [{ requestId: randomUUID() }] });
      await until('raw open row', async () => ((await db.query(`SELECT 1 FROM bench_raw_row WHERE key = $1 AND kind = 'open' LIMIT 1`, [key])).rowCount === 1) || undefined, 120_000, 20);
      rawDone.push(performance.now() - start);
    } catch (err) {
      rawFailures++;
      console.error(err);
    }
  }));
  const p = (v: number[], q: number) => percentile(v, q);
  row({
    section: 'latency', metric: `complete → next task listed at ${RATE}/s offered (p50 / p95 / p99)`,
    govflow: `${ms(p(done, 50))} / ${ms(p(done, 95))} / ${ms(p(done, 99))} (answer p50 ${ms(p(answer, 50))})${failures ? `, ${failures} failed` : ''}`,
    baseline: `${ms(p(rawDone, 50))} / ${ms(p(rawDone, 95))} / ${ms(p(rawDone, 99))}${rawFailures ? `, ${rawFailures} failed` : ''}`,
    ratio: fmt(p(done, 50) / p(rawDone, 50), 2), target: 'p50 ≤ 200 ms, p95 ≤ 500 ms', verdict: verdict(p(done, 50) <= 200 && p(done, 95) <= 500 && failures === 0),
    load: `GovFlow ${gLoad}; raw ${loadSpan(before)}`,
  });
}

/** A campaign of `size` units written with plain SQL (units, their current tasks), for the query benchmarks. */
async function syntheticCampaign(prisma: PrismaClient, size: number, template: string, year: number): Promise<string> {
  await growCity(prisma, size);
  const id = randomUUID();
  await db.query(`
    INSERT INTO "Campaign" (id, key, "flowKey", year, title, "rootCodes", schedule, "publicationBaseUrl", status, "totalUnits", "startedUnits", "workflowId", "updatedAt")
    SELECT $1, 'annual-report/' || $2::text, "flowKey", $2::int, title || '（基准）', '{}', schedule, "publicationBaseUrl", 'RUNNING', $3::int, $3::int, 'campaign/annual-report/' || $2::text, now()
      FROM "Campaign" WHERE id = $4`, [id, year, size, template]);
  await db.query(`
    INSERT INTO "CampaignUnit" (id, "campaignId", "orgUnitId", "publicationGroup", "workflowId", state, "publishBy", "startedAt")
    SELECT gen_random_uuid(), $1, o.id, 'TOWNSHIP', 'annual-report/' || $2::text || '/' || o.code, 'RUNNING', ($2::int + 1)::text || '-02-27', now()
      FROM (SELECT * FROM "OrgUnit" ORDER BY path LIMIT $3) o`, [id, year, size]);
  // Every unit: 任务分派 done, then its current stage open (spread over the stages), one in ten returned once.
  await db.query(`
    INSERT INTO "Task" (id, "workflowId", "executionId", "stepKey", "flowKey", "stageKey", round, title, "orgUnitId", "assigneeRole", status, "campaignId", "startedAt", "deadlineAt", "completedAt", "updatedAt")
    SELECT gen_random_uuid(), cu."workflowId", cu."workflowId" || '/run', s.key || '#1', 'annual-report', s.key, 1, '基准', cu."orgUnitId", 'CLERK', s.status::"TaskStatus", $1::text,
           now() - interval '10 days', now() + (s.due || ' days')::interval, CASE WHEN s.status = 'OPEN' THEN NULL ELSE now() END, now()
      FROM "CampaignUnit" cu
      CROSS JOIN LATERAL (VALUES
        ('assign', 'COMPLETED', 0),
        ((ARRAY['self-check','sign-off','district-review','city-verification','pre-release'])[1 + abs(hashtext(cu.id::text)) % 5], 'OPEN', (abs(hashtext(cu."workflowId")) % 40) - 10),
        ('self-check-returned', CASE WHEN abs(hashtext(cu.id::text)) % 10 = 0 THEN 'RETURNED' ELSE 'COMPLETED' END, 0)
      ) AS s(key, status, due)
     WHERE cu."campaignId" = $1::uuid`, [id]);
  await db.query('ANALYZE');
  return id;
}

async function queriesSection(prisma: PrismaClient, ctx: AppContext, launched: Launched | undefined) {
  console.log('\n== queries');
  const supervisorId = await userId('supervisor');
  const sup = await sessionFor(supervisorId);
  const supUser = (await resolveSession(ctx, sup.token)) as CurrentUser;
  const unitSort = encodeURIComponent('["overdueWorkingDays","DESC"]');
  const range = encodeURIComponent('[0,24]');
  const unitsQuery = parseListQuery({ sort: '["overdueWorkingDays","DESC"]', range: '[0,24]' }, CAMPAIGN_UNIT_SORTABLE, ['code', 'ASC']);
  const campaigns: Array<{ id: string; units: number }> = [];
  if (launched) campaigns.push({ id: launched.campaignId, units: launched.units });
  else {
    const c = await db.query(`SELECT id, "totalUnits" FROM "Campaign" ORDER BY "launchedAt" LIMIT 1`);
    if (c.rows[0]) campaigns.push({ id: c.rows[0].id, units: c.rows[0].totalUnits });
  }
  if (!campaigns[0]) throw new Error('the query benchmarks need a launched campaign (section launch)');
  // The sizes the targets name, written with SQL (a launch of 5,000 flows would take most of an hour here).
  let year = 2090;
  for (const size of [1000, BIG_UNITS]) {
    if (campaigns.some((c) => c.units === size)) continue;
    campaigns.push({ id: await syntheticCampaign(prisma, size, campaigns[0].id, year++), units: size });
  }
  const plain = `
    SELECT cu."orgUnitId", o.code, o.name, cu.state, cur."stageKey", cur."deadlineAt", COALESCE(r.returns, 0)::int AS returns
      FROM "CampaignUnit" cu JOIN "OrgUnit" o ON o.id = cu."orgUnitId"
      LEFT JOIN LATERAL (SELECT t."stageKey", t."deadlineAt" FROM "Task" t WHERE t."workflowId" = cu."workflowId" AND t.status = 'OPEN' AND t.position = 'main' ORDER BY t."startedAt" DESC LIMIT 1) cur ON true
      LEFT JOIN LATERAL (SELECT count(*) AS returns FROM "Task" t WHERE t."workflowId" = cu."workflowId" AND t.status = 'RETURNED') r ON true
     WHERE cu."campaignId" = $1 AND o.path LIKE $2 ORDER BY o.path`;
  for (const c of campaigns) {
    const before = load();
    const server: number[] = [];
    const overHttp = await timeEach(QUERY_CALLS, async () => {
      const r = await http('GET', `/api/campaigns/${c.id}/progress`, sup);
      if (r.status !== 200) throw new Error(`progress: ${r.status} ${JSON.stringify(r.body)}`);
      server.push(r.body.tookMs);
    });
    const inProcess = await timeEach(QUERY_CALLS, () => campaignProgress(ctx, supUser, c.id, {}));
    const sql = await timeEach(QUERY_CALLS, () => db.query(plain, [c.id, `${supUser.scopePath}%`]));
    row({
      section: 'queries', metric: `progress, ${c.units} units (p50 / p95)`,
      govflow: `server ${ms(percentile(server, 50))} / ${ms(percentile(server, 95))}; in-process ${ms(percentile(inProcess, 50))} / ${ms(percentile(inProcess, 95))}; HTTP ${ms(percentile(overHttp, 50))} / ${ms(percentile(overHttp, 95))}`,
      baseline: `plain SQL ${ms(percentile(sql, 50))} / ${ms(percentile(sql, 95))}`,
      ratio: fmt(percentile(server, 50) / percentile(sql, 50), 1),
      ...(c.units === 1000 ? { target: '≤ 100 ms in the server (p50)', verdict: verdict(percentile(server, 50) <= 100) } : {}),
      load: loadSpan(before),
    });
    const before2 = load();
    const pageHttp = await timeEach(QUERY_CALLS, async () => {
      const r = await http('GET', `/api/campaigns/${c.id}/units?sort=${unitSort}&range=${range}`, sup);
      if (r.status !== 200) throw new Error(`units page: ${r.status}`);
    });
    const pageIn = await timeEach(QUERY_CALLS, () => listCampaignUnits(ctx, supUser, c.id, unitsQuery));
    row({
      section: 'queries', metric: `units page (25, by overdue), ${c.units} units (p50 / p95)`,
      govflow: `in-process ${ms(percentile(pageIn, 50))} / ${ms(percentile(pageIn, 95))}; HTTP ${ms(percentile(pageHttp, 50))} / ${ms(percentile(pageHttp, 95))}`,
      baseline: `plain SQL (all rows) ${ms(percentile(sql, 50))} / ${ms(percentile(sql, 95))}`,
      ratio: fmt(percentile(pageIn, 50) / percentile(sql, 50), 1), load: loadSpan(before2),
    });
  }
  await inboxSection(ctx, sup, supUser);
}

/** The inbox: 25 open tasks sorted by deadline, with INBOX_TASKS task rows stored. */
async function inboxSection(ctx: AppContext, sup: Session, supUser: CurrentUser) {
  const have = (await db.query('SELECT count(*)::int AS n FROM "Task"')).rows[0].n as number;
  const add = Math.max(0, INBOX_TASKS - have);
  console.log(`  inserting ${add} synthetic tasks (${have} stored)`);
  // Spread over every unit; a third open, deadlines from 20 days ago to 60 days ahead.
  await db.query(`
    WITH units AS (SELECT id, row_number() OVER (ORDER BY path) - 1 AS k FROM "OrgUnit")
    INSERT INTO "Task" (id, "workflowId", "executionId", "stepKey", "flowKey", "stageKey", title, "orgUnitId", "assigneeRole", status, "startedAt", "deadlineAt", "completedAt", "updatedAt")
    SELECT gen_random_uuid(), 'bench-inbox/' || g, 'bench-inbox/' || g || '/run', 'application#1', 'website-closure', 'application', '基准待办 ' || g, u.id, 'CLERK',
           (CASE WHEN g % 3 = 0 THEN 'OPEN' ELSE 'COMPLETED' END)::"TaskStatus", now() - interval '30 days',
           now() + ((g * 7919) % 80 - 20) * interval '1 day' + (g % 86400) * interval '1 second', CASE WHEN g % 3 = 0 THEN NULL ELSE now() END, now()
      FROM generate_series(1, $1::int) g JOIN units u ON u.k = g % (SELECT count(*) FROM "OrgUnit")`, [add]);
  await db.query('ANALYZE "Task"');
  const total = (await db.query('SELECT count(*)::int AS n FROM "Task"')).rows[0].n as number;
  const clerkUnit = (await db.query(`SELECT o.code FROM "Task" t JOIN "OrgUnit" o ON o.id = t."orgUnitId" WHERE t.status = 'OPEN' GROUP BY o.code ORDER BY count(*) DESC LIMIT 1`)).rows[0].code as string;
  const clerk = await clerkSession(clerkUnit);
  const clerkUser = (await resolveSession(ctx, clerk.token)) as CurrentUser;
  const filter = JSON.stringify({ status: 'OPEN' });
  const path = `/api/tasks?filter=${encodeURIComponent(filter)}&sort=${encodeURIComponent('["deadlineAt","ASC"]')}&range=${encodeURIComponent('[0,24]')}`;
  const q = parseListQuery({ filter, sort: '["deadlineAt","ASC"]', range: '[0,24]' }, TASK_SORTABLE, ['deadlineAt', 'ASC']);
  // The supervisor's total as the repository sums it (TaskCount, one row per unit and status), beside the page
  // on a second connection, in plain SQL: the floor for GovFlow's own way of listing a whole city.
  const counters = `SELECT coalesce(sum(c.n), 0)::int AS n FROM "TaskCount" c JOIN "OrgUnit" o ON o.id = c."orgUnitId" WHERE o.path LIKE $1 AND c.status = 'OPEN'`;
  const who: Array<[string, Session, CurrentUser, string, unknown[], string | undefined]> = [
    [`a clerk (${clerkUnit})`, clerk, clerkUser, `"orgUnitId" = $1`, [clerkUser.orgUnitId], undefined],
    ['the city supervisor (whole city)', sup, supUser, `o.path LIKE $1`, [`${supUser.scopePath}%`], counters],
  ];
  for (const [label, s, user, cond, params, countSql] of who) {
    const before = load();
    await listTasks(ctx, user, q); // warm the calendar cache, as a running API has it
    const inProcess = await timeEach(QUERY_CALLS * 2, () => listTasks(ctx, user, q));
    const overHttp = await timeEach(QUERY_CALLS * 2, async () => {
      const r = await http('GET', path, s);
      if (r.status !== 200) throw new Error(`inbox: ${r.status}`);
    });
    const sql = await timeEach(QUERY_CALLS * 2, async () => {
      await db.query(`SELECT t.*, o.code, o.name FROM "Task" t JOIN "OrgUnit" o ON o.id = t."orgUnitId" WHERE ${cond} AND t.status = 'OPEN' ORDER BY t."deadlineAt" ASC NULLS LAST, t.id LIMIT 25`, params);
      await db.query(`SELECT count(*) FROM "Task" t JOIN "OrgUnit" o ON o.id = t."orgUnitId" WHERE ${cond} AND t.status = 'OPEN'`, params);
    });
    const page = `SELECT t.*, o.code, o.name FROM "Task" t JOIN "OrgUnit" o ON o.id = t."orgUnitId" WHERE ${cond} AND t.status = 'OPEN' ORDER BY t."deadlineAt" ASC NULLS LAST, t.id LIMIT 25`;
    const summed = countSql ? await timeEach(QUERY_CALLS * 2, () => Promise.all([db.query(page, params), db.query(countSql, params)])) : undefined;
    const p95 = percentile(inProcess, 95);
    const floor = summed ?? sql;
    row({
      section: 'queries', metric: `inbox page (25 open, by deadline) for ${label}, ${total} tasks (p50 / p95)`,
      govflow: `in-process ${ms(percentile(inProcess, 50))} / ${ms(p95)}; HTTP ${ms(percentile(overHttp, 50))} / ${ms(percentile(overHttp, 95))}`,
      baseline: `plain SQL, page and exact count ${ms(percentile(sql, 50))} / ${ms(percentile(sql, 95))}${summed ? `; page beside the TaskCount sum ${ms(percentile(summed, 50))} / ${ms(percentile(summed, 95))}` : ''}`,
      ratio: fmt(percentile(inProcess, 50) / percentile(floor, 50), 1), target: 'p95 ≤ 30 ms', verdict: verdict(p95 <= 30), load: loadSpan(before),
    });
  }
}


async function workerSection(tasks: Launched['tasks']) {
  console.log('\n== worker: start-up and kill -9');
  const before = load();
  // Start-up: a clean stop, then a start, to "worker running" (it polls right after).
  await stopProc(worker);
  worker = startWorker();
  const startup = (await worker.ready) - worker.startedAt;
  // kill -9 with the flows in its cache, then a new worker; a step is tried at once and again until it goes through.
  worker.child.kill('SIGKILL');
  await worker.exited;
  worker = startWorker();
  const spawnedAt = worker.startedAt;
  let readyAt = 0;
  worker.ready.then((t) => { readyAt = t; }, () => undefined);
  const t = tasks[0];
  await until('a step after kill -9', async () => {
    try {
      await completeAssign(t);
      return true;
    } catch (err) {
      if (String(err).includes('TASK_NOT_OPEN')) return true; // an earlier attempt went through
      return undefined;
    }
  }, 300_000, 200);
  await until('next task', async () => (await nextTaskListed(t.workflowId)) || undefined, 120_000, 20);
  const flowing = performance.now();
  await worker.ready;
  const stall = flowing - readyAt;
  row({ section: 'worker', metric: 'start-up: process start → polling', govflow: ms(startup), load: loadSpan(before) });
  row({
    section: 'worker', metric: 'after kill -9: new worker running → a step completes and its next task is listed',
    govflow: `${ms(stall)} (${ms(flowing - spawnedAt)} from the new process's start)`, target: '≤ 5 s', verdict: verdict(stall <= 5000), load: load(),
  });
  const rss = rssMb(worker.child.pid!);
  notes.push(`Worker RSS at the end of the run (fresh worker after kill -9): ${rss.rss} MB.`);
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  console.log(`GovFlow benchmark ${STAMP}: ${QUICK ? 'quick' : 'full'} run, namespace ${NAMESPACE}, load ${load()}`);
  await db.query(RAW_TABLE_SQL);
  const config = loadConfig({ ...env, TEMPORAL_NAMESPACE: NAMESPACE });
  const prisma = createPrisma(config.DATABASE_URL, 5);
  const ctx: AppContext = { config, prisma, temporal: undefined as never, logger: createLogger('silent', 'bench') };
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: NAMESPACE });
  await ensureBenchClerks();
  worker = startWorker(PROFILE);
  api = startApi(PROFILE);
  if (PROFILE) profiled.push({ who: 'worker', startedAt: worker.startedAt }, { who: 'api', startedAt: api.startedAt });
  rawWorker = startNode('bench/raw/worker.ts', { cwd: ROOT, env: { ...env, TEMPORAL_NAMESPACE: NAMESPACE, BENCH_RAW_TASK_QUEUE: RAW_QUEUE, DATABASE_URL: withApp(env.DATABASE_URL!, 'bench-raw') }, logFile: join(LOG_DIR, 'bench-raw-worker.log'), readyLine: /raw worker running/ });
  const firstStart = (await worker.ready) - worker.startedAt;
  await Promise.all([apiReady(api), rawWorker.ready]);
  await ensureBenchClerks();
  row({ section: 'worker', metric: 'first start-up: process start → polling', govflow: ms(firstStart), load: load() });
  try {
    let launched: Launched | undefined;
    if (SECTIONS.has('launch')) launched = await launchSection(prisma, client);
    let writes = Number(env.BENCH_WRITES_PER_STEP ?? 0);
    if (launched) {
      await ensureBenchClerks();
      const pool = [...launched.tasks];
      const take = (n: number) => pool.splice(0, Math.min(n, pool.length));
      const reserve = take(2);
      if (SECTIONS.has('count')) writes = (await countSection(take(3), client)).writes;
      if (!writes) writes = 9;
      if (SECTIONS.has('steps')) await stepsSection(take(N_STEPS), client, writes, launched);
      if (SECTIONS.has('latency')) await latencySection(take(N_LATENCY), client, writes);
      if (SECTIONS.has('queries')) await queriesSection(prisma, ctx, launched);
      if (SECTIONS.has('worker')) await workerSection(reserve);
    } else if (SECTIONS.has('queries')) await queriesSection(prisma, ctx, undefined);
  } finally {
    await Promise.all([stopProc(worker), stopProc(api), stopProc(rawWorker)]);
    if (PROFILE) summarizeProfiles();
    await prisma.$disconnect();
    await connection.close();
    await db.end();
  }
  const table = [
    `GovFlow benchmark ${STAMP} (${QUICK ? 'quick' : 'full'}; units ${N_UNITS}, steps ${N_STEPS}, latency steps ${N_LATENCY} at ${RATE}/s, ${CLERKS} clerks; load average 1/5/15 min at the end ${load()})`,
    '',
    '| section | what | GovFlow | raw baseline | ratio | target | | load before → after |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.section} | ${r.metric} | ${r.govflow} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.verdict} | ${r.load} |`),
    '',
    ...notes.flatMap((n) => [n, '']),
  ].join('\n');
  const file = join(OUT_DIR, `bench-${STAMP}.md`);
  writeFileSync(file, `${table}\n`);
  console.log(`\n${table}\nwritten to ${file.replace(`${ROOT}/`, '')}`);
}

// Stopped from outside (Ctrl-C, a timeout): the worker, API and raw worker go with the benchmark.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const p of [worker, api, rawWorker]) p?.child.kill('SIGKILL');
    process.exit(130);
  });
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
