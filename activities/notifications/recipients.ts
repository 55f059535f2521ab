import type { Prisma, PrismaClient } from '../infra/prisma';
import type { Role } from '../../domain/step';

/**
 * Who a notification is for, named the way the regulation's ladder names them (docs/domain.md §5):
 * - assignees: whoever must act on the task: the assigned person, else every active holder of the role;
 * - leaderInCharge: the unit's 分管领导, who receives the 催办;
 * - supervisingOffice: the supervisors of the 政府信息公开工作主管部门 (the general office) above the unit.
 */
export type Audience = 'assignees' | 'leaderInCharge' | 'supervisingOffice';
export const AUDIENCES: readonly Audience[] = ['assignees', 'leaderInCharge', 'supervisingOffice'];

export interface RecipientQuery {
  audiences: readonly Audience[];
  userIds?: readonly string[];
  orgUnitId: string;
  assigneeRole?: Role;
  assigneeUserId?: string | null;
  /** when the assignee is not given, it is read from the task */
  taskId?: string | null;
}

export interface Recipient {
  id: string;
  login: string;
  displayName: string;
  email: string | null;
}

const recipientSelect = { id: true, login: true, displayName: true, email: true } as const;

const unitSelect = { id: true, code: true, kind: true, parentId: true, path: true } as const;
type UnitRef = Prisma.OrgUnitGetPayload<{ select: typeof unitSelect }>;

/**
 * The general office that supervises a unit's disclosure work (条例 第三条: the general office of a
 * government is its 政府信息公开工作主管部门). Everything under a district government (its departments,
 * streets, towns and its own office) answers to the district's office; the district government itself,
 * the municipal departments, the city's office and the city government answer to the city's office.
 */
export async function supervisingOfficeOf(prisma: PrismaClient, orgUnitId: string): Promise<UnitRef | null> {
  const unit = await prisma.orgUnit.findUnique({ where: { id: orgUnitId }, select: unitSelect });
  if (!unit) return null;
  const codes = unit.path.split('/').filter(Boolean);
  const found = await prisma.orgUnit.findMany({ where: { code: { in: codes } }, select: unitSelect });
  const byCode = new Map(found.map((u) => [u.code, u]));
  const chain = codes.map((c) => byCode.get(c)).filter((u): u is UnitRef => u !== undefined); // root first
  const district = unit.kind === 'DISTRICT_GOVERNMENT'
    ? undefined
    : [...chain].reverse().find((u) => u.kind === 'DISTRICT_GOVERNMENT' && u.id !== unit.id);
  const government = district ?? chain.find((u) => u.kind === 'CITY_GOVERNMENT');
  if (!government) return null;
  return prisma.orgUnit.findFirst({
    where: { parentId: government.id, kind: 'GENERAL_OFFICE', active: true },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: unitSelect,
  });
}

async function assignees(prisma: PrismaClient, q: RecipientQuery): Promise<Recipient[]> {
  let { assigneeUserId, assigneeRole } = q;
  let orgUnitId = q.orgUnitId;
  if (assigneeUserId === undefined && !assigneeRole && q.taskId) {
    const task = await prisma.task.findUnique({ where: { id: q.taskId }, select: { assigneeUserId: true, assigneeRole: true, orgUnitId: true } });
    if (task) ({ assigneeUserId, assigneeRole, orgUnitId } = task);
  }
  // Plain SQL (every task opened asks): Prisma's raw queries skip its query compiler.
  if (assigneeUserId) {
    const [user] = await prisma.$queryRaw<Recipient[]>`SELECT "id", "login", "displayName", "email" FROM "User" WHERE "id" = ${assigneeUserId}::uuid AND "active"`;
    // An assignee who has since been deactivated: the unit's role holders take over the task.
    if (user) return [user];
  }
  if (!assigneeRole) return [];
  return prisma.$queryRaw<Recipient[]>`SELECT "id", "login", "displayName", "email" FROM "User"
    WHERE "orgUnitId" = ${orgUnitId}::uuid AND "active" AND ${assigneeRole}::"Role" = ANY("roles") ORDER BY "login" ASC`;
}

async function supervisors(prisma: PrismaClient, orgUnitId: string): Promise<Recipient[]> {
  const office = await supervisingOfficeOf(prisma, orgUnitId);
  if (!office) return [];
  return prisma.user.findMany({ where: { orgUnitId: office.id, active: true, roles: { has: 'SUPERVISOR' } }, select: recipientSelect, orderBy: { login: 'asc' } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves audiences and explicit users to active users, each once, in a stable order. */
export async function resolveRecipients(prisma: PrismaClient, q: RecipientQuery): Promise<Recipient[]> {
  const groups = await Promise.all(q.audiences.map((a): Promise<Recipient[]> => {
    switch (a) {
      case 'assignees': return assignees(prisma, q);
      case 'leaderInCharge':
        return prisma.user.findMany({ where: { orgUnitId: q.orgUnitId, active: true, leaderInCharge: true }, select: recipientSelect, orderBy: { login: 'asc' } });
      case 'supervisingOffice': return supervisors(prisma, q.orgUnitId);
    }
  }));
  const explicit = (q.userIds ?? []).filter((id) => UUID.test(id));
  if (explicit.length > 0) {
    groups.push(await prisma.user.findMany({ where: { id: { in: explicit }, active: true }, select: recipientSelect, orderBy: { login: 'asc' } }));
  }
  const seen = new Map<string, Recipient>();
  for (const r of groups.flat()) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}
