/**
 * Tables 二–四 laid out on spreadsheet sheets as the template prints them, derived from the template's
 * definition (template.ts) and nothing else: the export writes this layout and the import reads it, so
 * the two cannot drift apart. Each sheet has the section's heading, the template's header cells (group
 * headings, column headers) and one value cell per (row, column) of the table, named by its A1 reference.
 *
 * - 表二: for each 第二十条 block, a block heading row, a header row (信息内容 + the block's columns) and
 *   the block's rows; labels in column A, values from column B.
 * - 表三: three label columns (三、本年度办理结果 / （三）不予公开… / the item), values from column D under
 *   申请人情况 → 自然人, 法人或其他组织 (five), 总计; the reconciliation note in the top-left header.
 * - 表四: the template's single row of 15 cells under 行政复议 / 行政诉讼 → 未经复议直接起诉 / 复议后起诉.
 *
 * Pure data, no imports beyond the template: the server writes and reads it with exceljs.
 */
import { T3_RECONCILIATION_NOTE, T3_RESULTS_HEADING, TABLE_NAMES, TABLE_PROPS, TABLES, sectionSpec, type TableKey, type ValueKind } from './template';

/** One value cell: where (table, row, column) of the report sits on its sheet. */
export interface XlsxValueCell {
  table: TableKey;
  row: string;
  column: string;
  kind: ValueKind;
  /** A1 reference on the table's sheet, e.g. 'D7'. */
  ref: string;
  /** How a clerk names the cell: '表三 （三）不予公开 1.属于国家秘密 · 自然人'. */
  label: string;
}

/** One fixed text cell of the template (a heading or header); `to` is the far corner when merged. */
export interface XlsxTextCell { ref: string; text: string; to?: string }

