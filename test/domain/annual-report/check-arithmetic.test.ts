import { checkArithmetic, checkShape, createEmptyReport, type Issue } from '../../../domain/annual-report';
import { constructedPrevious2023, copy, longgang2024, PUBLISHED, SOURCE_URL, T3_COLUMNS_IN_ORDER } from './fixtures/longgang-2024';

const codes = (issues: Issue[]) => issues.map((i) => i.code);
const columnsOf = (issues: Issue[]) => issues.map((i) => i.cells[0].column);

describe('the 龙岗区 2024 fixture', () => {
  it('keeps every number read from the published report', () => {
    const r = longgang2024();
    expect(SOURCE_URL).toBe('https://www.lg.gov.cn/xxgk/xxgknb/qzfgzbm/content/post_11956962.html');
    expect(r.t2).toEqual(PUBLISHED.t2);
    for (const [row, values] of Object.entries(PUBLISHED.t3)) {
      expect([row, T3_COLUMNS_IN_ORDER.map((c) => r.t3[row as keyof typeof r.t3][c])]).toEqual([row, values]);
    }
    expect(T3_COLUMNS_IN_ORDER.slice(0, 6).map((c) => r.t3.notDisclosedEnforcementFile[c])).toEqual(
      PUBLISHED.t3Partial.notDisclosedEnforcementFile,
    );
  });

  it('passes the shape check and every arithmetic rule, with no warnings against its predecessor', () => {
    const shape = checkShape(longgang2024());
    expect(shape.ok).toBe(true);
    expect(checkArithmetic(longgang2024(), constructedPrevious2023())).toEqual({ errors: [], warnings: [] });
    expect(checkArithmetic(constructedPrevious2023())).toEqual({ errors: [], warnings: [] });
  });
});

