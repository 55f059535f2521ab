/**
 * How the flows decide their patches (`patched()`): once, when a run starts, for every change made so far.
 *
 * Why not inline, where each change is used: replaying a history, the SDK's `patched(id)` answers true only
 * for the markers of the workflow task it is replaying. A busy server can end a workflow task right after a
 * local activity (the worker heartbeats a task whose local activity runs long, or completes it early), and the
 * code after that activity's answer then lands in the next task. Replayed, the answer arrives while the
 * earlier task is still being replayed, so a `patched()` first called there answers false, the code takes
 * the old branch, and the run fails every workflow task from then on with "Non-deprecated patch marker
 * encountered ..., but there is no corresponding change command" (seen in CI on 2026-11-30; a worker restart
 * or a full cache is enough to replay). test/workflows/replaySplit.test.ts replays histories split that way.
 *
 * So a run started with this code decides one marker, PATCH_BASELINE, in its first workflow task, before any
 * await, and takes every change listed in BASELINE_PATCHES without a marker of its own. A run started before
 * the baseline decides each change inline, as it did when it was recorded (its histories replay unchanged).
 *
 * A new change after this one: add a new baseline (`patches-decided-at-start-2`) decided the same way, keep
 * this one for the runs started under it, and decide the new change inline only for those older runs.
 */
import { patched } from '@temporalio/workflow';

/** The marker a run started with this code writes first. */
export const PATCH_BASELINE = 'patches-decided-at-start';

/** Every change a run started with the baseline takes (each was decided inline before it). */
export const BASELINE_PATCHES = [
  'annual-report-content-context',
  'previous-report-local-activity',
  'report-context-local-activity',
  'publish-signal-kept-until-ready',
  'step-projection-local-activities',
  'step-countersign',
  'step-countersign-setting',
  'step-delegation-adopts-delegate',
] as const;
export type BaselinePatch = (typeof BASELINE_PATCHES)[number];

/**
 * A run's patch decisions. Construct it in the workflow's first synchronous code (HumanSteps does, in its
 * constructor, the first line of every flow), never after an await.
 */
export class PatchDecisions {
  /** Decided once: `patched()` asked again later, in live execution, would answer true for an old run. */
  private readonly baseline: boolean;

  constructor() {
    this.baseline = patched(PATCH_BASELINE);
  }

  /** Whether this run takes the change: always, if it started with the baseline; otherwise as `patched(id)` decides. */
  has(id: BaselinePatch): boolean {
    return this.baseline || patched(id);
  }
}
