/**
 * The public pages (统一展示) as HTML, outside /api and its session: GET /public/annual-reports (list, search)
 * and GET /public/annual-reports/:year/:code (one report). A bad query or an unknown report answers a page
 * with the sentence and status, never a stack trace.
 */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { listPublishedReports, parsePublicQuery, publishedReport } from '../services/publicReportService';
import { renderNotFound, renderReport, renderReportList } from './reportPages';

export function publicReportRouter(ctx: AppContext): Router {
  const router = Router();
  const send = (res: Response, status: number, html: string) => {
    res.status(status).type('html').set('Cache-Control', 'public, max-age=60').send(html);
  };
  const handle = (fn: (req: Request) => Promise<string>) => async (req: Request, res: Response) => {
    try {
      send(res, 200, await fn(req));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return send(res, 404, renderNotFound());
      if (err instanceof AppError) return send(res, err.status, renderNotFound().replace('未找到年度报告</h1>', `查询有误</h1><p>${err.message.replace(/[<>&]/g, '')}</p>`));
      req.log?.error({ err }, 'public report page failed');
      send(res, 500, renderNotFound().replace('未找到年度报告</h1>', '页面暂时无法显示，请稍后再试</h1>'));
    }
  };
  router.get('/annual-reports', handle(async (req) => renderReportList(await listPublishedReports(ctx, parsePublicQuery(req.query)))));
  router.get('/annual-reports/:year/:code', handle(async (req) => renderReport(await publishedReport(ctx, String(req.params.year), String(req.params.code)))));
  return router;
}
