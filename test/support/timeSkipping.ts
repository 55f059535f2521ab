/**
 * A Temporal time-skipping test environment on the Java test server that scripts/build-temporal-test-server.sh
 * builds into .tools/ (the SDK's own download of the server needs temporal.download, which CI cannot reach).
 *
 * The server runs per environment (started by createTimeSkippingEnv), in memory, on a free port; timers only
 * skip ahead while a workflow's result is awaited through `env.client` (or during `env.sleep`), so tests run
 * one after another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
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

/** A free TCP port on the loopback (the server binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `port` accepts a TCP connection; fails when the process exits or `timeoutMs` passes. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The Temporal time-skipping test server exited (${child.exitCode ?? child.signalCode}) before it listened on ${port}: ${output()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => { socket.destroy(); resolve(false); });
    });
    if (open) return;
    if (Date.now() > deadline) {
      throw new Error(`The Temporal time-skipping test server did not listen on ${port} within ${timeoutMs / 1000} s. ` +
        `Run \`${temporalTestServerLauncher()} 7233\` by hand to see why (a broken Java, or rebuild with scripts/build-temporal-test-server.sh). ${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The SDK's own factory, which takes a server already running and says whether it skips time. */
type CreateEnv = (opts: { server: { type: 'existing' }; address: string; namespace: string; supportsTimeSkipping: boolean }) => Promise<TestWorkflowEnvironment>;

/**
 * Starts the Java test server here and hands it to the SDK as a time-skipping server. The SDK's own start
 * (`createTimeSkipping` with an executable) gives the JVM 5 s to listen, which a loaded 2-core machine running
 * two test streams missed twice in a row; here it has `GOVFLOW_TIME_SKIPPING_START_S` (60 s). Teardown stops it.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const launcher = temporalTestServerLauncher();
  if (!existsSync(launcher)) {
    throw new Error(
      `The Temporal time-skipping test server ${TEMPORAL_TEST_SERVER_VERSION} is not built: ${launcher} is missing. ` +
        'Build it once with scripts/build-temporal-test-server.sh (needs Java and Maven; fetches from Maven Central).',
    );
  }
  const port = await freePort();
  const child = spawn(launcher, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPort(port, child, Number(process.env.GOVFLOW_TIME_SKIPPING_START_S ?? 60) * 1000, () => stderr.trim());
    const create = (TestWorkflowEnvironment as unknown as { create: CreateEnv }).create.bind(TestWorkflowEnvironment);
    const env = await create({ server: { type: 'existing' }, address: `127.0.0.1:${port}`, namespace: 'default', supportsTimeSkipping: true });
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      await teardown();
      await stop();
    };
    return env;
  } catch (err) {
    await stop();
    throw err;
  }
}
