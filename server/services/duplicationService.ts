/**
 * 文字重复率 of a campaign's reports (docs/domain.md §3 step 5; the check itself is domain/annual-report/
 * duplication.ts): one sentence index per campaign holds every unit's last submitted report and the units'
 * reports of the year before, kept in memory and rebuilt when a report was submitted since (a count and the
 * newest submission time tell). A reviewer's check and the campaign-wide pass both read it; each result is
 * stored on the unit's campaign row, so the dashboard lists, sorts and filters by it.
 */
import { z } from 'zod';
import { DuplicationIndex, duplicationLevel, type DuplicationResult, type DuplicationThresholds, type SectionKey } from '../../domain/annual-report';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { getTask } from './taskService';

export function duplicationThresholds(ctx: AppContext): DuplicationThresholds {
  return { warnPercent: ctx.config.DUPLICATION_WARN_PERCENT, returnPercent: ctx.config.DUPLICATION_RETURN_PERCENT };
}

interface CampaignIndex {
  key: string;
  index: DuplicationIndex;
  /** this year's reports: workflow id → campaign unit */
  units: Map<string, { campaignUnitId: string; orgUnitId: string; name: string }>;
  builtMs: number;
}

const indexes = new Map<string, CampaignIndex>();

interface ReportRow { workflowId: string; sections: unknown }

/** The newest submitted report (self-check or pre-release) of each workflow of a campaign. */
async function campaignReports(ctx: AppContext, campaignId: string): Promise<ReportRow[]> {
  return ctx.prisma.$queryRaw<ReportRow[]>`
    SELECT DISTINCT ON (t."workflowId") t."workflowId", t.result->'report'->'sections' AS sections
      FROM "Task" t
     WHERE t."campaignId" = ${campaignId} AND t."stageKey" IN ('self-check', 'pre-release') AND t.status = 'COMPLETED' AND t.position = 'main' AND t.result ? 'report'
     ORDER BY t."workflowId", t."completedAt" DESC`;
}

/** The same, for the given workflows (the units' reports of last year). */
async function reportsOf(ctx: AppContext, workflowIds: string[]): Promise<ReportRow[]> {
  return ctx.prisma.$queryRaw<ReportRow[]>`
    SELECT DISTINCT ON (t."workflowId") t."workflowId", t.result->'report'->'sections' AS sections
      FROM "Task" t
     WHERE t."workflowId" = ANY(${workflowIds}) AND t."stageKey" IN ('self-check', 'pre-release') AND t.status = 'COMPLETED' AND t.position = 'main' AND t.result ? 'report'
     ORDER BY t."workflowId", t."completedAt" DESC`;
}

function sectionsOf(v: unknown): Partial<Record<SectionKey, string>> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, t]) => typeof t === 'string')) as Partial<Record<SectionKey, string>>;
}

/** The campaign's index, rebuilt only when a report was submitted (or a unit added) since it was built. */
async function campaignIndex(ctx: AppContext, campaign: { id: string; year: number }): Promise<CampaignIndex> {
  const [stamp] = await ctx.prisma.$queryRaw<Array<{ n: bigint; at: Date | null; units: bigint }>>`
    SELECT count(*) AS n, max(t."completedAt") AS at, (SELECT count(*) FROM "CampaignUnit" WHERE "campaignId" = ${campaign.id}::uuid) AS units
      FROM "Task" t
     WHERE t."campaignId" = ${campaign.id} AND t."stageKey" IN ('self-check', 'pre-release') AND t.status = 'COMPLETED' AND t.position = 'main'`;
  const key = `${stamp.n}/${stamp.at?.toISOString() ?? ''}/${stamp.units}`;
  const cached = indexes.get(campaign.id);
  if (cached && cached.key === key) return cached;

  const t0 = performance.now();
  const units = await ctx.prisma.campaignUnit.findMany({ where: { campaignId: campaign.id }, select: { id: true, orgUnitId: true, workflowId: true, orgUnit: { select: { code: true, name: true } } } });
  const byWorkflow = new Map(units.map((u) => [u.workflowId, { campaignUnitId: u.id, orgUnitId: u.orgUnitId, name: u.orgUnit.name, code: u.orgUnit.code }]));
  const thisYear = await campaignReports(ctx, campaign.id);
  const lastYearIds = units.map((u) => `annual-report/${campaign.year - 1}/${u.orgUnit.code}`);
  const lastYear = lastYearIds.length ? await reportsOf(ctx, lastYearIds) : [];
  const byCode = new Map(units.map((u) => [u.orgUnit.code, u]));

  const index = new DuplicationIndex();
  for (const r of lastYear) {
    const unit = byCode.get(r.workflowId.split('/')[2]);
    if (unit) index.add({ id: r.workflowId, unitId: unit.orgUnitId, year: campaign.year - 1, label: `${unit.orgUnit.name}（${campaign.year - 1}年度）`, sections: sectionsOf(r.sections) });
  }
  const present = new Map<string, { campaignUnitId: string; orgUnitId: string; name: string }>();
  for (const r of thisYear) {
    const unit = byWorkflow.get(r.workflowId);
    if (!unit) continue;
    index.add({ id: r.workflowId, unitId: unit.orgUnitId, year: campaign.year, label: unit.name, sections: sectionsOf(r.sections) });
    present.set(r.workflowId, unit);
  }
  const built = { key, index, units: present, builtMs: Math.round(performance.now() - t0) };
  indexes.set(campaign.id, built);
  return built;
}

