/**
 * Pasting a block copied from Excel or WPS into the report's tables (表二–表四). The clipboard holds
 * tab-separated rows; cells may carry thousands separators (1,234), full-width digits (１２３), spaces or
 * be empty. The block is laid over the table's cells as they are drawn, from the focused cell rightwards
 * and downwards; each cell is read as the column's kind (counts: digits; 万元 amounts: digits and one
 * point, R7), and what cannot be read is reported, not written. Pure, so the console and its tests share it.
 */
import { readPrintedNumber } from './numbers';
import { columnSpec, TABLES, type TableKey, type ValueKind } from './template';

export interface LayoutCell { row: string; column: string; kind: ValueKind }
/** A table's cells in the order the form draws them: visual rows of cells, left to right. */
export type PasteLayout = LayoutCell[][];

export interface PastedCell { table: TableKey; row: string; column: string; value: string; raw: string }
export interface UnreadCell { table: TableKey; row: string; column: string; raw: string }
export interface PastePlan {
  /** cells to write ('' for an empty clipboard cell: it empties the form's cell) */
  cells: PastedCell[];
  /** clipboard cells that are not a number of the column's kind; the form's cell is left as it was */
  unread: UnreadCell[];
  /** clipboard cells that fall outside the table */
  outside: number;
}

/**
 * The visual layout: 表二 draws each item's cells on its own line (one cell or three), 表三 one line per
 * row with its seven columns, 表四 its two rows side by side on one line of fifteen cells.
 */
export function pasteLayout(table: TableKey): PasteLayout {
  const spec = TABLES[table];
  const cellOf = (row: string, column: string): LayoutCell => ({ row, column, kind: columnSpec(table, column)!.kind });
  if (table === 'T4') return [spec.rows.flatMap((r) => r.columns.map((c) => cellOf(r.key, c)))];
  return spec.rows.map((r) => r.columns.map((c) => cellOf(r.key, c)));
}

/**
 * The clipboard text as rows of cells: lines split on CR/LF (the last line break, which Excel always
 * adds, is not a row), cells on tabs; a cell Excel quoted (it holds a tab, line break or quote) is unquoted.
 */
export function splitClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
      continue;
    }
    if (ch === '"' && atCellStart) { quoted = true; atCellStart = false; continue; }
    atCellStart = false;
    if (ch === '\t') { row.push(cell); cell = ''; atCellStart = true; } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = ''; atCellStart = true;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/**
 * One clipboard cell read as a number of `kind`: '' for an empty cell, the digits otherwise, or null
 * when it is not a number the cell may hold (numbers.ts reads it as the printed report shows it).
 */
export function readPastedNumber(raw: string, kind: ValueKind): string | null {
  return readPrintedNumber(raw, kind);
}

/** Lays `text` over `table` from the cell (row, column); see the module comment. */
export function planPaste(table: TableKey, at: { row: string; column: string }, text: string): PastePlan {
  const layout = pasteLayout(table);
  const startLine = layout.findIndex((line) => line.some((c) => c.row === at.row && c.column === at.column));
  const plan: PastePlan = { cells: [], unread: [], outside: 0 };
  if (startLine < 0) return plan;
  const startCol = layout[startLine].findIndex((c) => c.row === at.row && c.column === at.column);
  splitClipboard(text).forEach((cells, i) => {
    cells.forEach((raw, j) => {
      const target = layout[startLine + i]?.[startCol + j];
      if (!target) { if (raw.trim() !== '') plan.outside++; return; }
      const value = readPastedNumber(raw, target.kind);
      if (value === null) plan.unread.push({ table, row: target.row, column: target.column, raw });
      else plan.cells.push({ table, row: target.row, column: target.column, value, raw });
    });
  });
  return plan;
}
