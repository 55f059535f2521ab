import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import Redis from 'ioredis';
import { asTestStream, quietTemporalRuntime, streamServices } from './env';
import { useSharedWorkflowBundle } from './workflowBundle';

/**
 * Fails fast, with the command to run, when a real service the project's tests need is down. Jest calls it
 * once per project with that project's config, whose `globals` name the stream (jest.config.js); it reads the
 * stream's services without writing them into process.env, which every later test file would inherit.
 */
export default async function globalSetup(_globalConfig: unknown, projectConfig: { globals?: Record<string, unknown> }): Promise<void> {
  quietTemporalRuntime();
  const stream = asTestStream(projectConfig?.globals?.GOVFLOW_TEST_STREAM);
  const services = streamServices(stream);
  const problems: string[] = [];
  const pg = new PgClient({ connectionString: services.databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "OrgUnit"`);
    if (rows[0].n < 300) problems.push(`the test database has ${rows[0].n} org units; seed it (scripts/test-all.sh does)`);
    // Failed sign-ins from earlier runs (all from 127.0.0.1) must not lock this run out (LOGIN_LOCKED).
    await pg.query(`DELETE FROM "LoginFailure"`);
  } catch (err) {
    problems.push(`PostgreSQL at ${services.databaseUrl}: ${(err as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis at ${services.redisUrl}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  try {
    const conn = await Connection.connect({ address: services.temporalAddress, connectTimeout: 3000 });
    await conn.close();
  } catch (err) {
    problems.push(`Temporal at ${services.temporalAddress}: ${(err as Error).message}`);
  }
  if (problems.length > 0) {
    throw new Error(`The ${stream} tests need the real services. Start them with scripts/services.sh start postgres redis temporal-test and seed with scripts/test-db.sh, or run scripts/test-all.sh.\n  - ${problems.join('\n  - ')}`);
  }
  // Once per run, after the services answered: every test file's worker loads this bundle.
  await useSharedWorkflowBundle();
}
