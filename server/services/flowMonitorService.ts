/**
 * 流程监控 (flow monitoring with intervention): administrators list the running flow instances by flow, stage,
 * unit and age, open one's history, and intervene with a reason: reassign a task of the current step, jump
 * back to an earlier stage, or end the flow (a Temporal cancellation: the step engine closes the open tasks
 * with the reason, and the ladder's timers, so its reminders, end with the workflow).
 *
 * An instance is one run of a flow (its id is the run's first execution id, as every task row of the run
 * carries it) with a step open now: a run waiting for its publication round or a timer has no step to act
 * on and is left to the campaign and site screens. Every intervention is checked here (the run still runs,
 * a reason is given), again in the workflow's update validator, and audited (`flow.*` rows on the run).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { endFlowUpdate, jumpBackUpdate, reassignTaskUpdate } from '../../workflows/humanStep';
import { flowOf, returnTargets } from '../../domain/flows';
import type { Actor } from '../../domain/step';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound, refusalError } from '../errors';
import type { ListQuery } from '../listQuery';
import { recordAudit } from '../repositories/auditRepository';

export const FLOW_INSTANCE_SORTABLE = ['stepStartedAt', 'runStartedAt', 'deadlineAt', 'flowKey', 'stageKey', 'workflowId'] as const;

export const flowInstanceFilterSchema = z.object({
  flowKey: z.string().max(50).optional(),
  stageKey: z.string().max(50).optional(),
  /** The unit holding the current step, with its subtree. */
  orgUnitId: z.string().uuid().optional(),
  /** The current step has been open at least this many days (calendar days: how long it has been stuck). */
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
  q: z.string().max(100).optional(),
}).strict();

const reason = z.string({ required_error: '请填写干预理由' }).max(2000, '干预理由不能超过2000字');
const requestId = z.string().regex(/^[\w-]{8,100}$/, '应为8到100位的字母、数字、连字符').optional();
export const interventionBodies = {
  reassign: z.object({ requestId, taskId: z.string({ required_error: '请选择要改派的待办' }).uuid('待办无效'), toUserId: z.string({ required_error: '请选择改派对象' }).uuid('改派对象无效'), reason: reason.optional() }).strict(),
  jumpBack: z.object({ requestId, toStageKey: z.string({ required_error: '请选择跳回的环节' }).min(1, '请选择跳回的环节').max(50), reason: reason.optional() }).strict(),
  end: z.object({ requestId, reason: reason.optional() }).strict(),
};
export type Intervention = keyof typeof interventionBodies;

const SORT_SQL: Record<(typeof FLOW_INSTANCE_SORTABLE)[number], string> = {
  stepStartedAt: 'c."stepStartedAt"', runStartedAt: '"runStartedAt"', deadlineAt: 'c."deadlineAt"', flowKey: 'c."flowKey"', stageKey: 'c."stageKey"', workflowId: 'c."workflowId"',
};

interface InstanceRow {
  id: string; workflowId: string; flowKey: string; stageKey: string; round: number; orgUnitId: string; orgUnitName: string; title: string;
  stepStartedAt: Date; deadlineAt: Date | null; runStartedAt: Date; openTasks: number; total: number;
}

