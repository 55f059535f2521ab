/**
 * The API's Prometheus metrics: the exposition format Prometheus parses, and requests labelled by the route
 * pattern they matched (refused ones included), never by the raw URL. No services: the app's clients
 * connect lazily and fail, which the gauges must survive.
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
import { CollectedGauge, Counter, Histogram, Registry } from '../../server/metrics/registry';

const config = loadConfig({ DATABASE_URL: 'postgresql://nobody:x@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', TEMPORAL_ADDRESS: '127.0.0.1:1', ADMIN_DIST_DIR: '/nonexistent' });
const ctx: AppContext = { config, prisma: createPrisma(config.DATABASE_URL), temporal: new Client(), logger: createLogger('silent', 'test') };
afterAll(() => ctx.prisma.$disconnect());

describe('the metrics registry', () => {
  it('writes counters, cumulative histogram buckets and gauges in the text format, with label values escaped', async () => {
    const r = new Registry();
    r.register(new Counter('x_total', 'things')).inc({ route: '/a"b\\c' }, 2);
    const h = r.register(new Histogram('d_seconds', 'durations', [0.1, 1]));
    h.observe({ m: 'GET' }, 0.05);
    h.observe({ m: 'GET' }, 0.5);
    r.register(new CollectedGauge('g', 'a gauge', async () => [{ labels: { s: 'OPEN' }, value: 3 }]));

    expect((await r.metricsText()).split('\n')).toEqual([
      '# HELP x_total things', '# TYPE x_total counter', 'x_total{route="/a\\"b\\\\c"} 2',
      '# HELP d_seconds durations', '# TYPE d_seconds histogram',
      'd_seconds_bucket{m="GET",le="0.1"} 1', 'd_seconds_bucket{m="GET",le="1"} 2', 'd_seconds_bucket{m="GET",le="+Inf"} 2',
      'd_seconds_sum{m="GET"} 0.55', 'd_seconds_count{m="GET"} 2',
      '# HELP g a gauge', '# TYPE g gauge', 'g{s="OPEN"} 3', '',
    ]);
  });

  it('leaves out a gauge whose collection fails and reports it, keeping the rest', async () => {
    const r = new Registry();
    r.register(new CollectedGauge('broken', 'fails', async () => { throw new Error('db down'); }));
    r.register(new Counter('ok_total', 'fine')).inc();
    const failed: string[] = [];
    const text = await r.metricsText((name) => failed.push(name));
    expect(text).not.toContain('broken');
    expect(text).toContain('ok_total 1');
    expect(failed).toEqual(['broken']);
  });
});

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

  it('has every GovFlow metric the sample Grafana dashboard graphs', async () => {
    const dashboard = readFileSync(path.resolve(__dirname, '../../docs/grafana/govflow.json'), 'utf8');
    const graphed = [...new Set([...dashboard.matchAll(/\b(govflow_[a-z_]+?)(?:_bucket|_sum|_count)?\b/g)].map((m) => m[1]))];
    const exported = createApiMetrics(ctx.prisma).registry.names();
    expect(graphed.length).toBeGreaterThan(3);
    expect(graphed.filter((name) => !exported.includes(name))).toEqual([]);
  });

  it('still answers when the database is down, counting the gauges it could not read', async () => {
    const text = (await request(app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/govflow_metrics_collect_errors_total\{gauge="govflow_open_tasks"\} [1-9]/);
  });
});
