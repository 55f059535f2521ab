import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import type { ListQuery } from '../listQuery';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';

export const ESCALATION_SORTABLE = ['createdAt', 'kind', 'decidedAt'] as const;
const filterSchema = z.object({
  kind: z.enum(['SUPERVISE', 'CANDIDATE_NOTICE']).optional(),
  pending: z.boolean().optional(),
  q: z.string().max(100).optional(),
}).strict();

export const decideBody = z.object({
  decision: z.enum(['notice', 'dismiss'], { required_error: '请选择处理决定', invalid_type_error: '处理决定应为 notice（通报）或 dismiss（不予通报）' }),
  comment: z.string({ required_error: '请填写处理意见' }).min(1, '请填写处理意见').max(1000, '处理意见不能超过1000字'),
}).strict();

/** 督办 records and the candidate 通报 list under the supervisor's subtree. */
export async function listEscalations(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  const f = filterSchema.safeParse(q.filter);
  if (!f.success) throw new AppError('INVALID_FILTER', '筛选条件无效。', 400);
  const where = {
    AND: [
      { task: { orgUnit: { path: { startsWith: user.scopePath } } } },
      f.data.kind ? { kind: f.data.kind } : {},
      f.data.pending ? { decidedAt: null } : {},
      f.data.q ? { task: { OR: [{ title: { contains: f.data.q } }, { orgUnit: { name: { contains: f.data.q } } }] } } : {},
    ],
  };
  const [rows, total] = await ctx.prisma.$transaction([
    ctx.prisma.escalation.findMany({
      where, orderBy: [{ [q.sortField]: q.sortOrder }, { id: 'asc' }], skip: q.skip, take: q.take,
      include: { task: { select: { title: true, stageKey: true, deadlineAt: true, status: true, orgUnit: { select: { name: true, code: true } } } } },
    }),
    ctx.prisma.escalation.count({ where }),
  ]);
  return { rows, total };
}

/** A person decides whether a candidate is actually criticised (通报批评): sanctions are human decisions. */
export async function decideEscalation(ctx: AppContext, user: CurrentUser, id: string, body: z.output<typeof decideBody>, requestId: string) {
  requireRole(user, 'SUPERVISOR', 'ADMIN');
  if (!z.string().uuid().safeParse(id).success) throw notFound('督办记录');
  const row = await ctx.prisma.escalation.findFirst({ where: { id, task: { orgUnit: { path: { startsWith: user.scopePath } } } } });
  if (!row) throw notFound('督办记录');
  if (row.kind !== 'CANDIDATE_NOTICE') throw new AppError('NOT_A_CANDIDATE', '督办记录无需决定，只有拟通报名单需要人工决定。', 400);
  if (row.decidedAt) throw new AppError('ALREADY_DECIDED', '该事项已经作出决定。', 409);
  return ctx.prisma.$transaction(async (tx) => {
    const after = await tx.escalation.update({ where: { id }, data: { decidedAt: new Date(), decidedById: user.id, decision: body.decision } });
    await recordAudit(tx, { action: 'escalation.decided', entityType: 'escalation', entityId: id, workflowId: row.workflowId, actorId: user.id, actorLogin: user.login, requestId, before: { decision: null }, after: body });
    return after;
  });
}
