/**
 * The public pages of 统一展示, rendered on the server as plain HTML: no script, no sign-in, readable on a
 * phone (the tables scroll sideways inside their box), printable (a print stylesheet drops the search form
 * and keeps tables whole), with the basics of accessibility: one h1, h2 per part, captions and header cells
 * with scope on every table, labelled form fields, a skip link, text contrast above 7:1.
 * The report is drawn as the template prints it (国办公开办函〔2021〕30号): six parts, 表二–表四 with their headings.
 */
import {
  SECTIONS, T3_RECONCILIATION_NOTE, T3_RESULTS_HEADING, TABLES, type AnnualReportContent, type SectionKey,
} from '../../domain/annual-report';
import type { PublicListQuery, PublishedRow } from '../services/publicReportService';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #1a1a1a; background: #fff; line-height: 1.7; font-size: 16px; }
a { color: #0a4ea3; }
a:focus, input:focus, select:focus, button:focus { outline: 3px solid #f0a000; outline-offset: 1px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
header.site { background: #8b0000; color: #fff; padding: 12px 16px; }
header.site a { color: #fff; }
header.site p { margin: 0; font-size: 14px; }
main { max-width: 1080px; margin: 0 auto; padding: 16px; overflow-wrap: anywhere; }
.meta a { word-break: break-all; }
h1 { font-size: 24px; margin: 8px 0 12px; } h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; } h3 { font-size: 17px; margin: 20px 0 6px; }
form.search { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; background: #f4f4f4; padding: 12px; border-radius: 4px; }
form.search label { display: flex; flex-direction: column; font-size: 14px; }
form.search input, form.search select { font-size: 16px; padding: 6px 8px; border: 1px solid #666; border-radius: 3px; min-width: 10em; }
form.search button { font-size: 16px; padding: 7px 18px; background: #8b0000; color: #fff; border: 0; border-radius: 3px; }
ul.reports { list-style: none; padding: 0; } ul.reports li { padding: 8px 0; border-bottom: 1px solid #e2e2e2; }
.meta { color: #444; font-size: 14px; }
.group { margin-top: 20px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 14px; min-width: 100%; }
.scroll table { min-width: 640px; } th, td { overflow-wrap: normal; word-break: keep-all; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #555; padding: 4px 6px; vertical-align: middle; }
th { background: #eee; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.note { font-size: 13px; color: #333; }
.prose p { margin: 0 0 10px; text-indent: 2em; white-space: pre-wrap; }
nav.pages { margin: 16px 0; display: flex; gap: 12px; }
@media (max-width: 600px) { body { font-size: 15px; } main { padding: 10px; } h1 { font-size: 20px; } form.search label, form.search input, form.search select { width: 100%; } }
@media print {
  header.site, form.search, nav.pages, .skip, .noprint { display: none !important; }
  body { font-size: 11pt; color: #000; } main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  .scroll { overflow: visible; } table { page-break-inside: avoid; font-size: 9pt; }
  h2 { page-break-after: avoid; }
}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site"><p><a href="/public/annual-reports">政府信息公开工作年度报告 · 统一展示</a></p></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

const href = (q: Partial<PublicListQuery>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) p.set(k, String(v));
  const s = p.toString();
  return `/public/annual-reports${s ? `?${s}` : ''}`;
};

/** The list: search form, then the published reports grouped under their parent unit (the org tree). */
export function renderReportList(data: { query: PublicListQuery; total: number; page: number; pages: number; years: number[]; rows: PublishedRow[] }): string {
  const q = data.query;
  const groups = new Map<string, PublishedRow[]>();
  for (const r of data.rows) {
    const key = `${r.year}年度 · ${r.parentName ?? '市级'}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const list = data.rows.length === 0
    ? '<p role="status">没有找到符合条件的已公开年度报告。</p>'
    : [...groups.entries()].map(([group, rows]) => `<section class="group" aria-labelledby="g-${esc(rows[0].code)}">
<h2 id="g-${esc(rows[0].code)}">${esc(group)}</h2>
<ul class="reports">${rows.map((r) => `<li><a href="/public/annual-reports/${r.year}/${encodeURIComponent(r.code)}">${esc(r.name)}${r.year}年政府信息公开工作年度报告</a>
<div class="meta">公开日期：${esc(chinaDate(r.publishedAt))}</div></li>`).join('\n')}</ul></section>`).join('\n');
  const pager = data.pages > 1 ? `<nav class="pages" aria-label="分页">${data.page > 1 ? `<a href="${esc(href({ ...q, page: data.page - 1 }))}">上一页</a>` : ''}
<span>第 ${data.page} / ${data.pages} 页</span>${data.page < data.pages ? `<a href="${esc(href({ ...q, page: data.page + 1 }))}">下一页</a>` : ''}</nav>` : '';
  return page('政府信息公开工作年度报告 · 统一展示', `<h1>政府信息公开工作年度报告</h1>
<p>本页集中展示各单位已公开的政府信息公开工作年度报告，可按年度、单位和关键词查询。</p>
<form class="search" method="get" action="/public/annual-reports" role="search">
<label for="f-year">年度<select id="f-year" name="year"><option value="">全部年度</option>${data.years.map((y) => `<option value="${y}"${q.year === y ? ' selected' : ''}>${y}年度</option>`).join('')}</select></label>
<label for="f-unit">单位编码（含下级单位）<input id="f-unit" name="unit" value="${esc(q.unit)}" placeholder="如 BJ-Q01" maxlength="50"></label>
<label for="f-q">单位名称或正文关键词<input id="f-q" name="q" type="search" value="${esc(q.q)}" maxlength="50"></label>
<button type="submit">查询</button>
</form>
<p class="meta" role="status">共 ${data.total} 份年度报告</p>
${list}
${pager}`);
}

function prose(text: string): string {
  const paras = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return paras.length ? `<div class="prose">${paras.map((p) => `<p>${esc(p)}</p>`).join('\n')}</div>` : '<p class="note">（无）</p>';
}

const num = (v: number) => `<td class="num">${esc(String(v))}</td>`;

function table2(r: AnnualReportContent): string {
  const T2 = TABLES.T2;
  const row = (key: string) => T2.rows.find((x) => x.key === key)!;
  // A block with one column prints it across the table's three value columns, as the template does.
  const span = (cols: unknown[]) => (cols.length === 1 ? ' colspan="3"' : '');
  const block = (group: string, rows: string[], cols: Array<[string, string]>) => `
<tr><th scope="colgroup" colspan="4">${esc(group)}</th></tr>
<tr><th scope="col">信息内容</th>${cols.map(([, label]) => `<th scope="col"${span(cols)}>${esc(label)}</th>`).join('')}</tr>
${rows.map((k) => `<tr><th scope="row">${esc(row(k).label)}</th>${cols.map(([c]) => num((r.t2 as unknown as Record<string, Record<string, number>>)[k][c]).replace('<td', `<td${span(cols)}`)).join('')}</tr>`).join('\n')}`;
  return `<div class="scroll"><table>
<caption>表二 主动公开政府信息情况</caption>
<tbody>
${block(row('regulations').group!, ['regulations', 'normativeDocs'], [['issued', '本年制发件数'], ['repealed', '本年废止件数'], ['inForce', '现行有效件数']])}
${block(row('licensing').group!, ['licensing'], [['decisions', '本年处理决定数量']])}
${block(row('punishment').group!, ['punishment', 'enforcement'], [['decisions', '本年处理决定数量']])}
${block(row('fees').group!, ['fees'], [['amount', '本年收费金额（单位：万元）']])}
</tbody></table></div>`;
}

function table3(r: AnnualReportContent): string {
  const T3 = TABLES.T3;
  const legal = T3.columns.filter((c) => c.group);
  const groupsShown = new Set<string>();
  const body = T3.rows.map((row) => {
    let heading = '';
    if (row.group && row.group !== T3_RESULTS_HEADING && !groupsShown.has(row.group)) {
      groupsShown.add(row.group);
      heading = `<tr><th scope="rowgroup" colspan="8">${esc(row.group)}</th></tr>\n`;
    } else if (row.key === 'disclosed') {
      heading = `<tr><th scope="rowgroup" colspan="8">${esc(T3_RESULTS_HEADING)}</th></tr>\n`;
    }
    const values = r.t3[row.key as keyof AnnualReportContent['t3']];
    return `${heading}<tr><th scope="row">${esc(row.label)}</th>${T3.columns.map((c) => num(values[c.key as keyof typeof values])).join('')}</tr>`;
  }).join('\n');
  return `<div class="scroll"><table>
<caption>表三 收到和处理政府信息公开申请情况</caption>
<thead>
<tr><th scope="col" rowspan="3"><span class="note">${esc(T3_RECONCILIATION_NOTE)}</span></th><th scope="colgroup" colspan="7">申请人情况</th></tr>
<tr><th scope="col" rowspan="2">自然人</th><th scope="colgroup" colspan="${legal.length}">法人或其他组织</th><th scope="col" rowspan="2">总计</th></tr>
<tr>${legal.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('')}</tr>
</thead>
<tbody>
${body}
</tbody></table></div>`;
}

function table4(r: AnnualReportContent): string {
  const T4 = TABLES.T4;
  const cols = T4.columns;
  return `<div class="scroll"><table>
<caption>表四 政府信息公开行政复议、行政诉讼情况</caption>
<thead>
<tr><th scope="colgroup" colspan="5" rowspan="2">行政复议</th><th scope="colgroup" colspan="10">行政诉讼</th></tr>
<tr><th scope="colgroup" colspan="5">未经复议直接起诉</th><th scope="colgroup" colspan="5">复议后起诉</th></tr>
<tr>${T4.rows.map(() => cols.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('')).join('')}</tr>
</thead>
<tbody><tr>${T4.rows.map((row) => cols.map((c) => num(r.t4[row.key as keyof AnnualReportContent['t4']][c.key as keyof AnnualReportContent['t4']['review']])).join('')).join('')}</tr></tbody>
</table></div>`;
}

const TABLE_OF: Partial<Record<SectionKey, (r: AnnualReportContent) => string>> = { s2: table2, s3: table3, s4: table4 };

/** One report as the template prints it. */
export function renderReport(data: { year: number; name: string; parentName: string | null; publishedAt: Date; publicationUrl: string | null; report: AnnualReportContent }): string {
  const title = `${data.name}${data.year}年政府信息公开工作年度报告`;
  const parts = SECTIONS.map((s) => `<section aria-labelledby="${s.key}">
<h2 id="${s.key}">${esc(s.title)}</h2>
${s.table ? `${data.report.sections[s.key].trim() ? prose(data.report.sections[s.key]) : ''}${TABLE_OF[s.key]!(data.report)}` : prose(data.report.sections[s.key])}
</section>`).join('\n');
  return page(title, `<p class="noprint"><a href="/public/annual-reports?year=${data.year}">返回${data.year}年度报告列表</a></p>
<h1>${esc(title)}</h1>
<p class="meta">${data.parentName ? `${esc(data.parentName)} · ` : ''}公开日期：${esc(chinaDate(data.publishedAt))}${data.publicationUrl ? ` · 原文地址：<a href="${esc(data.publicationUrl)}">${esc(data.publicationUrl)}</a>` : ''}</p>
<p class="meta">本报告按《中华人民共和国政府信息公开条例》第五十条和国务院办公厅政府信息公开工作年度报告格式编制。</p>
${parts}`);
}

export function renderNotFound(): string {
  return page('未找到年度报告', '<h1>未找到年度报告</h1><p>该单位该年度的报告尚未公开，或地址有误。</p><p><a href="/public/annual-reports">返回年度报告列表</a></p>');
}
