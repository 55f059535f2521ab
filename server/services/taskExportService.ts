import ExcelJS from 'exceljs';
import { flowLabels, stageLabels } from '../../domain/flows';
import type { AppContext, CurrentUser } from '../context';
import type { ListQuery } from '../listQuery';
import { listTasks } from './taskService';

/** Chinese names of what the export writes: stage and flow keys as a clerk reads them, from the flows' registry. */
export const STAGE_LABELS: Readonly<Record<string, string>> = stageLabels('zh-CN');
const STATUSES: Record<string, string> = { OPEN: '待办理', COMPLETED: '已办结', RETURNED: '已退回', WITHDRAWN: '已撤回', CANCELLED: '已取消' };
const FLOWS: Readonly<Record<string, string>> = flowLabels('zh-CN');

/** An export is a report, not a dump: beyond this many rows the caller narrows the filter. */
export const EXPORT_MAX_ROWS = 10_000;
const PAGE = 500;

const chinaTime = (d: Date | null) => (d ? d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

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
  const book = new ExcelJS.Workbook();
  book.creator = 'GovFlow';
  book.created = new Date();
  const sheet = book.addWorksheet('待办事项', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '事项', key: 'title', width: 48 },
    { header: '单位', key: 'unit', width: 28 },
    { header: '单位编码', key: 'unitCode', width: 14 },
    { header: '流程', key: 'flow', width: 26 },
    { header: '环节', key: 'stage', width: 18 },
    { header: '轮次', key: 'round', width: 6 },
    { header: '状态', key: 'status', width: 10 },
    { header: '开始时间', key: 'startedAt', width: 20 },
    { header: '办理期限', key: 'deadlineAt', width: 20 },
    { header: '剩余工作日', key: 'left', width: 12 },
    { header: '逾期工作日', key: 'overdue', width: 12 },
    { header: '催办阶梯', key: 'rung', width: 10 },
    { header: '办结时间', key: 'completedAt', width: 20 },
    { header: '办理意见', key: 'comment', width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const t of rows) {
    const left = t.status === 'OPEN' ? t.workingDaysLeft : null;
    sheet.addRow({
      title: t.title, unit: t.orgUnit.name, unitCode: t.orgUnit.code, flow: FLOWS[t.flowKey] ?? t.flowKey,
      stage: STAGE_LABELS[t.stageKey] ?? t.stageKey, round: t.round, status: STATUSES[t.status] ?? t.status,
      startedAt: chinaTime(t.startedAt), deadlineAt: chinaTime(t.deadlineAt),
      left: left != null && left >= 0 ? left : null, overdue: left != null && left < 0 ? -left : null,
      rung: t.currentRung ?? '', completedAt: chinaTime(t.completedAt), comment: t.comment ?? '',
    });
  }
  sheet.autoFilter = { from: 'A1', to: 'N1' };
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return { buffer, rows: rows.length };
}
