/**
 * The task page's sharing and deadline actions in a real browser against the real stack: the clerk adds
 * the unit head as an approver after them (加签) and a second add of the same person is refused with the
 * server's sentence; a supervisor extends the deadline (延期), pauses and resumes the clock, exports the
 * overdue list to Excel, and decides on a candidate for 通报.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createWorkingCalendar } from '../../domain/calendar';
import { screenshot, screenshotOf, useConsole } from '../support/browser';
import { eventually, type TestStack } from '../support/stack';
import { chinaToday, expectReadyToRead } from '../support/xlsxChecks';

const ui = useConsole();
let stack: TestStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = ui);
});

const startReport = ui.startReport;
const openTask = (executionId: string, stageKey: string, position = 'main') => ui.openTask(executionId, stageKey, { position });

const signIn = ui.signIn;

describe('adding an approver (加签)', () => {
  it('the clerk adds the unit head after them; adding the same person again is refused with the server\'s sentence', async () => {
    const { executionId } = await startReport('BJ-D005', 2025);
    const assign = await openTask(executionId, 'assign');
    const head = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-d005-head' } });

    await signIn('bj-d005-clerk');
    await page.goto(`${stack.baseUrl}/#/tasks/${assign.id}/show`);
    await page.getByRole('button', { name: '加签' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('请本单位一位同事在您之前或之后办理此待办').waitFor();
    await dialog.getByRole('combobox', { name: '加签人' }).click();
    await page.getByRole('option', { name: new RegExp(`${head.displayName}（bj-d005-head）`) }).click();
    await screenshot(page, 'deadlines-01-add-approver-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已加签', { exact: true }).first().waitFor({ timeout: 15_000 });
    const added = await openTask(executionId, 'assign', 'after');
    expect(added.assigneeUserId).toBe(head.id);

    // The same person again: the workflow refuses, and the dialog says why in the server's words.
    await page.getByRole('button', { name: '加签' }).click();
    await dialog.getByRole('combobox', { name: '加签人' }).click();
    await page.getByRole('option', { name: new RegExp(`${head.displayName}（bj-d005-head）`) }).click();
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.getByTestId('action-refusal').getByText('该人员已在本环节的办理人中。').waitFor({ timeout: 15_000 });
    await screenshotOf(dialog, 'deadlines-02-add-approver-refused');
    await dialog.getByRole('button', { name: '取消' }).click();
    // The run's progress shows the head's step after the clerk's.
    await page.getByTestId('instance-timeline').getByText('后加签', { exact: true }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'deadlines-02b-approver-in-progress');
  }, 120_000);
});

describe('moving a deadline (supervisors)', () => {
  it('extends by working days with a reason, pauses and resumes the clock, each in the timeline', async () => {
    const { executionId } = await startReport('BJ-D006', 2025);
    const assign = await openTask(executionId, 'assign');
    expect(assign.deadlineAt).not.toBeNull();

    await signIn('supervisor');
    await page.goto(`${stack.baseUrl}/#/tasks/${assign.id}/show`);
    // A supervisor is not the assignee: no 加签 or 抄送, but 延期 and 暂停计时.
    await page.getByRole('button', { name: '延期' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: '加签' }).count()).toBe(0);
    await page.getByRole('button', { name: '延期' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/延期工作日数/).fill('3');
    await dialog.getByLabel(/延期理由/).fill('单位负责人出差，需延后签批。');
    await screenshot(page, 'deadlines-03-extend-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已延期', { exact: true }).first().waitFor({ timeout: 15_000 });
    const calendar = createWorkingCalendar();
    const china = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const extended = await eventually(async () => {
      const t = await stack.prisma.task.findUniqueOrThrow({ where: { id: assign.id } });
      return t.deadlineAt && t.deadlineAt.getTime() !== assign.deadlineAt!.getTime() ? t : undefined;
    }, 15_000, 'the deadline to move');
    expect(china(extended.deadlineAt!)).toBe(calendar.addWorkingDays(china(assign.deadlineAt!), 3));
    await page.getByTestId('task-timeline').getByText('延期', { exact: true }).waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: '暂停计时' }).click();
    await dialog.getByLabel(/暂停理由/).fill('等待第三方意见。');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已暂停计时', { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '恢复计时' }).click();
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已恢复计时', { exact: true }).first().waitFor({ timeout: 15_000 });
    await page.getByTestId('task-timeline').getByText('恢复计时', { exact: true }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'deadlines-04-extended-paused-resumed');
  }, 120_000);

  it('exports the overdue list to Excel from the 逾期待办 screen', async () => {
    const { executionId } = await startReport('BJ-D007', 2025);
    const assign = await openTask(executionId, 'assign');
    await stack.prisma.task.update({ where: { id: assign.id }, data: { deadlineAt: new Date('2001-01-05T09:00:00.000Z') } });

    await signIn('supervisor');
    await page.getByRole('menuitem', { name: '逾期待办' }).click();
    const row = page.getByRole('row').filter({ hasText: assign.title });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: '延期' }).waitFor();
    await screenshot(page, 'deadlines-05-overdue-list');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    // Named after the screen it came from, with the China date.
    expect(download.suggestedFilename()).toBe(`逾期待办-${chinaToday()}.xlsx`);
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const titles: string[] = [];
    book.worksheets[0].eachRow((r) => titles.push(String(r.getCell(1).value)));
    expect(titles[0]).toBe('事项');
    expect(titles).toContain(assign.title);
    expectReadyToRead(book.worksheets[0], { dates: ['开始时间', '办理期限', '办结时间'], numbers: ['轮次', '剩余工作日', '逾期工作日', '催办阶梯'] });
  }, 120_000);
});

describe('the candidate 通报 list', () => {
  it('a supervisor sees a unit listed at T+10 and decides not to criticise it, with reasons', async () => {
    // Arrange: a step that reached the T+10 rung (projection rows; the ladder itself is tested with the workflows).
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S02' } });
    const title = `拟通报测试-${randomUUID().slice(0, 8)}`;
    const task = await stack.prisma.task.create({
      data: {
        workflowId: `notice/${randomUUID()}`, executionId: randomUUID(), stepKey: 'self-check', flowKey: 'annual-report', stageKey: 'self-check', title,
        orgUnitId: unit.id, assigneeRole: 'CLERK', startedAt: new Date('2001-01-01T01:00:00Z'), deadlineAt: new Date('2001-01-05T09:00:00Z'), currentRung: 'T+10',
      },
    });
    const candidate = await stack.prisma.escalation.create({
      data: { taskId: task.id, workflowId: task.workflowId, orgUnitId: unit.id, kind: 'CANDIDATE_NOTICE', rung: 'T+10', reason: '逾期10个工作日仍未办结' },
    });
    try {
      await signIn('dc-supervisor');
      await page.getByRole('menuitem', { name: '督办与拟通报' }).click();
      const row = page.getByRole('row').filter({ hasText: title });
      await row.waitFor({ timeout: 20_000 });
      await row.getByText('逾期10个工作日仍未办结').waitFor();
      await screenshot(page, 'deadlines-06-candidates');
      await row.getByRole('button', { name: '作出决定' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox', { name: '处理决定' }).click();
      await page.getByRole('option', { name: '不予通报' }).click();
      await dialog.getByLabel(/处理意见/).fill('单位已说明客观原因并已办结，本次不予通报。');
      await dialog.getByRole('button', { name: '确认' }).click();
      await page.getByText('已作出决定', { exact: true }).first().waitFor({ timeout: 15_000 });
      expect(await stack.prisma.escalation.findUniqueOrThrow({ where: { id: candidate.id } })).toMatchObject({ decision: 'dismiss' });
    } finally {
      await stack.prisma.escalation.delete({ where: { id: candidate.id } });
      await stack.prisma.task.delete({ where: { id: task.id } });
    }
  }, 90_000);
});
