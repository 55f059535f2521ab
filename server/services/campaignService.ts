/**
 * Annual-report campaigns (专项部署): the launch with its timetable, adding units, the centralized
 * publication (集中公开), late publications, and the supervisors' progress views. The running state lives
 * in the units' workflows; the progress views read the tables their activities keep (CampaignUnit, Task),
 * so a campaign of a thousand units answers with a few indexed queries.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { Prisma } from '../../activities/infra/prisma';
import { loadCalendar } from '../../activities/tasks/taskProjection';
import { calendarOf } from './taskService';
import { chinaDate, coverageWarning } from '../../domain/calendar';
import {
  checkSchedule, defaultGroupSchedule, scheduleDates, GROUP_LABEL, isRealDate, PUBLICATION_GROUPS, publicationGroupOf, STAGE_NAME,
  statutoryPublishBy, TIMETABLE_STAGES, type CampaignSchedule, type GroupSchedule, type PublicationGroup, type UnitKind,
} from '../../domain/campaign';
import { annualReportWorkflowId, campaignWorkflowId } from '../../domain/step';
import { publishSignal } from '../../workflows/annualReport';
import { annualReportCampaignWorkflow, publishNowSignal, scheduleChangedSignal, unitsAddedSignal } from '../../workflows/campaign';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { canSeeUnit, requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { writeXlsx, type XlsxColumn } from './xlsxExport';
import { duplicationLevel } from '../../domain/annual-report';
import { duplicationThresholds } from './duplicationService';

export const FLOW = 'annual-report';
export const DEFAULT_PUBLICATION_BASE_URL = 'https://www.beijing.gov.cn/gongkai/zfxxgk/ndbg';
export const campaignKey = (year: number) => `${FLOW}/${year}`;
export { campaignWorkflowId };
const STAGE_ORDER = [...TIMETABLE_STAGES] as string[];
export const KIND_LABEL: Record<UnitKind, string> = {
  CITY_GOVERNMENT: '市政府', GENERAL_OFFICE: '政府办公厅（室）', MUNICIPAL_DEPARTMENT: '市级部门', DISTRICT_GOVERNMENT: '区政府',
  DISTRICT_DEPARTMENT: '区级部门', STREET: '街道', TOWN: '乡镇',
};

const year = z.number({ required_error: '请填写报告年度', invalid_type_error: '报告年度应为数字' }).int('报告年度应为整数').min(2019, '报告年度不能早于2019年').max(2100, '报告年度不正确');
const rootCodes = z.array(z.string().min(1).max(50)).min(1, '请至少选择一个单位').max(200).optional();
const dateStr = z.string().refine(isRealDate, '应为有效日期（YYYY-MM-DD）');

export const previewQuery = z.object({
  year: z.coerce.number().pipe(year),
  roots: z.string().optional(),
  townshipPublishBy: dateStr.optional(),
}).strict();

const groupSchedule = z.object({
  publishBy: dateStr,
  publishAt: z.string().datetime({ offset: true, message: '集中公开时间应为带时区的时间（ISO 8601）' }),
  dueDates: z.object(Object.fromEntries(TIMETABLE_STAGES.map((s) => [s, dateStr])) as Record<(typeof TIMETABLE_STAGES)[number], typeof dateStr>).strict(),
}).strict();

export const launchBody = z.object({
  year,
  rootCodes,
  title: z.string().min(1).max(200).optional(),
  publicationBaseUrl: z.string().url('公开网址格式不正确').max(300).optional(),
  schedule: z.object({ DEPARTMENT: groupSchedule.optional(), GOVERNMENT: groupSchedule.optional(), TOWNSHIP: groupSchedule.optional() }).strict(),
}).strict();
export type LaunchBody = z.infer<typeof launchBody>;

export const addUnitsBody = z.object({
  orgUnitCodes: z.array(z.string().min(1).max(50)).min(1, '请至少选择一个单位').max(2000),
}).strict();

export const scheduleBody = z.object({
  schedule: z.object({ DEPARTMENT: groupSchedule.optional(), GOVERNMENT: groupSchedule.optional(), TOWNSHIP: groupSchedule.optional() }).strict(),
}).strict();

export const publishNowBody = z.object({ group: z.enum(['DEPARTMENT', 'GOVERNMENT', 'TOWNSHIP'], { errorMap: () => ({ message: '公开批次应为 DEPARTMENT、GOVERNMENT 或 TOWNSHIP' }) }) }).strict();
export const publishLateBody = z.object({ reason: z.string({ required_error: '请说明逾期公开的原因' }).trim().min(4, '请说明逾期公开的原因（至少4个字）').max(500) }).strict();

/** Units of the chosen subtrees (default: the administrator's whole scope), each with its publication group. */
async function unitsOf(ctx: AppContext, user: CurrentUser, codes: string[] | undefined) {
  const roots = codes?.length
    ? await ctx.prisma.orgUnit.findMany({ where: { code: { in: codes } } })
    : await ctx.prisma.orgUnit.findMany({ where: { path: user.scopePath } });
  const missing = (codes ?? []).filter((c) => !roots.some((r) => r.code === c && canSeeUnit(user, r)));
  if (missing.length) throw new AppError('UNKNOWN_ORG_UNIT', `以下单位编码不存在或不在您的管理范围内：${missing.join('、')}。`, 400, { missing });
  if (!roots.length) throw new AppError('UNKNOWN_ORG_UNIT', '没有可以部署的单位。', 400);
  const units = await ctx.prisma.orgUnit.findMany({
    where: { active: true, OR: roots.map((r) => ({ path: { startsWith: r.path } })) },
    orderBy: { path: 'asc' },
  });
  return units.map((u) => ({ ...u, group: publicationGroupOf(u.kind as UnitKind) }));
}

