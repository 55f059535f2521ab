import type { Request, Router } from 'express';
import { z } from 'zod';
import { annualReportWorkflowId } from '../../domain/step';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { SESSION_COOKIE } from '../middleware/session';
import { taskDuplication } from '../services/duplicationService';
import { invalidPublicQuery, listPublishedReports, publicListQuery, publishedReport } from '../services/publicReportService';
import { annualReportTemplate, getAnnualReportState, reportChanges, saveDraftBody, saveReportDraft, startAnnualReport, startAnnualReportBody, taskReport } from '../services/annualReportService';
import { changePassword, changePasswordBody, login, logout } from '../services/authService';
import { getOrgUnit, listOrgUnits, ORG_UNIT_SORTABLE } from '../services/orgUnitService';
import { actionBodies, getTask, listTasks, taskAction, taskColleagues, taskHistory, taskUnitUsers, TASK_SORTABLE, type ActionName } from '../services/taskService';
import { exportTasksXlsx, taskExportName } from '../services/taskExportService';
import { exportReportTables, importReportTables } from '../services/reportTablesXlsx';
import { readUpload } from '../services/uploads';
import { attachmentDisposition, exportFileName, XLSX_CONTENT_TYPE } from '../services/xlsxExport';
import { bulkRemind, bulkRemindBody, remindBody, remindTask } from '../services/reminderService';
import { getStage, listStages, runningCount, updateStage, updateStageBody } from '../services/stageService';
import {
  applyCalendarChange, calendarCoverage, changeBody, calendarDays, getCalendarChange, listOverrides, listYears, previewCalendarChange, refuseDirectOverride,
} from '../services/calendarService';
import { decideBody, decideEscalation, ESCALATION_SORTABLE, listEscalations } from '../services/escalationService';
import { addAttachment, deleteAttachment, downloadAttachment, listAttachments } from '../services/attachmentService';
import { readiness } from '../services/readinessService';
import { reconcileBody, reconcileTasks } from '../services/reconcileService';
import { buildOpenApi, openApiHtml } from '../openapi/openApi';
import { campaignRoutes } from './campaigns';
import { flowInstanceRoutes } from './flowInstances';
import { delegationRoutes } from './delegations';
import { notificationRoutes } from './notifications';
import { buildRouter, rid, listQueryRoute, listRoute, route, user, type RouteDef } from './route';
import { calendarDaysQuery, refuseQuery } from './queryParams';
import { userRoutes } from './users';
import { websiteRoutes } from './websites';

const loginBody = z.object({
  login: z.string({ required_error: '请输入用户名' }).min(1, '请输入用户名').max(100),
  password: z.string({ required_error: '请输入密码' }).min(1, '请输入密码').max(200),
}).strict();

/** A filled 表二–表四 workbook is some 20 KB; 2 MB leaves room for a clerk's own formatting. */
const REPORT_TABLES_MAX_BYTES = 2 * 1024 * 1024;

/** Step actions that change a deadline or its clock are for 督办 and administrators only (taskService checks again). */
const SUPERVISOR_ACTIONS: ReadonlySet<ActionName> = new Set(['extend', 'pause', 'resume']);

