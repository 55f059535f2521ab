import type { Pool, PoolClient } from 'pg';
import { chinaDate } from '../../domain/calendar';
import { routeTask, type DelegationTerms } from '../../domain/delegation';
import type { Role } from '../../domain/step';

/**
 * 委托 at task open (docs/delegation.md): whom a new task goes to when a delegation is in force on the day it
 * opens. One indexed read on the hot path when nobody of the post is away; the holders are read only when a
 * delegation applies to a task held by the post. The rule itself is domain/delegation's `routeTask`.
 */
export interface Routed {
  delegateId: string;
  delegatorId: string;
  delegationId?: string;
}

export async function routeToDelegate(
  db: Pool | PoolClient,
  task: { orgUnitId: string; assigneeRole: Role; assigneeUserId: string | null; flowKey: string; startedAt: string },
): Promise<Routed | undefined> {
  const today = chinaDate(new Date(task.startedAt));
  const { rows } = await db.query<DelegationTerms>(
    `SELECT "id", "delegatorId", "delegateId", "orgUnitId", "role", "flowKey", "startDate", "endDate", "endedAt"
       FROM "Delegation"
      WHERE "orgUnitId" = $1 AND "role" = $2::"Role" AND "endedAt" IS NULL AND "startDate" <= $3 AND "endDate" >= $3
        AND ("flowKey" IS NULL OR "flowKey" = $4)
        -- A delegate whose account was disabled since takes nothing: the task stays where it was meant to go.
        AND EXISTS (SELECT 1 FROM "User" u WHERE u."id" = "delegateId" AND u."active")
      ORDER BY "createdAt"`,
    [task.orgUnitId, task.assigneeRole, today, task.flowKey],
  );
  if (rows.length === 0) return undefined;
  const holders = task.assigneeUserId
    ? []
    : (await db.query<{ id: string }>(
      `SELECT "id" FROM "User" WHERE "orgUnitId" = $1 AND "active" AND $2::"Role" = ANY("roles") ORDER BY "id"`,
      [task.orgUnitId, task.assigneeRole],
    )).rows.map((r) => r.id);
  return routeTask({ assigneeUserId: task.assigneeUserId, orgUnitId: task.orgUnitId, role: task.assigneeRole, flowKey: task.flowKey }, holders, rows);
}

/** Marks a task row as routed by a delegation (who it was meant for, which delegation). */
export async function markDelegated(db: PoolClient, taskId: string, routed: Routed): Promise<void> {
  await db.query(`UPDATE "Task" SET "delegatedFromId" = $2, "delegationId" = $3 WHERE "id" = $1`, [taskId, routed.delegatorId, routed.delegationId ?? null]);
}

/** A row written by an earlier attempt: the routing it recorded (a retried open answers the same). */
export async function recordedRouting(db: Pool | PoolClient, taskId: string): Promise<{ delegatedTo?: string; delegatedFrom?: string }> {
  const { rows } = await db.query<{ assigneeUserId: string | null; delegatedFromId: string | null }>(
    `SELECT "assigneeUserId", "delegatedFromId" FROM "Task" WHERE "id" = $1`, [taskId],
  );
  const r = rows[0];
  return r?.delegatedFromId && r.assigneeUserId ? { delegatedTo: r.assigneeUserId, delegatedFrom: r.delegatedFromId } : {};
}
