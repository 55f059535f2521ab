import { allStageKeys, FLOW_LIST, returnTargets } from '@domain/flows';

/** Each flow's task stages in the order they run, from the flows' registry (domain/flows). */
export const FLOW_STAGES: Record<string, string[]> = Object.fromEntries(
  FLOW_LIST.map((flow) => [flow.key, flow.stages.filter((s) => s.task).map((s) => s.key)]),
);

/** The stage filter's choices in the task lists: every stage of every flow. */
export const STAGE_FILTER: string[] = allStageKeys();

/**
 * What 退回 offers on a task: the stages the registry lets this stage return to that ran in this run (a
 * reviewing office cannot list the unit's own steps, so `stagesRun` comes from the run's history). The
 * workflow refuses any other target.
 */
export function returnChoices(flowKey: string, stageKey: string, stagesRun: Iterable<string>): string[] {
  const ran = new Set(stagesRun);
  return returnTargets(flowKey, stageKey).filter((s) => ran.has(s));
}

/** 退回原因: a small fixed list, each translated under govflow.return_reasons. */
export const RETURN_REASONS = ['incomplete', 'data-error', 'non-compliant', 'other'];
