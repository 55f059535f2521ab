import type { Issue } from '@domain/annual-report';
import simpleRestProvider from 'ra-data-simple-rest';
import { httpClient } from './httpClient';

const base = simpleRestProvider('/api', httpClient);

/** The step actions the console offers (POST /api/tasks/:id/<action>). */
export type TaskActionName = 'complete' | 'return' | 'claim' | 'withdraw' | 'transfer' | 'add-approver' | 'cc' | 'extend' | 'pause' | 'resume';
export interface Colleague { id: string; displayName: string; login: string; roles?: string[] }

/** One step of a workflow run, as the instance timeline shows it. */
export interface InstanceStep {
  id: string; stageKey: string; round: number; status: string; position: string; assigneeRole: string;
  /** a countersigned step's signer is named in its task's title: "…（会签：区政府办公室负责人）" */
  title?: string;
  assignee: string | null; completedBy: string | null; startedAt: string;
  /** 委托: whom the task was meant for ("代 X 办理") */
  delegatedFrom?: string | null; deadlineAt: string | null; completedAt: string | null;
  comment: string | null; returnedWith: { fromStageKey?: string; reasonCode?: string; comment?: string; byLogin?: string; problems?: string[]; kind?: string } | null;
  orgUnit: { name: string };
  events: TaskHistoryEvent[];
  reminders: TaskHistory['reminders'];
}
export interface DraftCheck { ok: boolean; issues: ReportIssue[]; errors: ReportIssue[]; warnings: ReportIssue[]; savedAt: string }
/** the server's check of a report: the same Issue the console's own check produces (domain/annual-report) */
export type ReportIssue = Issue;
export interface RectificationItem { id: string; text: string; year: number }
export interface RectificationAnswer { id: string; status: 'done' | 'in-progress'; text: string }
export interface SubmittedReport {
  report: unknown | null; previous?: unknown | null; round?: number; stageKey?: string; submittedAt?: string; submittedBy?: string | null;
  /** 整改: last year's returned problems carried by the run's self-check, and the clerk's answers */
  rectification?: { items: RectificationItem[]; answers: RectificationAnswer[] };
  /** the server's checks of the submitted report (arithmetic and content), and the warnings the clerk confirmed */
  checks?: { errors: ReportIssue[]; warnings: ReportIssue[] } | null;
  confirmedWarnings?: string[];
}
/** 文字重复率 of the report a task is about (GET /api/tasks/:id/duplication). */
export interface DuplicationView {
  checked: boolean; reason?: string; level?: 'ok' | 'warn' | 'return'; thresholds: { warnPercent: number; returnPercent: number };
  total?: number; lastYear?: number; others?: number; tookMs?: number; reports?: number; hiddenMatches?: number;
  sections?: Array<{ section: string; chars: number; total: number; lastYear: number; others: number }>;
  matches?: Array<{
    section: string; sentence: { start: number; end: number; text: string }; others: number;
    source: { unitId: string; year: number; label?: string; section: string; text: string; start: number; end: number; lastYear: boolean };
  }>;
}
export interface ConsoleConfig { temporalUi: { url: string | null; namespace: string } }
export interface RunningCount { stageId: string; running: number }
export interface CalendarDay { date: string; working: boolean; kind: 'workday' | 'weekend' | 'holiday' | 'makeup-workday' | 'override-holiday' | 'override-workday'; name?: string; covered: boolean }
/** A calendar change as the API takes it: days added or removed, or a year's arrangement in the calendar package's JSON shape. */
export interface CalendarChange {
  add?: Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
  remove?: string[];
  arrangement?: { year: number; title?: string; holidays: Record<string, string>; workdays: Record<string, string> };
  requestId?: string;
}
export interface MovedStep {
  taskId: string; stepKey: string; title: string; deadlineKind: 'working-days' | 'fixed-due' | 'statutory';
  deadlineBefore: string; deadlineAfter: string; shiftDays: number; rungs: Array<{ key: string; before: string; after: string }>;
}
export interface CalendarChangePreview {
  summary: string;
  add: Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
  remove: Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
  year?: { year: number; title: string };
  alreadyNational: string[];
  changedDays: string[];
  counts: { running: number; examined: number; deadlinesMoved: number; rungsOnlyMoved: number; pastDeadline: number; unchanged: number };
  moved: MovedStep[];
  pastDeadline: Array<{ taskId: string; title: string; deadlineAt: string }>;
  days?: CalendarDay[];
}
/** A running step a calendar change's job examined: moved (old and new deadline) or failed (with the reason). */
export interface CalendarChangeStep {
  taskId: string; workflowId: string; title: string; deadlineKind: MovedStep['deadlineKind'] | null;
  deadlineBefore: string | null; deadlineAfter: string | null; rungsMoved: number; reason: string | null;
}
/** A calendar change being applied to running steps by its job (GET /api/calendar/changes/:id). */
export interface CalendarChangeJob {
  id: string; workflowId: string; summary: string; status: 'RUNNING' | 'DONE' | 'FAILED'; createdAt: string; finishedAt: string | null;
  progress: { phase: 'planning' | 'applying' | 'done'; total: number; done: number; moved: number; unchanged: number; failed: number; percent: number };
  moved: CalendarChangeStep[];
  failures: CalendarChangeStep[];
}
export interface CalendarYearEntry { year: number; title: string; enteredBy: string | null; nationalDataCovers: boolean }
export interface CoverageWarning { code: 'CALENDAR_NOT_COVERED'; message: string; years: number[]; dates: string[] }
export interface CalendarCoverage {
  covered: boolean; years: number[];
  tasks: (CoverageWarning & { count: number }) | null;
  campaigns: Array<{ campaignId: string; title: string; warning: CoverageWarning }>;
}