async function stageWorkingDays(ctx: AppContext): Promise<Record<string, number>> {
  const stages = await ctx.prisma.stageDefinition.findMany({ where: { flowKey: FLOW } });
  return Object.fromEntries(stages.map((s) => [s.key, s.workingDays ?? 1]));
}

/**
 * What a launch would do, with the timetable prefilled: each group's statutory date, the publication day
 * and every stage's due date counted back on the working-day calendar. Streets and towns need the local
 * date first (`townshipPublishBy`).
 */
export async function previewCampaign(ctx: AppContext, user: CurrentUser, q: z.output<typeof previewQuery>) {
  requireRole(user, 'ADMIN');
  const units = await unitsOf(ctx, user, q.roots ? q.roots.split(',').filter(Boolean) : undefined);
  const calendar = await loadCalendar(ctx.prisma);
  const days = await stageWorkingDays(ctx);
  const groups = PUBLICATION_GROUPS.filter((g) => units.some((u) => u.group === g));
  const schedule: CampaignSchedule = {};
  const groupInfo = groups.map((group) => {
    const publishBy = statutoryPublishBy(q.year, group) ?? q.townshipPublishBy ?? null;
    if (publishBy) schedule[group] = defaultGroupSchedule(calendar, publishBy, days);
    return { group, label: GROUP_LABEL[group], units: units.filter((u) => u.group === group).length, statutory: statutoryPublishBy(q.year, group), needsLocalDate: !publishBy };
  });
  const existing = await ctx.prisma.campaign.findUnique({ where: { key: campaignKey(q.year) } });
  const byKind: Record<string, number> = {};
  for (const u of units) byKind[u.kind] = (byKind[u.kind] ?? 0) + 1;
  return {
    year: q.year,
    title: `${q.year}年度政府信息公开工作年度报告`,
    publicationBaseUrl: DEFAULT_PUBLICATION_BASE_URL,
    units: units.length,
    byKind: Object.entries(byKind).map(([kind, n]) => ({ kind, label: KIND_LABEL[kind as UnitKind], units: n })),
    groups: groupInfo,
    schedule,
    problems: checkSchedule(schedule, groups.filter((g) => schedule[g]), q.year, new Date()),
    calendarWarning: coverageWarning(calendar, scheduleDates(schedule)) ?? null,
    alreadyLaunched: existing ? { id: existing.id, status: existing.status } : null,
  };
}

/**
 * Launches the campaign: one row per unit (state PENDING) and the campaign's workflow, which starts the
 * units' workflows in batches. A second launch for the same year is refused; so is a timetable with any
 * problem (all of them listed, nothing saved).
 */
