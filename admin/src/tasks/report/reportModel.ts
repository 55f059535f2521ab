import {
  checkArithmetic, checkContent, checkShape, columnSpec, exactNumber, readPrintedNumber, SECTION_KEYS, TABLES, TABLE_PROPS, type AnnualReportContent, type ContentContext, type Issue, type TableKey,
} from '@domain/annual-report';

/**
 * The form's state: what the clerk typed, as text (an empty cell stays empty, not 0: blank-vs-0 is the
 * clerk's call, docs/domain.md §2 R7), keyed like the report JSON so a saved draft loads back as it was.
 */
export interface ReportForm {
  sections: Record<string, string>;
  tables: Record<TableKey, Record<string, Record<string, string>>>;
}

export const cellKey = (table: string, row: string, column: string) => `${table}.${row}.${column}`;

export function emptyForm(): ReportForm {
  const tables = {} as ReportForm['tables'];
  for (const spec of Object.values(TABLES)) {
    tables[spec.key] = Object.fromEntries(spec.rows.map((r) => [r.key, Object.fromEntries(r.columns.map((c) => [c, '']))]));
  }
  return { sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, ''])), tables };
}

/** A stored report (draft or submitted) back into the form; anything that is not the template's is dropped. */
export function formOf(report: unknown): ReportForm {
  const form = emptyForm();
  if (!report || typeof report !== 'object') return form;
  const r = report as Record<string, any>;
  for (const k of SECTION_KEYS) if (typeof r.sections?.[k] === 'string') form.sections[k] = r.sections[k];
  for (const spec of Object.values(TABLES)) {
    const t = r[TABLE_PROPS[spec.key]];
    for (const row of spec.rows) {
      for (const c of row.columns) {
        const v = t?.[row.key]?.[c];
        if (typeof v === 'number' || typeof v === 'string') form.tables[spec.key][row.key][c] = String(v);
      }
    }
  }
  return form;
}

/** The report JSON the API takes: numbers where the clerk typed a number, nothing where the cell is blank. */
export function reportOf(form: ReportForm, blankAs?: number): unknown {
  // For the arithmetic preview (blankAs given) a blank section must not hide the tables' sums.
  const sections = blankAs === undefined ? { ...form.sections } : Object.fromEntries(SECTION_KEYS.map((k) => [k, form.sections[k] || '-']));
  const out: Record<string, unknown> = { sections };
  for (const spec of Object.values(TABLES)) {
    out[TABLE_PROPS[spec.key]] = Object.fromEntries(spec.rows.map((row) => [row.key, Object.fromEntries(row.columns.flatMap((c) => {
      const text = form.tables[spec.key][row.key][c].trim();
      // Read as printed (numbers.ts: 1,234, full-width digits, six decimals of 万元); what cannot be read
      // is sent as typed, so the server's check names the cell.
      const plain = readPrintedNumber(text, columnSpec(spec.key, c)!.kind);
      const number = plain ? exactNumber(plain) : null;
      if (blankAs !== undefined) return [[c, number ?? blankAs]];
      if (text === '') return [];
      return [[c, number ?? text]];
    }))]));
  }
  return out;
}

export interface FormCheck {
  /** R7 and template problems: blank or malformed cells, empty narrative sections */
  shape: Issue[];
  /** R1–R5: block submission */
  errors: Issue[];
  /** R6: shown, may be confirmed */
  warnings: Issue[];
}

/**
 * The checks the server runs (domain/annual-report), run here as the clerk types. The arithmetic rules run
 * on the cells filled so far (blank counted as 0), so a wrong sum shows before the table is complete; the
 * content checks (条例 第五十条, section 五, 整改 items, figures in the text) on the sections as written.
 */
export function checkForm(form: ReportForm, previous?: unknown, content: ContentContext = {}): FormCheck {
  const shape = checkShape(reportOf(form));
  const filled = checkShape(reportOf(form, 0));
  const last = previous ? checkShape(previous) : undefined;
  if (!filled.ok) return { shape: shape.ok ? [] : shape.issues, errors: [], warnings: [] };
  const arithmetic = checkArithmetic(filled.report, last?.ok ? last.report : undefined);
  const text = checkContent({ ...filled.report, sections: { ...filled.report.sections, ...form.sections } as AnnualReportContent['sections'] }, content);
  return { shape: shape.ok ? [] : shape.issues, errors: [...arithmetic.errors, ...text.errors], warnings: [...arithmetic.warnings, ...text.warnings] };
}

/** Every message that names a cell, keyed by cellKey. */
export function messagesByCell(issues: Issue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    for (const c of i.cells) {
      const k = cellKey(c.table, c.row, c.column);
      out.set(k, [...(out.get(k) ?? []), i.message]);
    }
  }
  return out;
}

export type { AnnualReportContent, Issue };
