import type { Prisma, PrismaClient } from '../../activities/infra/prisma';
import { Prisma as P } from '../../prisma/generated/client';
import type { ListQuery } from '../listQuery';

const { sql, empty } = P;

export interface TaskFilter {
  status?: string;
  flowKey?: string;
  stageKey?: string;
  campaignId?: string;
  workflowId?: string;
  q?: string;
  overdue?: boolean;
  /** open tasks due within this many days from now (the inbox's due window), overdue ones included */
  dueWithinDays?: number;
  orgUnitId?: string;
  /** tasks a user may act on personally: assigned to them, or unassigned in their unit */
  mineUserId?: string;
  id?: string[];
}

/** A list row: everything an inbox shows, without the form payload and result (a draft report is large). */
export const taskListSelect = {
  id: true, workflowId: true, executionId: true, stepKey: true, flowKey: true, stageKey: true, round: true, title: true, status: true,
  assigneeRole: true, assigneeUserId: true, campaignId: true, comment: true,
  completedById: true, startedAt: true, deadlineAt: true, completedAt: true, orgUnitId: true,
  position: true, waitingFor: true, returnedWith: true, currentRung: true, nextRungAt: true, pausedAt: true, extensionWorkingDays: true,
  delegatedFromId: true,
  orgUnit: { select: { code: true, name: true } },
} satisfies Prisma.TaskSelect;

/** One task, with its form payload (draft) and result. */
const taskSelect = { ...taskListSelect, payload: true, result: true } satisfies Prisma.TaskSelect;

/** Columns that may be null sort them last; Prisma refuses a nulls option on the others. */
const NULLABLE = new Set(['deadlineAt', 'completedAt', 'nextRungAt']);

export function taskRepository(prisma: PrismaClient) {
  function where(scope: Prisma.TaskWhereInput, f: TaskFilter): Prisma.TaskWhereInput {
    return {
      AND: [
        scope,
        f.status ? { status: f.status as Prisma.EnumTaskStatusFilter['equals'] } : {},
        f.flowKey ? { flowKey: f.flowKey } : {},
        f.stageKey ? { stageKey: f.stageKey } : {},
        f.campaignId ? { campaignId: f.campaignId } : {},
        f.workflowId ? { workflowId: f.workflowId } : {},
        f.q ? { OR: [{ title: { contains: f.q } }, { orgUnit: { name: { contains: f.q } } }] } : {},
        f.overdue ? { status: 'OPEN' as const, deadlineAt: { lt: new Date() } } : {},
        f.dueWithinDays !== undefined ? { status: 'OPEN' as const, deadlineAt: { lt: new Date(Date.now() + f.dueWithinDays * 86_400_000) } } : {},
        f.id ? { id: { in: f.id } } : {},
        f.orgUnitId ? { orgUnitId: f.orgUnitId } : {},
        f.mineUserId ? { OR: [{ assigneeUserId: f.mineUserId }, { assigneeUserId: null }] } : {},
      ],
    };
  }
  /**
   * The total of a supervisor's list (a subtree of units) filtered by a unit and a status at most (the city's
   * open tasks), summed from TaskCount: triggers keep it in the same transaction as the task rows, so it is
   * exact, and a whole city sums one row per unit instead of counting every one of its tasks (at 100,000
   * tasks: 14 ms instead of 50 in PostgreSQL, at load 25). A unit's own list, and any other filter, is
   * counted over its rows: an index gives that count at once.
   */
  function fromCounters(scope: Prisma.TaskWhereInput, f: TaskFilter) {
    const { status, orgUnitId, ...others } = f;
    if (Object.values(others).some((v) => v !== undefined)) return undefined;
    const prefix = (scope.orgUnit as { path?: { startsWith?: unknown } } | undefined)?.path?.startsWith;
    if (typeof prefix !== 'string' || Object.keys(scope).length !== 1) return undefined;
    const inStatus = status ? sql`AND c."status" = ${status}::"TaskStatus"` : empty;
    const inUnit = orgUnitId ? sql`AND c."orgUnitId" = ${orgUnitId}::uuid` : empty;
    // LIKE with the prefix's own % and _ escaped, as Prisma's startsWith does.
    const like = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
    return prisma.$queryRaw<Array<{ n: number }>>`SELECT coalesce(sum(c."n"), 0)::int AS n FROM "TaskCount" c JOIN "OrgUnit" o ON o."id" = c."orgUnitId" WHERE o."path" LIKE ${like} ${inUnit} ${inStatus}`;
  }

  return {
    async list(scope: Prisma.TaskWhereInput, f: TaskFilter, q: ListQuery) {
      const w = where(scope, f);
      // Side by side on two connections, not in a transaction: under READ COMMITTED each statement of a
      // transaction reads its own snapshot anyway, and BEGIN/COMMIT were two more round trips per page.
      const counted = fromCounters(scope, f);
      const [rows, total] = await Promise.all([
        prisma.task.findMany({ where: w, select: taskListSelect, orderBy: [{ [q.sortField]: NULLABLE.has(q.sortField) ? { sort: q.sortOrder, nulls: 'last' } : q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
        counted ? counted.then((r) => r[0].n) : prisma.task.count({ where: w }),
      ]);
      return { rows, total };
    },
    findVisible(scope: Prisma.TaskWhereInput, id: string) {
      return prisma.task.findFirst({ where: { AND: [scope, { id }] }, select: taskSelect });
    },
    /**
     * Replaces the task's saved draft (payload.draft) while the task is still open; false when it closed
     * meanwhile. One statement, so a draft saved as the workflow closes the task never lands on a closed row.
     */
    async saveDraft(id: string, payload: Prisma.InputJsonValue) {
      const { count } = await prisma.task.updateMany({ where: { id, status: 'OPEN' }, data: { payload } });
      return count === 1;
    },
  };
}
