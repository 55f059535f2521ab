import type { Client } from '@temporalio/client';
import { createCampaignActivities } from './campaigns/campaignActivities';
import type { PrismaClient } from './infra/prisma';
import { createTaskProjection, type Notifier } from './tasks/taskProjection';
import { createWebsiteActivities, type DomainResolver } from './websites/websiteActivities';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** the notification outbox; without it steps run but nobody is told (unit tests of the projection) */
  notifier?: Notifier;
  /** a Temporal client and the task queue, for campaigns (they start and signal their units' workflows) */
  temporal?: { client: Client; taskQueue: string; eagerStart?: boolean };
  /** the closure flow's DNS check; the real resolver unless a test drives it */
  resolver?: DomainResolver;
}

/** Every side effect the flows need, built from explicit dependencies (tests pass their own). */
export function createActivities(deps: ActivityDeps) {
  const campaigns = deps.temporal
    ? createCampaignActivities({ prisma: deps.prisma, temporal: deps.temporal.client, taskQueue: deps.temporal.taskQueue, notifier: deps.notifier, eagerStart: deps.temporal.eagerStart })
    : null;
  return {
    ...createTaskProjection(deps.prisma, deps.notifier),
    ...(campaigns ?? ({} as ReturnType<typeof createCampaignActivities>)),
    ...createWebsiteActivities(deps.prisma, deps.resolver),
  };
}
export type Activities = ReturnType<typeof createActivities>;
