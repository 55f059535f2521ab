/**
 * One government website's consolidation (政府网站集约化整合, domain.md §4), told with the shared human step
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

// ---------------------------------------------------------------------------------------------------
// Form checks of the stages (run inside the update validator: a refused completion never enters history)
// ---------------------------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL_RE = /^https?:\/\/[^\s/]+\.[^\s]+$/i;

const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.trim().length >= min && v.length <= max;

/** 申请提交: what moves where, item by item (the four "不" of the migration rule, domain.md §4). */
export function validateMigrationPlan(result: Record<string, unknown> | undefined): void {
  const rows = result?.migrationPlan;
  const ok = Array.isArray(rows) && rows.length >= 1 && rows.length <= 200 && rows.every((r) =>
    r && typeof r === 'object' && str((r as Record<string, unknown>).item, 1, 200) && str((r as Record<string, unknown>).target, 1, 500)
    && ['content', 'function', 'service'].includes((r as Record<string, unknown>).kind as string));
  if (!ok) {
    throw rejectAction('MIGRATION_PLAN_REQUIRED', '请填写内容迁移方案（1到200项）：每一项栏目内容、功能或服务（kind 为 content、function 或 service）迁往哪个网站的什么位置，做到职能不缺、内容不减、服务不少、功能不断。');
  }
}

/** Evidence of a deregistration: a document uploaded beforehand (fileId) or the reference number of the notice. */
function hasEvidence(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  const ref = e.reference === undefined || str(e.reference, 4, 100);
  const file = e.fileId === undefined || (typeof e.fileId === 'string' && UUID.test(e.fileId));
  return ref && file && (e.reference !== undefined || e.fileId !== undefined);
}

function requireEvidence(result: Record<string, unknown> | undefined, fields: Array<[string, string]>): void {
  const missing = fields.filter(([field]) => !hasEvidence(result?.[field])).map(([, label]) => label);
  if (missing.length > 0) {
    throw rejectAction('EVIDENCE_REQUIRED', `请提供${missing.join('、')}的注销凭证：上传的文件（fileId）或注销文号（reference，4到100字）。`);
  }
}

function validateNotice(result: Record<string, unknown> | undefined): void {
  const oldUrl = result?.oldSiteNoticeUrl;
  const targetUrl = result?.targetSiteNoticeUrl;
  if (typeof oldUrl !== 'string' || !URL_RE.test(oldUrl) || typeof targetUrl !== 'string' || !URL_RE.test(targetUrl)) {
    throw rejectAction('NOTICE_URL_REQUIRED', '请填写关停公告在原网站（oldSiteNoticeUrl）和整合目标网站（targetSiteNoticeUrl）上的网址（http:// 或 https:// 开头）。');
  }
}

function validateFollowUp(result: Record<string, unknown> | undefined): void {
  if (typeof result?.siteDown !== 'boolean' || typeof result?.noNewUnapprovedSite !== 'boolean') {
    throw rejectAction('FOLLOW_UP_INCOMPLETE', '请填写回头看结论：原网站是否已无法访问（siteDown），该单位是否没有新开设未经审批的网站（noNewUnapprovedSite）。');
  }
  // A finding (the site is back, a new site was opened without approval) is recorded with what was done:
  // Shanghai ordered such units to correct it (责令整改) and reported laggards (通报批评).
  if ((!result.siteDown || !result.noNewUnapprovedSite) && !str(result.findings, 5, 5000)) {
    throw rejectAction('FINDINGS_REQUIRED', '回头看发现问题时，请填写发现的情况和整改要求（findings，5到5000字）。');
  }
}

function validateJustification(result: Record<string, unknown> | undefined): void {
  if (!str(result?.justification, 20, 5000)) {
    throw rejectAction('JUSTIFICATION_REQUIRED', '保留申请须附书面理由（20到5000字），说明网站为何不能整合或关停。');
  }
}

