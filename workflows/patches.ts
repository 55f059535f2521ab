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
 * A change after a baseline gets a new baseline, decided the same way: PATCH_BASELINE_2 for the changes in
 * BASELINE_2_PATCHES. A run started under an earlier baseline never takes a later baseline's changes (it
 * keeps running as it started, deterministically); a run started under a later baseline takes every
 * earlier one's too. The next change adds `patches-decided-at-start-3` the same way.
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

/** The marker a run started with the second baseline's code writes first (instead of PATCH_BASELINE). */
export const PATCH_BASELINE_2 = 'patches-decided-at-start-2';

/** The changes only runs started under PATCH_BASELINE_2 take (issue 12: fewer local activities per step). */
export const BASELINE_2_PATCHES = [
  /** a step's first local activity reads the stage's 会签 setting and, for a stage of one assignee, opens its task */
  'step-open-reads-countersign',
  /** a campaign unit reads last year's report and its report context in one local activity */
  'report-start-in-one-read',
] as const;
export type Baseline2Patch = (typeof BASELINE_2_PATCHES)[number];

/**
 * A run's patch decisions. Construct it in the workflow's first synchronous code (HumanSteps does, in its
 * constructor, the first line of every flow), never after an await.
 */
export class PatchDecisions {
  /** Decided once: `patched()` asked again later, in live execution, would answer true for an old run. */
  private readonly baseline: boolean;
  /** Decided first: a new run writes this marker only; a run started under PATCH_BASELINE replays its own. */
  private readonly baseline2: boolean;

  constructor() {
    this.baseline2 = patched(PATCH_BASELINE_2);
    this.baseline = this.baseline2 || patched(PATCH_BASELINE);
  }

  /** Whether this run takes the change: always, if it started with a baseline; otherwise as `patched(id)` decides. */
  has(id: BaselinePatch): boolean {
    return this.baseline || patched(id);
  }

  /** Whether this run takes a change of the second baseline: only a run started under it. */
  has2(_id: Baseline2Patch): boolean {
    return this.baseline2;
  }
}
