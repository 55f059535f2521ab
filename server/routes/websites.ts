import type { Request } from 'express';
import { websiteBody } from '../../domain/websites';
import type { AppContext } from '../context';
import { approvePlan, decidablePlan, listPlans, PLAN_SORTABLE, rejectPlan, rejectPlanBody, submitPlan, submitPlanBody } from '../services/consolidationPlanService';
import {
  createWebsite, downloadEvidence, exportWebsites, fileObjection, objectionBody, getWebsite, importWebsites, listWebsites, uploadEvidence,
  WEBSITE_SORTABLE, websiteTimeline,
} from '../services/websiteService';
import { websiteProgress } from '../services/websiteProgressService';
import { readUpload } from '../services/uploads';
import { listRoute, rid, route, user, type RouteDef } from './route';
import { refuseQuery, websitesExportQuery, websitesImportQuery } from './queryParams';
import { attachmentDisposition, exportFileName, XLSX_CONTENT_TYPE } from '../services/xlsxExport';

/** The site inventory's import file (CSV or Excel), read by the same multipart reader as documents. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** Site inventory, 《整合计划表》, the closure flow's objections and evidence, and progress for supervisors. */
export function websiteRoutes(ctx: AppContext): RouteDef[] {
  return [
    listRoute('/websites', 'signedIn', WEBSITE_SORTABLE, ['domain', 'ASC'], (req, q) => listWebsites(ctx, user(req), q)),
    route('post', '/websites', 'supervisor', async (req, res, { body }) => {
      res.status(201);
      return createWebsite(ctx, user(req), body, rid(req));
    }, { body: websiteBody }),
    route('post', '/websites/import', 'supervisor', async (req, res, { query }) => {
      const file = await readUpload(req, res, 'file', IMPORT_MAX_BYTES);
      const out = await importWebsites(ctx, user(req), file, query.format, query.dryRun, rid(req));
      req.log.info({ created: out.created, total: out.total, tookMs: out.tookMs }, 'websites imported');
      return out;
    }, { query: websitesImportQuery, refuse: refuseQuery({ format: 'INVALID_FORMAT' }) }),
    route('get', '/websites/export', 'supervisor', async (req, res, { query }) => {
      const { format, filter } = query;
      const body = await exportWebsites(ctx, user(req), format, filter);
      const name = exportFileName('网站清单', format);
      res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE);
      res.setHeader('Content-Disposition', attachmentDisposition(name, `websites.${format}`));
      res.send(body);
    }, { query: websitesExportQuery, refuse: refuseQuery({ format: 'INVALID_FORMAT', filter: 'INVALID_QUERY' }) }),
    route('get', '/websites/:id', 'unitScoped', async (req) => getWebsite(ctx, user(req), String(req.params.id))),
    route('get', '/websites/:id/timeline', 'unitScoped', async (req) => websiteTimeline(ctx, user(req), String(req.params.id))),
    route('post', '/websites/:id/objections', 'unitScoped', async (req, res, { scoped, body }) => {
      const out = await fileObjection(ctx, user(req), scoped, body);
      res.status(201);
      return out;
    }, { scope: (req: Request) => getWebsite(ctx, user(req), String(req.params.id)), body: objectionBody }),
    route('post', '/websites/:id/evidence', 'unitScoped', async (req, res) => {
      const out = await uploadEvidence(ctx, user(req), String(req.params.id), req, res, rid(req));
      res.status(201);
      return out;
    }),
    route('get', '/websites/:id/evidence/:evidenceId', 'unitScoped', async (req, res) => downloadEvidence(ctx, user(req), String(req.params.id), String(req.params.evidenceId), res)),

    listRoute('/consolidation-plans', 'signedIn', PLAN_SORTABLE, ['submittedAt', 'DESC'], (req, q) => listPlans(ctx, user(req), q)),
    route('post', '/consolidation-plans', 'unitScoped', async (req, res, { body }) => {
      const out = await submitPlan(ctx, user(req), body, rid(req));
      res.status(201);
      return out;
    }, { body: submitPlanBody }),
    route('post', '/consolidation-plans/:id/approve', 'supervisor', async (req) => {
      const out = await approvePlan(ctx, user(req), String(req.params.id), rid(req));
      req.log.info({ workflowId: out.workflowId }, 'website flow started');
      return out;
    }),
    route('post', '/consolidation-plans/:id/reject', 'supervisor', async (req, _res, { scoped, body }) => rejectPlan(ctx, user(req), scoped, body, rid(req)),
      { scope: (req: Request) => decidablePlan(ctx, user(req), String(req.params.id)), body: rejectPlanBody }),

    route('get', '/website-progress', 'supervisor', async (req) => websiteProgress(ctx, user(req))),
  ];
}
