/**
 * The chaos suite's hold on the real stack: GovFlow's workers and API as processes of their own (killed with
 * SIGKILL, started again), PostgreSQL, Redis and Temporal stopped and started through scripts/services.sh,
 * sessions for the people who act, and HTTP with the retries a clerk's browser would make.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { sleep, startNode, stopProc, until, workerNodeOptions, type Proc } from '../lib/util';

export const ROOT = resolve(__dirname, '../..');
const env = process.env;
export const LOG_DIR = env.GOVFLOW_LOG_DIR ?? join(ROOT, '.logs');
export const API_PORT = Number(env.GOVFLOW_API_PORT ?? 8080);
export const BASE = `http://127.0.0.1:${API_PORT}`;
export const NAMESPACE = env.TEMPORAL_NAMESPACE!;
/** GOVFLOW_CHAOS_BUILT=1: the processes production starts (dist/, scripts/build.ts), as CI has built them. */
const BUILT = env.GOVFLOW_CHAOS_BUILT === '1';
const WORKER_ENTRY = BUILT ? 'dist/worker.js' : 'worker/main.ts';
const API_ENTRY = BUILT ? 'dist/server.js' : 'server/main.ts';
const run = promisify(execFile);

/** The driver's own connections: a PostgreSQL restart breaks them, and the pool opens new ones after. */
export const db = new Pool({ connectionString: env.DATABASE_URL, max: 8, application_name: 'chaos' });
db.on('error', () => undefined);

/** A query that waits out a PostgreSQL restart (the checks run after it; a burst's polls run during it). */
export async function q<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await db.query(sql, params)).rows as T[];
    } catch (err) {
      if (attempt > 120 || !/ECONNREFUSED|terminat|shutting down|starting up|Connection|57P0/i.test(String((err as Error)?.message ?? err) + String((err as { code?: string }).code))) throw err;
      await sleep(500);
    }
  }
}

function appEnv(app: string): NodeJS.ProcessEnv {
  const url = env.DATABASE_URL!;
  return {
    ...env,
    DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}application_name=${app}`,
    TEMPORAL_NAMESPACE: NAMESPACE,
    TEMPORAL_TASK_QUEUE: 'govflow',
    NOTIFY_QUEUE: `govflow-${NAMESPACE}`,
    // The relay queues what Redis did not take within a second of Redis coming back.
    NOTIFY_RELAY_INTERVAL_MS: '1000',
    NOTIFY_ENQUEUE_TIMEOUT_MS: '1000',
    PORT: String(API_PORT),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
  };
}

export class Workers {
  readonly procs = new Map<string, Proc>();
  kills = 0;
  starts = 0;
  /** Time from a new process's start to "worker running" (it polls right after), per start. */
  readonly startMs: number[] = [];

  async start(name: string): Promise<void> {
    this.starts++;
    // The built worker with production's node options (its heap cap, `npm run start:worker`).
    const nodeArgs = BUILT ? workerNodeOptions(ROOT) : [];
    const p = startNode(WORKER_ENTRY, { cwd: ROOT, env: appEnv(`chaos-worker-${name}`), logFile: join(LOG_DIR, `chaos-worker-${name}.log`), readyLine: /"msg":"worker running"/, nodeArgs });
    this.procs.set(name, p);
    this.startMs.push((await p.ready) - p.startedAt);
  }

  /** kill -9: no drain, no goodbye to Temporal; its sticky cache and in-flight tasks are lost. */
  async kill(name: string): Promise<void> {
    const p = this.procs.get(name);
    if (!p) return;
    p.child.kill('SIGKILL');
    await p.exited;
    this.procs.delete(name);
    this.kills++;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.procs.values()].map((p) => stopProc(p, 20_000)));
    this.procs.clear();
  }
}

export async function startApi(): Promise<Proc> {
  const p = startNode(API_ENTRY, { cwd: ROOT, env: appEnv('chaos-api'), logFile: join(LOG_DIR, 'chaos-api.log'), readyLine: /a^/ });
  await until('the API to answer', async () => {
    if (p.child.exitCode !== null) throw new Error('the API exited; see .logs/chaos-api.log');
    return fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
  }, 120_000, 200);
  return p;
}

/**
 * scripts/services.sh ACTION NAME, without blocking the event loop (probes run while a service is down);
 * `extraEnv` points it elsewhere (GOVFLOW_DATA_DIR of a restored stack).
 */
export async function service(action: 'start' | 'stop', name: 'postgres' | 'redis' | 'temporal', extraEnv: Record<string, string> = {}): Promise<number> {
  return script('services.sh', [action, name], extraEnv);
}

/** scripts/NAME ARGS..., timed; its output goes to the log folder, and into the error when it fails. */
export async function script(name: string, args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  try {
    await run('bash', [join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, timeout: 300_000 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`scripts/${name} ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
  return performance.now() - t0;
}

// ---------------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------------

export interface Session { login: string; userId: string; cookie: string; csrf: string }
const sessions = new Map<string, Session>();

