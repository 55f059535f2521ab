import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../errors';
import { writeXlsx } from './xlsxExport';

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

export type CsvEncoding = 'utf-8' | 'gb18030';

/** The sentence every refusal of a CSV's encoding ends with: the encodings a CSV may be saved in. */
export const CSV_ENCODINGS_ACCEPTED = 'CSV文件请保存为 UTF-8（可带BOM，即Excel的“CSV UTF-8”）或 GBK/GB18030（即中文Excel、WPS的“CSV（逗号分隔）”）编码';

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const parseCsvText = (textIn: string): string[][] => parseCsv(textIn, { bom: true, relax_column_count: true, skip_empty_lines: false });

/**
 * Decodes a CSV's bytes, choosing the encoding from the bytes themselves: bytes that are valid UTF-8
 * (with or without BOM) are UTF-8; otherwise they are read as GB18030 (which contains GBK, what Chinese
 * Excel and WPS write for "CSV (逗号分隔)"), and that reading is kept only when every byte decodes and,
 * when `headerFits` is given, the header it yields is one the caller knows. Anything else is refused
 * with IMPORT_ENCODING_UNKNOWN and a sentence naming the accepted encodings; the undecodable text is
 * never echoed back.
 */
export function decodeCsv(buffer: Buffer, headerFits?: (headers: string[]) => boolean): { text: string; encoding: CsvEncoding } {
  try {
    return { text: utf8Strict.decode(buffer), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try GB18030 below
  }
  const refuse = () => new AppError('IMPORT_ENCODING_UNKNOWN', `无法识别CSV文件的文字编码，文件未导入。${CSV_ENCODINGS_ACCEPTED}，或直接导入 .xlsx 文件。`, 400);
  const gb = iconv.decode(buffer, 'gb18030');
  if (gb.includes('\uFFFD')) throw refuse();
  if (headerFits) {
    let first: string[] | undefined;
    try {
      first = parseCsvText(gb).find((cells) => cells.some((c) => c.trim() !== ''));
    } catch {
      throw refuse();
    }
    if (!first || !headerFits(first.map((c) => c.trim()))) throw refuse();
  }
  return { text: gb, encoding: 'gb18030' };
}

/**
 * Reads the first sheet of an .xlsx file or a CSV (UTF-8 with or without BOM, or GBK/GB18030; see
 * decodeCsv, which `headerFits` is passed to) into text cells.
 */
export async function parseSheet(buffer: Buffer, format: SheetFormat, headerFits?: (headers: string[]) => boolean): Promise<Sheet> {
  let grid: Array<{ row: number; cells: string[] }>;
  const csvText = format === 'csv' ? decodeCsv(buffer, headerFits).text : '';
  try {
    if (format === 'csv') {
      const records = parseCsvText(csvText);
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
    throw new AppError('IMPORT_UNREADABLE', format === 'csv' ? `无法读取CSV文件，请确认文件为逗号分隔的CSV文件。${CSV_ENCODINGS_ACCEPTED}。` : '无法读取Excel文件，请确认文件为 .xlsx 格式。', 400);
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
  return writeXlsx(sheetName, headers.map((header, i) => ({ header, kind: 'text' as const, value: (r: string[]) => r[i] })), rows);
}
