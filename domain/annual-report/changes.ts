/**
 * What changed between two rounds of a report (a resubmission after 退回): each section whose text
 * changed, and each table cell whose number changed, named as the template prints them, so the reviewer
 * checks the changes instead of reading the whole report again.
 */
import type { AnnualReportContent } from './report';
import { SECTIONS, TABLES } from './template';

export interface SectionChange { key: string; title: string; before: string; after: string }
export interface CellChange { table: string; tableName: string; row: string; column: string; label: string; before: number | null; after: number | null }
export interface ReportChanges { sections: SectionChange[]; cells: CellChange[] }

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function diffReports(before: AnnualReportContent, after: AnnualReportContent): ReportChanges {
  const sections = SECTIONS
    .filter((s) => (before.sections?.[s.key] ?? '') !== (after.sections?.[s.key] ?? ''))
    .map((s) => ({ key: s.key, title: s.title, before: before.sections?.[s.key] ?? '', after: after.sections?.[s.key] ?? '' }));
  const cells: CellChange[] = [];
  for (const table of Object.values(TABLES)) {
    const prop = table.key.toLowerCase() as 't2' | 't3' | 't4';
    const b = (before[prop] ?? {}) as Record<string, Record<string, unknown>>;
    const a = (after[prop] ?? {}) as Record<string, Record<string, unknown>>;
    for (const row of table.rows) {
      for (const colKey of row.columns) {
        const x = num(b[row.key]?.[colKey]);
        const y = num(a[row.key]?.[colKey]);
        if (x === y) continue;
        const col = table.columns.find((c) => c.key === colKey);
        cells.push({
          table: table.key, tableName: table.name, row: row.key, column: colKey,
          label: `${table.name}「${row.fullLabel}」行「${col?.displayLabel ?? colKey}」列`, before: x, after: y,
        });
      }
    }
  }
  return { sections, cells };
}
