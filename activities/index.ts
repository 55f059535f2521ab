import type { Client } from '@temporalio/client';
import { createCalendarChangeActivities } from './calendar/calendarChangeActivities';
import { createCampaignActivities } from './campaigns/campaignActivities';
import type { PrismaClient } from './infra/prisma';
import { createTaskProjection, type Notifier } from './tasks/taskProjection';
import { createWebsiteActivities, type DomainResolver } from './websites/websiteActivities';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** the notification outbox; without it steps run but nobody is told (unit tests of the projection) */
  notifier?: Notifier;
  /** a Temporal client and the task queue, for campaigns (they start and signal their units' workflows) and calendar changes (they update running steps) */
  temporal?: { client: Client; taskQueue: string; eagerStart?: boolean };
  /** the closure flow's DNS check; the real resolver unless a test drives it */
  resolver?: DomainResolver;
  /** how many running steps a calendar change updates at once (CALENDAR_CHANGE_CONCURRENCY) */
  calendarChangeConcurrency?: number;
}

/** Every side effect the flows need, built from explicit dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  const campaigns = deps.temporal
    ? createCampaignActivities({ prisma: deps.prisma, temporal: deps.temporal.client, taskQueue: deps.temporal.taskQueue, eagerStart: deps.temporal.eagerStart, notifier: deps.notifier })
    : null;
  const calendarChanges = deps.temporal
    ? createCalendarChangeActivities({ prisma: deps.prisma, temporal: deps.temporal.client, concurrency: deps.calendarChangeConcurrency })
    : null;
  return {
    ...createTaskProjection(deps.prisma, deps.notifier),
    ...(campaigns ?? ({} as ReturnType<typeof createCampaignActivities>)),
    ...(calendarChanges ?? ({} as ReturnType<typeof createCalendarChangeActivities>)),
    ...createWebsiteActivities(deps.prisma, deps.resolver),
  };
}
export type Activities = ReturnType<typeof createActivities>;
