/**
 * Where the integration tests find the real services: the project's own PostgreSQL (test database),
 * Redis and Temporal test server as scripts/services.sh starts them, unless the environment says otherwise.
 *
 * Two streams, each with services of its own: `integration` (the integration project) and `e2e` (the browser
 * tests). scripts/test-all.sh runs them side by side, so they must not share anything a test reads back:
 * a database each (`govflow_test`, `govflow_test_e2e`, made by scripts/test-db.sh), a Temporal test server
 * each (the e2e one on the next port; workflow ids like `annual-report/<year>/<unit>` would clash), a Redis
 * database index each (BullMQ's notification queue). A file's jest project names its stream
 * (`globals.GOVFLOW_TEST_STREAM` in jest.config.js); a script outside jest is `integration`.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

declare global {
  // Set by jest.config.js per project.
  var GOVFLOW_TEST_STREAM: string | undefined;
}

export type TestStream = 'integration' | 'e2e';
export const TEST_STREAMS: readonly TestStream[] = ['integration', 'e2e'];

export function asTestStream(value: unknown): TestStream {
  if (value === undefined || value === '' || value === 'integration') return 'integration';
  if (value === 'e2e') return 'e2e';
  throw new Error(`GOVFLOW_TEST_STREAM must be integration or e2e, not ${String(value)}`);
}

/** The stream of the running test file (its jest project), else GOVFLOW_TEST_STREAM, else integration. */
export function testStream(): TestStream {
  return asTestStream(globalThis.GOVFLOW_TEST_STREAM ?? process.env.GOVFLOW_TEST_STREAM);
}

export interface StreamServices { databaseUrl: string; redisUrl: string; temporalAddress: string }

/**
 * A stream's services as scripts/services.sh and scripts/test-db.sh make them (ports from the same
 * GOVFLOW_* variables as scripts/lib.sh). DATABASE_URL, REDIS_URL and TEMPORAL_ADDRESS, when set, win.
 */
export function streamServices(stream: TestStream, env: NodeJS.ProcessEnv = process.env): StreamServices {
  const e2e = stream === 'e2e';
  const pgPort = env.GOVFLOW_PG_PORT ?? '55432';
  const temporalPort = Number(env.GOVFLOW_TEMPORAL_TEST_PORT ?? '57234');
  const temporalE2ePort = Number(env.GOVFLOW_TEMPORAL_TEST_E2E_PORT ?? temporalPort + 1);
  return {
    databaseUrl: env.DATABASE_URL ?? `postgresql://govflow:govflow@127.0.0.1:${pgPort}/${e2e ? 'govflow_test_e2e' : 'govflow_test'}`,
    // Redis database 0 is the demo stack's; 1 and 2 are the streams'; 3 is the integration files' that
    // scripts/prod.sh ci runs against the production profile (with DATABASE_URL, REDIS_URL, TEMPORAL_ADDRESS set),
    // 4 the profile's own processes in CI.
    redisUrl: env.REDIS_URL ?? `redis://127.0.0.1:${env.GOVFLOW_REDIS_PORT ?? '56379'}/${e2e ? 2 : 1}`,
    temporalAddress: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${e2e ? temporalE2ePort : temporalPort}`,
  };
}

let runtimeQuieted = false;
/** Temporal's worker logs at INFO by default, which buries test output: warnings and errors only. */
export function quietTemporalRuntime(): void {
  if (runtimeQuieted) return;
  runtimeQuieted = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process by an earlier test file: it is quiet already
  }
}

/**
 * Points this test file's process.env (jest gives each file its own copy) at its stream's services. Called
 * only inside test files and scripts: a jest globalSetup must use streamServices, since whatever it writes
 * into process.env every later file of either project inherits.
 */
export function applyTestEnv(): void {
  quietTemporalRuntime();
  const services = streamServices(testStream());
  process.env.DATABASE_URL = services.databaseUrl;
  process.env.REDIS_URL = services.redisUrl;
  process.env.TEMPORAL_ADDRESS = services.temporalAddress;
  process.env.TEMPORAL_NAMESPACE ??= 'default';
  process.env.LOG_LEVEL ??= 'silent';
  process.env.NODE_ENV ??= 'test';
}
