/**
 * 统一展示 (docs/domain.md §3 step 7: published together on one page, shown to the public): every published
 * report of a campaign, listed by the org tree, searchable by unit and text, each rendered as the template
 * prints it. Read without signing in, so it reads only what has been published: units of a campaign in
 * state PUBLISHED or PUBLISHED_LATE, and of those the report as last submitted in the run (预发布 or
 * 单位自查), never a draft, never a unit still in review.
 */
import { z } from 'zod';
import { checkShape, type AnnualReportContent } from '../../domain/annual-report';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';

const PUBLISHED = ['PUBLISHED', 'PUBLISHED_LATE'];
export const PUBLIC_PAGE_SIZE = 50;

export const publicListQuery = z.object({
  year: z.coerce.number().int().min(2019).max(2100).optional(),
  /** the unit's name or code, or a word of the report's text */
  q: z.string().trim().max(50).optional(),
  /** an org unit code: that unit and every unit under it */
  unit: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type PublicListQuery = z.infer<typeof publicListQuery>;

export interface PublishedRow {
  year: number;
  code: string;
  name: string;
  path: string;
  parentName: string | null;
  publishedAt: Date;
  publicationUrl: string | null;
}

/** The public list's refusal: its own code and sentence, for the API route and the public pages alike. */
export const invalidPublicQuery = () => new AppError('INVALID_FILTER', '查询条件无效：年度应为四位数字，关键词不超过50字。', 400);

/** The public pages' query (server/public), read with the same schema the API route validates with. */
export function parsePublicQuery(raw: unknown): PublicListQuery {
  const q = publicListQuery.safeParse(raw ?? {});
  if (!q.success) throw invalidPublicQuery();
  return q.data;
}

/** The published reports matching the query, ordered by the org tree (path), one page at a time. */
export async function listPublishedReports(ctx: AppContext, query: PublicListQuery) {
  const q = { ...query, q: query.q || undefined, unit: query.unit || undefined };
  const root = q.unit ? await ctx.prisma.orgUnit.findUnique({ where: { code: q.unit }, select: { path: true } }) : null;
  const path = root?.path ?? (q.unit ? '\u0000none' : '');
  const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await ctx.prisma.$queryRaw<Array<PublishedRow & { total: bigint }>>`
    SELECT c.year, o.code, o.name, o.path, p.name AS "parentName", cu."publishedAt", cu."publicationUrl", count(*) OVER () AS total
      FROM "CampaignUnit" cu
      JOIN "Campaign" c ON c.id = cu."campaignId"
      JOIN "OrgUnit" o ON o.id = cu."orgUnitId"
      LEFT JOIN "OrgUnit" p ON p.id = o."parentId"
      LEFT JOIN LATERAL (
        SELECT t.result->'report'->'sections' AS sections FROM "Task" t
         WHERE t."workflowId" = cu."workflowId" AND t."stageKey" IN ('self-check', 'pre-release') AND t.status = 'COMPLETED' AND t.position = 'main' AND t.result ? 'report'
         ORDER BY t."completedAt" DESC LIMIT 1) r ON true
     WHERE cu.state = ANY(${PUBLISHED}) AND cu."publishedAt" IS NOT NULL
       AND (${q.year ?? null}::int IS NULL OR c.year = ${q.year ?? null}::int)
       AND o.path LIKE ${`${path}%`}
       AND (${like}::text IS NULL OR o.name ILIKE ${like} OR o.code ILIKE ${like} OR r.sections::text ILIKE ${like})
     ORDER BY c.year DESC, o.path
     LIMIT ${PUBLIC_PAGE_SIZE} OFFSET ${(q.page - 1) * PUBLIC_PAGE_SIZE}`;
  const years = await ctx.prisma.$queryRaw<Array<{ year: number }>>`
    SELECT DISTINCT c.year FROM "CampaignUnit" cu JOIN "Campaign" c ON c.id = cu."campaignId" WHERE cu.state = ANY(${PUBLISHED}) ORDER BY c.year DESC`;
  const total = rows.length ? Number(rows[0].total) : 0;
  return {
    query: q, total, page: q.page, pages: Math.max(1, Math.ceil(total / PUBLIC_PAGE_SIZE)), years: years.map((y) => y.year),
    rows: rows.map(({ total: _t, ...r }) => r),
  };
}

/** One published report, as last submitted; 404 for a unit not (yet) published that year. */
export async function publishedReport(ctx: AppContext, yearText: string, code: string) {
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || !/^[\w-]{1,50}$/.test(code)) throw notFound('已公开的年度报告');
  const unit = await ctx.prisma.campaignUnit.findFirst({
    where: { state: { in: PUBLISHED }, publishedAt: { not: null }, campaign: { year }, orgUnit: { code } },
    include: { orgUnit: { include: { parent: { select: { name: true } } } } },
  });
  if (!unit) throw notFound('已公开的年度报告');
  // 预发布 may be completed with the publication date alone: the newest completion that carries a report.
  const tasks = await ctx.prisma.task.findMany({
    where: { workflowId: unit.workflowId, stageKey: { in: ['self-check', 'pre-release'] }, status: 'COMPLETED', position: 'main' },
    orderBy: { completedAt: 'desc' },
    select: { result: true },
  });
  const shape = checkShape(tasks.map((t) => (t.result as { report?: unknown } | null)?.report).find((r) => r !== undefined));
  if (!shape.ok) throw notFound('已公开的年度报告');
  return {
    year, code, name: unit.orgUnit.name, parentName: unit.orgUnit.parent?.name ?? null,
    publishedAt: unit.publishedAt!, publicationUrl: unit.publicationUrl, report: shape.report as AnnualReportContent,
  };
}
