/**
 * 全市汇总 of an annual-report campaign: 表三 and 表四 summed over the units of the city or of a district
 * (domain/annual-report/summary.ts adds them exactly), one row per child unit for the drill-down
 * (city → district → unit), and the same data as an .xlsx laid out like the template's tables.
 *
 * Which reports count: each unit's last submitted report (单位自查, or 预发布 when it carries one), once its
 * head has signed it off (主要负责同志签发 completed after that submission). A unit with no submitted report,
 * or whose last report still awaits sign-off, is counted as missing, by reason, so a reader knows how
 * complete the sum is.
 */
import ExcelJS from 'exceljs';
import {
  checkArithmetic, checkShape, createEmptyReport, sumReportTables, T3, T4, TABLE_NAMES,
  type AnnualReportContent, type SummedTables,
} from '../../domain/annual-report';
import type { UnitKind } from '../../domain/campaign';
import type { AppContext, CurrentUser } from '../context';
import { findCampaign, KIND_LABEL, scopeRoot } from './campaignService';
import { addStyledSheet, displayWidth, type XlsxColumn } from './xlsxExport';

export type SummaryStatus = 'included' | 'no-report' | 'awaiting-sign-off';
export const SUMMARY_STATUS_LABEL: Record<SummaryStatus, string> = { included: '已计入', 'no-report': '未提交报告', 'awaiting-sign-off': '待主要负责同志签发' };

interface Row {
  orgUnitId: string; code: string; name: string; kind: UnitKind; path: string;
  stageKey: string | null; submittedAt: Date | null; signedAt: Date | null; report: unknown;
}

async function unitReports(ctx: AppContext, campaignId: string, path: string): Promise<Row[]> {
  return ctx.prisma.$queryRaw<Row[]>`
    SELECT cu."orgUnitId", o.code, o.name, o.kind::text AS kind, o.path, rep."stageKey", rep."completedAt" AS "submittedAt", s."signedAt", rep.report
      FROM "CampaignUnit" cu
      JOIN "OrgUnit" o ON o.id = cu."orgUnitId"
      LEFT JOIN LATERAL (
        SELECT t."stageKey", t."completedAt", t.result->'report' AS report FROM "Task" t
         WHERE t."workflowId" = cu."workflowId" AND t."campaignId" = ${campaignId} AND t."stageKey" IN ('self-check', 'pre-release') AND t.status = 'COMPLETED'
           AND t.position = 'main' AND t.result ? 'report'
         ORDER BY t."completedAt" DESC LIMIT 1) rep ON true
      LEFT JOIN LATERAL (
        SELECT max(t."completedAt") AS "signedAt" FROM "Task" t
         WHERE t."workflowId" = cu."workflowId" AND t."campaignId" = ${campaignId} AND t."stageKey" = 'sign-off' AND t.status = 'COMPLETED' AND t.position = 'main') s ON true
     WHERE cu."campaignId" = ${campaignId}::uuid AND o.path LIKE ${`${path}%`}
     ORDER BY o.path`;
}

/** Whether the unit's report counts, and its content when it does. */
function classify(r: Row): { status: SummaryStatus; content?: AnnualReportContent } {
  if (!r.report || !r.submittedAt) return { status: 'no-report' };
  const signed = r.stageKey === 'pre-release' || (r.signedAt !== null && r.signedAt.getTime() >= r.submittedAt.getTime());
  if (!signed) return { status: 'awaiting-sign-off' };
  const shape = checkShape(r.report);
  // Every stored report passed the shape check when it was submitted; one that no longer does is not added in silence.
  if (!shape.ok) return { status: 'no-report' };
  return { status: 'included', content: shape.report };
}

interface Counts { units: number; included: number; missing: number; noReport: number; awaitingSignOff: number }
const counts = (statuses: SummaryStatus[]): Counts => ({
  units: statuses.length,
  included: statuses.filter((s) => s === 'included').length,
  missing: statuses.filter((s) => s !== 'included').length,
  noReport: statuses.filter((s) => s === 'no-report').length,
  awaitingSignOff: statuses.filter((s) => s === 'awaiting-sign-off').length,
});

const tablesOf = (s: SummedTables) => ({ t3: s.t3, t4: s.t4 });

