import { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../context';
import { fromZod } from '../errors';
import { contentRange, parseListQuery } from '../listQuery';
import {
  countMyUnread, createWebhook, createWebhookBody, DELIVERY_SORTABLE, deleteWebhook, INBOX_SORTABLE, listDeliveries, listMyNotifications,
  listWebhooks, markAllNotificationsRead, markNotificationRead, retryDelivery, WEBHOOK_SORTABLE,
} from '../services/notificationService';

type Handler = (req: Request, res: Parameters<RequestHandler>[1]) => Promise<unknown>;
/** express 5 forwards rejected promises to the error middleware; this only sends the JSON result. */
const json = (fn: Handler): RequestHandler => async (req, res) => {
  const out = await fn(req, res);
  if (!res.headersSent) res.json(out);
};

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw fromZod(r.error);
  return r.data;
}
const user = (req: Request) => req.user!;
const rid = (req: Request) => String(req.id);

/**
 * Notifications: each user's in-app inbox, and for administrators the delivery log and the webhook
 * subscriptions. Mounted after requireUser: every route has a signed-in user and writes carry the CSRF token.
 */
export function notificationRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/notifications', json(async (req, res) => {
    const q = parseListQuery(req.query, INBOX_SORTABLE, ['createdAt', 'DESC']);
    const { rows, total } = await listMyNotifications(ctx, user(req), q);
    res.set('Content-Range', contentRange('notifications', q, rows.length, total));
    return rows;
  }));
  r.get('/notifications/unread-count', json(async (req) => countMyUnread(ctx, user(req))));
  r.post('/notifications/read-all', json(async (req) => markAllNotificationsRead(ctx, user(req))));
  r.post('/notifications/:id/read', json(async (req) => markNotificationRead(ctx, user(req), String(req.params.id))));

  r.get('/notification-deliveries', json(async (req, res) => {
    const q = parseListQuery(req.query, DELIVERY_SORTABLE, ['createdAt', 'DESC']);
    const { rows, total } = await listDeliveries(ctx, user(req), q);
    res.set('Content-Range', contentRange('notification-deliveries', q, rows.length, total));
    return rows;
  }));
  r.post('/notification-deliveries/:id/retry', json(async (req) => retryDelivery(ctx, user(req), String(req.params.id), rid(req))));

  r.get('/webhooks', json(async (req, res) => {
    const q = parseListQuery(req.query, WEBHOOK_SORTABLE, ['createdAt', 'DESC']);
    const { rows, total } = await listWebhooks(ctx, user(req), q);
    res.set('Content-Range', contentRange('webhooks', q, rows.length, total));
    return rows;
  }));
  r.post('/webhooks', json(async (req, res) => {
    const out = await createWebhook(ctx, user(req), parse(createWebhookBody, req.body), rid(req));
    res.status(201);
    return out;
  }));
  r.delete('/webhooks/:id', json(async (req) => deleteWebhook(ctx, user(req), String(req.params.id), rid(req))));

  return r;
}
