/**
 * What a flow's form check answers: nothing when the submission is complete, else one refusal with a stable
 * code and a sentence a clerk understands. The workflows turn it into the update validator's rejection (so a
 * refused completion never enters history); the console and tests call the same checks directly.
 */
import type { Refusal } from '../step';

export type { Refusal };

/** A stage's check of a completion's `result`, with what it needs to know of the run (`ctx`). */
export type ResultCheck<C = void> = (result: Record<string, unknown> | undefined, ctx: C) => Refusal | undefined;

export const refuse = (code: string, message: string): Refusal => ({ code, message });

/** The China calendar day (UTC+8, no daylight saving) of an instant, YYYY-MM-DD. */
export function chinaDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written YYYY-MM-DD (2026-02-30 and 2026-13-01 are not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  // An impossible month or day is an Invalid Date, whose toISOString would throw.
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
