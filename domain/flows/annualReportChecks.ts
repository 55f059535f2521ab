/**
 * The annual report's form checks: what 单位自查 and 预发布 must carry to be completed. Pure: the workflow
 * runs them inside its update validators, tests call them directly.
 */
import { checkArithmetic, checkShape, type Issue } from '../annual-report';
import { chinaDay, isCalendarDate, refuse, type Refusal } from './refusal';

export interface ReportCheckContext {
  /** Last year's report of the unit when it ran here (enables R5 and R6); anything else is ignored. */
  previous?: unknown;
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
  const { errors } = checkArithmetic(shape.report, last?.ok ? last.report : undefined);
  if (errors.length > 0) {
    return refuse('REPORT_INVALID', `年度报告有${errors.length}处逻辑错误，请修改后再提交：\n${listProblems(errors)}`);
  }
  return undefined;
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
