import {
  SECTIONS,
  T2,
  T3,
  T3_RESULT_ROW_KEYS,
  T4,
  TABLES,
  createEmptyReport,
  normalizeLabel,
  rowSpec,
} from '../../../domain/annual-report';

describe('annual report template (国办公开办函〔2021〕30号)', () => {
  it('has the six sections in order with the official headings', () => {
    expect(SECTIONS.map((s) => [s.key, s.title])).toEqual([
      ['s1', '一、总体情况'],
      ['s2', '二、主动公开政府信息情况'],
      ['s3', '三、收到和处理政府信息公开申请情况'],
      ['s4', '四、政府信息公开行政复议、行政诉讼情况'],
      ['s5', '五、存在的主要问题及改进情况'],
      ['s6', '六、其他需要报告的事项'],
    ]);
  });

  it('puts 表二 under 二, 表三 under 三 and 表四 under 四; only 一、五、六 require narrative text', () => {
    expect(SECTIONS.map((s) => s.table ?? null)).toEqual([null, 'T2', 'T3', 'T4', null, null]);
    expect(SECTIONS.filter((s) => s.requiresText).map((s) => s.key)).toEqual(['s1', 's5', 's6']);
  });

  it('gives 表二 its six rows, each with only its own columns, and the fee column as an amount in 万元', () => {
    expect(T2.rows.map((r) => [r.key, r.label, r.columns.join(',')])).toEqual([
      ['regulations', '规章', 'issued,repealed,inForce'],
      ['normativeDocs', '行政规范性文件', 'issued,repealed,inForce'],
      ['licensing', '行政许可', 'decisions'],
      ['punishment', '行政处罚', 'decisions'],
      ['enforcement', '行政强制', 'decisions'],
      ['fees', '行政事业性收费', 'amount'],
    ]);
    expect(T2.columns.find((c) => c.key === 'amount')).toMatchObject({ label: '本年收费金额（单位：万元）', kind: 'amount' });
    expect(T2.columns.filter((c) => c.kind === 'count').map((c) => c.label)).toEqual([
      '本年制发件数',
      '本年废止件数',
      '现行有效件数',
      '本年处理决定数量',
    ]);
  });

  it('gives 表三 the six applicant columns plus 总计', () => {
    expect(T3.columns.map((c) => c.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
    expect(T3.columns.filter((c) => c.group === '法人或其他组织')).toHaveLength(5);
  });

  it('gives 表三 its 25 numbered rows with the full labels of the template', () => {
    expect(T3.rows.map((r) => r.fullLabel)).toEqual([
      '一、本年新收政府信息公开申请数量',
      '二、上年结转政府信息公开申请数量',
      '（一）予以公开',
      '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
      '（三）不予公开 1.属于国家秘密',
      '（三）不予公开 2.其他法律行政法规禁止公开',
      '（三）不予公开 3.危及“三安全一稳定”',
      '（三）不予公开 4.保护第三方合法权益',
      '（三）不予公开 5.属于三类内部事务信息',
      '（三）不予公开 6.属于四类过程性信息',
      '（三）不予公开 7.属于行政执法案卷',
      '（三）不予公开 8.属于行政查询事项',
      '（四）无法提供 1.本机关不掌握相关政府信息',
      '（四）无法提供 2.没有现成信息需要另行制作',
      '（四）无法提供 3.补正后申请内容仍不明确',
      '（五）不予处理 1.信访举报投诉类申请',
      '（五）不予处理 2.重复申请',
      '（五）不予处理 3.要求提供公开出版物',
      '（五）不予处理 4.无正当理由大量反复申请',
      '（五）不予处理 5.要求行政机关确认或重新出具已获取信息',
      '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      '（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      '（六）其他处理 3.其他',
      '（七）总计',
      '四、结转下年度继续办理',
    ]);
    expect(T3.rows.every((r) => r.columns.length === 7)).toBe(true);
  });

  it('sums （一）, （二） and the 19 numbered items of （三）–（六） into （七）总计', () => {
    expect(T3_RESULT_ROW_KEYS).toHaveLength(21);
    expect(T3_RESULT_ROW_KEYS).not.toContain('resultsTotal');
    expect(T3_RESULT_ROW_KEYS).not.toContain('carryForward');
  });

  it('gives 表四 fifteen cells: three groups of 结果维持, 结果纠正, 其他结果, 尚未审结, 总计', () => {
    expect(T4.rows.map((r) => r.fullLabel)).toEqual(['行政复议', '行政诉讼·未经复议直接起诉', '行政诉讼·复议后起诉']);
    expect(T4.columns.map((c) => c.label)).toEqual(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']);
    expect(T4.rows.reduce((n, r) => n + r.columns.length, 0)).toBe(15);
  });

  it('uses unique ASCII identifiers as keys, so they work as JSON keys and form field paths', () => {
    for (const table of Object.values(TABLES)) {
      const rows = table.rows.map((r) => r.key);
      const cols = table.columns.map((c) => c.key);
      expect(new Set(rows).size).toBe(rows.length);
      expect(new Set(cols).size).toBe(cols.length);
      for (const k of [...rows, ...cols]) expect(k).toMatch(/^[a-z][A-Za-z0-9]*$/);
      for (const r of table.rows) for (const c of r.columns) expect(cols).toContain(c);
    }
  });

  it('makes an empty report with every section blank and every cell 0', () => {
    const r = createEmptyReport();
    expect(Object.values(r.sections)).toEqual(['', '', '', '', '', '']);
    expect(r.t2.fees).toEqual({ amount: 0 });
    expect(r.t2.regulations).toEqual({ issued: 0, repealed: 0, inForce: 0 });
    expect(Object.keys(r.t3)).toHaveLength(25);
    expect(r.t3.notDisclosedStateSecret.total).toBe(0);
    expect(r.t4.litigationAfterReview).toEqual({ upheld: 0, corrected: 0, otherResult: 0, pending: 0, total: 0 });
    expect(createEmptyReport()).not.toBe(r);
  });

  it('matches a label written with half-width punctuation to the template label', () => {
    const label = (rowSpec('T3', 'partlyDisclosed') as { label: string }).label;
    expect(normalizeLabel('(二)部分公开(区分处理的,只计这一情形,不计其他情形)')).toBe(normalizeLabel(label));
    expect(normalizeLabel('2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请')).toBe(
      normalizeLabel('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
    );
    expect(normalizeLabel('本年收费金额(单位:万元)')).toBe(normalizeLabel('本年收费金额（单位：万元）'));
  });
});
