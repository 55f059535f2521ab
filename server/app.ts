import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import pinoHttp from 'pino-http';
import type { AppContext } from './context';
import { AppError, errorHandler, refuseNul, unknownRoute } from './errors';
import { auditDenials } from './middleware/auditDenials';
import { sessionMiddleware } from './middleware/session';
import { createApiMetrics } from './metrics/apiMetrics';
import { apiRouter } from './routes';
import { publicReportRouter } from './public/publicRouter';

/** The probes answer while the process drains (they say so); they are not work to wait for. */
const PROBES = new Set(['/api/health', '/api/ready', '/metrics']);

/**
 * After SIGTERM (server/main.ts): a new request is refused with 503 SHUTTING_DOWN (a load balancer or the
 * console tries again, on another instance or in a moment) and told to close its connection; a request
 * let in before is counted until its answer is sent, so the process closes only when none is in flight.
 */
function drainGate(ctx: AppContext): express.RequestHandler {
  return (req, res, next) => {
    const life = ctx.lifecycle;
    if (!life || PROBES.has(req.path)) return next();
    if (life.draining) {
      res.setHeader('Connection', 'close');
      return next(new AppError('SHUTTING_DOWN', '服务正在重启，请稍候几秒再试；已提交的内容不会丢失。', 503));
    }
    life.inFlight++;
    res.once('close', () => { life.inFlight--; });
    next();
  };
}

/** Builds the express app; server/main.ts listens, tests listen on port 0. */
export function createApp(ctx: AppContext) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const metrics = createApiMetrics(ctx.prisma);
  app.use(metrics.middleware);
  // Prometheus scrapes here, outside /api: no session, no CSRF. METRICS_TOKEN, when set, is required as a
  // bearer token (the business gauges are counts, not records, but a city may still want them private).
  app.get('/metrics', async (req, res) => {
    const token = ctx.config.METRICS_TOKEN;
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      throw new AppError('METRICS_TOKEN_REQUIRED', '读取运行指标需要提供正确的访问令牌（METRICS_TOKEN）。', 401);
    }
    res.type(metrics.registry.contentType).send(await metrics.scrape());
  });
  app.use(pinoHttp({
    logger: ctx.logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{8,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/api/ready' || req.url === '/metrics' },
  }));
  // helmet's defaults (nosniff, HSTS, frame-ancestors 'none', no referrer across origins ...) with a CSP the
  // built console lives within: its own scripts only; styles also inline, because MUI/emotion inject <style>.
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        // Many government intranets serve plain HTTP: upgrading the console's own requests would break it.
        // Behind TLS, terminate at the proxy and add this (and HSTS) there.
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  }));
  app.use((_req, res, next) => {
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, X-Request-Id');
    next();
  });
  app.use(drainGate(ctx));
  app.use('/api', express.json({ limit: '2mb' }), refuseNul, sessionMiddleware(ctx), apiRouter(ctx));

  // 统一展示: the public pages of every published report, no session (server/public/reportPages.ts).
  app.use('/public', publicReportRouter(ctx));

  // The built console, served by the API in production (Vite serves it in development).
  const dist = ctx.config.ADMIN_DIST_DIR ?? path.resolve(__dirname, '../admin/dist');
  if (existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    app.get('/{*rest}', (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }
  app.use(unknownRoute);
  app.use(auditDenials(ctx));
  app.use(errorHandler);
  return app;
}
