/**
 * An annual-report campaign (专项部署). The units' workflows are not children: the campaign starts each
 * one directly (workflow id `annual-report/<year>/<unit code>`, the campaign id as a search attribute),
 * so a campaign of any size stays far from Temporal's limits on pending children per parent and on
 * history size — this workflow's history holds a few activities per launch batch and per publication
 * round, not one event per unit. Progress is read from PostgreSQL, which the units' activities keep.
 *
 * It launches the units (and any added later), then waits for each publication group's time and runs
 * its centralized publication (集中公开). An administrator may move a group's time (the plan is read again)
 * or publish a group at once.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CampaignActivities } from '../activities/campaigns/campaignActivities';
import type { PublicationGroup } from '../domain/campaign';
import { workflowNow } from './time';

// The launch heartbeats after every unit it starts: a worker killed mid-launch is noticed within the
// heartbeat timeout and the launch retried on another (or the restarted) worker, instead of stalling for
// minutes. Timeouts are not part of what a replay compares, so running campaigns replay unchanged.
const acts = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface CampaignInput {
  campaignId: string;
}

/** Units were added to the campaign's table: start their workflows. */
export const unitsAddedSignal = defineSignal('unitsAdded');
/** The administrator changed the timetable: read the publication times again. */
export const scheduleChangedSignal = defineSignal('scheduleChanged');
/** The administrator publishes a group now instead of at its planned time. */
export const publishNowSignal = defineSignal<[PublicationGroup]>('publishNow');

export async function annualReportCampaignWorkflow(input: CampaignInput): Promise<{ rounds: Record<string, number> }> {
  let launchRequests = 1;
  let scheduleVersion = 0;
  const publishNow = new Set<PublicationGroup>();
  setHandler(unitsAddedSignal, () => { launchRequests++; });
  setHandler(scheduleChangedSignal, () => { scheduleVersion++; });
  setHandler(publishNowSignal, (group) => { publishNow.add(group); });

  const published: Record<string, number> = {};
  for (;;) {
    if (launchRequests > 0) {
      launchRequests = 0;
      await acts.launchCampaignUnits({ campaignId: input.campaignId });
      continue;
    }
    const plan = await acts.campaignPlan({ campaignId: input.campaignId });
    if (plan.pendingUnits > 0) {
      launchRequests++;
      continue;
    }
    if (plan.rounds.length === 0) break;
    const now = workflowNow().getTime();
    const due = plan.rounds.filter((r) => publishNow.has(r.group) || Date.parse(r.publishAt) <= now);
    if (due.length === 0) {
      const next = Math.min(...plan.rounds.map((r) => Date.parse(r.publishAt)));
      const version = scheduleVersion;
      await condition(() => launchRequests > 0 || scheduleVersion !== version || publishNow.size > 0, Math.max(1, next - now));
      continue;
    }
    for (const round of due) {
      const out = await acts.publishRound({ campaignId: input.campaignId, group: round.group, at: workflowNow().toISOString() });
      published[round.group] = out.published;
      publishNow.delete(round.group);
    }
  }
  await acts.finishCampaign({ campaignId: input.campaignId });
  return { rounds: published };
}
