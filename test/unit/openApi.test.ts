/**
 * The OpenAPI document against what the app really serves: the routes registered in the express app
 * (walked from its router, not from the route table) and the document's operations must be the same set,
 * each with its access rule, and every route has its one line in server/openapi/routeDocs.ts.
 * No services: the app is built with clients that connect lazily and is never listened on.
 */
import { Client } from '@temporalio/client';
import { loadConfig } from '../../activities/infra/config';
import { createLogger } from '../../activities/infra/logger';
import { createPrisma } from '../../activities/infra/prisma';
import { createApp } from '../../server/app';
import type { AppContext } from '../../server/context';
import { buildOpenApi, routeKey } from '../../server/openapi/openApi';
import { ROUTE_DOCS } from '../../server/openapi/routeDocs';
import { apiRoutes } from '../../server/routes';

const config = loadConfig({ DATABASE_URL: 'postgresql://nobody:x@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', TEMPORAL_ADDRESS: '127.0.0.1:1', ADMIN_DIST_DIR: '/nonexistent' });
const ctx: AppContext = { config, prisma: createPrisma(config.DATABASE_URL), temporal: new Client(), logger: createLogger('silent', 'test') };

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] }; rawPath?: unknown }

/** Every `METHOD /path` the app answers, by walking express's router (mounted routers included). */
function servedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`);
    }
    if (layer.handle.stack) return servedRoutes(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' ? layer.rawPath : ''));
    return [];
  });
}

/**
 * The catch-alls that answer "no such route" (404 NOT_FOUND) or serve the console, the metrics and the public
 * HTML pages outside /api (server/public): not API operations.
 */
const NOT_OPERATIONS = new Set(['GET /metrics', 'ALL /api/{*rest}', 'GET /public/annual-reports', 'GET /public/annual-reports/:year/:code']);

describe('the OpenAPI document', () => {
  const doc = buildOpenApi(apiRoutes(ctx));
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));

  afterAll(() => ctx.prisma.$disconnect());

  it('lists exactly the routes the app serves under /api, no more and no fewer', () => {
    const app = createApp(ctx) as unknown as { router: { stack: Layer[] } };
    const served = servedRoutes(app.router.stack).filter((r) => !NOT_OPERATIONS.has(r) && !r.startsWith('ALL '));
    expect([...new Set(served)].sort()).toEqual([...documented].sort());
  });

  it('gives every operation the access rule of its route', () => {
    for (const d of apiRoutes(ctx)) {
      const op = (doc.paths[`/api${d.path.replace(/:(\w+)/g, '{$1}')}`] as Record<string, { 'x-access-rule': string; security: unknown[] }>)[d.method];
      expect({ route: routeKey(d), rule: op['x-access-rule'] }).toEqual({ route: routeKey(d), rule: d.rule });
      expect({ route: routeKey(d), secured: op.security.length > 0 }).toEqual({ route: routeKey(d), secured: d.rule !== 'public' });
    }
  });

  it('has a description line for every route and none for a route that does not exist', () => {
    const keys = apiRoutes(ctx).map(routeKey).sort();
    expect(Object.keys(ROUTE_DOCS).sort()).toEqual(keys);
  });

  it('shows for every route that takes a body the zod schema that parses it, fields and limits included', () => {
    const bodiless = new Set([
      'POST /auth/logout', 'POST /notifications/read-all', 'POST /notifications/:id/read', 'POST /notification-deliveries/:id/retry',
      'POST /delegations/:id/end', 'POST /delegations/:id/move-open-tasks', 'POST /consolidation-plans/:id/approve',
      // Refused whatever is sent: calendar days change only through POST /calendar/changes.
      'POST /calendar-overrides',
      // multipart uploads: a file, not JSON
      'POST /tasks/:id/attachments', 'POST /websites/import', 'POST /websites/:id/evidence', 'POST /tasks/:id/report/tables.xlsx',
    ]);
    const writes = apiRoutes(ctx).filter((d) => d.method === 'post' || d.method === 'put');
    expect(writes.filter((d) => !d.input?.body && !bodiless.has(routeKey(d))).map(routeKey)).toEqual([]);
    const schemas = doc.components?.schemas ?? {};
    for (const d of writes.filter((w) => w.input?.body)) {
      const op = (doc.paths[`/api${d.path.replace(/:(\w+)/g, '{$1}')}`] as Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string; properties?: object } }> } }>)[d.method];
      const schema = op.requestBody?.content['application/json']?.schema;
      const resolved = schema?.$ref ? (schemas[schema.$ref.split('/').pop()!] as { properties?: object }) : schema;
      const shape = (d.input!.body as { shape?: object }).shape ?? (d.input!.body as { _def: { schema?: { shape?: object } } })._def.schema?.shape;
      expect({ route: routeKey(d), fields: Object.keys(resolved?.properties ?? {}).sort() }).toEqual({ route: routeKey(d), fields: Object.keys(shape ?? {}).sort() });
    }
    const login = (doc.paths['/api/auth/login'] as Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, { maxLength?: number }>; required: string[] } }> } }>).post;
    expect(login.requestBody.content['application/json'].schema.properties.password.maxLength).toBe(200);
    expect(login.requestBody.content['application/json'].schema.required.sort()).toEqual(['login', 'password']);
  });

  it('names each path parameter of a route', () => {
    const op = (doc.paths['/api/campaigns/{id}/units/{orgUnitId}/timeline'] as Record<string, { parameters: Array<{ name: string; in: string }> }>).get;
    expect(op.parameters.map((p) => [p.name, p.in])).toEqual([['id', 'path'], ['orgUnitId', 'path']]);
  });
});
