/**
 * Wires a flow's pure form check (domain/flows) into the human step: the check's refusal becomes the update
 * validator's rejection, with the same code and sentence, so a refused completion never enters history.
 */
import type { Refusal } from '../domain/flows';
import { rejectAction, type StageSpec } from './humanStep';

export function refusing(check: (result: Record<string, unknown> | undefined) => Refusal | undefined): NonNullable<StageSpec['validateResult']> {
  return (result) => {
    const refusal = check(result);
    if (refusal) throw rejectAction(refusal.code, refusal.message);
  };
}
