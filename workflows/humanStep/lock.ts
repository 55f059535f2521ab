/**
 * A deterministic mutex for workflow code, as Temporal's safe-message-handlers sample uses one: handlers
 * that read the step, await an activity and then write the step must not interleave. Built on
 * `condition()`, so it adds no command to history (old histories replay unchanged).
 *
 * Tickets, not a flag: when the holder releases, every waiter's condition is checked in the same pass,
 * and with a flag all of them would see it free at once. A ticket lets exactly the next one in.
 */
import { condition } from '@temporalio/workflow';

export class StepLock {
  private issued = 0;
  private serving = 0;

  /** Runs `fn` alone, after every earlier caller's `fn` has finished, in the order the callers arrived. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const ticket = this.issued++;
    await condition(() => this.serving === ticket);
    try {
      return await fn();
    } finally {
      this.serving++;
    }
  }
}
