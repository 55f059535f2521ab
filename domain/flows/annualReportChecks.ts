/**
 * The annual report's form checks: what 单位自查 and 预发布 must carry to be completed. Pure: the workflow
 * runs them inside its update validators, tests call them directly.
 */
import { checkArithmetic, checkContent, checkShape, warningKey, type AnnualReportContent, type Issue, type RectificationItem } from '../annual-report';
import { chinaDay, isCalendarDate, refuse, type Refusal } from './refusal';

export interface ReportCheckContext {
  /** Last year's report of the unit when it ran here (enables R5 and R6); anything else is ignored. */
  previous?: unknown;
  /** Last year's problems returned at 全市核查 (整改 items): each must be answered, and section 五 cover them. */
  rectification?: readonly RectificationItem[];
  /** A government's report: 第五十条 adds the results of 考核、评议、责任追究 to section 一. */
  government?: boolean;
}

export interface PreReleaseCheckContext extends ReportCheckContext {
  /** The unit's statutory publication date (YYYY-MM-DD), when a campaign set one. */
  publishBy?: string;
  /** The workflow's clock: the publication date may not lie before today (China time). */
  now: Date;
}

/** One line per problem, so the clerk sees all of them at once and the refusal stays readable. */
function listProblems(issues: Issue[]): string {
  return issues.map((i, n) => `${n + 1}. [${i.code}] ${i.message}`).join('\n');
}

/**
 * 单位自查 is complete only with a report that matches the template (国办公开办函〔2021〕30号) and has no
 * arithmetic error (R1–R4, docs/domain.md §2). R6 is a heuristic and only warns, so it never blocks here.
 */
export function checkReportResult(result: Record<string, unknown> | undefined, ctx: ReportCheckContext = {}): Refusal | undefined {
  const report = result?.report;
  if (report === undefined || report === null) {
    return refuse('REPORT_INVALID', '请填写年度报告内容后再提交自查。');
  }
  const shape = checkShape(report);
  if (!shape.ok) {
    return refuse('REPORT_INVALID', `年度报告有${shape.issues.length}处与模板不符，请修改后再提交：\n${listProblems(shape.issues)}`);
  }
  // Last year's report, when it ran here and has the template's shape, enables R5 (carry-over) and R6.
  const last = ctx.previous ? checkShape(ctx.previous) : null;
  const { errors, warnings } = reportChecks(shape.report, result, ctx, last?.ok ? last.report : undefined);
  if (errors.length > 0) {
    return refuse('REPORT_INVALID', `年度报告有${errors.length}处问题，请修改后再提交：\n${listProblems(errors)}`);
  }
  // Warnings (R6, figures in the text that contradict the tables, …) need a person's confirmation: the
  // submission names each one it confirms (`confirmedWarnings`, keys from warningKey).
  const confirmed = new Set(Array.isArray(result?.confirmedWarnings) ? result.confirmedWarnings.filter((k): k is string => typeof k === 'string') : []);
  const open = warnings.filter((w) => !confirmed.has(warningKey(w)));
  if (open.length > 0) {
    return refuse('REPORT_WARNINGS_UNCONFIRMED', `年度报告有${open.length}处提示尚未确认，请逐项核对并确认后再提交：\n${listProblems(open)}`);
  }
  return undefined;
}

/**
 * Every check a submitted report goes through, errors and warnings: the arithmetic (R1–R6) and the
 * content (条例 第五十条, section 五, the 整改 items, narrative figures). The draft save, the completion and
 * 全市核查's view all call this one function, so they cannot disagree.
 */
export function reportChecks(report: AnnualReportContent, result: Record<string, unknown> | undefined, ctx: ReportCheckContext, previous?: AnnualReportContent) {
  const arithmetic = checkArithmetic(report, previous);
  const content = checkContent(report, { rectification: ctx.rectification, answers: result?.rectification, government: ctx.government });
  return { errors: [...arithmetic.errors, ...content.errors], warnings: [...arithmetic.warnings, ...content.warnings] };
}

/**
 * 预发布 fixes the publication date: a real calendar date, not in the past (the report is not yet public),
 * and, when the final text is sent with it, a report that still passes the checks of 单位自查.
 */
export function checkPreRelease(result: Record<string, unknown> | undefined, ctx: PreReleaseCheckContext): Refusal | undefined {
  const date = result?.publicationDate;
  if (!isCalendarDate(date)) return refuse('INVALID_PUBLICATION_DATE', '请填写正确的公开日期（格式为 YYYY-MM-DD）。');
  const today = chinaDay(ctx.now);
  if (date < today) return refuse('INVALID_PUBLICATION_DATE', `公开日期 ${date} 已过，请填写今天或以后的日期。`);
  // Before the statutory date passes the planned date must keep to it; after, the unit is already
  // flagged and escalated, and the date only has to be real and not in the past.
  if (ctx.publishBy && date > ctx.publishBy && today <= ctx.publishBy) {
    return refuse('INVALID_PUBLICATION_DATE', `公开日期 ${date} 晚于法定公开截止日期 ${ctx.publishBy}，请提前。`);
  }
  if (result?.report !== undefined) return checkReportResult(result, ctx);
  return undefined;
}
