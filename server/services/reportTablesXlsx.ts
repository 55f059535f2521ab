/**
 * Tables 二–四 of an annual report as an .xlsx laid out like the template (clerks keep their figures in
 * Excel): written and read through the one layout of domain/annual-report/xlsxLayout.ts. The import reads
 * every cell before anything is saved: a file with any bad cell is refused whole, each bad cell named by
 * its sheet and A1 reference, and the draft stays as it was.
 */
import ExcelJS from 'exceljs';
import {
  createEmptyReport, expectedValue, normalizeLabel, readCell, reportValueAt, TABLE_PROPS, XLSX_LAYOUT,
  type AnnualReportContent,
} from '../../domain/annual-report';
import type { AppContext, CurrentUser } from '../context';
import { AppError } from '../errors';
import { requireDraftEditor, saveReportDraft, taskReport } from './annualReportService';
import { getTask } from './taskService';
import type { Upload } from './uploads';
import { displayWidth } from './xlsxExport';

export interface BadCell { sheet: string; cell: string; message: string }

/** The amount's format shows what was typed, up to the fen (six decimals of 万元), no trailing zeros. */
const AMOUNT_FORMAT = '0.######';

/** Writes the three sheets 表二/表三/表四, filled with the report's numbers (a cell the draft lacks stays empty). */
export async function writeReportTables(report: unknown): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'GovFlow';
  book.created = new Date();
  for (const layout of XLSX_LAYOUT) {
    const sheet = book.addWorksheet(layout.sheet);
    const widths = new Array<number>(layout.width).fill(8);
    for (const t of layout.texts) {
      const c = sheet.getCell(t.ref);
      c.value = t.text;
      c.font = { bold: true };
      c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      if (t.to) sheet.mergeCells(`${t.ref}:${t.to}`);
      else widths[c.fullAddress.col - 1] = Math.max(widths[c.fullAddress.col - 1], Math.min(40, displayWidth(t.text) + 2));
    }
    for (const v of layout.values) {
      const c = sheet.getCell(v.ref);
      const value = reportValueAt(report, v);
      c.value = value ?? null;
      c.numFmt = v.kind === 'amount' ? AMOUNT_FORMAT : '0';
      c.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    }
    widths.forEach((w, i) => { sheet.getColumn(i + 1).width = w; });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Text of a header cell as shown (merged cells read their master's value). */
function shownText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  return String(v);
}

/** A value cell's content as a number or text for readCell, or why it cannot hold a figure. */
function cellContent(v: ExcelJS.CellValue): { raw: unknown } | { problem: string } {
  if (v === null || v === undefined || v === '') return { problem: '未填写' };
  if (typeof v === 'number' || typeof v === 'string') return { raw: v };
  if (v instanceof Date) return { problem: '现为日期' };
  if (typeof v === 'boolean') return { problem: `现为逻辑值 ${v ? 'TRUE' : 'FALSE'}` };
  if (typeof v === 'object') {
    if ('error' in v) return { problem: `现为错误值 ${String(v.error)}` };
    if ('richText' in v && Array.isArray(v.richText)) return { raw: v.richText.map((r) => r.text).join('') };
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (typeof result === 'number' || typeof result === 'string') return { raw: result };
      return { problem: '是公式但没有计算结果，请在 Excel 中重新计算并保存' };
    }
  }
  return { problem: '的内容无法识别' };
}

/**
 * Reads tables 二–四 from the layout, or every bad cell: a missing sheet, a heading that is not the
 * template's (a row or column inserted or moved), an empty cell, text that is not a number, a negative,
 * a fraction of a count, an amount beyond the fen. Nothing is partial: tables come back only when all is well.
 */
