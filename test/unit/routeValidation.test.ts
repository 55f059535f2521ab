/**
 * The route table's schemas are what the API accepts: server/routes/route.ts validates each request's body and
 * query with the schemas a route names (the same ones the OpenAPI document shows) before its handler runs.
 * These tests fail when the two drift apart: a route that documents a schema but whose handler runs on input the
 * schema refuses, a handler that reads the raw request instead of what the router parsed, or a refusal that is
 * not the API's clean 400 (stable code, Chinese sentence, each field named by the schema's own issue).
 * No services: the real route table is built over a context that fails the request if anything touches it,
 * so reaching a handler shows up as a 500.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { z } from 'zod';
import type { AppContext, CurrentUser } from '../../server/context';
import { AppError, errorHandler, fromZod } from '../../server/errors';
import { apiRoutes } from '../../server/routes';
import { buildRouter, route, type RouteDef } from '../../server/routes/route';

/** A context whose every property access throws: a handler (or service) that runs fails the request with 500. */
const untouchable = new Proxy({}, { get: (_t, key) => { throw new Error(`the handler ran and read ctx.${String(key)}`); } }) as AppContext;

const admin: CurrentUser = {
  id: '00000000-0000-4000-8000-000000000001', login: 'admin', displayName: '管理员', orgUnitId: '00000000-0000-4000-8000-000000000002',
  orgUnitCode: 'BJ', orgUnitName: '北京市', orgUnitPath: '/BJ/', scopePath: '/BJ/', roles: ['ADMIN', 'SUPERVISOR', 'CLERK', 'UNIT_HEAD'],
  mustChangePassword: false, sessionId: 's', csrfToken: 'csrf',
} as CurrentUser;

/** The scoped resource a route's scope look-up would return; SCOPE_404 makes it answer "not yours". */
const SCOPED = { id: 'scoped-resource' };
let scopeAnswer: 'found' | '404' = 'found';

async function serve(defs: RouteDef[]): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    req.user = admin;
    (req as unknown as { log: unknown }).log = { info() {}, warn() {}, error() {} };
    next();
  });
  app.use('/api', buildRouter(defs));
  app.use(errorHandler);
  const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function send(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(url + path, {
    method: method.toUpperCase(),
    headers: { 'content-type': 'application/json', 'x-csrf-token': 'csrf' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) as { error?: { code: string; message: string; details?: unknown } } | null };
}

/** A concrete path for a route pattern (ids that look real). */
const concrete = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => (name === 'year' ? '2025' : name === 'date' ? '2025-01-01' : name === 'unitCode' || name === 'code' ? 'BJ-D001' : '00000000-0000-4000-8000-00000000beef'));

/** Bodies some schema refuses: not an object at all, or a field no schema names. */
const BAD_BODIES: unknown[] = [[1, 2], 'text', 42, { zzNotAField: true }];

const table = apiRoutes(untouchable).map((d) => (d.input?.scope
  // The real look-ups read the database; here they stand in, answering found or 404 as the test says.
  ? { ...d, input: { ...d.input, scope: async () => { if (scopeAnswer === '404') throw new AppError('NOT_FOUND', '待办不存在或已被删除。', 404); return SCOPED; } } }
  : d));
const withBody = table.filter((d) => d.input?.body);
const withQuery = table.filter((d) => d.input?.query);
const key = (d: RouteDef) => `${d.method.toUpperCase()} ${d.path}`;

let app: { url: string; server: Server };
beforeAll(async () => { app = await serve(table); });
afterAll(async () => { await new Promise((resolve) => app.server.close(resolve)); });
afterEach(() => { scopeAnswer = 'found'; });

