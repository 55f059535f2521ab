import { z } from 'zod';
import { AppError } from './errors';

/**
 * ra-data-simple-rest list conventions: `sort=["field","ASC"]`, `range=[start,end]` (inclusive),
 * `filter={"field":value}`; the response carries `Content-Range: <resource> start-end/total`.
 */
export interface ListQuery {
  sortField: string;
  sortOrder: 'asc' | 'desc';
  skip: number;
  take: number;
  filter: Record<string, unknown>;
}

const MAX_PAGE = 500;

const once = (name: string) => z.string({ invalid_type_error: `查询参数 ${name} 只能给一次。` }).optional();
/**
 * A list's query as the router reads it and the OpenAPI document shows it (server/openapi/openApi.ts adds the
 * descriptions): each parameter one JSON text, parsed below. Other parameters are ignored.
 */
export const LIST_QUERY = z.object({ sort: once('sort'), range: once('range'), filter: once('filter') });
/** A list query the schema refuses (a parameter given twice) is INVALID_QUERY, like a malformed one. */
export const refuseListQuery = (err: z.ZodError) => new AppError('INVALID_QUERY', err.issues[0]?.message ?? '查询参数格式不正确。', 400);

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new AppError('INVALID_QUERY', `查询参数 ${name} 格式不正确。`, 400);
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('INVALID_QUERY', `查询参数 ${name} 不是有效的JSON。`, 400);
  }
}

export function parseListQuery(query: Record<string, unknown>, sortable: readonly string[], defaultSort: [string, 'ASC' | 'DESC']): ListQuery {
  const sort = z.tuple([z.string(), z.enum(['ASC', 'DESC', 'asc', 'desc'])]).optional().safeParse(parseJson('sort', query.sort));
  const range = z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional().safeParse(parseJson('range', query.range));
  const filter = z.record(z.unknown()).optional().safeParse(parseJson('filter', query.filter));
  if (!sort.success) throw new AppError('INVALID_QUERY', '排序参数应为 ["字段","ASC|DESC"]。', 400);
  if (!range.success) throw new AppError('INVALID_QUERY', '分页参数应为 [起始,结束]。', 400);
  if (!filter.success) throw new AppError('INVALID_QUERY', '筛选参数应为JSON对象。', 400);
  const [sortField, order] = sort.data ?? defaultSort;
  if (!sortable.includes(sortField)) {
    throw new AppError('INVALID_SORT', `不能按“${sortField}”排序，可用的排序字段：${sortable.join('、')}。`, 400);
  }
  const [start, end] = range.data ?? [0, 24];
  if (end < start) throw new AppError('INVALID_QUERY', '分页参数的结束位置不能小于起始位置。', 400);
  return { sortField, sortOrder: order.toLowerCase() as 'asc' | 'desc', skip: start, take: Math.min(end - start + 1, MAX_PAGE), filter: filter.data ?? {} };
}

export function contentRange(resource: string, q: ListQuery, count: number, total: number): string {
  if (count === 0) return `${resource} */${total}`;
  return `${resource} ${q.skip}-${q.skip + count - 1}/${total}`;
}
