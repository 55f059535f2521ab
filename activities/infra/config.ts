import { z } from 'zod';
import { CALENDAR_CHANGE_BATCH, CALENDAR_CHANGE_BATCHES_PER_RUN } from '../../domain/calendar/changeJob';

/**
 * All of GovFlow's settings, read once from the environment and checked at start-up. A missing or
 * malformed value stops the process with a message naming the variable, never a half-working service.
 * Every Temporal address, namespace and TLS setting is here so that GovFlow can join an existing cluster.
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** A duration: 30d (calendar days), 12h, 5m, 90s or 500ms, as milliseconds. */
const duration = z.string().regex(/^\d+(d|h|m|s|ms)$/, 'must be a duration like 30d, 12h, 5m, 90s or 500ms').transform((v) => {
  const [, n, unit] = /^(\d+)(d|h|m|s|ms)$/.exec(v)!;
  return Number(n) * { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit as 'd' | 'h' | 'm' | 's' | 'ms'];
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z
    .string({ required_error: 'is required (postgresql://user:password@host:port/database)' })
    .url('must be a URL like postgresql://user:password@host:port/database')
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgresql://'),
  REDIS_URL: z
    .string({ required_error: 'is required (redis://host:port)' })
    .url('must be a URL like redis://host:port')
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
  TEMPORAL_ADDRESS: z
    .string({ required_error: 'is required (host:port of the Temporal frontend)' })
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, for example 127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('govflow'),
  TEMPORAL_TLS: bool.default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  /** When set, GET /metrics of the API requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * host:port where the worker's Temporal SDK serves its Prometheus metrics (GET /metrics: workflow and
   * activity task latencies, failures, slots, sticky cache). Unset: no metrics endpoint on the worker.
   */
  WORKER_METRICS_ADDRESS: z.string().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, for example 0.0.0.0:9464').optional(),
  TEMPORAL_UI_URL: z.string().url('must be the Temporal Web UI base URL').optional(),
  ADMIN_DIST_DIR: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  // Notifications (activities/notifications). Without SMTP_URL no e-mail is sent: in-app and webhooks only.
  SMTP_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().url('must be a URL like smtp://user:password@host:587').refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://').optional(),
  ),
  SMTP_FROM: z.string().min(3).default('GovFlow <noreply@govflow.local>'),
  /** BullMQ queue name; tests use one of their own so that no other worker takes their jobs. */
  NOTIFY_QUEUE: z.string().regex(/^[\w.-]{1,100}$/, 'must be letters, digits, ".", "-" or "_" (BullMQ forbids ":")').default('govflow-notifications'),
  /** Delivery attempts per notification before it is marked FAILED (an administrator may retry it). */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** Base of the exponential backoff between attempts: 2 s, 4 s, 8 s ... with the defaults about a minute in all. */
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(1).default(2000),
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** How often the outbox relay queues PENDING rows that Redis never received (it was down, or lost them). */
  NOTIFY_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).default(5000),
  /** A PENDING row queued longer ago than this is queued again (a duplicate job id is ignored by BullMQ). */
  NOTIFY_RELAY_STALE_MS: z.coerce.number().int().min(0).default(120_000),
  /** Timeout of one SMTP conversation or webhook request. */
  NOTIFY_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How long writing a job to Redis may take before the caller gives up and leaves the row to the relay. */
  NOTIFY_ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
  /** PostgreSQL connections per process (API or worker). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Activities one worker runs at once. Kept near the connection pool: a campaign launch opens hundreds
   * of steps at once, and more activities than connections only queue for them (and time out waiting).
   */
  WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * Running steps a calendar change updates at once (workflows/calendarChange.ts). Each update runs the step's
   * own projection activity on the same workers, so this stays below WORKER_MAX_ACTIVITIES.
   */
  CALENDAR_CHANGE_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Steps per batch (one activity call) of a calendar change's job, and batches per run before it continues as new. */
  CALENDAR_CHANGE_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(CALENDAR_CHANGE_BATCH),
  CALENDAR_CHANGE_BATCHES_PER_RUN: z.coerce.number().int().min(1).max(1000).default(CALENDAR_CHANGE_BATCHES_PER_RUN),
  /**
   * Flows a worker keeps in memory between their steps (Temporal's sticky cache); past this many, the least
   * recently used flow is evicted and its next step replays its (short) history. A flow waits days for a
   * person between steps, so the cache only pays for the flows busy within the same few seconds: a launch
   * (16 units started at a time, each busy for a few seconds) or a burst of completions keeps well under a
   * hundred busy. Each cached flow costs the workflow thread about 135 KB; a step on an evicted flow replays
   * its history in a few milliseconds (`npm run bench`: latency at 5 steps/s with 145 of 150 steps evicted,
   * p50 137 ms). The worker's heap cap (`--max-old-space-size=128` in `npm run start:worker`) is sized for
   * this cache: raise both together. 0 turns the cache off (every step replays); 1 is not allowed by the SDK.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).refine((n) => n !== 1, '0 (no cache) or at least 2').default(100),
  /**
   * How long a flow's next workflow task waits for the worker that holds the flow in its cache (Temporal's
   * sticky queue) before any worker may take it. This is also the stall after a worker is killed: its idle
   * flows resume on another worker once it passes (a flow whose workflow task the dead worker had in hand
   * waits for FLOW_WORKFLOW_TASK_TIMEOUT instead). Shorter means faster recovery and more history replays
   * under load; 5s (the SDK's is 10s) halves the stall and still leaves a loaded worker time to poll its own.
   */
  WORKER_STICKY_TIMEOUT: duration.default('5s'),
  /**
   * On SIGTERM the worker stops polling and lets the activities it holds finish for this long; an activity
   * still running after it is cancelled (and retried elsewhere). Workflow tasks in hand always finish.
   */
  WORKER_SHUTDOWN_GRACE: duration.default('30s'),
  /**
   * On SIGTERM the API refuses new requests (503 SHUTTING_DOWN, /api/ready says draining) and waits this
   * long at most for the requests in flight (a task action waits for its workflow) before it closes.
   */
  API_SHUTDOWN_TIMEOUT: duration.default('30s'),
  /**
   * The worker's workflow code: `auto` loads dist/workflow-bundle.js while it is newer than the sources
   * (else bundles and saves it), `off` bundles at every start (worker/workflowBundle.ts).
   */
  WORKFLOW_BUNDLE: z.enum(['auto', 'off']).default('auto'),
  /**
   * 文字重复率 thresholds, percent of a report's text repeated from the unit's last year and other units'
   * reports of the campaign (domain/annual-report/duplication.ts). No official threshold exists (内容雷同 is
   * sanctionable, 条例 第四十七条): at WARN the reviewer is warned, at RETURN advised to return the report.
   */
  DUPLICATION_WARN_PERCENT: z.coerce.number().min(0).max(100).default(30),
  DUPLICATION_RETURN_PERCENT: z.coerce.number().min(0).max(100).default(50),
  /** Largest document a step accepts (the annual report as PDF/OFD/Word, closure evidence). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(20 * 1024 * 1024),
  /**
   * How often each worker closes the open task rows of workflows that no longer run (terminated, timed
   * out: activities/reconciler). 0 turns it off; administrators can also run it: POST /api/admin/reconcile.
   */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000)
    .refine((v) => v === 0 || v >= 1000, 'must be 0 (off) or at least 1000 (milliseconds)'),
  // Website closure (workflows/websiteClosure.ts). The notice period is calendar time: a public notice
  // addresses the public (one city requires at least 30 days, docs/domain.md §4); tests shorten it.
  CLOSURE_NOTICE_PERIOD: duration.default('30d'),
  /** 回头看 after a site is closed: two durations, comma-separated (default 30 and 90 days). */
  CLOSURE_FOLLOW_UP_AFTER: z.string().regex(/^\d+(d|h|m|s|ms),\d+(d|h|m|s|ms)$/, 'must be two durations like 30d,90d').default('30d,90d')
    .transform((v) => v.split(',').map((d) => duration.parse(d)) as [number, number]),
  /** After 域名注销, check through DNS that the domain no longer resolves. */
  CLOSURE_DNS_CHECK: bool.default('true'),
});

export type Config = z.infer<typeof schema>;

/** Every variable GovFlow reads (docker-compose.yml and the README may set no other). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`GovFlow cannot start, its configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const cfg = parsed.data;
  // The console links to flow histories in the Web UI: by default the one scripts/services.sh starts.
  cfg.TEMPORAL_UI_URL ??= `http://127.0.0.1:${env.GOVFLOW_TEMPORAL_UI_PORT ?? '58233'}`;
  const tlsFiles = [cfg.TEMPORAL_TLS_CERT_PATH, cfg.TEMPORAL_TLS_KEY_PATH].filter(Boolean).length;
  if (tlsFiles === 1) {
    throw new ConfigError(['TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together (mTLS client certificate)']);
  }
  return cfg;
}

/** Runs `main` and turns a configuration problem into one clear message and exit code 78 (EX_CONFIG). */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  throw err;
}