/** China's calendar day of the workflow clock (UTC+8). */
function chinaToday(): string {
  return new Date(workflowNow().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function validateRetentionDecision(result: Record<string, unknown> | undefined): void {
  const decision = result?.decision;
  if (decision === 'approve') {
    const d = result?.reviewDate;
    const real = typeof d === 'string' && ISO_DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
    if (!real || (d as string) <= chinaToday()) {
      throw rejectAction('REVIEW_DATE_REQUIRED', '同意保留时请填写下次年度复核日期（reviewDate，格式 YYYY-MM-DD，晚于今天）。');
    }
    return;
  }
  if (decision === 'reject') {
    if (!str(result?.reason, 1, 2000)) throw rejectAction('REASON_REQUIRED', '不同意保留时请填写理由（reason）。');
    return;
  }
  throw rejectAction('RETENTION_DECISION_REQUIRED', '请选择审批意见：同意保留（approve）或不同意保留、转入关停（reject）。');
}

/** The site's status while a stage runs (the inventory shows it). */
const STATUS_OF_STAGE: Record<string, WebsiteStatusName> = {
  'retention-application': 'RETENTION_REVIEW',
  'retention-review': 'RETENTION_REVIEW',
  application: 'CLOSURE_APPROVAL',
  'approval-head': 'CLOSURE_APPROVAL',
  'approval-office': 'CLOSURE_APPROVAL',
  'approval-city': 'CLOSURE_APPROVAL',
  'public-notice': 'NOTICE',
  'identifier-deregistration': 'DEREGISTERING',
  'filing-deregistration': 'DEREGISTERING',
  'domain-deregistration': 'DEREGISTERING',
};

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
      if (!str(o.content, 1, 5000)) throw rejectAction('OBJECTION_REQUIRED', '请填写异议内容（1到5000字）。');
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

  const title = (stage: string) => `${stage}：${input.siteName}（${input.domain}）`;
  const payload = {
    websiteId: input.websiteId, siteName: input.siteName, domain: input.domain, siteCode: input.siteCode,
    decision: input.decision, targetSite: input.targetSite, ownerUnitName: input.ownerUnitName,
  };
  const owner = (stageKey: string, name: string, extra: Partial<StageSpec> = {}): StageSpec =>
    ({ stageKey, title: title(name), orgUnitId: input.ownerUnitId, assigneeRole: 'CLERK', payload, ...extra });
  const office = (stageKey: string, name: string, orgUnitId: string): StageSpec =>
    ({ stageKey, title: title(name), orgUnitId, assigneeRole: 'CLERK', payload });
  const beforeStage = async (spec: StageSpec) => {
    if (spec.stageKey.startsWith('approval') || spec.stageKey === 'application') state.phase = 'approval';
    if (spec.stageKey === 'public-notice') state.phase = 'notice-preparation';
    if (spec.stageKey.endsWith('-deregistration')) state.phase = 'deregistration';
    await setStatus(STATUS_OF_STAGE[spec.stageKey], spec.stageKey);
  };

  // 保留申请 (a KEEP plan row): the unit's written reasons, then the city general office decides.
  if (input.retention) {
    await steps.runStages([
      owner('retention-application', '保留申请', { payload: { ...payload, justification: input.justification ?? null }, validateResult: validateJustification }),
      { ...office('retention-review', '保留审批（市政府办公厅）', input.cityOfficeId), validateResult: validateRetentionDecision },
    ], { beforeStage });
    const review = [...steps.snapshot().steps].reverse().find((s) => s.stageKey === 'retention-review' && s.status === 'COMPLETED');
    if (review?.result?.decision === 'approve') {
      state.phase = 'retained';
      await setStatus('RETAINED', 'retention-approved', { reviewDate: review.result.reviewDate as string });
      await condition(allHandlersFinished);
      return { websiteId: input.websiteId, outcome: 'retained', steps: steps.snapshot().steps };
    }
  }

  const stages: StageSpec[] = [
    owner('application', '申请提交', { validateResult: validateMigrationPlan }),
    { ...owner('approval-head', '审核报批（单位负责人）'), assigneeRole: 'UNIT_HEAD' },
    // Units inside a district are approved by their district's general office; for the others the next
    // level up in the org tree is the city general office itself, so that level is not asked twice.
    ...(input.districtOfficeId ? [office('approval-office', '审核报批（区政府办公室）', input.districtOfficeId)] : []),
    office('approval-city', '审核报批（市政府办公厅）', input.cityOfficeId),
    owner('public-notice', '公示公告', { validateResult: validateNotice }),
    owner('identifier-deregistration', '标识注销', {
      validateResult: (r) => requireEvidence(r, [['siteCodeEvidence', '网站标识码'], ...(input.hasPartyGovMark ? [['partyGovMarkEvidence', '党政机关网站标识'] as [string, string]] : [])]),
    }),
    owner('filing-deregistration', '备案注销', {
      validateResult: (r) => requireEvidence(r, [
        ...(input.hasIcp ? [['icpEvidence', 'ICP备案'] as [string, string]] : []),
        ...(input.hasPsb ? [['psbEvidence', '公安机关备案'] as [string, string]] : []),
      ]),
    }),
    owner('domain-deregistration', '域名注销', { validateResult: (r) => requireEvidence(r, [['domainEvidence', '域名']]) }),
  ];

  await steps.runStages(stages, {
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
   * calendar days; domain.md §4 [S11] "≥30 days"). An objection ends it early and sends the case back
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

  // 回头看、继续查 (Shanghai): the supervising office checks the site stays down and nothing new was opened.
  const checker = input.districtOfficeId ?? input.cityOfficeId;
  for (const [n, after] of input.followUpAfterMs.entries()) {
    await sleep(Math.max(1, closedAt.getTime() + after - workflowNow().getTime()));
    state.phase = 'follow-up';
    const key = n === 0 ? 'follow-up-30' : 'follow-up-90';
    let outcome = await steps.run({ ...office(key, n === 0 ? '回头看（关停后30天）' : '回头看（关停后90天）', checker), validateResult: validateFollowUp });
    // No earlier stage to return to: a return is refused by the step; a withdrawal reopens it.
    while (outcome.kind !== 'completed') outcome = await steps.run({ ...office(key, '回头看', checker), validateResult: validateFollowUp }, outcome.info);
  }
  state.phase = 'done';
  await setStatus('FOLLOWED_UP', 'followed-up');
  // A step action or an objection still answering: the flow ends only once every handler has finished.
  await condition(allHandlersFinished);
  return { websiteId: input.websiteId, outcome: 'followed-up', steps: steps.snapshot().steps };
}
