/**
 * Checks on annual report content, in two steps:
 *
 * 1. `checkShape` takes untrusted JSON (an API body, a saved draft, a parser's output) and lists every
 *    way it differs from the template: missing sections, tables, rows and cells, unknown ones, and
 *    values that are not numbers of the right kind (R7). All issues come back from one call, so a
 *    clerk fixes a form in one pass instead of one error per submission.
 * 2. `checkArithmetic` takes well-shaped content and applies the reconciliation rules R1–R5 (errors:
 *    they block submission) and the heuristic R6 (a warning: a person decides).
 *
 * Rule numbers follow docs/domain.md §2; R1 is printed in 表三 itself (国办公开办函〔2021〕30号).
 * Every message is one Chinese sentence naming the table, row and column labels and the numbers,
 * so a clerk can act on it; `code` and `cells` are for programs (highlighting, routing, statistics).
 */
import {
  SECTIONS,
  T2_ROW_COLUMNS,
  T3_APPLICANT_COLUMN_KEYS,
  T3_COLUMN_KEYS,
  T3_RESULT_ROW_KEYS,
  T4_ROW_KEYS,
  TABLE_NAMES,
  TABLE_PROPS,
  TABLE_SECTIONS,
  TABLES,
  columnSpec,
  rowSpec,
  type ColumnSpec,
  type RowSpec,
  type SectionKey,
  type TableKey,
  type TableSpec,
  type ValueKind,
} from './template';
import { decimalsOf, exactNumber, MAX_AMOUNT_DECIMALS, plainOf, readPrintedNumber } from './numbers';
import type { AnnualReportContent, T2Content, T3Content, T4Content } from './report';

// ---------------------------------------------------------------------------------------------
// Issues
// ---------------------------------------------------------------------------------------------

export type IssueCode =
  // shape
  | 'NOT_AN_OBJECT'
  | 'UNKNOWN_FIELD'
  | 'MISSING_SECTION'
  | 'BAD_SECTION'
  | 'UNKNOWN_SECTION'
  | 'MISSING_TABLE'
  | 'MISSING_ROW'
  | 'UNKNOWN_ROW'
  | 'MISSING_CELL'
  | 'UNKNOWN_COLUMN'
  | 'BAD_NUMBER'
  // arithmetic
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  // content (content.ts)
  | 'CONTENT_TOPIC'
  | 'CONTENT_PROBLEMS'
  | 'RECTIFICATION'
  | 'CONTENT_FEES'
  | 'NARRATIVE_NUMBER';

export interface IssueCell {
  table: TableKey;
  /** Row key; for an unknown row, the key as it was sent. */
  row: string;
  /** Column key; for an unknown column, the key as it was sent. */
  column: string;
}

export interface Issue {
  code: IssueCode;
  /** The rule broken, in words (R1–R7 and the template's structure). */
  rule?: string;
  /** One Chinese sentence for the clerk. */
  message: string;
  /** Every cell the issue is about, so a form can mark them. Empty when no cell exists (e.g. a missing section). */
  cells: IssueCell[];
  section?: SectionKey;
  /** Where in the JSON the problem is, e.g. 't3.notDisclosedStateSecret.commercial'. */
  path?: string;
  /** The words of the section text the issue is about (a narrative figure), to highlight them. */
  quote?: string;
}

/** The rules, as stated to clerks. Keys are `Issue.code` values of arithmetic issues, plus R7 (value kinds). */
export const RULES = {
  R1: '表三每一列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理（表三表头注明的勾稽关系）',
  R2: '表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他',
  R3: '表三每一列：（七）总计 = （一）予以公开 + （二）部分公开 + （三）至（六）各小项之和',
  R4: '表四每一组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结',
  R5: '表三每一列：本年“上年结转” = 上一年度报告的“结转下年度继续办理”',
  R6: '表二规章、行政规范性文件：本年现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数（仅提示）',
  R7: '件数为非负整数；行政事业性收费金额以万元计，为不小于 0、最多 6 位小数（到分）的数，按报告印刷的数字原样保存，可带千位分隔符或全角数字',
  TEMPLATE: '内容须与《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）的部分、表格、行、列一致',
} as const;

