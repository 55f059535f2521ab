/**
 * How the chaos driver tells, after a step it completed, whether the unit's flow has moved on, has nothing
 * more for people to do, or is still between two steps. Pure, so the unit tests hold it to the histories
 * the full run left (README, "Faults and hostile input").
 */

/** The unit's newest open main task row, as the driver reads it from PostgreSQL. */
export interface OpenRow { id: string }

/**
 * `next`: another step's row is open, drive it; `ended`: nothing is left to drive (the flow waits for the
 * publication or is over); `wait`: look again.
 */
export type AfterStep = 'next' | 'ended' | 'wait';

/**
 * `unitState` is the unit's CampaignUnit.state: RUNNING until the flow is ready for publication (READY) or
 * ends. A running unit without an open row is between two steps: the workflow task that applied a completion
 * can be split by the SDK's heartbeat after the closing local activity (a loaded worker), so the answer goes
 * out before the next step's row is written.
 */
export function afterStep(doneTaskId: string, open: OpenRow | undefined, unitState: string | undefined): AfterStep {
  if (open) return open.id === doneTaskId ? 'wait' : 'next';
  return unitState === 'RUNNING' ? 'wait' : 'ended';
}
