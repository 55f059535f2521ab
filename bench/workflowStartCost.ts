/**
 * `node --expose-gc --import tsx bench/workflowStartCost.ts [N] [label filter]` (no services; SHOW_MODULES=1 lists
 * the modules a flow evaluates for itself): what a new flow costs the worker's workflow
 * thread at its start, the part of a launch that happens in the SDK's sandbox. It loads the worker's bundle the
 * way the worker does (the SDK's reusable V8 context, its promise hook that records a stack trace for every
 * promise a flow makes) and starts N campaign units' annualReportWorkflow: each one evaluates the workflow
 * modules of its own and runs to its first command (the local activity that reads last year's report).
 * Prints CPU milliseconds per flow (the heap per flow is bench/workflowMemory.ts's), for the bundle as built
 * (worker/workflowBundle.ts) and for variants of it, so one lever can be weighed without a Temporal server.
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { defaultPayloadConverter } from '@temporalio/common';
import { coresdk } from '@temporalio/proto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRELOADED_MODULES, PROJECT_ROOT, workflowBundleOptions } from '../worker/workflowBundle';

const N = Number(process.argv[2] ?? 300);
const ONLY = process.argv[3];
const gc = (globalThis as { gc?: () => void }).gc;

/** With --expose-gc, each variant starts on a collected heap. */
function collect() {
  gc?.();
  gc?.();
}

function runIdOf(i: number) {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

function info(i: number) {
  const runId = runIdOf(i);
  return {
    workflowId: `bench-start/${i}`, runId, workflowType: 'annualReportWorkflow', taskQueue: 'bench-start', namespace: 'default',
    firstExecutionRunId: runId, attempt: 1, historyLength: 3, historySize: 1000, continueAsNewSuggested: false,
    startTime: new Date(), runStartTime: new Date(), unsafe: { isReplaying: false, now: Date.now }, searchAttributes: {}, typedSearchAttributes: [],
    memo: {}, priority: {}, currentDeploymentVersion: undefined,
  };
}

const UUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const input = (i: number) => ({
  campaignId: UUID(900000), orgUnitId: UUID(i), unitName: `单位${i}`, year: 2026, districtOfficeId: UUID(800000), cityOfficeId: UUID(700000),
  publicationGroup: 'district-departments', publishBy: '2027-01-31', dueDates: { assign: '2026-12-10', 'self-check': '2027-01-05' },
});

interface Variant { label: string; preloadModules?: string[]; timeoutMs?: number | null }

async function measure(v: Variant) {
  const opts = workflowBundleOptions();
  const { code } = await bundleWorkflowCode({ ...opts, preloadModules: v.preloadModules ?? opts.preloadModules, logger: new DefaultLogger('WARN') });
  const creator = await ReusableVMWorkflowCreator.create(parseWorkflowCode(code, `/${v.label.replace(/\W+/g, '-')}.js`), (v.timeoutMs === null ? undefined : v.timeoutMs ?? 5000) as number, new Set<string>(['previousReport', 'reportContext', 'openTask', 'closeTask']), undefined);
  collect();
  const flows = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let commands = 0;
  for (let i = 0; i < N; i++) {
    const wf = await creator.createWorkflow({ info: info(i) as never, randomnessSeed: [1, i], now: Date.now(), showStackTraceSources: false });
    const completion = await wf.activate(coresdk.workflow_activation.WorkflowActivation.fromObject({
      runId: runIdOf(i), timestamp: { seconds: Math.floor(Date.now() / 1000), nanos: 0 }, isReplaying: false, historyLength: 3,
      availableInternalFlags: [], jobs: [{
        initializeWorkflow: {
          workflowId: `bench-start/${i}`, workflowType: 'annualReportWorkflow', arguments: [defaultPayloadConverter.toPayload(input(i))],
          randomnessSeed: i + 1, headers: {}, attempt: 1, firstExecutionRunId: runIdOf(i),
        },
      }],
    }));
    if (i === 0 && process.env.SHOW_MODULES) console.log([...((wf as unknown as { activator: { moduleCache: Map<string, unknown> } }).activator.moduleCache.keys())].join('\n'));
    commands += (completion as { successful?: { commands?: unknown[] } }).successful?.commands?.length ?? 0;
    flows.push(wf);
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(`${v.label}: ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms CPU per flow (wall ${(wall / N).toFixed(2)} ms), ${commands / N} commands per flow`);
  for (const f of flows) await f.dispose();
  await creator.destroy();
}

/** A module that sets the sandbox's `Error.stackTraceLimit`, written to a temporary folder (a variant of worker/workflowSandbox.ts). */
function frames(n: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'govflow-frames-')), `frames${n}.ts`);
  writeFileSync(file, `(Error as { stackTraceLimit?: number }).stackTraceLimit = ${n};\nexport {};\n`);
  return file;
}

async function main() {
  const opts = workflowBundleOptions();
  const built = opts.preloadModules;
  const withoutSetup = built.filter((m) => !m.endsWith('workflowSandbox.ts'));
  const domainOnly = PRELOADED_MODULES.map((m) => join(PROJECT_ROOT, m));
  const variants: Variant[] = [
    { label: 'as built (workflows and the SDK API shared, 5 frames)' },
    { label: 'domain modules only shared, 10 frames (session 6)', preloadModules: domainOnly },
    { label: 'domain modules only shared, 0 frames', preloadModules: [frames(0), ...domainOnly] },
    { label: 'all shared, 10 frames', preloadModules: withoutSetup },
    { label: 'all shared, 0 frames', preloadModules: [frames(0), ...withoutSetup] },
    { label: 'as built, no isolate timeout (not an SDK option: the cost of its watchdog thread per call)', timeoutMs: null },
    { label: 'as built (again)' },
  ];
  for (const v of variants) if (!ONLY || v.label.includes(ONLY)) await measure(v);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
