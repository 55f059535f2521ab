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

export function afterStep(doneTaskId: string, open: OpenRow | undefined, _unitState: string | undefined): AfterStep {
  if (open?.id === doneTaskId) return 'wait';
  return open ? 'next' : 'ended';
}
