import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { loadConfig, exitOnConfigError } from '../activities/infra/config';
import { createLogger } from '../activities/infra/logger';
import { createPrisma } from '../activities/infra/prisma';
import { temporalConnectionOptions } from '../activities/infra/temporal';
import { createApp } from './app';
import { answerClientErrors } from './errors';
import type { AppContext, Lifecycle } from './context';
import { closeApiNotificationQueue, notify } from './services/notificationService';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'govflow-api');
  const prisma = createPrisma(config.DATABASE_URL, config.DB_POOL_SIZE);
  // A person waits on these calls: while Temporal is down, give up after about 3 s of retries (the SDK's
  // default, 10 attempts, holds a clerk's click some 20 s) and answer 503 WORKFLOW_UNAVAILABLE.
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config),
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 6 }))],
  });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const lifecycle: Lifecycle = { draining: false, inFlight: 0 };
  const ctx: AppContext = { config, prisma, temporal, logger, lifecycle };
  ctx.notifier = (request) => notify(ctx, request);
  const app = createApp(ctx);
  const server = app.listen(config.PORT, () => logger.info({ port: config.PORT }, 'api listening'));
  answerClientErrors(server);

  /**
   * SIGTERM (an orchestrator replacing the process, scripts/services.sh stop): drain, then close. New
   * requests get 503 SHUTTING_DOWN and /api/ready says draining, so a load balancer sends them elsewhere;
   * the requests in flight finish (a task action waits for its workflow's answer), for at most
   * API_SHUTDOWN_TIMEOUT; then the listener and the clients close and the process exits 0.
   */
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    lifecycle.draining = true;
    logger.info({ signal, inFlight: lifecycle.inFlight }, 'draining: new requests refused, finishing those in flight');
    const deadline = Date.now() + config.API_SHUTDOWN_TIMEOUT;
    while (lifecycle.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (lifecycle.inFlight > 0) logger.warn({ inFlight: lifecycle.inFlight }, 'shutdown timeout: closing with requests still in flight');
    server.close();
    server.closeAllConnections();
    await closeApiNotificationQueue(ctx).catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
    await connection.close().catch(() => undefined);
    logger.info('api stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  exitOnConfigError(err);
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
