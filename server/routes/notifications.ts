import type { AppContext } from '../context';
import {
  countMyUnread, createWebhook, createWebhookBody, DELIVERY_SORTABLE, deleteWebhook, INBOX_SORTABLE, listDeliveries, listMyNotifications,
  listWebhooks, markAllNotificationsRead, markNotificationRead, retryDelivery, WEBHOOK_SORTABLE,
} from '../services/notificationService';
import { rid, listRoute, route, user, type RouteDef } from './route';

/**
 * Notifications: each user's in-app inbox, and for administrators the delivery log and the webhook
 * subscriptions. Every route is for a signed-in user (writes carry the CSRF token); the delivery log and webhooks for administrators.
 */
export function notificationRoutes(ctx: AppContext): RouteDef[] {
  return [
    listRoute('/notifications', 'signedIn', INBOX_SORTABLE, ['createdAt', 'DESC'], (req, q) => listMyNotifications(ctx, user(req), q)),
    route('get', '/notifications/unread-count', 'signedIn', async (req) => countMyUnread(ctx, user(req))),
    route('post', '/notifications/read-all', 'signedIn', async (req) => markAllNotificationsRead(ctx, user(req))),
    route('post', '/notifications/:id/read', 'signedIn', async (req) => markNotificationRead(ctx, user(req), String(req.params.id))),

    listRoute('/notification-deliveries', 'admin', DELIVERY_SORTABLE, ['createdAt', 'DESC'], (req, q) => listDeliveries(ctx, user(req), q)),
    route('post', '/notification-deliveries/:id/retry', 'admin', async (req) => retryDelivery(ctx, user(req), String(req.params.id), rid(req))),

    listRoute('/webhooks', 'admin', WEBHOOK_SORTABLE, ['createdAt', 'DESC'], (req, q) => listWebhooks(ctx, user(req), q)),
    route('post', '/webhooks', 'admin', async (req, res, { body }) => {
      const out = await createWebhook(ctx, user(req), body, rid(req));
      res.status(201);
      return out;
    }, { body: createWebhookBody }),
    route('delete', '/webhooks/:id', 'admin', async (req) => deleteWebhook(ctx, user(req), String(req.params.id), rid(req))),
  ];
}
