import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/**
 * The step projection's hot path (a task opened, a task closed, a ladder rung fired) in plain parameterized
 * SQL through the pg pool under Prisma (issue 12): Prisma compiles every query in WebAssembly on the calling
 * thread, and the projection runs as local activities on the worker's event loop, beside workflow tasks.
 *
 * Columns follow prisma/schema.prisma: ids of Task, Reminder and Escalation are made by the client (Prisma's
 * @default(uuid())), updatedAt too (@updatedAt); timestamps are TIMESTAMP(3) holding UTC, so they are written
 * as ISO strings (PostgreSQL drops the zone of a `timestamp` input) and read back `AT TIME ZONE 'UTC'`.
 */

/** What the projection reads back of a task row. */
export interface TaskRow {
  id: string;
  title: string;
  status: string;
  deadlineAt: Date | null;
  currentRung: string | null;
  /** 委托: who the task was meant for when a delegation routed it */
  delegatedFromId: string | null;
}

export interface AuditRow {
  action: string;
  entityId: string;
  workflowId: string;
  actorId: string | null;
  actorLogin: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  dedupeKey: string;
}

const TASK_COLUMNS = `"id", "title", "status", ("deadlineAt" AT TIME ZONE 'UTC') AS "deadlineAt", "currentRung", "delegatedFromId"`;
/** A JSON column's parameter: SQL NULL for null or undefined (as Prisma leaves an omitted Json field). */
const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
const timestamp = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Runs `work` in one transaction on one pooled connection. While the connection is checked out the pool no
 * longer listens for its errors: PostgreSQL ending it between two statements (a restart, a terminated backend)
 * would be an 'error' event nobody handles, which ends the process. Listened to here, the transaction fails
 * with it instead (the next statement finds the connection closed), and the connection is discarded.
 */
export async function inTransaction<T>(pool: Pool, work: (db: PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => { lost ??= err; };
  db.on('error', onError);
  try {
    await db.query('BEGIN');
    const result = await work(db);
    await db.query('COMMIT');
    return result;
  } catch (err) {
    if (!lost) await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    db.removeListener('error', onError);
    // A lost connection goes back destroyed (release with an error), never to the idle list.
    db.release(lost);
  }
}

export async function findTask(db: Pool | PoolClient, executionId: string, stepKey: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM "Task" WHERE "executionId" = $1 AND "stepKey" = $2`, [executionId, stepKey]);
  return rows[0] ?? null;
}

export async function findTaskById(db: Pool | PoolClient, id: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM "Task" WHERE "id" = $1`, [id]);
  return rows[0] ?? null;
}

export interface NewTask {
  workflowId: string;
  executionId: string;
  stepKey: string;
  round: number;
  flowKey: string;
  stageKey: string;
  title: string;
  orgUnitId: string;
  assigneeRole: string;
  assigneeUserId: string | null;
  campaignId: string | null;
  payload: unknown;
  startedAt: string;
  deadlineAt: Date | null;
  position: string;
  returnedWith: unknown;
  nextRungAt: string | null;
}

/** Inserts the task unless (executionId, stepKey) has one already; either way returns the row that stands. */
export async function insertTask(db: PoolClient, t: NewTask): Promise<TaskRow> {
  const now = new Date().toISOString();
  const { rows } = await db.query<TaskRow>(
    `INSERT INTO "Task" ("id", "workflowId", "executionId", "stepKey", "round", "flowKey", "stageKey", "title", "orgUnitId",
       "assigneeRole", "assigneeUserId", "campaignId", "payload", "startedAt", "deadlineAt", "position", "returnedWith",
       "nextRungAt", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::"Role", $11, $12, $13::jsonb, $14, $15, $16, $17::jsonb, $18, $19, $19)
     ON CONFLICT ("executionId", "stepKey") DO NOTHING
     RETURNING ${TASK_COLUMNS}`,
    [randomUUID(), t.workflowId, t.executionId, t.stepKey, t.round, t.flowKey, t.stageKey, t.title, t.orgUnitId,
      t.assigneeRole, t.assigneeUserId ?? null, t.campaignId ?? null, json(t.payload ?? {}), timestamp(t.startedAt), timestamp(t.deadlineAt),
      t.position, json(t.returnedWith), timestamp(t.nextRungAt), now],
  );
  if (rows[0]) return rows[0];
  // Another attempt inserted it first: its row stands.
  const existing = await findTask(db, t.executionId, t.stepKey);
  if (!existing) throw new Error(`task ${t.executionId}/${t.stepKey} conflicted but cannot be read`);
  return existing;
}

