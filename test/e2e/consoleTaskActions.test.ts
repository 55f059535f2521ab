/**
 * The console's task actions and 督办 screens in a real browser against the real stack: a supervisor
 * reminds the overdue tasks in bulk after a preview and the reminder shows in the task's timeline; a
 * unit head returns a report with a reason and the clerk sees why on the reopened task.
 */
import type { Page } from 'playwright-core';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { screenshot, useConsole } from '../support/browser';
import { ApiSession, eventually, type TestStack } from '../support/stack';

const ui = useConsole();
let stack: TestStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = ui);
});

const startReport = ui.startReport;
const openTask = (executionId: string, stageKey: string, round = 1) => ui.openTask(executionId, stageKey, { round });

const signIn = ui.signIn;

describe('the console for supervisors', () => {
  it('lists an overdue task, previews a bulk reminder, sends it, refuses a second 催办 within the hour, and shows the reminder in the task\'s timeline', async () => {
    const { executionId } = await startReport('BJ-Q01-S01', 2023);
    const task = await openTask(executionId, 'assign');
    // Arrange: the task is long overdue (the list sorts the oldest deadline first).
    await stack.prisma.task.update({ where: { id: task.id }, data: { deadlineAt: new Date('2001-01-05T09:00:00.000Z') } });

    await signIn('dc-supervisor');
    await page.getByRole('menuitem', { name: '逾期待办' }).click();
    const row = page.getByRole('row').filter({ hasText: task.title });
    await row.waitFor({ timeout: 20_000 });
    await row.getByText(/逾期 \d+ 个工作日/).waitFor();
    await screenshot(page, 'actions-01-overdue-list');

    await page.getByRole('button', { name: '批量催办' }).click();
    await page.getByText(/将催办 \d+ 项逾期待办，涉及 \d+ 个单位。/).waitFor({ timeout: 15_000 });
    await page.getByText(/东华门街道/).first().waitFor();
    await screenshot(page, 'actions-02-bulk-preview');
    await page.getByRole('button', { name: '发送催办' }).click();
    await page.getByText(/已催办 \d+ 项待办/).waitFor({ timeout: 30_000 });
    const reminders = await stack.prisma.reminder.findMany({ where: { taskId: task.id, kind: 'manual' } });
    expect(reminders).toHaveLength(1);

    // A second 催办 on the same task within the hour: the server's sentence, as it wrote it.
    await row.getByRole('button', { name: '催办', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText(/该待办一小时内已催办过，请\d+分钟后再催办。/).waitFor({ timeout: 15_000 });
    await screenshot(page, 'actions-03-remind-refused');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();

    await row.getByText(task.title).click();
    const timeline = page.getByTestId('task-timeline');
    await timeline.getByText('催办', { exact: true }).waitFor({ timeout: 15_000 });
    await timeline.getByText(`「${task.title}」已逾期，请尽快办理。`).waitFor();
    await timeline.getByText('dc-supervisor').waitFor();
    // A supervisor is not the assignee: no 办理完成, 认领 or 退回 on someone else's task.
    expect(await page.getByRole('button', { name: '办理完成' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '认领' }).count()).toBe(0);
    await screenshot(page, 'actions-04-timeline-reminded');
  }, 90_000);

  it('does not show the 督办 screens to a clerk', async () => {
    await signIn('street-clerk');
    await page.getByRole('menuitem', { name: '通知', exact: true }).waitFor();
    expect(await page.getByRole('menuitem', { name: '逾期待办' }).count()).toBe(0);
    await screenshot(page, 'actions-05-clerk-menu');
  }, 60_000);
});

describe('returning a task', () => {
  it('a head returns the report with a reason, and the clerk sees who returned it and why on the reopened task', async () => {
    const { executionId } = await startReport('BJ-D001', 2024);
    const clerk = await ApiSession.login(stack.baseUrl, 'fgw-clerk');
    // Self-check takes the report itself (the flow checks its arithmetic): a valid one from the fixtures.
    const bodies: Record<string, Record<string, unknown>> = { assign: {}, 'self-check': { result: { report: longgang2024() } } };
    for (const stage of ['assign', 'self-check']) {
      const t = await openTask(executionId, stage);
      const res = await clerk.post(`/api/tasks/${t.id}/complete`, bodies[stage]);
      expect(res.body.error).toBeUndefined();
      expect(res.status).toBe(200);
    }
    const signOff = await openTask(executionId, 'sign-off');

    await signIn('fgw-head');
    await page.goto(`${stack.baseUrl}/#/tasks/${signOff.id}/show`);
    await page.getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /退回到/ }).waitFor();
    await dialog.getByRole('combobox', { name: /退回原因/ }).click();
    await page.getByRole('option', { name: '数据有误' }).click();
    await dialog.getByLabel(/退回意见/).fill('第三部分主动公开数据与上年不一致，请核对。');
    await screenshot(page, 'actions-06-return-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已退回', { exact: true }).first().waitFor({ timeout: 15_000 });

    const reopened = await openTask(executionId, 'self-check', 2);
    expect(reopened.returnedWith).toMatchObject({ fromStageKey: 'sign-off', reasonCode: 'data-error', byLogin: 'fgw-head' });

    await signIn('fgw-clerk');
    const row = page.getByRole('row').filter({ hasText: reopened.title }).filter({ hasText: '第2轮' });
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await page.getByText('此待办已被 fgw-head 从「主要负责同志签发」退回，请重新办理').waitFor({ timeout: 15_000 });
    await page.getByText('退回原因：数据有误').waitFor();
    // In the notice on top (the run's progress below repeats the comment under the head's step).
    await page.getByRole('alert').getByText('意见：第三部分主动公开数据与上年不一致，请核对。').waitFor();
    await page.getByTestId('task-timeline').waitFor();
    await screenshot(page, 'actions-07-returned-task');

    // The bell shows the clerk's unread notifications; the inbox lists them.
    await page.getByRole('button', { name: /条未读通知/ }).click();
    await page.getByRole('button', { name: '全部标为已读' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'actions-08-notifications');
  }, 90_000);
});

describe('withdrawing a submitted task', () => {
  it('the clerk who completed a stage withdraws it before the next stage is touched, and the stage reopens for them', async () => {
    const { executionId } = await startReport('BJ-D001', 2022);
    const assign = await openTask(executionId, 'assign');

    await signIn('fgw-clerk');
    await page.goto(`${stack.baseUrl}/#/tasks/${assign.id}/show`);
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: '撤回' }).click();
    await page.getByRole('dialog').getByText('下一环节尚未开始办理时可以撤回').waitFor();
    await screenshot(page, 'actions-09-withdraw-dialog');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已撤回', { exact: true }).first().waitFor({ timeout: 15_000 });

    const reopened = await openTask(executionId, 'assign', 2);
    expect(reopened.returnedWith).toMatchObject({ kind: 'withdrawn', byLogin: 'fgw-clerk' });
    await page.goto(`${stack.baseUrl}/#/tasks/${reopened.id}/show`);
    await page.getByText('此待办已由 fgw-clerk 从「单位自查」撤回').waitFor({ timeout: 15_000 });
    await screenshot(page, 'actions-10-withdrawn-reopened');
  }, 90_000);
});

