/**
 * Side effects of an annual-report campaign: starting its units' workflows in batches, and the
 * centralized publication (集中公开). Every function is keyed by business ids and safe to retry: a unit
 * already started, ready or published is left as it is.
 */
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { endOfChinaDay } from '../../domain/calendar';
import type { CampaignSchedule, PublicationGroup } from '../../domain/campaign';
import type { RectificationItem } from '../../domain/annual-report';
import { annualReportWorkflowId, FLOW_WORKFLOW_TASK_TIMEOUT } from '../../domain/step';
import type { PrismaClient, Prisma } from '../infra/prisma';
import type { Notifier } from '../tasks/taskProjection';

export const SA_CAMPAIGN = defineSearchAttributeKey('GovFlowCampaignId', SearchAttributeType.KEYWORD);
export const SA_UNIT = defineSearchAttributeKey('GovFlowUnitCode', SearchAttributeType.KEYWORD);
export const SA_FLOW = defineSearchAttributeKey('GovFlowFlow', SearchAttributeType.KEYWORD);

/** What a unit's workflow is started with (kept here so the activity and the workflow agree). */
export interface CampaignUnitStart {
  campaignId: string;
  orgUnitId: string;
  unitName: string;
  year: number;
  districtOfficeId: string | null;
  cityOfficeId: string;
  publicationGroup: PublicationGroup;
  publishBy: string;
  dueDates: Record<string, string>;
}

export interface PublishSignalInput {
  /** DEPARTMENT / GOVERNMENT / TOWNSHIP for a centralized round; 'single' for a unit ready after its round; 'late' for an administrator's late publication */
  round: string;
  at: string;
  late: boolean;
  reason?: string;
  byLogin?: string;
}

export interface CampaignDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  /**
   * Ask the server to hand each unit's first workflow task straight back to this worker (eager start). Only
   * when the client shares the worker's NativeConnection (worker/main.ts): the SDK refuses it otherwise.
   */
  eagerStart?: boolean;
  notifier?: Notifier;
  /** how many unit workflows are started at once (each start is one round trip to Temporal) */
  startConcurrency?: number;
}

