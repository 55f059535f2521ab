/**
 * Content checks: what the city's review (全市核查, docs/domain.md §3 step 5) looks for in the text, beside
 * the tables' arithmetic (validate.ts). Run on every draft save, at submission and at 全市核查.
 *
 * - Errors (block submission): 条例 第五十条 and the template (国办公开办函〔2021〕30号) ask section 一 to cover
 *   主动公开, 依申请公开, 政府信息管理, 平台建设 and 监督保障 (a government's report also the results of
 *   工作考核、社会评议和责任追究); section 五 must name the problems and the improvements; last year's
 *   returned problems (整改 items) must each be answered, and section 五 must speak of them.
 * - Warnings (a person confirms them): a number written in the text that contradicts the tables (both
 *   values named); section 六 silent on the 信息处理费 (国办函〔2020〕109号), which published reports state.
 *
 * Each issue names its section (and the table cell, for a number), so a form can point at it. Pure.
 */
import { readPrintedNumber, toHalfWidth } from './numbers';
import type { AnnualReportContent } from './report';
import { sectionSpec, type SectionKey } from './template';
import type { Issue, IssueCell } from './validate';

/** A problem 全市核查 returned last year, carried to this year's self-check as a 整改 item. */
export interface RectificationItem {
  /** Stable within the unit's list (e.g. '2025-1'), so an answer names its item. */
  id: string;
  /** The problem as the verifier wrote it. */
  text: string;
  /** The report year the problem was found in. */
  year: number;
}

