import type { Prisma, PrismaClient } from '../../activities/infra/prisma';
import { websiteClosureWorkflowPrefix } from '../../domain/step';
import type { ListQuery } from '../listQuery';

const websiteSelect = {
  id: true, name: true, domain: true, siteCode: true, partyGovMark: true, icpNumber: true, psbNumber: true, ownerUnitId: true,
  targetSiteId: true, status: true, workflowId: true, reviewDate: true, closedAt: true, importBatch: true, createdAt: true, updatedAt: true,
  ownerUnit: { select: { code: true, name: true, path: true } },
  targetSite: { select: { id: true, name: true, domain: true } },
  plan: { select: { id: true, decision: true, status: true, plannedDate: true, targetSiteId: true } },
} satisfies Prisma.WebsiteSelect;

export function websiteRepository(prisma: PrismaClient) {
  return {
    async list(where: Prisma.WebsiteWhereInput, q: ListQuery) {
      const [rows, total] = await prisma.$transaction([
        prisma.website.findMany({ where, select: websiteSelect, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
        prisma.website.count({ where }),
      ]);
      return { rows, total };
    },
    findVisible(scope: Prisma.WebsiteWhereInput, id: string) {
      return prisma.website.findFirst({ where: { AND: [scope, { id }] }, select: websiteSelect });
    },
    /** The tasks of every flow the site has had (workflow ids start with its identifier) and its audit rows. */
    async timeline(websiteId: string, siteCode: string) {
      const [tasks, events] = await Promise.all([
        prisma.task.findMany({
          where: { workflowId: { startsWith: websiteClosureWorkflowPrefix(siteCode) }, position: 'main' },
          select: { id: true, stepKey: true, stageKey: true, title: true, status: true, startedAt: true, completedAt: true, deadlineAt: true, comment: true, result: true, completedById: true, orgUnit: { select: { name: true } } },
          orderBy: { startedAt: 'asc' },
        }),
        prisma.auditEvent.findMany({ where: { entityType: 'website', entityId: websiteId }, orderBy: { at: 'asc' } }),
      ]);
      const users = await prisma.user.findMany({ where: { id: { in: tasks.flatMap((t) => (t.completedById ? [t.completedById] : [])) } }, select: { id: true, login: true, displayName: true } });
      const byId = new Map(users.map((u) => [u.id, u]));
      return {
        tasks: tasks.map((t) => ({ ...t, completedBy: t.completedById ? byId.get(t.completedById) ?? null : null })),
        events: events.map((e) => ({ ...e, id: e.id.toString() })),
      };
    },
  };
}
