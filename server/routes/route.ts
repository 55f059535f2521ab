import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { CurrentUser } from '../context';
import { AppError, fromZod } from '../errors';
import { contentRange, LIST_QUERY, parseListQuery, refuseListQuery, type ListQuery } from '../listQuery';
import { requireUser } from '../middleware/session';

/**
 * Who may call a route, decided here before the handler runs (services keep their own checks as a second
 * line). Every route of the table names one; the permission matrix test enumerates the table by it.
 * - public: anyone, signed in or not
 * - session: any signed-in user, even one who must first change the password (me, logout, change-password)
 * - signedIn: any signed-in user; what they see is filtered to their scope by the service
 * - unitScoped: any signed-in user, on a resource of one org unit; outside the user's scope it is 404
 * - supervisor: 督办 (SUPERVISOR) or ADMIN
 * - admin: ADMIN only
 */
export type AccessRule = 'public' | 'session' | 'signedIn' | 'unitScoped' | 'supervisor' | 'admin';
export type Method = 'get' | 'post' | 'put' | 'delete';

/**
 * What a route's input must be, named once in the route table: the router validates the request against these
 * very schemas before the handler runs (a refusal is the API's 400 VALIDATION_FAILED with each field and its
 * Chinese sentence, server/errors.ts fromZod), hands the handler the parsed values, and the OpenAPI document
 * (server/openapi/openApi.ts) shows the same schemas. One definition: what is documented is what is accepted.
 * - scope: for a route on one resource, the look-up that answers 404 outside the caller's scope; it runs before
 *   the body is validated ("a task outside the user's scope is 404 whatever the body says") and its result
 *   reaches the handler as `input.scoped`, so the resource is read once.
 * - refuse: a route whose refusal has its own code and sentence (the public list's INVALID_FILTER).
 */
export interface RouteInput {
  body?: z.ZodTypeAny;
  query?: z.AnyZodObject;
  scope?: (req: Request) => Promise<unknown>;
  refuse?: (err: z.ZodError) => AppError;
}

type Out<S> = S extends z.ZodTypeAny ? z.output<S> : undefined;
/** What the router hands a handler: the body and query as the route's schemas parsed them. */
export interface Valid<I extends RouteInput> {
  body: Out<I['body']>;
  query: Out<I['query']>;
  scoped: I['scope'] extends (req: Request) => Promise<infer R> ? R : undefined;
}

type Handler<I extends RouteInput> = (req: Request, res: Response, input: Valid<I>) => Promise<unknown>;

export interface RouteDef {
  method: Method;
  path: string;
  rule: AccessRule;
  handler: Handler<any>;
  input?: RouteInput;
  /**
   * A list route (listRoute, listQueryRoute below): its query is `sort`, `range`, `filter` (LIST_QUERY in the
   * OpenAPI document), which the router parses with these sortable fields before the handler runs.
   */
  listQuery?: ListSpec;
}

export interface ListSpec { sortable: readonly string[]; defaultSort: [string, 'ASC' | 'DESC'] }

/**
 * One line of the route table: the rule is a required argument, so a route cannot be added without one; the
 * input's schemas type the handler's `input` (z.output of each), so the handler cannot read another shape.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const route = <I extends RouteInput = {}>(method: Method, path: string, rule: AccessRule, handler: Handler<I>, input?: I): RouteDef =>
  ({ method, path, rule, handler, input });

/**
 * A GET route whose query is a list's (`sort`, `range`, `filter` in ra-data-simple-rest form), parsed by the
 * router (server/listQuery.ts: INVALID_QUERY, INVALID_SORT) before the handler runs and handed to it as a
 * ListQuery: an export of the list (same filter, sort and scope) is one.
 */
