/**
 * The real GovFlow stack for integration tests: the express app on port 0, a Temporal worker with the
 * real workflow bundle on a task queue of its own, the test database and the test Temporal server.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { loadConfig, type Config } from '../../activities/infra/config';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import { createApp } from '../../server/app';
import type { AppContext } from '../../server/context';
import { closeApiNotificationQueue, notify } from '../../server/services/notificationService';
import { startNotificationDelivery } from '../../activities/notifications/delivery';
import { createNotificationActivities } from '../../activities/notifications/outbox';
import { closeNotificationQueue, createNotificationQueue } from '../../activities/notifications/queue';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { applyTestEnv } from './env';
import { createTestLogger } from './testLog';
import { realWorkflowBundle } from './workflowBundle';

export interface TestStack {
  config: Config;
  baseUrl: string;
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startStack(overrides: Partial<Record<string, string>> = {}): Promise<TestStack> {
  applyTestEnv();
  const taskQueue = `govflow-test-${randomUUID()}`;
  const config = loadConfig({ ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, PORT: '0', ...overrides });
  const prisma = createPrisma(config.DATABASE_URL, 12);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The real notification path: outbox rows in PostgreSQL, queued in Redis, delivered by a BullMQ worker.
  // Errors (a 500's cause, a failed delivery) go to .logs/test-<stream>-w<worker>.log, printed when CI fails.
  const { logger, close: closeLog } = createTestLogger('govflow-test');
  const queue = createNotificationQueue(config, logger);
  const notifications = createNotificationActivities({ prisma, queue, logger, config });
  const delivery = await startNotificationDelivery({ prisma, config, logger, queue });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    maxConcurrentActivityTaskExecutions: 8,
    workflowBundle: await realWorkflowBundle(),
    activities: { ...createActivities({ prisma, notifier: (r) => notifications.notify(r), temporal: { client, taskQueue }, calendarChangeConcurrency: config.CALENDAR_CHANGE_CONCURRENCY }) },
  });
  const running = worker.run();
  const ctx: AppContext = { config, prisma, temporal: client, logger };
  ctx.notifier = (request) => notify(ctx, request);
  const app = createApp(ctx);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    prisma,
    client,
    taskQueue,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      worker.shutdown();
      await running;
      await delivery.stop();
      await closeApiNotificationQueue(ctx);
      await closeNotificationQueue(queue);
      await nativeConnection.close();
      await connection.close();
      await prisma.$disconnect();
      closeLog();
    },
  };
}

export interface ApiResponse<T = any> { status: number; body: T; headers: Headers }

/** A signed-in user of the API: carries the session cookie and sends the CSRF token on writes. */
export class ApiSession {
  private cookie = '';
  private csrf = '';
  constructor(readonly baseUrl: string) {}

  static async login(baseUrl: string, login: string, password = DEMO_PASSWORD): Promise<ApiSession> {
    const s = new ApiSession(baseUrl);
    const res = await s.request('POST', '/api/auth/login', { login, password });
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return s;
  }

  /** The same session (cookie and CSRF token) sent to another API process, as a load balancer would. */
  sameSessionOn(baseUrl: string): ApiSession {
    const other = new ApiSession(baseUrl);
    other.cookie = this.cookie;
    other.csrf = this.csrf;
    return other;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    const parsed = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
    if (parsed?.csrfToken) this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  /** A multipart upload of one file, as a browser's form sends it. */
  async upload<T = any>(path: string, field: string, filename: string, bytes: Uint8Array): Promise<ApiResponse<T>> {
    const form = new FormData();
    form.append(field, new Blob([bytes]), filename);
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}) },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }
  /** Sends raw bytes (a multipart upload) with the session's cookie and CSRF token; the answer is JSON. */
  async send<T = any>(path: string, body: Buffer, contentType: string): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, cookie: this.cookie, 'x-csrf-token': this.csrf },
      body: new Uint8Array(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
  }
  /** The raw bytes of a download. */
  async downloadBytes(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
  /** A download: the answer's bytes as they are (CSV, Excel, a document). */
  async downloadFile(path: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
  get = <T = any>(path: string) => this.request<T>('GET', path);
  /** A GET whose answer is not JSON (a file download): the raw response. */
  download = (path: string) => fetch(`${this.baseUrl}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
}

/**
 * Polls `fn` until it returns a value that is not undefined, or fails after `timeoutMs`. The pause between
 * polls starts at 50 ms and grows by half up to 500 ms: a quick condition is seen as soon as before, and a
 * long wait costs a few polls instead of ten a second. A poll through the API costs the test process about
 * 20 ms of CPU (session, query, JSON) next to the worker it shares the process with; scenarios that drive
 * many flows at once spent much of the machine polling.
 */
export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(500, Math.round(pause * 1.5))) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(0, deadline - Date.now()) + 1)));
  }
}

/**
 * Cancels the flows a test file started and waits for each to end, while the file's worker still runs:
 * a cancelled flow closes its open tasks, so the next run on the same database starts clean.
 */
export async function cancelWorkflows(client: Client, workflowIds: Iterable<string>): Promise<void> {
  for (const id of workflowIds) {
    const handle = client.workflow.getHandle(id);
    await handle.cancel().catch(() => undefined);
    await handle.result().catch(() => undefined);
  }
}