/** The route table: one line per route, each with its access rule (server/routes/route.ts). */
export function apiRoutes(ctx: AppContext): RouteDef[] {
  // One route per step action (完成, 退回, 转交, 认领, 加签, 抄送, 撤回, 延期, 暂停/恢复计时).
  const actionPaths: Record<ActionName, string> = {
    complete: 'complete', return: 'return', transfer: 'transfer', claim: 'claim', addApprover: 'add-approver',
    cc: 'cc', withdraw: 'withdraw', extend: 'extend', pause: 'pause', resume: 'resume',
  };
  // Routes on one task: outside the caller's scope it is 404 before anything else (the body included).
  const visibleTask = (req: Request) => getTask(ctx, user(req), String(req.params.id));
  const actions = (Object.keys(actionBodies) as ActionName[]).map((action) =>
    route('post', `/tasks/:id/${actionPaths[action]}`, SUPERVISOR_ACTIONS.has(action) ? 'supervisor' : 'unitScoped',
      async (req, _res, input) => {
        const task = await taskAction(ctx, user(req), input.scoped, action, input.body);
        req.log.info({ workflowId: task.workflowId, taskId: task.id, action }, 'task action applied');
        return task;
      }, { scope: visibleTask, body: actionBodies[action] }));

  const table: RouteDef[] = [
    route('get', '/health', 'public', async () => {
      await ctx.prisma.$queryRaw`SELECT 1`;
      return { status: 'ok' };
    }),
    route('get', '/ready', 'public', async (_req, res) => {
      const r = await readiness(ctx);
      res.status(r.status === 'ready' ? 200 : 503);
      return r;
    }),

    route('post', '/auth/login', 'public', async (req, res, { body }) => {
      const result = await login(ctx, body, { ip: req.ip ?? '', requestId: rid(req) });
      res.cookie(SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: result.expiresAt });
      const { sessionId: _s, ...me } = result.user;
      return { user: me, csrfToken: result.csrfToken };
    }, { body: loginBody }),
    route('get', '/auth/me', 'session', async (req) => {
      const { sessionId: _s, ...me } = user(req);
      return { user: me, csrfToken: me.csrfToken };
    }),
    route('post', '/auth/logout', 'session', async (req, res) => {
      await logout(ctx, user(req), rid(req));
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    }),
    route('post', '/auth/change-password', 'session', async (req, _res, { body }) => {
      await changePassword(ctx, user(req), body, rid(req));
      return { ok: true };
    }, { body: changePasswordBody }),

    ...notificationRoutes(ctx),
    ...userRoutes(ctx),
    ...campaignRoutes(ctx),
    ...delegationRoutes(ctx),

    // The console's settings: where operators open a flow's history in the Temporal Web UI.
    route('get', '/config', 'signedIn', async () => ({
      temporalUi: { url: ctx.config.TEMPORAL_UI_URL ?? null, namespace: ctx.config.TEMPORAL_NAMESPACE },
    })),

    listRoute('/tasks', 'signedIn', TASK_SORTABLE, ['deadlineAt', 'ASC'], (req, q) => listTasks(ctx, user(req), q)),
    // Before /tasks/:id, which would take "export.xlsx" for an id. Same filter, sort and scope as the list.
    // The list's own query (sort, filter), read by the list's parser and documented as a list route's.
    listQueryRoute('/tasks/export.xlsx', 'signedIn', TASK_SORTABLE, ['deadlineAt', 'ASC'], async (req, res, q) => {
      const { buffer, rows } = await exportTasksXlsx(ctx, user(req), q);
      req.log.info({ rows }, 'tasks exported');
      res.set('Content-Type', XLSX_CONTENT_TYPE);
      res.set('Content-Disposition', attachmentDisposition(exportFileName(taskExportName(q), 'xlsx'), 'tasks.xlsx'));
      res.send(buffer);
    }),
    route('get', '/tasks/:id', 'unitScoped', async (req) => getTask(ctx, user(req), String(req.params.id))),
    route('get', '/tasks/:id/history', 'unitScoped', async (req) => taskHistory(ctx, user(req), String(req.params.id))),
    route('get', '/tasks/:id/colleagues', 'unitScoped', async (req) => taskColleagues(ctx, user(req), String(req.params.id))),
    route('get', '/tasks/:id/unit-users', 'unitScoped', async (req) => taskUnitUsers(ctx, user(req), String(req.params.id))),
    ...actions,
    route('get', '/tasks/:id/attachments', 'unitScoped', async (req) => listAttachments(ctx, user(req), String(req.params.id))),
    route('post', '/tasks/:id/attachments', 'unitScoped', async (req, res) => {
      const out = await addAttachment(ctx, user(req), String(req.params.id), req, res, rid(req));
      res.status(201);
      return out;
    }),
    route('get', '/attachments/:id', 'signedIn', async (req, res) => downloadAttachment(ctx, user(req), String(req.params.id), res)),
    route('delete', '/attachments/:id', 'signedIn', async (req) => deleteAttachment(ctx, user(req), String(req.params.id), rid(req))),
    route('get', '/tasks/:id/report-changes', 'unitScoped', async (req) => reportChanges(ctx, user(req), String(req.params.id))),
    route('get', '/tasks/:id/report', 'unitScoped', async (req) => taskReport(ctx, user(req), String(req.params.id))),
    // Tables 二–四 as an .xlsx laid out like the template, and back into the draft (domain/annual-report/xlsxLayout.ts).
    route('get', '/tasks/:id/report/tables.xlsx', 'unitScoped', async (req, res) => {
      const out = await exportReportTables(ctx, user(req), String(req.params.id));
      res.set('Content-Type', XLSX_CONTENT_TYPE);
      const name = `${out.unitName}${out.year ?? ''}年度报告表二至表四`;
      res.set('Content-Disposition', attachmentDisposition(exportFileName(name, 'xlsx'), 'report-tables.xlsx'));
      res.send(out.buffer);
    }),
    route('post', '/tasks/:id/report/tables.xlsx', 'unitScoped', async (req, res) => {
      const out = await importReportTables(ctx, user(req), String(req.params.id), () => readUpload(req, res, 'file', REPORT_TABLES_MAX_BYTES), rid(req));
      req.log.info({ taskId: String(req.params.id), ok: out.ok }, 'report tables imported');
      return out;
    }),
    route('put', '/tasks/:id/draft', 'unitScoped', async (req, _res, { scoped, body }) => saveReportDraft(ctx, user(req), scoped, body, rid(req)), { scope: visibleTask, body: saveDraftBody }),
    route('get', '/tasks/:id/duplication', 'unitScoped', async (req) => taskDuplication(ctx, user(req), String(req.params.id))),
    route('post', '/tasks/:id/remind', 'supervisor', async (req, _res, { scoped, body }) => remindTask(ctx, ctx.notifier, user(req), scoped, body), { scope: visibleTask, body: remindBody }),
    route('post', '/reminders/bulk', 'supervisor', async (req, _res, { body }) => bulkRemind(ctx, ctx.notifier, user(req), body), { body: bulkRemindBody }),

    listRoute('/escalations', 'supervisor', ESCALATION_SORTABLE, ['createdAt', 'DESC'], (req, q) => listEscalations(ctx, user(req), q)),
    route('post', '/escalations/:id/decide', 'supervisor', async (req, _res, { body }) => decideEscalation(ctx, user(req), String(req.params.id), body, rid(req)), { body: decideBody }),

    route('get', '/stages', 'signedIn', async (_req, res) => {
      const rows = await listStages(ctx);
      res.set('Content-Range', `stages 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
      return rows;
    }),
    route('get', '/stages/:id', 'signedIn', async (req) => getStage(ctx, String(req.params.id))),
    route('get', '/stages/:id/running', 'signedIn', async (req) => runningCount(ctx, String(req.params.id))),
    route('put', '/stages/:id', 'admin', async (req, _res, { body }) => updateStage(ctx, user(req), String(req.params.id), body), { body: updateStageBody }),

    route('get', '/calendar/days', 'signedIn', async (_req, _res, { query }) => calendarDays(ctx, query.from, query.to), { query: calendarDaysQuery, refuse: refuseQuery({ from: 'INVALID_RANGE', to: 'INVALID_RANGE' }) }),
    route('get', '/calendar-overrides', 'signedIn', async (_req, res) => {
      const rows = (await listOverrides(ctx)).map((o) => ({ ...o, id: o.date }));
      res.set('Content-Range', `calendar-overrides 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
      return rows;
    }),
    // Saving one day without moving the running steps it reaches is refused: every edit is a change (below).
    route('post', '/calendar-overrides', 'admin', async (req) => refuseDirectOverride(user(req))),
    route('delete', '/calendar-overrides/:date', 'admin', async (req) => refuseDirectOverride(user(req))),
    // A calendar change (days added or removed, or a year's arrangement): preview, then apply to running steps
    // as a job (202 with the change's id at once; its progress at GET /calendar/changes/:id).
    route('post', '/calendar/changes/preview', 'admin', async (req, _res, { body }) => previewCalendarChange(ctx, user(req), body), { body: changeBody }),
    route('post', '/calendar/changes', 'admin', async (req, res, { body }) => {
      res.status(202);
      return applyCalendarChange(ctx, user(req), body);
    }, { body: changeBody }),
    route('get', '/calendar/changes/:id', 'admin', async (req) => getCalendarChange(ctx, String(req.params.id))),
    route('get', '/calendar/years', 'signedIn', async () => listYears(ctx)),
    route('get', '/calendar/coverage', 'signedIn', async () => calendarCoverage(ctx)),

    route('post', '/annual-reports', 'admin', async (req, res, { body }) => {
      const out = await startAnnualReport(ctx, user(req), body, rid(req));
      req.log.info({ workflowId: out.workflowId }, 'annual report started');
      res.status(201);
      return out;
    }, { body: startAnnualReportBody }),
    route('get', '/annual-report/template', 'signedIn', async () => annualReportTemplate()),
    // 统一展示: published reports only, for anyone (the same data as the public pages under /public).
    route('get', '/public/annual-reports', 'public', async (_req, _res, { query }) => listPublishedReports(ctx, query), { query: publicListQuery, refuse: invalidPublicQuery }),
    route('get', '/public/annual-reports/:year/:code', 'public', async (req) => publishedReport(ctx, String(req.params.year), String(req.params.code))),
    // Closes the task rows of workflows that no longer run (terminated...) and reports them; workers do it on a timer.
    route('post', '/admin/reconcile', 'admin', async (req, _res, { body }) => {
      const out = await reconcileTasks(ctx, user(req), body, rid(req));
      req.log.info({ closed: out.closed.length, missing: out.missing.length, dryRun: out.dryRun }, 'tasks reconciled');
      return out;
    }, { body: reconcileBody }),
    route('get', '/annual-reports/:year/:unitCode/state', 'unitScoped', async (req) =>
      getAnnualReportState(ctx, user(req), annualReportWorkflowId(String(req.params.year), String(req.params.unitCode)))),

    ...websiteRoutes(ctx),
    ...flowInstanceRoutes(ctx),

    listRoute('/org-units', 'signedIn', ORG_UNIT_SORTABLE, ['path', 'ASC'], (req, q) => listOrgUnits(ctx, user(req), q)),
    route('get', '/org-units/:id', 'signedIn', async (req) => getOrgUnit(ctx, String(req.params.id))),
  ];
  // The OpenAPI document describes this very table (itself included), built once on first request.
  let doc: ReturnType<typeof buildOpenApi> | undefined;
  const openApi = () => (doc ??= buildOpenApi(table));
  table.push(
    route('get', '/openapi.json', 'public', async () => openApi()),
    route('get', '/docs', 'public', async (_req, res) => {
      res.type('html').send(openApiHtml(openApi()));
    }),
  );
  return table;
}

export function apiRouter(ctx: AppContext): Router {
  const r = buildRouter(apiRoutes(ctx));
  r.all('/{*rest}', () => {
    throw new AppError('NOT_FOUND', '接口不存在。', 404);
  });
  return r;
}