export const listQueryRoute = (
  path: string,
  rule: AccessRule,
  sortable: readonly string[],
  defaultSort: [string, 'ASC' | 'DESC'],
  handler: (req: Request, res: Response, q: ListQuery) => Promise<unknown>,
): RouteDef => ({
  method: 'get', path, rule, listQuery: { sortable, defaultSort },
  handler: async (req, res, input: { query: ListQuery }) => handler(req, res, input.query),
});

/**
 * A list route in ra-data-simple-rest form: `sort`, `range`, `filter` parsed once, the rows answered with
 * `Content-Range: <resource> start-end/total`. The path's last segment names the resource.
 */
export const listRoute = (
  path: string,
  rule: AccessRule,
  sortable: readonly string[],
  defaultSort: [string, 'ASC' | 'DESC'],
  list: (req: Request, q: ListQuery) => Promise<{ rows: unknown[]; total: number }>,
): RouteDef => listQueryRoute(path, rule, sortable, defaultSort, async (req, res, q) => {
  const { rows, total } = await list(req, q);
  res.set('Content-Range', contentRange(path.split('/').pop()!, q, rows.length, total));
  return rows;
});

const ROLES_OF: Partial<Record<AccessRule, CurrentUser['roles']>> = {
  supervisor: ['SUPERVISOR', 'ADMIN'],
  admin: ['ADMIN'],
};

export const FORBIDDEN = () => new AppError('FORBIDDEN', '您的岗位没有此项操作的权限。', 403);

function guard(rule: AccessRule): RequestHandler[] {
  if (rule === 'public') return [];
  const checkRole: RequestHandler = (req, _res, next) => {
    const user = req.user!;
    if (rule !== 'session' && user.mustChangePassword) {
      return next(new AppError('PASSWORD_CHANGE_REQUIRED', '管理员已重置您的密码，请先修改密码后再继续使用系统。', 403));
    }
    const roles = ROLES_OF[rule];
    if (roles && !roles.some((r) => user.roles.includes(r))) return next(FORBIDDEN());
    next();
  };
  return [requireUser, checkRole];
}

/** Parses one part of the request with the route's schema; a refusal in the route's words or the API's 400. */
function validate(schema: z.ZodTypeAny | undefined, value: unknown, refuse: RouteInput['refuse']): unknown {
  if (!schema) return undefined;
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw refuse ? refuse(r.error) : fromZod(r.error);
}

/**
 * Runs a route: its scope look-up, then its body and query validated with the route's own schemas, then the
 * handler with the parsed values; sends the JSON result. express 5 forwards rejected promises to the error
 * middleware. A route without a body schema gets no body: it cannot read one nobody documented.
 */
export const runRoute = (d: RouteDef): RequestHandler => async (req, res) => {
  const { scope, body, query, refuse } = d.input ?? {};
  const scoped = scope ? await scope(req) : undefined;
  const list = d.listQuery;
  const input = {
    scoped,
    body: validate(body, req.body, refuse),
    // A list's query: each parameter a JSON text (LIST_QUERY), then its fields checked against what sorts.
    query: list ? parseListQuery(validate(LIST_QUERY, req.query, refuseListQuery) as Record<string, unknown>, list.sortable, list.defaultSort) : validate(query, req.query, refuse),
  };
  const out = await d.handler(req, res, input);
  if (!res.headersSent) res.json(out);
};

/**
 * Remembers the matched route pattern (`/api/tasks/:id/complete`) for the request metrics: by the time a
 * refused request's response finishes, the error middleware has run outside this router and req.baseUrl
 * no longer says /api.
 */
const markRoute: RequestHandler = (req, res, next) => {
  res.locals.routePattern = `${req.baseUrl}${(req.route as { path: string }).path}`;
  next();
};

export function buildRouter(defs: RouteDef[]): Router {
  const r = Router();
  for (const d of defs) r[d.method](d.path, markRoute, ...guard(d.rule), runRoute(d));
  return r;
}

export function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw fromZod(r.error);
  return r.data;
}
export const user = (req: Request) => req.user!;
export const rid = (req: Request) => String(req.id);