export async function launchCampaign(ctx: AppContext, user: CurrentUser, body: LaunchBody, requestId: string) {
  requireRole(user, 'ADMIN');
  const key = campaignKey(body.year);
  const title = body.title ?? `${body.year}年度政府信息公开工作年度报告`;
  if (await ctx.prisma.campaign.findUnique({ where: { key } })) {
    throw new AppError('CAMPAIGN_EXISTS', `“${body.year}年度政府信息公开工作年度报告”已经部署，不能重复部署；如需增加单位，请在该专项中添加。`, 409);
  }
  const units = await unitsOf(ctx, user, body.rootCodes);
  const groups = PUBLICATION_GROUPS.filter((g) => units.some((u) => u.group === g));
  const schedule = body.schedule as CampaignSchedule;
  const problems = checkSchedule(schedule, groups, body.year, new Date());
  if (problems.length) {
    throw new AppError('INVALID_SCHEDULE', `工作安排有${problems.length}处问题，请修改后再部署：\n${problems.map((p, i) => `${i + 1}. ${p.message}`).join('\n')}`, 400, problems);
  }
  const running = await ctx.prisma.task.findFirst({ where: { flowKey: FLOW, status: 'OPEN', workflowId: { in: units.map((u) => annualReportWorkflowId(body.year, u.code)) } } });
  if (running) {
    throw new AppError('UNIT_ALREADY_RUNNING', `已有单位单独启动了${body.year}年度报告流程（${running.title}），请先结束后再部署专项。`, 409);
  }
  const id = randomUUID();
  const workflowId = campaignWorkflowId(body.year);
  const baseUrl = body.publicationBaseUrl ?? DEFAULT_PUBLICATION_BASE_URL;
  const usedSchedule: CampaignSchedule = Object.fromEntries(groups.map((g) => [g, schedule[g]]));
  try {
    await ctx.prisma.$transaction(async (tx) => {
      await tx.campaign.create({
        data: {
          id, key, flowKey: FLOW, year: body.year, title, rootCodes: body.rootCodes ?? [], schedule: usedSchedule as unknown as Prisma.InputJsonValue,
          publicationBaseUrl: baseUrl, workflowId, totalUnits: units.length, createdById: user.id, createdByLogin: user.login,
        },
      });
      await tx.campaignUnit.createMany({
        data: units.map((u) => ({
          campaignId: id, orgUnitId: u.id, publicationGroup: u.group, workflowId: annualReportWorkflowId(body.year, u.code),
          publishBy: usedSchedule[u.group]!.publishBy,
        })),
      });
      await recordAudit(tx, {
        action: 'campaign.launched', entityType: 'campaign', entityId: id, workflowId, actorId: user.id, actorLogin: user.login, requestId,
        after: { key, title, units: units.length, rootCodes: body.rootCodes ?? [], schedule: usedSchedule },
      });
    }, { timeout: 30_000 });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new AppError('CAMPAIGN_EXISTS', `“${title}”已经部署，不能重复部署。`, 409);
    throw err;
  }
  try {
    await ctx.temporal.workflow.start(annualReportCampaignWorkflow, { workflowId, taskQueue: ctx.config.TEMPORAL_TASK_QUEUE, args: [{ campaignId: id }] });
  } catch (err) {
    // Nothing runs without the campaign's workflow: take the rows back so the launch can be tried again.
    await ctx.prisma.campaignUnit.deleteMany({ where: { campaignId: id } });
    await ctx.prisma.campaign.delete({ where: { id } });
    await recordAudit(ctx.prisma, { action: 'campaign.launch_failed', entityType: 'campaign', entityId: id, workflowId, actorId: user.id, actorLogin: user.login, requestId, after: { reason: (err as Error).message } });
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new AppError('CAMPAIGN_EXISTS', `“${title}”的专项流程已经存在，不能重复部署。`, 409);
    throw err;
  }
  // Launched all the same: the timetable stands, but whoever launched it must know its days were counted Monday–Friday.
  const calendarWarning = coverageWarning(await loadCalendar(ctx.prisma), scheduleDates(usedSchedule)) ?? null;
  return { ...(await getCampaign(ctx, user, id)), calendarWarning };
}

export async function findCampaign(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('专项');
  const campaign = await ctx.prisma.campaign.findUnique({ where: { id } });
  if (!campaign) throw notFound('专项');
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  return campaign;
}

export async function getCampaign(ctx: AppContext, user: CurrentUser, id: string) {
  const c = await findCampaign(ctx, user, id);
  const launchPercent = c.totalUnits ? Math.round((c.startedUnits / c.totalUnits) * 100) : 100;
  return { ...c, launchPercent };
}

