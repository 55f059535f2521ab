/**
 * Documents attached to a step: the signed annual report at 单位自查, evidence at a closure step. Stored in
 * PostgreSQL (one backup holds everything), at most ATTACHMENT_MAX_BYTES, and accepted only when the
 * content is what the name says: the type is read from the file's first bytes, never trusted from the client.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import type { AppContext, CurrentUser } from '../context';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../repositories/auditRepository';
import { getTask } from './taskService';

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Document types a government office sends: PDF, OFD (the national fixed-layout format), Word and WPS, images of signed pages. */
const KINDS: Array<{ ext: string[]; mime: string; label: string; magic: (b: Buffer) => boolean }> = [
  { ext: ['pdf'], mime: 'application/pdf', label: 'PDF', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  // OFD, DOCX and XLSX are ZIP containers.
  { ext: ['ofd'], mime: 'application/ofd', label: 'OFD', magic: isZip },
  { ext: ['docx'], mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word', magic: isZip },
  // DOC and WPS are OLE compound files.
  { ext: ['doc'], mime: 'application/msword', label: 'Word', magic: isOle },
  { ext: ['wps'], mime: 'application/vnd.ms-works', label: 'WPS', magic: isOle },
  { ext: ['jpg', 'jpeg'], mime: 'image/jpeg', label: 'JPEG', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: ['png'], mime: 'image/png', label: 'PNG', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
];
function isZip(b: Buffer) { return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04; }
function isOle(b: Buffer) { return b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])); }
const ALLOWED = 'PDF、OFD、Word（.doc/.docx）、WPS、JPG、PNG';

export interface Upload { buffer: Buffer; originalname: string; size: number }

/** Reads one multipart file field inside a route handler (the route table stays one handler per route). */
export async function readUpload(req: Request, res: Response, field: string, maxBytes: number): Promise<Upload> {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 10 } }).single(field);
  await new Promise<void>((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        return reject(new AppError('FILE_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请压缩或拆分后再上传。`, 413));
      }
      if (err instanceof multer.MulterError) return reject(new AppError('INVALID_UPLOAD', `上传内容不正确（${err.code}），请只选择一个文件。`, 400));
      reject(err);
    });
  });
  const file = (req as Request & { file?: Express.Multer.File }).file;
  if (!file) throw new AppError('FILE_REQUIRED', `请选择要上传的文件（表单字段 ${field}）。`, 400);
  // busboy reads the name as latin1; browsers send UTF-8 (Chinese file names).
  const originalname = Buffer.from(file.originalname, 'latin1').toString('utf8');
  return { buffer: file.buffer, originalname, size: file.size };
}

function kindOf(upload: Upload) {
  const ext = upload.originalname.toLowerCase().split('.').pop() ?? '';
  const kind = KINDS.find((k) => k.ext.includes(ext));
  if (!kind) throw new AppError('FILE_TYPE_NOT_ALLOWED', `不支持“.${ext}”类型的文件，请上传 ${ALLOWED} 文件。`, 415);
  if (upload.size === 0) throw new AppError('FILE_EMPTY', '文件是空的，请重新选择。', 400);
  if (!kind.magic(upload.buffer)) {
    throw new AppError('FILE_CONTENT_MISMATCH', `文件“${upload.originalname}”的内容不是 ${kind.label} 格式，可能已损坏或被改了扩展名。`, 415);
  }
  return kind;
}

const view = (a: { id: string; taskId: string; filename: string; mimeType: string; size: number; sha256: string; uploadedByLogin: string; createdAt: Date }) => ({
  id: a.id, taskId: a.taskId, filename: a.filename, mimeType: a.mimeType, size: a.size, sha256: a.sha256, uploadedByLogin: a.uploadedByLogin, createdAt: a.createdAt,
});

