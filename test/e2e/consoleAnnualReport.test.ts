/**
 * The annual report on the console, the whole way round in a real browser against the real stack: the
 * clerk fills in the self-check form and sees a wrong sum on the cells at once, fixes it and submits; the
 * head reads the report and signs it off; the city verifier returns it with a problem list; the clerk sees
 * the problems on the reopened self-check, which starts from the submitted report, resubmits; it passes.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { expectFits, screenshot, screenshotOf, useConsole } from '../support/browser';
import { ApiSession, eventually, type TestStack } from '../support/stack';

const ui = useConsole();
let stack: TestStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = ui);
});
const { workflows } = ui;
const UNIT = 'BJ-D002';
const CLERK = 'bj-d002-clerk';
const HEAD = 'bj-d002-head';

const openTask = (executionId: string, stageKey: string, round = 1) => ui.openTask(executionId, stageKey, { round });

const signIn = ui.signIn;

describe('the annual report form', () => {
  it('shows a wrong sum on the cells as the clerk types, submits once fixed, and comes back with the city verifier\'s problems until it passes', async () => {
    const admin = await ApiSession.login(stack.baseUrl, 'admin');
    const started = await admin.post('/api/annual-reports', { orgUnitCode: UNIT, year: 2025 });
    expect(started.status).toBe(201);
    workflows.push(started.body.workflowId);
    const { executionId } = started.body;
    const clerk = await ApiSession.login(stack.baseUrl, CLERK);
    expect((await clerk.post(`/api/tasks/${(await openTask(executionId, 'assign')).id}/complete`, {})).status).toBe(200);
    const selfCheck = await openTask(executionId, 'self-check');
    // Arrange: the clerk's saved draft holds the tables; the narrative parts are still to write.
    const draft = longgang2024();
    draft.sections = { s1: '', s2: '', s3: '', s4: '', s5: '', s6: '' };
    expect((await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: draft })).status).toBe(200);

    await signIn(CLERK);
    await page.goto(`${stack.baseUrl}/#/tasks/${selfCheck.id}/show`);
    const editor = page.getByTestId('report-editor');
    await editor.waitFor({ timeout: 20_000 });
    const newNatural = page.getByLabel('表三 一、本年新收政府信息公开申请数量 自然人', { exact: true });
    await newNatural.waitFor();
    // The editor draws the template first and fills in the saved draft when it has loaded: wait for the value
    // (read at once, it was still empty once in the full suite under load).
    const shown = await eventually(async () => ((await newNatural.inputValue()) || undefined), 10_000, 'the draft in the editor');
    expect(shown).toBe(String(draft.t3.newReceived.natural));
    expect(await page.getByText('二、上年结转政府信息公开申请数量').count()).toBe(1);
    expect(await page.getByText('（三）不予公开').count()).toBe(1);

    // Act: a wrong number; letters never reach the cell (counts are non-negative integers, R7).
    await newNatural.fill('');
    await newNatural.pressSequentially('4x1');
    expect(await newNatural.inputValue()).toBe('41');
    // R1 (the column's 一+二 = 三+四) and R2 (the row's 总计) fail at once, on the cells they name.
    await eventually(async () => ((await newNatural.getAttribute('aria-invalid')) === 'true' ? true : undefined), 5_000, 'the cell to be marked');
    await page.getByTestId('report-errors').getByText(/表三「自然人」列：本年新收\(41\) \+ 上年结转/).waitFor();
    expect(await page.getByLabel('表三 一、本年新收政府信息公开申请数量 总计', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectFits(page, 'the report form');
    await screenshot(page, 'report-01-inline-error');
    await screenshotOf(page.getByTestId('report-table-T3'), 'report-01b-table3-inline-error');
    await screenshotOf(page.getByTestId('report-table-T2'), 'report-01c-table2');
    await screenshotOf(page.getByTestId('report-table-T4'), 'report-01d-table4');

    // Submitting with the error is refused on the page, before the server is asked.
    await editor.getByRole('button', { name: '提交自查' }).click();
    await page.getByText(/还有 \d+ 处问题，请按标红的单元格修改后再提交/).waitFor();
    // The blank narrative sections are now pointed out too.
    await page.getByText('「一、总体情况」未填写：该部分为年度报告必备内容，不能为空。').first().waitFor();

    // Fix: the right number, the narrative text.
    await newNatural.fill(String(draft.t3.newReceived.natural));
    expect(await newNatural.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('一、总体情况', { exact: true }).fill('本单位认真贯彻《中华人民共和国政府信息公开条例》，主动公开、依申请公开工作有序开展。');
    // 条例 第五十条: the overview must also speak of 政府信息管理, 平台建设 and 监督保障; the form says which are missing.
    await page.getByText(/「一、总体情况」未写到“政府信息管理”、“政府信息公开平台建设”、“监督保障”的情况/).first().waitFor();
    await page.getByLabel('一、总体情况', { exact: true }).fill('本单位认真贯彻《中华人民共和国政府信息公开条例》，主动公开、依申请公开工作有序开展，加强政府信息管理和政府网站平台建设，强化监督保障。');
    await page.getByLabel('五、存在的主要问题及改进情况', { exact: true }).fill('存在的问题：政策解读形式较为单一，下一步将丰富解读形式。');
    await page.getByLabel('六、其他需要报告的事项', { exact: true }).fill('本年度未收取信息处理费。');
    await page.getByTestId('report-status').getByText('校验通过，可以提交').waitFor();
    await editor.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存，校验通过').waitFor({ timeout: 15_000 });
    await screenshot(page, 'report-02-fixed');
    await editor.getByRole('button', { name: '提交自查' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('年度报告已提交自查').waitFor({ timeout: 20_000 });
    const signOff = await openTask(executionId, 'sign-off');
    const submitted = await stack.prisma.task.findUniqueOrThrow({ where: { id: selfCheck.id } });
    expect((submitted.result as any).report.t3.newReceived.natural).toBe(draft.t3.newReceived.natural);

    // The head reads the report, read-only, and signs it off.
    await signIn(HEAD);
    await page.goto(`${stack.baseUrl}/#/tasks/${signOff.id}/show`);
    const view = page.getByTestId('report-view');
    await view.waitFor({ timeout: 20_000 });
    await view.getByText('存在的问题：政策解读形式较为单一，下一步将丰富解读形式。').waitFor();
    expect(await page.getByLabel('表三 一、本年新收政府信息公开申请数量 自然人', { exact: true }).textContent()).toBe(String(draft.t3.newReceived.natural));
    expect(await view.locator('input').count()).toBe(0);
    await expectFits(page, 'the report read-only');
    await screenshot(page, 'report-03-head-reads');
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });

    // The city verifier returns it with a problem list.
    const verification = await openTask(executionId, 'city-verification');
    await signIn('city-verifier');
    await page.goto(`${stack.baseUrl}/#/tasks/${verification.id}/show`);
    await page.getByTestId('report-view').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /退回原因/ }).click();
    await page.getByRole('option', { name: '不符合规范要求' }).click();
    await dialog.getByLabel(/退回意见/).fill('请按核查意见修改后重新报送。');
    await dialog.getByLabel(/问题清单/).fill('第五部分未写明改进措施的时间安排\n第六部分未说明是否收取信息处理费的依据');
    await dialog.getByText('已填写 2 条；退回后办理人会逐条看到').waitFor();
    await screenshot(page, 'report-04-verifier-returns');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已退回', { exact: true }).first().waitFor({ timeout: 15_000 });

    // The clerk sees the problems; the form starts from the submitted report.
    const again = await openTask(executionId, 'self-check', 2);
    await signIn(CLERK);
    await page.goto(`${stack.baseUrl}/#/tasks/${again.id}/show`);
    const problems = page.getByTestId('returned-problems');
    await problems.getByText('第五部分未写明改进措施的时间安排').waitFor({ timeout: 20_000 });
    await problems.getByText('第六部分未说明是否收取信息处理费的依据').waitFor();
    const s5 = page.getByLabel('五、存在的主要问题及改进情况', { exact: true });
    await s5.waitFor();
    expect(await s5.inputValue()).toBe('存在的问题：政策解读形式较为单一，下一步将丰富解读形式。');
    // The instance timeline shows the first round and the return with its problems.
    const timeline = page.getByTestId('instance-timeline');
    await timeline.getByText('由 city-verifier 从「全市核查」退回，原因：不符合规范要求').waitFor();
    await s5.fill('存在的问题：政策解读形式较为单一。改进措施：2026年6月底前增加图解、视频等解读形式。');
    await page.getByLabel('六、其他需要报告的事项', { exact: true }).fill('本年度未收取信息处理费（依据国办函〔2020〕109号）。');
    await screenshot(page, 'report-05-returned-with-problems');
    await page.getByTestId('report-editor').getByRole('button', { name: '提交自查' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('年度报告已提交自查').waitFor({ timeout: 20_000 });

    // Signed again, and this time the verifier passes it: the flow moves on to 预发布.
    const head = await ApiSession.login(stack.baseUrl, HEAD);
    expect((await head.post(`/api/tasks/${(await openTask(executionId, 'sign-off', 2)).id}/complete`, {})).status).toBe(200);
    const verification2 = await openTask(executionId, 'city-verification', 2);
    await signIn('city-verifier');
    await page.goto(`${stack.baseUrl}/#/tasks/${verification2.id}/show`);
    await page.getByTestId('report-view').getByText(/改进措施：2026年6月底前/).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });
    await openTask(executionId, 'pre-release');
    await page.getByTestId('instance-timeline').getByText('第2轮').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'report-06-verified-timeline');
  }, 240_000);

  it('exports tables 二–四 to Excel, imports an edited copy into the form, and lists a bad file\'s cells by sheet and cell', async () => {
    const admin = await ApiSession.login(stack.baseUrl, 'admin');
    const started = await admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D011', year: 2025 });
    expect(started.status).toBe(201);
    workflows.push(started.body.workflowId);
    const clerk = await ApiSession.login(stack.baseUrl, 'bj-d011-clerk');
    expect((await clerk.post(`/api/tasks/${(await openTask(started.body.executionId, 'assign')).id}/complete`, {})).status).toBe(200);
    const selfCheck = await openTask(started.body.executionId, 'self-check');
    expect((await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: longgang2024() })).status).toBe(200);

    await signIn('bj-d011-clerk');
    // As a clerk does: the inbox first (its rows leave the form out), then the task. The page must wait for the
    // task itself, not start the editor from the inbox's row, or the saved draft is missing from the form.
    await page.goto(`${stack.baseUrl}/#/tasks`);
    await page.getByText(/单位自查/).first().waitFor({ timeout: 20_000 });
    await page.goto(`${stack.baseUrl}/#/tasks/${selfCheck.id}/show`);
    const cell = page.getByLabel('表三 一、本年新收政府信息公开申请数量 自然人', { exact: true });
    await eventually(async () => ((await cell.inputValue()) || undefined), 20_000, 'the draft in the editor');
    expect(await cell.inputValue()).toBe(String(longgang2024().t3.newReceived.natural));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx-export').click()]);
    expect(download.suggestedFilename()).toMatch(/表二至表四.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    book.getWorksheet('表三')!.getCell('D5').value = 777;
    await page.getByTestId('report-xlsx-file').setInputFiles({ name: '表格.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    await page.getByText('已从Excel导入表二至表四并保存为草稿').waitFor({ timeout: 15_000 });
    expect(await cell.inputValue()).toBe('777');

    book.getWorksheet('表三')!.getCell('E6').value = '五';
    await page.getByTestId('report-xlsx-file').setInputFiles({ name: '表格.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    const errors = page.getByTestId('report-xlsx-errors');
    await errors.getByText('Excel中有 1 处错误，草稿未作任何修改').waitFor({ timeout: 15_000 });
    await errors.getByText('表三 E6').waitFor();
    expect(await cell.inputValue()).toBe('777');
    await screenshotOf(page.getByTestId('report-editor'), 'report-07-xlsx-bad-cells');
    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: selfCheck.id } });
    expect((row.payload as any).draft.t3.newReceived.natural).toBe(777);
  }, 120_000);
});
