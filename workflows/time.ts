/**
 * The workflow clock. Inside the Temporal sandbox `Date` is replaced by the deterministic workflow time
 * (the time of the current workflow task, replayed identically), so this is safe to call; all workflow
 * code reads the time through here so that no file reaches for the wall clock by accident.
 */
export function workflowNow(): Date {
  return new Date();
}

export function msUntil(iso: string): number {
  return Math.max(0, new Date(iso).getTime() - workflowNow().getTime());
}
