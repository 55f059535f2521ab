import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

/**
 * The one error type of the API: a stable code a program reads and a sentence a clerk reads. Everything
 * else that escapes a route becomes a 500 with a generic sentence; details go to the log, never the client.
 */
export class AppError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400, readonly details?: unknown) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或已被删除。`, 404);

/** Zod issues as a list of fields and sentences, in Chinese first. */
export function fromZod(err: ZodError): AppError {
  const details = err.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  const first = details[0];
  const message = details.length === 1 ? `提交的内容有误：${first.field} ${first.message}` : `提交的内容有${details.length}处错误，请逐项修改。`;
  return new AppError('VALIDATION_FAILED', message, 400, details);
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `接口不存在：${req.method} ${req.path}`, 404));
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else if (err instanceof ZodError) appErr = fromZod(err);
  else if (err?.type === 'entity.parse.failed') appErr = new AppError('INVALID_JSON', '请求内容不是有效的JSON。', 400);
  else if (err?.type === 'entity.too.large') appErr = new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大。', 413);
  else appErr = new AppError('INTERNAL', '服务器内部错误，请稍后重试；如果问题持续，请联系管理员并提供请求编号。', 500);
  const log = req.log ?? console;
  if (appErr.status >= 500) log.error({ err }, 'request failed');
  else log.info({ code: appErr.code }, 'request refused');
  const body: Record<string, unknown> = { code: appErr.code, message: appErr.message, requestId: req.id };
  if (appErr.details !== undefined) body.details = appErr.details;
  res.status(appErr.status).json({ error: body });
};
