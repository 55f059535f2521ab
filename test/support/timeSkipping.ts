/**
 * A Temporal time-skipping test environment on the Java test server that scripts/build-temporal-test-server.sh
 * builds into .tools/ (the SDK's own download of the server needs temporal.download, which CI cannot reach).
 *
 * The server runs per environment, in memory, on a free port; timers only skip ahead while a
 * workflow's result is awaited through `env.client` (or during `env.sleep`), so tests run one after another.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** Must match TTS_VERSION in scripts/build-temporal-test-server.sh (both honour the same variable). */
export const TEMPORAL_TEST_SERVER_VERSION = process.env.GOVFLOW_TEMPORAL_TEST_SERVER_VERSION ?? '1.31.0';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The launcher the build script writes: `run.sh <port>` execs the JVM. */
export function temporalTestServerLauncher(): string {
  const toolsDir = process.env.GOVFLOW_TOOLS_DIR ?? path.join(repoRoot, '.tools');
  return path.join(toolsDir, `temporal-test-server-${TEMPORAL_TEST_SERVER_VERSION}`, 'run.sh');
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const launcher = temporalTestServerLauncher();
  if (!existsSync(launcher)) {
    throw new Error(
      `The Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} is not built: ${launcher} is missing. ` +
        'Build it once with scripts/build-temporal-test-server.sh (needs Java and Maven; fetches from Maven Central).',
    );
  }
  const start = () =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: launcher } } });
  try {
    return await start();
  } catch (err) {
    // The SDK waits only 5 s for the server's port. The launcher starts the JVM in about a second, but a
    // badly overloaded machine can miss that window once; a second start finds the jars in the page cache.
    if (!/did not start within/i.exec(String((err as Error)?.message ?? err))) throw err;
    try {
      return await start();
    } catch (again) {
      throw new Error(
        `The Temporal time-skipping test server did not accept connections within the SDK's 5 s, twice. ` +
          `Run \`${launcher} 7233\` by hand to see why (a broken Java, or rebuild with scripts/build-temporal-test-server.sh).`,
        { cause: again },
      );
    }
  }
}
