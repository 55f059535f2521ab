/**
 * Documents attached to a step: the signed annual report at 单位自查. Read and checked by the one upload
 * path (./uploads.ts), stored in the Attachment table as STEP_ATTACHMENT.
 *
 * Who reads one: whoever may see a task of the same run (the same workflow id AND execution), found by a
 * query that carries the reader's scope. So the reviewers of later stages (区级汇总, 全市核查) read what the
 * clerk attached, as they read the report itself through their own task; a task of an earlier run that
 * reused the workflow id opens nothing.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { taskScope } from '../permissions';
import { recordAudit } from '../repositories/auditRepository';
import { getTask } from './taskService';
import { DOCUMENT_FIELDS, documentOf, documentView, readUpload, sendDocument } from './uploads';

/** Attaches a document to an open step the user may act on (its assignee, or a member of its unit and post). */
export async function addAttachment(ctx: AppContext, user: CurrentUser, taskId: string, req: Request, res: Response, requestId: string) {
  const task = await getTask(ctx, user, taskId);
  if (task.status !== 'OPEN') throw new AppError('TASK_NOT_OPEN', '该待办已办结，不能再上传附件。', 409);
  // The body is read (size-limited) before the assignee check, so a request without a file is a 400 for everyone.
  const upload = await readUpload(req, res, 'file', ctx.config.ATTACHMENT_MAX_BYTES);
  const mine = task.assigneeUserId ? task.assigneeUserId === user.id : task.orgUnitId === user.orgUnitId && user.roles.includes(task.assigneeRole);
  if (!mine) throw new AppError('NOT_ASSIGNEE', '您不是该待办的办理人，不能上传附件。', 403);
  const doc = documentOf(upload);
  const created = await ctx.prisma.$transaction(async (tx) => {
    const a = await tx.attachment.create({
      data: {
        purpose: 'STEP_ATTACHMENT', taskId: task.id, workflowId: task.workflowId, orgUnitId: task.orgUnitId, filename: doc.filename, mimeType: doc.mimeType,
        size: doc.size, sha256: doc.sha256, content: new Uint8Array(doc.content), uploadedById: user.id, uploadedByLogin: user.login,
      },
      select: DOCUMENT_FIELDS,
    });
    await recordAudit(tx, {
      action: 'attachment.added', entityType: 'task', entityId: task.id, workflowId: task.workflowId, actorId: user.id, actorLogin: user.login, requestId,
      after: { attachmentId: a.id, filename: a.filename, size: a.size, sha256: doc.sha256 },
    });
    return a;
  });
  return documentView(created);
}

/** The documents of the run the task belongs to (a reviewer sees what the clerk attached). */
export async function listAttachments(ctx: AppContext, user: CurrentUser, taskId: string) {
  const task = await getTask(ctx, user, taskId);
  const rows = await ctx.prisma.attachment.findMany({
    where: { purpose: 'STEP_ATTACHMENT', deletedAt: null, task: { workflowId: task.workflowId, executionId: task.executionId } },
    orderBy: { createdAt: 'asc' },
    select: DOCUMENT_FIELDS,
  });
  return rows.map(documentView);
}

/** A step's document the user may read: 404 otherwise, whether or not it exists. */
async function visibleAttachment(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('附件');
  const a = await ctx.prisma.attachment.findFirst({ where: { id, purpose: 'STEP_ATTACHMENT', deletedAt: null }, include: { task: true } });
  if (!a?.task) throw notFound('附件');
  const through = await ctx.prisma.task.findFirst({
    where: { AND: [taskScope(user), { workflowId: a.task.workflowId, executionId: a.task.executionId }] },
    select: { id: true },
  });
  if (!through) throw notFound('附件');
  return { ...a, task: a.task };
}

export async function downloadAttachment(ctx: AppContext, user: CurrentUser, id: string, res: Response) {
  sendDocument(res, await visibleAttachment(ctx, user, id));
}

/** The uploader removes a document while the step is still open (kept for the audit, hidden from lists). */
export async function deleteAttachment(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  const a = await visibleAttachment(ctx, user, id);
  if (a.uploadedById !== user.id) throw new AppError('NOT_UPLOADER', '只有上传人可以删除该附件。', 403);
  if (a.task.status !== 'OPEN') throw new AppError('TASK_NOT_OPEN', '该待办已办结，附件不能删除。', 409);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.attachment.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordAudit(tx, { action: 'attachment.deleted', entityType: 'task', entityId: a.task.id, workflowId: a.workflowId, actorId: user.id, actorLogin: user.login, requestId, before: { attachmentId: id, filename: a.filename } });
  });
  return { id, deleted: true };
}
