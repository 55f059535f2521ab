/**
 * The API's OpenAPI 3.1 document, generated from the route table (server/routes) by zod-to-openapi: every
 * path, method, path parameter and access rule comes from the table the router is built from, so the
 * document cannot list a route that does not exist or miss one that does; each request body and query is
 * the zod schema the route's input is parsed with (RouteDef.input), so the document shows the fields,
 * limits and enums that really refuse bad input; the one-line descriptions come from ./routeDocs.
 * Served at GET /api/openapi.json, browsable at /api/docs.
 */
import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LIST_QUERY } from '../listQuery';
import { SESSION_COOKIE } from '../middleware/session';
import type { AccessRule, RouteDef } from '../routes/route';
import { ROUTE_DOCS } from './routeDocs';

// Adds `.openapi()` to zod's types (their prototypes: schemas made before this line get it too).
extendZodWithOpenApi(z);

/** `METHOD /path` as the permission matrix and ROUTE_DOCS name a route. */
export const routeKey = (d: Pick<RouteDef, 'method' | 'path'>) => `${d.method.toUpperCase()} ${d.path}`;

const RULE_TEXT: Record<AccessRule, string> = {
  public: '公开，无需登录 · public',
  session: '已登录（含须先修改密码的用户） · any session, even one that must change its password',
  signedIn: '已登录；结果按用户范围过滤 · signed in; results filtered to the caller\'s scope',
  unitScoped: '已登录；资源须在用户范围内，否则 404 · signed in; the resource must be in the caller\'s scope (else 404)',
  supervisor: '督办或管理员 · SUPERVISOR or ADMIN',
  admin: '管理员 · ADMIN',
};

const errorSchema = z.object({
  error: z.object({
    code: z.string().openapi({ description: 'stable code (server/errorCodes.ts)' }),
    message: z.string().openapi({ description: '给办事人员看的中文说明' }),
    details: z.unknown().optional(),
  }),
});

/** A list route's query (ra-data-simple-rest): each a JSON text, parsed by server/listQuery.ts. */
const listQuery = LIST_QUERY.extend({
  sort: LIST_QUERY.shape.sort.openapi({ description: '["field","ASC"|"DESC"]', example: '["createdAt","DESC"]' }),
  range: LIST_QUERY.shape.range.openapi({ description: '[first,last] (0-based, inclusive)', example: '[0,24]' }),
  filter: LIST_QUERY.shape.filter.openapi({ description: 'JSON object of filters', example: '{}' }),
});

export function buildOpenApi(routes: RouteDef[], version = '0.1.0') {
  const registry = new OpenAPIRegistry();
  const error = registry.register('Error', errorSchema);
  const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: error } } });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  registry.registerComponent('securitySchemes', 'csrf', { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });

  for (const d of routes) {
    const names = [...d.path.matchAll(/:(\w+)/g)].map(([, name]) => name);
    const write = d.method !== 'get';
    const doc = ROUTE_DOCS[routeKey(d)];
    const [summary, description] = (doc ?? routeKey(d)).split(' · ');
    const query = d.input?.query ?? (d.listQuery ? listQuery : undefined);
    registry.registerPath({
      method: d.method,
      path: `/api${d.path.replace(/:(\w+)/g, '{$1}')}`,
      operationId: `${d.method}${d.path.replace(/[:/.-](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/[^\w]/g, '')}`,
      summary,
      description: `${description ?? ''}\n\n访问规则 · access: ${RULE_TEXT[d.rule]}`.trim(),
      tags: [d.path.split('/')[1]],
      'x-access-rule': d.rule,
      security: d.rule === 'public' ? [] : write ? [{ session: [], csrf: [] }] : [{ session: [] }],
      request: {
        ...(names.length ? { params: z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) } : {}),
        ...(query ? { query } : {}),
        ...(d.input?.body ? { body: { required: true, content: { 'application/json': { schema: d.input.body } } } } : {}),
      },
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: {} } } },
        400: errorResponse('输入有误（VALIDATION_FAILED 等） · bad input'),
        ...(d.rule === 'public' ? {} : { 401: errorResponse('未登录 · no session'), 403: errorResponse('无权限 · forbidden') }),
        404: errorResponse('不存在或不在用户范围内 · not found or out of scope'),
        409: errorResponse('状态冲突（如待办已处理） · conflict with the current state'),
      },
    });
  }
  const info = {
    title: 'GovFlow API',
    version,
    description: '政务公开工作流引擎的 REST 接口。写操作须带会话 Cookie 和 X-CSRF-Token 头；错误统一为 {error: {code, message}}。 · '
      + 'GovFlow\'s REST API. Writes need the session cookie and the X-CSRF-Token header; errors are {error: {code, message}}.',
  };
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info });
  return { ...doc, info, paths: doc.paths ?? {} };
}

/** A page that renders the document without any script from elsewhere (the CSP allows only our own). */
export function openApiHtml(doc: ReturnType<typeof buildOpenApi>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => {
    const o = op as { summary: string; description: string; 'x-access-rule': string; tags: string[] };
    return `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(o.summary)}<br><small>${esc(o.description).replace(/\n/g, '<br>')}</small></td><td>${esc(o['x-access-rule'])}</td></tr>`;
  }));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>GovFlow API</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{white-space:nowrap}</style></head>
<body><h1>GovFlow API</h1><p>${esc(doc.info.description)}</p><p><a href="openapi.json">openapi.json</a></p>
<table><thead><tr><th>方法</th><th>路径</th><th>说明</th><th>访问规则</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
