import type { Prisma, PrismaClient } from '../../activities/infra/prisma';
import type { ListQuery } from '../listQuery';

export interface UserFilter {
  q?: string;
  orgUnitId?: string;
  role?: 'CLERK' | 'UNIT_HEAD' | 'SUPERVISOR' | 'ADMIN';
  active?: boolean;
  id?: string[];
}

/** What the accounts API shows of a user: everything but the password hash, which never leaves this file. */
export const userSelect = {
  id: true, login: true, displayName: true, email: true, orgUnitId: true, roles: true, leaderInCharge: true,
  mustChangePassword: true, active: true, createdAt: true, updatedAt: true,
  orgUnit: { select: { code: true, name: true, path: true } },
} satisfies Prisma.UserSelect;

type Db = PrismaClient | Prisma.TransactionClient;

export function userRepository(db: Db) {
  /** scopePath: an administrator manages the accounts of the subtree they oversee, no others. */
  function where(scopePath: string, f: UserFilter): Prisma.UserWhereInput {
    return {
      AND: [
        { orgUnit: { path: { startsWith: scopePath } } },
        f.q ? { OR: [{ login: { contains: f.q } }, { displayName: { contains: f.q } }] } : {},
        f.orgUnitId ? { orgUnitId: f.orgUnitId } : {},
        f.role ? { roles: { has: f.role } } : {},
        f.active !== undefined ? { active: f.active } : {},
        f.id ? { id: { in: f.id } } : {},
      ],
    };
  }
  return {
    async list(scopePath: string, f: UserFilter, q: ListQuery) {
      const w = where(scopePath, f);
      const [rows, total] = await Promise.all([
        db.user.findMany({ where: w, select: userSelect, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
        db.user.count({ where: w }),
      ]);
      return { rows, total };
    },
    findVisible: (scopePath: string, id: string) => db.user.findFirst({ where: { id, orgUnit: { path: { startsWith: scopePath } } }, select: userSelect }),
    findByLogin: (login: string) => db.user.findUnique({ where: { login }, select: { id: true } }),
    create: (data: Prisma.UserUncheckedCreateInput) => db.user.create({ data, select: userSelect }),
    update: (id: string, data: Prisma.UserUncheckedUpdateInput) => db.user.update({ where: { id }, data, select: userSelect }),
    revokeSessions: (userId: string) => db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } }),
  };
}
