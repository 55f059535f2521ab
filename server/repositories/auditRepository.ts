import type { Prisma, PrismaClient } from '../../activities/infra/prisma';

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  actorId?: string | null;
  actorLogin?: string | null;
  workflowId?: string | null;
  requestId?: string | null;
  before?: unknown;
  after?: unknown;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** The only writer of audit rows from the API; rows are never updated or deleted (a trigger enforces it). */
export async function recordAudit(db: Db, e: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      actorId: e.actorId ?? null,
      actorLogin: e.actorLogin ?? null,
      workflowId: e.workflowId ?? null,
      requestId: e.requestId ?? null,
      before: (e.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (e.after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}
