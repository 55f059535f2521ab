import simpleRestProvider from 'ra-data-simple-rest';
import { httpClient } from './httpClient';

const base = simpleRestProvider('/api', httpClient);

/** The step actions the console offers (POST /api/tasks/:id/<action>). */
export type TaskActionName = 'complete' | 'return' | 'claim' | 'withdraw' | 'transfer';
export interface Colleague { id: string; displayName: string; login: string }

export interface TaskHistoryEvent {
  id: string; at: string; action: string; actorLogin: string | null;
  after: Record<string, unknown> | null;
}
export interface TaskHistory {
  events: TaskHistoryEvent[];
  reminders: Array<{ id: string; kind: string; rung: string | null; actorLogin: string | null; message: string; createdAt: string }>;
  escalations: Array<{ id: string; kind: string; rung: string; reason: string; createdAt: string; decision: string | null }>;
}
export interface BulkRemindSummary { matched: number; toRemind: number; skippedRecentlyReminded: number; units: string[]; reminded: number }

const post = async (url: string, body: Record<string, unknown> = {}) =>
  (await httpClient(url, { method: 'POST', body: JSON.stringify(body) })).json;

/** ra-data-simple-rest plus GovFlow's task actions, reminders and the notification inbox's extras. */
export const dataProvider = {
  ...base,
  taskAction: async (id: string, action: TaskActionName, body: Record<string, unknown>) => ({ data: await post(`/api/tasks/${id}/${action}`, body) }),
  taskHistory: async (id: string): Promise<TaskHistory> => (await httpClient(`/api/tasks/${id}/history`)).json,
  /** who a task can be transferred to: same unit and role, not the caller */
  taskColleagues: async (id: string): Promise<Colleague[]> => (await httpClient(`/api/tasks/${id}/colleagues`)).json,
  remindTask: async (id: string, body: { requestId: string; message?: string }) => post(`/api/tasks/${id}/remind`, body),
  bulkRemind: async (body: { requestId: string; preview?: boolean }): Promise<BulkRemindSummary> => post('/api/reminders/bulk', body),
  unreadNotifications: async (): Promise<number> => (await httpClient('/api/notifications/unread-count')).json.count,
  markNotificationRead: async (id: string) => post(`/api/notifications/${id}/read`),
  markAllNotificationsRead: async (): Promise<{ updated: number }> => post('/api/notifications/read-all'),
};
export type GovFlowDataProvider = typeof dataProvider;
