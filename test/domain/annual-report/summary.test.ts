import fc from 'fast-check';
import {
  addSums, checkArithmetic, createEmptyReport, sumExact, sumReportTables, T3_APPLICANT_COLUMN_KEYS, T3_RESULT_ROW_KEYS, T3_ROW_KEYS,
  T4_COLUMN_KEYS, T4_ROW_KEYS, type AnnualReportContent,
} from '../../../domain/annual-report';
import { longgang2024 } from './fixtures/longgang-2024';

const count = fc.integer({ min: 0, max: 5_000 });

/** A report whose 表三 and 表四 satisfy R1–R4: built column by column from its parts, the totals derived. */
const reportArb = fc.record({
  results: fc.array(fc.array(count, { minLength: T3_RESULT_ROW_KEYS.length, maxLength: T3_RESULT_ROW_KEYS.length }), { minLength: 6, maxLength: 6 }),
  carry: fc.array(fc.tuple(count, fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 6, maxLength: 6 }),
  t4: fc.array(fc.array(count, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
}).map(({ results, carry, t4 }) => {
  const r = createEmptyReport();
  T3_APPLICANT_COLUMN_KEYS.forEach((col, c) => {
    T3_RESULT_ROW_KEYS.forEach((row, i) => { r.t3[row][col] = results[c][i]; });
    const total = results[c].reduce((a, b) => a + b, 0);
    r.t3.resultsTotal[col] = total;
    r.t3.carryForward[col] = carry[c][0];
    const inflow = total + carry[c][0];
    r.t3.carriedOver[col] = Math.floor(inflow * carry[c][1]);
    r.t3.newReceived[col] = inflow - r.t3.carriedOver[col];
  });
  for (const row of T3_ROW_KEYS) r.t3[row].total = T3_APPLICANT_COLUMN_KEYS.reduce((a, col) => a + r.t3[row][col], 0);
  T4_ROW_KEYS.forEach((row, i) => {
    (['upheld', 'corrected', 'otherResult', 'pending'] as const).forEach((col, j) => { r.t4[row][col] = t4[i][j]; });
    r.t4[row].total = t4[i].reduce((a, b) => a + b, 0);
  });
  return r;
});

const R1_TO_R4 = ['R1', 'R2', 'R3', 'R4'];
const ruleErrors = (r: AnnualReportContent) => checkArithmetic(r).errors.filter((e) => R1_TO_R4.includes(e.code));
const asReport = (s: ReturnType<typeof sumReportTables>): AnnualReportContent => ({ ...createEmptyReport(), t3: s.t3, t4: s.t4 });

describe('the city summary (全市汇总) of 表三 and 表四', () => {
  it('when every report satisfies R1–R4, their sum satisfies R1–R4 too', () => {
    fc.assert(fc.property(fc.array(reportArb, { minLength: 1, maxLength: 12 }), (reports) => {
      for (const r of reports) expect(ruleErrors(r)).toEqual([]);
      expect(ruleErrors(asReport(sumReportTables(reports)))).toEqual([]);
    }), { numRuns: 40 });
  });

  it('each cell of the sum is the total of that cell over the reports, a whole number', () => {
    fc.assert(fc.property(fc.array(reportArb, { minLength: 0, maxLength: 8 }), (reports) => {
      const sum = sumReportTables(reports);
      expect(sum.reports).toBe(reports.length);
      const total = (table: 't3' | 't4', row: string, col: string) => reports.reduce((a, r) => a + (r[table] as Record<string, Record<string, number>>)[row][col], 0);
      const expected = {
        t3: Object.fromEntries(T3_ROW_KEYS.map((row) => [row, Object.fromEntries([...T3_APPLICANT_COLUMN_KEYS, 'total'].map((col) => [col, total('t3', row, col)]))])),
        t4: Object.fromEntries(T4_ROW_KEYS.map((row) => [row, Object.fromEntries(T4_COLUMN_KEYS.map((col) => [col, total('t4', row, col)]))])),
      };
      expect({ t3: sum.t3, t4: sum.t4 }).toEqual(expected);
      expect(Object.values(sum.t3).flatMap((r) => Object.values(r)).every(Number.isInteger)).toBe(true);
    }), { numRuns: 25 });
  });

  it('summing district sums gives the same as summing all the units at once (the drill-down adds up)', () => {
    fc.assert(fc.property(fc.array(reportArb, { minLength: 2, maxLength: 9 }), fc.nat(), (reports, cut) => {
      const at = 1 + (cut % (reports.length - 1));
      const two = addSums([sumReportTables(reports.slice(0, at)), sumReportTables(reports.slice(at))]);
      expect(two).toEqual(sumReportTables(reports));
    }), { numRuns: 15 });
  });

  it('sums the published 龙岗区 2024 report with itself to twice each figure, and an empty set to zeros', () => {
    const r = longgang2024();
    const twice = sumReportTables([r, r]);
    expect(twice.t3.newReceived.total).toBe(2 * r.t3.newReceived.total);
    expect(twice.t4.review.total).toBe(2 * r.t4.review.total);
    expect(ruleErrors(asReport(twice))).toEqual([]);
    expect(sumReportTables([]).t3.resultsTotal.total).toBe(0);
  });

  it('adds amounts in 万元 to the fen exactly, without floating-point drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumExact([0.1, 0.2])).toBe(0.3);
    expect(sumExact([1234.567891, 0.000009, 0.1])).toBe(1234.6679);
    expect(sumExact(Array.from({ length: 1000 }, () => 0.01))).toBe(10);
    expect(sumExact([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumExact([Number.MAX_SAFE_INTEGER, 2])).toThrow(RangeError);
  });
});
