/**
 * One government website's consolidation (政府网站集约化整合, docs/domain.md §4), told with the shared human step
 * in the order Shanghai ran it for 644 → 78 sites:
 *
 *   [保留申请 → 保留审批 (市政府办公厅): approved → the site stays, with a yearly review; rejected → closure]
 *   申请提交 (the owner unit, with its content-migration plan: 职能不缺、内容不减、服务不少、功能不断)
 *   → 审核报批, level by level: unit head → district general office (units inside a district) → city general office
 *   → 公示公告 (notice on the old and the target site, then the notice period; an objection sends the case back)
 *   → 标识注销 (网站标识码, 党政机关网站标识) → 备案注销 (ICP, 公安) → 域名注销 (optionally checked: the domain must no
 *     longer resolve) → 已关停 → 回头看 at +30 and +90 days.
 *
 * The site's status in the inventory follows the flow through an activity that audits every change.
 */
import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';
import type { WebsiteStatus } from '../domain/websites';
import {
  checkEvidence, checkFollowUp, checkJustification, checkMigrationPlan, checkNotice, checkRetentionDecision, evidenceFields,
  SITE_STATUS_OF_STAGE, textBetween, WEBSITE_CLOSURE, type WebsiteClosureStageKey,
} from '../domain/flows';
import { refusing } from './flowChecks';
import { HumanSteps, rejectAction, type ReturnInfo, type StageSpec, type StepRecord } from './humanStep';
import { FLOW_WEBSITE_CLOSURE, type Actor } from './shared';
import { msUntil, workflowNow } from './time';

type Activities = ReturnType<typeof activities.createActivities>;
const site = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The inventory's statuses, defined once in domain/websites (the activities use the same type). */
export type WebsiteStatusName = WebsiteStatus;

export interface WebsiteClosureInput {
  websiteId: string;
  siteName: string;
  domain: string;
  siteCode: string;
  hasPartyGovMark: boolean;
  hasIcp: boolean;
  hasPsb: boolean;
  ownerUnitId: string;
  ownerUnitName: string;
  decision: 'INTEGRATE' | 'CLOSE' | 'KEEP';
  targetSite: { id: string; name: string; domain: string } | null;
  /** 保留申请 first (a KEEP plan row); otherwise the closure starts at once. */
  retention: boolean;
  justification?: string | null;
  /** 区政府办公室 of a unit inside a district; null for a unit outside any (the city office is the only office level). */
  districtOfficeId: string | null;
  /** 市政府办公厅: the last approval level, the retention review and the 回头看 of sites outside districts. */
  cityOfficeId: string;
  /** The notice period in milliseconds of calendar time (default 30 days; see websiteClosureService). */
  noticePeriodMs: number;
  /** 回头看 after closure, in milliseconds (default 30 and 90 days). */
  followUpAfterMs: [number, number];
  /** Check after 域名注销 that the domain no longer resolves (DNS, through an activity). */
  checkDomain: boolean;
  /** The consolidation round the site belongs to (its import batch): the tasks carry it for lists and progress. */
  campaignId?: string;
}

export interface WebsiteClosureResult {
  websiteId: string;
  outcome: 'retained' | 'followed-up';
  steps: StepRecord[];
}

export interface FileObjectionInput {
  requestId: string;
  actor: Actor;
  content: string;
  source?: string;
}

export interface ClosureState {
  phase: 'retention' | 'approval' | 'notice-preparation' | 'notice-period' | 'deregistration' | 'closed' | 'follow-up' | 'done' | 'retained';
  noticeEndsAt: string | null;
  objections: Array<{ at: string; byLogin: string; content: string }>;
}

/** An objection to the closure notice (公示期异议); refused outside the notice period. */
export const fileObjectionUpdate = defineUpdate<{ accepted: true; at: string }, [FileObjectionInput]>('fileObjection');
export const closureStateQuery = defineQuery<ClosureState>('closureState');

/**
 * The stages of one site's run, built from the registry (domain/flows/websiteClosure.ts): keys, names and
 * roles come from there, the forms are checked by the flow's checks (domain/flows/websiteClosureChecks.ts).
 * Exported so a test can hold the stages the workflow really runs against the registry.
 */