/** A session written directly (a scrypt sign-in for every clerk would dominate the run); sign-in itself is tested on its own. */
export async function sessionOf(userId: string): Promise<Session> {
  let s = sessions.get(userId);
  if (s) return s;
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const [u] = await q<{ login: string }>('SELECT login FROM "User" WHERE id = $1', [userId]);
  await q(`INSERT INTO "Session" (id, "userId", "csrfToken", "expiresAt") VALUES ($1, $2, $3, now() + interval '12 hours')`,
    [createHash('sha256').update(token).digest('hex'), userId, csrf]);
  s = { login: u.login, userId, cookie: `govflow_session=${token}`, csrf };
  sessions.set(userId, s);
  return s;
}

/** Users of a unit with a role, the seeded one first; `n` of them, created as copies of the first when missing. */
export async function holders(orgUnitId: string, role: string, n: number): Promise<string[]> {
  let rows = await q<{ id: string }>(`SELECT id FROM "User" WHERE "orgUnitId" = $1 AND $2 = ANY(roles::text[]) AND active ORDER BY login LIKE 'chaos-%', login`, [orgUnitId, role]);
  if (rows.length < n) {
    for (let i = rows.length; i < n; i++) {
      await q(`INSERT INTO "User" (id, login, "displayName", "orgUnitId", roles, "passwordHash", "updatedAt")
               SELECT gen_random_uuid(), 'chaos-' || lower(o.code) || '-' || lower($2) || '-' || $3, '混沌测试' || $3, o.id, ARRAY[$2]::"Role"[], u."passwordHash", now()
                 FROM "OrgUnit" o, (SELECT "passwordHash" FROM "User" WHERE login = 'admin') u WHERE o.id = $1
               ON CONFLICT DO NOTHING`, [orgUnitId, role, String(i + 1)]);
    }
    rows = await q<{ id: string }>(`SELECT id FROM "User" WHERE "orgUnitId" = $1 AND $2 = ANY(roles::text[]) AND active ORDER BY login LIKE 'chaos-%', login`, [orgUnitId, role]);
  }
  return rows.slice(0, n).map((r) => r.id);
}

export async function sessionByLogin(login: string): Promise<Session> {
  const [u] = await q<{ id: string }>('SELECT id FROM "User" WHERE login = $1', [login]);
  if (!u) throw new Error(`no user ${login}`);
  return sessionOf(u.id);
}

// ---------------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------------

export interface Answer { status: number; body: any; ms: number; text: string }

/** Every answer of the API this run saw, by status and code: the table reports the 5xx. */
export const answers = new Map<string, number>();
const tally = (status: number, code?: string) => {
  const k = `${status} ${code ?? ''}`.trim();
  answers.set(k, (answers.get(k) ?? 0) + 1);
};

export async function http(method: string, path: string, s: Session | undefined, body?: unknown, opts: { timeoutMs?: number; headers?: Record<string, string>; raw?: string | Uint8Array | FormData } = {}): Promise<Answer> {
  const t = performance.now();
  const headers: Record<string, string> = {
    ...(s ? { cookie: s.cookie } : {}),
    ...(s && method !== 'GET' ? { 'x-csrf-token': s.csrf } : {}),
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  const res = await fetch(`${BASE}${path}`, {
    method, headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  tally(res.status, parsed?.error?.code);
  return { status: res.status, body: parsed, ms: performance.now() - t, text };
}

export interface ActOutcome { status: number; code?: string; attempts: number; ms: number }

/**
 * A task action as a clerk's browser makes it during a fault: the same requestId again after a 503, a
 * gateway error or a dropped connection, until the API answers. An earlier attempt that went through makes
 * the retry answer 200 (the API finds the request's audit row), so an action is applied once.
 */
export async function act(s: Session, taskId: string, action: string, body: Record<string, unknown> = {}, retryUntilMs = 300_000): Promise<ActOutcome> {
  return actWith(s, taskId, action, randomUUID(), body, retryUntilMs);
}

/** `act` with the request id the clerk's page already holds (a click again after an outage). */
export async function actWith(s: Session, taskId: string, action: string, requestId: string, body: Record<string, unknown> = {}, retryUntilMs = 300_000): Promise<ActOutcome> {
  const t0 = performance.now();
  for (let attempt = 1; ; attempt++) {
    let res: Answer | undefined;
    try {
      res = await http('POST', `/api/tasks/${taskId}/${action}`, s, { requestId, ...body }, { timeoutMs: 90_000 });
    } catch {
      res = undefined; // connection refused or reset, timeout: the browser shows an error and the clerk clicks again
    }
    if (res && res.status < 500) return { status: res.status, code: res.body?.error?.code, attempts: attempt, ms: performance.now() - t0 };
    if (performance.now() - t0 > retryUntilMs) return { status: res?.status ?? 0, code: res?.body?.error?.code ?? 'NO_ANSWER', attempts: attempt, ms: performance.now() - t0 };
    await sleep(Math.min(2000, 200 * attempt));
  }
}

export const uuid = () => randomUUID();