export async function listFlowInstances(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  const parsed = flowInstanceFilterSchema.safeParse(q.filter);
  if (!parsed.success) throw new AppError('INVALID_FILTER', `筛选条件无效：${parsed.error.issues.map((i) => i.path.join('.') || i.message).join('、')}`, 400);
  const f = parsed.data;
  const params: unknown[] = [`${user.scopePath}%`];
  const where: string[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.flowKey) where.push(`c."flowKey" = ${p(f.flowKey)}`);
  if (f.stageKey) where.push(`c."stageKey" = ${p(f.stageKey)}`);
  if (f.orgUnitId) where.push(`o.path LIKE (SELECT path FROM "OrgUnit" WHERE id = ${p(f.orgUnitId)}::uuid) || '%'`);
  if (f.minAgeDays !== undefined) where.push(`c."stepStartedAt" <= now() AT TIME ZONE 'UTC' - make_interval(days => ${p(f.minAgeDays)}::int)`);
  if (f.q) where.push(`(c."workflowId" ILIKE ${p(`%${f.q}%`)} OR c.title ILIKE ${p(`%${f.q}%`)})`);
  const sort = `${SORT_SQL[q.sortField as keyof typeof SORT_SQL]} ${q.sortOrder === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, c."executionId"`;
  // The current step of each run: its earliest open task (a countersigned step has one per signer).
  const rows = await ctx.prisma.$queryRawUnsafe<InstanceRow[]>(
    `WITH c AS (
       SELECT DISTINCT ON (t."executionId") t."executionId", t."workflowId", t."flowKey", t."stageKey", t."round", t."orgUnitId", t.title,
              t."startedAt" AS "stepStartedAt", t."deadlineAt"
         FROM "Task" t JOIN "OrgUnit" u ON u.id = t."orgUnitId"
        WHERE t.status = 'OPEN' AND u.path LIKE $1
        ORDER BY t."executionId", t."startedAt", t."createdAt")
     SELECT c."executionId" AS id, c."workflowId", c."flowKey", c."stageKey", c."round", c."orgUnitId", o.name AS "orgUnitName", c.title,
            c."stepStartedAt", c."deadlineAt",
            (SELECT min(x."startedAt") FROM "Task" x WHERE x."executionId" = c."executionId") AS "runStartedAt",
            (SELECT count(*)::int FROM "Task" x WHERE x."executionId" = c."executionId" AND x.status = 'OPEN') AS "openTasks",
            count(*) OVER ()::int AS total
       FROM c JOIN "OrgUnit" o ON o.id = c."orgUnitId"
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${sort}
      LIMIT ${p(q.take)} OFFSET ${p(q.skip)}`,
    ...params,
  );
  const now = Date.now();
  return {
    total: rows[0]?.total ?? (q.skip > 0 ? await countOnly(ctx, user, q) : 0),
    rows: rows.map(({ total: _total, ...r }) => ({ ...r, ageDays: Math.floor((now - r.stepStartedAt.getTime()) / 86_400_000) })),
  };
}

/** The total when the page asked for lies past the end (the page itself is empty). */
async function countOnly(ctx: AppContext, user: CurrentUser, q: ListQuery): Promise<number> {
  const first = await listFlowInstances(ctx, user, { ...q, skip: 0, take: 1 });
  return first.total;
}

