import type { AppContext } from '../context';
import {
  addCampaignUnits, addUnitsBody, launchBody, previewQuery, publishLateBody, publishNowBody, scheduleBody, CAMPAIGN_SORTABLE, exportCampaignUnitsXlsx, CAMPAIGN_UNIT_SORTABLE, campaignProgress, getCampaign, launchCampaign, listCampaignUnits,
  listCampaigns, previewCampaign, publishGroupNow, publishUnitLate, unitTimeline, updateCampaignSchedule,
} from '../services/campaignService';
import { campaignDuplicationPass, passBody } from '../services/duplicationService';
import { campaignSummary, campaignSummaryXlsx } from '../services/summaryService';
import { rid, listQueryRoute, listRoute, route, user, type RouteDef } from './route';
import { rootQuery } from './queryParams';
import { attachmentDisposition, exportFileName, XLSX_CONTENT_TYPE } from '../services/xlsxExport';

/**
 * Annual-report campaigns (专项部署): administrators launch and steer them; supervisors (the city's or a
 * district's general office) follow their progress within the subtree they oversee.
 */
export function campaignRoutes(ctx: AppContext): RouteDef[] {
  return [
    route('get', '/campaigns/preview', 'admin', async (req, _res, { query }) => previewCampaign(ctx, user(req), query), { query: previewQuery }),
    listRoute('/campaigns', 'supervisor', CAMPAIGN_SORTABLE, ['launchedAt', 'DESC'], (req, q) => listCampaigns(ctx, user(req), q)),
    route('post', '/campaigns', 'admin', async (req, res, { body }) => {
      const out = await launchCampaign(ctx, user(req), body, rid(req));
      req.log.info({ campaignId: out.id, workflowId: out.workflowId, units: out.totalUnits }, 'campaign launched');
      res.status(201);
      return out;
    }, { body: launchBody }),
    route('get', '/campaigns/:id', 'supervisor', async (req) => getCampaign(ctx, user(req), String(req.params.id))),
    route('get', '/campaigns/:id/progress', 'supervisor', async (req, _res, { query }) => campaignProgress(ctx, user(req), String(req.params.id), query), { query: rootQuery }),
    route('get', '/campaigns/:id/summary', 'supervisor', async (req, _res, { query }) => campaignSummary(ctx, user(req), String(req.params.id), query), { query: rootQuery }),
    route('get', '/campaigns/:id/summary.xlsx', 'supervisor', async (req, res, { query }) => {
      const out = await campaignSummaryXlsx(ctx, user(req), String(req.params.id), query);
      req.log.info({ root: out.summary.root.code, included: out.summary.included, missing: out.summary.missing }, 'campaign summary exported');
      res.set('Content-Type', XLSX_CONTENT_TYPE);
      res.set('Content-Disposition', attachmentDisposition(exportFileName(out.title, 'xlsx'), 'summary.xlsx'));
      res.send(out.buffer);
    }, { query: rootQuery }),
    listRoute('/campaigns/:id/units', 'supervisor', CAMPAIGN_UNIT_SORTABLE, ['code', 'ASC'], (req, q) => listCampaignUnits(ctx, user(req), String(req.params.id), q)),
    listQueryRoute('/campaigns/:id/units/export.xlsx', 'supervisor', CAMPAIGN_UNIT_SORTABLE, ['code', 'ASC'], async (req, res, q) => {
      const out = await exportCampaignUnitsXlsx(ctx, user(req), String(req.params.id), q);
      req.log.info({ rows: out.rows }, 'campaign units exported');
      res.set('Content-Type', XLSX_CONTENT_TYPE);
      res.set('Content-Disposition', attachmentDisposition(exportFileName(`${out.title}-进度`, 'xlsx'), 'campaign.xlsx'));
      res.send(out.buffer);
    }),
    route('get', '/campaigns/:id/units/:orgUnitId/timeline', 'supervisor', async (req) => unitTimeline(ctx, user(req), String(req.params.id), String(req.params.orgUnitId))),
    route('post', '/campaigns/:id/duplication', 'supervisor', async (req) => campaignDuplicationPass(ctx, user(req), String(req.params.id), rid(req)), { body: passBody }),
    route('post', '/campaigns/:id/units', 'admin', async (req, _res, { body }) => addCampaignUnits(ctx, user(req), String(req.params.id), body, rid(req)), { body: addUnitsBody }),
    route('put', '/campaigns/:id/schedule', 'admin', async (req, _res, { body }) => updateCampaignSchedule(ctx, user(req), String(req.params.id), body, rid(req)), { body: scheduleBody }),
    route('post', '/campaigns/:id/publish', 'admin', async (req, _res, { body }) => publishGroupNow(ctx, user(req), String(req.params.id), body, rid(req)), { body: publishNowBody }),
    route('post', '/campaigns/:id/units/:orgUnitId/publish-late', 'admin', async (req, _res, { body }) => publishUnitLate(ctx, user(req), String(req.params.id), String(req.params.orgUnitId), body, rid(req)), { body: publishLateBody }),
  ];
}
