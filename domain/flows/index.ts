/**
 * Every flow's stages, by flow key: the registry each layer derives its stage lists and labels from.
 * Pure (no Temporal, no Node built-ins): the console and the workflow bundle both import it.
 */
import { FLOW_ANNUAL_REPORT, FLOW_WEBSITE_CLOSURE, type FlowKey } from '../step';
import { ANNUAL_REPORT } from './annualReport';
import type { FlowDefinition, StageDefinition } from './registry';
import { WEBSITE_CLOSURE } from './websiteClosure';

export * from './registry';
export * from './annualReport';
export * from './websiteClosure';
export * from './refusal';
export * from './annualReportChecks';
export * from './websiteClosureChecks';

export const FLOWS: Readonly<Record<FlowKey, FlowDefinition>> = {
  [FLOW_ANNUAL_REPORT]: ANNUAL_REPORT,
  [FLOW_WEBSITE_CLOSURE]: WEBSITE_CLOSURE,
};

export const FLOW_LIST: readonly FlowDefinition[] = Object.values(FLOWS);

/** The flow of a key, or undefined for a key GovFlow does not run (a task row from elsewhere). */
export function flowOf(flowKey: string): FlowDefinition | undefined {
  return (FLOWS as Record<string, FlowDefinition>)[flowKey];
}

/** A flow's stage, or undefined. */
export function stageOf(flowKey: string, stageKey: string): StageDefinition | undefined {
  const flow = flowOf(flowKey);
  return flow?.has(stageKey) ? flow.stage(stageKey) : undefined;
}

/** The stages a person on `stageKey` may return (退回) to, in the flow's order; none for an unknown stage. */
export function returnTargets(flowKey: string, stageKey: string): readonly string[] {
  return stageOf(flowKey, stageKey)?.returnTo ?? [];
}

export type Locale = 'zh-CN' | 'en';

/**
 * Every stage's name in one language, keyed by stage key, for the console's `govflow.stages.*` messages
 * and the exports. Stage keys are one namespace across flows: a key two flows share must mean one stage
 * with one name, and this refuses at load time when they disagree.
 */
export function stageLabels(locale: Locale): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const flow of FLOW_LIST) {
    for (const s of flow.stages) {
      const label = locale === 'en' ? s.nameEn : s.name;
      if (labels[s.key] !== undefined && labels[s.key] !== label) {
        throw new Error(`stage ${s.key} has two names: ${labels[s.key]} and ${label}`);
      }
      labels[s.key] = label;
    }
  }
  return labels;
}

/** Every flow's name in one language, keyed by flow key (`govflow.flows.*`). */
export function flowLabels(locale: Locale): Record<string, string> {
  return Object.fromEntries(FLOW_LIST.map((f) => [f.key, locale === 'en' ? f.nameEn : f.name]));
}

/** Every stage key of every flow, each once, in the flows' order: the console's stage filter. */
export function allStageKeys(): string[] {
  return [...new Set(FLOW_LIST.flatMap((f) => f.stages.map((s) => s.key)))];
}
