/**
 * Spreadsheets the way Chinese offices use them, in a real browser against the real stack: a block copied
 * from Excel (thousands separators, full-width digits, an empty and an unreadable cell) pasted into 表三
 * fills it from the focused cell, names the unread cell, runs the checks at once, and undo restores the
 * cells; arrows and Enter move between cells; a site inventory saved by Chinese Excel as GBK CSV imports.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { WEBSITE_COLUMNS } from '../../domain/websites';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { screenshot, screenshotOf, useConsole } from '../support/browser';
import { ApiSession, eventually, type TestStack } from '../support/stack';
import { generateSites, toRows, type FixtureUnit } from '../support/websiteFixtures';

const ui = useConsole();
let stack: TestStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = ui);
});
const { workflows } = ui;
const dir = mkdtempSync(path.join(os.tmpdir(), 'govflow-sheets-'));
const UNIT = 'BJ-D003';
const CLERK = 'bj-d003-clerk';

const signIn = ui.signIn;

const T3 = (row: string, column: string) => page.getByLabel(`表三 ${row} ${column}`, { exact: true });
const focused = () => page.evaluate("document.activeElement?.getAttribute('aria-label')") as Promise<string | null>;
const NEW = '一、本年新收政府信息公开申请数量';
const CARRIED = '二、上年结转政府信息公开申请数量';

it('a block pasted into 表三 fills it from the focused cell, names the unread cell, runs the checks, and undo restores it', async () => {
  const admin = await ApiSession.login(stack.baseUrl, 'admin');
  const started = await admin.post('/api/annual-reports', { orgUnitCode: UNIT, year: 2025 });
  expect(started.status).toBe(201);
  workflows.push(started.body.workflowId);
  const { executionId } = started.body;
  const clerk = await ApiSession.login(stack.baseUrl, CLERK);
  const assign = await eventually(() => stack.prisma.task.findFirst({ where: { executionId, stageKey: 'assign', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'assign');
  expect((await clerk.post(`/api/tasks/${assign.id}/complete`, {})).status).toBe(200);
  const selfCheck = await eventually(() => stack.prisma.task.findFirst({ where: { executionId, stageKey: 'self-check', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'self-check');
  const draft = longgang2024();
  expect((await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: draft })).status).toBe(200);

  await signIn(CLERK);
  await page.goto(`${stack.baseUrl}/#/tasks/${selfCheck.id}/show`);
  await page.getByTestId('report-editor').waitFor({ timeout: 20_000 });
  const first = T3(NEW, '自然人');
  await first.waitFor();
  const before = await Promise.all([T3(NEW, '自然人'), T3(NEW, '商业企业'), T3(NEW, '科研机构'), T3(CARRIED, '自然人'), T3(CARRIED, '商业企业'), T3(CARRIED, '科研机构')].map((l) => l.inputValue()));
  expect(await page.getByTestId('report-errors').count()).toBe(0);

  // Act: paste a 2×3 block from Excel, as the browser delivers it (a paste event carrying text/plain).
  await first.focus();
  const block = '1,234\t５６\t\r\n7\t八\t9\r\n';
  // (Browser code as a string: the tests compile without the DOM library.)
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/plain', ${JSON.stringify(block)});
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);

  const pasted = page.getByTestId('report-paste');
  await pasted.waitFor({ timeout: 5_000 });
  expect(await Promise.all([T3(NEW, '自然人'), T3(NEW, '商业企业'), T3(NEW, '科研机构'), T3(CARRIED, '自然人'), T3(CARRIED, '商业企业'), T3(CARRIED, '科研机构')].map((l) => l.inputValue())))
    .toEqual(['1234', '56', '', '7', before[4], '9']);
  await pasted.getByText('已粘贴 5 个单元格').waitFor();
  await pasted.getByTestId('report-paste-unread').getByText(`表三 ${CARRIED} 商业企业：“八”`).waitFor();
  // The checks ran on the pasted numbers: 一+二 = 三+四 of 自然人 no longer holds, on the cell at once.
  await eventually(async () => ((await first.getAttribute('aria-invalid')) === 'true' ? true : undefined), 5_000, 'the pasted cell to be checked');
  await page.getByTestId('report-errors').getByText(/表三「自然人」列：本年新收\(1234\)/).waitFor();
  await screenshot(page, 'sheets-01-paste-table3');
  await screenshotOf(page.getByTestId('report-table-T3'), 'sheets-01b-paste-table3-cells');

  // Keyboard: Enter and ↓ go down the column, → along the row, as in a spreadsheet.
  await first.focus();
  await page.keyboard.press('Enter');
  expect(await focused()).toBe(`表三 ${CARRIED} 自然人`);
  await page.keyboard.press('ArrowRight');
  expect(await focused()).toBe(`表三 ${CARRIED} 商业企业`);
  await page.keyboard.press('ArrowUp');
  expect(await focused()).toBe(`表三 ${NEW} 商业企业`);

  // Undo restores every pasted cell, and the checks pass again.
  await pasted.getByTestId('report-paste-undo').click();
  await pasted.waitFor({ state: 'detached' });
  expect(await Promise.all([T3(NEW, '自然人'), T3(NEW, '商业企业'), T3(NEW, '科研机构'), T3(CARRIED, '自然人'), T3(CARRIED, '商业企业'), T3(CARRIED, '科研机构')].map((l) => l.inputValue()))).toEqual(before);
  await eventually(async () => ((await first.getAttribute('aria-invalid')) === null ? true : undefined), 5_000, 'the cell to be clean again');
  expect(await page.getByTestId('report-errors').count()).toBe(0);
  await screenshot(page, 'sheets-02-paste-undone');
}, 180_000);

it('a site inventory saved by Chinese Excel as GBK CSV, with 堃, 喆 and 淼 in names, imports through the console', async () => {
  const units: FixtureUnit[] = (await stack.prisma.orgUnit.findMany({ include: { parent: true } }))
    .map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));
  const sites = generateSites(units).slice(0, 6);
  sites.forEach((s, i) => { s.name = `${['堃', '喆', '淼'][i % 3]}${s.name}`; s.targetDomain = ''; });
  const text = [WEBSITE_COLUMNS.map(([h]) => h), ...toRows(sites)].map((r) => r.join(',')).join('\r\n') + '\r\n';
  const file = path.join(dir, '网站清单（GBK）.csv');
  writeFileSync(file, iconv.encode(text, 'gbk'));
  const before = await stack.prisma.website.count();

  await signIn('supervisor');
  await page.getByRole('menuitem', { name: '网站清单' }).click();
  await page.getByRole('link', { name: '导入网站' }).click();
  await page.getByLabel('site-file').setInputFiles(file);
  await page.getByRole('button', { name: '检查文件' }).click();
  await page.getByText('共 6 行，全部通过检查').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: '确认导入' }).click();
  await page.getByText('已导入 6 个网站').waitFor({ timeout: 20_000 });
  expect(await stack.prisma.website.count()).toBe(before + 6);
  const stored = await stack.prisma.website.findMany({ where: { domain: { in: sites.map((s) => s.domain) } } });
  expect(stored.map((s) => s.name).sort()).toEqual(sites.map((s) => s.name).sort());
  await screenshot(page, 'sheets-03-gbk-import');

  await page.getByLabel('搜索').fill(sites[0].domain);
  await page.getByRole('row').filter({ hasText: sites[0].name }).first().waitFor({ timeout: 20_000 });
  await screenshot(page, 'sheets-04-gbk-import-list');
}, 180_000);
