/**
 * The one way a document enters GovFlow, for a step's attachment and for closure evidence alike: one
 * multipart file, at most ATTACHMENT_MAX_BYTES, whose type is read from its first bytes and must agree with
 * its extension. What the client declares (the part's Content-Type) is never read. Documents go out as
 * downloads of the type their bytes are, with `nosniff`, so a browser never renders one as a page.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import multer from 'multer';
import { AppError } from '../errors';

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

/**
 * Reads one multipart file field inside a route handler (the route table stays one handler per route).
 * Also used for the site inventory's CSV/Excel import, with its own limit.
 */
export async function readUpload(req: Request, res: Response, field: string, maxBytes: number): Promise<Upload> {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 10 } }).single(field);
  await new Promise<void>((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        return reject(new AppError('FILE_TOO_LARGE', `文件超过 ${Math.round(maxBytes / 1024 / 1024) || 1} MB，请压缩或拆分后再上传。`, 413));
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

/** A checked document, ready to store. */
export interface Document { filename: string; mimeType: string; size: number; sha256: string; content: Buffer }

/** Checks an upload as a document: an accepted extension, not empty, and first bytes of that type. */
export function documentOf(upload: Upload): Document {
  const ext = upload.originalname.toLowerCase().split('.').pop() ?? '';
  const kind = KINDS.find((k) => k.ext.includes(ext));
  if (!kind) throw new AppError('FILE_TYPE_NOT_ALLOWED', `不支持“.${ext}”类型的文件，请上传 ${ALLOWED} 文件。`, 415);
  if (upload.size === 0) throw new AppError('FILE_EMPTY', '文件是空的，请重新选择。', 400);
  if (!kind.magic(upload.buffer)) {
    throw new AppError('FILE_CONTENT_MISMATCH', `文件“${upload.originalname}”的内容不是 ${kind.label} 格式，可能已损坏或被改了扩展名。`, 415);
  }
  return {
    filename: upload.originalname.slice(0, 200), mimeType: kind.mime, size: upload.size,
    sha256: createHash('sha256').update(upload.buffer).digest('hex'), content: upload.buffer,
  };
}

/** Reads the request's `file` as a document (size from configuration, type from its bytes). */
export async function readDocument(req: Request, res: Response, maxBytes: number): Promise<Document> {
  return documentOf(await readUpload(req, res, 'file', maxBytes));
}

/** Sends a stored document as a download the browser does not sniff. */
export function sendDocument(res: Response, doc: { filename: string; mimeType: string; size: number; content: Uint8Array }): void {
  res.setHeader('Content-Type', doc.mimeType);
  res.setHeader('Content-Length', String(doc.size));
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(Buffer.from(doc.content));
}

/** What the API answers about a stored document (never its bytes). */
export const documentView = (a: {
  id: string; purpose: string; taskId: string | null; websiteId: string | null; filename: string; mimeType: string; size: number; sha256: string; uploadedByLogin: string; createdAt: Date;
}) => ({
  id: a.id, purpose: a.purpose, taskId: a.taskId, websiteId: a.websiteId, filename: a.filename, mimeType: a.mimeType, size: a.size, sha256: a.sha256,
  uploadedByLogin: a.uploadedByLogin, createdAt: a.createdAt,
});

export const DOCUMENT_FIELDS = {
  id: true, purpose: true, taskId: true, websiteId: true, filename: true, mimeType: true, size: true, sha256: true, uploadedByLogin: true, createdAt: true,
} as const;
