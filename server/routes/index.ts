import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError, fromZod } from '../errors';
import { contentRange, parseListQuery } from '../listQuery';
import { requireUser, SESSION_COOKIE } from '../middleware/session';
import { getAnnualReportState, startAnnualReport, startAnnualReportBody } from '../services/annualReportService';
import { login, logout } from '../services/authService';
import { getOrgUnit, listOrgUnits, ORG_UNIT_SORTABLE } from '../services/orgUnitService';
import { completeTask, completeTaskBody, getTask, listTasks, TASK_SORTABLE } from '../services/taskService';

type Handler = (req: Request, res: Parameters<RequestHandler>[1]) => Promise<unknown>;
/** express 5 forwards rejected promises to the error middleware; this only sends the JSON result. */
const json = (fn: Handler): RequestHandler => async (req, res) => {
  const out = await fn(req, res);
  if (!res.headersSent) res.json(out);
};

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw fromZod(r.error);
  return r.data;
}
const user = (req: Request) => req.user!;
const rid = (req: Request) => String(req.id);

const loginBody = z.object({
  login: z.string({ required_error: '请输入用户名' }).min(1, '请输入用户名').max(100),
  password: z.string({ required_error: '请输入密码' }).min(1, '请输入密码').max(200),
}).strict();

/** The route table: one line per route. */
export function apiRouter(ctx: AppContext): Router {
  const r = Router();

  r.get('/health', json(async () => {
    await ctx.prisma.$queryRaw`SELECT 1`;
    return { status: 'ok' };
  }));

  r.post('/auth/login', json(async (req, res) => {
    const body = parse(loginBody, req.body);
    const result = await login(ctx, body, { ip: req.ip ?? '', requestId: rid(req) });
    res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: result.expiresAt });
    const { sessionId: _s, ...me } = result.user;
    return { user: me, csrfToken: result.csrfToken };
  }));

  r.use(requireUser);

  r.get('/auth/me', json(async (req) => {
    const { sessionId: _s, ...me } = user(req);
    return { user: me, csrfToken: me.csrfToken };
  }));
  r.post('/auth/logout', json(async (req, res) => {
    await logout(ctx, user(req), rid(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  }));

  r.get('/tasks', json(async (req, res) => {
    const q = parseListQuery(req.query, TASK_SORTABLE, ['deadlineAt', 'ASC']);
    const { rows, total } = await listTasks(ctx, user(req), q);
    res.set('Content-Range', contentRange('tasks', q, rows.length, total));
    return rows;
  }));
  r.get('/tasks/:id', json(async (req) => getTask(ctx, user(req), String(req.params.id))));
  r.post('/tasks/:id/complete', json(async (req) => completeTask(ctx, user(req), String(req.params.id), parse(completeTaskBody, req.body))));

  r.post('/annual-reports', json(async (req, res) => {
    const out = await startAnnualReport(ctx, user(req), parse(startAnnualReportBody, req.body), rid(req));
    res.status(201);
    return out;
  }));
  r.get('/annual-reports/:year/:unitCode/state', json(async (req) => getAnnualReportState(ctx, user(req), `annual-report/${req.params.year}/${req.params.unitCode}`)));

  r.get('/org-units', json(async (req, res) => {
    const q = parseListQuery(req.query, ORG_UNIT_SORTABLE, ['path', 'ASC']);
    const { rows, total } = await listOrgUnits(ctx, user(req), q);
    res.set('Content-Range', contentRange('org-units', q, rows.length, total));
    return rows;
  }));
  r.get('/org-units/:id', json(async (req) => getOrgUnit(ctx, String(req.params.id))));

  r.all('/{*rest}', () => {
    throw new AppError('NOT_FOUND', '接口不存在。', 404);
  });
  return r;
}