describe('transferring a task (转交)', () => {
  it('the clerk picks a colleague of the same post, and the task leaves the clerk for the colleague', async () => {
    const { executionId } = await startReport('BJ-Q02-S01', 2022);
    const assign = await openTask(executionId, 'assign');
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q02-S01' } });
    // Arrange: one active colleague (earlier runs' colleagues retired).
    await stack.prisma.user.updateMany({ where: { login: { startsWith: 'bj-q02-s01-clerk2-' } }, data: { active: false } });
    const login = `bj-q02-s01-clerk2-${Date.now()}`;
    const colleague = await stack.prisma.user.create({
      data: { login, displayName: '王小丽', orgUnitId: unit.id, roles: ['CLERK'], passwordHash: (await stack.prisma.user.findUniqueOrThrow({ where: { login: 'bj-q02-s01-clerk' } })).passwordHash },
    });

    await signIn('bj-q02-s01-clerk');
    await page.goto(`${stack.baseUrl}/#/tasks/${assign.id}/show`);
    await page.getByRole('button', { name: '转交' }).click();
    await page.getByRole('dialog').getByLabel('转交给').click();
    await page.getByRole('option', { name: /王小丽/ }).click();
    await screenshot(page, 'actions-11-transfer-dialog');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已转交', { exact: true }).first().waitFor({ timeout: 15_000 });

    const moved = await stack.prisma.task.findUniqueOrThrow({ where: { id: assign.id } });
    expect(moved.assigneeUserId).toBe(colleague.id);
    // The page reloads the task: it is the colleague's now, so the clerk is no longer offered 办理完成.
    await eventually(async () => ((await page.getByRole('button', { name: '办理完成' }).count()) === 0 ? true : undefined), 15_000, 'the complete button to disappear');
    await stack.prisma.user.update({ where: { id: colleague.id }, data: { active: false } });
  }, 90_000);
});
