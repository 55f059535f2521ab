import type { Prisma, PrismaClient } from '../../activities/infra/prisma';
import type { ListQuery } from '../listQuery';

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
const taskListSelect = {
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
  return {
    async list(scope: Prisma.TaskWhereInput, f: TaskFilter, q: ListQuery) {
      const w = where(scope, f);
      const [rows, total] = await prisma.$transaction([
        prisma.task.findMany({ where: w, select: taskListSelect, orderBy: [{ [q.sortField]: NULLABLE.has(q.sortField) ? { sort: q.sortOrder, nulls: 'last' } : q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take }),
        prisma.task.count({ where: w }),
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
