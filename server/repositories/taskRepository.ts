import type { Prisma, PrismaClient } from '../../activities/infra/prisma';
import { Prisma as P } from '../../prisma/generated/client';
import type { ListQuery } from '../listQuery';

/** The fields a task list may be sorted by (the API's TASK_SORTABLE is this list). */
export const TASK_LIST_SORT_FIELDS = ['deadlineAt', 'startedAt', 'createdAt', 'title', 'status', 'stageKey'] as const;
const TASK_LIST_SORTABLE = new Set<string>(TASK_LIST_SORT_FIELDS);

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

/** Columns that may be null sort them last (both directions). */
const NULLABLE = new Set(['deadlineAt', 'completedAt', 'nextRungAt']);

/** A list row as `taskListSelect` gives it: the page's one statement selects exactly these, typed the same. */
export type TaskListRow = Prisma.TaskGetPayload<{ select: typeof taskListSelect }>;

/**
 * The columns of `taskListSelect`, read from it (a field added there is listed here too), with the unit's code and
 * name joined in the same statement; enums as text, as Prisma reads them.
 */
const ENUMS = new Set(['status', 'assigneeRole']);
const LIST_COLUMNS = P.raw([
  ...Object.keys(taskListSelect).filter((k) => k !== 'orgUnit').map((k) => (ENUMS.has(k) ? `t."${k}"::text AS "${k}"` : `t."${k}"`)),
  `json_build_object('code', o."code", 'name', o."name") AS "orgUnit"`,
].join(', '));

/** LIKE with the value's own %, _ and \\ escaped (what Prisma's startsWith and contains do). */
const likeEscaped = (v: string) => v.replace(/[\\%_]/g, '\\$&');
/** An instant as PostgreSQL's `timestamp(3)` columns hold it (UTC, without a zone, as Prisma writes them). */
const utc = (d: Date) => sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export function taskRepository(prisma: PrismaClient) {
  /**
   * A list's conditions on "Task" t joined to its "OrgUnit" o: the scope (a unit, or a subtree by path)
   * and every filter of TaskFilter. The page and its count both use it.
   */
  function where(scope: Prisma.TaskWhereInput, f: TaskFilter): Prisma.Sql {
    const conds: Prisma.Sql[] = [];
    const prefix = (scope.orgUnit as { path?: { startsWith?: unknown } } | undefined)?.path?.startsWith;
    if (typeof prefix === 'string') conds.push(sql`o."path" LIKE ${`${likeEscaped(prefix)}%`}`);
    else if (typeof scope.orgUnitId === 'string') conds.push(sql`t."orgUnitId" = ${scope.orgUnitId}::uuid`);
    else throw new Error(`unsupported task scope ${JSON.stringify(scope)}`);
    if (f.status) conds.push(sql`t."status" = ${f.status}::"TaskStatus"`);
    if (f.flowKey) conds.push(sql`t."flowKey" = ${f.flowKey}`);
    if (f.stageKey) conds.push(sql`t."stageKey" = ${f.stageKey}`);
    if (f.campaignId) conds.push(sql`t."campaignId" = ${f.campaignId}`);
    if (f.workflowId) conds.push(sql`t."workflowId" = ${f.workflowId}`);
    if (f.q) {
      const contains = `%${likeEscaped(f.q)}%`;
      conds.push(sql`(t."title" LIKE ${contains} OR o."name" LIKE ${contains})`);
    }
    if (f.overdue) conds.push(sql`t."status" = 'OPEN' AND t."deadlineAt" < ${utc(new Date())}`);
    if (f.dueWithinDays !== undefined) conds.push(sql`t."status" = 'OPEN' AND t."deadlineAt" < ${utc(new Date(Date.now() + f.dueWithinDays * 86_400_000))}`);
    if (f.id) conds.push(f.id.length ? sql`t."id" IN (${P.join(f.id.map((id) => sql`${id}::uuid`))})` : sql`false`);
    if (f.orgUnitId) conds.push(sql`t."orgUnitId" = ${f.orgUnitId}::uuid`);
    if (f.mineUserId) conds.push(sql`(t."assigneeUserId" = ${f.mineUserId}::uuid OR t."assigneeUserId" IS NULL)`);
    return P.join(conds, ' AND ');
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
    return prisma.$queryRaw<Array<{ n: number }>>`SELECT coalesce(sum(c."n"), 0)::int AS n FROM "TaskCount" c JOIN "OrgUnit" o ON o."id" = c."orgUnitId" WHERE o."path" LIKE ${`${likeEscaped(prefix)}%`} ${inUnit} ${inStatus}`;
  }

  return {
    /**
     * A page of a list and its total. The page is one SQL statement with the unit joined in (through Prisma's
     * raw query: no query compilation, one round trip; the model query took two round trips and its
     * compiler's time, 10–28 ms a page instead of 4–5 at 100,000 tasks, bench/throughput.ts's inbox).
     */
    async list(scope: Prisma.TaskWhereInput, f: TaskFilter, q: ListQuery): Promise<{ rows: TaskListRow[]; total: number }> {
      const w = where(scope, f);
      if (!TASK_LIST_SORTABLE.has(q.sortField)) throw new Error(`unsupported task sort ${q.sortField}`);
      const dir = P.raw(q.sortOrder === 'desc' ? 'DESC' : 'ASC');
      const nulls = NULLABLE.has(q.sortField) ? P.raw(' NULLS LAST') : empty;
      // Side by side on two connections, not in a transaction: under READ COMMITTED each statement of a
      // transaction reads its own snapshot anyway, and BEGIN/COMMIT were two more round trips per page.
      const counted = fromCounters(scope, f);
      const [rows, total] = await Promise.all([
        prisma.$queryRaw<TaskListRow[]>`SELECT ${LIST_COLUMNS} FROM "Task" t JOIN "OrgUnit" o ON o."id" = t."orgUnitId" WHERE ${w}
          ORDER BY t.${P.raw(`"${q.sortField}"`)} ${dir}${nulls}, t."id" ASC LIMIT ${q.take} OFFSET ${q.skip}`,
        (counted ?? prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM "Task" t JOIN "OrgUnit" o ON o."id" = t."orgUnitId" WHERE ${w}`).then((r) => r[0].n),
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
