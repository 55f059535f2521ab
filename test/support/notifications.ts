/**
 * Real counterparts for the notification tests: an SMTP server, a webhook receiver and a private Redis
 * the test may kill, plus an org unit of the test's own so that recipients are known exactly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig, type Config } from '../../activities/infra/config';
import { createLogger } from '../../activities/infra/logger';
import type { PrismaClient } from '../../activities/infra/prisma';
import { applyTestEnv } from './env';

export const silentLogger = createLogger(process.env.NOTIFY_TEST_LOG ?? 'silent', 'govflow-test');

/** Test settings: a queue of the test's own, small backoff and a fast relay. */
export function notificationConfig(overrides: Record<string, string | undefined> = {}): Config {
  applyTestEnv();
  return loadConfig({
    ...process.env,
    NOTIFY_QUEUE: `govflow-test-notify-${randomUUID()}`,
    NOTIFY_MAX_ATTEMPTS: '3',
    NOTIFY_BACKOFF_MS: '50',
    NOTIFY_RELAY_INTERVAL_MS: '200',
    NOTIFY_RELAY_STALE_MS: '2000',
    NOTIFY_SEND_TIMEOUT_MS: '3000',
    NOTIFY_ENQUEUE_TIMEOUT_MS: '500',
    ...overrides,
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// --- SMTP -------------------------------------------------------------------------------------------

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=), enough for nodemailer's headers. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return { headers, text: body.replace(/\r\n$/, '') };
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** MAIL FROM conversations seen, accepted or not */
  conversations: number;
  /** reject the next n conversations with a transient error (451) */
  rejectNext(n: number): void;
  /** reject every conversation with a permanent error (550) until set back */
  rejectAll(on: boolean): void;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  let rejectCount = 0;
  let rejectEverything = false;
  const state: TestSmtpServer = {
    url: '',
    received: [],
    conversations: 0,
    rejectNext: (n) => { rejectCount = n; },
    rejectAll: (on) => { rejectEverything = on; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      state.conversations += 1;
      if (rejectEverything) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      if (rejectCount > 0) {
        rejectCount -= 1;
        return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { headers, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
        state.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeWords(headers.subject ?? ''),
          text,
          headers,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}

// --- webhooks ---------------------------------------------------------------------------------------

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface TestWebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** the status to answer with, per request (default 204) */
  respond(fn: (req: { headers: IncomingHttpHeaders; body: string }, n: number) => number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<TestWebhookReceiver> {
  let decide: (req: { headers: IncomingHttpHeaders; body: string }, n: number) => number = () => 204;
  const received: ReceivedHook[] = [];
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = decide({ headers: req.headers, body }, received.length + 1);
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/govflow`,
    received,
    respond: (fn) => { decide = fn; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

// --- a private Redis --------------------------------------------------------------------------------

export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: a crash, and with no persistence every queued job is lost */
  kill(): Promise<void>;
}

/** A redis-server of the test's own on a free port, without persistence, that the test may kill. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      const proc = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${out}`)), 10_000);
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}: ${out}`));
        });
      });
    },
    async kill() {
      const proc = child;
      if (!proc || proc.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      });
      child = undefined;
    },
  };
}

// --- recipients of the test's own ------------------------------------------------------------------

export interface NotifyFixture {
  unitId: string;
  clerk: { id: string; login: string; email: string };
  head: { id: string; login: string; email: string };
  cleanup(): Promise<void>;
}

/**
 * A unit under the city government with a clerk and a leader in charge, both with e-mail addresses, so a
 * test knows exactly who is notified; removed with its notifications afterwards.
 */
export async function createNotifyFixture(prisma: PrismaClient): Promise<NotifyFixture> {
  const tag = randomUUID().slice(0, 8);
  const root = await prisma.orgUnit.findFirstOrThrow({ where: { kind: 'CITY_GOVERNMENT', parentId: null } });
  const code = `TEST-NTF-${tag}`;
  const unit = await prisma.orgUnit.create({
    data: { code, name: `通知测试单位${tag}`, shortName: `通知测试${tag}`, kind: 'MUNICIPAL_DEPARTMENT', parentId: root.id, path: `${root.path}${code}/`, depth: root.depth + 1, sortOrder: 9999 },
  });
  const mk = (role: 'CLERK' | 'UNIT_HEAD', leaderInCharge: boolean) => {
    const login = `ntf-${tag}-${role.toLowerCase()}`;
    return prisma.user.create({
      data: { login, displayName: `测试${role}`, email: `${login}@example.gov.cn`, orgUnitId: unit.id, roles: [role], leaderInCharge, passwordHash: 'not-a-hash' },
      select: { id: true, login: true, email: true },
    });
  };
  const clerk = await mk('CLERK', false);
  const head = await mk('UNIT_HEAD', true);
  return {
    unitId: unit.id,
    clerk: { ...clerk, email: clerk.email! },
    head: { ...head, email: head.email! },
    async cleanup() {
      await prisma.notification.deleteMany({ where: { userId: { in: [clerk.id, head.id] } } });
      await prisma.user.deleteMany({ where: { id: { in: [clerk.id, head.id] } } });
      await prisma.orgUnit.delete({ where: { id: unit.id } });
    },
  };
}

/** Polls until `fn` returns a value, or fails naming what it waited for. */
export async function until<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
