/**
 * The raw baseline: the least a hand-written Temporal flow does for the same work as GovFlow, on its own
 * task queue. A launch is a workflow that writes one row; a step is an Update whose handler runs one
 * activity (the close writes) and returns, after which the workflow runs a second activity (the open
 * writes) and waits on a long timer, as a step's ladder does.
 */
import { condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RawActivities } from './activities';

const { rawWrite } = proxyActivities<RawActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export const rawStepUpdate = defineUpdate<string, [{ requestId: string }]>('rawStep');

export interface RawStepInput {
  key: string;
  closeWrites: number;
  openWrites: number;
}

export async function rawLaunchWorkflow(input: { key: string }): Promise<void> {
  await rawWrite({ key: input.key, kind: 'launch', writes: 1 });
  await condition(() => false, '30 days');
}

export async function rawStepWorkflow(input: RawStepInput): Promise<void> {
  let stepped = false;
  setHandler(rawStepUpdate, async () => {
    await rawWrite({ key: input.key, kind: 'close', writes: input.closeWrites });
    stepped = true;
    return input.key;
  });
  await condition(() => stepped);
  await rawWrite({ key: input.key, kind: 'open', writes: input.openWrites });
  await condition(() => false, '30 days');
}

export const rawStateQuery = defineQuery<string>('rawState');
export const rawRescheduleUpdate = defineUpdate<string, [{ requestId: string }]>('rawReschedule');

/**
 * The baseline of a calendar change's job: a trivial workflow that answers a query and takes an Update whose
 * handler runs one activity (`writes` rows), as a step's reschedule runs its moveDeadline, then waits again.
 */
export async function rawRescheduleWorkflow(input: { key: string; writes: number }): Promise<void> {
  const done = new Set<string>();
  setHandler(rawStateQuery, () => input.key);
  setHandler(rawRescheduleUpdate, async ({ requestId }) => {
    if (!done.has(requestId)) {
      await rawWrite({ key: input.key, kind: 'reschedule', writes: input.writes });
      done.add(requestId);
    }
    return input.key;
  });
  await condition(() => false, '30 days');
}