export const RECTIFICATION_STATUSES = ['done', 'in-progress'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_NAMES: Record<RectificationStatus, string> = { done: '已整改', 'in-progress': '整改中' };

/** The clerk's answer to one 整改 item: done or in progress, with what was done. */
export interface RectificationAnswer {
  id: string;
  status: RectificationStatus;
  text: string;
}

export interface ContentContext {
  /** A government's report (区政府, 市政府): 第五十条 adds 工作考核、社会评议和责任追究结果情况. */
  government?: boolean;
  /** Last year's problems to rectify; empty or absent when there are none. */
  rectification?: readonly RectificationItem[];
  /** The clerk's answers (untrusted JSON: the form's `result.rectification`). */
  answers?: unknown;
}

export interface ContentResult {
  errors: Issue[];
  warnings: Issue[];
}

interface Topic { name: string; pattern: RegExp }

/** 第五十条's items as section 一 must cover them, with the words reports use for each. */
export const OVERVIEW_TOPICS: readonly Topic[] = [
  { name: '主动公开', pattern: /主动公开/ },
  { name: '依申请公开', pattern: /依申请|公开申请|申请公开/ },
  { name: '政府信息管理', pattern: /信息管理|信息资源|公开审查|保密审查|动态调整|清理/ },
  { name: '政府信息公开平台建设', pattern: /平台|网站|公报|新媒体|专区|查阅/ },
  { name: '监督保障', pattern: /监督|保障|培训|考核/ },
];
/** 第五十条: a government's report adds 工作考核、社会评议和责任追究结果情况. */
export const GOVERNMENT_TOPICS: readonly Topic[] = [
  { name: '工作考核', pattern: /考核/ },
  { name: '社会评议', pattern: /评议|评价/ },
  { name: '责任追究', pattern: /责任追究|追责|问责/ },
];
const PROBLEM_WORDS = /问题|不足|差距|短板|薄弱|欠缺/;
const IMPROVEMENT_WORDS = /改进|整改|措施|下一步|加强|提升|完善|推进/;
const FEE_WORDS = /信息处理费|处理费/;
/** Section 五 speaks of last year's problems: 整改, or 上年(度)…问题. */
const RECTIFICATION_WORDS = /整改|(上一?年度?|去年).{0,12}问题/;

/** A number in the text: digits (full-width too) with thousands separators. */
const N = '([0-9０-９][0-9０-９,，]*)';
const GAP = '[^，,。；;：:0-9０-９]{0,14}?';

interface NarrativeFigure {
  name: string;
  pattern: RegExp;
  /** The tables' value and the cells it comes from. */
  table: (r: AnnualReportContent) => { value: number; cells: IssueCell[]; label: string };
}

const t3Total = (row: 'newReceived' | 'carriedOver' | 'resultsTotal' | 'carryForward' | 'disclosed' | 'partlyDisclosed', label: string) => (r: AnnualReportContent) =>
  ({ value: r.t3[row].total, cells: [{ table: 'T3' as const, row, column: 'total' }], label });

/**
 * Figures reports write in their text, each with the table cell that holds the same number. Patterns are
 * deliberately narrow (a phrase, a number, 件/起): a figure the text states differently is not flagged.
 */
export const NARRATIVE_FIGURES: readonly NarrativeFigure[] = [
  { name: '本年新收政府信息公开申请', pattern: new RegExp(`(?:新收|收到|受理)${GAP}(?:信息)?公开申请${GAP}${N}\\s*件`, 'g'), table: t3Total('newReceived', '表三“一、本年新收政府信息公开申请数量”总计') },
  { name: '上年结转申请', pattern: new RegExp(`上年(?:度)?结转${GAP}${N}\\s*件`, 'g'), table: t3Total('carriedOver', '表三“二、上年结转政府信息公开申请数量”总计') },
  { name: '办结申请', pattern: new RegExp(`(?:办结|办理完毕|答复)${GAP}${N}\\s*件`, 'g'), table: t3Total('resultsTotal', '表三“（七）总计”总计') },
  { name: '结转下年度继续办理', pattern: new RegExp(`结转(?:至)?下(?:一)?年度${GAP}${N}\\s*件`, 'g'), table: t3Total('carryForward', '表三“四、结转下年度继续办理”总计') },
  { name: '予以公开', pattern: new RegExp(`予以公开${GAP}${N}\\s*件`, 'g'), table: t3Total('disclosed', '表三“（一）予以公开”总计') },
  {
    name: '行政复议',
    pattern: new RegExp(`(?:政府信息公开)?行政复议(?:案件)?${GAP}${N}\\s*(?:件|起)`, 'g'),
    table: (r) => ({ value: r.t4.review.total, cells: [{ table: 'T4', row: 'review', column: 'total' }], label: '表四“行政复议”总计' }),
  },
  {
    name: '行政诉讼',
    pattern: new RegExp(`(?:政府信息公开)?行政诉讼(?:案件)?${GAP}${N}\\s*(?:件|起)`, 'g'),
    table: (r) => ({
      value: r.t4.litigationDirect.total + r.t4.litigationAfterReview.total,
      cells: [{ table: 'T4', row: 'litigationDirect', column: 'total' }, { table: 'T4', row: 'litigationAfterReview', column: 'total' }],
      label: '表四“行政诉讼”两组总计之和',
    }),
  },
  {
    name: '制发行政规范性文件',
    pattern: new RegExp(`(?:制发|印发|出台)(?:行政)?规范性文件${GAP}${N}\\s*件`, 'g'),
    table: (r) => ({ value: r.t2.normativeDocs.issued, cells: [{ table: 'T2', row: 'normativeDocs', column: 'issued' }], label: '表二“行政规范性文件”本年制发件数' }),
  },
];

const NARRATIVE_SECTIONS: readonly SectionKey[] = ['s1', 's2', 's3', 's4', 's5', 's6'];

function sectionIssue(code: Issue['code'], section: SectionKey, message: string, rule: string, cells: IssueCell[] = []): Issue {
  return { code, rule, message, cells, section, path: `sections.${section}` };
}

/** The stable key of a warning, which the person confirming it sends back (`result.confirmedWarnings`). */
export function warningKey(i: Issue): string {
  return [i.code, i.section ?? '', i.path ?? '', i.cells.map((c) => `${c.table}.${c.row}.${c.column}`).join(','), i.quote ?? ''].join('|');
}

/** Reads the clerk's answers, keyed by item id; anything malformed is simply absent (and so unanswered). */
export function answersById(answers: unknown): Map<string, RectificationAnswer> {
  const out = new Map<string, RectificationAnswer>();
  if (!Array.isArray(answers)) return out;
  for (const a of answers) {
    if (!a || typeof a !== 'object') continue;
    const { id, status, text } = a as Record<string, unknown>;
    if (typeof id !== 'string' || typeof text !== 'string') continue;
    if (!RECTIFICATION_STATUSES.includes(status as RectificationStatus)) continue;
    out.set(id, { id, status: status as RectificationStatus, text });
  }
  return out;
}

/** The content checks on a report that passed `checkShape`. */
export function checkContent(report: AnnualReportContent, ctx: ContentContext = {}): ContentResult {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const s = report.sections;

  // Section 一: 第五十条's items (and the template's five sub-topics). An empty section is checkShape's.
  if (s.s1.trim() !== '') {
    const topics = ctx.government ? [...OVERVIEW_TOPICS, ...GOVERNMENT_TOPICS] : OVERVIEW_TOPICS;
    const missing = topics.filter((t) => !t.pattern.test(s.s1)).map((t) => t.name);
    if (missing.length > 0) {
      errors.push(sectionIssue('CONTENT_TOPIC', 's1',
        `「${sectionSpec('s1').title}」未写到${missing.map((m) => `“${m}”`).join('、')}的情况：《政府信息公开条例》第五十条要求年度报告包括这些内容。`,
        '条例 第五十条；国办公开办函〔2021〕30号 一、总体情况'));
    }
  }

  // Section 五: both the problems and what was improved.
  if (s.s5.trim() !== '') {
    const lacks = [!PROBLEM_WORDS.test(s.s5) && '存在的主要问题', !IMPROVEMENT_WORDS.test(s.s5) && '改进情况（措施）'].filter(Boolean) as string[];
    if (lacks.length > 0) {
      errors.push(sectionIssue('CONTENT_PROBLEMS', 's5',
        `「${sectionSpec('s5').title}」没有写明${lacks.join('和')}：该部分须既列出问题，也写明改进情况。`,
        '条例 第五十条 第（四）项'));
    }
  }

  // 整改: each of last year's returned problems answered, and section 五 speaking of them.
  const items = ctx.rectification ?? [];
  if (items.length > 0) {
    const answers = answersById(ctx.answers);
    items.forEach((item, n) => {
      const a = answers.get(item.id);
      if (!a || a.text.trim() === '') {
        errors.push({
          code: 'RECTIFICATION', rule: '上一年度全市核查退回的问题须逐项说明整改情况', cells: [], section: 's5', path: `rectification.${item.id}`,
          message: `整改事项 ${n + 1}（${item.year}年度全市核查指出：“${item.text}”）未作答：请选择已整改或整改中，并写明整改情况。`,
        });
      }
    });
    if (s.s5.trim() !== '' && !RECTIFICATION_WORDS.test(s.s5)) {
      errors.push(sectionIssue('RECTIFICATION', 's5',
        `「${sectionSpec('s5').title}」未说明上一年度全市核查指出的${items.length}个问题的整改情况，请在该部分写明。`,
        '上一年度全市核查退回的问题须在“五、存在的主要问题及改进情况”中说明整改情况'));
    }
  }

  // 六: published reports state the processing fee charged (国办函〔2020〕109号), or that none was.
  if (s.s6.trim() !== '' && !FEE_WORDS.test(s.s6)) {
    warnings.push(sectionIssue('CONTENT_FEES', 's6',
      `「${sectionSpec('s6').title}」未说明收取信息处理费的情况（按国办函〔2020〕109号；未收取的写明“未收取信息处理费”）。`,
      '国办函〔2020〕109号'));
  }

  // Narrative figures that contradict the tables: warnings naming both values.
  for (const section of NARRATIVE_SECTIONS) {
    const text = s[section];
    if (!text) continue;
    for (const fig of NARRATIVE_FIGURES) {
      // matchAll runs a copy of the pattern and leaves the shared one untouched (the worker shares this
      // module between flows, frozen: worker/workflowBundle.ts).
      for (const m of text.matchAll(fig.pattern)) {
        const read = readPrintedNumber(m[1].replace(/，/g, ','), 'count');
        if (!read) continue;
        const stated = Number(read);
        const table = fig.table(report);
        if (stated === table.value) continue;
        const quote = toHalfWidth(m[0]);
        warnings.push({
          code: 'NARRATIVE_NUMBER', rule: '正文中的数字应与表格一致', cells: table.cells, section, path: `sections.${section}`, quote: m[0],
          message: `「${sectionSpec(section).title}」正文写“${quote}”（${fig.name} ${stated}），而${table.label}为 ${table.value}，两者不一致，请核对。`,
        });
      }
    }
  }
  return { errors, warnings };
}
