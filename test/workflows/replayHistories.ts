/**
 * The recorded histories (fixtures/histories, written by recordHistories.ts) and a replay of them against a
 * workflow bundle: what replay.test.ts checks in CI, and what a developer runs before deploying a change to
 * a flow that has runs in flight (see "Changing a running flow" in the README).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { freshWorkflowBundle, workflowBundleOptions } from '../../worker/workflowBundle';
import { historyFromJSON } from './historyJson';

export const HISTORIES_DIR = path.join(__dirname, 'fixtures', 'histories');

/** One line of fixtures/histories/manifest.json. */
export interface FixtureEntry {
  /** The file name without .json. */
  name: string;
  workflowId: string;
  workflowType: string;
  /** RUNNING: recorded mid-flow, the case a deploy meets; COMPLETED: the whole story. */
  status: string;
  covers: string;
  events: number;
  recordedAt: string;
  /** The commit whose workflow code produced the history. */
  commit: string;
}

export interface HistoryFixture extends FixtureEntry {
  file: string;
  history: ReturnType<typeof historyFromJSON>;
}

/** Every fixture named in the manifest, with its history parsed. */
export function loadHistoryFixtures(dir = HISTORIES_DIR): HistoryFixture[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as FixtureEntry[];
  return manifest.map((entry) => {
    const file = path.join(dir, `${entry.name}.json`);
    return { ...entry, file, history: historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))) };
  });
}

/** The history files in the folder (to check the manifest against). */
export function historyFilesIn(dir = HISTORIES_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json').map((f) => f.replace(/\.json$/, '')).sort();
}

export interface ReplayFailure { name: string; workflowType: string; error: string }

/**
 * Replays each fixture against the bundle with one replay worker (`Worker.runReplayHistories`), under the
 * workflow id it was recorded with (the flows pass their id to activities). Answers the fixtures that did
 * not replay, by name, with the SDK's reason (a DeterminismViolationError names the command that differs).
 */
export async function replayFixtures(workflowBundle: WorkflowBundleOption, fixtures: HistoryFixture[]): Promise<ReplayFailure[]> {
  const failures: ReplayFailure[] = [];
  const results = Worker.runReplayHistories(
    { workflowBundle, replayName: 'govflow-history-fixtures' },
    fixtures.map((f) => ({ workflowId: f.workflowId, history: f.history })),
  );
  // One history at a time, answered in order: the n-th result is the n-th fixture (several fixtures are
  // snapshots of one run, so the workflow id alone does not tell them apart).
  let n = 0;
  for await (const result of results) {
    const f = fixtures[n++];
    if (result.workflowId !== f.workflowId) throw new Error(`replay answered for ${result.workflowId}, expected ${f.workflowId} (${f.name})`);
    if (result.error) failures.push({ name: f.name, workflowType: f.workflowType, error: `${result.error.name}: ${result.error.message}` });
  }
  if (n !== fixtures.length) throw new Error(`replay answered for ${n} of ${fixtures.length} histories`);
  return failures;
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never;

/**
 * Today's workflow code as the worker runs it (worker/workflowBundle.ts, its preloaded modules): the
 * production build's bundle when it is newer than every source (CI builds it before the tests), else bundled
 * now from `workflowsPath`. webpack takes 10-40 s of CPU on this machine; two replay files need not pay twice.
 */
export async function todaysWorkflowBundle(workflowsPath = path.join(__dirname, '..', '..', 'workflows')): Promise<WorkflowBundleOption> {
  const built = workflowsPath === path.join(__dirname, '..', '..', 'workflows') ? freshWorkflowBundle() : undefined;
  if (built) return { codePath: built };
  return bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger: quiet });
}
