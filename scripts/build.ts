/**
 * `npm run build`: what production runs, built once. The API and the worker become two JavaScript files
 * (dist/server.js, dist/worker.js: GovFlow's own TypeScript bundled by esbuild, every package left in
 * node_modules), and the workflow code is bundled once into dist/workflow-bundle.js (bundleWorkflowCode),
 * so both start with plain `node` and a worker polls within a second or two of starting instead of after
 * TypeScript compilation and webpack. scripts/up.sh, scripts/prod.sh and CI run this same build.
 *
 * The entry points land directly in dist/ on purpose: the code finds the project root as `__dirname/..`
 * (the console in admin/dist, the workflow bundle in dist/), which is true both for the sources under
 * server/ and worker/ and for the built files in dist/.
 */
import { build } from 'esbuild';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { saveWorkflowBundle, WORKFLOW_BUNDLE_PATH, PROJECT_ROOT, workflowBundleOptions } from '../worker/workflowBundle';
import { join } from 'node:path';

/** The processes production starts: dist/<name>.js from <source>. */
export const ENTRY_POINTS = { server: 'server/main.ts', worker: 'worker/main.ts' } as const;

async function main() {
  const t0 = performance.now();
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, src]) => [name, join(PROJECT_ROOT, src)])),
    outdir: join(PROJECT_ROOT, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // node_modules stays where npm put it: native modules (Temporal's core bridge), Prisma's WebAssembly
    // and the SDK's own workflow bundler must be loaded from their packages, not copied.
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  const t1 = performance.now();
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') });
  saveWorkflowBundle(code);
  const t2 = performance.now();
  console.log(`dist/server.js and dist/worker.js built (${Math.round(t1 - t0)} ms); workflow bundle ${WORKFLOW_BUNDLE_PATH} (${Math.round(code.length / 1024)} KiB, ${Math.round(t2 - t1)} ms)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