describe('checkArithmetic', () => {
  it('finds nothing wrong with an all-zero report', () => {
    expect(checkArithmetic(createEmptyReport(), createEmptyReport())).toEqual({ errors: [], warnings: [] });
  });

  it('R1: when 一 + 二 ≠ （七） + 四 in a column, names that column and its four cells', () => {
    const r = longgang2024();
    r.t3.newReceived.commercial = 8; // and the row total, so only the column rule breaks
    r.t3.newReceived.total = 67;
    const { errors, warnings } = checkArithmetic(r);
    expect(warnings).toEqual([]);
    expect(codes(errors)).toEqual(['R1', 'R1']);
    expect(columnsOf(errors)).toEqual(['commercial', 'total']);
    expect(errors[0].message).toBe('表三「商业企业」列：本年新收(8) + 上年结转(0) 应等于 办理结果总计(6) + 结转下年度(1)，现为 8 ≠ 7。');
    expect(errors[0].cells).toEqual([
      { table: 'T3', row: 'newReceived', column: 'commercial' },
      { table: 'T3', row: 'carriedOver', column: 'commercial' },
      { table: 'T3', row: 'resultsTotal', column: 'commercial' },
      { table: 'T3', row: 'carryForward', column: 'commercial' },
    ]);
    expect(errors[0].section).toBe('s3');
  });

  it('R2: when a row’s 总计 is not the sum of the six applicant columns, names the row and all seven cells', () => {
    const r = longgang2024();
    r.t3.notDisclosedStateSecret.total = 1;
    const { errors } = checkArithmetic(r);
    // The same cell is also part of the 总计 column's （七） sum, so R3 fires for that column too.
    expect(codes(errors)).toEqual(['R2', 'R3']);
    const [r2, r3] = errors;
    expect(r2.message).toBe(
      '表三「（三）不予公开 1.属于国家秘密」行：总计(1) 应等于六类申请人之和 0（自然人 0、商业企业 0、科研机构 0、社会公益组织 0、法律服务机构 0、法人或其他组织·其他 0）。',
    );
    expect(r2.cells.map((c) => `${c.row}.${c.column}`)).toEqual(
      T3_COLUMNS_IN_ORDER.map((c) => `notDisclosedStateSecret.${c}`),
    );
    expect(r3.cells[0]).toEqual({ table: 'T3', row: 'resultsTotal', column: 'total' });
  });

  it('R3: when （七）总计 is not the sum of （一）–（六）, names the column and the cells summed', () => {
    const r = longgang2024();
    // Move one application from 四 to （七） in 自然人 and 总计: R1 and R2 still hold, R3 does not.
    r.t3.resultsTotal.natural = 58;
    r.t3.carryForward.natural = 2;
    r.t3.resultsTotal.total = 65;
    r.t3.carryForward.total = 3;
    const { errors } = checkArithmetic(r);
    expect(codes(errors)).toEqual(['R3', 'R3']);
    expect(columnsOf(errors)).toEqual(['natural', 'total']);
    expect(errors[0].message).toBe('表三「自然人」列：（七）总计(58) 应等于 （一）予以公开至（六）其他处理各项之和(57)。');
    expect(errors[0].cells).toHaveLength(22);
    expect(errors[0].cells).toContainEqual({ table: 'T3', row: 'unableToProvideNotHeld', column: 'natural' });
    expect(errors[0].cells).toContainEqual({ table: 'T3', row: 'otherHandlingOther', column: 'natural' });
  });

  it('R4: when a 表四 group’s 总计 is not 维持 + 纠正 + 其他 + 尚未审结, names the group and its five cells', () => {
    const r = longgang2024();
    r.t4.review.total = 5;
    const { errors } = checkArithmetic(r);
    expect(codes(errors)).toEqual(['R4']);
    expect(errors[0].message).toBe('表四「行政复议」：总计(5) 应等于 结果维持(2) + 结果纠正(1) + 其他结果(0) + 尚未审结(1) = 4。');
    expect(errors[0].cells).toEqual(
      ['upheld', 'corrected', 'otherResult', 'pending', 'total'].map((column) => ({ table: 'T4', row: 'review', column })),
    );
    expect(errors[0].section).toBe('s4');
  });

  it('R5: when this year’s 上年结转 differs from last year’s 结转下年度, names each column that differs', () => {
    const previous = constructedPrevious2023();
    previous.t3.carryForward.natural = 3;
    previous.t3.carryForward.total = 3;
    const { errors, warnings } = checkArithmetic(longgang2024(), previous);
    expect(warnings).toEqual([]);
    expect(codes(errors)).toEqual(['R5', 'R5']);
    expect(errors[0].message).toBe('表三「自然人」列：上年结转(2) 应等于 上一年度报告的“结转下年度继续办理”(3)。');
    expect(errors.map((e) => e.cells)).toEqual([
      [{ table: 'T3', row: 'carriedOver', column: 'natural' }],
      [{ table: 'T3', row: 'carriedOver', column: 'total' }],
    ]);
  });

  it('R5 and R6 are not applied without last year’s report', () => {
    const r = longgang2024();
    r.t3.carriedOver.natural = 3; // would break R5 against any predecessor with 2 …
    r.t3.carriedOver.total = 3;
    r.t3.newReceived.natural = 57; // … while R1 and R2 still hold
    r.t3.newReceived.total = 65;
    expect(checkArithmetic(r)).toEqual({ errors: [], warnings: [] });
  });

  it('R6: a 现行有效件数 that does not follow from last year is a warning, not an error', () => {
    const previous = constructedPrevious2023();
    previous.t2.normativeDocs.inForce = 30;
    const { errors, warnings } = checkArithmetic(longgang2024(), previous);
    expect(errors).toEqual([]);
    expect(codes(warnings)).toEqual(['R6']);
    expect(warnings[0].message).toBe(
      '表二「行政规范性文件」：现行有效件数(25) 与 上年现行有效件数(30) + 本年制发件数(5) − 本年废止件数(1) = 34 不一致，请核对。',
    );
    expect(warnings[0].cells).toEqual([
      { table: 'T2', row: 'normativeDocs', column: 'issued' },
      { table: 'T2', row: 'normativeDocs', column: 'repealed' },
      { table: 'T2', row: 'normativeDocs', column: 'inForce' },
    ]);
  });

  it('reports every broken rule of a report in one call', () => {
    const r = copy(longgang2024());
    r.t3.newReceived.commercial = 8;
    r.t3.newReceived.total = 67; // R1 ×2
    r.t4.litigationDirect.total = 3; // R4
    const previous = constructedPrevious2023();
    previous.t3.carryForward.commercial = 1; // R5 (commercial)
    previous.t2.regulations.inForce = 2; // R6
    const { errors, warnings } = checkArithmetic(r, previous);
    expect(codes(errors)).toEqual(['R1', 'R1', 'R4', 'R5']);
    expect(codes(warnings)).toEqual(['R6']);
  });
});
