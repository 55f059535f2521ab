/**
 * The API's Prometheus metrics: the exposition format Prometheus parses, and requests labelled by the route
 * pattern they matched (refused ones included), never by the raw URL, written by prom-client. No services:
 * the app's clients connect lazily and fail, which the gauges must survive.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { Client } from '@temporalio/client';
import { loadConfig } from '../../activities/infra/config';
import { createLogger } from '../../activities/infra/logger';
import { createPrisma } from '../../activities/infra/prisma';
import { createApp } from '../../server/app';
import type { AppContext } from '../../server/context';
import { createApiMetrics } from '../../server/metrics/apiMetrics';

const config = loadConfig({ DATABASE_URL: 'postgresql://nobody:x@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', TEMPORAL_ADDRESS: '127.0.0.1:1', ADMIN_DIST_DIR: '/nonexistent' });
const ctx: AppContext = { config, prisma: createPrisma(config.DATABASE_URL), temporal: new Client(), logger: createLogger('silent', 'test') };
afterAll(() => ctx.prisma.$disconnect());

describe('GET /metrics of the API', () => {
  const app = createApp(ctx);

  it('labels a refused request with the route pattern under /api and its status', async () => {
    await request(app).post('/api/auth/login').send({}).expect(400);
    await request(app).get('/api/tasks/123e4567-e89b-42d3-a456-426614174000/history').expect(401);
    await request(app).get('/api/no-such-route').expect(404);

    const text = (await request(app).get('/metrics').expect(200)).text;
    expect(text).toContain('govflow_http_requests_total{method="POST",route="/api/auth/login",status="400"} 1');
    expect(text).toContain('govflow_http_requests_total{method="GET",route="/api/tasks/:id/history",status="401"} 1');
    expect(text).toContain('govflow_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain('123e4567');
  });

  it('times requests in a histogram with cumulative buckets, beside the process metrics', async () => {
    const text = (await request(app).get('/metrics').expect(200)).text;
    expect(text).toContain('# TYPE govflow_http_request_duration_seconds histogram');
    expect(text).toMatch(/govflow_http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/api\/auth\/login",status="400"\} 1\n/);
    expect(text).toMatch(/govflow_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="400"\} 1\n/);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
  });

  it('counts the requests of each app on its own (a test process builds many apps)', async () => {
    const other = createApp(ctx);
    const text = (await request(other).get('/metrics').expect(200)).text;
    expect(text).not.toContain('route="/api/auth/login"');
  });

  it('has every GovFlow metric the sample Grafana dashboard graphs', async () => {
    const dashboard = readFileSync(path.resolve(__dirname, '../../docs/grafana/govflow.json'), 'utf8');
    const graphed = [...new Set([...dashboard.matchAll(/\b(govflow_[a-z_]+?)(?:_bucket|_sum|_count)?\b/g)].map((m) => m[1]))];
    const exported = createApiMetrics(ctx.prisma).registry.getMetricsAsArray().map((m) => m.name);
    expect(graphed.length).toBeGreaterThan(3);
    expect(graphed.filter((name) => !exported.includes(name))).toEqual([]);
  });

  it('still answers when the database is down, counting in that very scrape each gauge it could not read', async () => {
    const text = (await request(createApp(ctx)).get('/metrics').expect(200)).text;
    for (const gauge of ['govflow_open_tasks', 'govflow_overdue_steps', 'govflow_notifications', 'govflow_campaign_units']) {
      expect(text).toContain(`govflow_metrics_collect_errors_total{gauge="${gauge}"} 1\n`);
      expect(text).not.toMatch(new RegExp(`^${gauge}\\{`, 'm'));
    }
  });

  it('asks for the token when METRICS_TOKEN is set, and answers with it', async () => {
    const guarded = createApp({ ...ctx, config: { ...config, METRICS_TOKEN: 'metrics-token-0123456789' } });
    const refused = await request(guarded).get('/metrics').expect(401);
    expect(refused.body.error.code).toBe('METRICS_TOKEN_REQUIRED');
    expect((await request(guarded).get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789').expect(200)).text).toContain('govflow_http_requests_total');
  });
});
