/**
 * 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号) as data.
 *
 * Every part of the template has a stable ASCII key (used in JSON, database rows, form field paths)
 * and the exact Chinese label printed in the official format (used in messages and rendering).
 * Keys are flat camelCase on purpose: react-admin and most form libraries read dots as nesting,
 * so `t3.notDisclosedStateSecret.commercial` is a usable field path, `t3["notDisclosed.1"]` is not.
 *
 * Labels keep the template's full-width punctuation (（一）, （单位：万元）). Published reports and
 * text extracted from them often carry half-width variants; compare with `normalizeLabel`.
 *
 * Pure data, no imports: this file is shared by the API server, Temporal workflow code and the console.
 */

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

export const SECTION_KEYS = ['s1', 's2', 's3', 's4', 's5', 's6'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const TABLE_KEYS = ['T2', 'T3', 'T4'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export interface SectionSpec {
  key: SectionKey;
  /** Heading exactly as printed in the format. */
  title: string;
  /** The table this section holds, if any; 二、三、四 are tables and need no narrative text. */
  table?: TableKey;
  /** Narrative sections (一、五、六) must not be empty (条例 第五十条: "不能遗漏"). */
  requiresText: boolean;
}

export const SECTIONS: readonly SectionSpec[] = [
  { key: 's1', title: '一、总体情况', requiresText: true },
  { key: 's2', title: '二、主动公开政府信息情况', table: 'T2', requiresText: false },
  { key: 's3', title: '三、收到和处理政府信息公开申请情况', table: 'T3', requiresText: false },
  { key: 's4', title: '四、政府信息公开行政复议、行政诉讼情况', table: 'T4', requiresText: false },
  { key: 's5', title: '五、存在的主要问题及改进情况', requiresText: true },
  { key: 's6', title: '六、其他需要报告的事项', requiresText: true },
];

/** What a clerk calls each table ("表二" is the table under section 二). */
export const TABLE_NAMES: Readonly<Record<TableKey, string>> = { T2: '表二', T3: '表三', T4: '表四' };

/** The report's JSON property holding each table. */
export const TABLE_PROPS = { T2: 't2', T3: 't3', T4: 't4' } as const;

export const TABLE_SECTIONS: Readonly<Record<TableKey, SectionKey>> = { T2: 's2', T3: 's3', T4: 's4' };

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/** `count`: a non-negative integer (件, 个). `amount`: non-negative decimal, up to 6 places (万元 to the fen). */
export type ValueKind = 'count' | 'amount';

export interface ColumnSpec<C extends string = string> {
  key: C;
  /** Exact header text. */
  label: string;
  /** Header of the column group, when the template nests headers (e.g. 法人或其他组织). */
  group?: string;
  /** How the column is named in messages: the label, made unambiguous where the label alone is not. */
  displayLabel: string;
  kind: ValueKind;
}

export interface RowSpec<R extends string = string, C extends string = string> {
  key: R;
  /** Exact text of the row's own label cell, e.g. '1.属于国家秘密'. */
  label: string;
  /** Label with its parent group, as a clerk would point at the row: '（三）不予公开 1.属于国家秘密'. */
  fullLabel: string;
  /** Short name used inside arithmetic sentences: '本年新收', '办理结果总计'. */
  shortLabel: string;
  /** Template block or group the row sits in, e.g. '第二十条第（一）项' or '（三）不予公开'. */
  group?: string;
  /** Columns this row has, in template order. */
  columns: readonly C[];
}

export interface TableSpec<R extends string = string, C extends string = string> {
  key: TableKey;
  name: string;
  section: SectionKey;
  rows: readonly RowSpec<R, C>[];
  columns: readonly ColumnSpec<C>[];
}

// ---------------------------------------------------------------------------------------------
// 表二 主动公开政府信息情况 (条例 第二十条 第(一)(五)(六)(八)项)
// ---------------------------------------------------------------------------------------------

export const T2_ROW_KEYS = ['regulations', 'normativeDocs', 'licensing', 'punishment', 'enforcement', 'fees'] as const;
export type T2RowKey = (typeof T2_ROW_KEYS)[number];

export const T2_COLUMN_KEYS = ['issued', 'repealed', 'inForce', 'decisions', 'amount'] as const;
export type T2ColumnKey = (typeof T2_COLUMN_KEYS)[number];

/** Which columns each 表二 row has; the type of 表二 content is derived from this. */
export const T2_ROW_COLUMNS = {
  regulations: ['issued', 'repealed', 'inForce'],
  normativeDocs: ['issued', 'repealed', 'inForce'],
  licensing: ['decisions'],
  punishment: ['decisions'],
  enforcement: ['decisions'],
  fees: ['amount'],
} as const;

export const T2_COLUMNS: readonly ColumnSpec<T2ColumnKey>[] = [
  { key: 'issued', label: '本年制发件数', displayLabel: '本年制发件数', kind: 'count' },
  { key: 'repealed', label: '本年废止件数', displayLabel: '本年废止件数', kind: 'count' },
  { key: 'inForce', label: '现行有效件数', displayLabel: '现行有效件数', kind: 'count' },
  { key: 'decisions', label: '本年处理决定数量', displayLabel: '本年处理决定数量', kind: 'count' },
  { key: 'amount', label: '本年收费金额（单位：万元）', displayLabel: '本年收费金额（单位：万元）', kind: 'amount' },
];

const ART20_1 = '第二十条第（一）项';
const ART20_5 = '第二十条第（五）项';
const ART20_6 = '第二十条第（六）项';
const ART20_8 = '第二十条第（八）项';

export const T2_ROWS: readonly RowSpec<T2RowKey, T2ColumnKey>[] = [
  { key: 'regulations', label: '规章', fullLabel: '规章', shortLabel: '规章', group: ART20_1, columns: T2_ROW_COLUMNS.regulations },
  { key: 'normativeDocs', label: '行政规范性文件', fullLabel: '行政规范性文件', shortLabel: '行政规范性文件', group: ART20_1, columns: T2_ROW_COLUMNS.normativeDocs },
  { key: 'licensing', label: '行政许可', fullLabel: '行政许可', shortLabel: '行政许可', group: ART20_5, columns: T2_ROW_COLUMNS.licensing },
  { key: 'punishment', label: '行政处罚', fullLabel: '行政处罚', shortLabel: '行政处罚', group: ART20_6, columns: T2_ROW_COLUMNS.punishment },
  { key: 'enforcement', label: '行政强制', fullLabel: '行政强制', shortLabel: '行政强制', group: ART20_6, columns: T2_ROW_COLUMNS.enforcement },
  { key: 'fees', label: '行政事业性收费', fullLabel: '行政事业性收费', shortLabel: '行政事业性收费', group: ART20_8, columns: T2_ROW_COLUMNS.fees },
];

export const T2: TableSpec<T2RowKey, T2ColumnKey> = { key: 'T2', name: '表二', section: 's2', rows: T2_ROWS, columns: T2_COLUMNS };

// ---------------------------------------------------------------------------------------------
// 表三 收到和处理政府信息公开申请情况
// ---------------------------------------------------------------------------------------------

/** The note printed in the table's top-left cell: the template's own arithmetic rule (R1). */
export const T3_RECONCILIATION_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

export const T3_APPLICANT_COLUMN_KEYS = ['natural', 'commercial', 'research', 'publicWelfare', 'legalService', 'other'] as const;
export type T3ApplicantColumnKey = (typeof T3_APPLICANT_COLUMN_KEYS)[number];

export const T3_COLUMN_KEYS = [...T3_APPLICANT_COLUMN_KEYS, 'total'] as const;
export type T3ColumnKey = (typeof T3_COLUMN_KEYS)[number];

const LEGAL_PERSON = '法人或其他组织';

export const T3_COLUMNS: readonly ColumnSpec<T3ColumnKey>[] = [
  { key: 'natural', label: '自然人', displayLabel: '自然人', kind: 'count' },
  { key: 'commercial', label: '商业企业', group: LEGAL_PERSON, displayLabel: '商业企业', kind: 'count' },
  { key: 'research', label: '科研机构', group: LEGAL_PERSON, displayLabel: '科研机构', kind: 'count' },
  { key: 'publicWelfare', label: '社会公益组织', group: LEGAL_PERSON, displayLabel: '社会公益组织', kind: 'count' },
  { key: 'legalService', label: '法律服务机构', group: LEGAL_PERSON, displayLabel: '法律服务机构', kind: 'count' },
  // "其他" alone is ambiguous next to "（六）其他处理 3.其他"; messages say whose "其他" it is.
  { key: 'other', label: '其他', group: LEGAL_PERSON, displayLabel: '法人或其他组织·其他', kind: 'count' },
  { key: 'total', label: '总计', displayLabel: '总计', kind: 'count' },
];

export const T3_ROW_KEYS = [
  'newReceived',
  'carriedOver',
  'disclosed',
  'partlyDisclosed',
  'notDisclosedStateSecret',
  'notDisclosedProhibitedByLaw',
  'notDisclosedEndangersSafety',
  'notDisclosedThirdPartyRights',
  'notDisclosedInternalAffairs',
  'notDisclosedProcessInfo',
  'notDisclosedEnforcementFile',
  'notDisclosedQueryMatter',
  'unableToProvideNotHeld',
  'unableToProvideNeedsCreation',
  'unableToProvideStillUnclear',
  'notProcessedPetition',
  'notProcessedRepeated',
  'notProcessedPublication',
  'notProcessedExcessive',
  'notProcessedConfirmation',
  'otherHandlingNoCorrection',
  'otherHandlingFeeUnpaid',
  'otherHandlingOther',
  'resultsTotal',
  'carryForward',
] as const;
export type T3RowKey = (typeof T3_ROW_KEYS)[number];

/** Headings of 三、本年度办理结果 and its sub-groups (rows without numbers of their own). */
export const T3_RESULTS_HEADING = '三、本年度办理结果';
export const T3_GROUPS = {
  notDisclosed: '（三）不予公开',
  unableToProvide: '（四）无法提供',
  notProcessed: '（五）不予处理',
  otherHandling: '（六）其他处理',
} as const;
export type T3GroupKey = keyof typeof T3_GROUPS;

const ALL_T3 = T3_COLUMN_KEYS;

function t3Row(key: T3RowKey, label: string, shortLabel: string, group?: string): RowSpec<T3RowKey, T3ColumnKey> {
  // Numbering restarts at 1. in each of （三）–（六）, so an item is named with its group;
  // （一）（二）（七） are unambiguous alone and do not repeat '三、本年度办理结果'.
  const fullLabel = group && group !== T3_RESULTS_HEADING ? `${group} ${label}` : label;
  return { key, label, fullLabel, shortLabel, group, columns: ALL_T3 };
}

const G = T3_GROUPS;
export const T3_ROWS: readonly RowSpec<T3RowKey, T3ColumnKey>[] = [
  t3Row('newReceived', '一、本年新收政府信息公开申请数量', '本年新收'),
  t3Row('carriedOver', '二、上年结转政府信息公开申请数量', '上年结转'),
  t3Row('disclosed', '（一）予以公开', '予以公开', T3_RESULTS_HEADING),
  t3Row('partlyDisclosed', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开', T3_RESULTS_HEADING),
  t3Row('notDisclosedStateSecret', '1.属于国家秘密', '不予公开·属于国家秘密', G.notDisclosed),
  t3Row('notDisclosedProhibitedByLaw', '2.其他法律行政法规禁止公开', '不予公开·其他法律行政法规禁止公开', G.notDisclosed),
  t3Row('notDisclosedEndangersSafety', '3.危及“三安全一稳定”', '不予公开·危及“三安全一稳定”', G.notDisclosed),
  t3Row('notDisclosedThirdPartyRights', '4.保护第三方合法权益', '不予公开·保护第三方合法权益', G.notDisclosed),
  t3Row('notDisclosedInternalAffairs', '5.属于三类内部事务信息', '不予公开·属于三类内部事务信息', G.notDisclosed),
  t3Row('notDisclosedProcessInfo', '6.属于四类过程性信息', '不予公开·属于四类过程性信息', G.notDisclosed),
  t3Row('notDisclosedEnforcementFile', '7.属于行政执法案卷', '不予公开·属于行政执法案卷', G.notDisclosed),
  t3Row('notDisclosedQueryMatter', '8.属于行政查询事项', '不予公开·属于行政查询事项', G.notDisclosed),
  t3Row('unableToProvideNotHeld', '1.本机关不掌握相关政府信息', '无法提供·本机关不掌握相关政府信息', G.unableToProvide),
  t3Row('unableToProvideNeedsCreation', '2.没有现成信息需要另行制作', '无法提供·没有现成信息需要另行制作', G.unableToProvide),
  t3Row('unableToProvideStillUnclear', '3.补正后申请内容仍不明确', '无法提供·补正后申请内容仍不明确', G.unableToProvide),
  t3Row('notProcessedPetition', '1.信访举报投诉类申请', '不予处理·信访举报投诉类申请', G.notProcessed),
  t3Row('notProcessedRepeated', '2.重复申请', '不予处理·重复申请', G.notProcessed),
  t3Row('notProcessedPublication', '3.要求提供公开出版物', '不予处理·要求提供公开出版物', G.notProcessed),
  t3Row('notProcessedExcessive', '4.无正当理由大量反复申请', '不予处理·无正当理由大量反复申请', G.notProcessed),
  t3Row('notProcessedConfirmation', '5.要求行政机关确认或重新出具已获取信息', '不予处理·要求行政机关确认或重新出具已获取信息', G.notProcessed),
  t3Row(
    'otherHandlingNoCorrection',
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    '其他处理·逾期不补正',
    G.otherHandling,
  ),
  t3Row(
    'otherHandlingFeeUnpaid',
    '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    '其他处理·逾期未缴费',
    G.otherHandling,
  ),
  t3Row('otherHandlingOther', '3.其他', '其他处理·其他', G.otherHandling),
  t3Row('resultsTotal', '（七）总计', '办理结果总计', T3_RESULTS_HEADING),
  t3Row('carryForward', '四、结转下年度继续办理', '结转下年度'),
];

/**
 * Rows that add up to （七）总计 (R3): （一）, （二） and every numbered item of （三）–（六）.
 * Derived from the row list so a change to the template cannot leave the rule behind.
 */
export const T3_RESULT_ROW_KEYS: readonly T3RowKey[] = T3_ROW_KEYS.filter(
  (k) => k !== 'newReceived' && k !== 'carriedOver' && k !== 'resultsTotal' && k !== 'carryForward',
);

export const T3: TableSpec<T3RowKey, T3ColumnKey> = { key: 'T3', name: '表三', section: 's3', rows: T3_ROWS, columns: T3_COLUMNS };

// ---------------------------------------------------------------------------------------------
// 表四 政府信息公开行政复议、行政诉讼情况 (one printed row of 15 cells: 3 groups x 5 columns)
// ---------------------------------------------------------------------------------------------

export const T4_ROW_KEYS = ['review', 'litigationDirect', 'litigationAfterReview'] as const;
export type T4RowKey = (typeof T4_ROW_KEYS)[number];

export const T4_COLUMN_KEYS = ['upheld', 'corrected', 'otherResult', 'pending', 'total'] as const;
export type T4ColumnKey = (typeof T4_COLUMN_KEYS)[number];

export const T4_COLUMNS: readonly ColumnSpec<T4ColumnKey>[] = [
  { key: 'upheld', label: '结果维持', displayLabel: '结果维持', kind: 'count' },
  { key: 'corrected', label: '结果纠正', displayLabel: '结果纠正', kind: 'count' },
  { key: 'otherResult', label: '其他结果', displayLabel: '其他结果', kind: 'count' },
  { key: 'pending', label: '尚未审结', displayLabel: '尚未审结', kind: 'count' },
  { key: 'total', label: '总计', displayLabel: '总计', kind: 'count' },
];

const LITIGATION = '行政诉讼';
export const T4_ROWS: readonly RowSpec<T4RowKey, T4ColumnKey>[] = [
  { key: 'review', label: '行政复议', fullLabel: '行政复议', shortLabel: '行政复议', columns: T4_COLUMN_KEYS },
  {
    key: 'litigationDirect',
    label: '未经复议直接起诉',
    fullLabel: '行政诉讼·未经复议直接起诉',
    shortLabel: '行政诉讼·未经复议直接起诉',
    group: LITIGATION,
    columns: T4_COLUMN_KEYS,
  },
  {
    key: 'litigationAfterReview',
    label: '复议后起诉',
    fullLabel: '行政诉讼·复议后起诉',
    shortLabel: '行政诉讼·复议后起诉',
    group: LITIGATION,
    columns: T4_COLUMN_KEYS,
  },
];

export const T4: TableSpec<T4RowKey, T4ColumnKey> = { key: 'T4', name: '表四', section: 's4', rows: T4_ROWS, columns: T4_COLUMNS };

// ---------------------------------------------------------------------------------------------
// Look-ups
// ---------------------------------------------------------------------------------------------

export const TABLES: Readonly<Record<TableKey, TableSpec>> = { T2, T3, T4 };

export function sectionSpec(key: SectionKey): SectionSpec {
  return SECTIONS.find((s) => s.key === key) as SectionSpec;
}

export function rowSpec(table: TableKey, row: string): RowSpec | undefined {
  return TABLES[table].rows.find((r) => r.key === row);
}

export function columnSpec(table: TableKey, column: string): ColumnSpec | undefined {
  return TABLES[table].columns.find((c) => c.key === column);
}

/**
 * Folds the punctuation variants seen in published reports and extracted text onto one form, for
 * matching labels: full-width ASCII (（）：，．１) to half-width, 、 to a comma (copies of 表三 （六）1–2
 * use either), curly quotes to straight, whitespace dropped. '（三）不予公开' and '(三)不予公开' match.
 */
export function normalizeLabel(label: string): string {
  let out = '';
  for (const ch of label) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0);
    else if (ch === '、') out += ',';
    else if (ch === '“' || ch === '”' || ch === '「' || ch === '」') out += '"';
    else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}
