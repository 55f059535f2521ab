import type { RequestHandler } from 'express';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { resolveSession } from '../services/authService';

export const SESSION_COOKIE = 'govflow_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    // A cookie that is not valid percent-encoding is no session (401), not an error of the server.
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Attaches req.user from the session cookie; routes that need a user call requireUser. */
export function sessionMiddleware(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    try {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token) req.user = (await resolveSession(ctx, token)) ?? undefined;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Requires a signed-in user and, for every state-changing request, the session's CSRF token in a header. */
export const requireUser: RequestHandler = (req, _res, next) => {
  if (!req.user) return next(new AppError('UNAUTHENTICATED', '请先登录，或登录已过期，请重新登录。', 401));
  if (!SAFE_METHODS.has(req.method) && req.get('x-csrf-token') !== req.user.csrfToken) {
    return next(new AppError('CSRF_REJECTED', '页面已过期，请刷新后重试。', 403));
  }
  next();
};
