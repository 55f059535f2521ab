/**
 * What a flow's stage is, once for every layer: the workflows build their steps from it, the seed writes the
 * StageDefinition rows from it, the API labels exports with it, the console offers 退回 targets, filter
 * choices and labels from it. Pure data and small helpers: the console bundles this with Vite and the
 * workflows with webpack, so it imports nothing but the leaf module `domain/step` (types only).
 */
import { countersignRuleProblem, type CountersignRule, type FlowKey, type Role } from '../step';

/** Working days on the statutory calendar, or an absolute date (条例 第四十九条: publish by 31 January). */
export type DeadlineKind = 'WORKING_DAYS' | 'STATUTORY_DATE';

/**
 * Whose desk the stage lands on: the unit the run is about, its district's general office (区政府办公室),
 * the city general office (市政府办公厅), or the office that supervises the unit (its district's office
 * when it has one, else the city's).
 */
export type StageOffice = 'unit' | 'district-office' | 'city-office' | 'supervising-office';

/**
 * A stage's 会签 (parallel countersign, see domain/step/countersign.ts): who signs, one task each, and the
 * rule that decides the stage. Each signer is the holder of a post (`role`) in an office; `office` defaults
 * to the stage's own, so "one per role" lists roles and "one per unit" lists offices.
 */
export interface StageCountersign {
  rule: CountersignRule;
  signers: ReadonlyArray<{ role: Role; office?: StageOffice; label: string; labelEn: string }>;
}

export interface StageInput<K extends string = string> {
  key: K;
  /** The Chinese name: task titles, the seed, exports and the console all show this. */
  name: string;
  nameEn: string;
  assigneeRole: Role;
  office: StageOffice;
  deadlineKind: DeadlineKind;
  /** The default an administrator may change in 环节设置 (the seed writes it once). */
  workingDays?: number;
  /** MM-DD of a statutory date (deadlineKind STATUTORY_DATE). */
  statutoryDate?: string;
  /** False for a stage no person works on as a task of this flow (集中公开 is the campaign's round). */
  task?: boolean;
  /** Set for a stage several people sign in parallel (会签); absent: one assignee (any holder of the post). */
  countersign?: StageCountersign;
}

export interface StageDefinition<K extends string = string> extends Required<Omit<StageInput<K>, 'workingDays' | 'statutoryDate' | 'countersign'>> {
  workingDays?: number;
  countersign?: StageCountersign;
  statutoryDate?: string;
  /** Position in the flow, from 0: the seed's `position`, the order of the console's lists. */
  order: number;
  /**
   * The stages a person on this stage may return (退回) the case to: the earlier stages the workflow runs
   * in the same sequence. The workflow still refuses one that did not run in this run (区级汇总 for a
   * unit outside any district).
   */
  returnTo: readonly K[];
}

export interface FlowDefinition<K extends string = string> {
  key: FlowKey;
  name: string;
  nameEn: string;
  stages: readonly StageDefinition<K>[];
  /** The stage of this key; throws for a key the flow does not have (a programming error, not input). */
  stage(key: K): StageDefinition<K>;
  has(key: string): key is K;
}

/**
 * A flow from its sequences of stages: each sequence is what one run of the human step goes through in
 * order (a return jumps back within it), so a stage may return to the stages before it in its sequence.
 */
export function defineFlow<K extends string>(flow: {
  key: FlowKey;
  name: string;
  nameEn: string;
  sequences: ReadonlyArray<ReadonlyArray<StageInput<K>>>;
}): FlowDefinition<K> {
  const stages: StageDefinition<K>[] = [];
  for (const sequence of flow.sequences) {
    sequence.forEach((s, i) => {
      const problem = s.countersign && countersignRuleProblem(s.countersign.rule, s.countersign.signers.length);
      if (problem) throw new Error(`flow ${flow.key}, stage ${s.key}: ${problem}`);
      stages.push({
        ...s,
        task: s.task ?? true,
        order: stages.length,
        returnTo: sequence.slice(0, i).filter((earlier) => earlier.task ?? true).map((earlier) => earlier.key),
      });
    });
  }
  const byKey = new Map(stages.map((s) => [s.key as string, s]));
  if (byKey.size !== stages.length) throw new Error(`flow ${flow.key}: a stage key is used twice`);
  return {
    key: flow.key,
    name: flow.name,
    nameEn: flow.nameEn,
    stages,
    stage(key: K) {
      const found = byKey.get(key);
      if (!found) throw new Error(`flow ${flow.key} has no stage ${key}`);
      return found;
    },
    has(key: string): key is K {
      return byKey.has(key);
    },
  };
}

/**
 * A countersigned stage's signers for one run: each signer's office (the stage's own unless the signer
 * names one) resolved to the run's unit of that office. Throws for an office the run has none of: a
 * programming error (the flow opens the stage only where its office exists).
 */
export function countersignSigners(
  stage: StageDefinition,
  offices: Partial<Record<StageOffice, string>>,
): Array<{ orgUnitId: string; assigneeRole: Role; label: string }> {
  return (stage.countersign?.signers ?? []).map((s) => {
    const orgUnitId = offices[s.office ?? stage.office];
    if (!orgUnitId) throw new Error(`stage ${stage.key}: no ${s.office ?? stage.office} for signer ${s.label}`);
    return { orgUnitId, assigneeRole: s.role, label: s.label };
  });
}
