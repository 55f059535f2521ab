import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { CurrentUser } from '../context';
import { AppError, fromZod } from '../errors';
import { contentRange, parseListQuery, type ListQuery } from '../listQuery';
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

type Handler = (req: Request, res: Response) => Promise<unknown>;

/**
 * The zod schemas a route's input is parsed with (by the handler or the service it calls): named in the table
 * so the OpenAPI document (server/openapi/openApi.ts) shows the same schema that refuses bad input.
 */
export interface RouteInput {
  body?: z.ZodTypeAny;
  query?: z.AnyZodObject;
}

export interface RouteDef {
  method: Method;
  path: string;
  rule: AccessRule;
  handler: Handler;
  input?: RouteInput;
  /** A list route (listRoute below): its query is `sort`, `range`, `filter`. */
  listQuery?: boolean;
}

/** One line of the route table: the rule is a required argument, so a route cannot be added without one. */
export const route = (method: Method, path: string, rule: AccessRule, handler: Handler, input?: RouteInput): RouteDef => ({ method, path, rule, handler, input });

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
): RouteDef => ({
  ...route('get', path, rule, async (req, res) => {
    const q = parseListQuery(req.query, sortable, defaultSort);
    const { rows, total } = await list(req, q);
    res.set('Content-Range', contentRange(path.split('/').pop()!, q, rows.length, total));
    return rows;
  }),
  listQuery: true,
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

/** express 5 forwards rejected promises to the error middleware; this only sends the JSON result. */
const json = (fn: Handler): RequestHandler => async (req, res) => {
  const out = await fn(req, res);
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
  for (const d of defs) r[d.method](d.path, markRoute, ...guard(d.rule), json(d.handler));
  return r;
}

export function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw fromZod(r.error);
  return r.data;
}
export const user = (req: Request) => req.user!;
export const rid = (req: Request) => String(req.id);