export interface TaskHistoryEvent {
  id: string; at: string; action: string; actorLogin: string | null;
  after: Record<string, unknown> | null;
  /** 委托: whom the actor acted for */
  onBehalfOfName?: string | null;
}
export interface TaskHistory {
  events: TaskHistoryEvent[];
  reminders: Array<{ id: string; kind: string; rung: string | null; actorLogin: string | null; message: string; createdAt: string }>;
  escalations: Array<{ id: string; kind: string; rung: string; reason: string; createdAt: string; decision: string | null }>;
  steps: InstanceStep[];
  /** the stages that ran in the task's run (names only, whoever's they were): the targets 退回 may offer */
  stagesRun: string[];
}
export interface BulkRemindSummary { matched: number; toRemind: number; skippedRecentlyReminded: number; units: string[]; reminded: number }

const post = async (url: string, body: Record<string, unknown> = {}) =>
  (await httpClient(url, { method: 'POST', body: JSON.stringify(body) })).json;
const put = async (url: string, body: Record<string, unknown> = {}) =>
  (await httpClient(url, { method: 'PUT', body: JSON.stringify(body) })).json;

let config: Promise<ConsoleConfig> | undefined;

/** ra-data-simple-rest plus GovFlow's task actions, reminders and the notification inbox's extras. */
export const dataProvider = {
  ...base,
  /**
   * `task-history` is a task's history (GET /api/tasks/:id/history) read through getOne, so that it lives in
   * react-admin's query cache: the refresh after any action refetches it with the task.
   */
  getOne: ((resource, params) => (resource === 'task-history'
    ? httpClient(`/api/tasks/${params.id}/history`).then(({ json }) => ({ data: { ...json, id: params.id } }))
    : base.getOne(resource, params))) as typeof base.getOne,
  taskAction: async (id: string, action: TaskActionName, body: Record<string, unknown>) => ({ data: await post(`/api/tasks/${id}/${action}`, body) }),
  taskHistory: async (id: string): Promise<TaskHistory> => (await httpClient(`/api/tasks/${id}/history`)).json,
  /** who a task can be transferred to: same unit and role, not the caller */
  taskColleagues: async (id: string): Promise<Colleague[]> => (await httpClient(`/api/tasks/${id}/colleagues`)).json,
  /** who may be added as an approver (加签) or copied (抄送): the task's unit, any post, not the caller */
  taskUnitUsers: async (id: string): Promise<Colleague[]> => (await httpClient(`/api/tasks/${id}/unit-users`)).json,
  /** the annual report as last submitted in the task's run (null before the first submission) */
  taskReport: async (id: string): Promise<SubmittedReport> => (await httpClient(`/api/tasks/${id}/report`)).json,
  saveDraft: async (id: string, report: unknown, rectification?: RectificationAnswer[]): Promise<DraftCheck> =>
    put(`/api/tasks/${id}/draft`, rectification ? { report, rectification } : { report }),
  taskDuplication: async (id: string): Promise<DuplicationView> => (await httpClient(`/api/tasks/${id}/duplication`)).json,
  campaignDuplicationPass: async (id: string): Promise<{ checked: number; ok: number; warn: number; return: number; tookMs: number }> => post(`/api/campaigns/${id}/duplication`, {}),
  runningSteps: async (stageId: string): Promise<RunningCount> => (await httpClient(`/api/stages/${stageId}/running`)).json,
  updateStage: async (stageId: string, body: Record<string, unknown>) => put(`/api/stages/${stageId}`, body),
  calendarDays: async (from: string, to: string): Promise<CalendarDay[]> => (await httpClient(`/api/calendar/days?from=${from}&to=${to}`)).json,
  previewCalendarChange: async (change: CalendarChange): Promise<CalendarChangePreview> => post('/api/calendar/changes/preview', change as Record<string, unknown>),
  applyCalendarChange: async (change: CalendarChange): Promise<CalendarChangeJob> => post('/api/calendar/changes', change as Record<string, unknown>),
  calendarChange: async (id: string): Promise<CalendarChangeJob> => (await httpClient(`/api/calendar/changes/${encodeURIComponent(id)}`)).json,
  calendarYears: async (): Promise<CalendarYearEntry[]> => (await httpClient('/api/calendar/years')).json,
  calendarCoverage: async (): Promise<CalendarCoverage> => (await httpClient('/api/calendar/coverage')).json,
  /** 流程监控: an administrator's intervention on a run (reassign, jump-back, end), answered with the run's history. */
  intervene: async (instanceId: string, kind: 'reassign' | 'jump-back' | 'end', body: Record<string, unknown>) => post(`/api/flow-instances/${instanceId}/${kind}`, body),
  reassignCandidates: async (instanceId: string, taskId: string): Promise<Colleague[]> =>
    (await httpClient(`/api/flow-instances/${instanceId}/tasks/${taskId}/candidates`)).json,
  decideEscalation: async (id: string, body: { decision: 'notice' | 'dismiss'; comment: string }) => post(`/api/escalations/${id}/decide`, body),
  resetPassword: async (id: string, password: string) => post(`/api/users/${id}/reset-password`, { password }),
  /** the console's settings, read once per page load */
  config: (): Promise<ConsoleConfig> => (config ??= httpClient('/api/config').then((r) => r.json as ConsoleConfig, (err) => { config = undefined; throw err; })),
  remindTask: async (id: string, body: { requestId: string; message?: string }) => post(`/api/tasks/${id}/remind`, body),
  bulkRemind: async (body: { requestId: string; preview?: boolean }): Promise<BulkRemindSummary> => post('/api/reminders/bulk', body),
  unreadNotifications: async (): Promise<number> => (await httpClient('/api/notifications/unread-count')).json.count,
  markNotificationRead: async (id: string) => post(`/api/notifications/${id}/read`),
  markAllNotificationsRead: async (): Promise<{ updated: number }> => post('/api/notifications/read-all'),
};
export type GovFlowDataProvider = typeof dataProvider;