export const CAMPAIGN_SORTABLE = ['year', 'launchedAt', 'title', 'status'] as const;
export async function listCampaigns(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  const where: Prisma.CampaignWhereInput = typeof q.filter.status === 'string' ? { status: q.filter.status } : {};
  const [rows, total] = await ctx.prisma.$transaction([
    ctx.prisma.campaign.findMany({ where, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
    ctx.prisma.campaign.count({ where }),
  ]);
  return { rows: rows.map((c) => ({ ...c, launchPercent: c.totalUnits ? Math.round((c.startedUnits / c.totalUnits) * 100) : 100 })), total };
}

/** Adds units to a running campaign: every code checked first (all problems listed), then one transaction. */
export async function addCampaignUnits(ctx: AppContext, user: CurrentUser, id: string, body: z.output<typeof addUnitsBody>, requestId: string) {
  requireRole(user, 'ADMIN');
  const campaign = await findCampaign(ctx, user, id);
  if (!['LAUNCHING', 'RUNNING'].includes(campaign.status)) {
    throw new AppError('CAMPAIGN_CLOSED', `“${campaign.title}”已经完成集中公开，不能再添加单位。`, 409);
  }
  const codes = [...new Set(body.orgUnitCodes)];
  const units = await ctx.prisma.orgUnit.findMany({ where: { code: { in: codes } } });
  const already = await ctx.prisma.campaignUnit.findMany({ where: { campaignId: id, orgUnitId: { in: units.map((u) => u.id) } }, include: { orgUnit: true } });
  const schedule = campaign.schedule as unknown as CampaignSchedule;
  const published = campaign.publishedRounds as Record<string, string>;
  const problems: Array<{ code: string; message: string }> = [];
  for (const code of codes) {
    const u = units.find((x) => x.code === code);
    if (!u || !canSeeUnit(user, u)) { problems.push({ code, message: `单位编码“${code}”不存在或不在您的管理范围内。` }); continue; }
    if (!u.active) problems.push({ code, message: `${u.name}已停用。` });
    if (already.some((a) => a.orgUnitId === u.id)) problems.push({ code, message: `${u.name}已在本专项中。` });
    const group = publicationGroupOf(u.kind as UnitKind);
    if (!schedule[group]) problems.push({ code, message: `${u.name}属于“${GROUP_LABEL[group]}”，本专项没有这一批次的工作安排，请先设置。` });
    else if (published[group]) problems.push({ code, message: `${u.name}所在批次已于 ${chinaDate(new Date(published[group]))} 集中公开，不能再添加。` });
  }
  if (problems.length) {
    throw new AppError('INVALID_UNITS', `有${problems.length}个单位不能添加：\n${problems.map((p, i) => `${i + 1}. ${p.message}`).join('\n')}`, 400, problems);
  }
  await ctx.prisma.$transaction(async (tx) => {
    await tx.campaignUnit.createMany({
      data: units.map((u) => {
        const group = publicationGroupOf(u.kind as UnitKind);
        return { campaignId: id, orgUnitId: u.id, publicationGroup: group, workflowId: annualReportWorkflowId(campaign.year, u.code), publishBy: schedule[group]!.publishBy };
      }),
    });
    await tx.campaign.update({ where: { id }, data: { totalUnits: { increment: units.length } } });
    await recordAudit(tx, { action: 'campaign.units_added', entityType: 'campaign', entityId: id, workflowId: campaign.workflowId, actorId: user.id, actorLogin: user.login, requestId, after: { orgUnitCodes: codes } });
  });
  await ctx.temporal.workflow.getHandle(campaign.workflowId).signal(unitsAddedSignal);
  return { added: units.length, campaign: await getCampaign(ctx, user, id) };
}

/** Moves the publication time (and due dates) of groups not yet published; the campaign re-reads its plan. */
export async function updateCampaignSchedule(ctx: AppContext, user: CurrentUser, id: string, body: z.output<typeof scheduleBody>, requestId: string) {
  requireRole(user, 'ADMIN');
  const campaign = await findCampaign(ctx, user, id);
  const current = campaign.schedule as unknown as CampaignSchedule;
  const published = campaign.publishedRounds as Record<string, string>;
  const changed = (Object.keys(body.schedule) as PublicationGroup[]).filter((g) => body.schedule[g]);
  const closed = changed.filter((g) => published[g] || !current[g]);
  if (closed.length) {
    throw new AppError('SCHEDULE_LOCKED', `${closed.map((g) => GROUP_LABEL[g]).join('、')}已集中公开或不在本专项中，不能修改其工作安排。`, 409);
  }
  const next: CampaignSchedule = { ...current, ...Object.fromEntries(changed.map((g) => [g, body.schedule[g] as GroupSchedule])) };
  const problems = checkSchedule(next, changed, campaign.year, new Date());
  if (problems.length) throw new AppError('INVALID_SCHEDULE', `工作安排有${problems.length}处问题：\n${problems.map((p, i) => `${i + 1}. ${p.message}`).join('\n')}`, 400, problems);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.campaign.update({ where: { id }, data: { schedule: next as unknown as Prisma.InputJsonValue } });
    for (const g of changed) await tx.campaignUnit.updateMany({ where: { campaignId: id, publicationGroup: g }, data: { publishBy: next[g]!.publishBy } });
    await recordAudit(tx, { action: 'campaign.schedule_changed', entityType: 'campaign', entityId: id, workflowId: campaign.workflowId, actorId: user.id, actorLogin: user.login, requestId, before: { schedule: current }, after: { schedule: next } });
  });
  await signalCampaign(ctx, campaign.workflowId, (h) => h.signal(scheduleChangedSignal));
  return getCampaign(ctx, user, id);
}

async function signalCampaign(ctx: AppContext, workflowId: string, send: (h: ReturnType<AppContext['temporal']['workflow']['getHandle']>) => Promise<void>) {
  try {
    await send(ctx.temporal.workflow.getHandle(workflowId));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new AppError('CAMPAIGN_CLOSED', '该专项已经结束。', 409);
    throw err;
  }
}

/** 集中公开 of a group now, instead of at its planned time. */
export async function publishGroupNow(ctx: AppContext, user: CurrentUser, id: string, { group }: z.output<typeof publishNowBody>, requestId: string) {
  requireRole(user, 'ADMIN');
  const campaign = await findCampaign(ctx, user, id);
  if ((campaign.publishedRounds as Record<string, string>)[group]) throw new AppError('ALREADY_PUBLISHED', `${GROUP_LABEL[group]}已经集中公开。`, 409);
  if (!(campaign.schedule as unknown as CampaignSchedule)[group]) throw new AppError('UNKNOWN_GROUP', `本专项没有“${GROUP_LABEL[group]}”批次。`, 400);
  await recordAudit(ctx.prisma, { action: 'campaign.publish_requested', entityType: 'campaign', entityId: id, workflowId: campaign.workflowId, actorId: user.id, actorLogin: user.login, requestId, after: { group } });
  await signalCampaign(ctx, campaign.workflowId, (h) => h.signal(publishNowSignal, group));
  return { requested: group };
}