// ---------------------------------------------------------------------------------------------
// Wording helpers
// ---------------------------------------------------------------------------------------------

function quoteCell(table: TableKey, row: RowSpec | string, column?: ColumnSpec | string): string {
  const rowText = typeof row === 'string' ? row : row.fullLabel;
  const where = table === 'T4' ? `"${rowText}"栏` : `第"${rowText}"行`;
  if (column === undefined) return `${TABLE_NAMES[table]} ${where}`;
  const colText = typeof column === 'string' ? column : column.displayLabel;
  return `${TABLE_NAMES[table]} ${where} "${colText}"列`;
}

function describeValue(v: unknown): string {
  if (v === null) return '空值 null';
  if (typeof v === 'string') return `文字 ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `布尔值 ${v}`;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return '数组';
  if (typeof v === 'object') return '对象';
  return typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOwn(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/**
 * A cell's value read as a number of `kind`, or why it cannot be (in words). A JSON number is taken as
 * it is; a string is read as printed (numbers.ts: 1,234, full-width digits), so a published report's
 * figures can be entered exactly as printed. Amounts keep up to six decimals (the fen) and are refused,
 * never rounded, when a JSON number could not hold them exactly.
 */
export function readCell(v: unknown, kind: ValueKind): { value: number } | { problem: string } {
  let plain: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { problem: `现为 ${v}` };
    if (v < 0) return { problem: `现为负数 ${v}` };
    plain = plainOf(v);
  } else if (typeof v === 'string') {
    const read = readPrintedNumber(v, kind);
    if (read === null || read === '') return { problem: `现为文字 ${JSON.stringify(v)}，无法读作${kind === 'count' ? '非负整数' : '金额'}` };
    plain = read;
  } else {
    return { problem: `现为${describeValue(v)}` };
  }
  if (kind === 'count') {
    if (decimalsOf(plain) > 0) return { problem: `现为小数 ${plain}` };
    const n = exactNumber(plain);
    if (n === null || !Number.isSafeInteger(n)) return { problem: `现为超出精确范围的数 ${plain}` };
    return { value: n };
  }
  if (decimalsOf(plain) > MAX_AMOUNT_DECIMALS) return { problem: `现为 ${plain}（超过 ${MAX_AMOUNT_DECIMALS} 位小数）` };
  const n = exactNumber(plain);
  if (n === null) return { problem: `现为 ${plain}，位数过多，无法精确保存，请核对` };
  return { value: n };
}

export function expectedValue(kind: ValueKind): string {
  return kind === 'count' ? '非负整数' : `不小于 0、最多 ${MAX_AMOUNT_DECIMALS} 位小数的金额（万元）`;
}

// ---------------------------------------------------------------------------------------------
// checkShape
// ---------------------------------------------------------------------------------------------

export type ShapeResult = { ok: true; report: AnnualReportContent } | { ok: false; issues: Issue[] };

const TOP_LEVEL_FIELDS = ['sections', 't2', 't3', 't4'];

/**
 * Checks untrusted input against the template and returns either the content (a fresh object holding
 * only template keys; table sections' missing text becomes '') or every issue found.
 */
export function checkShape(input: unknown): ShapeResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      issues: [
        {
          code: 'NOT_AN_OBJECT',
          rule: RULES.TEMPLATE,
          message: `年度报告内容应为一个 JSON 对象，现为${describeValue(input)}。`,
          cells: [],
          path: '',
        },
      ],
    };
  }

  const issues: Issue[] = [];
  for (const key of Object.keys(input)) {
    if (!TOP_LEVEL_FIELDS.includes(key)) {
      issues.push({
        code: 'UNKNOWN_FIELD',
        rule: RULES.TEMPLATE,
        message: `年度报告内容中的字段 "${key}" 不属于模板（只应有 sections、t2、t3、t4）。`,
        cells: [],
        path: key,
      });
    }
  }

  const sections = checkSections(input.sections, issues);
  const t2 = checkTable(TABLES.T2, input.t2, issues);
  const t3 = checkTable(TABLES.T3, input.t3, issues);
  const t4 = checkTable(TABLES.T4, input.t4, issues);

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    report: {
      sections: sections as Record<SectionKey, string>,
      t2: t2 as unknown as T2Content,
      t3: t3 as unknown as T3Content,
      t4: t4 as unknown as T4Content,
    },
  };
}

function checkSections(value: unknown, issues: Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  let given: Record<string, unknown> = {};
  if (isRecord(value)) {
    given = value;
  } else if (value !== undefined && value !== null) {
    issues.push({
      code: 'NOT_AN_OBJECT',
      rule: RULES.TEMPLATE,
      message: `sections 应为按 s1 至 s6 填写各部分正文的对象，现为${describeValue(value)}。`,
      cells: [],
      path: 'sections',
    });
  }

  for (const spec of SECTIONS) {
    const text = given[spec.key];
    const path = `sections.${spec.key}`;
    if (text !== undefined && text !== null && typeof text !== 'string') {
      issues.push({
        code: 'BAD_SECTION',
        rule: RULES.TEMPLATE,
        message: `「${spec.title}」的正文应为文字，现为${describeValue(text)}。`,
        cells: [],
        section: spec.key,
        path,
      });
      continue;
    }
    const str = typeof text === 'string' ? text : '';
    if (spec.requiresText && str.trim() === '') {
      issues.push({
        code: 'MISSING_SECTION',
        rule: RULES.TEMPLATE,
        message: `「${spec.title}」未填写：该部分为年度报告必备内容，不能为空。`,
        cells: [],
        section: spec.key,
        path,
      });
      continue;
    }
    out[spec.key] = str;
  }

  for (const key of Object.keys(given)) {
    if (!SECTIONS.some((s) => s.key === key)) {
      issues.push({
        code: 'UNKNOWN_SECTION',
        rule: RULES.TEMPLATE,
        message: `sections 中的 "${key}" 不是模板中的部分（应为 s1 至 s6：一、总体情况 至 六、其他需要报告的事项）。`,
        cells: [],
        path: `sections.${key}`,
      });
    }
  }
  return out;
}

function checkTable(spec: TableSpec, value: unknown, issues: Issue[]): Record<string, Record<string, number>> {
  const table = spec.key;
  const prop = TABLE_PROPS[table];
  const section = TABLE_SECTIONS[table];
  const sectionTitle = SECTIONS.find((s) => s.key === section)?.title ?? '';
  const out: Record<string, Record<string, number>> = {};

  if (value === undefined || value === null) {
    issues.push({
      code: 'MISSING_TABLE',
      rule: RULES.TEMPLATE,
      message: `缺少${TABLE_NAMES[table]}（「${sectionTitle}」的表格）。`,
      cells: [],
      section,
      path: prop,
    });
    return out;
  }
  if (!isRecord(value)) {
    issues.push({
      code: 'MISSING_TABLE',
      rule: RULES.TEMPLATE,
      message: `${TABLE_NAMES[table]}（「${sectionTitle}」的表格）应为按行填写的对象，现为${describeValue(value)}。`,
      cells: [],
      section,
      path: prop,
    });
    return out;
  }

  for (const key of Object.keys(value)) {
    if (!spec.rows.some((r) => r.key === key)) {
      issues.push({
        code: 'UNKNOWN_ROW',
        rule: RULES.TEMPLATE,
        message: `${quoteCell(table, key)}不是模板中的行，请改为模板中的行名。`,
        cells: [{ table, row: key, column: '' }],
        section,
        path: `${prop}.${key}`,
      });
    }
  }

  for (const row of spec.rows) {
    const rowPath = `${prop}.${row.key}`;
    const allCells = row.columns.map((column) => ({ table, row: row.key, column }));
    const rowValue = value[row.key];
    if (!isRecord(rowValue)) {
      const missing = rowValue === undefined || rowValue === null;
      issues.push({
        code: 'MISSING_ROW',
        rule: RULES.TEMPLATE,
        message: missing
          ? `缺少${quoteCell(table, row)}。`
          : `${quoteCell(table, row)}应为按列填写的对象，现为${describeValue(rowValue)}。`,
        cells: allCells,
        section,
        path: rowPath,
      });
      continue;
    }

    for (const key of Object.keys(rowValue)) {
      if (!row.columns.includes(key)) {
        issues.push({
          code: 'UNKNOWN_COLUMN',
          rule: RULES.TEMPLATE,
          message: `${quoteCell(table, row, key)}不是该行在模板中的列（该行只有：${row.columns
            .map((c) => columnSpec(table, c)?.displayLabel ?? c)
            .join('、')}）。`,
          cells: [{ table, row: row.key, column: key }],
          section,
          path: `${rowPath}.${key}`,
        });
      }
    }

    const cleanRow: Record<string, number> = {};
    for (const colKey of row.columns) {
      const col = columnSpec(table, colKey) as ColumnSpec;
      const path = `${rowPath}.${colKey}`;
      const cells = [{ table, row: row.key, column: colKey }];
      const given = rowValue[colKey];
      if (!hasOwn(rowValue, colKey) || given === undefined || given === null || (typeof given === 'string' && readPrintedNumber(given, col.kind) === '')) {
        issues.push({
          code: 'MISSING_CELL',
          rule: RULES.R7,
          message: `${quoteCell(table, row, col)}未填写，应填写${expectedValue(col.kind)}（没有的填 0）。`,
          cells,
          section,
          path,
        });
        continue;
      }
      const read = readCell(given, col.kind);
      if ('problem' in read) {
        issues.push({
          code: 'BAD_NUMBER',
          rule: RULES.R7,
          message: `${quoteCell(table, row, col)}应填写${expectedValue(col.kind)}，${read.problem}。`,
          cells,
          section,
          path,
        });
        continue;
      }
      cleanRow[colKey] = read.value + 0; // + 0 turns -0 into 0
    }
    out[row.key] = cleanRow;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// checkArithmetic
// ---------------------------------------------------------------------------------------------

export interface ArithmeticResult {
  /** R1–R5: the report must not be submitted while any remain. */
  errors: Issue[];
  /** R6: worth a second look; a person may confirm and submit. */
  warnings: Issue[];
}

function cell(table: TableKey, row: string, column: string): IssueCell {
  return { table, row, column };
}

function t3Row(key: string): RowSpec {
  return rowSpec('T3', key) as RowSpec;
}
function t3Col(key: string): ColumnSpec {
  return columnSpec('T3', key) as ColumnSpec;
}

/**
 * Applies R1–R6 to content that passed `checkShape`. Pass last year's content as `previous` to
 * enable the year-to-year rules R5 and R6.
 */
export function checkArithmetic(report: AnnualReportContent, previous?: AnnualReportContent): ArithmeticResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const t3 = report.t3;
  const NEW = t3Row('newReceived');
  const CARRIED = t3Row('carriedOver');
  const TOTAL = t3Row('resultsTotal');
  const FORWARD = t3Row('carryForward');

  // R1 — printed in 表三's header: 第一项加第二项之和，等于第三项加第四项之和.
  for (const c of T3_COLUMN_KEYS) {
    const n = t3.newReceived[c];
    const o = t3.carriedOver[c];
    const t = t3.resultsTotal[c];
    const f = t3.carryForward[c];
    if (n + o !== t + f) {
      errors.push({
        code: 'R1',
        rule: RULES.R1,
        message:
          `表三「${t3Col(c).displayLabel}」列：${NEW.shortLabel}(${n}) + ${CARRIED.shortLabel}(${o}) ` +
          `应等于 ${TOTAL.shortLabel}(${t}) + ${FORWARD.shortLabel}(${f})，现为 ${n + o} ≠ ${t + f}。`,
        cells: ['newReceived', 'carriedOver', 'resultsTotal', 'carryForward'].map((row) => cell('T3', row, c)),
        section: 's3',
      });
    }
  }

  // R2 — 总计 column is the sum of the six applicant columns, on every row.
  for (const row of TABLES.T3.rows) {
    const values = t3[row.key as keyof T3Content];
    const sum = T3_APPLICANT_COLUMN_KEYS.reduce((acc, c) => acc + values[c], 0);
    if (sum !== values.total) {
      const parts = T3_APPLICANT_COLUMN_KEYS.map((c) => `${t3Col(c).displayLabel} ${values[c]}`).join('、');
      errors.push({
        code: 'R2',
        rule: RULES.R2,
        message: `表三「${row.fullLabel}」行：总计(${values.total}) 应等于六类申请人之和 ${sum}（${parts}）。`,
        cells: T3_COLUMN_KEYS.map((column) => cell('T3', row.key, column)),
        section: 's3',
      });
    }
  }

  // R3 — （七）总计 is the sum of （一）, （二） and every numbered item of （三）–（六）, per column.
  for (const c of T3_COLUMN_KEYS) {
    const sum = T3_RESULT_ROW_KEYS.reduce((acc, r) => acc + t3[r][c], 0);
    const total = t3.resultsTotal[c];
    if (sum !== total) {
      errors.push({
        code: 'R3',
        rule: RULES.R3,
        message:
          `表三「${t3Col(c).displayLabel}」列：（七）总计(${total}) 应等于 ` +
          `（一）予以公开至（六）其他处理各项之和(${sum})。`,
        cells: ['resultsTotal', ...T3_RESULT_ROW_KEYS].map((row) => cell('T3', row, c)),
        section: 's3',
      });
    }
  }

  // R4 — each 表四 group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
  for (const r of T4_ROW_KEYS) {
    const g = report.t4[r];
    const sum = g.upheld + g.corrected + g.otherResult + g.pending;
    if (sum !== g.total) {
      errors.push({
        code: 'R4',
        rule: RULES.R4,
        message:
          `表四「${(rowSpec('T4', r) as RowSpec).fullLabel}」：总计(${g.total}) 应等于 ` +
          `结果维持(${g.upheld}) + 结果纠正(${g.corrected}) + 其他结果(${g.otherResult}) + 尚未审结(${g.pending}) = ${sum}。`,
        cells: ['upheld', 'corrected', 'otherResult', 'pending', 'total'].map((column) => cell('T4', r, column)),
        section: 's4',
      });
    }
  }

  if (previous) {
    // R5 — what last year carried forward is what this year carried over.
    for (const c of T3_COLUMN_KEYS) {
      const now = t3.carriedOver[c];
      const before = previous.t3.carryForward[c];
      if (now !== before) {
        errors.push({
          code: 'R5',
          rule: RULES.R5,
          message:
            `表三「${t3Col(c).displayLabel}」列：${CARRIED.shortLabel}(${now}) 应等于 ` +
            `上一年度报告的“结转下年度继续办理”(${before})。`,
          cells: [cell('T3', 'carriedOver', c)],
          section: 's3',
        });
      }
    }

    // R6 — stock of documents in force. A heuristic only: amendments that re-issue a document,
    // mergers and corrections of last year's count all make honest reports differ.
    for (const r of ['regulations', 'normativeDocs'] as const) {
      const now = report.t2[r];
      const before = previous.t2[r].inForce;
      const expected = before + now.issued - now.repealed;
      if (now.inForce !== expected) {
        const label = (rowSpec('T2', r) as RowSpec).fullLabel;
        warnings.push({
          code: 'R6',
          rule: RULES.R6,
          message:
            `表二「${label}」：现行有效件数(${now.inForce}) 与 上年现行有效件数(${before}) + ` +
            `本年制发件数(${now.issued}) − 本年废止件数(${now.repealed}) = ${expected} 不一致，请核对。`,
          cells: T2_ROW_COLUMNS[r].map((column) => cell('T2', r, column)),
          section: 's2',
        });
      }
    }
  }

  return { errors, warnings };
}
