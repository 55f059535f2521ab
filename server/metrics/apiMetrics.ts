/**
 * What operators scrape from every API process at GET /metrics: requests by route and status with their
 * durations, the process itself, and the business gauges a duty officer watches (open tasks by flow and
 * stage, overdue steps, notifications waiting or failed, campaign units by state). The gauges are counted
 * in PostgreSQL at scrape time, so any API process answers them the same; the request metrics are per
 * process (Prometheus sums them over the `instance` label).
 *
 * prom-client writes the exposition; the worker needs none of this: the Temporal SDK's own Prometheus
 * exporter serves its metrics (worker/main.ts, WORKER_METRICS_ADDRESS).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from '../../activities/infra/prisma';

export interface ApiMetrics {
  /** This app's own registry: tests build several apps in one process, each counts its own requests. */
  registry: Registry;
  /** The exposition text for one scrape. */
  scrape(): Promise<string>;
  /** Counts and times every request; the route label is the matched route pattern, never the raw URL. */
  middleware: RequestHandler;
  requests: Counter<'method' | 'route' | 'status'>;
}

let processRegistry: Registry | undefined;
/**
 * prom-client's process metrics (memory, heap, CPU, event-loop lag, GC, start time) are about the process,
 * not the app: collected once, then shared by every app's registry (collecting them per app would start one
 * event-loop monitor and one GC observer for each app a test builds).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

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
  const own = new Registry();

  const requests = new Counter({
    name: 'govflow_http_requests_total',
    help: 'HTTP requests answered by this API process, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [own],
  });
  const durations = new Histogram({
    name: 'govflow_http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its response, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [own],
  });

  // The gauges' reads of this scrape: the error counter waits for them, so a scrape reports its own failures.
  const reading = new Set<Promise<void>>();
  const collectErrors = new Counter({
    name: 'govflow_metrics_collect_errors_total',
    help: 'Scrapes in which a gauge could not be read (its database query failed), by gauge.',
    labelNames: ['gauge'] as const,
    registers: [],
    async collect() {
      await Promise.all(reading);
    },
  });

  /**
   * A gauge counted in the database at scrape time. A failing query leaves the gauge without samples and is
   * counted: one broken query (or a database that is down) must not blind the whole scrape.
   */
  function databaseGauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<Array<{ labels: Record<L, string>; n: bigint }>>) {
    return new Gauge({
      name, help, labelNames, registers: [own],
      async collect() {
        const done = read().then(
          (rows) => {
            this.reset();
            for (const row of rows) this.set(row.labels as Partial<Record<L, string>>, Number(row.n));
          },
          () => {
            this.reset();
            collectErrors.inc({ gauge: name });
          },
        );
        reading.add(done);
        await done;
        reading.delete(done);
      },
    });
  }

  databaseGauge('govflow_open_tasks', 'Open tasks (steps waiting for a person), by flow and stage.', ['flow', 'stage'], async () => {
    const rows = await prisma.$queryRaw<Array<{ flow: string; stage: string; n: bigint }>>`
      SELECT "flowKey" AS flow, "stageKey" AS stage, count(*) AS n FROM "Task" WHERE status = 'OPEN' GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { flow: r.flow, stage: r.stage }, n: r.n }));
  });
  databaseGauge('govflow_overdue_steps', 'Open tasks past their deadline whose clock is running (not paused), by flow and stage.', ['flow', 'stage'], async () => {
    const rows = await prisma.$queryRaw<Array<{ flow: string; stage: string; n: bigint }>>`
      SELECT "flowKey" AS flow, "stageKey" AS stage, count(*) AS n FROM "Task"
      WHERE status = 'OPEN' AND "deadlineAt" < now() AND "pausedAt" IS NULL GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { flow: r.flow, stage: r.stage }, n: r.n }));
  });
  databaseGauge('govflow_notifications', 'Notifications not delivered: PENDING (waiting) and FAILED (gave up, an administrator may retry), by channel.', ['status', 'channel'], async () => {
    const rows = await prisma.$queryRaw<Array<{ status: string; channel: string; n: bigint }>>`
      SELECT status::text AS status, channel::text AS channel, count(*) AS n FROM "Notification"
      WHERE status IN ('PENDING', 'FAILED') GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { status: r.status, channel: r.channel }, n: r.n }));
  });
  databaseGauge('govflow_campaign_units', 'Units of annual-report campaigns, by campaign and state (PENDING, RUNNING, READY, PUBLISHED, PUBLISHED_LATE).', ['campaign', 'state'], async () => {
    const rows = await prisma.$queryRaw<Array<{ campaign: string; state: string; n: bigint }>>`
      SELECT "campaignId"::text AS campaign, state, count(*) AS n FROM "CampaignUnit" GROUP BY 1, 2`;
    return rows.map((r) => ({ labels: { campaign: r.campaign, state: r.state }, n: r.n }));
  });

  // Registered after the gauges: prom-client starts reading every metric of a scrape at once, in registration
  // order, so when this one is read the gauges' queries of the same scrape are under way and it waits for them.
  own.registerMetric(collectErrors);
  const registry = Registry.merge([processMetrics(), own]);

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const stop = durations.startTimer();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeLabel(req, res), status: String(res.statusCode) };
      requests.inc(labels);
      stop(labels);
    });
    next();
  };
  return { registry, scrape: () => registry.metrics(), middleware, requests };
}