describe('every route that documents a body refuses what its schema refuses, before its handler runs', () => {
  it('the table has routes with bodies to check', () => {
    expect(withBody.length).toBeGreaterThan(30);
  });

  it.each(withBody.map((d) => [key(d), d] as const))('%s', async (_name, d) => {
    const schema = d.input!.body!;
    const bad = BAD_BODIES.find((b) => !schema.safeParse(b).success);
    // A documented body that accepts anything documents nothing.
    expect({ route: key(d), refusesSomething: bad !== undefined }).toEqual({ route: key(d), refusesSomething: true });
    const res = await send(app.url, d.method, `/api${concrete(d.path)}`, bad);
    const expected = fromZod(schema.safeParse(bad).error!);
    // The router's refusal, made from this very schema's issues: code, sentence and the fields it names.
    expect({ status: res.status, code: res.body?.error?.code, details: res.body?.error?.details }).toEqual({ status: 400, code: 'VALIDATION_FAILED', details: expected.details });
    expect(res.body?.error?.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('every route that documents a query refuses what its schema refuses', () => {
  it.each(withQuery.map((d) => [key(d), d] as const))('%s', async (_name, d) => {
    const schema = d.input!.query!;
    // A value each documented parameter might refuse: too long, negative, or not a number.
    const candidates = Object.keys(schema.shape).flatMap((k) => [{ [k]: 'x'.repeat(300) }, { [k]: '-1' }, { [k]: 'abc' }]);
    const bad = candidates.find((q) => !schema.safeParse(q).success);
    expect(bad).toBeDefined();
    const res = await fetch(`${app.url}/api${concrete(d.path)}?${new URLSearchParams(bad as Record<string, string>)}`, { method: d.method.toUpperCase(), headers: { 'x-csrf-token': 'csrf' } });
    const body = (await res.json()) as { error: { code: string; message: string } };
    const own = d.input!.refuse?.(schema.safeParse(bad).error!);
    expect({ status: res.status, code: body.error.code }).toEqual({ status: 400, code: own?.code ?? 'VALIDATION_FAILED' });
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('the query parameters GET handlers used to read raw are documented and refused in Chinese with a stable code', () => {
  const ID = '00000000-0000-4000-8000-00000000beef';
  /** [route, its documented parameters, a request with a bad value, the code it is refused with] */
  const CASES: [string, string[], string, string, string?][] = [
    ['GET /campaigns/:id/progress', ['root'], `/campaigns/${ID}/progress?root=BJ-Q01`, 'VALIDATION_FAILED'],
    ['GET /campaigns/:id/summary', ['root'], `/campaigns/${ID}/summary?root=${ID}&root=${ID}`, 'VALIDATION_FAILED'],
    ['GET /campaigns/:id/summary.xlsx', ['root'], `/campaigns/${ID}/summary.xlsx?root=..%2F`, 'VALIDATION_FAILED'],
    ['GET /calendar/days', ['from', 'to'], '/calendar/days?from=2025-13-01&to=2025-12-31', 'INVALID_RANGE'],
    ['GET /calendar/days', ['from', 'to'], '/calendar/days?from=2025-01-01', 'INVALID_RANGE'],
    ['GET /delegations/candidates', ['delegatorId'], '/delegations/candidates?delegatorId=admin', 'VALIDATION_FAILED'],
    ['GET /websites/export', ['format', 'filter'], '/websites/export?format=pdf', 'INVALID_FORMAT'],
    ['GET /websites/export', ['format', 'filter'], '/websites/export?format=csv&filter=%7Boops', 'INVALID_QUERY'],
    ['POST /websites/import', ['format', 'dryRun'], '/websites/import?dryRun=yes', 'VALIDATION_FAILED', 'post'],
    ['POST /websites/import', ['format', 'dryRun'], '/websites/import?format=docx', 'INVALID_FORMAT', 'post'],
  ];

  it.each(CASES)('%s names its query schema (%j) and refuses %s with %s before its handler runs', async (name, params, path, code, method = 'get') => {
    const d = table.find((r) => key(r) === name);
    expect(d).toBeDefined();
    expect(Object.keys(d!.input?.query?.shape ?? {}).sort()).toEqual([...params].sort());
    const res = await send(app.url, method, `/api${path}`);
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code });
    expect(res.body?.error?.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('a route on one resource', () => {
  const scoped = withBody.filter((d) => d.input?.scope);
  it('includes every step action, the draft and the reminder of a task', () => {
    const keys = scoped.map(key);
    for (const k of ['POST /tasks/:id/complete', 'POST /tasks/:id/return', 'POST /tasks/:id/extend', 'PUT /tasks/:id/draft', 'POST /tasks/:id/remind']) expect(keys).toContain(k);
  });

  it.each(scoped.map((d) => [key(d), d] as const))('%s answers 404 outside the caller\'s scope whatever the body says', async (_name, d) => {
    scopeAnswer = '404';
    const res = await send(app.url, d.method, `/api${concrete(d.path)}`, BAD_BODIES.find((b) => !d.input!.body!.safeParse(b).success));
    expect([res.status, res.body?.error?.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('the router', () => {
  const schema = z.object({ name: z.string().trim().min(1, '请填写名称'), count: z.coerce.number().int().default(1) }).strict();
  const query = z.object({ year: z.coerce.number().int().min(2000, '年度应为四位数字') });

  it('hands the handler what the schemas parsed (trimmed, coerced, defaulted), not the raw request', async () => {
    const seen: unknown[] = [];
    const own = await serve([route('post', '/things', 'admin', async (_req, _res, input) => { seen.push(input); return { ok: true }; }, { body: schema, query })]);
    try {
      const res = await send(own.url, 'post', '/api/things?year=2025', { name: '  名称  ' });
      expect(res.status).toBe(200);
      expect(seen).toEqual([{ scoped: undefined, body: { name: '名称', count: 1 }, query: { year: 2025 } }]);
    } finally {
      await new Promise((resolve) => own.server.close(resolve));
    }
  });

  it('never runs the handler on a refused body or query, and answers each field with its sentence', async () => {
    let ran = 0;
    const own = await serve([route('post', '/things', 'admin', async () => { ran += 1; return {}; }, { body: schema, query })]);
    try {
      const badBody = await send(own.url, 'post', '/api/things?year=2025', { name: ' ', extra: 1 });
      expect(badBody.status).toBe(400);
      expect(badBody.body?.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '提交的内容有2处错误，请逐项修改。' });
      expect(badBody.body?.error?.details).toEqual(expect.arrayContaining([{ field: 'name', message: '请填写名称' }]));
      const badQuery = await send(own.url, 'post', '/api/things?year=19', { name: '名称' });
      expect(badQuery.body?.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'year', message: '年度应为四位数字' }] });
      expect(ran).toBe(0);
    } finally {
      await new Promise((resolve) => own.server.close(resolve));
    }
  });
});

describe('no handler reads the raw request: every body and query it acts on is one the route documents', () => {
  // A handler that reads req.body or req.query would act on input the router did not check and the OpenAPI
  // document does not show: the documented schema and what is accepted would drift apart. A route that takes
  // query parameters names a query schema (or is a list route, whose sort, range and filter the router parses).
  it.each(table.map((d) => [key(d), d] as const))('%s', (_name, d) => {
    const source = d.handler.toString();
    expect({ route: key(d), readsRawBody: /\breq\.body\b/.test(source), readsRawQuery: /\breq\.query\b/.test(source) })
      .toEqual({ route: key(d), readsRawBody: false, readsRawQuery: false });
  });

  it('the check sees a raw read: a handler that reads req.query is caught by the pattern above', () => {
    const reads = route('get', '/x', 'admin', async (req) => req.query.root);
    expect(/\breq\.query\b/.test(reads.handler.toString())).toBe(true);
  });
});
