/**
 * 批量审批 (batch approval, docs/delegation.md): a reviewer selects several open tasks of one stage in the
 * inbox, previews them, and approves them with one opinion. Each task goes through the ordinary completion
 * path (taskAction → the workflow's completeTask update, its validators included), a few at a time; a task
 * that needs a form, belongs to another stage or is refused by its workflow is answered individually with
 * the reason, the others go through. Every approved task's history carries the batch id.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BATCH_CONCURRENCY, MAX_BATCH } from '../../domain/delegation';
import { stageOf } from '../../domain/flows';
import { stageTakesForm } from '../../domain/flows/forms';
import type { AppContext, CurrentUser } from '../context';
import { AppError } from '../errors';
import { taskScope } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { actionBodies, getTask, taskAction } from './taskService';

const taskIds = z.array(z.string().uuid('待办编号无效'), { required_error: '请选择待办' }).min(1, '请至少选择一项待办').max(MAX_BATCH, `一次最多批量审批${MAX_BATCH}项`);
export const batchPreviewBody = z.object({ taskIds }).strict();
export const batchApproveBody = z.object({
  taskIds,
  comment: z.string().max(2000, '办理意见不能超过2000字').optional(),
  requestId: z.string().regex(/^[\w-]{8,60}$/, '应为8到60位的字母、数字、连字符').optional(),
}).strict();

export interface BatchRow {
  taskId: string;
  title: string;
  orgUnitName: string | null;
  stageKey: string | null;
  ok: boolean;
  code?: string;
  message?: string;
}

/**
 * What the API can say before asking any workflow: the stage of the batch is the stage most of the selected
 * tasks share (ties: the first selected); a task of another stage, one that needs a form, one not open or not
 * visible, one waiting for an approver added before (前加签) is refused here. The workflow checks all again at approval.
 */
async function screen(ctx: AppContext, user: CurrentUser, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await ctx.prisma.task.findMany({
    where: { AND: [taskScope(user), { id: { in: unique } }] },
    select: { id: true, title: true, flowKey: true, stageKey: true, status: true, waitingFor: true, orgUnit: { select: { name: true } } },
  });
  const byId = new Map(found.map((t) => [t.id, t]));
  const count = new Map<string, number>();
  for (const id of unique) {
    const t = byId.get(id);
    if (t && t.status === 'OPEN') count.set(`${t.flowKey}/${t.stageKey}`, (count.get(`${t.flowKey}/${t.stageKey}`) ?? 0) + 1);
  }
  const [stage] = [...count.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const [flowKey, stageKey] = stage ? stage.split('/') : [null, null];
  const rows: BatchRow[] = unique.map((id) => {
    const t = byId.get(id);
    if (!t) return { taskId: id, title: '', orgUnitName: null, stageKey: null, ok: false, code: 'NOT_FOUND', message: '待办不存在或您无权查看。' };
    const base = { taskId: id, title: t.title, orgUnitName: t.orgUnit.name, stageKey: t.stageKey };
    if (t.status !== 'OPEN') return { ...base, ok: false, code: 'TASK_NOT_OPEN', message: '该待办已被处理。' };
    if (`${t.flowKey}/${t.stageKey}` !== stage) {
      return { ...base, ok: false, code: 'BATCH_OTHER_STAGE', message: `该待办属于“${stageOf(t.flowKey, t.stageKey)?.name ?? t.stageKey}”环节，批量审批只能处理同一环节的待办。` };
    }
    if (stageTakesForm(t.flowKey, t.stageKey)) {
      return { ...base, ok: false, code: 'BATCH_NEEDS_FORM', message: `“${stageOf(t.flowKey, t.stageKey)?.name ?? t.stageKey}”环节需要填写表单，请逐项打开办理。` };
    }
    // The workflow refuses it too (WAITING_FOR_APPROVER); said here so the preview already lists it.
    if (t.waitingFor) return { ...base, ok: false, code: 'WAITING_FOR_APPROVER', message: `请等待加签人（${t.waitingFor}）先办理，之后才能办理此待办。` };
    return { ...base, ok: true };
  });
  return { flowKey, stageKey, stageName: flowKey && stageKey ? stageOf(flowKey, stageKey)?.name ?? stageKey : null, rows };
}

export async function previewBatch(ctx: AppContext, user: CurrentUser, body: z.infer<typeof batchPreviewBody>) {
  const out = await screen(ctx, user, body.taskIds);
  return { ...out, eligible: out.rows.filter((r) => r.ok).length, refused: out.rows.filter((r) => !r.ok).length };
}

export async function approveBatch(ctx: AppContext, user: CurrentUser, body: z.infer<typeof batchApproveBody>, requestId: string) {
  const batchId = body.requestId ?? randomUUID();
  const { rows, stageKey, flowKey, stageName } = await screen(ctx, user, body.taskIds);
  const queue = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.ok);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { r, i } = next;
      try {
        // The task's own completion request id carries the batch: a retried batch completes nothing twice.
        // Read through the user's scope again, and the completion's own schema: the batch is one request per task.
        const task = await getTask(ctx, user, r.taskId);
        await taskAction(ctx, user, task, 'complete', actionBodies.complete.parse({ requestId: `${batchId}-${i}`, ...(body.comment ? { comment: body.comment } : {}) }));
        await recordAudit(ctx.prisma, {
          action: 'task.batch_approved', entityType: 'task', entityId: r.taskId, actorId: user.id, actorLogin: user.login, requestId: `${batchId}-${i}`,
          after: { batchId, size: rows.length, comment: body.comment ?? null },
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        r.ok = false;
        r.code = err.code;
        r.message = err.message;
      }
    }
  };
  await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, worker));
  const approved = rows.filter((r) => r.ok).length;
  await recordAudit(ctx.prisma, {
    action: 'batch.approved', entityType: 'batch', entityId: batchId, actorId: user.id, actorLogin: user.login, requestId,
    after: { flowKey, stageKey, comment: body.comment ?? null, approved: rows.filter((r) => r.ok).map((r) => r.taskId), refused: rows.filter((r) => !r.ok).map((r) => ({ taskId: r.taskId, code: r.code })) },
  });
  return { batchId, stageKey, stageName, approved, refused: rows.length - approved, rows };
}
