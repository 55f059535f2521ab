/**
 * A busy server ends a workflow task right after a local activity (the worker heartbeats a task whose local
 * activity runs long, or completes it early to answer something else), and the commands the code issued after
 * that activity's answer are written in the next task. Such a history must replay as the one-task history
 * does: otherwise a run that met a slow database once fails every workflow task after its next eviction (a
 * worker restart, a full cache), stuck. Seen in CI on 2026-11-30 in humanStepRaces: "Non-deprecated patch
 * marker encountered for change annual-report-content-context, but there is no corresponding change command".
 *
 * Each history below is split after each of its local-activity markers in turn (splitHistory.ts), and every
 * split history is replayed against today's workflow code. Needs no Temporal server.
 */
import { readFileSync } from 'node:fs';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { workflowBundleOptions } from '../../worker/workflowBundle';
import { historyFromJSON } from './historyJson';
import { loadHistoryFixtures, replayFixtures, type HistoryFixture } from './replayHistories';
import { localActivitySplitPoints, splitAfter, type HistoryJson } from './splitHistory';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never;
const bundle = (workflowsPath: string): Promise<WorkflowBundle> => bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger: quiet });

/** The histories today's code writes: recorded with every patch the flows decide. */
const SUBJECTS = ['campaign-unit-context-local-completed', 'annual-report-delegation-completed', 'annual-report-countersign-setting-running'];

let subjects: HistoryFixture[];

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // installed already in this process by an earlier test file
  }
  subjects = loadHistoryFixtures().filter((f) => SUBJECTS.includes(f.name));
});

/** Every split of the fixture's history, one after each local-activity marker, named `<fixture>@<event id>`. */
function splits(f: HistoryFixture): HistoryFixture[] {
  const json = JSON.parse(readFileSync(f.file, 'utf8')) as HistoryJson;
  return localActivitySplitPoints(json).map((i) => ({ ...f, name: `${f.name}@${json.events[i].eventId}`, history: historyFromJSON(splitAfter(json, i)) }));
}

describe('a history whose workflow task ended right after a local activity', () => {
  it('is a well-formed history: the split keeps every event and only adds a workflow task', () => {
    const f = subjects[0];
    const json = JSON.parse(readFileSync(f.file, 'utf8')) as HistoryJson;
    const [first] = localActivitySplitPoints(json);
    const split = splitAfter(json, first);
    expect(split.events).toHaveLength(json.events.length + 3);
    expect(split.events.map((e) => e.eventId)).toEqual(split.events.map((_, i) => String(i + 1)));
    expect(split.events.slice(first + 1, first + 4).map((e) => e.eventType)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', 'EVENT_TYPE_WORKFLOW_TASK_STARTED', 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
    ]);
    // The unsplit history replays (the fixture is sound), so a failure below is the split's.
    expect(split.events.filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED')).toHaveLength(json.events.filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED').length);
  });

  it('replays against today\'s code wherever the split falls, for every flow today\'s code recorded', async () => {
    expect(subjects.map((f) => f.name).sort()).toEqual([...SUBJECTS].sort());
    const variants = subjects.flatMap(splits);
    expect(variants.length).toBeGreaterThan(subjects.length);
    const code = await bundle(require.resolve('../../workflows'));
    expect(await replayFixtures(code, subjects)).toEqual([]);
    const failures = await replayFixtures(code, variants);
    expect(failures).toEqual([]);
  }, 180_000);
});