/** Attaches a document to an open step the user may act on (its assignee, or a member of its unit and post). */
export async function addAttachment(ctx: AppContext, user: CurrentUser, taskId: string, req: Request, res: Response, requestId: string) {
  const task = await getTask(ctx, user, taskId);
  if (task.status !== 'OPEN') throw new AppError('TASK_NOT_OPEN', '该待办已办结，不能再上传附件。', 409);
  // The body is read (size-limited) before the assignee check, so a request without a file is a 400 for everyone.
  const upload = await readUpload(req, res, 'file', ctx.config.ATTACHMENT_MAX_BYTES);
  const mine = task.assigneeUserId ? task.assigneeUserId === user.id : task.orgUnitId === user.orgUnitId && user.roles.includes(task.assigneeRole);
  if (!mine) throw new AppError('NOT_ASSIGNEE', '您不是该待办的办理人，不能上传附件。', 403);
  const kind = kindOf(upload);
  const sha256 = createHash('sha256').update(upload.buffer).digest('hex');
  const created = await ctx.prisma.$transaction(async (tx) => {
    const a = await tx.attachment.create({
      data: {
        taskId: task.id, workflowId: task.workflowId, orgUnitId: task.orgUnitId, filename: upload.originalname.slice(0, 200), mimeType: kind.mime,
        size: upload.size, sha256, content: new Uint8Array(upload.buffer), uploadedById: user.id, uploadedByLogin: user.login,
      },
    });
    await recordAudit(tx, {
      action: 'attachment.added', entityType: 'task', entityId: task.id, workflowId: task.workflowId, actorId: user.id, actorLogin: user.login, requestId,
      after: { attachmentId: a.id, filename: a.filename, size: a.size, sha256 },
    });
    return a;
  });
  return view(created);
}

/** The documents of a step's whole flow (a reviewer sees what the clerk attached). */
export async function listAttachments(ctx: AppContext, user: CurrentUser, taskId: string) {
  const task = await getTask(ctx, user, taskId);
  const rows = await ctx.prisma.attachment.findMany({
    where: { workflowId: task.workflowId, deletedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, taskId: true, filename: true, mimeType: true, size: true, sha256: true, uploadedByLogin: true, createdAt: true },
  });
  return rows.map(view);
}

async function visibleAttachment(ctx: AppContext, user: CurrentUser, id: string) {
  if (!z.string().uuid().safeParse(id).success) throw notFound('附件');
  const a = await ctx.prisma.attachment.findUnique({ where: { id } });
  if (!a || a.deletedAt) throw notFound('附件');
  // Whoever can see a step of the flow can read its documents.
  const step = await ctx.prisma.task.findFirst({ where: { workflowId: a.workflowId }, select: { id: true } });
  try {
    await getTask(ctx, user, step?.id ?? a.taskId);
  } catch {
    throw notFound('附件');
  }
  return a;
}

export async function downloadAttachment(ctx: AppContext, user: CurrentUser, id: string, res: Response) {
  const a = await visibleAttachment(ctx, user, id);
  res.setHeader('Content-Type', a.mimeType);
  res.setHeader('Content-Length', String(a.size));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(Buffer.from(a.content));
}

/** The uploader removes a document while the step is still open (kept for the audit, hidden from lists). */
export async function deleteAttachment(ctx: AppContext, user: CurrentUser, id: string, requestId: string) {
  const a = await visibleAttachment(ctx, user, id);
  const task = await ctx.prisma.task.findUnique({ where: { id: a.taskId } });
  if (a.uploadedById !== user.id) throw new AppError('NOT_UPLOADER', '只有上传人可以删除该附件。', 403);
  if (task?.status !== 'OPEN') throw new AppError('TASK_NOT_OPEN', '该待办已办结，附件不能删除。', 409);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.attachment.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordAudit(tx, { action: 'attachment.deleted', entityType: 'task', entityId: a.taskId, workflowId: a.workflowId, actorId: user.id, actorLogin: user.login, requestId, before: { attachmentId: id, filename: a.filename } });
  });
  return { id, deleted: true };
}
