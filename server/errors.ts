import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
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

/** PostgreSQL error classes of a server that is down, restarting or refusing connections (SQLSTATE 08, 57P0x, 53300). */
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[1-4]|53300)$/;
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/**
 * True when the error says PostgreSQL cannot be reached (down, restarting, out of connections), whichever
 * layer threw it: Prisma (P1001, a driver adapter error with a `kind`), or the pg pool under it (a socket
 * error, a SQLSTATE of class 08 or 57P0x, "Connection terminated"). Walks `cause` and `meta` a few levels.
 */
export function databaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; kind?: unknown; message?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.originalCode === 'string' && UNAVAILABLE_SQLSTATE.test(e.originalCode)) return true;
  if (typeof e.kind === 'string' && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && /Connection terminated|Can't reach database server|connection timeout|the database system is (starting up|shutting down)/i.test(e.message)) return true;
  return databaseUnavailable(e.cause, depth + 1) || databaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

/**
 * True when the Temporal frontend cannot be reached (stopped, restarting, the network between): gRPC
 * UNAVAILABLE, bare or as the cause of the client's ServiceError, once the client's own retries gave up.
 */
export function temporalUnavailable(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(grpc) && grpc.code === 14;
}

export const workflowUnavailable = () =>
  new AppError('WORKFLOW_UNAVAILABLE', '流程服务暂时无法连接，本次操作未能确认；请稍后再点一次提交（不会重复办理）。', 503);

/** A PostgreSQL error on a string with a NUL character (SQLSTATE 22021), which a request validator missed. */
const UNREADABLE_TEXT = /^(22021|22P05)$/;
function badText(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if ((typeof e.code === 'string' && UNREADABLE_TEXT.test(e.code)) || (typeof e.originalCode === 'string' && UNREADABLE_TEXT.test(e.originalCode))) return true;
  return badText(e.cause, depth + 1) || badText(e.meta?.driverAdapterError, depth + 1);
}

/**
 * NUL (U+0000) cannot be stored in a PostgreSQL text column; a body or query that carries one anywhere is
 * refused here, before any route reads it, instead of failing in the database with a 500.
 */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (!value || typeof value !== 'object' || depth > 64) return false;
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || hasNul(v, depth + 1)) return true;
  return false;
}
export const refuseNul: RequestHandler = (req, _res, next) => {
  if (hasNul(req.body) || hasNul(req.query)) return next(new AppError('VALIDATION_FAILED', '提交的内容含有不可见的控制字符（NUL），请删除后重试。', 400));
  next();
};

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `接口不存在：${req.method} ${req.path}`, 404));
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else if (err instanceof ZodError) appErr = fromZod(err);
  else if (err?.type === 'entity.parse.failed') appErr = new AppError('INVALID_JSON', '请求内容不是有效的JSON。', 400);
  else if (err?.type === 'entity.too.large') appErr = new AppError('PAYLOAD_TOO_LARGE', '提交的内容过大。', 413);
  // PostgreSQL restarting or out of reach: a clerk retries in a moment; nothing was written (or the write's
  // transaction was rolled back), and an action retried with the same requestId is applied once.
  else if (databaseUnavailable(err)) appErr = new AppError('DB_UNAVAILABLE', '数据库暂时无法连接，请稍后重试；已提交的内容不会丢失。', 503);
  // Temporal out of reach: every route that starts, asks or acts on a flow (the inbox reads PostgreSQL).
  else if (temporalUnavailable(err)) appErr = workflowUnavailable();
  else if (badText(err)) appErr = new AppError('VALIDATION_FAILED', '提交的内容含有不可见的控制字符（NUL），请删除后重试。', 400);
  else appErr = new AppError('INTERNAL', '服务器内部错误，请稍后重试；如果问题持续，请联系管理员并提供请求编号。', 500);
  const log = req.log ?? console;
  if (appErr.status === 503) log.warn({ code: appErr.code, err: String(err?.message ?? err).slice(0, 200) }, 'request failed: a service is unavailable');
  else if (appErr.status >= 500) log.error({ err }, 'request failed');
  else if (errorStatus(appErr.code) === undefined) log.warn({ code: appErr.code, status: appErr.status }, 'request refused with a code missing from server/errorCodes.ts');
  else log.info({ code: appErr.code }, 'request refused');
  const body: Record<string, unknown> = { code: appErr.code, message: appErr.message, requestId: req.id };
  if (appErr.details !== undefined) body.details = appErr.details;
  res.status(appErr.status).json({ error: body });
};

/**
 * Requests Node's HTTP parser refuses before express sees them (a header section over 16 KB, a malformed
 * request line) answered in the API's error shape instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({ error: tooLarge
      ? { code: 'HEADERS_TOO_LARGE', message: '请求的网址或请求头过长，请缩短筛选条件后重试。', requestId: randomUUID() }
      : { code: 'MALFORMED_REQUEST', message: '请求格式不正确。', requestId: randomUUID() } });
    socket.end(`HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}