/** R1–R4 on the sum (they hold whenever every report added satisfies them; reported, not assumed). */
function ruleProblems(s: SummedTables) {
  return checkArithmetic({ ...createEmptyReport(), t3: s.t3, t4: s.t4 }).errors
    .filter((e) => ['R1', 'R2', 'R3', 'R4'].includes(e.code)).map((e) => ({ code: e.code, message: e.message }));
}

/** The summary inside `root` (default: the user's whole scope). */
export async function campaignSummary(ctx: AppContext, user: CurrentUser, id: string, query: { root?: unknown }) {
  const t0 = performance.now();
  const campaign = await findCampaign(ctx, user, id);
  const root = await scopeRoot(ctx, user, query.root);
  const rows = (await unitReports(ctx, id, root.path)).map((r) => ({ ...r, ...classify(r) }));
  const depth = root.path.split('/').filter(Boolean).length;
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const childCode = r.path.split('/').filter(Boolean)[depth] ?? root.code;
    groups.set(childCode, [...(groups.get(childCode) ?? []), r]);
  }
  const childUnits = await ctx.prisma.orgUnit.findMany({ where: { code: { in: [...groups.keys()] } }, select: { id: true, code: true, name: true, kind: true, path: true } });
  const contents = (rs: typeof rows) => rs.flatMap((r) => (r.content ? [r.content] : []));
  const total = sumReportTables(contents(rows));
  const children = [...groups.entries()].map(([code, rs]) => {
    const unit = childUnits.find((u) => u.code === code);
    const sum = sumReportTables(contents(rs));
    const self = rs.length === 1 && rs[0].code === code ? rs[0] : undefined;
    return {
      orgUnitId: unit?.id ?? null, code, name: unit?.name ?? code, kind: unit?.kind ?? null, kindLabel: unit ? KIND_LABEL[unit.kind as UnitKind] : '',
      ...counts(rs.map((r) => r.status)),
      // a child that is itself the only unit below has no further level to open
      hasChildren: !self && code !== root.code,
      status: self ? self.status : undefined,
      statusLabel: self ? SUMMARY_STATUS_LABEL[self.status] : undefined,
      ...tablesOf(sum),
    };
  });
  return {
    campaign: { id: campaign.id, title: campaign.title, year: campaign.year },
    root: { id: root.id, code: root.code, name: root.name, kind: root.kind },
    rule: '计入每个单位最后一次提交、且已经主要负责同志签发的年度报告；未提交或尚待签发的单位列为缺报。',
    ...counts(rows.map((r) => r.status)),
    ...tablesOf(total),
    ruleProblems: ruleProblems(total),
    children,
    unitList: rows.map((r) => ({ orgUnitId: r.orgUnitId, code: r.code, name: r.name, kind: r.kind, path: r.path, status: r.status, statusLabel: SUMMARY_STATUS_LABEL[r.status], submittedAt: r.submittedAt, signedAt: r.signedAt, t3: r.content?.t3 ?? null, t4: r.content?.t4 ?? null })),
    tookMs: Math.round(performance.now() - t0),
  };
}

export type CampaignSummary = Awaited<ReturnType<typeof campaignSummary>>;

const BORDER: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

function frame(sheet: ExcelJS.Worksheet, fromRow: number, toRow: number, cols: number) {
  for (let r = fromRow; r <= toRow; r++) for (let c = 1; c <= cols; c++) sheet.getCell(r, c).border = BORDER;
}

/** 表三 as the template prints it: the applicant columns under their group header, the rows with their groups. */
function addT3Sheet(book: ExcelJS.Workbook, s: CampaignSummary, heading: string) {
  const sheet = book.addWorksheet(TABLE_NAMES.T3);
  const cols = T3.columns;
  sheet.addRow([heading]);
  sheet.addRow(['三、收到和处理政府信息公开申请情况']);
  const h1 = sheet.addRow(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '', '申请人情况']);
  const h2 = sheet.addRow(['', '', ...cols.map((c) => (c.group ? c.group : c.label))]);
  const h3 = sheet.addRow(['', '', ...cols.map((c) => c.label)]);
  sheet.mergeCells(h1.number, 3, h1.number, 2 + cols.length);
  sheet.mergeCells(h1.number, 1, h3.number, 2);
  const firstGroup = cols.findIndex((c) => c.group);
  const lastGroup = cols.length - 1 - [...cols].reverse().findIndex((c) => c.group);
  sheet.mergeCells(h2.number, 3 + firstGroup, h2.number, 3 + lastGroup);
  cols.forEach((c, i) => { if (!c.group) sheet.mergeCells(h2.number, 3 + i, h3.number, 3 + i); });
  for (const row of T3.rows) {
    // 一、二、四 stand alone; （一）（二）（七） sit under 三、本年度办理结果, the numbered items under （三）–（六）.
    sheet.addRow([row.group ?? row.label, row.group ? row.label : '', ...cols.map((c) => (s.t3 as Record<string, Record<string, number>>)[row.key][c.key])]);
  }
  frame(sheet, h1.number, sheet.rowCount, 2 + cols.length);
  [h1, h2, h3].forEach((r) => { r.font = { bold: true }; r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }; });
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = Math.min(60, Math.max(...T3.rows.map((r) => displayWidth(r.label))) + 2);
  cols.forEach((_, i) => { sheet.getColumn(3 + i).width = 12; });
}