export async function readReportTables(buffer: Buffer): Promise<{ ok: true; tables: Pick<AnnualReportContent, 't2' | 't3' | 't4'> } | { ok: false; cells: BadCell[] }> {
  const book = new ExcelJS.Workbook();
  try {
    if (buffer.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') throw new Error('not a zip');
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_UNREADABLE', '无法读取Excel文件，请确认文件为 .xlsx 格式（可先点“导出表格”取得模板）。', 400);
  }
  const empty = createEmptyReport();
  const tables = { t2: empty.t2, t3: empty.t3, t4: empty.t4 } as Record<string, Record<string, Record<string, number>>>;
  const cells: BadCell[] = [];
  for (const layout of XLSX_LAYOUT) {
    const sheet = book.getWorksheet(layout.sheet);
    if (!sheet) {
      cells.push({ sheet: layout.sheet, cell: 'A1', message: `文件中没有名为“${layout.sheet}”的工作表，请使用“导出表格”取得的文件，不要改工作表名。` });
      continue;
    }
    for (const t of layout.texts) {
      if (!t.text) continue;
      const got = shownText(sheet.getCell(t.ref).value);
      if (normalizeLabel(got) !== normalizeLabel(t.text)) {
        cells.push({
          sheet: layout.sheet, cell: t.ref,
          message: `此处应为表头“${t.text}”，现为${got ? `“${got}”` : '空白'}：请保持模板的行列位置，不要插入、删除或移动行列。`,
        });
      }
    }
    for (const v of layout.values) {
      const content = cellContent(sheet.getCell(v.ref).value);
      const read = 'raw' in content ? readCell(content.raw, v.kind) : content;
      if ('problem' in read) {
        const blank = read.problem === '未填写';
        cells.push({
          sheet: layout.sheet, cell: v.ref,
          message: blank ? `${v.label}未填写，应填写${expectedValue(v.kind)}（没有的填 0）。` : `${v.label}应填写${expectedValue(v.kind)}，${read.problem}。`,
        });
        continue;
      }
      tables[TABLE_PROPS[v.table]][v.row][v.column] = read.value;
    }
  }
  if (cells.length > 0) return { ok: false, cells };
  return { ok: true, tables: tables as unknown as Pick<AnnualReportContent, 't2' | 't3' | 't4'> };
}

/** The report a task's tables come from: the open self-check's draft, else the last submission, else an empty report. */
async function currentReport(ctx: AppContext, user: CurrentUser, task: { id: string; stageKey: string; status: string; payload: unknown }): Promise<Record<string, unknown>> {
  const draft = task.stageKey === 'self-check' && task.status === 'OPEN' ? (task.payload as { draft?: unknown } | null)?.draft : undefined;
  if (draft && typeof draft === 'object' && !Array.isArray(draft)) return draft as Record<string, unknown>;
  const submitted = (await taskReport(ctx, user, task.id)).report;
  if (submitted && typeof submitted === 'object' && !Array.isArray(submitted)) return submitted as Record<string, unknown>;
  return createEmptyReport() as unknown as Record<string, unknown>;
}

/** GET /tasks/:id/report/tables.xlsx: the task's tables 二–四 as the template lays them out. */
export async function exportReportTables(ctx: AppContext, user: CurrentUser, id: string): Promise<{ buffer: Buffer; unitName: string; year: number | null }> {
  const task = await getTask(ctx, user, id);
  const report = await currentReport(ctx, user, task);
  const payload = (task.payload ?? {}) as { year?: unknown; unitName?: unknown };
  return {
    buffer: await writeReportTables(report),
    unitName: typeof payload.unitName === 'string' ? payload.unitName : '',
    year: typeof payload.year === 'number' ? payload.year : null,
  };
}

/**
 * POST /tasks/:id/report/tables.xlsx: the clerk's Excel file into the draft (the narrative sections and
 * 整改 answers kept). Only the open self-check's assignee; any bad cell refuses the whole file, saving nothing.
 */
export async function importReportTables(ctx: AppContext, user: CurrentUser, id: string, readFile: () => Promise<Upload>, requestId: string) {
  // Who may import is decided before the file is read: outside the scope 404, not the editor 409/403.
  const task = await getTask(ctx, user, id);
  requireDraftEditor(task, user);
  const file = await readFile();
  const read = await readReportTables(file.buffer);
  if (!read.ok) {
    const [first] = read.cells;
    throw new AppError(
      'REPORT_TABLES_INVALID',
      `导入的表格有${read.cells.length}处错误，草稿未作任何修改。第一处：${first.sheet} ${first.cell}，${first.message}请逐格修改后重新导入。`,
      400,
      read.cells,
    );
  }
  const base = await currentReport(ctx, user, task);
  const report = { ...base, sections: base.sections ?? createEmptyReport().sections, ...read.tables };
  const out = await saveReportDraft(ctx, user, task, { report }, requestId, { action: 'task.draft_imported', detail: { file: file.originalname.slice(0, 200), bytes: file.size } });
  return { ...out, report };
}
