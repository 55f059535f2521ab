/**
 * One unit's annual report (政府信息公开工作年度报告), told with the shared human step: 任务分派 (the
 * report lands with the unit's disclosure clerk), 单位自查 (the clerk fills it in), 主要负责同志签发
 * (the unit head signs it off or returns it).
 */
import { HumanSteps, type StepRecord } from './humanStep';
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
  steps: StepRecord[];
}

export async function annualReportWorkflow(input: AnnualReportInput): Promise<AnnualReportResult> {
  const steps = new HumanSteps(FLOW_ANNUAL_REPORT, input.campaignId);
  const title = (stage: string) => `${input.year}年度政府信息公开工作年度报告 · ${stage} · ${input.unitName}`;
  const unit = { orgUnitId: input.orgUnitId, payload: { year: input.year } };

  await steps.runStages([
    { ...unit, stageKey: 'assign', assigneeRole: 'CLERK', title: title('任务分派') },
    { ...unit, stageKey: 'self-check', assigneeRole: 'CLERK', title: title('单位自查') },
    { ...unit, stageKey: 'sign-off', assigneeRole: 'UNIT_HEAD', title: title('主要负责同志签发') },
  ]);

  return { year: input.year, orgUnitId: input.orgUnitId, steps: steps.snapshot().steps };
}
