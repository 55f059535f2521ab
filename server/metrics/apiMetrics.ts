/**
 * What operators scrape from every API process at GET /metrics: requests by route and status with their
 * durations, the process itself, and the business gauges a duty officer watches (open tasks by flow and
 * stage, overdue steps, notifications waiting or failed, campaign units by state). The gauges are counted
 * in PostgreSQL at scrape time, so any API process answers them the same; the request metrics are per
 * process (Prometheus sums them over the `instance` label).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { PrismaClient } from '../../activities/infra/prisma';
import { CollectedGauge, Counter, Histogram, Registry } from './registry';

export interface ApiMetrics {
  registry: Registry;
  /** The exposition text for one scrape. */
  scrape(): Promise<string>;
  /** Counts and times every request; the route label is the matched route pattern, never the raw URL. */
  middleware: RequestHandler;
  requests: Counter;
}

const PROCESS_START = Date.now() / 1000;

/** The route a request matched, as a pattern (`/api/tasks/:id/complete`): raw URLs would explode the label set. */
function routeLabel(req: Request, res: Response): string {
  // Set by the route table's router when a route matched (server/routes/route.ts), refused requests included.
  if (typeof res.locals.routePattern === 'string') return res.locals.routePattern;
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  // A catch-all (`/{*rest}`: "no such route" under /api, the console's pages elsewhere) is not a route.
  if (typeof pattern === 'string' && !pattern.includes('*')) return `${req.baseUrl}${pattern}`;
  if (req.originalUrl.startsWith('/api/') || req.originalUrl === '/api') return 'unmatched';
  return req.method === 'GET' ? 'console' : 'unmatched';
}

export function createApiMetrics(prisma: PrismaClient): ApiMetrics {
  const registry = new Registry();
  const requests = registry.register(new Counter('govflow_http_requests_total', 'HTTP requests answered by this API process, by method, route pattern and status code.'));
  const durations = registry.register(new Histogram('govflow_http_request_duration_seconds', 'Time from receiving a request to the end of its response, by method, route pattern and status code.'));
  const collectErrors = registry.register(new Counter('govflow_metrics_collect_errors_total', 'Scrapes in which a gauge could not be read (its database query failed), by gauge.'));

  registry.register(new CollectedGauge('process_resident_memory_bytes', 'Resident memory of this process in bytes.', async () => [{ labels: {}, value: process.memoryUsage().rss }]));
  registry.register(new CollectedGauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', async () => [{ labels: {}, value: process.memoryUsage().heapUsed }]));
  registry.register(new CollectedGauge('process_start_time_seconds', 'Start time of this process since the Unix epoch, in seconds.', async () => [{ labels: {}, value: PROCESS_START }]));

  registry.register(new CollectedGauge('govflow_open_tasks', 'Open tasks (steps waiting for a person), by flow and stage.', async () => {
    const rows = await prisma.$queryRaw<Array<{ flow: string; stage: string; n: bigint }>>`
      SELECT "flowKey" AS flow, "stageKey" AS stage, count(*) AS n FROM "Task" WHERE status = 'OPEN' GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { flow: r.flow, stage: r.stage }, value: Number(r.n) }));
  }));
  registry.register(new CollectedGauge('govflow_overdue_steps', 'Open tasks past their deadline whose clock is running (not paused), by flow and stage.', async () => {
    const rows = await prisma.$queryRaw<Array<{ flow: string; stage: string; n: bigint }>>`
      SELECT "flowKey" AS flow, "stageKey" AS stage, count(*) AS n FROM "Task"
      WHERE status = 'OPEN' AND "deadlineAt" < now() AND "pausedAt" IS NULL GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { flow: r.flow, stage: r.stage }, value: Number(r.n) }));
  }));
  registry.register(new CollectedGauge('govflow_notifications', 'Notifications not delivered: PENDING (waiting) and FAILED (gave up, an administrator may retry), by channel.', async () => {
    const rows = await prisma.$queryRaw<Array<{ status: string; channel: string; n: bigint }>>`
      SELECT status::text AS status, channel::text AS channel, count(*) AS n FROM "Notification"
      WHERE status IN ('PENDING', 'FAILED') GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { status: r.status, channel: r.channel }, value: Number(r.n) }));
  }));
  registry.register(new CollectedGauge('govflow_campaign_units', 'Units of annual-report campaigns, by campaign and state (PENDING, RUNNING, READY, PUBLISHED, PUBLISHED_LATE).', async () => {
    const rows = await prisma.$queryRaw<Array<{ campaign: string; state: string; n: bigint }>>`
      SELECT "campaignId"::text AS campaign, state, count(*) AS n FROM "CampaignUnit" GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { campaign: r.campaign, state: r.state }, value: Number(r.n) }));
  }));

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const t0 = process.hrtime.bigint();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeLabel(req, res), status: String(res.statusCode) };
      requests.inc(labels);
      durations.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9);
    });
    next();
  };
  // A gauge whose query fails is left out and counted: one broken query must not blind the whole scrape.
  const scrape = () => registry.metricsText((name) => collectErrors.inc({ gauge: name }));
  return { registry, scrape, middleware, requests };
}