/**
 * Publishes a unit whose report became ready only after its statutory date: never automatic, always with
 * the administrator's reason, recorded as PUBLISHED_LATE.
 */
export async function publishUnitLate(ctx: AppContext, user: CurrentUser, id: string, orgUnitId: string, { reason }: z.output<typeof publishLateBody>, requestId: string) {
  requireRole(user, 'ADMIN');
  await findCampaign(ctx, user, id);
  const unit = z.string().uuid().safeParse(orgUnitId).success
    ? await ctx.prisma.campaignUnit.findUnique({ where: { campaignId_orgUnitId: { campaignId: id, orgUnitId } }, include: { orgUnit: true } })
    : null;
  if (!unit || !canSeeUnit(user, unit.orgUnit)) throw notFound('专项中的单位');
  if (unit.state !== 'READY') throw new AppError('UNIT_NOT_READY', `${unit.orgUnit.name}的年度报告尚未完成预发布（当前状态：${unit.state}），不能公开。`, 409);
  if (!unit.statutoryMissedAt) throw new AppError('NOT_LATE', `${unit.orgUnit.name}尚未超过法定公开日期，将随集中公开一并公开。`, 409);
  await recordAudit(ctx.prisma, { action: 'campaign.late_publication_requested', entityType: 'campaign_unit', entityId: unit.id, workflowId: unit.workflowId, actorId: user.id, actorLogin: user.login, requestId, after: { reason } });
  await ctx.temporal.workflow.getHandle(unit.workflowId).signal(publishSignal, { round: 'late', at: new Date().toISOString(), late: true, reason, byLogin: user.login });
  return { requested: true, orgUnitId };
}

// ---------------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------------

interface UnitRow {
  duplicationPercent: number | null;
  orgUnitId: string;
  code: string;
  name: string;
  kind: UnitKind;
  path: string;
  parentId: string | null;
  state: string;
  publicationGroup: string;
  publishBy: string;
  /** why an administrator ended the unit's report (state ENDED) */
  endedReason: string | null;
  statutoryMissedAt: Date | null;
  publishedAt: Date | null;
  publicationUrl: string | null;
  workflowId: string;
  stageKey: string | null;
  taskId: string | null;
  deadlineAt: Date | null;
  returns: number;
}

/** One row per unit of the campaign inside `path`: its state, current step and return count (3 index lookups per unit). */
async function unitRows(ctx: AppContext, campaignId: string, path: string): Promise<UnitRow[]> {
  return ctx.prisma.$queryRaw<UnitRow[]>`
    SELECT cu."orgUnitId", o.code, o.name, o.kind::text AS kind, o.path, o."parentId", cu.state, cu."endedReason", cu."publicationGroup", cu."publishBy",
           cu."statutoryMissedAt", cu."publishedAt", cu."publicationUrl", cu."workflowId", cu."duplicationPercent",
           cur."stageKey", cur.id AS "taskId", cur."deadlineAt", COALESCE(r.returns, 0)::int AS returns
      FROM "CampaignUnit" cu
      JOIN "OrgUnit" o ON o.id = cu."orgUnitId"
      LEFT JOIN LATERAL (
        SELECT t."stageKey", t.id, t."deadlineAt" FROM "Task" t
         WHERE t."workflowId" = cu."workflowId" AND t.status = 'OPEN' AND t.position = 'main'
         ORDER BY t."startedAt" DESC LIMIT 1) cur ON true
      LEFT JOIN LATERAL (
        SELECT count(*) AS returns FROM "Task" t
         WHERE t."workflowId" = cu."workflowId" AND t.status = 'RETURNED') r ON true
     WHERE cu."campaignId" = ${campaignId}::uuid AND o.path LIKE ${`${path}%`}
     ORDER BY o.path`;
}

/** The stage a unit is at, for counting: its open step, or where it stands outside the steps. */
function stageOf(u: UnitRow): string {
  if (u.state === 'PUBLISHED' || u.state === 'PUBLISHED_LATE') return 'published';
  if (u.state === 'READY') return 'ready';
  if (u.state === 'PENDING') return 'pending';
  if (u.state === 'ENDED') return 'ended';
  return u.stageKey ?? 'starting';
}

const ALL_STAGES = ['pending', 'starting', ...STAGE_ORDER, 'ready', 'published', 'ended'];
const STAGE_LABEL: Record<string, string> = { pending: '待启动', starting: '启动中', ...STAGE_NAME, ready: '待集中公开', published: '已公开', ended: '已终止' };

export async function scopeRoot(ctx: AppContext, user: CurrentUser, rootId: unknown) {
  if (rootId === undefined || rootId === '') return ctx.prisma.orgUnit.findFirstOrThrow({ where: { path: user.scopePath } });
  const root = typeof rootId === 'string' && z.string().uuid().safeParse(rootId).success ? await ctx.prisma.orgUnit.findUnique({ where: { id: rootId } }) : null;
  if (!root || !canSeeUnit(user, root)) throw notFound('单位');
  return root;
}

