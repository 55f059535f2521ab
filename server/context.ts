import type { Client } from '@temporalio/client';
import type { Config } from '../activities/infra/config';
import type { Logger } from '../activities/infra/logger';
import type { PrismaClient } from '../activities/infra/prisma';
import type { Role } from '../workflows/shared';
import type { Notifier } from '../activities/tasks/taskProjection';

/** What every service needs, built once at start-up (server/main.ts) or by a test. */
export interface AppContext {
  config: Config;
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  /** the notification outbox (manual reminders); absent only in tests that do not need it */
  notifier?: Notifier;
  /** the process's life (server/main.ts): draining after SIGTERM, requests in flight; absent in tests */
  lifecycle?: Lifecycle;
}

/** Set by server/main.ts on SIGTERM; the app refuses new work while it drains and counts what is in flight. */
export interface Lifecycle {
  draining: boolean;
  inFlight: number;
}

/** The signed-in user as every route and service sees them. */
export interface CurrentUser {
  id: string;
  login: string;
  displayName: string;
  orgUnitId: string;
  orgUnitPath: string;
  orgUnitName: string;
  /**
   * The subtree a supervisor or administrator oversees: a general office (办公厅/室) is the supervising
   * office of its whole government (条例 第三条), so its scope is its parent's subtree; otherwise its own.
   */
  scopePath: string;
  roles: Role[];
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: CurrentUser;
  }
}
