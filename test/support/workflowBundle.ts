/**
 * The real workflows, bundled once per jest run instead of once per test file: webpack takes 5-15 s on a
 * loaded 2-core machine, and jest gives every file a fresh module registry, so a per-file cache bundled the
 * same code about twenty times in a CI run.
 *
 * The integration and e2e projects' globalSetup writes the bundle to a file and names it in an environment
 * variable, which the test files (workers started after globalSetup, or jest's own process) read. A script
 * run outside jest (a benchmark using startStack) has no such variable and bundles in process, once.
 * When the production build's bundle (dist/workflow-bundle.js) is newer than every source that goes into it,
 * it is the same code, and globalSetup names it instead of bundling again (scripts/test-all.sh builds it
 * before the tests, and runs two jests, which would otherwise bundle twice).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { freshWorkflowBundle } from '../../worker/workflowBundle';

export const WORKFLOW_BUNDLE_ENV = 'GOVFLOW_TEST_WORKFLOW_BUNDLE';

const repoRoot = path.resolve(__dirname, '..', '..');
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never;

async function bundleNow(): Promise<{ code: string }> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { workflowBundleOptions } = await import('../../worker/workflowBundle');
  // The worker's own options (its preloaded modules), so the tests run the code as production does.
  return bundleWorkflowCode({ ...workflowBundleOptions(path.join(repoRoot, 'workflows', 'index.ts')), logger: quiet });
}

/** For globalSetup: bundles today's workflows into .data/ (git-ignored) and exports the path to the tests. */
export async function writeSharedWorkflowBundle(): Promise<string> {
  const { code } = await bundleNow();
  const dir = path.join(repoRoot, '.data', 'jest');
  mkdirSync(dir, { recursive: true });
  // One file per run (a second jest run in the same checkout may bundle other code), written aside and
  // renamed so no reader sees half a file; bundles of runs older than a day are removed.
  for (const old of readdirSync(dir)) {
    const f = path.join(dir, old);
    if (old.startsWith('workflow-bundle-') && Date.now() - statSync(f).mtimeMs > 86_400_000) rmSync(f, { force: true });
  }
  const file = path.join(dir, `workflow-bundle-${process.pid}.js`);
  writeFileSync(`${file}.tmp`, code);
  renameSync(`${file}.tmp`, file);
  process.env[WORKFLOW_BUNDLE_ENV] = file;
  return file;
}

/** For globalSetup: the production build's bundle when it is up to date, else a bundle written now. */
export async function useSharedWorkflowBundle(): Promise<string> {
  const built = freshWorkflowBundle(repoRoot);
  if (!built) return writeSharedWorkflowBundle();
  process.env[WORKFLOW_BUNDLE_ENV] = built;
  return built;
}

let inProcess: Promise<{ code: string }> | undefined;

/** The bundle of the real workflows for a Worker: the run's shared file when there is one, else bundled here once. */
export async function realWorkflowBundle(): Promise<WorkflowBundleOption> {
  const shared = process.env[WORKFLOW_BUNDLE_ENV];
  if (shared && existsSync(shared)) return { codePath: shared };
  inProcess ??= bundleNow();
  return inProcess;
}
