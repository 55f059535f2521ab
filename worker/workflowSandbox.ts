/**
 * Run once in the worker's workflow sandbox before any flow exists (a preloaded module, worker/workflowBundle.ts).
 *
 * The Temporal SDK records where every promise a flow makes was created (for the "stack trace" query of
 * Temporal's UI): a `new Error().stack` per promise, each frame looked up in the bundle's source map and
 * formatted. In a launch that was about a sixth of the workflow thread's time (`npm run bench:profile`), and it
 * grows with the number of frames V8 captures (`Error.stackTraceLimit`, 10 by default). Five frames still name
 * the innermost calls of a waiting flow (the SDK call and the GovFlow code that made it) and of an error a flow
 * throws; `npx tsx bench/workflowStartCost.ts` measures a flow's start with and without it.
 */
(Error as { stackTraceLimit?: number }).stackTraceLimit = 5;
export {};
