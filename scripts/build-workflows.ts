/**
 * `npm run build:workflows`: bundles the workflow code once into dist/workflow-bundle.js, which the
 * worker loads at start instead of running webpack (see worker/workflowBundle.ts).
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { saveWorkflowBundle, WORKFLOW_BUNDLE_PATH, workflowBundleOptions } from '../worker/workflowBundle';

async function main() {
  const t0 = performance.now();
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  saveWorkflowBundle(code);
  console.log(`workflow bundle written to ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB, ${Math.round(performance.now() - t0)} ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
