import { z } from 'zod';
import { AppError, fromZod } from '../errors';

/**
 * The query parameters of the routes that are not lists (a list's sort, range and filter are
 * server/listQuery.ts's): one schema each, which the router validates before the handler runs and the OpenAPI
 * document shows (server/routes/route.ts). A parameter is a single text: given twice (`?root=a&root=b`) it
 * arrives as an array and is refused with a sentence, not taken apart by a service. Unknown parameters are
 * ignored (a browser's cache-buster must not break a page).
 */
const once = (name: string) => z.string({ invalid_type_error: `查询参数 ${name} 只能给一次。`, required_error: `请填写查询参数 ${name}。` });

const UUID_OR_EMPTY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i;
/** An id in the query; empty is the same as absent (the console sends `?root=` for the whole scope). */
const optionalId = (name: string, sentence: string) =>
  once(name).regex(UUID_OR_EMPTY, sentence).optional().transform((v) => v || undefined);

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const day = (name: string, sentence: string) => once(name).regex(DATE, sentence).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), sentence);

/** A campaign's progress and summary inside one unit of the caller's scope (default: the whole scope). */
export const rootQuery = z.object({
  root: optionalId('root', '汇总范围应为单位编号（UUID），不填则为您的全部范围').describe('单位编号，不填为全部范围 · org unit id; default: the whole scope'),
});

/** The working-day calendar between two days (both included; at most 400 days are answered). */
export const calendarDaysQuery = z.object({
  from: day('from', '开始日期应为有效的日期，格式 YYYY-MM-DD').describe('开始日期 YYYY-MM-DD · first day'),
  to: day('to', '结束日期应为有效的日期，格式 YYYY-MM-DD').describe('结束日期 YYYY-MM-DD（含） · last day, included'),
});

/** Whom a delegation may go to: for the caller, or (an administrator) for someone in their scope. */
export const delegationCandidatesQuery = z.object({
  delegatorId: optionalId('delegatorId', '委托人应为用户编号（UUID），不填则为您本人').describe('委托人（管理员代设），不填为本人 · the delegator (set by an administrator); default: the caller'),
});

const format = z.enum(['csv', 'xlsx'], { errorMap: () => ({ message: '文件格式只能是 csv 或 xlsx。' }) });
/** The site inventory's import: the file's format (default: from its name and content) and a dry run. */
export const websitesImportQuery = z.object({
  format: format.optional().describe('csv 或 xlsx；不填则按文件判断 · csv or xlsx; default: from the file'),
  dryRun: z.enum(['true', 'false'], { errorMap: () => ({ message: '试导入参数 dryRun 只能是 true 或 false。' }) }).optional()
    .describe('true：只检查不导入 · true: check only, import nothing').transform((v) => v === 'true'),
});

/** The site inventory's export: its format (default csv) and the list's filter (a JSON object). */
export const websitesExportQuery = z.object({
  format: format.default('csv').describe('csv（默认）或 xlsx · csv (default) or xlsx'),
  filter: once('filter').optional().describe('JSON 对象，与网站清单列表的筛选相同 · JSON object, the list\'s filter').transform((raw, ctx) => {
    if (raw === undefined || raw === '') return {};
    try {
      const value: unknown = JSON.parse(raw);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // answered below
    }
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: '查询参数 filter 应为JSON对象，例如 {"status":"KEPT"}。' });
    return z.NEVER;
  }),
});

/**
 * A route's refusal with the stable code its parameters had before they had a schema (INVALID_FORMAT for a
 * file format, INVALID_RANGE for a calendar's days, INVALID_QUERY for a filter): the first refused parameter
 * that has one names the code; the sentence and the fields are the schema's. Others are VALIDATION_FAILED.
 */
export function refuseQuery(codes: Record<string, string>) {
  return (err: z.ZodError): AppError => {
    const plain = fromZod(err);
    const issue = err.issues.find((i) => codes[String(i.path[0])]);
    return issue ? new AppError(codes[String(issue.path[0])], issue.message.endsWith('。') ? issue.message : `${issue.message}。`, 400, plain.details) : plain;
  };
}
