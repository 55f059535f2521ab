import { checkShape, type Issue } from '../../../domain/annual-report';
import { copy, longgang2024 } from './fixtures/longgang-2024';

/** Runs checkShape on input expected to fail and returns its issues. */
function issuesOf(input: unknown): Issue[] {
  const result = checkShape(input);
  if (result.ok) throw new Error('expected checkShape to report issues, but it accepted the input');
  return result.issues;
}

/** The fixture as untrusted JSON, so tests can break it in ways the types forbid. */
function json(): Record<string, any> {
  return copy(longgang2024()) as unknown as Record<string, any>;
}

describe('checkShape: untrusted report JSON against the template', () => {
  it('accepts a complete report and returns a fresh copy of its content', () => {
    const input = json();
    const result = checkShape(input);
    expect(result).toEqual({ ok: true, report: longgang2024() });
    if (result.ok) expect(result.report).not.toBe(input);
  });

  it('lists both a missing section 五 and a missing 表四 from one call', () => {
    const input = json();
    delete input.sections.s5;
    delete input.t4;
    const issues = issuesOf(input);
    expect(issues.map((i) => [i.code, i.section])).toEqual([
      ['MISSING_SECTION', 's5'],
      ['MISSING_TABLE', 's4'],
    ]);
    expect(issues[0].message).toBe('「五、存在的主要问题及改进情况」未填写：该部分为年度报告必备内容，不能为空。');
    expect(issues[1].message).toBe('缺少表四（「四、政府信息公开行政复议、行政诉讼情况」的表格）。');
  });

  it('treats an empty or blank narrative section as missing, and lists every one', () => {
    const input = json();
    input.sections = { s1: '', s2: '', s3: '', s4: '', s5: '  \n ' };
    expect(issuesOf(input).map((i) => `${i.code}:${i.section}`)).toEqual([
      'MISSING_SECTION:s1',
      'MISSING_SECTION:s5',
      'MISSING_SECTION:s6',
    ]);
  });

  it('lets the table sections 二、三、四 go without narrative text', () => {
    const input = json();
    delete input.sections.s2;
    input.sections.s3 = '';
    const result = checkShape(input);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.report.sections.s2).toBe('');
  });

  it('names a mistyped 表三 row as unknown and its template row as missing', () => {
    const input = json();
    input.t3.notDisclosedStateSecrets = input.t3.notDisclosedStateSecret;
    delete input.t3.notDisclosedStateSecret;
    const issues = issuesOf(input);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['UNKNOWN_ROW', 't3.notDisclosedStateSecrets'],
      ['MISSING_ROW', 't3.notDisclosedStateSecret'],
    ]);
    expect(issues[0].message).toBe('表三 第"notDisclosedStateSecrets"行不是模板中的行，请改为模板中的行名。');
    expect(issues[1].message).toBe('缺少表三 第"（三）不予公开 1.属于国家秘密"行。');
    expect(issues[1].cells).toHaveLength(7);
    expect(issues[1].cells[1]).toEqual({ table: 'T3', row: 'notDisclosedStateSecret', column: 'commercial' });
  });

  it('names a column that the row does not have', () => {
    const input = json();
    input.t2.licensing.issued = 3;
    input.t4.review.withdrawn = 1;
    const issues = issuesOf(input);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['UNKNOWN_COLUMN', 't2.licensing.issued'],
      ['UNKNOWN_COLUMN', 't4.review.withdrawn'],
    ]);
    expect(issues[0].message).toBe('表二 第"行政许可"行 "issued"列不是该行在模板中的列（该行只有：本年处理决定数量）。');
    expect(issues[1].cells).toEqual([{ table: 'T4', row: 'review', column: 'withdrawn' }]);
  });

  it('rejects a negative count, naming table, row and column', () => {
    const input = json();
    input.t3.notDisclosedStateSecret.commercial = -1;
    const [issue, ...rest] = issuesOf(input);
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      code: 'BAD_NUMBER',
      rule: expect.any(String),
      message: '表三 第"（三）不予公开 1.属于国家秘密"行 "商业企业"列应填写非负整数，现为负数 -1。',
      cells: [{ table: 'T3', row: 'notDisclosedStateSecret', column: 'commercial' }],
      section: 's3',
      path: 't3.notDisclosedStateSecret.commercial',
    });
  });

  it('rejects 1.5 in a count', () => {
    const input = json();
    input.t4.litigationDirect.upheld = 1.5;
    const issues = issuesOf(input);
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe('BAD_NUMBER');
    expect(issues[0].message).toBe('表四 "行政诉讼·未经复议直接起诉"栏 "结果维持"列应填写非负整数，现为小数 1.5。');
  });

  it('reads a count given as printed text ("5"), and rejects text that is no whole number', () => {
    const input = json();
    input.t2.normativeDocs.issued = '5';
    const ok = checkShape(input);
    expect(ok.ok && ok.report.t2.normativeDocs.issued).toBe(5);
    input.t2.normativeDocs.issued = '五件';
    const issues = issuesOf(input);
    expect(issues.map((i) => i.code)).toEqual(['BAD_NUMBER']);
    expect(issues[0].message).toBe('表二 第"行政规范性文件"行 "本年制发件数"列应填写非负整数，现为文字 "五件"，无法读作非负整数。');
  });

  it('asks for 0 rather than a blank when a cell is null or absent', () => {
    const input = json();
    input.t3.disclosed.research = null;
    delete input.t3.disclosed.publicWelfare;
    const issues = issuesOf(input);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['MISSING_CELL', 't3.disclosed.research'],
      ['MISSING_CELL', 't3.disclosed.publicWelfare'],
    ]);
    expect(issues[0].message).toBe('表三 第"（一）予以公开"行 "科研机构"列未填写，应填写非负整数（没有的填 0）。');
  });

  it('accepts a fee in 万元 with up to six decimals (the fen)', () => {
    for (const amount of [3.2, 12.3456, 0.000001, 316441, 0, 1.23456]) {
      const input = json();
      input.t2.fees.amount = amount;
      const result = checkShape(input);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.report.t2.fees.amount).toBe(amount);
    }
  });

  it('rejects a fee with more than six decimals, a negative fee and a fee given as text that is no number', () => {
    const messages = [1.2345678, -0.5, '三点二'].map((amount) => {
      const input = json();
      input.t2.fees.amount = amount;
      const issues = issuesOf(input);
      expect(issues.map((i) => i.code)).toEqual(['BAD_NUMBER']);
      return issues[0].message;
    });
    const prefix = '表二 第"行政事业性收费"行 "本年收费金额（单位：万元）"列应填写不小于 0、最多 6 位小数的金额（万元），';
    expect(messages).toEqual([`${prefix}现为 1.2345678（超过 6 位小数）。`, `${prefix}现为负数 -0.5。`, `${prefix}现为文字 "三点二"，无法读作金额。`]);
  });

  it('returns every problem of a badly broken report from one call', () => {
    const input = json();
    input.extra = true;
    input.sections.s1 = 42;
    input.sections.s9 = '多余';
    delete input.t2;
    input.t3.newReceived = [58, 7, 0, 0, 1, 0, 66];
    input.t3.carryForward.total = -4;
    input.t4.review.total = 'four';
    expect(issuesOf(input).map((i) => `${i.code} ${i.path}`)).toEqual([
      'UNKNOWN_FIELD extra',
      'BAD_SECTION sections.s1',
      'UNKNOWN_SECTION sections.s9',
      'MISSING_TABLE t2',
      'MISSING_ROW t3.newReceived',
      'BAD_NUMBER t3.carryForward.total',
      'BAD_NUMBER t4.review.total',
    ]);
  });

  it('refuses input that is not an object at all', () => {
    for (const input of [null, undefined, 'report', [], 3]) {
      expect(issuesOf(input).map((i) => i.code)).toEqual(['NOT_AN_OBJECT']);
    }
  });
});
