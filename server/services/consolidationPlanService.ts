import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import type { Prisma } from '../../activities/infra/prisma';
import { FLOW_WORKFLOW_TASK_TIMEOUT, websiteClosureWorkflowId } from '../../domain/step';
import { DECISION_LABELS, PLAN_DECISIONS } from '../../domain/websites';
import { websiteClosureWorkflow, type WebsiteClosureInput } from '../../workflows/websiteClosure';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { recordAudit } from '../repositories/auditRepository';
import { websiteScope } from './websiteService';

export const PLAN_SORTABLE = ['submittedAt', 'plannedDate', 'status', 'decision', 'decidedAt'] as const;

const isoDate = z.string({ required_error: '请填写计划日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d, '不是有效的日期');

const planRow = z.object({
  websiteId: z.string({ required_error: '请选择网站' }).uuid('网站编号无效'),
  decision: z.enum(PLAN_DECISIONS, { required_error: '请选择整合意见', invalid_type_error: '整合意见应为 INTEGRATE（整合）、CLOSE（关停）或 KEEP（保留）' }),
  targetSiteId: z.string().uuid('整合目标网站编号无效').optional(),
  plannedDate: isoDate,
  justification: z.string().trim().max(5000, '保留理由不能超过5000字').optional(),
}).strict().superRefine((r, c) => {
  if (r.decision === 'INTEGRATE' && !r.targetSiteId) c.addIssue({ code: 'custom', path: ['targetSiteId'], message: '整合的网站须选择整合目标网站' });
  if (r.decision === 'KEEP' && (r.justification ?? '').length < 20) c.addIssue({ code: 'custom', path: ['justification'], message: '保留申请须附书面理由（至少20字）' });
});

export const submitPlanBody = z.object({
  rows: z.array(planRow, { required_error: '请提交计划表的行' }).min(1, '计划表至少一行').max(1000, '一次最多提交1000行'),
}).strict();
export type SubmitPlanBody = z.infer<typeof submitPlanBody>;

const filterSchema = z.object({
  status: z.enum(['SUBMITTED', 'APPROVED', 'REJECTED']).optional(),
  decision: z.enum(PLAN_DECISIONS).optional(),
  ownerUnitId: z.string().uuid().optional(),
  websiteId: z.string().uuid().optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();

/**
 * A unit submits rows of 《整合计划表》 for its own sites (a supervisor for any site they oversee): all rows
 * or none. A site whose earlier row was rejected may be planned again; an open or approved row stands,
 * except for a retained site at its yearly review.
 */
export async function submitPlan(ctx: AppContext, user: CurrentUser, body: SubmitPlanBody, requestId: string) {
  const ids = body.rows.map((r) => r.websiteId);
  if (new Set(ids).size !== ids.length) throw new AppError('DUPLICATE_PLAN_ROW', '同一网站在计划表中出现了多次。', 400);
  const sites = await ctx.prisma.website.findMany({ where: { AND: [websiteScope(user), { id: { in: ids } }] }, include: { plan: true } });
  const byId = new Map(sites.map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) throw notFound(`网站（${unknown.length}个）`);
  const targetIds = [...new Set(body.rows.flatMap((r) => (r.targetSiteId ? [r.targetSiteId] : [])))];
  const targets = new Map((await ctx.prisma.website.findMany({ where: { id: { in: targetIds } }, select: { id: true, status: true } })).map((t) => [t.id, t]));
  for (const [i, r] of body.rows.entries()) {
    const site = byId.get(r.websiteId)!;
    const row = `第${i + 1}行（${site.name}）`;
    if (r.targetSiteId && (r.targetSiteId === site.id || !targets.has(r.targetSiteId))) throw new AppError('INVALID_TARGET_SITE', `${row}：整合目标网站不存在或是网站自身。`, 400);
    if (site.status !== 'RUNNING' && site.status !== 'RETAINED' && site.status !== 'FLOW_ENDED') throw new AppError('SITE_IN_FLOW', `${row}：网站当前状态不能再提交整合计划。`, 409);
    if (site.plan && (site.plan.status === 'SUBMITTED' || (site.plan.status === 'APPROVED' && site.status !== 'RETAINED'))) {
      throw new AppError('PLAN_EXISTS', `${row}：已有待审批或已批准的计划。`, 409);
    }
  }
  const now = new Date();
  const saved = await ctx.prisma.$transaction(async (tx) => {
    const out: string[] = [];
    for (const r of body.rows) {
      const data = {
        decision: r.decision, targetSiteId: r.targetSiteId ?? null, plannedDate: r.plannedDate, justification: r.justification ?? null,
        status: 'SUBMITTED' as const, rejectReason: null, submittedById: user.id, submittedAt: now, decidedById: null, decidedAt: null,
      };
      const p = await tx.consolidationPlan.upsert({ where: { websiteId: r.websiteId }, create: { websiteId: r.websiteId, ...data }, update: data });
      out.push(p.id);
    }
    await tx.auditEvent.createMany({
      data: body.rows.map((r, i) => ({
        action: 'website.plan_submitted', entityType: 'website', entityId: r.websiteId, actorId: user.id, actorLogin: user.login, requestId,
        after: { planId: out[i], ...r } as Prisma.InputJsonValue,
      })),
    });
    return out;
  });
  return { submitted: saved.length, ids: saved };
}

export async function listPlans(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  const f = filterSchema.safeParse(q.filter);
  if (!f.success) throw new AppError('INVALID_FILTER', '筛选条件无效。', 400);
  const where: Prisma.ConsolidationPlanWhereInput = {
    AND: [
      { website: websiteScope(user) },
      f.data.status ? { status: f.data.status } : {},
      f.data.decision ? { decision: f.data.decision } : {},
      f.data.ownerUnitId ? { website: { ownerUnitId: f.data.ownerUnitId } } : {},
      f.data.websiteId ? { websiteId: f.data.websiteId } : {},
      f.data.id ? { id: { in: f.data.id } } : {},
    ],
  };
  const [rows, total] = await ctx.prisma.$transaction([
    ctx.prisma.consolidationPlan.findMany({
      where, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take,
      include: { website: { select: { name: true, domain: true, status: true, ownerUnit: { select: { code: true, name: true } } } } },
    }),
    ctx.prisma.consolidationPlan.count({ where }),
  ]);
  return { rows, total };
}

/** 市政府办公厅 approves the plan (docs/domain.md §4: the city general office organises and supervises). */
function requireCityOffice(user: CurrentUser): void {
  if (user.scopePath.split('/').filter(Boolean).length !== 1) {
    throw new AppError('CITY_OFFICE_ONLY', '整合计划由市政府办公厅审批，区级督办人员不能审批。', 403);
  }
}

async function findPlan(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('整合计划');
  const plan = await ctx.prisma.consolidationPlan.findFirst({
    where: { id, website: websiteScope(user) },
    include: { website: { include: { ownerUnit: true, targetSite: { select: { id: true, name: true, domain: true } } } } },
  });
  if (!plan) throw notFound('整合计划');
  return plan;
}

export const rejectPlanBody = z.object({ reason: z.string({ required_error: '请填写不予批准的理由' }).trim().min(1, '请填写不予批准的理由').max(2000, '理由不能超过2000字') }).strict();

/** A plan the user may decide on: 404 outside the scope, 403 outside the city office (before the body is read). */
export async function decidablePlan(ctx: AppContext, user: CurrentUser, id: string) {
  const plan = await findPlan(ctx, user, id);
  requireCityOffice(user);
  return plan;
}

export async function rejectPlan(ctx: AppContext, user: CurrentUser, plan: Awaited<ReturnType<typeof decidablePlan>>, body: z.output<typeof rejectPlanBody>, requestId: string) {
  const { count } = await ctx.prisma.consolidationPlan.updateMany({
    where: { id: plan.id, status: 'SUBMITTED' },
    data: { status: 'REJECTED', rejectReason: body.reason, decidedById: user.id, decidedAt: new Date() },
  });
  if (count !== 1) throw new AppError('PLAN_NOT_PENDING', '该计划已审批过，请刷新页面查看最新状态。', 409);
  await recordAudit(ctx.prisma, { action: 'website.plan_rejected', entityType: 'website', entityId: plan.websiteId, actorId: user.id, actorLogin: user.login, requestId, before: { status: 'SUBMITTED' }, after: { planId: plan.id, status: 'REJECTED', reason: body.reason } });
  return { id: plan.id, status: 'REJECTED' };
}

/**
 * Approves a plan row and starts the site's flow: 保留申请 for KEEP, the closure for INTEGRATE and CLOSE.
 * The row moves SUBMITTED → APPROVED in one conditional statement first, so two approvals never start two
 * flows; if Temporal refuses the start, the row goes back to SUBMITTED.
 */
export async function approvePlan(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  const plan = await findPlan(ctx, user, id);
  requireCityOffice(user);
  const { count } = await ctx.prisma.consolidationPlan.updateMany({ where: { id: plan.id, status: 'SUBMITTED' }, data: { status: 'APPROVED', decidedById: user.id, decidedAt: new Date() } });
  if (count !== 1) throw new AppError('PLAN_NOT_PENDING', '该计划已审批过，请刷新页面查看最新状态。', 409);
  const site = plan.website;
  const workflowId = websiteClosureWorkflowId(site.siteCode, randomUUID().slice(0, 8));
  try {
    const target = plan.targetSiteId ? await ctx.prisma.website.findUnique({ where: { id: plan.targetSiteId }, select: { id: true, name: true, domain: true } }) : null;
    const offices = await closureOffices(ctx, site.ownerUnit);
    const input: WebsiteClosureInput = {
      websiteId: site.id, siteName: site.name, domain: site.domain, siteCode: site.siteCode,
      hasPartyGovMark: Boolean(site.partyGovMark), hasIcp: Boolean(site.icpNumber), hasPsb: Boolean(site.psbNumber),
      ownerUnitId: site.ownerUnitId, ownerUnitName: site.ownerUnit.name, decision: plan.decision, targetSite: target ?? site.targetSite ?? null,
      retention: plan.decision === 'KEEP', justification: plan.justification, ...offices,
      noticePeriodMs: ctx.config.CLOSURE_NOTICE_PERIOD, followUpAfterMs: ctx.config.CLOSURE_FOLLOW_UP_AFTER, checkDomain: ctx.config.CLOSURE_DNS_CHECK,
      ...(site.importBatch ? { campaignId: site.importBatch } : {}),
    };
    await ctx.temporal.workflow.start(websiteClosureWorkflow, { workflowId, taskQueue: ctx.config.TEMPORAL_TASK_QUEUE, workflowTaskTimeout: FLOW_WORKFLOW_TASK_TIMEOUT, args: [input] });
  } catch (err) {
    await ctx.prisma.consolidationPlan.update({ where: { id: plan.id }, data: { status: 'SUBMITTED', decidedById: null, decidedAt: null } });
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new AppError('ALREADY_STARTED', `${site.name}的整合流程已经启动。`, 409);
    throw err;
  }
  await ctx.prisma.website.update({ where: { id: site.id }, data: { workflowId } });
  await recordAudit(ctx.prisma, {
    action: 'website.plan_approved', entityType: 'website', entityId: site.id, workflowId, actorId: user.id, actorLogin: user.login, requestId,
    before: { status: 'SUBMITTED' }, after: { planId: plan.id, status: 'APPROVED', decision: plan.decision, decisionLabel: DECISION_LABELS[plan.decision] },
  });
  return { id: plan.id, status: 'APPROVED', workflowId };
}

/**
 * The offices of a site's approval: the district's general office for a unit inside a district (its
 * parent is a district government, or it is one), and the city general office for every site.
 */
async function closureOffices(ctx: AppContext, unit: { code: string; kind: string; parentId: string | null }) {
  const parent = unit.parentId ? await ctx.prisma.orgUnit.findUnique({ where: { id: unit.parentId } }) : null;
  const districtCode = unit.kind === 'DISTRICT_GOVERNMENT' ? unit.code : parent?.kind === 'DISTRICT_GOVERNMENT' ? parent.code : null;
  const district = districtCode ? await ctx.prisma.orgUnit.findUnique({ where: { code: `${districtCode}-GO` } }) : null;
  if (districtCode && !district) throw new AppError('NO_REVIEWING_OFFICE', '该区没有政府办公室，无法安排审核报批。', 409);
  const city = await ctx.prisma.orgUnit.findFirst({ where: { kind: 'GENERAL_OFFICE', parent: { kind: 'CITY_GOVERNMENT' } } });
  if (!city) throw new AppError('NO_REVIEWING_OFFICE', '尚未设置市政府办公厅，无法安排审核报批。', 409);
  // The district office's own sites: its level is the unit head's, so only the city reviews after it.
  return { districtOfficeId: district && district.code !== unit.code ? district.id : null, cityOfficeId: city.id };
}
