/**
 * The government website inventory's rules, shared by the API (single sites, imports) and the tests: the
 * formats of 网站标识码, ICP备案号, 公安机关备案号 and domains, and the status and decision labels.
 * Pure: no I/O (the domain is normalised with the WHATWG IDN algorithm, passed in by the caller).
 */
import { z } from 'zod';

export const WEBSITE_STATUSES = ['RUNNING', 'RETENTION_REVIEW', 'RETAINED', 'CLOSURE_APPROVAL', 'NOTICE', 'DEREGISTERING', 'CLOSED', 'FOLLOWED_UP', 'FLOW_ENDED'] as const;
export type WebsiteStatus = (typeof WEBSITE_STATUSES)[number];
export const STATUS_LABELS: Record<WebsiteStatus, string> = {
  RUNNING: '运行中',
  RETENTION_REVIEW: '保留审批中',
  RETAINED: '保留',
  CLOSURE_APPROVAL: '关停审批中',
  NOTICE: '公示中',
  DEREGISTERING: '注销中',
  CLOSED: '已关停',
  FOLLOWED_UP: '回头看完成',
  // Its flow was ended in 流程监控 before a decision: the site is still online, so it stays in the open count.
  FLOW_ENDED: '流程已终止',
};
/** Statuses a site leaves the count of "sites still open" with (644 → 78). */
export const GONE_STATUSES: readonly WebsiteStatus[] = ['CLOSED', 'FOLLOWED_UP'];
/** What an import may say about a site; the others are set by the closure flow only. */
export const IMPORTABLE_STATUSES: readonly WebsiteStatus[] = ['RUNNING', 'RETAINED'];

export const PLAN_DECISIONS = ['INTEGRATE', 'CLOSE', 'KEEP'] as const;
export type PlanDecision = (typeof PLAN_DECISIONS)[number];
export const DECISION_LABELS: Record<PlanDecision, string> = { INTEGRATE: '整合', CLOSE: '关停', KEEP: '保留' };

/**
 * 网站标识码: 10 digits for local sites (6-digit area code + 4-digit number, e.g. 1100000088 for
 * www.beijing.gov.cn), "bm" + 8 digits for State Council departments' sites.
 */
export const SITE_CODE = /^(\d{10}|bm\d{8})$/;
/** ICP备案号: province abbreviation + ICP备 + number + 号, with an optional site suffix (京ICP备05060933号-1). */
export const ICP_NUMBER = /^[\u4e00-\u9fa5]ICP备\d{6,12}号(-\d{1,4})?$/;
/** 公安机关备案号: province abbreviation + 公网安备 + 14 digits + 号 (京公网安备11010502030143号). */
export const PSB_NUMBER = /^[\u4e00-\u9fa5]公网安备\d{14}号$/;
/** A host name in ASCII (IDN already converted to punycode): labels of letters, digits and inner hyphens. */
const HOST = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A domain as stored: lower case, ASCII (punycode for 中文域名 such as .政务), without scheme, path or port.
 * `toAscii` is node:url's domainToASCII (or the browser's URL); returns null when malformed.
 */
export function normaliseDomain(raw: string, toAscii: (d: string) => string): string | null {
  const trimmed = raw.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed === '' || /[\s/:@?#]/.test(trimmed)) return null;
  const ascii = toAscii(trimmed);
  return ascii && HOST.test(ascii) ? ascii : null;
}

/** Removes the spaces people type inside filing numbers (京公网安备 11010502030143号). */
export const compact = (v: string) => v.replace(/\s+/g, '');

const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

/** One site as an import row or an API body names it; the domain is checked by the caller (IDN). */
export const websiteFields = z.object({
  name: z.string({ required_error: '网站名称不能为空' }).trim().min(1, '网站名称不能为空').max(100, '网站名称不能超过100字'),
  domain: z.string({ required_error: '域名不能为空' }).trim().min(1, '域名不能为空').max(253, '域名过长'),
  siteCode: z.string({ required_error: '网站标识码不能为空' }).trim().regex(SITE_CODE, '网站标识码应为10位数字，或 bm 加8位数字'),
  partyGovMark: optionalText(100),
  icpNumber: z.preprocess((v) => (typeof v === 'string' ? (compact(v) === '' ? undefined : compact(v)) : v), z.string().regex(ICP_NUMBER, 'ICP备案号格式应为“京ICP备05060933号”或“京ICP备05060933号-1”').optional()),
  psbNumber: z.preprocess((v) => (typeof v === 'string' ? (compact(v) === '' ? undefined : compact(v)) : v), z.string().regex(PSB_NUMBER, '公安备案号格式应为“京公网安备11010502030143号”').optional()),
  ownerUnitCode: z.string({ required_error: '主办单位编码不能为空' }).trim().min(1, '主办单位编码不能为空').max(50, '主办单位编码过长'),
  targetDomain: optionalText(253),
  status: z.enum(WEBSITE_STATUSES).optional(),
});
export type WebsiteFields = z.infer<typeof websiteFields>;
/** One site as POST /api/websites takes it: the row's fields and nothing else (an unknown field is refused). */
export const websiteBody = websiteFields.strict();

/** The columns of the import and export files, in order: header (Chinese), field. */
export const WEBSITE_COLUMNS: ReadonlyArray<[string, keyof WebsiteFields | 'ownerUnitName']> = [
  ['网站名称', 'name'],
  ['域名', 'domain'],
  ['网站标识码', 'siteCode'],
  ['党政机关网站标识', 'partyGovMark'],
  ['ICP备案号', 'icpNumber'],
  ['公安备案号', 'psbNumber'],
  ['主办单位编码', 'ownerUnitCode'],
  ['主办单位', 'ownerUnitName'],
  ['整合目标域名', 'targetDomain'],
  ['状态', 'status'],
];

/** A status label (运行中) or code (RUNNING) to the code; undefined for an empty cell, null when unknown. */
export function parseStatus(raw: string): WebsiteStatus | undefined | null {
  const v = raw.trim();
  if (v === '') return undefined;
  if ((WEBSITE_STATUSES as readonly string[]).includes(v)) return v as WebsiteStatus;
  const found = (Object.entries(STATUS_LABELS) as Array<[WebsiteStatus, string]>).find(([, label]) => label === v);
  return found ? found[0] : null;
}
