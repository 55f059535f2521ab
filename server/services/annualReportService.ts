import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { stepsQuery } from '../../workflows/humanStep';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { canSeeUnit, requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';

export const startAnnualReportBody = z.object({
  orgUnitCode: z.string({ required_error: '请选择单位' }).min(1, '请选择单位').max(50),
  year: z.number({ required_error: '请填写报告年度', invalid_type_error: '报告年度应为数字' }).int('报告年度应为整数').min(2019, '报告年度不能早于2019年').max(2100, '报告年度不正确'),
}).strict();
export type StartAnnualReportBody = z.infer<typeof startAnnualReportBody>;

/** Stable workflow ids make "start twice" impossible: Temporal refuses a second run with the same id. */
export const annualReportWorkflowId = (year: number, unitCode: string) => `annual-report/${year}/${unitCode}`;

export async function startAnnualReport(ctx: AppContext, user: CurrentUser, body: StartAnnualReportBody, requestId: string) {
  requireRole(user, 'ADMIN');
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { code: body.orgUnitCode } });
  if (!unit || !canSeeUnit(user, unit)) throw new AppError('UNKNOWN_ORG_UNIT', `单位编码“${body.orgUnitCode}”不存在。`, 400);
  const workflowId = annualReportWorkflowId(body.year, unit.code);
  let executionId: string;
  try {
    const handle = await ctx.temporal.workflow.start(annualReportWorkflow, {
      workflowId,
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      args: [{ orgUnitId: unit.id, unitName: unit.name, year: body.year }],
    });
    executionId = handle.firstExecutionRunId;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new AppError('ALREADY_STARTED', `${unit.name}的${body.year}年度报告流程已经启动，不能重复启动。`, 409);
    }
    throw err;
  }
  await recordAudit(ctx.prisma, { action: 'annual_report.started', entityType: 'workflow', entityId: workflowId, workflowId, actorId: user.id, actorLogin: user.login, requestId, after: body });
  return { workflowId, executionId, orgUnitCode: unit.code, year: body.year };
}

/** The workflow's own view of its steps, read by a query (used to check the read model against it). */
export async function getAnnualReportState(ctx: AppContext, user: CurrentUser, workflowId: string) {
  const match = /^annual-report\/(\d{4})\/([\w-]+)$/.exec(workflowId);
  if (!match) throw notFound('年度报告流程');
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { code: match[2] } });
  if (!unit || !canSeeUnit(user, unit)) throw notFound('年度报告流程');
  try {
    const handle = ctx.temporal.workflow.getHandle(workflowId);
    const [state, description] = await Promise.all([handle.query(stepsQuery), handle.describe()]);
    return { ...state, status: description.status.name };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound('年度报告流程');
    throw err;
  }
}
