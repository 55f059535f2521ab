import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import Redis from 'ioredis';
import { applyTestEnv } from './env';
import { writeSharedWorkflowBundle } from './workflowBundle';

/** Fails fast, with the command to run, when a real service the integration tests need is down. */
export default async function globalSetup(): Promise<void> {
  applyTestEnv();
  const problems: string[] = [];
  const pg = new PgClient({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "OrgUnit"`);
    if (rows[0].n < 300) problems.push(`the test database has ${rows[0].n} org units; seed it (scripts/test-all.sh does)`);
    // Failed sign-ins from earlier runs (all from 127.0.0.1) must not lock this run out (LOGIN_LOCKED).
    await pg.query(`DELETE FROM "LoginFailure"`);
  } catch (err) {
    problems.push(`PostgreSQL at ${process.env.DATABASE_URL}: ${(err as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis at ${process.env.REDIS_URL}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
  try {
    const conn = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS, connectTimeout: 3000 });
    await conn.close();
  } catch (err) {
    problems.push(`Temporal at ${process.env.TEMPORAL_ADDRESS}: ${(err as Error).message}`);
  }
  if (problems.length > 0) {
    throw new Error(`Integration tests need the real services. Start them with scripts/services.sh start, or run scripts/test-all.sh.\n  - ${problems.join('\n  - ')}`);
  }
  // Once per run, after the services answered: every test file's worker loads this bundle.
  await writeSharedWorkflowBundle();
}
