import { checkContent, checkShape, warningKey, type AnnualReportContent } from '../../../domain/annual-report';
import { copy, longgang2024 } from './fixtures/longgang-2024';

const report = (): AnnualReportContent => copy(longgang2024());
const codes = (issues: { code: string; section?: string }[]) => issues.map((i) => `${i.code}@${i.section}`);

describe('content checks (条例 第五十条, the template, the city review)', () => {
  it('when every section covers what the template asks, there is no error and no warning', () => {
    expect(checkContent(report())).toEqual({ errors: [], warnings: [] });
  });

  it('when section 一 leaves out 依申请公开 and 监督保障, one error names both, pointing to section 一', () => {
    const r = report();
    r.sections.s1 = '本年度主动公开政府信息，加强政府信息管理，做好政府网站平台建设。';
    const { errors } = checkContent(r);
    expect(codes(errors)).toEqual(['CONTENT_TOPIC@s1']);
    expect(errors[0].message).toContain('“依申请公开”、“监督保障”');
    expect(errors[0].path).toBe('sections.s1');
  });

  it('when the report is a government\'s, section 一 must also give the results of 考核、评议、责任追究', () => {
    const r = report();
    r.sections.s1 = '本年度主动公开政府信息，依申请公开办理规范，加强政府信息管理和平台建设，强化监督保障。';
    expect(checkContent(r).errors).toEqual([]);
    expect(checkContent(r, { government: true }).errors[0].message).toContain('“工作考核”、“社会评议”、“责任追究”');
    r.sections.s1 += '年度考核结果良好，社会评议满意度较高，未发生责任追究情况。';
    expect(checkContent(r, { government: true }).errors).toEqual([]);
  });

  it('when section 五 names problems but no improvement, it is an error; with both it passes', () => {
    const r = report();
    r.sections.s5 = '存在的主要问题是公开内容不够全面。';
    expect(codes(checkContent(r).errors)).toEqual(['CONTENT_PROBLEMS@s5']);
    expect(checkContent(r).errors[0].message).toContain('改进情况');
    r.sections.s5 += '下一步将加强培训，完善审查机制。';
    expect(checkContent(r).errors).toEqual([]);
  });

  it('when the text states 70 applications received but 表三 totals 66, a warning names both values and the cell', () => {
    const r = report();
    r.sections.s1 += '全年共收到政府信息公开申请７０件，办结64件，结转下年度4件。';
    const { errors, warnings } = checkContent(r);
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'NARRATIVE_NUMBER', section: 's1', cells: [{ table: 'T3', row: 'newReceived', column: 'total' }], quote: '收到政府信息公开申请７０件' });
    expect(warnings[0].message).toContain('70');
    expect(warnings[0].message).toContain('为 66');
  });

  it('when the text states 行政复议 and 行政诉讼 figures that differ from 表四, each is a warning on its cells', () => {
    const r = report();
    r.sections.s4 = '本年度发生政府信息公开行政复议案件5件，行政诉讼2件。';
    const { warnings } = checkContent(r);
    expect(warnings.map((w) => w.cells.map((c) => `${c.table}.${c.row}.${c.column}`))).toEqual([['T4.review.total']]);
    expect(warnings[0].message).toMatch(/行政复议 5.*为 4/);
  });

  it('when section 六 says nothing about the 信息处理费, it is a warning, not an error', () => {
    const r = report();
    r.sections.s6 = '无其他需要报告的事项。';
    const { errors, warnings } = checkContent(r);
    expect(errors).toEqual([]);
    expect(codes(warnings)).toEqual(['CONTENT_FEES@s6']);
  });

  it('when last year\'s returned problems are not each answered, or section 五 is silent on them, it is an error', () => {
    const rectification = [{ id: '2023-1', text: '表三数据逻辑错误', year: 2023 }, { id: '2023-2', text: '缺少平台建设情况', year: 2023 }];
    const r = report();
    const answers = [{ id: '2023-1', status: 'done', text: '已修正统计口径' }];
    const first = checkContent(r, { rectification, answers });
    expect(first.errors.map((e) => e.path)).toEqual(['rectification.2023-2', 'sections.s5']);
    r.sections.s5 += '针对上一年度全市核查指出的问题，已逐项整改。';
    const done = checkContent(r, { rectification, answers: [...answers, { id: '2023-2', status: 'in-progress', text: '正在补充' }] });
    expect(done.errors).toEqual([]);
  });

  it('gives each warning a stable key, so a person can confirm exactly the warnings shown', () => {
    const r = report();
    r.sections.s6 = '无。';
    const [w] = checkContent(r).warnings;
    expect(warningKey(w)).toBe(warningKey(checkContent(copy(r)).warnings[0]));
  });

  it('runs on a large report (20,000 characters) in a few milliseconds', () => {
    const r = report();
    r.sections.s1 = `${r.sections.s1}${'本年度持续深化主动公开，依申请公开办理规范有序。'.repeat(800)}`;
    expect(checkShape(r).ok).toBe(true);
    const t0 = performance.now();
    checkContent(r);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
