/**
 * An administrator runs the task reconciler now (the workers also run it every RECONCILE_INTERVAL_MS):
 * the open task rows of workflows that no longer run are closed, each with an audit row naming the
 * administrator, and the answer lists them. `dryRun` only reports.
 */
import { z } from 'zod';
import { createTaskReconciler } from '../../activities/reconciler/taskReconciler';
import type { AppContext, CurrentUser } from '../context';

export const reconcileBody = z.object({
  dryRun: z.boolean({ invalid_type_error: 'dryRun 应为 true 或 false' }).optional(),
}).strict();

export async function reconcileTasks(ctx: AppContext, user: CurrentUser, body: z.infer<typeof reconcileBody>, requestId: string) {
  const reconciler = createTaskReconciler({ prisma: ctx.prisma, client: ctx.temporal, logger: ctx.logger });
  return reconciler.reconcile({ dryRun: body.dryRun, actor: { userId: user.id, login: user.login }, requestId });
}