/** The offices that review reports: each district's general office, and the city general office. */
export async function reviewingOffices(prisma: PrismaClient | Prisma.TransactionClient) {
  const offices = await prisma.orgUnit.findMany({ where: { kind: 'GENERAL_OFFICE' }, include: { parent: true } });
  const city = offices.find((o) => o.parent?.kind === 'CITY_GOVERNMENT') ?? null;
  const byDistrictId = new Map(offices.filter((o) => o.parent?.kind === 'DISTRICT_GOVERNMENT').map((o) => [o.parentId!, o.id]));
  return { cityOfficeId: city?.id ?? null, districtOfficeOf: (parentId: string | null) => (parentId ? byDistrictId.get(parentId) ?? null : null) };
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export { annualReportWorkflowId };

/**
 * The unit's report of the year before, as its flow ended in GovFlow: the final text fixed at 预发布 when
 * one was sent, else the last self-check the reviewers passed. Null when last year did not run here.
 */
export async function findPreviousReport(prisma: PrismaClient | Prisma.TransactionClient, orgUnitId: string, year: number): Promise<unknown> {
  // Plain SQL (each of a campaign's units asks at its start): Prisma's raw queries skip its query compiler.
  const unit = await unitOf(prisma, orgUnitId);
  return unit ? previousReportOf(prisma, unit.code, year) : null;
}

async function previousReportOf(prisma: PrismaClient | Prisma.TransactionClient, unitCode: string, year: number): Promise<unknown> {
  const tasks = await prisma.$queryRaw<Array<{ stageKey: string; result: unknown }>>`
    SELECT "stageKey", "result" FROM "Task"
     WHERE "workflowId" = ${annualReportWorkflowId(year - 1, unitCode)} AND "status" = 'COMPLETED' AND "position" = 'main' AND "stageKey" IN ('pre-release', 'self-check')
     ORDER BY "completedAt" DESC`;
  for (const t of tasks) {
    const report = (t.result as { report?: unknown } | null)?.report;
    if (report) return report;
  }
  return null;
}

/**
 * Last year's problems the city returned (全市核查 退回 with a problem list), as this year's 整改 items
 * (docs/domain.md §3 step 2: the deployment carries last year's problems and the corrections asked for).
 * Every round's list, in order, each problem once; ids are `<year>-<n>`, stable for the answers.
 */
export async function findRectificationItems(prisma: PrismaClient | Prisma.TransactionClient, orgUnitId: string, year: number): Promise<RectificationItem[]> {
  const unit = await unitOf(prisma, orgUnitId);
  return unit ? rectificationItemsOf(prisma, unit.code, year) : [];
}

async function rectificationItemsOf(prisma: PrismaClient | Prisma.TransactionClient, unitCode: string, year: number): Promise<RectificationItem[]> {
  const returns = await prisma.$queryRaw<Array<{ result: unknown }>>`
    SELECT "result" FROM "Task"
     WHERE "workflowId" = ${annualReportWorkflowId(year - 1, unitCode)} AND "stageKey" = 'city-verification' AND "status" = 'RETURNED'
     ORDER BY "completedAt" ASC, "round" ASC`;
  const seen = new Set<string>();
  const items: RectificationItem[] = [];
  for (const t of returns) {
    const problems = (t.result as { problems?: unknown } | null)?.problems;
    if (!Array.isArray(problems)) continue;
    for (const p of problems) {
      if (typeof p !== 'string' || p.trim() === '' || seen.has(p.trim())) continue;
      seen.add(p.trim());
      items.push({ id: `${year - 1}-${items.length + 1}`, text: p.trim(), year: year - 1 });
    }
  }
  return items;
}

/** 条例 第五十条: a government's report also gives the results of 考核、评议、责任追究. */
export const GOVERNMENT_KINDS = ['CITY_GOVERNMENT', 'DISTRICT_GOVERNMENT'] as const;

/** What the content checks need to know of a unit and its last year: the 整改 items and whether it is a government. */
export async function findReportContext(prisma: PrismaClient | Prisma.TransactionClient, orgUnitId: string, year: number): Promise<ReportContext> {
  const unit = await unitOf(prisma, orgUnitId);
  if (!unit) return { rectification: [], government: false };
  return { rectification: await rectificationItemsOf(prisma, unit.code, year), government: GOVERNMENT_KINDS.includes(unit.kind as never) };
}

/** A unit's code and kind (one indexed read, in plain SQL). */
async function unitOf(prisma: PrismaClient | Prisma.TransactionClient, orgUnitId: string): Promise<{ code: string; kind: string } | undefined> {
  const [unit] = await prisma.$queryRaw<Array<{ code: string; kind: string }>>`SELECT "code", "kind"::text AS kind FROM "OrgUnit" WHERE "id" = ${orgUnitId}::uuid`;
  return unit;
}

export interface ReportContext { rectification: RectificationItem[]; government: boolean }

export function createCampaignActivities(deps: CampaignDeps) {
  const { prisma, temporal } = deps;
  const concurrency = deps.startConcurrency ?? 16;

  async function countStarted(campaignId: string) {
    const startedUnits = await prisma.campaignUnit.count({ where: { campaignId, state: { not: 'PENDING' } } });
    const totalUnits = await prisma.campaignUnit.count({ where: { campaignId } });
    await prisma.campaign.update({ where: { id: campaignId }, data: { startedUnits, totalUnits } });
    return { startedUnits, totalUnits };
  }

  /**
   * Starts the workflow of every unit still PENDING in the campaign, `concurrency` at a time, and keeps
   * the campaign's started count current for the console's progress bar. A unit whose workflow already
   * exists (a retried attempt) counts as started.
   */
  async function launchCampaignUnits(input: { campaignId: string }): Promise<{ started: number; totalUnits: number }> {
    const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
    const schedule = campaign.schedule as unknown as CampaignSchedule;
    const offices = await reviewingOffices(prisma);
    if (!offices.cityOfficeId) throw new Error('the city general office (市政府办公厅) is missing from the org tree');
    const pending = await prisma.campaignUnit.findMany({ where: { campaignId: campaign.id, state: 'PENDING' }, include: { orgUnit: true }, orderBy: { orgUnit: { path: 'asc' } } });
    let started = 0;
    let sinceCount = 0;
    await pool(pending, concurrency, async (u) => {
      const group = u.publicationGroup as PublicationGroup;
      const args: CampaignUnitStart = {
        campaignId: campaign.id, orgUnitId: u.orgUnitId, unitName: u.orgUnit.name, year: campaign.year,
        districtOfficeId: offices.districtOfficeOf(u.orgUnit.parentId), cityOfficeId: offices.cityOfficeId!,
        publicationGroup: group, publishBy: u.publishBy, dueDates: schedule[group]?.dueDates ?? {},
      };
      try {
        await temporal.workflow.start('annualReportWorkflow', {
          workflowId: u.workflowId,
          taskQueue: deps.taskQueue,
          workflowTaskTimeout: FLOW_WORKFLOW_TASK_TIMEOUT,
          ...(deps.eagerStart ? { requestEagerStart: true } : {}),
          args: [args],
          typedSearchAttributes: new TypedSearchAttributes([
            { key: SA_CAMPAIGN, value: campaign.id }, { key: SA_UNIT, value: u.orgUnit.code }, { key: SA_FLOW, value: campaign.flowKey },
          ]),
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      await prisma.$executeRaw`UPDATE "CampaignUnit" SET "state" = 'RUNNING', "startedAt" = now() AT TIME ZONE 'UTC' WHERE "id" = ${u.id}::uuid AND "state" = 'PENDING'`;
      started++;
      // Every unit: the SDK throttles what it sends to the server, and a start that takes long under load
      // (a batch of 16 against a busy Temporal) still keeps the 20-second heartbeat timeout.
      Context.current().heartbeat(started);
      if (++sinceCount >= 25) {
        sinceCount = 0;
        await countStarted(campaign.id);
      }
    });
    const counts = await countStarted(campaign.id);
    await prisma.campaign.updateMany({ where: { id: campaign.id, status: 'LAUNCHING' }, data: { status: 'RUNNING', launchFinishedAt: new Date() } });
    return { started, totalUnits: counts.totalUnits };
  }

  /** When each group still to publish goes out, read afresh each time (an administrator may move it). */
  async function campaignPlan(input: { campaignId: string }): Promise<{ rounds: Array<{ group: PublicationGroup; publishAt: string }>; pendingUnits: number }> {
    const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
    const schedule = campaign.schedule as unknown as CampaignSchedule;
    const done = campaign.publishedRounds as Record<string, string>;
    const groups = await prisma.campaignUnit.groupBy({ by: ['publicationGroup'], where: { campaignId: campaign.id } });
    const rounds = groups
      .map((g) => g.publicationGroup as PublicationGroup)
      .filter((g) => !done[g] && schedule[g])
      .map((group) => ({ group, publishAt: schedule[group]!.publishAt }));
    const pendingUnits = await prisma.campaignUnit.count({ where: { campaignId: campaign.id, state: 'PENDING' } });
    return { rounds, pendingUnits };
  }

  async function lockCampaign(tx: Prisma.TransactionClient, campaignId: string) {
    await tx.$queryRaw`SELECT id FROM "Campaign" WHERE id = ${campaignId}::uuid FOR UPDATE`;
  }

  /**
   * 集中公开 of one group: records the round, then tells every unit of the group that is ready. The
   * campaign row is locked, so a unit becoming ready at the same moment either is in this round's list or
   * learns from `markUnitReady` that its round has passed: none is left out.
   */
  async function publishRound(input: { campaignId: string; group: PublicationGroup; at: string }): Promise<{ published: number }> {
    const ready = await prisma.$transaction(async (tx) => {
      await lockCampaign(tx, input.campaignId);
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
      const rounds = { ...(campaign.publishedRounds as Record<string, string>) };
      rounds[input.group] ??= input.at;
      await tx.campaign.update({ where: { id: campaign.id }, data: { publishedRounds: rounds } });
      await tx.auditEvent.createMany({
        data: [{ action: 'campaign.publication_round', entityType: 'campaign', entityId: campaign.id, workflowId: campaign.workflowId, after: { group: input.group, at: rounds[input.group] }, dedupeKey: `${campaign.id}/round/${input.group}` }],
        skipDuplicates: true,
      });
      return tx.campaignUnit.findMany({ where: { campaignId: campaign.id, publicationGroup: input.group, state: 'READY' }, select: { workflowId: true } });
    });
    let published = 0;
    await pool(ready, concurrency, async (u) => {
      try {
        await temporal.workflow.getHandle(u.workflowId).signal('publish', { round: input.group, at: input.at, late: false } satisfies PublishSignalInput);
        published++;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      Context.current().heartbeat(published);
    });
    return { published };
  }

  /**
   * A unit's report passed 预发布. If its group's round has run already, it is published at once while
   * its statutory date has not passed; after that date it waits for an administrator (never silently late).
   */
  async function markUnitReady(input: { campaignId: string; orgUnitId: string; publicationDate: string | null; at: string }): Promise<{ publishNow: boolean; afterStatutoryDate: boolean }> {
    return prisma.$transaction(async (tx) => {
      await lockCampaign(tx, input.campaignId);
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
      const unit = await tx.campaignUnit.findUniqueOrThrow({ where: { campaignId_orgUnitId: { campaignId: input.campaignId, orgUnitId: input.orgUnitId } } });
      if (unit.state === 'RUNNING' || unit.state === 'PENDING') {
        await tx.campaignUnit.update({ where: { id: unit.id }, data: { state: 'READY', readyAt: new Date(input.at), publicationDate: input.publicationDate } });
        await tx.auditEvent.createMany({
          data: [{ action: 'campaign.unit_ready', entityType: 'campaign_unit', entityId: unit.id, workflowId: unit.workflowId, before: { state: unit.state }, after: { state: 'READY', publicationDate: input.publicationDate }, dedupeKey: `${unit.workflowId}/ready` }],
          skipDuplicates: true,
        });
      }
      const roundDone = Boolean((campaign.publishedRounds as Record<string, string>)[unit.publicationGroup]);
      const afterStatutoryDate = new Date(input.at).getTime() > endOfChinaDay(unit.publishBy).getTime();
      return { publishNow: roundDone && !afterStatutoryDate, afterStatutoryDate };
    });
  }

  /** The publication record: time, URL, on time or late (with the administrator's reason). */
  async function recordPublication(input: { campaignId: string; orgUnitId: string; signal: PublishSignalInput }): Promise<{ url: string; state: string }> {
    const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: input.campaignId } });
    const unit = await prisma.campaignUnit.findUniqueOrThrow({ where: { campaignId_orgUnitId: { campaignId: input.campaignId, orgUnitId: input.orgUnitId } }, include: { orgUnit: true } });
    const url = `${campaign.publicationBaseUrl.replace(/\/+$/, '')}/${campaign.year}/${unit.orgUnit.code}.html`;
    const late = input.signal.late || new Date(input.signal.at).getTime() > endOfChinaDay(unit.publishBy).getTime();
    const state = late ? 'PUBLISHED_LATE' : 'PUBLISHED';
    if (unit.state === 'PUBLISHED' || unit.state === 'PUBLISHED_LATE') return { url: unit.publicationUrl ?? url, state: unit.state };
    await prisma.$transaction([
      prisma.campaignUnit.update({ where: { id: unit.id }, data: { state, publishedAt: new Date(input.signal.at), publicationUrl: url, lateReason: input.signal.reason ?? null } }),
      prisma.auditEvent.createMany({
        data: [{
          action: late ? 'campaign.unit_published_late' : 'campaign.unit_published', entityType: 'campaign_unit', entityId: unit.id, workflowId: unit.workflowId,
          actorLogin: input.signal.byLogin ?? null, before: { state: unit.state },
          after: { state, url, at: input.signal.at, round: input.signal.round, reason: input.signal.reason ?? null } as Prisma.InputJsonValue,
          dedupeKey: `${unit.workflowId}/published`,
        }],
        skipDuplicates: true,
      }),
    ]);
    return { url, state };
  }

  /**
   * The unit's statutory publication date passed before it was published (条例 第四十九条): the unit is
   * flagged and put on the candidate 通报 list of its latest step, and the supervising office is told.
   */
  async function flagStatutoryMissed(input: { campaignId: string; orgUnitId: string; workflowId: string; at: string }): Promise<void> {
    const unit = await prisma.campaignUnit.findUniqueOrThrow({ where: { campaignId_orgUnitId: { campaignId: input.campaignId, orgUnitId: input.orgUnitId } }, include: { orgUnit: true } });
    if (unit.state === 'PUBLISHED' || unit.state === 'PUBLISHED_LATE') return;
    const task = await prisma.task.findFirst({ where: { workflowId: input.workflowId, position: 'main' }, orderBy: [{ status: 'asc' }, { startedAt: 'desc' }] });
    const reason = `${unit.orgUnit.name}的年度报告未在法定公开日期 ${unit.publishBy} 前公开，列入拟通报名单，待人工决定。`;
    await prisma.$transaction(async (tx) => {
      await tx.campaignUnit.updateMany({ where: { id: unit.id, statutoryMissedAt: null }, data: { statutoryMissedAt: new Date(input.at) } });
      if (task) {
        await tx.escalation.createMany({
          data: [{ taskId: task.id, workflowId: input.workflowId, orgUnitId: input.orgUnitId, kind: 'CANDIDATE_NOTICE', rung: 'statutory-missed', reason }],
          skipDuplicates: true,
        });
      }
      await tx.auditEvent.createMany({
        data: [{ action: 'campaign.statutory_date_missed', entityType: 'campaign_unit', entityId: unit.id, workflowId: input.workflowId, after: { publishBy: unit.publishBy, at: input.at, state: unit.state }, dedupeKey: `${input.workflowId}/statutory-missed` }],
        skipDuplicates: true,
      });
    });
    await deps.notifier?.({
      dedupeKey: `${input.workflowId}/statutory-missed`,
      kind: 'candidate-notice',
      audiences: ['supervisingOffice', 'leaderInCharge'],
      orgUnitId: input.orgUnitId,
      assigneeRole: task?.assigneeRole ?? 'CLERK',
      assigneeUserId: null,
      subject: `逾期未公开：${unit.orgUnit.name}年度报告`,
      body: reason,
      taskId: task?.id ?? null,
      workflowId: input.workflowId,
      payload: { publishBy: unit.publishBy },
    });
  }

  async function finishCampaign(input: { campaignId: string }): Promise<void> {
    await prisma.campaign.updateMany({ where: { id: input.campaignId, status: { in: ['LAUNCHING', 'RUNNING'] } }, data: { status: 'PUBLISHED' } });
  }

  /** Last year's report of the unit, for the year-to-year rules R5 and R6. */
  async function previousReport(input: { orgUnitId: string; year: number }): Promise<unknown> {
    return findPreviousReport(prisma, input.orgUnitId, input.year);
  }

  async function reportContext(input: { orgUnitId: string; year: number }): Promise<ReportContext> {
    return findReportContext(prisma, input.orgUnitId, input.year);
  }

  /** Both reads a campaign unit makes at its start (previousReport and reportContext), in one local activity. */
  async function reportStart(input: { orgUnitId: string; year: number }): Promise<{ previous: unknown; context: ReportContext }> {
    const unit = await unitOf(prisma, input.orgUnitId);
    if (!unit) return { previous: null, context: { rectification: [], government: false } };
    const [previous, rectification] = await Promise.all([previousReportOf(prisma, unit.code, input.year), rectificationItemsOf(prisma, unit.code, input.year)]);
    return { previous, context: { rectification, government: GOVERNMENT_KINDS.includes(unit.kind as never) } };
  }

  return { launchCampaignUnits, campaignPlan, publishRound, markUnitReady, recordPublication, flagStatutoryMissed, finishCampaign, previousReport, reportContext, reportStart };
}
export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