async function rowsWithOverdue(ctx: AppContext, campaignId: string, path: string) {
  // the API's shared calendar (reloaded at most once a minute, at once after an administrator's edit), not rebuilt per page
  const [rows, calendar] = await Promise.all([unitRows(ctx, campaignId, path), calendarOf(ctx)]);
  const now = new Date();
  const today = chinaDate(now);
  return rows.map((u) => {
    const overdue = u.deadlineAt && u.deadlineAt.getTime() < now.getTime() ? Math.max(1, calendar.workingDaysBetween(chinaDate(u.deadlineAt), today)) : 0;
    return { ...u, stage: stageOf(u), overdueWorkingDays: overdue };
  });
}

/**
 * Where the campaign stands, inside `rootId` (default: the user's whole scope): units by state, by current
 * stage, by org level, per child unit of the root (drill-down city → district → unit), overdue units by
 * working days, and return rounds.
 */
export async function campaignProgress(ctx: AppContext, user: CurrentUser, id: string, query: { root?: unknown }) {
  const t0 = performance.now();
  const campaign = await findCampaign(ctx, user, id);
  const root = await scopeRoot(ctx, user, query.root);
  const rows = await rowsWithOverdue(ctx, id, root.path);
  const emptyStages = () => Object.fromEntries(ALL_STAGES.map((s) => [s, 0])) as Record<string, number>;
  const byState: Record<string, number> = { PENDING: 0, RUNNING: 0, READY: 0, PUBLISHED: 0, PUBLISHED_LATE: 0 };
  const stages = emptyStages();
  const overdueByStage = emptyStages();
  const levels = new Map<string, { kind: string; label: string; units: number; overdue: number; byStage: Record<string, number> }>();
  const children = new Map<string, { code: string; units: number; published: number; overdue: number; statutoryMissed: number; byStage: Record<string, number>; overdueByStage: Record<string, number> }>();
  const rounds: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3+': 0 };
  const depth = root.path.split('/').filter(Boolean).length;
  const withChildren = new Set<string>();
  for (const u of rows) {
    byState[u.state] = (byState[u.state] ?? 0) + 1;
    stages[u.stage]++;
    if (u.overdueWorkingDays) overdueByStage[u.stage]++;
    const level = levels.get(u.kind) ?? { kind: u.kind, label: KIND_LABEL[u.kind], units: 0, overdue: 0, byStage: emptyStages() };
    level.units++; level.byStage[u.stage]++; if (u.overdueWorkingDays) level.overdue++;
    levels.set(u.kind, level);
    const segments = u.path.split('/').filter(Boolean);
    const childCode = segments[depth] ?? root.code;
    // A unit below the child itself: the child can be drilled into (marked here, in the one pass over the rows).
    if (segments.length > depth + 1) withChildren.add(childCode);
    const child = children.get(childCode) ?? { code: childCode, units: 0, published: 0, overdue: 0, statutoryMissed: 0, byStage: emptyStages(), overdueByStage: emptyStages() };
    child.units++; child.byStage[u.stage]++;
    if (u.overdueWorkingDays) child.overdueByStage[u.stage]++;
    if (u.stage === 'published') child.published++;
    if (u.overdueWorkingDays) child.overdue++;
    if (u.statutoryMissedAt) child.statutoryMissed++;
    children.set(childCode, child);
    rounds[u.returns >= 3 ? '3+' : String(u.returns)]++;
  }
  const childUnits = new Map((await ctx.prisma.orgUnit.findMany({ where: { code: { in: [...children.keys()] } }, select: { id: true, code: true, name: true, kind: true } })).map((c) => [c.code, c]));
  const overdueUnits = rows.filter((u) => u.overdueWorkingDays > 0)
    .sort((a, b) => b.overdueWorkingDays - a.overdueWorkingDays || a.path.localeCompare(b.path));
  return {
    campaign: { id: campaign.id, title: campaign.title, year: campaign.year, status: campaign.status, totalUnits: campaign.totalUnits, startedUnits: campaign.startedUnits, publishedRounds: campaign.publishedRounds, schedule: campaign.schedule },
    root: { id: root.id, code: root.code, name: root.name, kind: root.kind },
    totals: {
      units: rows.length,
      byState,
      published: byState.PUBLISHED + byState.PUBLISHED_LATE,
      overdue: overdueUnits.length,
      statutoryMissed: rows.filter((u) => u.statutoryMissedAt).length,
      withReturns: rows.filter((u) => u.returns > 0).length,
    },
    stages: ALL_STAGES.map((s) => ({ stageKey: s, label: STAGE_LABEL[s], units: stages[s], overdue: overdueByStage[s] })),
    byLevel: [...levels.values()],
    children: [...children.values()].map((c) => {
      const unit = childUnits.get(c.code);
      return { ...c, orgUnitId: unit?.id ?? null, name: unit?.name ?? c.code, kind: unit?.kind ?? null, hasChildren: withChildren.has(c.code) };
    }),
    overdueUnits: overdueUnits.slice(0, 100).map(unitView),
    returnRounds: rounds,
    series: await completionSeries(ctx, id, root.path),
    tookMs: Math.round(performance.now() - t0),
  };
}

