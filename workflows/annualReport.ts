/**
 * One unit's annual report (政府信息公开工作年度报告), told with the shared human step, in the order Beijing
 * runs it (docs/domain.md §3): 任务分派 (the report lands with the unit's disclosure clerk) → 单位自查 (the clerk
 * fills it in; it must pass the template and the arithmetic rules) → 主要负责同志签发 (the unit head signs
 * it off or returns it) → 区级汇总 (streets, towns and district departments only: the district's general
 * office) → 全市核查 (the city general office) → 预发布 (the clerk fixes the final text and the publication date).
 * Any reviewer may return (退回) the report to an earlier stage; the stage then runs again in a new round.
 */
import { allHandlersFinished, condition, defineSignal, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignActivities, PublishSignalInput, ReportContext } from '../activities/campaigns/campaignActivities';
import { ANNUAL_REPORT, checkPreRelease, checkReportResult, countersignSigners, type AnnualReportStageKey } from '../domain/flows';
import { refusing } from './flowChecks';
import { HumanSteps, type StageSpec, type StepRecord } from './humanStep';
import { FLOW_ANNUAL_REPORT } from './shared';
import { workflowNow } from './time';

export interface AnnualReportInput {
  orgUnitId: string;
  unitName: string;
  year: number;
  campaignId?: string;
  /** The general office (区政府办公室) of the unit's district; null for a unit outside any district. */
  districtOfficeId?: string | null;
  /** The city general office (市政府办公厅), which verifies every report. */
  cityOfficeId?: string;
  /** Set when a campaign started the report: its publication group, statutory date and timetable. */
  publicationGroup?: string;
  /** The last day the unit may publish (YYYY-MM-DD, China time): 条例 第四十九条 or the local date. */
  publishBy?: string;
  /** Due date of each stage's first round (campaign timetable). */
  dueDates?: Record<string, string>;
}

/** Marks the runs that read their report context (整改 items, government or not) at the start. */
export const REPORT_CONTEXT_PATCH = 'annual-report-content-context';
const NO_CONTEXT: ReportContext = { rectification: [], government: false };

/** 集中公开: the campaign tells each ready unit that its report is published (or an administrator publishes a late one). */
export const publishSignal = defineSignal<[PublishSignalInput]>('publish');

const campaign = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/**
 * Last year's report is one indexed read: run in the workflow task that asks for it, a campaign unit's
 * start needs one workflow task and no activity task (a remote activity cost each of a thousand units a
 * round trip through the server and a second workflow task at launch).
 */
