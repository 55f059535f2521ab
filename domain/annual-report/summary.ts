/**
 * 全市汇总: 表三 and 表四 summed cell by cell over a set of reports (the city's, a district's). Each cell is
 * added exactly: values are read as decimals and added as integers of the sixth decimal (the fen of 万元,
 * numbers.ts), so a count stays a whole number and an amount never drifts (0.1 + 0.2 is 0.3). Every rule of
 * validate.ts R1–R4 is a linear equation over cells, so sums of reports that satisfy them satisfy them too
 * (test/domain/annual-report/summary.test.ts checks it over generated reports). Pure.
 */
import { T3, T4, type TableSpec } from './template';
import { canonicalDecimal, exactNumber, MAX_AMOUNT_DECIMALS, plainOf } from './numbers';
import type { AnnualReportContent, T3Content, T4Content } from './report';

const SCALE = 10n ** BigInt(MAX_AMOUNT_DECIMALS);

/** A non-negative cell value as an integer count of millionths (exact for every value a cell may hold). */
function toMillionths(v: number): bigint {
  const [int, frac = ''] = plainOf(v).split('.');
  if (frac.length > MAX_AMOUNT_DECIMALS) throw new RangeError(`数值 ${v} 超过 ${MAX_AMOUNT_DECIMALS} 位小数，无法精确汇总`);
  return BigInt(int) * SCALE + BigInt(frac.padEnd(MAX_AMOUNT_DECIMALS, '0') || '0');
}

function fromMillionths(m: bigint): number {
  const int = m / SCALE;
  const frac = (m % SCALE).toString().padStart(MAX_AMOUNT_DECIMALS, '0');
  const n = exactNumber(canonicalDecimal(`${int}.${frac}`));
  if (n === null || (frac === '000000' && !Number.isSafeInteger(n))) throw new RangeError(`汇总值 ${int}.${frac} 超出可精确表示的范围`);
  return n;
}

/** The exact sum of cell values (counts or amounts in 万元 with up to six decimals). */
export function sumExact(values: Iterable<number>): number {
  let m = 0n;
  for (const v of values) m += toMillionths(v);
  return fromMillionths(m);
}

type Table = Record<string, Record<string, number>>;

/** One table's cell-by-cell sum, over the rows and columns the template gives it. */
function sumTable(spec: TableSpec, tables: Table[]): Table {
  const out: Table = {};
  for (const row of spec.rows) {
    out[row.key] = {};
    for (const col of row.columns) out[row.key][col] = sumExact(tables.map((t) => t[row.key][col]));
  }
  return out;
}

export interface SummedTables {
  /** How many reports were added. */
  reports: number;
  t3: T3Content;
  t4: T4Content;
}

/** 表三 and 表四 of `reports`, summed cell by cell (all zeros for none). */
export function sumReportTables(reports: ReadonlyArray<Pick<AnnualReportContent, 't3' | 't4'>>): SummedTables {
  return {
    reports: reports.length,
    t3: sumTable(T3, reports.map((r) => r.t3 as unknown as Table)) as unknown as T3Content,
    t4: sumTable(T4, reports.map((r) => r.t4 as unknown as Table)) as unknown as T4Content,
  };
}

/** Adds already-summed tables (a district's sum from its units' sums): the same as summing all the reports at once. */
export function addSums(sums: readonly SummedTables[]): SummedTables {
  const out = sumReportTables(sums);
  return { ...out, reports: sums.reduce((n, s) => n + s.reports, 0) };
}