export interface TaskClosing {
  status: string;
  completedAt: string;
  completedById: string | null;
  comment: string | null;
  /** null leaves the column as it is (as Prisma does with undefined), unless `replaceResult` */
  result: unknown;
  /** write `result` even when null: a closing that supersedes another must not keep the other's form */
  replaceResult?: boolean;
}

/**
 * How the row was closed, when it is: the closing audit row written with it (the latest, its request and
 * who closed it). A closing is audited in the same transaction as the row (closeTask), so this is exact.
 */
export async function lastClosing(db: PoolClient, taskId: string): Promise<{ requestId: string | null; status: string; completedById: string | null } | null> {
  const { rows } = await db.query<{ requestId: string | null; status: string; completedById: string | null }>(
    `SELECT a."requestId", t."status"::text AS "status", t."completedById"
       FROM "Task" t LEFT JOIN LATERAL (
         SELECT "requestId" FROM "AuditEvent" WHERE "entityType" = 'task' AND "entityId" = t."id"::text AND "action" = 'task.' || lower(t."status"::text)
         ORDER BY "id" DESC LIMIT 1) a ON true
      WHERE t."id" = $1`,
    [taskId],
  );
  return rows[0] ?? null;
}

export async function closeTaskRow(db: PoolClient, id: string, c: TaskClosing): Promise<void> {
  await db.query(
    `UPDATE "Task" SET "status" = $2::"TaskStatus", "completedAt" = $3, "completedById" = $4, "comment" = $5,
       "result" = CASE WHEN $6::jsonb IS NULL AND NOT $8 THEN "result" ELSE $6::jsonb END, "nextRungAt" = NULL, "waitingFor" = NULL, "updatedAt" = $7
     WHERE "id" = $1`,
    [id, c.status, timestamp(c.completedAt), c.completedById, c.comment, json(c.result), new Date().toISOString(), Boolean(c.replaceResult)],
  );
}

export async function setRung(db: PoolClient, id: string, currentRung: string, nextRungAt: string | null): Promise<void> {
  await db.query(`UPDATE "Task" SET "currentRung" = $2, "nextRungAt" = $3, "updatedAt" = $4 WHERE "id" = $1`,
    [id, currentRung, timestamp(nextRungAt), new Date().toISOString()]);
}

/** One audit row, written once per dedupe key (a retried writer's second row is skipped). */
export async function insertAudit(db: PoolClient, a: AuditRow): Promise<void> {
  await db.query(
    `INSERT INTO "AuditEvent" ("at", "actorId", "actorLogin", "action", "entityType", "entityId", "workflowId", "requestId", "before", "after", "dedupeKey")
     VALUES ($1, $2, $3, $4, 'task', $5, $6, $7, $8::jsonb, $9::jsonb, $10)
     ON CONFLICT DO NOTHING`,
    [new Date().toISOString(), a.actorId, a.actorLogin, a.action, a.entityId, a.workflowId, a.requestId, json(a.before), json(a.after), a.dedupeKey],
  );
}

export async function insertReminder(db: PoolClient, r: { taskId: string; rung: string; message: string; dedupeKey: string }): Promise<void> {
  await db.query(
    `INSERT INTO "Reminder" ("id", "taskId", "kind", "rung", "message", "createdAt", "dedupeKey")
     VALUES ($1, $2, 'ladder', $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [randomUUID(), r.taskId, r.rung, r.message, new Date().toISOString(), r.dedupeKey],
  );
}

export async function insertEscalation(db: PoolClient, e: { taskId: string; workflowId: string; orgUnitId: string; kind: string; rung: string; reason: string }): Promise<void> {
  await db.query(
    `INSERT INTO "Escalation" ("id", "taskId", "workflowId", "orgUnitId", "kind", "rung", "reason", "createdAt")
     VALUES ($1, $2, $3, $4, $5::"EscalationKind", $6, $7, $8) ON CONFLICT DO NOTHING`,
    [randomUUID(), e.taskId, e.workflowId, e.orgUnitId, e.kind, e.rung, e.reason, new Date().toISOString()],
  );
}
