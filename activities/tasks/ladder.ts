import { z } from 'zod';
import { chinaDate, endOfChinaDay, type WorkingCalendar } from '../../domain/calendar';
import type { LadderRungPlan } from '../../domain/step';

/** A rung as administrators configure it: working days relative to the deadline (negative = before). */
export const ladderRungSchema = z.object({
  key: z.string().regex(/^[\w+-]{1,20}$/, '阶梯名称只能包含字母、数字和 + -'),
  offsetWorkingDays: z.number().int('应为整数').min(-30, '最多提前30个工作日').max(60, '最多逾期60个工作日'),
  action: z.enum(['remind', 'urge', 'supervise', 'candidate-notice']),
  notify: z.array(z.enum(['assignees', 'leaderInCharge', 'supervisingOffice'])).max(3),
});
export const ladderSchema = z.array(ladderRungSchema).max(12).refine(
  (rungs) => new Set(rungs.map((r) => r.key)).size === rungs.length,
  '阶梯名称不能重复',
);
export type LadderRung = z.infer<typeof ladderRungSchema>;

/** The stored ladder, or none when it is malformed (an escalation must never crash a flow). */
export function parseLadder(json: unknown): LadderRung[] {
  const parsed = ladderSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** 09:00 China time on a date: reminders before the deadline arrive at the start of a working day. */
const morningOf = (date: string) => new Date(`${date}T09:00:00.000+08:00`);

/**
 * The instants at which each rung fires for a deadline. Before the deadline: 09:00 on the working day
 * N working days earlier; at T+0: the deadline itself; after it: the end of the N-th working day after.
 * A statutory deadline (条例 第四十九条) that passes also puts the unit on the candidate 通报 list.
 */
export function planLadder(calendar: WorkingCalendar, ladder: LadderRung[], deadline: Date, statutory: boolean): LadderRungPlan[] {
  const day = chinaDate(deadline);
  const plan = ladder.map((r): LadderRungPlan => {
    const at = r.offsetWorkingDays < 0
      ? morningOf(calendar.addWorkingDays(day, r.offsetWorkingDays))
      : r.offsetWorkingDays === 0
        ? deadline
        : endOfChinaDay(calendar.addWorkingDays(day, r.offsetWorkingDays));
    return { key: r.key, at: at.toISOString(), action: r.action, notify: r.notify };
  });
  if (statutory && !plan.some((r) => r.key === 'statutory-missed')) {
    plan.push({ key: 'statutory-missed', at: new Date(deadline.getTime() + 1).toISOString(), action: 'candidate-notice', notify: ['supervisingOffice'] });
  }
  return plan.sort((a, b) => a.at.localeCompare(b.at));
}
