/**
 * One unit's annual report (政府信息公开工作年度报告). The walking skeleton covers the first stages:
 * 任务分派 (the report lands with the unit's disclosure clerk), then 单位自查 (the clerk fills it in).
 */
import { HumanSteps, type StepsState } from './humanStep';
import { FLOW_ANNUAL_REPORT } from './shared';

export interface AnnualReportInput {
  orgUnitId: string;
  unitName: string;
  year: number;
  campaignId?: string;
}

export interface AnnualReportResult {
  year: number;
  orgUnitId: string;
  finalStage: string;
  steps: StepsState['steps'];
}

export async function annualReportWorkflow(input: AnnualReportInput): Promise<AnnualReportResult> {
  const steps = new HumanSteps();
  const base = { flowKey: FLOW_ANNUAL_REPORT, orgUnitId: input.orgUnitId, campaignId: input.campaignId, payload: { year: input.year } };

  await steps.run({ ...base, stageKey: 'assign', assigneeRole: 'CLERK', title: `${input.year}年度政府信息公开工作年度报告 · 任务分派 · ${input.unitName}` });
  await steps.run({ ...base, stageKey: 'self-check', assigneeRole: 'CLERK', title: `${input.year}年度政府信息公开工作年度报告 · 单位自查 · ${input.unitName}` });

  return { year: input.year, orgUnitId: input.orgUnitId, finalStage: 'self-check', steps: steps.snapshot().steps };
}
