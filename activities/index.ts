import type { PrismaClient } from './infra/prisma';
import { createTaskProjection, type Notifier } from './tasks/taskProjection';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** the notification outbox; without it steps run but nobody is told (unit tests of the projection) */
  notifier?: Notifier;
}

/** Every side effect the flows need, built from explicit dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskProjection(deps.prisma, deps.notifier),
  };
}
export type Activities = ReturnType<typeof createActivities>;
