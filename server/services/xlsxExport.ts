/**
 * The one way GovFlow writes an .xlsx export, so every export opens ready to read in Excel or WPS: a bold,
 * frozen header row with the filter arrows on, column widths that fit Chinese text (a CJK character is
 * as wide as two Latin ones), dates as date cells shown in China time, numbers as numbers; and the one way
 * an export is named: a Chinese name with the China date, sent as RFC 5987 `filename*=UTF-8''…`.
 */
import ExcelJS from 'exceljs';
import { chinaDate } from '../../domain/calendar';

export type XlsxCell = string | number | Date | null | undefined;
export interface XlsxColumn<R> {
  header: string;
  /** 'date' shows the day, 'datetime' the China time to the minute; both are real date cells */
  kind: 'text' | 'number' | 'date' | 'datetime';
  value: (row: R) => XlsxCell;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';
const CHINA_OFFSET_MS = 8 * 3_600_000;
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

/** Display width of a text: full-width (CJK, full-width forms) characters count 2, others 1. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * Excel date cells carry no time zone: a moment is written as its China wall-clock time, so the sheet
 * shows what the console shows. A 'YYYY-MM-DD' string is a calendar day and is written as that day.
 */
function toCell(kind: XlsxColumn<unknown>['kind'], v: XlsxCell): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'number') return typeof v === 'number' ? v : Number.isFinite(Number(v)) ? Number(v) : String(v);
  if (kind === 'date' || kind === 'datetime') {
    if (v instanceof Date) return new Date(v.getTime() + CHINA_OFFSET_MS);
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
    return String(v);
  }
  return v instanceof Date ? v.toISOString() : String(v);
}

/** Shown text of a cell, for the width: what Excel displays with the column's format. */
function shownText(kind: XlsxColumn<unknown>['kind'], v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return kind === 'date' ? DATE_FORMAT : DATETIME_FORMAT;
  return String(v);
}

/** Adds one styled sheet to a workbook: bold frozen header, filter, fitted widths, typed cells. */
export function addStyledSheet<R>(book: ExcelJS.Workbook, name: string, columns: Array<XlsxColumn<R>>, rows: R[]): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = columns.map((c) => displayWidth(c.header));
  sheet.addRow(columns.map((c) => c.header));
  for (const r of rows) {
    const cells = columns.map((c) => toCell(c.kind, c.value(r)));
    cells.forEach((v, i) => { widths[i] = Math.max(widths[i], displayWidth(shownText(columns[i].kind, v))); });
    sheet.addRow(cells);
  }
  columns.forEach((c, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widths[i] + 2));
    if (c.kind === 'date') col.numFmt = DATE_FORMAT;
    if (c.kind === 'datetime') col.numFmt = DATETIME_FORMAT;
  });
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  // The header keeps the general format even in a date column.
  header.eachCell((cell) => { cell.numFmt = 'General'; });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  return sheet;
}

/** A one-sheet workbook as bytes. */
export async function writeXlsx<R>(sheetName: string, columns: Array<XlsxColumn<R>>, rows: R[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'GovFlow';
  book.created = new Date();
  addStyledSheet(book, sheetName, columns, rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** `${name}-${China date}.${ext}`, with characters a file name cannot hold replaced. */
export const exportFileName = (name: string, ext: 'xlsx' | 'csv', now: Date = new Date()) => `${name.replace(/[\\/:*?"<>|\r\n]+/g, '_')}-${chinaDate(now)}.${ext}`;

/**
 * The Content-Disposition of an export: an ASCII fallback for old clients and the Chinese name as
 * RFC 5987 `filename*=UTF-8''…`, which every current browser uses.
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const star = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${star}`;
}
