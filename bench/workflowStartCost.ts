/**
 * `node --import tsx bench/workflowStartCost.ts [N]` (no services): what a new flow costs the worker's workflow
 * thread at its start, the part of a launch that happens in the SDK's sandbox. It loads the worker's bundle the
 * way the worker does (the SDK's reusable V8 context, its promise hook that records a stack trace for every
 * promise a flow makes) and starts N campaign units' annualReportWorkflow: each one evaluates the workflow
 * modules of its own and runs to its first command (the local activity that reads last year's report).
 * Prints CPU milliseconds per flow and the workflow heap per flow, for the bundle as built
 * (worker/workflowBundle.ts) and for variants of it, so one lever can be weighed without a Temporal server.
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { defaultPayloadConverter } from '@temporalio/common';
import { coresdk } from '@temporalio/proto';
import { workflowBundleOptions } from '../worker/workflowBundle';

const N = Number(process.argv[2] ?? 300);
const ONLY = process.argv[3];
const gc = (globalThis as { gc?: () => void }).gc;

function heapMb() {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
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
  const before = heapMb();
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
  const after = heapMb();
  console.log(`${v.label}: ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms CPU per flow (wall ${(wall / N).toFixed(2)} ms), ${commands / N} commands per flow${gc ? `, heap ${(((after - before) * 1024) / N).toFixed(0)} KB per flow` : ''}`);
  for (const f of flows) await f.dispose();
  await creator.destroy();
}

async function main() {
  const opts = workflowBundleOptions();
  const pre = opts.preloadModules;
  const root = opts.workflowsPath.replace(/workflows$/, '');
  const variants: Variant[] = [
    { label: 'as built' },
    { label: 'stackTraceLimit 0', preloadModules: [...pre, '/tmp/perfpre/stl0.ts'] },
    { label: 'stackTraceLimit 3', preloadModules: [...pre, '/tmp/perfpre/stl3.ts'] },
    { label: 'preload sdk', preloadModules: [...pre, '@temporalio/workflow'] },
    { label: 'preload all', preloadModules: [...pre, '@temporalio/workflow', `${root}workflows/index.ts`] },
    { label: 'preload all + stackTraceLimit 3', preloadModules: [...pre, '@temporalio/workflow', `${root}workflows/index.ts`, '/tmp/perfpre/stl3.ts'] },
    { label: 'as built, no isolate timeout', timeoutMs: null },
    { label: 'as built (again)' },
  ];
  for (const v of variants) if (!ONLY || v.label.includes(ONLY)) await measure(v);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
