import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError, fromZod } from '../errors';
import { contentRange, parseListQuery } from '../listQuery';
import { requireUser, SESSION_COOKIE } from '../middleware/session';
import { getAnnualReportState, startAnnualReport, startAnnualReportBody } from '../services/annualReportService';
import { login, logout } from '../services/authService';
import { getOrgUnit, listOrgUnits, ORG_UNIT_SORTABLE } from '../services/orgUnitService';
import { actionBodies, getTask, listTasks, taskAction, taskHistory, TASK_SORTABLE, type ActionName } from '../services/taskService';
import { bulkRemind, remindTask } from '../services/reminderService';
import { getStage, listStages, runningCount, updateStage } from '../services/stageService';
import { addOverride, calendarDays, listOverrides, removeOverride } from '../services/calendarService';
import { notificationRoutes } from './notifications';
import { decideEscalation, ESCALATION_SORTABLE, listEscalations } from '../services/escalationService';

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
  r.use(notificationRoutes(ctx));

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
  r.get('/tasks/:id/history', json(async (req) => taskHistory(ctx, user(req), String(req.params.id))));
  // One route per step action (完成, 退回, 转交, 认领, 加签, 抄送, 撤回, 延期, 暂停/恢复计时).
  const actionPaths: Record<ActionName, string> = {
    complete: 'complete', return: 'return', transfer: 'transfer', claim: 'claim', addApprover: 'add-approver',
    cc: 'cc', withdraw: 'withdraw', extend: 'extend', pause: 'pause', resume: 'resume',
  };
  for (const action of Object.keys(actionBodies) as ActionName[]) {
    r.post(`/tasks/:id/${actionPaths[action]}`, json(async (req) => {
      const task = await taskAction(ctx, user(req), String(req.params.id), action, req.body);
      req.log.info({ workflowId: task.workflowId, taskId: task.id, action }, 'task action applied');
      return task;
    }));
  }
  r.post('/tasks/:id/remind', json(async (req) => remindTask(ctx, ctx.notifier, user(req), String(req.params.id), req.body)));
  r.post('/reminders/bulk', json(async (req) => bulkRemind(ctx, ctx.notifier, user(req), req.body)));

  r.get('/escalations', json(async (req, res) => {
    const q = parseListQuery(req.query, ESCALATION_SORTABLE, ['createdAt', 'DESC']);
    const { rows, total } = await listEscalations(ctx, user(req), q);
    res.set('Content-Range', contentRange('escalations', q, rows.length, total));
    return rows;
  }));
  r.post('/escalations/:id/decide', json(async (req) => decideEscalation(ctx, user(req), String(req.params.id), req.body, rid(req))));

  r.get('/stages', json(async (req, res) => {
    const rows = await listStages(ctx);
    res.set('Content-Range', `stages 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
    return rows;
  }));
  r.get('/stages/:id', json(async (req) => getStage(ctx, String(req.params.id))));
  r.get('/stages/:id/running', json(async (req) => runningCount(ctx, String(req.params.id))));
  r.put('/stages/:id', json(async (req) => updateStage(ctx, user(req), String(req.params.id), req.body)));

  r.get('/calendar/days', json(async (req) => calendarDays(ctx, String(req.query.from ?? ''), String(req.query.to ?? ''))));
  r.get('/calendar-overrides', json(async (_req, res) => {
    const rows = (await listOverrides(ctx)).map((o) => ({ ...o, id: o.date }));
    res.set('Content-Range', `calendar-overrides 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
    return rows;
  }));
  r.post('/calendar-overrides', json(async (req, res) => {
    res.status(201);
    return addOverride(ctx, user(req), req.body, rid(req));
  }));
  r.delete('/calendar-overrides/:date', json(async (req) => removeOverride(ctx, user(req), String(req.params.date), rid(req))));

  r.post('/annual-reports', json(async (req, res) => {
    const out = await startAnnualReport(ctx, user(req), parse(startAnnualReportBody, req.body), rid(req));
    req.log.info({ workflowId: out.workflowId }, 'annual report started');
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