/** 表四 as the template prints it: one row of 15 cells under 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉). */
function addT4Sheet(book: ExcelJS.Workbook, s: CampaignSummary, heading: string) {
  const sheet = book.addWorksheet(TABLE_NAMES.T4);
  const n = T4.columns.length;
  sheet.addRow([heading]);
  sheet.addRow(['四、政府信息公开行政复议、行政诉讼情况']);
  const h1 = sheet.addRow(['行政复议', ...Array(n - 1).fill(''), '行政诉讼']);
  const h2 = sheet.addRow([...Array(n).fill(''), ...T4.rows.slice(1).flatMap((r) => [r.label, ...Array(n - 1).fill('')])]);
  const h3 = sheet.addRow(T4.rows.flatMap(() => T4.columns.map((c) => c.label)));
  const values = sheet.addRow(T4.rows.flatMap((r) => T4.columns.map((c) => (s.t4 as Record<string, Record<string, number>>)[r.key][c.key])));
  sheet.mergeCells(h1.number, 1, h2.number, n);
  sheet.mergeCells(h1.number, n + 1, h1.number, 3 * n);
  sheet.mergeCells(h2.number, n + 1, h2.number, 2 * n);
  sheet.mergeCells(h2.number, 2 * n + 1, h2.number, 3 * n);
  frame(sheet, h1.number, values.number, 3 * n);
  [h1, h2, h3].forEach((r) => { r.font = { bold: true }; r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }; });
  sheet.getRow(1).font = { bold: true, size: 14 };
  for (let c = 1; c <= 3 * n; c++) sheet.getColumn(c).width = 11;
}

type UnitLine = CampaignSummary['unitList'][number];

/** One row per unit: who it is, whether its report counts, and its 表三 总计 column and 表四 cells. */
function unitColumns(): Array<XlsxColumn<UnitLine>> {
  return [
    { header: '单位编码', kind: 'text', value: (u) => u.code },
    { header: '单位名称', kind: 'text', value: (u) => u.name },
    { header: '层级', kind: 'text', value: (u) => KIND_LABEL[u.kind] },
    { header: '是否计入', kind: 'text', value: (u) => u.statusLabel },
    { header: '提交时间', kind: 'datetime', value: (u) => u.submittedAt },
    ...T3.rows.map((r): XlsxColumn<UnitLine> => ({ header: `表三 ${r.fullLabel}（总计）`, kind: 'number', value: (u) => u.t3?.[r.key].total })),
    ...T4.rows.flatMap((r) => T4.columns.map((c): XlsxColumn<UnitLine> => ({ header: `表四 ${r.fullLabel}·${c.label}`, kind: 'number', value: (u) => u.t4?.[r.key][c.key] }))),
  ];
}

export async function campaignSummaryXlsx(ctx: AppContext, user: CurrentUser, id: string, query: { root?: unknown }) {
  const s = await campaignSummary(ctx, user, id, query);
  const heading = `${s.campaign.title} ${s.root.name}汇总（计入 ${s.included} 个单位，缺报 ${s.missing} 个，共 ${s.units} 个）`;
  const book = new ExcelJS.Workbook();
  book.creator = 'GovFlow';
  book.created = new Date();
  addT3Sheet(book, s, heading);
  addT4Sheet(book, s, heading);
  addStyledSheet(book, '各单位', unitColumns(), s.unitList);
  return { buffer: Buffer.from(await book.xlsx.writeBuffer()), title: `${s.campaign.title}-${s.root.name}-汇总`, summary: s };
}