export function websiteClosureStages(input: WebsiteClosureInput): { retention: StageSpec[]; closure: StageSpec[]; followUps: StageSpec[] } {
  const title = (key: WebsiteClosureStageKey) => `${WEBSITE_CLOSURE.stage(key).name}：${input.siteName}（${input.domain}）`;
  const payload = {
    websiteId: input.websiteId, siteName: input.siteName, domain: input.domain, siteCode: input.siteCode,
    decision: input.decision, targetSite: input.targetSite, ownerUnitName: input.ownerUnitName,
  };
  const stage = (key: WebsiteClosureStageKey, orgUnitId: string, extra: Partial<StageSpec> = {}): StageSpec =>
    ({ stageKey: key, title: title(key), orgUnitId, assigneeRole: WEBSITE_CLOSURE.stage(key).assigneeRole, payload, ...extra });
  const owner = (key: WebsiteClosureStageKey, extra: Partial<StageSpec> = {}) => stage(key, input.ownerUnitId, extra);
  const deregistration = (key: 'identifier-deregistration' | 'filing-deregistration' | 'domain-deregistration') =>
    owner(key, { validateResult: refusing((r) => checkEvidence(r, evidenceFields(key, input))) });
  // 回头看、继续查 (Shanghai): the supervising office checks the site stays down and nothing new was opened.
  const checker = input.districtOfficeId ?? input.cityOfficeId;
  return {
    // 保留申请 (a KEEP plan row): the unit's written reasons, then the city general office decides.
    retention: [
      owner('retention-application', { payload: { ...payload, justification: input.justification ?? null }, validateResult: refusing(checkJustification) }),
      stage('retention-review', input.cityOfficeId, { validateResult: refusing((r) => checkRetentionDecision(r, { now: workflowNow() })) }),
    ],
    closure: [
      owner('application', { validateResult: refusing(checkMigrationPlan) }),
      owner('approval-head'),
      // Units inside a district are approved by their district's general office; for the others the next
      // level up in the org tree is the city general office itself, so that level is not asked twice.
      ...(input.districtOfficeId ? [stage('approval-office', input.districtOfficeId)] : []),
      stage('approval-city', input.cityOfficeId),
      owner('public-notice', { validateResult: refusing(checkNotice) }),
      deregistration('identifier-deregistration'),
      deregistration('filing-deregistration'),
      deregistration('domain-deregistration'),
    ],
    followUps: [
      stage('follow-up-30', checker, { validateResult: refusing(checkFollowUp) }),
      stage('follow-up-90', checker, { validateResult: refusing(checkFollowUp) }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------------

export async function websiteClosureWorkflow(input: WebsiteClosureInput): Promise<WebsiteClosureResult> {
  const steps = new HumanSteps(FLOW_WEBSITE_CLOSURE, input.campaignId);
  const state: ClosureState = { phase: input.retention ? 'retention' : 'approval', noticeEndsAt: null, objections: [] };
  let objection: { info: ReturnInfo } | null = null;
  let statusKey = 0;

  setHandler(closureStateQuery, () => ({ ...state, objections: [...state.objections] }));
  setHandler(fileObjectionUpdate, async (o) => {
    const at = workflowNow().toISOString();
    // Taken at once (the validator saw the notice period in this same activation), so the period cannot
    // run out while the objection is being recorded. A retried request (same id) is recorded once.
    if (state.phase === 'notice-period' && !objection) {
      state.objections.push({ at, byLogin: o.actor.login, content: o.content });
      objection = { info: { fromStageKey: 'public-notice', fromRound: 0, reasonCode: 'objection', comment: `公示期内收到异议：${o.content}`, byLogin: o.actor.login, kind: 'returned' } };
    }
    await site.recordObjection({ websiteId: input.websiteId, workflowId: workflowInfo().workflowId, requestId: o.requestId, actor: o.actor, content: o.content, source: o.source ?? null });
    return { accepted: true as const, at };
  }, {
    validator: (o) => {
      if (!o || typeof o.requestId !== 'string' || !/^[\w-]{8,100}$/.test(o.requestId)) throw rejectAction('INVALID_REQUEST_ID', '请求编号无效，请刷新页面后重试。');
      if (!textBetween(o.content, 1, 5000)) throw rejectAction('OBJECTION_REQUIRED', '请填写异议内容（1到5000字）。');
      if (state.phase !== 'notice-period' || objection) throw rejectAction('NOT_IN_NOTICE_PERIOD', '该网站当前不在关停公示期内，不能登记异议。');
    },
  });

  // The status the flow last set: stages of one phase (four approval levels) do not call the activity again.
  let current: WebsiteStatusName | null = null;
  const setStatus = async (status: WebsiteStatusName, reason: string, extra: { reviewDate?: string; closedAt?: string } = {}) => {
    if (status === current && !extra.reviewDate && !extra.closedAt) return;
    current = status;
    await site.setWebsiteStatus({ websiteId: input.websiteId, workflowId: workflowInfo().workflowId, executionId: workflowInfo().firstExecutionRunId, key: `${++statusKey}`, status, reason, ...extra });
  };

  const specs = websiteClosureStages(input);
  const beforeStage = async (spec: StageSpec) => {
    if (spec.stageKey.startsWith('approval') || spec.stageKey === 'application') state.phase = 'approval';
    if (spec.stageKey === 'public-notice') state.phase = 'notice-preparation';
    if (spec.stageKey.endsWith('-deregistration')) state.phase = 'deregistration';
    await setStatus(SITE_STATUS_OF_STAGE[spec.stageKey as WebsiteClosureStageKey]!, spec.stageKey);
  };

  // 保留申请 (a KEEP plan row): the unit's written reasons, then the city general office decides.
  if (input.retention) {
    await steps.runStages(specs.retention, { beforeStage });
    const review = [...steps.snapshot().steps].reverse().find((s) => s.stageKey === 'retention-review' && s.status === 'COMPLETED');
    if (review?.result?.decision === 'approve') {
      state.phase = 'retained';
      await setStatus('RETAINED', 'retention-approved', { reviewDate: review.result.reviewDate as string });
      await condition(allHandlersFinished);
      return { websiteId: input.websiteId, outcome: 'retained', steps: steps.snapshot().steps };
    }
  }

  await steps.runStages(specs.closure, {
    beforeStage,
    afterCompleted: async (step) => {
      if (step.stageKey === 'public-notice') return noticePeriod(step);
      if (step.stageKey === 'domain-deregistration' && input.checkDomain) {
        const check = await site.checkDomainGone({ websiteId: input.websiteId, workflowId: workflowInfo().workflowId, executionId: workflowInfo().firstExecutionRunId, stepKey: step.stepKey, domain: input.domain });
        if (check.resolves) {
          return { toStageKey: 'domain-deregistration', info: { fromStageKey: 'domain-deregistration', fromRound: step.round, reasonCode: 'domain-still-resolves', comment: `自动检查发现域名 ${input.domain} 仍可解析（${check.addresses.join('、')}），请确认注销已完成后重新提交。`, byLogin: 'system', kind: 'returned' } };
        }
      }
      return undefined;
    },
  });

  /**
   * The notice period runs on calendar days (a public notice addresses the public, whose 30 days are
   * calendar days; docs/domain.md §4 [S11] "≥30 days"). An objection ends it early and sends the case back
   * to the first approval level: every level sees the objection before the notice runs again in full.
   */
  async function noticePeriod(step: StepRecord) {
    state.phase = 'notice-period';
    state.noticeEndsAt = new Date(workflowNow().getTime() + input.noticePeriodMs).toISOString();
    await site.recordNotice({ websiteId: input.websiteId, workflowId: workflowInfo().workflowId, executionId: workflowInfo().firstExecutionRunId, stepKey: step.stepKey, noticeEndsAt: state.noticeEndsAt, urls: step.result ?? {} });
    const objected = await condition(() => objection !== null, Math.max(1, msUntil(state.noticeEndsAt)));
    state.noticeEndsAt = null;
    if (!objected || !objection) return undefined;
    const back = objection as { info: ReturnInfo };
    objection = null;
    await setStatus('CLOSURE_APPROVAL', 'objection');
    return { toStageKey: 'approval-head', info: { ...back.info, fromRound: step.round } };
  }

  state.phase = 'closed';
  const closedAt = workflowNow();
  await setStatus('CLOSED', 'deregistered', { closedAt: closedAt.toISOString() });

  for (const [n, after] of input.followUpAfterMs.entries()) {
    await sleep(Math.max(1, closedAt.getTime() + after - workflowNow().getTime()));
    state.phase = 'follow-up';
    const spec = specs.followUps[n === 0 ? 0 : 1];
    let outcome = await steps.run(spec);
    // No earlier stage to return to: a return is refused by the step; a withdrawal reopens it.
    while (outcome.kind !== 'completed') outcome = await steps.run(spec, outcome.info);
  }
  state.phase = 'done';
  await setStatus('FOLLOWED_UP', 'followed-up');
  // A step action or an objection still answering: the flow ends only once every handler has finished.
  await condition(allHandlersFinished);
  return { websiteId: input.websiteId, outcome: 'followed-up', steps: steps.snapshot().steps };
}
