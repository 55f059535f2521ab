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

/** The catch-alls that answer "no such route" (404 NOT_FOUND) or serve the console: not API operations. */
const NOT_OPERATIONS = new Set(['GET /metrics', 'ALL /api/{*rest}']);

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

  it('names each path parameter of a route', () => {
    const op = (doc.paths['/api/campaigns/{id}/units/{orgUnitId}/timeline'] as Record<string, { parameters: Array<{ name: string; in: string }> }>).get;
    expect(op.parameters.map((p) => [p.name, p.in])).toEqual([['id', 'path'], ['orgUnitId', 'path']]);
  });
});
