import { columnSpec, pasteLayout, planPaste, TABLES, TABLE_NAMES, type PastePlan, type TableKey } from '@domain/annual-report';
import { cellKey, type ReportForm } from './reportModel';

interface CellAt { table: TableKey; row: string; column: string }
export interface PasteOutcome {
  plan: PastePlan;
  /** the pasted cells' values before the paste, for undo */
  before: Array<CellAt & { value: string }>;
  /** each unread cell as a clerk reads it: where, and what the clipboard held (never more than 40 characters) */
  unreadLabels: string[];
}

const isTable = (t: string): t is TableKey => t in TABLES;

/**
 * The console side of pasting into the report: the reading itself is domain/annual-report/paste.ts;
 * here it meets the form (what to write, what to restore on undo, how to name a cell) and the keyboard.
 */

/** The report cell an event happened in (the number inputs carry data-cell="T3.row.column"). */
export function cellTarget(target: EventTarget | null): CellAt | undefined {
  const key = target instanceof HTMLInputElement ? target.dataset.cell : undefined;
  if (!key) return undefined;
  const [table, row, column] = key.split('.');
  return isTable(table) ? { table, row, column } : undefined;
}

export const cellLabel = (c: CellAt) => `${TABLE_NAMES[c.table]} ${TABLES[c.table].rows.find((r) => r.key === c.row)?.fullLabel ?? c.row} ${columnSpec(c.table, c.column)?.displayLabel ?? c.column}`;

export function pasteOutcome(form: ReportForm, at: CellAt, text: string): PasteOutcome {
  const plan = planPaste(at.table, at, text);
  return {
    plan,
    before: plan.cells.map((c) => ({ table: c.table, row: c.row, column: c.column, value: form.tables[c.table][c.row][c.column] })),
    unreadLabels: plan.unread.map((u) => `${cellLabel(u)}：“${u.raw.length > 40 ? `${u.raw.slice(0, 40)}…` : u.raw}”`),
  };
}

export function applyCells(form: ReportForm, cells: Array<CellAt & { value: string }>): ReportForm {
  const tables = { ...form.tables };
  for (const c of cells) {
    tables[c.table] = { ...tables[c.table], [c.row]: { ...tables[c.table][c.row], [c.column]: c.value } };
  }
  return { ...form, tables };
}

/**
 * Spreadsheet keys: ↑/↓ and Enter (Shift+Enter up) move between lines of the table as drawn; ←/→ move
 * to the neighbouring cell when the caret is at the start/end of the text (or the text is all selected).
 * Returns the cell key to focus.
 */
export function moveTarget(e: { key: string; shiftKey: boolean; target: EventTarget | null }): string | undefined {
  const at = cellTarget(e.target);
  if (!at) return undefined;
  const input = e.target as HTMLInputElement;
  const layout = pasteLayout(at.table);
  const line = layout.findIndex((l) => l.some((c) => c.row === at.row && c.column === at.column));
  const col = layout[line].findIndex((c) => c.row === at.row && c.column === at.column);
  // A cell just arrived at has its text selected: like a spreadsheet, arrows then move on at once.
  const allSelected = input.selectionStart === 0 && input.selectionEnd === input.value.length;
  const caretAtStart = allSelected || input.selectionEnd === 0;
  const caretAtEnd = allSelected || input.selectionStart === input.value.length;
  let next: { row: string; column: string } | undefined;
  const vertical = (d: number) => {
    const target = layout[line + d];
    return target ? target[Math.min(col, target.length - 1)] : undefined;
  };
  if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) next = vertical(1);
  else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) next = vertical(-1);
  else if (e.key === 'ArrowLeft' && caretAtStart) next = layout[line][col - 1];
  else if (e.key === 'ArrowRight' && caretAtEnd) next = layout[line][col + 1];
  return next ? cellKey(at.table, next.row, next.column) : undefined;
}
