import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { rescheduleUpdate } from '../../workflows/humanStep';
import { ladderSchema } from '../../activities/tasks/ladder';
import { countersignRuleProblem, type CountersignSetting } from '../../domain/step';
import { Prisma } from '../../prisma/generated/client';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';

export const updateStageBody = z.object({
  workingDays: z.number({ invalid_type_error: '办理期限应为数字' }).int('办理期限应为整数').min(1, '办理期限至少1个工作日').max(120, '办理期限最多120个工作日').optional(),
  ladder: ladderSchema.optional(),
  /**
   * 会签 (domain/step/countersign.ts CountersignSetting): null returns the stage to the flow registry's
   * default; `enabled: false` turns a declared countersign off; otherwise the rule and the signers.
   */
  countersign: z.union([
    z.object({ enabled: z.literal(false) }).strict(),
    z.object({
      enabled: z.literal(true),
      rule: z.union([z.object({ kind: z.literal('all') }).strict(), z.object({ kind: z.literal('quorum'), quorum: z.number().int('通过人数应为整数') }).strict()]),
      signers: z.array(z.union([
        z.object({ role: z.enum(['CLERK', 'UNIT_HEAD', 'SUPERVISOR']), label: z.string().trim().max(40).optional() }).strict(),
        z.object({ userId: z.string().uuid('签署人不存在'), label: z.string().trim().max(40).optional() }).strict(),
      ])).max(50),
    }).strict(),
  ]).nullable().optional(),
  /** also move the deadlines of steps of this stage that are running now */
  applyToRunning: z.boolean().optional(),
  requestId: z.string().regex(/^[\w-]{8,100}$/).optional(),
}).strict();

export async function listStages(ctx: AppContext) {
  const rows = await ctx.prisma.stageDefinition.findMany({ orderBy: [{ flowKey: 'asc' }, { position: 'asc' }] });
  return rows;
}

export async function getStage(ctx: AppContext, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('环节');
  const stage = await ctx.prisma.stageDefinition.findUnique({ where: { id } });
  if (!stage) throw notFound('环节');
  return stage;
}

/** How many running steps "apply to running" would move: the preview the administrator sees first. */
export async function runningCount(ctx: AppContext, id: string) {
  const stage = await getStage(ctx, id);
  const running = await ctx.prisma.task.count({ where: { flowKey: stage.flowKey, stageKey: stage.key, status: 'OPEN', position: 'main' } });
  return { stageId: stage.id, running };
}

/**
 * Changes a stage's deadline or ladder. Steps started afterwards use the new settings; when asked, every
 * running step of the stage recomputes its deadline in place (an Update to its workflow: no restart, no
 * lost history). Returns how many running steps moved and which could not (already closed meanwhile).
 */
export async function updateStage(ctx: AppContext, user: CurrentUser, id: string, body: z.output<typeof updateStageBody>) {
  requireRole(user, 'ADMIN');
  const stage = await getStage(ctx, id);
  if (body.workingDays !== undefined && stage.deadlineKind !== 'WORKING_DAYS') {
    throw new AppError('STATUTORY_STAGE', '该环节使用法定日期作为期限，不能按工作日设置。', 400);
  }
  if (body.countersign) await checkCountersign(ctx, body.countersign);
  const requestId = body.requestId ?? randomUUID();
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const after = await tx.stageDefinition.update({
      where: { id },
      data: {
        workingDays: body.workingDays ?? undefined, ladder: body.ladder ?? undefined,
        countersign: body.countersign === undefined ? undefined : body.countersign === null ? Prisma.DbNull : body.countersign,
      },
    });
    await recordAudit(tx, {
      action: 'stage.updated', entityType: 'stage', entityId: id, actorId: user.id, actorLogin: user.login, requestId,
      before: { workingDays: stage.workingDays, ladder: stage.ladder, countersign: stage.countersign },
      after: { workingDays: after.workingDays, ladder: after.ladder, countersign: after.countersign, applyToRunning: Boolean(body.applyToRunning) },
    });
    return after;
  });
  let moved = 0;
  const failed: string[] = [];
  if (body.applyToRunning) {
    const running = await ctx.prisma.task.findMany({
      where: { flowKey: stage.flowKey, stageKey: stage.key, status: 'OPEN', position: 'main' },
      select: { id: true, workflowId: true, stepKey: true },
    });
    const actor = { userId: user.id, login: user.login, orgUnitId: user.orgUnitId, roles: user.roles };
    // Ten at a time: fast for a campaign of a thousand units without flooding the Temporal frontend.
    for (let i = 0; i < running.length; i += 10) {
      await Promise.all(running.slice(i, i + 10).map(async (t) => {
        try {
          await ctx.temporal.workflow.getHandle(t.workflowId).executeUpdate(rescheduleUpdate, {
            args: [{ taskKey: t.stepKey, requestId: `${requestId}-${t.id}`.slice(0, 100), actor, reason: '管理员调整环节期限并应用于在办事项' }],
          });
          moved++;
        } catch (err) {
          ctx.logger.warn({ err, taskId: t.id }, 'reschedule of a running step failed');
          failed.push(t.id);
        }
      }));
    }
  }
  return { ...updated, applied: { moved, failed } };
}

/**
 * A 会签 setting's refusals, before anything is written: a rule its signers cannot meet, a named signer
 * who does not exist or is disabled, the same post or person twice. A post's holders differ from unit to
 * unit, so a post is checked when each step opens (effectiveCountersign), not here.
 */
async function checkCountersign(ctx: AppContext, setting: CountersignSetting) {
  if (!setting.enabled) return;
  const keys = setting.signers.map((s) => ('role' in s ? `role:${s.role}` : `user:${s.userId}`));
  if (new Set(keys).size !== keys.length) throw new AppError('COUNTERSIGN_SIGNER_DUPLICATE', '会签签署人重复：同一岗位或同一人员只能列一次。', 400);
  const problem = countersignRuleProblem(setting.rule, setting.signers.length);
  if (problem) throw new AppError('COUNTERSIGN_RULE_UNMET', `会签规则无法满足：${problem}`, 400);
  const ids = setting.signers.flatMap((s) => ('userId' in s ? [s.userId] : []));
  if (ids.length) {
    const found = await ctx.prisma.user.count({ where: { id: { in: ids }, active: true } });
    if (found !== ids.length) throw new AppError('COUNTERSIGN_SIGNER_UNKNOWN', '会签签署人不存在或已停用，请重新选择。', 400);
  }
}
