/** Workflows used only by the benchmarks: one human step with an absolute deadline. */
import { HumanSteps } from '../workflows/humanStep';

export async function deadlineBenchWorkflow(input: { orgUnitId: string; deadline: string }): Promise<void> {
  const steps = new HumanSteps('annual-report');
  await steps.run({ stageKey: 'publication', title: '基准测试：到期通知', orgUnitId: input.orgUnitId, assigneeRole: 'CLERK', statutoryDeadline: input.deadline });
}
