/**
 * `node --expose-gc --import tsx bench/workflowMemory.ts [N]` (no services): what one flow kept in a
 * worker's cache costs in the workflow heap just for its code, with the worker's bundle as built
 * (PRELOADED_MODULES shared, worker/workflowBundle.ts) beside a bundle without preloaded modules.
 *
 * It loads each bundle the way the worker does (the SDK's reusable V8 context) and creates N flows, which
 * imports the workflow code into each, as the worker does for every flow it takes into its cache; the
 * flows' own state (steps, timers, handlers) comes on top and is measured by `npm run bench` (worker RSS).
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { workflowBundleOptions } from '../worker/workflowBundle';

const N = Number(process.argv[2] ?? 200);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (see the header)');

function heapMb() {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function info(i: number) {
  const runId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return {
    workflowId: `bench-memory/${i}`, runId, workflowType: 'annualReportWorkflow', taskQueue: 'bench-memory', namespace: 'default',
    firstExecutionRunId: runId, attempt: 1, historyLength: 3, historySize: 1000, continueAsNewSuggested: false,
    startTime: new Date(), runStartTime: new Date(), unsafe: { isReplaying: false, now: Date.now }, searchAttributes: {}, typedSearchAttributes: [],
    memo: {}, priority: {}, currentDeploymentVersion: undefined,
  };
}

async function measure(label: string, preload: boolean) {
  const t0 = performance.now();
  const opts = workflowBundleOptions();
  const { code } = await bundleWorkflowCode({ ...opts, preloadModules: preload ? opts.preloadModules : [], logger: new DefaultLogger('WARN') });
  const bundled = performance.now() - t0;
  const before = heapMb();
  const creator = await ReusableVMWorkflowCreator.create(parseWorkflowCode(code, `/${label.replace(/\W+/g, '-')}.js`), 5000, new Set<string>(), undefined);
  const loaded = heapMb();
  const flows = [];
  for (let i = 0; i < N; i++) {
    flows.push(await creator.createWorkflow({ info: info(i) as never, randomnessSeed: [1, i], now: Date.now(), showStackTraceSources: false }));
  }
  const after = heapMb();
  console.log(`${label}: bundle ${Math.round(bundled)} ms; context ${(loaded - before).toFixed(1)} MB; ${N} flows ${(after - loaded).toFixed(1)} MB = ${(((after - loaded) * 1024) / N).toFixed(0)} KB per flow`);
  for (const f of flows) await f.dispose();
  await creator.destroy();
}

async function main() {
  await measure('without preloaded modules', false);
  await measure('with PRELOADED_MODULES (as built)', true);
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