/** The run's tasks the caller may see (an administrator sees their subtree), or 404. */
async function runTasks(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('流程实例');
  const tasks = await ctx.prisma.task.findMany({
    where: { executionId: id, orgUnit: { path: { startsWith: user.scopePath } } },
    orderBy: [{ startedAt: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true, workflowId: true, flowKey: true, stageKey: true, round: true, title: true, status: true, position: true, stepKey: true,
      assigneeRole: true, assigneeUserId: true, completedById: true, comment: true, startedAt: true, deadlineAt: true, completedAt: true,
      orgUnitId: true, orgUnit: { select: { name: true } },
    },
  });
  if (tasks.length === 0) throw notFound('流程实例');
  return tasks;
}

/** The workflow's state in Temporal: RUNNING, COMPLETED, CANCELLED, TERMINATED, ... (UNKNOWN when it is gone). */
async function workflowStatus(ctx: AppContext, workflowId: string): Promise<string> {
  try {
    return (await ctx.temporal.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'UNKNOWN';
    throw err;
  }
}

/**
 * One run's history: every task (stage, round, signer, who acted, when, opinion) and every audited event of
 * the run, interventions included, oldest first; the stages an administrator may jump back to now.
 */
export async function flowInstanceTimeline(ctx: AppContext, user: CurrentUser, id: string) {
  const tasks = await runTasks(ctx, user, id);
  const { workflowId, flowKey } = tasks[0];
  const taskIds = tasks.map((t) => t.id);
  const [events, people, status] = await Promise.all([
    ctx.prisma.auditEvent.findMany({
      where: { OR: [{ entityType: 'task', entityId: { in: taskIds } }, { entityType: 'flow', entityId: id }] },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
    ctx.prisma.user.findMany({
      where: { id: { in: tasks.flatMap((t) => [t.assigneeUserId, t.completedById].filter((x): x is string => !!x)) } },
      select: { id: true, login: true, displayName: true },
    }),
    workflowStatus(ctx, workflowId),
  ]);
  const who = new Map(people.map((p) => [p.id, `${p.displayName}（${p.login}）`]));
  const open = tasks.filter((t) => t.status === 'OPEN');
  const current = open[0]?.stageKey ?? null;
  const ran = new Set(tasks.map((t) => t.stageKey));
  return {
    id,
    workflowId,
    flowKey,
    flowName: flowOf(flowKey)?.name ?? flowKey,
    status,
    currentStageKey: current,
    jumpTargets: current ? returnTargets(flowKey, current).filter((k) => ran.has(k)) : [],
    tasks: tasks.map((t) => ({
      ...t,
      orgUnitName: t.orgUnit.name,
      assignee: t.assigneeUserId ? who.get(t.assigneeUserId) ?? null : null,
      completedBy: t.completedById ? who.get(t.completedById) ?? null : null,
    })),
    events: events.map((e) => ({ ...e, id: e.id.toString() })),
  };
}

const actorOf = (u: { id: string; login: string; orgUnitId: string; roles: CurrentUser['roles'] }): Actor => ({ userId: u.id, login: u.login, orgUnitId: u.orgUnitId, roles: u.roles });

function requireReason(value: string | undefined): string {
  const r = value?.trim() ?? '';
  if (!r) throw refusalError('REASON_REQUIRED', '请填写干预理由：每一次流程干预都要留下原因。');
  return r;
}

function fromWorkflow(ctx: AppContext, err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw refusalError(err.cause.type, err.cause.message, ctx.logger);
  if (err instanceof WorkflowNotFoundError) throw new AppError('FLOW_FINISHED', '该流程已经结束，不能再干预。', 409);
  throw err;
}

/**
 * An administrator's intervention in a running flow, with its reason: refused with FLOW_FINISHED when the run
 * no longer runs, REASON_REQUIRED without a reason; the workflow refuses a stale task, a target outside the
 * post, an unknown or later stage. Audited on the run (`flow.reassigned`, `flow.jumped_back`, `flow.ended`).
 */
export async function intervene<I extends Intervention>(ctx: AppContext, user: CurrentUser, id: string, kind: I, input: z.output<(typeof interventionBodies)[I]>) {
  const tasks = await runTasks(ctx, user, id);
  const body = input as z.infer<(typeof interventionBodies)['reassign']> & z.infer<(typeof interventionBodies)['jumpBack']>;
  const { workflowId } = tasks[0];
  const status = await workflowStatus(ctx, workflowId);
  if (status !== 'RUNNING') throw new AppError('FLOW_FINISHED', `该流程已经结束（${status}），不能再干预。`, 409);
  const why = requireReason(body.reason);
  const rid = body.requestId ?? randomUUID();
  const actor = actorOf(user);
  const handle = ctx.temporal.workflow.getHandle(workflowId);
  let after: Record<string, unknown> = { reason: why };
  try {
    if (kind === 'reassign') {
      const task = tasks.find((t) => t.id === body.taskId);
      if (!task || task.status !== 'OPEN') throw refusalError('TASK_NOT_OPEN', '该待办已办结或不属于此流程，请刷新后重试。');
      const to = await ctx.prisma.user.findUnique({ where: { id: body.toUserId } });
      if (!to || !to.active) throw refusalError('INVALID_REASSIGN_TARGET', '改派对象不存在或已停用。');
      await handle.executeUpdate(reassignTaskUpdate, { args: [{ taskKey: task.stepKey, requestId: rid, actor, toUser: actorOf(to), reason: why }] });
      after = { ...after, taskId: task.id, stageKey: task.stageKey, from: task.assigneeUserId, to: to.id, toLogin: to.login };
    } else if (kind === 'jumpBack') {
      const current = tasks.find((t) => t.status === 'OPEN');
      await handle.executeUpdate(jumpBackUpdate, { args: [{ requestId: rid, actor, toStageKey: body.toStageKey, reason: why }] });
      after = { ...after, fromStageKey: current?.stageKey ?? null, toStageKey: body.toStageKey };
    } else {
      await handle.executeUpdate(endFlowUpdate, { args: [{ requestId: rid, actor, reason: why }] });
      await handle.cancel();
      // The cancellation closes the open tasks inside the workflow: wait for it, so the answer shows them closed.
      await handle.result().catch(() => undefined);
      after = { ...after, closedTasks: tasks.filter((t) => t.status === 'OPEN').map((t) => t.id), ...(await endSideTables(ctx, user, workflowId, why, rid)) };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    fromWorkflow(ctx, err);
  }
  const action = { reassign: 'flow.reassigned', jumpBack: 'flow.jumped_back', end: 'flow.ended' }[kind];
  await recordAudit(ctx.prisma, { action, entityType: 'flow', entityId: id, workflowId, actorId: user.id, actorLogin: user.login, requestId: rid, after });
  return flowInstanceTimeline(ctx, user, id);
}

/** The people a task of the run can be reassigned to: active holders of its post in its unit. */
export async function reassignCandidates(ctx: AppContext, user: CurrentUser, id: string, taskId: string) {
  const task = (await runTasks(ctx, user, id)).find((t) => t.id === taskId);
  if (!task) throw notFound('待办');
  return ctx.prisma.user.findMany({
    where: { orgUnitId: task.orgUnitId, active: true, roles: { has: task.assigneeRole }, ...(task.assigneeUserId ? { id: { not: task.assigneeUserId } } : {}) },
    select: { id: true, displayName: true, login: true },
    orderBy: { displayName: 'asc' },
  });
}

/** A website's statuses while its consolidation flow decides (a closed site in 回头看 stays CLOSED). */
const SITE_IN_FLOW = ['RETENTION_REVIEW', 'CLOSURE_APPROVAL', 'NOTICE', 'DEREGISTERING'] as const;

/**
 * The rows outside the steps that follow an ended flow: the campaign's unit of an annual report becomes
 * ENDED and a website in its consolidation flow FLOW_ENDED, each with the reason, so the dashboards count
 * them as ended instead of running for ever. Each change is audited.
 */
async function endSideTables(ctx: AppContext, user: CurrentUser, workflowId: string, reason: string, requestId: string) {
  return ctx.prisma.$transaction(async (tx) => {
    const units = await tx.campaignUnit.findMany({ where: { workflowId, state: { in: ['PENDING', 'RUNNING', 'READY'] } } });
    for (const u of units) {
      await tx.campaignUnit.update({ where: { id: u.id }, data: { state: 'ENDED', endedAt: new Date(), endedReason: reason } });
      await recordAudit(tx, {
        action: 'campaign_unit.ended', entityType: 'campaign_unit', entityId: u.id, workflowId, actorId: user.id, actorLogin: user.login, requestId,
        before: { state: u.state }, after: { state: 'ENDED', reason },
      });
    }
    const sites = await tx.website.findMany({ where: { workflowId, status: { in: [...SITE_IN_FLOW] } } });
    for (const site of sites) {
      await tx.website.update({ where: { id: site.id }, data: { status: 'FLOW_ENDED', flowEndedReason: reason } });
      await recordAudit(tx, {
        action: 'website.flow_ended', entityType: 'website', entityId: site.id, workflowId, actorId: user.id, actorLogin: user.login, requestId,
        before: { status: site.status }, after: { status: 'FLOW_ENDED', reason },
      });
    }
    return { endedCampaignUnits: units.map((u) => u.id), endedWebsites: sites.map((x) => x.id) };
  });
}