function summaryOf(r: DuplicationResult) {
  return { total: r.total, lastYear: r.lastYear, others: r.others, sections: r.sections.map((s) => ({ section: s.section, total: s.total, lastYear: s.lastYear, others: s.others, chars: s.chars })) };
}

/** Stores results on the units' campaign rows: one statement for any number of units. */
async function store(ctx: AppContext, rows: Array<{ campaignUnitId: string; result: DuplicationResult }>, at: Date) {
  if (rows.length === 0) return;
  const ids = rows.map((r) => r.campaignUnitId);
  const percents = rows.map((r) => r.result.total);
  const details = rows.map((r) => JSON.stringify(summaryOf(r.result)));
  await ctx.prisma.$executeRaw`
    UPDATE "CampaignUnit" cu SET "duplicationPercent" = v.p, duplication = v.d::jsonb, "duplicationCheckedAt" = ${at}
      FROM unnest(${ids}::uuid[], ${percents}::float8[], ${details}::text[]) AS v(id, p, d)
     WHERE cu.id = v.id`;
}

/** Reviewers (区级汇总, 全市核查) and supervisors see other units' sentences; the unit itself only its own last year's. */
const REVIEW_STAGES = new Set(['district-review', 'city-verification']);

/**
 * The duplication of the report a task is about (GET /api/tasks/:id/duplication): per section, the share
 * repeated from the unit's last year and from other units, the repeated sentences with their sources, and
 * the level against the thresholds. The figure is stored on the unit's campaign row.
 */
export async function taskDuplication(ctx: AppContext, user: CurrentUser, taskId: string) {
  const task = await getTask(ctx, user, taskId);
  if (task.flowKey !== 'annual-report') throw new AppError('NOT_A_REPORT', '该待办不属于年度报告流程。', 400);
  const thresholds = duplicationThresholds(ctx);
  const campaign = task.campaignId ? await ctx.prisma.campaign.findUnique({ where: { id: task.campaignId } }) : null;
  if (!campaign) return { checked: false, reason: '该报告不属于专项部署，没有可比较的报告。', thresholds };
  const t0 = performance.now();
  const built = await campaignIndex(ctx, campaign);
  const unit = built.units.get(task.workflowId);
  if (!unit) return { checked: false, reason: '该单位尚未提交年度报告。', thresholds };
  const result = built.index.check(task.workflowId);
  const at = new Date();
  await store(ctx, [{ campaignUnitId: unit.campaignUnitId, result }], at);
  const reviewer = REVIEW_STAGES.has(task.stageKey) || user.roles.includes('SUPERVISOR') || user.roles.includes('ADMIN');
  const matches = reviewer ? result.matches : result.matches.filter((m) => m.source.lastYear);
  return {
    checked: true, checkedAt: at, thresholds, level: duplicationLevel(result.total, thresholds),
    total: result.total, lastYear: result.lastYear, others: result.others, sections: result.sections,
    matches: matches.map((m) => ({ ...m, source: { ...m.source, id: undefined } })),
    hiddenMatches: result.matches.length - matches.length,
    reports: built.index.size, tookMs: Math.round(performance.now() - t0), indexBuildMs: built.builtMs,
  };
}

export const passBody = z.object({}).strict();

/**
 * The campaign-wide pass (POST /api/campaigns/:id/duplication): every unit's last submitted report checked
 * and stored, for the dashboard's column and filter. Supervisors and administrators.
 */
export async function campaignDuplicationPass(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  if (!z.string().uuid().safeParse(id).success) throw notFound('专项');
  const campaign = await ctx.prisma.campaign.findUnique({ where: { id } });
  if (!campaign) throw notFound('专项');
  const t0 = performance.now();
  const built = await campaignIndex(ctx, campaign);
  const t1 = performance.now();
  const thresholds = duplicationThresholds(ctx);
  const rows = [...built.units.entries()].map(([workflowId, u]) => ({ campaignUnitId: u.campaignUnitId, result: built.index.check(workflowId, 0) }));
  const t2 = performance.now();
  await store(ctx, rows, new Date());
  const levels = { ok: 0, warn: 0, return: 0 };
  for (const r of rows) levels[duplicationLevel(r.result.total, thresholds)]++;
  const out = {
    checked: rows.length, ...levels, thresholds,
    indexMs: Math.round(t1 - t0), checkMs: Math.round(t2 - t1), tookMs: Math.round(performance.now() - t0),
  };
  await recordAudit(ctx.prisma, { action: 'campaign.duplication_checked', entityType: 'campaign', entityId: id, actorId: user.id, actorLogin: user.login, requestId, after: out });
  return out;
}
