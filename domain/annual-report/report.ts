/**
 * The content of one annual report (政府信息公开工作年度报告), typed from the template in template.ts.
 *
 * Tables are nested records: row key, then column key, then a number. Counts are non-negative
 * integers; the one amount (表二 行政事业性收费, 万元) is a non-negative decimal. A blank cell is not
 * representable: whether a blank means 0 is not settled by the template, so a form must ask for 0.
 */
import {
  SECTION_KEYS,
  T2_ROW_COLUMNS,
  T2_ROW_KEYS,
  T3_COLUMN_KEYS,
  T3_ROW_KEYS,
  T4_COLUMN_KEYS,
  T4_ROW_KEYS,
  type SectionKey,
  type T3ColumnKey,
  type T3RowKey,
  type T4ColumnKey,
  type T4RowKey,
} from './template';

type T2RowColumns = typeof T2_ROW_COLUMNS;

/** 表二: each row has only its own columns, e.g. `t2.fees.amount`, `t2.regulations.inForce`. */
export type T2Content = { -readonly [R in keyof T2RowColumns]: { [C in T2RowColumns[R][number]]: number } };

/** 表三: 25 rows x 7 columns (six applicant kinds + 总计). */
export type T3Content = Record<T3RowKey, Record<T3ColumnKey, number>>;

/** 表四: 3 groups x 5 columns, the template's single row of 15 cells. */
export type T4Content = Record<T4RowKey, Record<T4ColumnKey, number>>;

export interface AnnualReportContent {
  /** Narrative text of each section, keyed s1..s6. 二、三、四 may be empty: their content is the table. */
  sections: Record<SectionKey, string>;
  t2: T2Content;
  t3: T3Content;
  t4: T4Content;
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/** A report with every section text empty and every cell 0: the starting point of a form. */
export function createEmptyReport(): AnnualReportContent {
  const sections = {} as Record<SectionKey, string>;
  for (const k of SECTION_KEYS) sections[k] = '';

  const t2 = {} as Record<string, Record<string, number>>;
  for (const r of T2_ROW_KEYS) t2[r] = zeros(T2_ROW_COLUMNS[r]);

  const t3 = {} as T3Content;
  for (const r of T3_ROW_KEYS) t3[r] = zeros(T3_COLUMN_KEYS);

  const t4 = {} as T4Content;
  for (const r of T4_ROW_KEYS) t4[r] = zeros(T4_COLUMN_KEYS);

  return { sections, t2: t2 as T2Content, t3, t4 };
}
