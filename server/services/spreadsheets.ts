import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../errors';

export type SheetFormat = 'csv' | 'xlsx';

export interface Sheet {
  headers: string[];
  /** data rows with the spreadsheet's row number (the header is row 1); blank rows are left out */
  rows: Array<{ row: number; cells: string[] }>;
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }>; hyperlink?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return String(o.result).trim();
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v).trim();
};

/** Reads the first sheet of an .xlsx file or a CSV (UTF-8, with or without BOM) into text cells. */
export async function parseSheet(buffer: Buffer, format: SheetFormat): Promise<Sheet> {
  let grid: Array<{ row: number; cells: string[] }>;
  try {
    if (format === 'csv') {
      const records: string[][] = parseCsv(buffer, { bom: true, relax_column_count: true, skip_empty_lines: false });
      grid = records.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c.trim()) }));
    } else {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      if (!ws) throw new Error('no worksheet');
      grid = [];
      ws.eachRow({ includeEmpty: false }, (r, n) => {
        const cells: string[] = [];
        for (let c = 1; c <= r.cellCount; c++) cells.push(text(r.getCell(c).value));
        grid.push({ row: n, cells });
      });
    }
  } catch {
    throw new AppError('IMPORT_UNREADABLE', format === 'csv' ? '无法读取CSV文件，请确认文件为UTF-8编码的逗号分隔文件。' : '无法读取Excel文件，请确认文件为 .xlsx 格式。', 400);
  }
  const nonEmpty = grid.filter((r) => r.cells.some((c) => c !== ''));
  if (nonEmpty.length === 0) throw new AppError('IMPORT_EMPTY', '导入文件是空的。', 400);
  const [header, ...rows] = nonEmpty;
  return { headers: header.cells, rows };
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v);

/** Writes a header and rows as CSV (UTF-8 with BOM, which Excel needs for Chinese) or as an .xlsx sheet. */
export async function writeSheet(headers: string[], rows: string[][], format: SheetFormat, sheetName: string): Promise<Buffer> {
  if (format === 'csv') {
    const lines = [headers, ...rows].map((r) => r.map(csvCell).join(','));
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => { c.width = 22; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
