import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import type { Prisma } from '../../activities/infra/prisma';

export const ORG_UNIT_SORTABLE = ['path', 'name', 'code', 'kind', 'sortOrder', 'depth'] as const;
const filterSchema = z.object({
  q: z.string().max(100).optional(),
  kind: z.enum(['CITY_GOVERNMENT', 'GENERAL_OFFICE', 'MUNICIPAL_DEPARTMENT', 'DISTRICT_GOVERNMENT', 'DISTRICT_DEPARTMENT', 'STREET', 'TOWN']).optional(),
  parentId: z.string().uuid().optional(),
  /** the top of the tree (units without a parent): where the console's tree view starts */
  root: z.boolean().optional(),
  id: z.array(z.string().uuid()).max(500).optional(),
}).strict();

/** Every signed-in user may read the org tree: unit names and codes are public, the work inside them is not. */
export async function listOrgUnits(ctx: AppContext, _user: CurrentUser, q: ListQuery) {
  const f = filterSchema.safeParse(q.filter);
  if (!f.success) throw new AppError('INVALID_FILTER', '筛选条件无效。', 400);
  const where: Prisma.OrgUnitWhereInput = {
    AND: [
      f.data.q ? { OR: [{ name: { contains: f.data.q } }, { code: { contains: f.data.q } }] } : {},
      f.data.kind ? { kind: f.data.kind } : {},
      f.data.parentId ? { parentId: f.data.parentId } : {},
      f.data.root ? { parentId: null } : {},
      f.data.id ? { id: { in: f.data.id } } : {},
    ],
  };
  const [rows, total] = await ctx.prisma.$transaction([
    ctx.prisma.orgUnit.findMany({ where, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
    ctx.prisma.orgUnit.count({ where }),
  ]);
  return { rows, total };
}

export async function getOrgUnit(ctx: AppContext, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('单位');
  const unit = await ctx.prisma.orgUnit.findUnique({ where: { id } });
  if (!unit) throw notFound('单位');
  return unit;
}
