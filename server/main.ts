import { Client, Connection } from '@temporalio/client';
import { loadConfig, exitOnConfigError } from '../activities/infra/config';
import { createLogger } from '../activities/infra/logger';
import { createPrisma } from '../activities/infra/prisma';
import { temporalConnectionOptions } from '../activities/infra/temporal';
import { createApp } from './app';
import { answerClientErrors } from './errors';
import type { AppContext } from './context';
import { closeApiNotificationQueue, notify } from './services/notificationService';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'govflow-api');
  const prisma = createPrisma(config.DATABASE_URL, config.DB_POOL_SIZE);
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const ctx: AppContext = { config, prisma, temporal, logger };
  ctx.notifier = (request) => notify(ctx, request);
  const app = createApp(ctx);
  const server = app.listen(config.PORT, () => logger.info({ port: config.PORT }, 'api listening'));
  answerClientErrors(server);
  const stop = () => {
    server.close(async () => {
      await closeApiNotificationQueue(ctx);
      await prisma.$disconnect();
      await connection.close();
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  exitOnConfigError(err);
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
