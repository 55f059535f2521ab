import { flowLabels, stageLabels } from '../../domain/flows';
import type { AppContext, CurrentUser } from '../context';
import type { ListQuery } from '../listQuery';
import { listTasks } from './taskService';
import { writeXlsx, type XlsxColumn } from './xlsxExport';

/** Chinese names of what the export writes: stage and flow keys as a clerk reads them, from the flows' registry. */
export const STAGE_LABELS: Readonly<Record<string, string>> = stageLabels('zh-CN');
const STATUSES: Record<string, string> = { OPEN: '待办理', COMPLETED: '已办结', RETURNED: '已退回', WITHDRAWN: '已撤回', CANCELLED: '已取消' };
const FLOWS: Readonly<Record<string, string>> = flowLabels('zh-CN');

/** An export is a report, not a dump: beyond this many rows the caller narrows the filter. */
export const EXPORT_MAX_ROWS = 10_000;
const PAGE = 500;

/** The export's file name (before the date): what the screen it came from is called. */
export const taskExportName = (q: Pick<ListQuery, 'filter'>) => (q.filter.overdue === true ? '逾期待办' : '待办事项');

/**
 * The task list as an .xlsx workbook: the same filter and sort as GET /api/tasks (so the overdue screen
 * exports what it shows), the same scope (taskScope: a clerk exports their unit, a supervisor their subtree),
 * Chinese headers and values.
 */
export async function exportTasksXlsx(ctx: AppContext, user: CurrentUser, q: ListQuery): Promise<{ buffer: Buffer; rows: number }> {
  const rows: Awaited<ReturnType<typeof listTasks>>['rows'] = [];
  for (let skip = 0; skip < EXPORT_MAX_ROWS; skip += PAGE) {
    const page = await listTasks(ctx, user, { ...q, skip, take: Math.min(PAGE, EXPORT_MAX_ROWS - skip) });
    rows.push(...page.rows);
    if (page.rows.length < PAGE || skip + PAGE >= page.total) break;
  }
  type Row = (typeof rows)[number];
  const leftOf = (t: Row) => (t.status === 'OPEN' ? t.workingDaysLeft : null);
  const columns: Array<XlsxColumn<Row>> = [
    { header: '事项', kind: 'text', value: (t) => t.title },
    { header: '单位', kind: 'text', value: (t) => t.orgUnit.name },
    { header: '单位编码', kind: 'text', value: (t) => t.orgUnit.code },
    { header: '流程', kind: 'text', value: (t) => FLOWS[t.flowKey] ?? t.flowKey },
    { header: '环节', kind: 'text', value: (t) => STAGE_LABELS[t.stageKey] ?? t.stageKey },
    { header: '轮次', kind: 'number', value: (t) => t.round },
    { header: '状态', kind: 'text', value: (t) => STATUSES[t.status] ?? t.status },
    { header: '开始时间', kind: 'datetime', value: (t) => t.startedAt },
    { header: '办理期限', kind: 'datetime', value: (t) => t.deadlineAt },
    { header: '剩余工作日', kind: 'number', value: (t) => { const left = leftOf(t); return left != null && left >= 0 ? left : null; } },
    { header: '逾期工作日', kind: 'number', value: (t) => { const left = leftOf(t); return left != null && left < 0 ? -left : null; } },
    { header: '催办阶梯', kind: 'number', value: (t) => t.currentRung ?? null },
    { header: '办结时间', kind: 'datetime', value: (t) => t.completedAt },
    { header: '办理意见', kind: 'text', value: (t) => t.comment ?? '' },
  ];
  const buffer = await writeXlsx('待办事项', columns, rows);
  return { buffer, rows: rows.length };
}
