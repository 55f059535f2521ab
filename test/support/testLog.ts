/**
 * The test stacks' log: errors only (with the error and its stack), appended to a file under the project's
 * `.logs/` (`GOVFLOW_LOG_DIR`), one per stream and jest worker: `.logs/test-<stream>-w<worker>.log`. Tests
 * keep their output clean, and when CI shows a 500 the reason is on record: scripts/test-all.sh empties these
 * files before the tests and prints their tail when a run fails. `GOVFLOW_TEST_LOG_LEVEL` (`warn`, `info`)
 * writes more.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Logger } from '../../activities/infra/logger';
import { testStream } from './env';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The file this process's test stacks write to. */
export function testLogFile(): string {
  const dir = process.env.GOVFLOW_LOG_DIR ?? path.join(repoRoot, '.logs');
  return path.join(dir, `test-${testStream()}-w${process.env.JEST_WORKER_ID ?? '0'}.log`);
}

type JestState = { testPath?: string; currentTestName?: string };
const jestState = (): JestState | undefined => (globalThis as { expect?: { getState?: () => JestState } }).expect?.getState?.();

/** The running test file, relative to the project (jest's expect knows it), to say which file logged a line. */
function testFile(): string | undefined {
  const testPath = jestState()?.testPath;
  return testPath ? path.relative(repoRoot, testPath) : undefined;
}

export interface TestLogger { logger: Logger; close(): void }

/** A pino logger like the API's and the worker's, writing to the test log file; `close` flushes it. */
export function createTestLogger(name: string): TestLogger {
  const file = testLogFile();
  mkdirSync(path.dirname(file), { recursive: true });
  // Synchronous writes: an error logged just before a test fails (or jest exits) is on disk, and errors are few.
  const destination = pino.destination({ dest: file, append: true, sync: true });
  const logger = pino({
    level: process.env.GOVFLOW_TEST_LOG_LEVEL ?? 'error',
    name,
    base: { service: name, testFile: testFile() },
    redact: ['password', '*.password', 'passwordHash', '*.passwordHash'],
    // and the test that was running when the line was written
    mixin: () => ({ test: jestState()?.currentTestName }),
  }, destination);
  return { logger, close: () => destination.end() };
}