export interface XlsxSheetLayout {
  table: TableKey;
  /** The sheet's name: 表二, 表三, 表四. */
  sheet: string;
  texts: XlsxTextCell[];
  values: XlsxValueCell[];
  /** Columns used, for widths (1-based count). */
  width: number;
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
const at = (col: number, row: number) => `${columnLetter(col)}${row}`;

function valueLabel(table: TableKey, rowKey: string, columnKey: string): string {
  const spec = TABLES[table];
  const row = spec.rows.find((r) => r.key === rowKey)!;
  const column = spec.columns.find((c) => c.key === columnKey)!;
  return `${TABLE_NAMES[table]} ${row.fullLabel} · ${column.displayLabel}`;
}

function cell(table: TableKey, row: string, column: string, ref: string): XlsxValueCell {
  const kind = TABLES[table].columns.find((c) => c.key === column)!.kind;
  return { table, row, column, kind, ref, label: valueLabel(table, row, column) };
}

function t2Layout(): XlsxSheetLayout {
  const spec = TABLES.T2;
  const texts: XlsxTextCell[] = [];
  const values: XlsxValueCell[] = [];
  let width = 1;
  let r = 2;
  // Consecutive rows of one 第二十条 block share a heading and a header row.
  const blocks: Array<{ group: string; rows: typeof spec.rows[number][] }> = [];
  for (const row of spec.rows) {
    const last = blocks[blocks.length - 1];
    if (last && last.group === (row.group ?? '')) last.rows.push(row);
    else blocks.push({ group: row.group ?? '', rows: [row] });
  }
  for (const block of blocks) {
    const columns = spec.columns.filter((c) => block.rows.some((row) => row.columns.includes(c.key)));
    width = Math.max(width, columns.length + 1);
    texts.push({ ref: at(1, r), text: block.group, ...(columns.length > 0 ? { to: at(columns.length + 1, r) } : {}) });
    r += 1;
    texts.push({ ref: at(1, r), text: '信息内容' });
    columns.forEach((c, i) => texts.push({ ref: at(i + 2, r), text: c.label }));
    r += 1;
    for (const row of block.rows) {
      texts.push({ ref: at(1, r), text: row.label });
      columns.forEach((c, i) => { if (row.columns.includes(c.key)) values.push(cell('T2', row.key, c.key, at(i + 2, r))); });
      r += 1;
    }
  }
  return { table: 'T2', sheet: TABLE_NAMES.T2, texts, values, width };
}

function t3Layout(): XlsxSheetLayout {
  const spec = TABLES.T3;
  const first = 4; // column D: the first value column
  const texts: XlsxTextCell[] = [
    { ref: 'A2', text: T3_RECONCILIATION_NOTE, to: 'C4' },
    { ref: at(first, 2), text: '申请人情况', to: at(first + spec.columns.length - 1, 2) },
  ];
  // Header rows 3–4: a column with a group (法人或其他组织) has the group above its own label.
  let c = first;
  for (let i = 0; i < spec.columns.length; i++) {
    const col = spec.columns[i];
    if (!col.group) {
      texts.push({ ref: at(c, 3), text: col.label, to: at(c, 4) });
      c += 1;
      continue;
    }
    let n = 0;
    while (spec.columns[i + n]?.group === col.group) n += 1;
    texts.push({ ref: at(c, 3), text: col.group, ...(n > 1 ? { to: at(c + n - 1, 3) } : {}) });
    for (let k = 0; k < n; k++) texts.push({ ref: at(c + k, 4), text: spec.columns[i + k].label });
    c += n;
    i += n - 1;
  }
  const values: XlsxValueCell[] = [];
  spec.rows.forEach((row, i) => {
    const r = 5 + i;
    if (!row.group) {
      texts.push({ ref: at(1, r), text: row.label, to: at(3, r) });
    } else if (row.group === T3_RESULTS_HEADING) {
      texts.push({ ref: at(1, r), text: T3_RESULTS_HEADING }, { ref: at(2, r), text: row.label, to: at(3, r) });
    } else {
      texts.push({ ref: at(1, r), text: T3_RESULTS_HEADING }, { ref: at(2, r), text: row.group }, { ref: at(3, r), text: row.label });
    }
    spec.columns.forEach((col, k) => values.push(cell('T3', row.key, col.key, at(first + k, r))));
  });
  return { table: 'T3', sheet: TABLE_NAMES.T3, texts, values, width: first + spec.columns.length - 1 };
}

function t4Layout(): XlsxSheetLayout {
  const spec = TABLES.T4;
  const texts: XlsxTextCell[] = [];
  const values: XlsxValueCell[] = [];
  const n = spec.columns.length;
  let c = 1;
  for (let i = 0; i < spec.rows.length; i++) {
    const row = spec.rows[i];
    if (!row.group) {
      texts.push({ ref: at(c, 2), text: row.label, to: at(c + n - 1, 3) });
    } else {
      let k = 0;
      while (spec.rows[i + k]?.group === row.group) k += 1;
      if (spec.rows[i - 1]?.group !== row.group) texts.push({ ref: at(c, 2), text: row.group, to: at(c + k * n - 1, 2) });
      texts.push({ ref: at(c, 3), text: row.label, to: at(c + n - 1, 3) });
    }
    spec.columns.forEach((col, k) => {
      texts.push({ ref: at(c + k, 4), text: col.label });
      values.push(cell('T4', row.key, col.key, at(c + k, 5)));
    });
    c += n;
  }
  return { table: 'T4', sheet: TABLE_NAMES.T4, texts, values, width: c - 1 };
}

/** The three sheets, each with the section's heading in A1. */
export const XLSX_LAYOUT: readonly XlsxSheetLayout[] = [t2Layout(), t3Layout(), t4Layout()].map((s) => ({
  ...s,
  texts: [{ ref: 'A1', text: sectionSpec(TABLES[s.table].section).title, to: at(s.width, 1) }, ...s.texts],
}));

/** Every value cell of tables 二–四, in sheet order: what the round trip covers. */
export const XLSX_VALUE_CELLS: readonly XlsxValueCell[] = XLSX_LAYOUT.flatMap((s) => s.values);

/** The report's number at a layout cell, or undefined when the (possibly incomplete) draft has none. */
export function reportValueAt(report: unknown, c: Pick<XlsxValueCell, 'table' | 'row' | 'column'>): number | string | undefined {
  const table = (report as Record<string, unknown> | null | undefined)?.[TABLE_PROPS[c.table]];
  const v = (table as Record<string, Record<string, unknown> | undefined> | undefined)?.[c.row]?.[c.column];
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}
