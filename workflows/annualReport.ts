/**
 * One unit's annual report (政府信息公开工作年度报告), told with the shared human step, in the order Beijing
 * runs it (domain.md §3): 任务分派 (the report lands with the unit's disclosure clerk) → 单位自查 (the clerk
 * fills it in; it must pass the template and the arithmetic rules) → 主要负责同志签发 (the unit head signs
 * it off or returns it) → 区级汇总 (streets, towns and district departments only: the district's general
 * office) → 全市核查 (the city general office) → 预发布 (the clerk fixes the final text and the publication date).
 * Any reviewer may return (退回) the report to an earlier stage; the stage then runs again in a new round.
 */
import { allHandlersFinished, condition, defineSignal, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignActivities, PublishSignalInput } from '../activities/campaigns/campaignActivities';
import { checkArithmetic, checkShape, type Issue } from '../domain/annual-report';
import { HumanSteps, rejectAction, type StageSpec, type StepRecord } from './humanStep';
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

/** 集中公开: the campaign tells each ready unit that its report is published (or an administrator publishes a late one). */
export const publishSignal = defineSignal<[PublishSignalInput]>('publish');

const campaign = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

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

/** One line per problem, so the clerk sees all of them at once and the refusal stays readable. */
function listProblems(issues: Issue[]): string {
  return issues.map((i, n) => `${n + 1}. [${i.code}] ${i.message}`).join('\n');
}

/**
 * 单位自查 is complete only with a report that matches the template (国办公开办函〔2021〕30号) and has no
 * arithmetic error (R1–R4, domain.md §2). R6 is a heuristic and only warns, so it never blocks here.
 */
function validateReportResult(result: Record<string, unknown> | undefined, previous?: unknown): void {
  const report = result?.report;
  if (report === undefined || report === null) {
    throw rejectAction('REPORT_INVALID', '请填写年度报告内容后再提交自查。');
  }
  const shape = checkShape(report);
  if (!shape.ok) {
    throw rejectAction('REPORT_INVALID', `年度报告有${shape.issues.length}处与模板不符，请修改后再提交：\n${listProblems(shape.issues)}`);
  }
  // Last year's report, when it ran here and has the template's shape, enables R5 (carry-over) and R6.
  const last = previous ? checkShape(previous) : null;
  const { errors } = checkArithmetic(shape.report, last?.ok ? last.report : undefined);
  if (errors.length > 0) {
    throw rejectAction('REPORT_INVALID', `年度报告有${errors.length}处逻辑错误，请修改后再提交：\n${listProblems(errors)}`);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** China's calendar day of the workflow clock (UTC+8, no daylight saving). */
function chinaToday(): string {
  return new Date(workflowNow().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * 预发布 fixes the publication date: a real calendar date, not in the past (the report is not yet public),
 * and, when the final text is sent with it, a report that still passes the checks of 单位自查.
 */
function validatePreRelease(result: Record<string, unknown> | undefined, publishBy?: string, previous?: unknown): void {
  const date = result?.publicationDate;
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  const real = m && new Date(`${date as string}T00:00:00Z`).toISOString().slice(0, 10) === date;
  if (!m || !real) throw rejectAction('INVALID_PUBLICATION_DATE', '请填写正确的公开日期（格式为 YYYY-MM-DD）。');
  if ((date as string) < chinaToday()) throw rejectAction('INVALID_PUBLICATION_DATE', `公开日期 ${date as string} 已过，请填写今天或以后的日期。`);
  // Before the statutory date passes the planned date must keep to it; after, the unit is already
  // flagged and escalated, and the date only has to be real and not in the past.
  if (publishBy && (date as string) > publishBy && chinaToday() <= publishBy) {
    throw rejectAction('INVALID_PUBLICATION_DATE', `公开日期 ${date as string} 晚于法定公开截止日期 ${publishBy}，请提前。`);
  }
  if (result?.report !== undefined) validateReportResult(result, previous);
}

export async function annualReportWorkflow(input: AnnualReportInput): Promise<AnnualReportResult> {
  const steps = new HumanSteps(FLOW_ANNUAL_REPORT, input.campaignId);
  // Campaign units check R5/R6 against last year's report (read once, at the start, so replay agrees).
  const previous = input.campaignId ? await campaign.previousReport({ orgUnitId: input.orgUnitId, year: input.year }) : null;
  const title = (stage: string) => `${input.year}年度政府信息公开工作年度报告 · ${stage} · ${input.unitName}`;
  const due = (stageKey: string) => (input.dueDates?.[stageKey] ? { dueDate: input.dueDates[stageKey] } : {});
  const unit = { orgUnitId: input.orgUnitId, payload: { year: input.year, ...(input.publishBy ? { publishBy: input.publishBy } : {}) } };
  const review = (orgUnitId: string) => ({ orgUnitId, payload: { year: input.year, reportOf: input.orgUnitId, unitName: input.unitName } });

  const stages: StageSpec[] = [
    { ...unit, ...due('assign'), stageKey: 'assign', assigneeRole: 'CLERK', title: title('任务分派') },
    { ...unit, ...due('self-check'), stageKey: 'self-check', assigneeRole: 'CLERK', title: title('单位自查'), validateResult: (r) => validateReportResult(r, previous) },
    { ...unit, ...due('sign-off'), stageKey: 'sign-off', assigneeRole: 'UNIT_HEAD', title: title('主要负责同志签发') },
  ];
  // Runs started before the review stages existed carry no city office: they end after sign-off, as they
  // were started (the input decides, so replay stays deterministic).
  if (input.cityOfficeId) {
    if (input.districtOfficeId) {
      // domain.md §3 step 4: districts collect and check their streets', towns' and departments' reports.
      stages.push({ ...review(input.districtOfficeId), ...due('district-review'), stageKey: 'district-review', assigneeRole: 'CLERK', title: title('区级汇总') });
    }
    stages.push(
      { ...review(input.cityOfficeId), ...due('city-verification'), stageKey: 'city-verification', assigneeRole: 'CLERK', title: title('全市核查') },
      { ...unit, ...due('pre-release'), stageKey: 'pre-release', assigneeRole: 'CLERK', title: title('预发布'), validateResult: (r) => validatePreRelease(r, input.publishBy, previous) },
    );
  }

  const campaignId = input.campaignId;
  if (!campaignId || !input.publishBy || !input.cityOfficeId) {
    await steps.runStages(stages);
    return { year: input.year, orgUnitId: input.orgUnitId, steps: steps.snapshot().steps };
  }

  // 集中公开 (domain.md §3 step 7): the unit waits for its group's centralized publication. The statutory
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
  if (beforeReady && patched('publish-signal-kept-until-ready')) accept(beforeReady);
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
