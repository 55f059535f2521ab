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
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { PATCH_BASELINE, PATCH_BASELINE_2 } from '../../workflows/patches';
import { historyFromJSON } from './historyJson';
import { loadHistoryFixtures, replayFixtures, todaysWorkflowBundle, type HistoryFixture } from './replayHistories';
import { localActivitySplitPoints, splitAfter, throughTaskAfterSplit, type HistoryJson } from './splitHistory';


/** The patch ids a history's markers carry, in order. */
function patchMarkers(f: HistoryFixture): string[] {
  const json = JSON.parse(readFileSync(f.file, 'utf8')) as HistoryJson;
  return json.events.flatMap((e) => {
    const m = e.markerRecordedEventAttributes as { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: string }> }> } | undefined;
    if (m?.markerName !== 'core_patch') return [];
    const data = m.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data, 'base64').toString()) as { id: string }).id] : [];
  });
}

/**
 * The histories of runs that decide their patches at the start: started under the first patch baseline or
 * under the second, which today's code writes (workflows/patches.ts). Runs started before the first decide
 * their patches inline, as they were recorded; replay.test.ts replays them whole.
 */
const BASELINES = [PATCH_BASELINE, PATCH_BASELINE_2];
let subjects: HistoryFixture[];

beforeAll(() => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // installed already in this process by an earlier test file
  }
  subjects = loadHistoryFixtures().filter((f) => BASELINES.includes(patchMarkers(f)[0]));
});

/** Every split of the fixture's history, one after each local-activity marker, named `<fixture>@<event id>`. */
function splits(f: HistoryFixture): HistoryFixture[] {
  const json = JSON.parse(readFileSync(f.file, 'utf8')) as HistoryJson;
  // Each replayed up to the end of the task after its split: what comes later is replayed whole above, and split
  // by the later points.
  return localActivitySplitPoints(json).map((i) => ({ ...f, name: `${f.name}@${json.events[i].eventId}`, history: historyFromJSON(throughTaskAfterSplit(splitAfter(json, i), i)) }));
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
    // Both flows on the human step, finished and mid-step, recorded by today's code.
    const kinds = new Set(subjects.filter((f) => patchMarkers(f)[0] === PATCH_BASELINE_2).map((f) => `${f.workflowType}/${f.status}`));
    for (const kind of ['annualReportWorkflow/COMPLETED', 'annualReportWorkflow/RUNNING', 'websiteClosureWorkflow/COMPLETED', 'websiteClosureWorkflow/RUNNING']) expect(kinds).toContain(kind);
    // A snapshot of a run taken mid-step is the start of the later snapshot of that run: split the later one.
    const types = (f: HistoryFixture) => (JSON.parse(readFileSync(f.file, 'utf8')) as HistoryJson).events.map((e) => e.eventType).join();
    const longest = subjects.filter((f) => !subjects.some((g) => g !== f && g.workflowId === f.workflowId && g.events > f.events && types(g).startsWith(types(f))));
    const variants = longest.flatMap(splits);
    expect(variants.length).toBeGreaterThan(subjects.length);
    const code = await todaysWorkflowBundle();
    expect(await replayFixtures(code, subjects)).toEqual([]);
    const failures = await replayFixtures(code, variants);
    expect(failures).toEqual([]);
  }, 600_000);
});

describe('the patches a run decides', () => {
  it('are decided at its start, in one marker, by a run started under a baseline (today\'s code writes the second)', () => {
    for (const f of subjects) expect(patchMarkers(f)).toHaveLength(1);
    expect(subjects.some((f) => patchMarkers(f)[0] === PATCH_BASELINE)).toBe(true);
    expect(subjects.some((f) => patchMarkers(f)[0] === PATCH_BASELINE_2)).toBe(true);
  });

  it('are asked only through workflows/patches.ts: no flow calls patched() where a local activity may have answered just before', () => {
    const root = path.join(__dirname, '../../workflows');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && f !== 'patches.ts');
    const callers = files.filter((f) => /\bpatched\(/.test(readFileSync(path.join(root, f), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '')));
    expect(callers).toEqual([]);
  });
});