/**
 * Completion over time, per China day: units that first submitted their self-check, that passed city
 * verification, and that were published, each as a running total (the dashboard's line chart).
 */
async function completionSeries(ctx: AppContext, campaignId: string, path: string) {
  const rows = await ctx.prisma.$queryRaw<Array<{ day: string; submitted: number; verified: number; published: number }>>`
    WITH units AS (
      SELECT cu."workflowId", cu."publishedAt" FROM "CampaignUnit" cu JOIN "OrgUnit" o ON o.id = cu."orgUnitId"
       WHERE cu."campaignId" = ${campaignId}::uuid AND o.path LIKE ${`${path}%`}),
    firsts AS (
      SELECT u."workflowId",
             (SELECT min(t."completedAt") FROM "Task" t WHERE t."workflowId" = u."workflowId" AND t."stageKey" = 'self-check' AND t.status = 'COMPLETED') AS submitted,
             (SELECT max(t."completedAt") FROM "Task" t WHERE t."workflowId" = u."workflowId" AND t."stageKey" = 'city-verification' AND t.status = 'COMPLETED') AS verified,
             u."publishedAt" AS published
        FROM units u),
    days AS (
      SELECT to_char((x AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, kind FROM firsts
      CROSS JOIN LATERAL (VALUES (submitted, 'submitted'), (verified, 'verified'), (published, 'published')) v(x, kind) WHERE x IS NOT NULL)
    SELECT day, count(*) FILTER (WHERE kind = 'submitted')::int AS submitted, count(*) FILTER (WHERE kind = 'verified')::int AS verified,
           count(*) FILTER (WHERE kind = 'published')::int AS published
      FROM days GROUP BY day ORDER BY day`;
  let submitted = 0;
  let verified = 0;
  let published = 0;
  return rows.map((r) => {
    submitted += r.submitted; verified += r.verified; published += r.published;
    return { day: r.day, submitted, verified, published };
  });
}

function unitView(u: Awaited<ReturnType<typeof rowsWithOverdue>>[number]) {
  return {
    id: u.orgUnitId, orgUnitId: u.orgUnitId, code: u.code, name: u.name, kind: u.kind, state: u.state, publicationGroup: u.publicationGroup,
    publishBy: u.publishBy, stage: u.stage, stageLabel: STAGE_LABEL[u.stage] ?? u.stage, taskId: u.taskId, deadlineAt: u.deadlineAt,
    overdueWorkingDays: u.overdueWorkingDays, returns: u.returns, statutoryMissed: Boolean(u.statutoryMissedAt), publishedAt: u.publishedAt,
    publicationUrl: u.publicationUrl, workflowId: u.workflowId, duplicationPercent: u.duplicationPercent,
  };
}

export const CAMPAIGN_UNIT_SORTABLE = ['code', 'name', 'state', 'stage', 'deadlineAt', 'overdueWorkingDays', 'returns', 'publishedAt', 'duplicationPercent'] as const;
const unitFilter = z.object({
  q: z.string().max(100).optional(),
  state: z.string().max(30).optional(),
  stage: z.string().max(40).optional(),
  publicationGroup: z.string().max(20).optional(),
  kind: z.string().max(40).optional(),
  overdue: z.boolean().optional(),
  statutoryMissed: z.boolean().optional(),
  /** 文字重复率 against the thresholds (settings): ok, warn (≥ warn), return (≥ return), unchecked. */
  duplication: z.enum(['ok', 'warn', 'return', 'unchecked']).optional(),
  root: z.string().optional(),
}).strict();

/** The campaign's units as a list the console pages, sorts and filters. */
export async function listCampaignUnits(ctx: AppContext, user: CurrentUser, id: string, q: ListQuery) {
  await findCampaign(ctx, user, id);
  const f = unitFilter.safeParse(q.filter);
  if (!f.success) throw new AppError('INVALID_FILTER', '筛选条件无效。', 400);
  const root = await scopeRoot(ctx, user, f.data.root);
  const thresholds = duplicationThresholds(ctx);
  const all = (await rowsWithOverdue(ctx, id, root.path)).map(unitView).filter((u) =>
    (!f.data.q || u.name.includes(f.data.q) || u.code.includes(f.data.q))
    && (!f.data.state || u.state === f.data.state)
    && (!f.data.stage || u.stage === f.data.stage)
    && (!f.data.publicationGroup || u.publicationGroup === f.data.publicationGroup)
    && (!f.data.kind || u.kind === f.data.kind)
    && (f.data.overdue === undefined || (u.overdueWorkingDays > 0) === f.data.overdue)
    && (f.data.statutoryMissed === undefined || u.statutoryMissed === f.data.statutoryMissed)
    && (!f.data.duplication || (u.duplicationPercent === null ? 'unchecked' : duplicationLevel(u.duplicationPercent, thresholds)) === f.data.duplication));
  const key = q.sortField as keyof ReturnType<typeof unitView>;
  const dir = q.sortOrder === 'asc' ? 1 : -1;
  all.sort((a, b) => {
    const x = a[key] ?? (key === 'duplicationPercent' ? -1 : '');
    const y = b[key] ?? (key === 'duplicationPercent' ? -1 : '');
    const c = x instanceof Date && y instanceof Date ? x.getTime() - y.getTime() : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c * dir || a.code.localeCompare(b.code);
  });
  return { rows: all.slice(q.skip, q.skip + q.take), total: all.length };
}

