import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { refusalStatus } from '../domain/step/refusals';
import { errorStatus } from './errorCodes';

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

/**
 * A flow's refusal (the ApplicationFailure an update validator or form check threw) as the API's error,
 * its status from the catalogue (`domain/step/refusals.ts`). A code the catalogue lacks is a bug to fix
 * there, not the client's fault and not a crash: it answers 400 with the flow's sentence and logs a warning.
 */
export function refusalError(code: string | null | undefined, message: string, log?: { warn(obj: object, msg: string): void }): AppError {
  const status = code ? refusalStatus(code) : undefined;
  if (status !== undefined) return new AppError(code!, message, status);
  log?.warn({ code }, 'a workflow refusal code is missing from domain/step/refusals.ts: answered 400');
  return new AppError(code || 'ACTION_REJECTED', message, 400);
}

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
  else if (errorStatus(appErr.code) === undefined) log.warn({ code: appErr.code, status: appErr.status }, 'request refused with a code missing from server/errorCodes.ts');
  else log.info({ code: appErr.code }, 'request refused');
  const body: Record<string, unknown> = { code: appErr.code, message: appErr.message, requestId: req.id };
  if (appErr.details !== undefined) body.details = appErr.details;
  res.status(appErr.status).json({ error: body });
};
