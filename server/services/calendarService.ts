import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { requireRole } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { calendarOf, forgetCalendar } from './taskService';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '日期不存在');

export const overrideBody = z.object({
  date,
  kind: z.enum(['holiday', 'workday'], { required_error: '请选择调整类型', invalid_type_error: '调整类型应为 holiday（放假）或 workday（上班）' }),
  name: z.string({ required_error: '请填写说明' }).min(1, '请填写说明').max(50, '说明不能超过50字'),
}).strict();

export async function listOverrides(ctx: AppContext) {
  return ctx.prisma.calendarOverride.findMany({ orderBy: { date: 'asc' } });
}

/** Adds a local holiday or a corrected day; deadlines computed from now on use it. */
export async function addOverride(ctx: AppContext, user: CurrentUser, raw: unknown, requestId: string) {
  requireRole(user, 'ADMIN');
  const body = overrideBody.parse(raw ?? {});
  if (await ctx.prisma.calendarOverride.findUnique({ where: { date: body.date } })) {
    throw new AppError('OVERRIDE_EXISTS', `${body.date} 已有调整，请先删除原调整。`, 409);
  }
  const row = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.calendarOverride.create({ data: body });
    await recordAudit(tx, { action: 'calendar.override_added', entityType: 'calendar', entityId: body.date, actorId: user.id, actorLogin: user.login, requestId, after: body });
    return created;
  });
  forgetCalendar();
  return { ...row, id: row.date };
}

export async function removeOverride(ctx: AppContext, user: CurrentUser, dateKey: string, requestId: string) {
  requireRole(user, 'ADMIN');
  const row = await ctx.prisma.calendarOverride.findUnique({ where: { date: dateKey } });
  if (!row) throw notFound('日历调整');
  await ctx.prisma.$transaction(async (tx) => {
    await tx.calendarOverride.delete({ where: { date: dateKey } });
    await recordAudit(tx, { action: 'calendar.override_removed', entityType: 'calendar', entityId: dateKey, actorId: user.id, actorLogin: user.login, requestId, before: row });
  });
  forgetCalendar();
  return { ...row, id: row.date };
}

/** Each day of a range as the statutory calendar (with overrides) sees it: for the calendar screen. */
export async function calendarDays(ctx: AppContext, from: string, to: string) {
  const f = date.safeParse(from);
  const t = date.safeParse(to);
  if (!f.success || !t.success || from > to) throw new AppError('INVALID_RANGE', '请给出有效的起止日期（YYYY-MM-DD）。', 400);
  const calendar = await calendarOf(ctx);
  const days = [];
  for (let d = from; d <= to && days.length < 400; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
    days.push(calendar.dayInfo(d));
  }
  return days;
}
