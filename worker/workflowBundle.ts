/**
 * The worker's workflow code, bundled once instead of by webpack at every start: webpack takes 5-15 s of
 * CPU on a busy 2-core machine, which is also how long steps stall after a worker restarts. The bundle
 * lives in dist/workflow-bundle.js (`npm run build:workflows`, or written by the first worker that had to
 * bundle); it is used only while it is newer than every source file that can go into it.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..');
export const WORKFLOW_BUNDLE_PATH = join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/** What the bundle is made of: the workflows, what they import (domain/, shared types), and the locked dependencies. */
const SOURCE_DIRS = ['workflows', 'domain', 'activities'];
const SOURCE_FILES = ['package-lock.json', 'worker/workflowBundle.ts', 'worker/workflowSandbox.ts'];

/**
 * Modules evaluated once per worker and shared by every flow it keeps in memory (the SDK's `preloadModules`).
 * Without this, each cached flow evaluates its own copy of every module it imports (the SDK isolates module
 * state per flow): at 1,000 running flows those copies were most of the worker's memory, and evaluating them
 * was a large part of the workflow thread's work at each flow's start (`npx tsx bench/workflowMemory.ts` and
 * `bench/workflowStartCost.ts` print both). Only modules that are safe to share belong here: pure rules, data
 * and definitions with no state of a flow's own at module scope (no module-level `let`, no module-level
 * collection that a flow writes to) and no workflow API called at module scope (it runs before any flow
 * exists). The SDK deep-freezes their exports, so a flow that wrote to one would fail at once instead of
 * leaking into another flow. The workflows themselves (workflows/, the entry `workflowBundleOptions` is given)
 * keep their state in each run's own objects (HumanSteps, closures of the workflow function) and are shared
 * too, with the SDK's `@temporalio/workflow` API (it reads the running flow from the sandbox's globals at
 * each call).
 */
export const PRELOADED_MODULES = [
  'domain/annual-report/index.ts',
  'domain/flows/index.ts',
  'domain/step/index.ts',
  'domain/calendar/changeJob.ts',
];

/** Set up the sandbox itself (worker/workflowSandbox.ts): preloaded first, before any other module. */
const SANDBOX_SETUP = SOURCE_FILES[2];

/** What `bundleWorkflowCode` is given everywhere the workflows are bundled (worker, build, tests). */
export function workflowBundleOptions(workflowsPath = join(PROJECT_ROOT, 'workflows'), root = PROJECT_ROOT) {
  return {
    workflowsPath,
    preloadModules: [join(root, SANDBOX_SETUP), ...PRELOADED_MODULES.map((m) => join(root, m)), '@temporalio/workflow', workflowsPath],
  };
}

function newestIn(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => (name === 'node_modules' ? m : Math.max(m, newestIn(join(path, name)))), 0);
}

/** The newest modification time among the sources of the workflow bundle. */
export function newestWorkflowSource(root = PROJECT_ROOT): number {
  return Math.max(...SOURCE_DIRS.map((d) => newestIn(join(root, d))), ...SOURCE_FILES.map((f) => newestIn(join(root, f))));
}

/** The prebuilt bundle's path when it exists and is newer than every source; otherwise undefined (bundle afresh). */
export function freshWorkflowBundle(root = PROJECT_ROOT, bundlePath = join(root, 'dist', 'workflow-bundle.js')): string | undefined {
  if (!existsSync(bundlePath)) return undefined;
  return statSync(bundlePath).mtimeMs > newestWorkflowSource(root) ? bundlePath : undefined;
}

/** Writes a bundle atomically (another worker may be reading or writing the same file). */
export function saveWorkflowBundle(code: string, bundlePath = WORKFLOW_BUNDLE_PATH): void {
  mkdirSync(dirname(bundlePath), { recursive: true });
  const tmp = `${bundlePath}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, bundlePath);
}