const campaignLocal = proxyLocalActivities<CampaignActivities>({
  startToCloseTimeout: '1 minute',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/**
 * patched, because the read writes a local-activity marker instead of an ActivityTaskScheduled: a run started
 * before the change replays the remote activity it recorded.
 */
export const PREVIOUS_REPORT_LOCAL_PATCH = 'previous-report-local-activity';
/** The report context (REPORT_CONTEXT_PATCH) read as a local activity too. */
export const REPORT_CONTEXT_LOCAL_PATCH = 'report-context-local-activity';

export interface Publication {
  url: string;
  state: string;
  at: string;
  round: string;
}

export interface AnnualReportResult {
  year: number;
  orgUnitId: string;
  steps: StepRecord[];
  publication?: Publication;
  statutoryDateMissed?: boolean;
}

/**
 * The stages one unit's report runs, in order, built from the registry (domain/flows/annualReport.ts): names,
 * roles and keys come from there; the forms are checked by the flow's checks (domain/flows/annualReportChecks.ts).
 * Exported so a test can hold the stages the workflow really runs against the registry.
 */
export function annualReportStages(input: AnnualReportInput, previous: unknown = null, context: ReportContext = NO_CONTEXT): StageSpec[] {
  const title = (key: AnnualReportStageKey) => `${input.year}年度政府信息公开工作年度报告 · ${ANNUAL_REPORT.stage(key).name} · ${input.unitName}`;
  const due = (stageKey: string) => (input.dueDates?.[stageKey] ? { dueDate: input.dueDates[stageKey] } : {});
  const unit = { orgUnitId: input.orgUnitId, payload: { year: input.year, ...(input.publishBy ? { publishBy: input.publishBy } : {}) } };
  const review = (orgUnitId: string) => ({ orgUnitId, payload: { year: input.year, reportOf: input.orgUnitId, unitName: input.unitName } });
  const offices = { unit: input.orgUnitId, 'district-office': input.districtOfficeId ?? undefined, 'city-office': input.cityOfficeId };
  const stage = (key: AnnualReportStageKey, at: { orgUnitId: string; payload: Record<string, unknown> }, extra: Partial<StageSpec> = {}): StageSpec => {
    const def = ANNUAL_REPORT.stage(key);
    // 会签 comes from the registry: the signers' offices resolved to this run's units.
    const countersign = def.countersign ? { countersign: { rule: def.countersign.rule, signers: countersignSigners(def, offices) } } : {};
    return { ...at, ...due(key), stageKey: key, assigneeRole: def.assigneeRole, title: title(key), ...countersign, ...extra };
  };

  const stages: StageSpec[] = [
    stage('assign', unit),
    // Last year's returned problems (整改 items) travel in the task's payload, so the clerk answers each.
    stage('self-check', context.rectification.length ? { ...unit, payload: { ...unit.payload, rectification: context.rectification } } : unit,
      { validateResult: refusing((r) => checkReportResult(r, { previous, ...context })) }),
    stage('sign-off', unit),
  ];
  // Runs started before the review stages existed carry no city office: they end after sign-off, as they
  // were started (the input decides, so replay stays deterministic).
  if (input.cityOfficeId) {
    if (input.districtOfficeId) {
      // docs/domain.md §3 step 4: districts collect and check their streets', towns' and departments' reports.
      stages.push(stage('district-review', review(input.districtOfficeId)));
    }
    stages.push(
      stage('city-verification', review(input.cityOfficeId)),
      stage('pre-release', unit, { validateResult: refusing((r) => checkPreRelease(r, { publishBy: input.publishBy, previous, government: context.government, now: workflowNow() })) }),
    );
  }
  return stages;
}

/** Last year's report and the report context, as runs started before the second patch baseline read them: two reads. */
async function readStartSeparately(steps: HumanSteps, input: AnnualReportInput): Promise<{ previous: unknown; context: ReportContext }> {
  // Campaign units check R5/R6 against last year's report (read once, at the start, so replay agrees).
  const previous = input.campaignId
    ? await (steps.patches.has(PREVIOUS_REPORT_LOCAL_PATCH) ? campaignLocal : campaign).previousReport({ orgUnitId: input.orgUnitId, year: input.year })
    : null;
  // Campaign units, like R5/R6 above, read their report context: 整改 items and whether the unit is a government.
  // patched: runs started before the content checks read no context (no 整改 items, checked as before);
  // the activity is a new command, so their histories must replay without it.
  // patched again: a local activity, as previousReport above (one workflow task at a unit's start); runs that
  // recorded the remote activity replay it.
  const context = input.campaignId && steps.patches.has(REPORT_CONTEXT_PATCH)
    ? await (steps.patches.has(REPORT_CONTEXT_LOCAL_PATCH) ? campaignLocal : campaign).reportContext({ orgUnitId: input.orgUnitId, year: input.year })
    : NO_CONTEXT;
  return { previous, context };
}

export async function annualReportWorkflow(input: AnnualReportInput): Promise<AnnualReportResult> {
  const steps = new HumanSteps(FLOW_ANNUAL_REPORT, input.campaignId);
  // A run started under the second patch baseline reads both in one local activity (workflows/patches.ts).
  const { previous, context } = input.campaignId && steps.patches.has2('report-start-in-one-read')
    ? await campaignLocal.reportStart({ orgUnitId: input.orgUnitId, year: input.year })
    : await readStartSeparately(steps, input);
  const stages = annualReportStages(input, previous, context);

  const campaignId = input.campaignId;
  if (!campaignId || !input.publishBy || !input.cityOfficeId) {
    await steps.runStages(stages);
    return { year: input.year, orgUnitId: input.orgUnitId, steps: steps.snapshot().steps };
  }

  // 集中公开 (docs/domain.md §3 step 7): the unit waits for its group's centralized publication. The statutory
  // date is watched from the start: when it passes before publication the unit is flagged and escalated.
  let publishWith: PublishSignalInput | undefined;
  let ready = false;
  let afterStatutoryDate = false;
  // A round reads READY from the table markUnitReady writes, so its signal can arrive after that commit
  // but before this workflow has the activity's answer. It is kept, and weighed once the unit is ready.
  let beforeReady: PublishSignalInput | undefined;
  const accept = (signal: PublishSignalInput) => {
    // A centralized round reaches only ready units; an administrator's late publication only a unit held
    // after its statutory date. Anything else (a duplicate, a stray signal) is ignored.
    if (publishWith) return;
    if (afterStatutoryDate && !signal.late) return;
    publishWith = signal;
  };
  setHandler(publishSignal, (signal) => {
    if (!ready) {
      beforeReady ??= signal;
      return;
    }
    accept(signal);
  });
  let statutoryDateMissed = false;
  const statutoryEnd = Date.parse(`${input.publishBy}T23:59:59.999+08:00`);
  const watch = (async () => {
    const inTime = await condition(() => publishWith !== undefined, Math.max(1, statutoryEnd - workflowNow().getTime() + 1));
    if (inTime) return;
    statutoryDateMissed = true;
    await campaign.flagStatutoryMissed({ campaignId, orgUnitId: input.orgUnitId, workflowId: workflowInfo().workflowId, at: workflowNow().toISOString() });
  })();
  // When the flow is cancelled the watch's timer is cancelled too: its rejection is expected, and must not
  // surface as an unhandled rejection (that would fail the workflow task instead of ending the flow).
  watch.catch(() => undefined);

  await steps.runStages(stages);
  const preRelease = [...steps.snapshot().steps].reverse().find((s) => s.stageKey === 'pre-release' && s.status === 'COMPLETED');
  const publicationDate = (preRelease?.result as { publicationDate?: string } | undefined)?.publicationDate ?? null;
  const marked = await campaign.markUnitReady({ campaignId, orgUnitId: input.orgUnitId, publicationDate, at: workflowNow().toISOString() });
  ready = true;
  afterStatutoryDate = marked.afterStatutoryDate;
  // patched: runs started before this change dropped such a signal and waited; their histories must replay
  // through the old path (no publication here), new runs act on the signal the round sent.
  if (beforeReady && steps.patches.has('publish-signal-kept-until-ready')) accept(beforeReady);
  if (marked.publishNow && !publishWith) publishWith = { round: 'single', at: workflowNow().toISOString(), late: false };
  await condition(() => publishWith !== undefined);
  const signal = publishWith!;
  const recorded = await campaign.recordPublication({ campaignId, orgUnitId: input.orgUnitId, signal });
  await watch;
  await condition(allHandlersFinished);
  return {
    year: input.year,
    orgUnitId: input.orgUnitId,
    steps: steps.snapshot().steps,
    publication: { url: recorded.url, state: recorded.state, at: signal.at, round: signal.round },
    statutoryDateMissed,
  };
}
