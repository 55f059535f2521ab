import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import pinoHttp from 'pino-http';
import type { AppContext } from './context';
import { errorHandler, unknownRoute } from './errors';
import { sessionMiddleware } from './middleware/session';
import { apiRouter } from './routes';

/** Builds the express app; server/main.ts listens, tests listen on port 0. */
export function createApp(ctx: AppContext) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(pinoHttp({
    logger: ctx.logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w-]{8,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/api/health' },
  }));
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, X-Request-Id');
    next();
  });
  app.use('/api', express.json({ limit: '2mb' }), sessionMiddleware(ctx), apiRouter(ctx));

  // The built console, served by the API in production (Vite serves it in development).
  const dist = ctx.config.ADMIN_DIST_DIR ?? path.resolve(__dirname, '../admin/dist');
  if (existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    app.get('/{*rest}', (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
