/**
 * What the API answers when a service under it is gone or a request is hostile: a stable code and a
 * Chinese sentence, quickly, never a 500 with a generic sentence and never a hang. The chaos suite
 * (`npm run chaos`) checks the same on the real stack with PostgreSQL stopped; these are the quick forms.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from '../../activities/infra/config';
import { createLogger } from '../../activities/infra/logger';
import { createPrisma, type PrismaClient } from '../../activities/infra/prisma';
import { createApp } from '../../server/app';
import type { AppContext } from '../../server/context';
import { freePort } from '../support/notifications';
import { applyTestEnv } from '../support/env';
import { newSite } from '../support/websites';
import { ApiSession, startStack, type TestStack } from '../support/stack';

function expectClean(res: { status: number; body: any }, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(typeof res.body.error.requestId).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|ECONNREFUSED|Prisma|pg-pool/);
}

describe('when PostgreSQL cannot be reached', () => {
  let server: Server;
  let base: string;
  let prisma: PrismaClient;

  beforeAll(async () => {
    applyTestEnv();
    // A port nothing listens on: every connection is refused, as while PostgreSQL restarts.
    const dead = await freePort();
    const config = loadConfig({ ...process.env, DATABASE_URL: `postgresql://govflow:govflow@127.0.0.1:${dead}/govflow_test`, PORT: '0' });
    prisma = createPrisma(config.DATABASE_URL, 2);
    const ctx: AppContext = { config, prisma, temporal: undefined as never, logger: createLogger('silent', 'test') };
    server = await new Promise((resolve) => {
      const s = createApp(ctx).listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await prisma.$disconnect().catch(() => undefined);
  });

  const timed = async (path: string, init?: RequestInit) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.json(), ms: performance.now() - t0 };
  };

  it('answers a signed-in request 503 DB_UNAVAILABLE with a Chinese sentence within a few seconds', async () => {
    const res = await timed('/api/tasks', { headers: { cookie: 'govflow_session=abc' } });
    expectClean(res, 503, 'DB_UNAVAILABLE');
    expect(res.ms).toBeLessThan(5000);
  });

  it('answers a sign-in 503 DB_UNAVAILABLE, not 500 INTERNAL', async () => {
    const res = await timed('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'x' }) });
    expectClean(res, 503, 'DB_UNAVAILABLE');
  });

  it('answers the health check 503 DB_UNAVAILABLE', async () => {
    const res = await timed('/api/health');
    expectClean(res, 503, 'DB_UNAVAILABLE');
  });
});

describe('hostile headers and strings on the real stack', () => {
  let stack: TestStack;
  let clerk: ApiSession;
  beforeAll(async () => {
    stack = await startStack();
    clerk = await ApiSession.login(stack.baseUrl, 'fgw-clerk');
  });
  afterAll(() => stack.stop());

  it('treats a session cookie that is not valid percent-encoding as no session (401), not a 500', async () => {
    const res = await fetch(`${stack.baseUrl}/api/tasks`, { headers: { cookie: 'govflow_session=%E0%A4%A' } });
    expectClean({ status: res.status, body: await res.json() }, 401, 'UNAUTHENTICATED');
  });

  it('refuses a NUL character in a list filter with a 400, not a 500 from PostgreSQL', async () => {
    const filter = encodeURIComponent(JSON.stringify({ q: 'a\u0000b' }));
    const res = await clerk.get(`/api/tasks?filter=${filter}`);
    expect(res.status).toBeLessThan(500);
    if (res.status !== 200) expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a NUL character in a written string with a 400 VALIDATION_FAILED and writes nothing', async () => {
    const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    const site = newSite('BJ-D001', { name: '测试\u0000网站' });
    const res = await supervisor.post('/api/websites', site);
    expectClean(res, 400, 'VALIDATION_FAILED');
    expect(await stack.prisma.website.count({ where: { domain: site.domain } })).toBe(0);
  });
});
