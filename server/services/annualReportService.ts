import { isGrpcServiceError, ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { findPreviousReport, findReportContext } from '../../activities/campaigns/campaignActivities';
import { reportChecks } from '../../domain/flows';
import { annualReportWorkflowId, FLOW_WORKFLOW_TASK_TIMEOUT } from '../../domain/step';
import type { Prisma } from '../../activities/infra/prisma';
import { checkShape, diffReports, RULES, SECTIONS, TABLES, type RectificationItem } from '../../domain/annual-report';
import { annualReportWorkflow } from '../../workflows/annualReport';
import { stepsQuery } from '../../workflows/humanStep';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { canSeeUnit, requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { taskRepository } from '../repositories/taskRepository';
import { getTask, type VisibleTask } from './taskService';

export const startAnnualReportBody = z.object({
  orgUnitCode: z.string({ required_error: '请选择单位' }).min(1, '请选择单位').max(50),
  year: z.number({ required_error: '请填写报告年度', invalid_type_error: '报告年度应为数字' }).int('报告年度应为整数').min(2019, '报告年度不能早于2019年').max(2100, '报告年度不正确'),
}).strict();
export type StartAnnualReportBody = z.infer<typeof startAnnualReportBody>;

/** Stable workflow ids make "start twice" impossible: Temporal refuses a second run with the same id. */
export { annualReportWorkflowId };

export async function startAnnualReport(ctx: AppContext, user: CurrentUser, body: StartAnnualReportBody, requestId: string) {
  requireRole(user, 'ADMIN');
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { code: body.orgUnitCode } });
  if (!unit || !canSeeUnit(user, unit)) throw new AppError('UNKNOWN_ORG_UNIT', `单位编码“${body.orgUnitCode}”不存在。`, 400);
  const workflowId = annualReportWorkflowId(body.year, unit.code);
  const { districtOfficeId, cityOfficeId } = await reviewingOffices(ctx, unit);
  let executionId: string;
  try {
    const handle = await ctx.temporal.workflow.start(annualReportWorkflow, {
      workflowId,
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowTaskTimeout: FLOW_WORKFLOW_TASK_TIMEOUT,
      args: [{ orgUnitId: unit.id, unitName: unit.name, year: body.year, districtOfficeId, cityOfficeId }],
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

/**
 * The offices that review a unit's report, resolved before the start so the workflow needs no look-up:
 * the district's general office for a unit inside a district (its parent is a district government;
 * docs/domain.md §3 step 4), and the city general office (市政府办公厅) for every unit.
 */
async function reviewingOffices(ctx: AppContext, unit: { parentId: string | null }) {
  const parent = unit.parentId ? await ctx.prisma.orgUnit.findUnique({ where: { id: unit.parentId } }) : null;
  const district = parent?.kind === 'DISTRICT_GOVERNMENT'
    ? await ctx.prisma.orgUnit.findUnique({ where: { code: `${parent.code}-GO` } })
    : null;
  if (parent?.kind === 'DISTRICT_GOVERNMENT' && !district) throw new AppError('NO_REVIEWING_OFFICE', `${parent.name}没有政府办公室，无法安排区级汇总。`, 409);
  const city = await ctx.prisma.orgUnit.findFirst({ where: { kind: 'GENERAL_OFFICE', parent: { kind: 'CITY_GOVERNMENT' } } });
  if (!city) throw new AppError('NO_REVIEWING_OFFICE', '尚未设置市政府办公厅，无法安排全市核查。', 409);
  return { districtOfficeId: district?.id ?? null, cityOfficeId: city.id };
}

/** The workflow's own view of its steps, read by a query (used to check the read model against it). */
export async function getAnnualReportState(ctx: AppContext, user: CurrentUser, workflowId: string) {
  const match = /^annual-report\/(\d{4})\/([\w-]+)$/.exec(workflowId);
  if (!match) throw notFound('年度报告流程');
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { code: match[2] } });
  if (!unit || !canSeeUnit(user, unit)) throw notFound('年度报告流程');
  const handle = ctx.temporal.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound('年度报告流程');
    throw err;
  }
  // The steps come from the flow itself (a query a worker answers): a flow no worker serves, or one that
  // ended before its first workflow task, cannot answer; that is a clean 503, not a 500.
  try {
    const state = await ctx.temporal.connection.withDeadline(Date.now() + FLOW_QUERY_TIMEOUT_MS, () => handle.query(stepsQuery));
    return { ...state, status: description.status.name };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound('年度报告流程');
    if (!flowDidNotAnswer(err)) throw err;
    ctx.logger.warn({ err, workflowId, status: description.status.name }, 'the flow did not answer its state query');
    throw new AppError('FLOW_NOT_ANSWERING', '该流程暂时无法应答（流程服务可能正在重启，或流程已异常结束），请稍后再试；如果问题持续，请联系管理员。', 503);
  }
}

/** How long the API waits for a flow to answer a query before telling the user it did not. */
const FLOW_QUERY_TIMEOUT_MS = 10_000;

/** gRPC 4 DEADLINE_EXCEEDED (no worker answered), 9 FAILED_PRECONDITION (the run ended before its first workflow task); 14 UNAVAILABLE (Temporal out of reach) is the error handler's WORKFLOW_UNAVAILABLE. */
function flowDidNotAnswer(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && [4, 9].includes(grpc.code);
}

/** The template as the console draws it: sections, tables with their row and column labels, and the rules. */
export function annualReportTemplate() {
  return { sections: SECTIONS, tables: Object.values(TABLES), rules: RULES };
}

export const saveDraftBody = z.object({
  report: z.unknown().refine((v) => v !== undefined, '请提交年度报告内容'),
  /** The clerk's answers to last year's 整改 items, saved with the draft: [{ id, status, text }]. */
  rectification: z.array(z.object({ id: z.string().max(40), status: z.string().max(20), text: z.string().max(5000) }).strict()).max(200).optional(),
}).strict();
export type SaveDraftBody = z.infer<typeof saveDraftBody>;

/**
 * Saves the clerk's work in progress on an open 单位自查 task and checks it at once. A draft may be
 * incomplete: it is stored whatever its shape and the answer lists every problem with the cells it names
 * (the complete action alone refuses). The draft lives in the task row (payload.draft), a read-model
 * field: the workflow learns the report only when the clerk submits it.
 */
export async function saveReportDraft(
  ctx: AppContext, user: CurrentUser, task: VisibleTask, body: SaveDraftBody, requestId: string,
  /** How the draft came in when not typed in the form (an Excel import): the audit's action and what it adds. */
  via?: { action: string; detail: Record<string, unknown> },
) {
  // The task is one the user may see (getTask, 404 outside the scope, before the body was validated).
  requireDraftEditor(task, user);

  const shape = checkShape(body.report);
  // Year-to-year rules (R5 blocks, R6 warns) need last year's report: only campaign units have one here.
  const year = Number((task.payload as { year?: unknown } | null)?.year);
  const previousRaw = task.campaignId && Number.isInteger(year) ? await findPreviousReport(ctx.prisma, task.orgUnitId, year) : null;
  const previous = previousRaw ? checkShape(previousRaw) : null;
  // The same checks as the completion (domain/flows reportChecks): arithmetic and content, with the 整改 items
  // the workflow put in the task's payload and whether the unit is a government.
  const rectification = rectificationOf(task.payload);
  const government = Number.isInteger(year) ? (await findReportContext(ctx.prisma, task.orgUnitId, year)).government : false;
  const { errors, warnings } = shape.ok
    ? reportChecks(shape.report, { rectification: body.rectification }, { rectification, government }, previous?.ok ? previous.report : undefined)
    : { errors: [], warnings: [] };
  const checks = { ok: shape.ok && errors.length === 0, issues: shape.ok ? [] : shape.issues, errors, warnings };

  const before = (task.payload ?? {}) as Record<string, unknown>;
  const savedAt = new Date().toISOString();
  const payload = {
    ...before, draft: body.report, draftSavedAt: savedAt, draftSavedBy: user.login,
    ...(body.rectification ? { draftRectification: body.rectification } : {}),
  } as Prisma.InputJsonValue;
  if (!(await taskRepository(ctx.prisma).saveDraft(task.id, payload))) {
    throw new AppError('TASK_NOT_OPEN', '该待办已被处理，请刷新页面查看最新状态。', 409);
  }
  await recordAudit(ctx.prisma, {
    action: via?.action ?? 'task.draft_saved', entityType: 'task', entityId: task.id, workflowId: task.workflowId, actorId: user.id, actorLogin: user.login, requestId,
    before: { draftSavedAt: before.draftSavedAt ?? null },
    after: { draftSavedAt: savedAt, ok: checks.ok, issues: checks.issues.length, errors: errors.length, warnings: warnings.length, ...via?.detail },
  });
  return { ...checks, savedAt };
}

/** Only the assignee of an open 单位自查 may change its draft (typed, or imported from Excel). */
export function requireDraftEditor(task: { flowKey: string; stageKey: string; status: string; assigneeUserId: string | null; orgUnitId: string; assigneeRole: string }, user: CurrentUser): void {
  if (task.flowKey !== 'annual-report' || task.stageKey !== 'self-check' || task.status !== 'OPEN') {
    throw new AppError('DRAFT_NOT_ALLOWED', '只有办理中的“单位自查”待办可以保存年度报告草稿。', 409);
  }
  const mine = task.assigneeUserId
    ? task.assigneeUserId === user.id
    : task.orgUnitId === user.orgUnitId && user.roles.includes(task.assigneeRole as CurrentUser['roles'][number]);
  if (!mine) throw new AppError('NOT_ASSIGNEE', '您不是该待办的办理人，不能保存草稿。', 403);
}

/**
 * What changed since the last round, for the reviewer of a resubmitted report (or the clerk reworking
 * one): the latest submitted self-check against the one before it, or, on an open self-check with a
 * draft, the draft against the last submission. Empty when there is only one round.
 */
export async function reportChanges(ctx: AppContext, user: CurrentUser, id: string) {
  const task = await getTask(ctx, user, id);
  const none = { currentRound: null, previousRound: null, sections: [], cells: [] };
  if (task.flowKey !== 'annual-report') return none;
  const submitted = await ctx.prisma.task.findMany({
    where: { workflowId: task.workflowId, executionId: task.executionId, stageKey: 'self-check', position: 'main', status: 'COMPLETED' },
    orderBy: { round: 'desc' },
    select: { round: true, result: true },
  });
  const reportOf = (r: unknown) => {
    const shape = checkShape((r as { report?: unknown } | null)?.report);
    return shape.ok ? shape.report : null;
  };
  const draft = task.stageKey === 'self-check' && task.status === 'OPEN' ? checkShape((task.payload as { draft?: unknown } | null)?.draft) : null;
  const [current, previous] = draft?.ok
    ? [{ round: task.round, report: draft.report }, submitted[0] ? { round: submitted[0].round, report: reportOf(submitted[0].result) } : null]
    : [submitted[0] ? { round: submitted[0].round, report: reportOf(submitted[0].result) } : null, submitted[1] ? { round: submitted[1].round, report: reportOf(submitted[1].result) } : null];
  if (!current?.report || !previous?.report) return { ...none, currentRound: current?.round ?? null };
  return { currentRound: current.round, previousRound: previous.round, ...diffReports(previous.report, current.report) };
}

/**
 * The report as last submitted in the instance a task belongs to: what the head signs, the district and
 * the city verify, and what a returned 单位自查 starts again from. A reviewing office sees the report
 * through its own task on the run (the self-check task itself is the unit's), so the look-up is by the
 * run, after the caller's task has passed the visibility check. null before the first submission.
 */
export async function taskReport(ctx: AppContext, user: CurrentUser, id: string) {
  const task = await getTask(ctx, user, id);
  if (task.flowKey !== 'annual-report') throw new AppError('NOT_A_REPORT', '该待办不属于年度报告流程。', 400);
  // 预发布 may be completed with the publication date alone: the newest completion that carries a report.
  const submitted = (await ctx.prisma.task.findMany({
    where: { executionId: task.executionId, stageKey: { in: ['self-check', 'pre-release'] }, status: 'COMPLETED', position: 'main' },
    orderBy: { completedAt: 'desc' },
    select: { id: true, stageKey: true, round: true, result: true, completedAt: true, completedById: true },
  })).find((t) => (t.result as { report?: unknown } | null)?.report !== undefined);
  const previous = await previousYearReport(ctx, task.workflowId);
  // 整改: last year's returned problems, as the self-check of this run carried them, beside the clerk's answers.
  const selfCheck = await ctx.prisma.task.findFirst({
    where: { executionId: task.executionId, stageKey: 'self-check', position: 'main' }, orderBy: { round: 'desc' }, select: { payload: true, result: true, status: true },
  });
  const items = rectificationOf(selfCheck?.payload);
  const report = (submitted?.result as { report?: unknown } | null)?.report;
  const answers = (submitted?.result as { rectification?: unknown } | null)?.rectification
    ?? (selfCheck?.status === 'COMPLETED' ? (selfCheck.result as { rectification?: unknown } | null)?.rectification : undefined)
    ?? (selfCheck?.payload as { draftRectification?: unknown } | null)?.draftRectification ?? null;
  const rectification = { items, answers: Array.isArray(answers) ? answers : [] };
  if (!submitted || report === undefined) return { report: null, previous, rectification };
  const by = submitted.completedById ? await ctx.prisma.user.findUnique({ where: { id: submitted.completedById }, select: { displayName: true, login: true } }) : null;
  // The checks as the completion ran them, for the reviewer (全市核查 sees the same errors and warnings).
  const shape = checkShape(report);
  const last = previous ? checkShape(previous) : null;
  const year = Number((task.payload as { year?: unknown } | null)?.year);
  const government = Number.isInteger(year) ? (await findReportContext(ctx.prisma, selfCheckUnit(task), year)).government : false;
  const checks = shape.ok ? reportChecks(shape.report, { rectification: rectification.answers }, { rectification: items, government }, last?.ok ? last.report : undefined) : null;
  return {
    report, previous, rectification, checks,
    confirmedWarnings: (submitted.result as { confirmedWarnings?: unknown } | null)?.confirmedWarnings ?? [],
    round: submitted.round, stageKey: submitted.stageKey, submittedAt: submitted.completedAt, submittedBy: by ? `${by.displayName}（${by.login}）` : null,
  };
}

/** The unit whose report a task is about: a reviewer's task names it in its payload (reportOf). */
function selfCheckUnit(task: { orgUnitId: string; payload: unknown }): string {
  const of = (task.payload as { reportOf?: unknown } | null)?.reportOf;
  return typeof of === 'string' ? of : task.orgUnitId;
}

/** The 整改 items a self-check task carries (payload.rectification, written by the workflow). */
export function rectificationOf(payload: unknown): RectificationItem[] {
  const items = (payload as { rectification?: unknown } | null)?.rectification;
  if (!Array.isArray(items)) return [];
  return items.filter((i): i is RectificationItem => !!i && typeof i.id === 'string' && typeof i.text === 'string' && typeof i.year === 'number');
}

/**
 * Last year's report of the same unit, as it was last submitted: R5 (this year's 上年结转 = last year's
 * 结转下年度) and R6 (documents in force) compare with it. null when last year ran outside GovFlow.
 */
async function previousYearReport(ctx: AppContext, workflowId: string): Promise<unknown> {
  const m = /^annual-report\/(\d{4})\/([\w-]+)$/.exec(workflowId);
  if (!m) return null;
  const last = await ctx.prisma.task.findMany({
    where: { workflowId: annualReportWorkflowId(Number(m[1]) - 1, m[2]), stageKey: { in: ['self-check', 'pre-release'] }, status: 'COMPLETED', position: 'main' },
    orderBy: { completedAt: 'desc' },
    select: { result: true },
  });
  return last.map((t) => (t.result as { report?: unknown } | null)?.report).find((r) => r !== undefined) ?? null;
}