/** A unit's whole story in the campaign: every step, actor, time, comment, return, reminder and the publication. */
export async function unitTimeline(ctx: AppContext, user: CurrentUser, id: string, orgUnitId: string) {
  await findCampaign(ctx, user, id);
  const unit = z.string().uuid().safeParse(orgUnitId).success
    ? await ctx.prisma.campaignUnit.findUnique({ where: { campaignId_orgUnitId: { campaignId: id, orgUnitId } }, include: { orgUnit: true } })
    : null;
  if (!unit || !canSeeUnit(user, unit.orgUnit)) throw notFound('专项中的单位');
  const tasks = await ctx.prisma.task.findMany({ where: { workflowId: unit.workflowId }, orderBy: { startedAt: 'asc' }, include: { orgUnit: { select: { name: true } } } });
  const taskIds = tasks.map((t) => t.id);
  const events = await ctx.prisma.auditEvent.findMany({
    where: { OR: [{ workflowId: unit.workflowId }, { entityType: 'task', entityId: { in: taskIds } }, { entityType: 'campaign_unit', entityId: unit.id }] },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  const reminders = await ctx.prisma.reminder.findMany({ where: { taskId: { in: taskIds } }, orderBy: { createdAt: 'asc' } });
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  return {
    unit: { orgUnitId: unit.orgUnitId, code: unit.orgUnit.code, name: unit.orgUnit.name, state: unit.state, publishBy: unit.publishBy, publishedAt: unit.publishedAt, publicationUrl: unit.publicationUrl, statutoryMissedAt: unit.statutoryMissedAt, lateReason: unit.lateReason, endedReason: unit.endedReason, workflowId: unit.workflowId },
    steps: tasks.map((t) => ({
      taskId: t.id, stageKey: t.stageKey, stageLabel: STAGE_LABEL[t.stageKey] ?? t.stageKey, round: t.round, position: t.position, status: t.status,
      unitName: t.orgUnit.name, startedAt: t.startedAt, deadlineAt: t.deadlineAt, completedAt: t.completedAt, comment: t.comment, returnedWith: t.returnedWith,
    })),
    events: events.map((e) => {
      const t = e.entityType === 'task' ? taskById.get(e.entityId) : undefined;
      const after = (e.after ?? {}) as Record<string, unknown>;
      return {
        id: String(e.id), at: e.at, action: e.action, actorLogin: e.actorLogin, stageKey: t?.stageKey ?? null, round: t?.round ?? null,
        comment: typeof after.comment === 'string' ? after.comment : null, detail: after,
      };
    }),
    reminders: reminders.map((r) => ({ at: r.createdAt, taskId: r.taskId, kind: r.kind, rung: r.rung, message: r.message })),
  };
}

/** The campaign's units as an Excel sheet (the list's filter and sort, every row), for supervisors' reports. */
export async function exportCampaignUnitsXlsx(ctx: AppContext, user: CurrentUser, id: string, q: ListQuery): Promise<{ buffer: Buffer; rows: number; title: string }> {
  const campaign = await findCampaign(ctx, user, id);
  const { rows } = await listCampaignUnits(ctx, user, id, { ...q, skip: 0, take: 100_000 });
  const STATE: Record<string, string> = { PENDING: '待启动', RUNNING: '办理中', READY: '待集中公开', PUBLISHED: '已公开', PUBLISHED_LATE: '逾期公开' };
  type Row = (typeof rows)[number];
  const columns: Array<XlsxColumn<Row>> = [
    { header: '单位编码', kind: 'text', value: (u) => u.code }, { header: '单位', kind: 'text', value: (u) => u.name },
    { header: '类型', kind: 'text', value: (u) => KIND_LABEL[u.kind] ?? u.kind }, { header: '状态', kind: 'text', value: (u) => STATE[u.state] ?? u.state },
    { header: '当前环节', kind: 'text', value: (u) => u.stageLabel }, { header: '环节期限', kind: 'datetime', value: (u) => u.deadlineAt },
    { header: '逾期工作日', kind: 'number', value: (u) => u.overdueWorkingDays }, { header: '退回次数', kind: 'number', value: (u) => u.returns },
    { header: '超过法定公开日期', kind: 'text', value: (u) => (u.statutoryMissed ? '是' : '') }, { header: '法定公开日期', kind: 'date', value: (u) => u.publishBy },
    { header: '公开时间', kind: 'datetime', value: (u) => u.publishedAt }, { header: '公开网址', kind: 'text', value: (u) => u.publicationUrl ?? '' },
    { header: '文字重复率(%)', kind: 'number', value: (u) => u.duplicationPercent },
  ];
  const buffer = await writeXlsx('进度', columns, rows);
  return { buffer, rows: rows.length, title: campaign.title };
}
