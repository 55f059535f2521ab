import type { Prisma, PrismaClient } from '../infra/prisma';
import type { Actor, Role } from '../../workflows/shared';
import { createWorkingCalendar, type DayOverride } from '../../domain/calendar';

export interface OpenTaskInput {
  workflowId: string;
  executionId: string;
  stepKey: string;
  round: number;
  flowKey: string;
  stageKey: string;
  title: string;
  orgUnitId: string;
  assigneeRole: Role;
  campaignId: string | null;
  payload: Record<string, unknown>;
  startedAt: string;
}

export interface OpenTaskResult {
  taskId: string;
  deadlineAt: string | null;
}

export interface CloseTaskInput {
  workflowId: string;
  executionId: string;
  stepKey: string;
  status: 'COMPLETED' | 'CANCELLED';
  /** null when the system closes the task (the flow was cancelled) */
  actor: Actor | null;
  comment: string | null;
  result: Record<string, unknown> | null;
  at: string;
  requestId: string;
}

/** Loads the statutory calendar with the administrators' overrides applied. */
export async function loadCalendar(prisma: PrismaClient) {
  const overrides = await prisma.calendarOverride.findMany();
  return createWorkingCalendar(overrides.map((o): DayOverride => ({ date: o.date, kind: o.kind as DayOverride['kind'], name: o.name })));
}

/**
 * Writes the read model of a step. Both functions are keyed by (executionId, stepKey) and write their audit
 * row with a dedupe key, so an activity retried after a timeout never duplicates a task or an event.
 */
export function createTaskProjection(prisma: PrismaClient) {
  async function computeDeadline(input: OpenTaskInput): Promise<Date | null> {
    const stage = await prisma.stageDefinition.findUnique({ where: { flowKey_key: { flowKey: input.flowKey, key: input.stageKey } } });
    if (!stage || stage.deadlineKind !== 'WORKING_DAYS' || stage.workingDays == null) return null;
    const calendar = await loadCalendar(prisma);
    return calendar.deadlineAfter(new Date(input.startedAt), stage.workingDays);
  }

  async function openTask(input: OpenTaskInput): Promise<OpenTaskResult> {
    const existing = await prisma.task.findUnique({ where: { executionId_stepKey: { executionId: input.executionId, stepKey: input.stepKey } } });
    if (existing) return { taskId: existing.id, deadlineAt: existing.deadlineAt?.toISOString() ?? null };
    const deadlineAt = await computeDeadline(input);
    const task = await prisma.$transaction(async (tx) => {
      const created = await tx.task.upsert({
        where: { executionId_stepKey: { executionId: input.executionId, stepKey: input.stepKey } },
        update: {},
        create: {
          workflowId: input.workflowId,
          executionId: input.executionId,
          stepKey: input.stepKey,
          round: input.round,
          flowKey: input.flowKey,
          stageKey: input.stageKey,
          title: input.title,
          orgUnitId: input.orgUnitId,
          assigneeRole: input.assigneeRole,
          campaignId: input.campaignId,
          payload: input.payload as Prisma.InputJsonValue,
          startedAt: new Date(input.startedAt),
          deadlineAt,
        },
      });
      await tx.auditEvent.createMany({
        data: [{
          action: 'task.opened',
          entityType: 'task',
          entityId: created.id,
          workflowId: input.workflowId,
          after: { stepKey: input.stepKey, stageKey: input.stageKey, round: input.round, orgUnitId: input.orgUnitId, deadlineAt: deadlineAt?.toISOString() ?? null },
          dedupeKey: `${input.executionId}/${input.stepKey}/opened`,
        }],
        skipDuplicates: true,
      });
      return created;
    }).catch(async (err) => {
      // Two attempts raced past the first read: the loser's insert hits the unique key; the winner's row stands.
      if ((err as { code?: string }).code !== 'P2002') throw err;
      return prisma.task.findUniqueOrThrow({ where: { executionId_stepKey: { executionId: input.executionId, stepKey: input.stepKey } } });
    });
    return { taskId: task.id, deadlineAt: task.deadlineAt?.toISOString() ?? null };
  }

  async function closeTask(input: CloseTaskInput): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const before = await tx.task.findUniqueOrThrow({ where: { executionId_stepKey: { executionId: input.executionId, stepKey: input.stepKey } } });
      if (before.status !== 'OPEN') return; // already projected by an earlier attempt
      const after = await tx.task.update({
        where: { id: before.id },
        data: {
          status: input.status,
          completedAt: new Date(input.at),
          completedById: input.actor?.userId ?? null,
          comment: input.comment,
          result: (input.result ?? undefined) as Prisma.InputJsonValue | undefined,
        },
      });
      await tx.auditEvent.createMany({
        data: [{
          action: `task.${input.status.toLowerCase()}`,
          entityType: 'task',
          entityId: before.id,
          workflowId: input.workflowId,
          actorId: input.actor?.userId ?? null,
          actorLogin: input.actor?.login ?? null,
          requestId: input.requestId,
          before: { status: before.status },
          after: { status: after.status, comment: input.comment, completedAt: input.at },
          dedupeKey: `${input.executionId}/${input.stepKey}/closed`,
        }],
        skipDuplicates: true,
      });
    });
  }

  return { openTask, closeTask };
}
