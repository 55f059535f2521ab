import type { ErrorRequestHandler } from 'express';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { recordAudit } from '../repositories/auditRepository';

/**
 * Every refusal for lack of permission (403, whichever layer threw it) leaves an audit row, so that an
 * account probing what it may not do shows up in the log. Passes the error on to errorHandler unchanged.
 */
export function auditDenials(ctx: AppContext): ErrorRequestHandler {
  return async (err, req, _res, next) => {
    if (err instanceof AppError && err.status === 403) {
      try {
        await recordAudit(ctx.prisma, {
          action: 'auth.denied', entityType: 'route', entityId: `${req.method} ${req.originalUrl.split('?')[0]}`.slice(0, 300),
          actorId: req.user?.id, actorLogin: req.user?.login, requestId: String(req.id), after: { code: err.code, ip: req.ip },
        });
      } catch (auditErr) {
        (req.log ?? ctx.logger).error({ err: auditErr }, 'could not audit a permission denial');
      }
    }
    next(err);
  };
}
