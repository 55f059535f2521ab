/**
 * Replay safety: flows run for months (a campaign from December to March, a closure's 回头看 90 days after
 * it closes), so a deploy meets thousands of runs mid-flight. Every recorded history of every flow
 * (fixtures/histories, recorded with recordHistories.ts from the workflow code of its day, finished runs
 * and runs stopped mid-step) must replay against today's workflow code. A change that would break a
 * running flow fails here, naming the history; make it with `patched()` (README, "Changing a running flow").
 *
 * Needs no Temporal server: the replay worker runs the bundle against the histories in this process.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { historyFilesIn, loadHistoryFixtures, replayFixtures, todaysWorkflowBundle, type HistoryFixture } from './replayHistories';

// Bundled as the worker bundles (worker/workflowBundle.ts: its preloaded modules), so replay checks what runs.
const bundle = (workflowsPath?: string) => todaysWorkflowBundle(workflowsPath);

let fixtures: HistoryFixture[];

beforeAll(() => {
  // The replay worker logs each nondeterminism it meets as a warning: the test below meets them on purpose,
  // and the results carry them anyway. Errors only.
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  } catch {
    // installed already in this process by an earlier test file
  }
  fixtures = loadHistoryFixtures();
});

describe('the recorded histories', () => {
  it('are all listed in the manifest, and cover every flow both finished and mid-step', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(historyFilesIn());
    const kinds = new Set(fixtures.map((f) => `${f.workflowType}/${f.status}`));
    for (const type of ['annualReportWorkflow', 'websiteClosureWorkflow', 'annualReportCampaignWorkflow']) {
      expect(kinds).toContain(`${type}/COMPLETED`);
      expect(kinds).toContain(`${type}/RUNNING`);
    }
    // A calendar change's job: a run that continued as new (with its progress) and the run that finished.
    expect(kinds).toContain('calendarChangeWorkflow/CONTINUED_AS_NEW');
    expect(kinds).toContain('calendarChangeWorkflow/COMPLETED');
  });
});

describe('replaying every recorded history against today\'s workflow code', () => {
  it('replays each one without a nondeterminism error', async () => {
    const failures = await replayFixtures(await bundle(), fixtures);
    // The failing fixtures by name, with the SDK's reason: the message says which history broke.
    expect(failures).toEqual([]);
  }, 180_000);

  it('fails, naming the history, when a flow changes without patched(): an activity inserted before the first step', async () => {
    const closures = fixtures.filter((f) => f.workflowType === 'websiteClosureWorkflow');
    const others = fixtures.filter((f) => f.workflowType === 'annualReportWorkflow').slice(0, 1);

    const failures = await replayFixtures(await bundle(require.resolve('./fixtures/changedWorkflows')), [...closures, ...others]);

    expect(failures.map((f) => f.name).sort()).toEqual(closures.map((f) => f.name).sort());
    for (const f of failures) expect(f.error).toMatch(/^DeterminismViolationError: .*(nondetermin|Nondetermin)/s);
  }, 180_000);
});
