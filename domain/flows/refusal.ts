/**
 * What a flow's form check answers: nothing when the submission is complete, else one refusal with a stable
 * code and a sentence a clerk understands. The workflows turn it into the update validator's rejection (so a
 * refused completion never enters history); the console and tests call the same checks directly.
 */
export interface Refusal {
  code: string;
  message: string;
}

/** A stage's check of a completion's `result`, with what it needs to know of the run (`ctx`). */
export type ResultCheck<C = void> = (result: Record<string, unknown> | undefined, ctx: C) => Refusal | undefined;

export const refuse = (code: string, message: string): Refusal => ({ code, message });

/** The China calendar day (UTC+8, no daylight saving) of an instant, YYYY-MM-DD. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
