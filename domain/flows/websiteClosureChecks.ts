/**
 * The website closure's form checks: what each stage's completion must carry (the migration plan, the
 * notice URLs, the deregistration evidence, the retention request and decision, the 回头看 findings). Pure:
 * the workflow runs them inside its update validators, tests call them directly.
 */
import { chinaDay, isCalendarDate, refuse, type Refusal } from './refusal';

type Result = Record<string, unknown> | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URL_RE = /^https?:\/\/[^\s/]+\.[^\s]+$/i;

/** A trimmed string of at least `min` characters and at most `max` (untrimmed). */
export const textBetween = (v: unknown, min: number, max: number) => typeof v === 'string' && v.trim().length >= min && v.length <= max;

/** 申请提交: what moves where, item by item (the four "不" of the migration rule, docs/domain.md §4). */
export function checkMigrationPlan(result: Result): Refusal | undefined {
  const rows = result?.migrationPlan;
  const ok = Array.isArray(rows) && rows.length >= 1 && rows.length <= 200 && rows.every((r) =>
    r && typeof r === 'object' && textBetween((r as Record<string, unknown>).item, 1, 200) && textBetween((r as Record<string, unknown>).target, 1, 500)
    && ['content', 'function', 'service'].includes((r as Record<string, unknown>).kind as string));
  if (!ok) {
    return refuse('MIGRATION_PLAN_REQUIRED', '请填写内容迁移方案（1到200项）：每一项栏目内容、功能或服务（kind 为 content、function 或 service）迁往哪个网站的什么位置，做到职能不缺、内容不减、服务不少、功能不断。');
  }
  return undefined;
}

/** Evidence of a deregistration: a document uploaded beforehand (fileId) or the reference number of the notice. */
function hasEvidence(v: unknown): boolean {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  const ref = e.reference === undefined || textBetween(e.reference, 4, 100);
  const file = e.fileId === undefined || (typeof e.fileId === 'string' && UUID.test(e.fileId));
  return ref && file && (e.reference !== undefined || e.fileId !== undefined);
}

/** [result field, what the clerk calls it] of each deregistration a stage must prove. */
export type EvidenceField = [string, string];

/** What the site has, which decides the evidence its deregistration stages need. */
export interface SiteFilings {
  hasPartyGovMark: boolean;
  hasIcp: boolean;
  hasPsb: boolean;
}

/** The evidence each deregistration stage asks for, given what the site has. */
export function evidenceFields(stageKey: 'identifier-deregistration' | 'filing-deregistration' | 'domain-deregistration', site: SiteFilings): EvidenceField[] {
  switch (stageKey) {
    case 'identifier-deregistration':
      return [['siteCodeEvidence', '网站标识码'], ...(site.hasPartyGovMark ? [['partyGovMarkEvidence', '党政机关网站标识'] as EvidenceField] : [])];
    case 'filing-deregistration':
      return [
        ...(site.hasIcp ? [['icpEvidence', 'ICP备案'] as EvidenceField] : []),
        ...(site.hasPsb ? [['psbEvidence', '公安机关备案'] as EvidenceField] : []),
      ];
    case 'domain-deregistration':
      return [['domainEvidence', '域名']];
  }
}

/** 标识注销, 备案注销, 域名注销: every deregistration the stage covers needs its evidence. */
export function checkEvidence(result: Result, fields: EvidenceField[]): Refusal | undefined {
  const missing = fields.filter(([field]) => !hasEvidence(result?.[field])).map(([, label]) => label);
  if (missing.length > 0) {
    return refuse('EVIDENCE_REQUIRED', `请提供${missing.join('、')}的注销凭证：上传的文件（fileId）或注销文号（reference，4到100字）。`);
  }
  return undefined;
}

/** 公示公告: the notice's address on the old site and on the target site. */
export function checkNotice(result: Result): Refusal | undefined {
  const oldUrl = result?.oldSiteNoticeUrl;
  const targetUrl = result?.targetSiteNoticeUrl;
  if (typeof oldUrl !== 'string' || !URL_RE.test(oldUrl) || typeof targetUrl !== 'string' || !URL_RE.test(targetUrl)) {
    return refuse('NOTICE_URL_REQUIRED', '请填写关停公告在原网站（oldSiteNoticeUrl）和整合目标网站（targetSiteNoticeUrl）上的网址（http:// 或 https:// 开头）。');
  }
  return undefined;
}

/** 回头看: the site stays down and nothing new was opened; a finding is recorded with what was ordered. */
export function checkFollowUp(result: Result): Refusal | undefined {
  if (typeof result?.siteDown !== 'boolean' || typeof result?.noNewUnapprovedSite !== 'boolean') {
    return refuse('FOLLOW_UP_INCOMPLETE', '请填写回头看结论：原网站是否已无法访问（siteDown），该单位是否没有新开设未经审批的网站（noNewUnapprovedSite）。');
  }
  // A finding (the site is back, a new site was opened without approval) is recorded with what was done:
  // Shanghai ordered such units to correct it (责令整改) and reported laggards (通报批评).
  if ((!result.siteDown || !result.noNewUnapprovedSite) && !textBetween(result.findings, 5, 5000)) {
    return refuse('FINDINGS_REQUIRED', '回头看发现问题时，请填写发现的情况和整改要求（findings，5到5000字）。');
  }
  return undefined;
}

/** 保留申请: the unit's written reasons (Shanghai: a written request to 市政府办公厅). */
export function checkJustification(result: Result): Refusal | undefined {
  if (!textBetween(result?.justification, 20, 5000)) {
    return refuse('JUSTIFICATION_REQUIRED', '保留申请须附书面理由（20到5000字），说明网站为何不能整合或关停。');
  }
  return undefined;
}

/** 保留审批: approve with the next yearly review date (after today, China time), or reject with a reason. */
export function checkRetentionDecision(result: Result, ctx: { now: Date }): Refusal | undefined {
  const decision = result?.decision;
  if (decision === 'approve') {
    const d = result?.reviewDate;
    if (!isCalendarDate(d) || d <= chinaDay(ctx.now)) {
      return refuse('REVIEW_DATE_REQUIRED', '同意保留时请填写下次年度复核日期（reviewDate，格式 YYYY-MM-DD，晚于今天）。');
    }
    return undefined;
  }
  if (decision === 'reject') {
    if (!textBetween(result?.reason, 1, 2000)) return refuse('REASON_REQUIRED', '不同意保留时请填写理由（reason）。');
    return undefined;
  }
  return refuse('RETENTION_DECISION_REQUIRED', '请选择审批意见：同意保留（approve）或不同意保留、转入关停（reject）。');
}
