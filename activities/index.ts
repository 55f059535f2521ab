import type { PrismaClient } from './infra/prisma';
import { createTaskProjection, type Notifier } from './tasks/taskProjection';
import { createWebsiteActivities, type DomainResolver } from './websites/websiteActivities';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** the notification outbox; without it steps run but nobody is told (unit tests of the projection) */
  notifier?: Notifier;
  /** the closure flow's DNS check; the real resolver unless a test drives it */
  resolver?: DomainResolver;
}

/** Every side effect the flows need, built from explicit dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskProjection(deps.prisma, deps.notifier),
    ...createWebsiteActivities(deps.prisma, deps.resolver),
  };
}
export type Activities = ReturnType<typeof createActivities>;
