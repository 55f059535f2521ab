/**
 * A calendar change reaching running steps, as a long job (`calendar-change/<change id>`): the API saves the
 * change and starts this workflow, then answers at once; the job lists the running steps the change can reach,
 * applies it to them in batches (each batch one activity, a bounded number of steps' updates in flight), and
 * records the outcome with an audit row. Progress (total, done, moved, unchanged, failed) is the `progress`
 * query; the console polls it through `GET /api/calendar/changes/:id`.
 *
 * Why a workflow: a change reaching thousands of steps takes minutes; an HTTP request is the wrong place for
 * that (no progress, lost on a restart). Each step's outcome is a row, and each step's update carries a request
 * id made from the change and the task, so a restarted job or a retried batch moves no step twice. The history
 * grows by a few events per batch; after CALENDAR_CHANGE_BATCHES_PER_RUN batches the job continues as new with
 * its progress, so it stays bounded whatever the number of steps.
 */
import { continueAsNew, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CalendarChangeActivities } from '../activities/calendar/calendarChangeActivities';
import {
  CALENDAR_CHANGE_BATCH, initialProgress, nextMove, type CalendarChangeProgress,
} from '../domain/calendar/changeJob';
import { workflowNow } from './time';

const acts = proxyActivities<CalendarChangeActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface CalendarChangeInput {
  changeId: string;
  /** steps per batch (tests and the benchmark set it; default CALENDAR_CHANGE_BATCH) */
  batchSize?: number;
  /** batches per run before continue-as-new (tests set it small) */
  batchesPerRun?: number;
  /** carried over by continue-as-new */
  progress?: CalendarChangeProgress;
}

export const calendarChangeProgressQuery = defineQuery<CalendarChangeProgress>('progress');

export const calendarChangeWorkflowId = (changeId: string) => `calendar-change/${changeId}`;

export async function calendarChangeWorkflow(input: CalendarChangeInput): Promise<CalendarChangeProgress> {
  let progress: CalendarChangeProgress = input.progress ? { ...input.progress, runs: input.progress.runs + 1 } : initialProgress();
  setHandler(calendarChangeProgressQuery, () => progress);

  if (!input.progress) progress = { ...(await acts.planCalendarChange({ changeId: input.changeId, at: workflowNow().toISOString() })), runs: 1 };

  let batches = 0;
  for (;;) {
    const move = nextMove(progress, batches, input.batchesPerRun);
    if (move === 'finish') break;
    if (move === 'continue-as-new') {
      await continueAsNew<typeof calendarChangeWorkflow>({ ...input, progress });
    }
    const counted = await acts.applyCalendarChangeBatch({ changeId: input.changeId, size: input.batchSize ?? CALENDAR_CHANGE_BATCH, at: workflowNow().toISOString() });
    progress = { ...counted, runs: progress.runs, phase: 'applying' };
    batches++;
  }
  progress = { ...(await acts.finishCalendarChange({ changeId: input.changeId, at: workflowNow().toISOString() })), runs: progress.runs };
  return progress;
}
