/**
 * Where the integration tests find the real services: the project's own PostgreSQL (test database),
 * Redis and Temporal dev server as scripts/services.sh starts them, unless the environment says otherwise.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

let runtimeQuieted = false;
/** Temporal's worker logs at INFO by default, which buries test output: warnings and errors only. */
function quietTemporalRuntime(): void {
  if (runtimeQuieted) return;
  runtimeQuieted = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process by an earlier test file: it is quiet already
  }
}

export function applyTestEnv(): void {
  quietTemporalRuntime();
  const pgPort = process.env.GOVFLOW_PG_PORT ?? '55432';
  process.env.DATABASE_URL ??= `postgresql://govflow:govflow@127.0.0.1:${pgPort}/govflow_test`;
  process.env.REDIS_URL ??= `redis://127.0.0.1:${process.env.GOVFLOW_REDIS_PORT ?? '56379'}/1`;
  process.env.TEMPORAL_ADDRESS ??= `127.0.0.1:${process.env.GOVFLOW_TEMPORAL_TEST_PORT ?? '57234'}`;
  process.env.TEMPORAL_NAMESPACE ??= 'default';
  process.env.LOG_LEVEL ??= 'silent';
  process.env.NODE_ENV ??= 'test';
}
