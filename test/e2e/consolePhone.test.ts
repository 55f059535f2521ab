/**
 * The console on a phone (390 × 844) in a real browser against the real stack, one annual report the whole
 * way: the clerk finds the assignment as a card, filters and refreshes the inbox, claims and completes it from
 * the bottom bar, and reads the self-check read-only with a note; the unit head reads what to decide and signs
 * it off, and signs the year before's report off with 批量审批 from a ticked card; the city verifier returns it
 * with reasons and a problem list; a supervisor sends a bulk 催办 after its preview; an administrator reads
 * the stages, accounts and running flows as cards and opens 改派 from a run's step card. Every list screen is
 * cards (no table), and every key screen is checked to fit the width and shot at both sizes (test-artifacts/).
 */
import type { Locator } from 'playwright-core';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { expectFits, screenshot, useConsole, VIEWPORTS } from '../support/browser';
import { ApiSession } from '../support/stack';

const ui = useConsole({ viewport: 'phone' });
const UNIT = 'BJ-D013';
const CLERK = 'bj-d013-clerk';
const HEAD = 'bj-d013-head';
const report = longgang2024();
let executionId: string;
/** the year before's report of the same unit, taken to its sign-off for 批量审批 on the phone */
let earlierRun: string;
let unitName: string;

/** Within the phone's screen, without scrolling sideways or down: a dialog, a button of the bottom bar. */
async function expectInSight(element: Locator, what: string): Promise<void> {
  await element.waitFor();
  const box = await element.boundingBox();
  if (!box) throw new Error(`${what} is not drawn`);
  const { width, height } = VIEWPORTS.phone;
  expect({ what, left: box.x >= 0, right: box.x + box.width <= width + 0.5, top: box.y >= 0, bottom: box.y + box.height <= height + 0.5 })
    .toEqual({ what, left: true, right: true, top: true, bottom: true });
}

const bar = () => ui.page.getByRole('toolbar', { name: '办理操作' });
const card = (...texts: string[]) => texts.reduce((l, t) => l.filter({ hasText: t }), ui.page.getByTestId('task-card'));

beforeAll(async () => {
  unitName = (await ui.stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: UNIT } })).name;
  executionId = (await ui.startReport(UNIT, 2025)).executionId;
  earlierRun = (await ui.startReport(UNIT, 2024)).executionId;
});

describe('the console on a phone', () => {
  it('a clerk finds the assignment as a card, filters and refreshes the inbox, claims and completes it from the bottom bar, and reads the self-check with a note', async () => {
    const { page } = ui;
    const assign = await ui.openTask(executionId, 'assign');
    await ui.signIn(CLERK);
    const assignCard = card(assign.title);
    await assignCard.waitFor({ timeout: 20_000 });
    await assignCard.getByText(`${unitName} · 任务分派`).waitFor();
    await assignCard.getByText(/剩 \d+ 个工作日|今日到期|逾期 \d+ 个工作日/).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await page.getByRole('navigation', { name: '翻页' }).getByText(/第 1\/1 页 · 共 \d+ 项/).waitFor();
    await ui.shot('phone-01-clerk-inbox', { both: true });

    // The filters live in a drawer; a stage filter keeps the card, another stage empties the list.
    await page.getByRole('button', { name: /筛选/ }).click();
    const filters = page.getByRole('dialog', { name: '筛选' });
    await filters.getByRole('combobox', { name: '环节' }).click();
    await page.getByRole('option', { name: '主要负责同志签发' }).click();
    await ui.shot('phone-02-inbox-filters');
    await filters.getByRole('button', { name: '完成' }).click();
    await assignCard.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('button', { name: /筛选/ }).click();
    await filters.getByRole('combobox', { name: '环节' }).click();
    await page.getByRole('option', { name: '任务分派' }).click();
    await filters.getByRole('button', { name: '完成' }).click();
    await assignCard.waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '刷新' }).click();
    await assignCard.waitFor({ timeout: 15_000 });

    // The task page: the decision and its actions in sight, the rest under 更多; each dialog fits the screen.
    await assignCard.click();
    await expectInSight(bar().getByRole('button', { name: '办理完成' }), '办理完成 in the bottom bar');
    await page.getByTestId('previous-step').or(page.getByText('这是流程的第一步')).first().waitFor({ timeout: 15_000 });
    await ui.shot('phone-03-clerk-task', { both: true });
    // 认领 from the bar: the post's task becomes the clerk's own.
    await bar().getByRole('button', { name: '认领' }).click();
    await expectInSight(page.getByRole('dialog').getByRole('button', { name: '确认' }), '确认 of 认领');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已认领').first().waitFor({ timeout: 15_000 });
    await bar().getByRole('button', { name: '认领' }).waitFor({ state: 'detached', timeout: 15_000 });
    const clerkUser = await ui.stack.prisma.user.findUniqueOrThrow({ where: { login: CLERK } });
    expect((await ui.stack.prisma.task.findUniqueOrThrow({ where: { id: assign.id } })).assigneeUserId).toBe(clerkUser.id);
    for (const action of ['转交', '加签']) {
      await bar().getByRole('button', { name: '更多' }).click();
      await page.getByRole('menu', { name: '更多' }).getByRole('button', { name: action }).click();
      const dialog = page.getByRole('dialog');
      await expectInSight(dialog, `the ${action} dialog`);
      await expectInSight(dialog.getByRole('button', { name: '确认' }), `确认 of ${action}`);
      await ui.shot(`phone-04-${action === '转交' ? 'transfer' : 'add-approver'}-dialog`);
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await bar().getByRole('button', { name: '办理完成' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByLabel('办理意见（可选）').fill('已接收');
    await expectInSight(confirm.getByRole('button', { name: '确认' }), '确认 above the keyboard');
    await confirm.getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });

    // Self-check on a phone: the saved draft read-only, and a note that the tables are filled on a computer.
    const selfCheck = await ui.openTask(executionId, 'self-check');
    const clerk = await ApiSession.login(ui.stack.baseUrl, CLERK);
    expect((await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report })).status).toBe(200);
    await page.goto(`${ui.stack.baseUrl}/#/tasks/${selfCheck.id}/show`);
    await page.getByTestId('report-phone-note').getByText('填写表二至表四请在电脑上打开此待办').waitFor({ timeout: 20_000 });
    await page.getByTestId('report-view').getByText(report.sections.s5).waitFor();
    expect(await page.getByTestId('report-view').locator('input, textarea').count()).toBe(0);
    await ui.shot('phone-05-self-check-read-only', { both: true });
    const done = await clerk.post(`/api/tasks/${selfCheck.id}/complete`, { result: { report } });
    expect(done.status).toBe(200);
  }, 180_000);

  it('the unit head reads the previous step and the report first, and signs it off from the bottom bar; ticks a card and signs another off with 批量审批', async () => {
    const { page } = ui;
    // Arrange: the year before's report of the unit reaches its sign-off too (the clerk's two steps through the API).
    const clerk = await ApiSession.login(ui.stack.baseUrl, CLERK);
    expect((await clerk.post(`/api/tasks/${(await ui.openTask(earlierRun, 'assign')).id}/complete`, {})).status).toBe(200);
    expect((await clerk.post(`/api/tasks/${(await ui.openTask(earlierRun, 'self-check')).id}/complete`, { result: { report } })).status).toBe(200);
    const earlier = await ui.openTask(earlierRun, 'sign-off');
    const signOff = await ui.openTask(executionId, 'sign-off');
    await ui.signIn(HEAD);

    // 批量审批 on a phone: tick the card, the bar at the bottom counts it, the preview says it may go, approve.
    await card(earlier.title).getByRole('checkbox').check();
    const bulk = page.getByRole('toolbar', { name: '批量操作' });
    await bulk.getByText('已选 1 项').waitFor();
    await expectInSight(bulk.getByRole('button', { name: '批量审批' }), '批量审批 in the bulk bar');
    await bulk.getByRole('button', { name: '批量审批' }).click();
    const batch = page.getByRole('dialog');
    await batch.getByText('已选 1 项：1 项可以批量审批，0 项不能批量审批（见原因）。').waitFor({ timeout: 15_000 });
    await batch.getByLabel(/审批意见/).fill('同意。');
    await expectInSight(batch.getByRole('button', { name: '确认批量审批' }), '确认批量审批');
    await ui.shot('phone-06-head-batch-preview');
    await batch.getByRole('button', { name: '确认批量审批' }).click();
    await batch.getByText('已审批 1 项，0 项未通过').waitFor({ timeout: 30_000 });
    await batch.getByRole('button', { name: '关闭' }).click();
    expect(await ui.stack.prisma.task.findUniqueOrThrow({ where: { id: earlier.id } })).toMatchObject({ status: 'COMPLETED', comment: '同意。' });
    await bulk.waitFor({ state: 'hidden' });

    const signCard = card(signOff.title, unitName);
    await signCard.waitFor({ timeout: 20_000 });
    await signCard.click();
    await page.getByTestId('previous-step').getByText(/单位自查：.*（bj-d013-clerk） 于 .* 办结/).waitFor({ timeout: 20_000 });
    await page.getByTestId('report-view').getByText(report.sections.s5).waitFor({ timeout: 20_000 });
    await ui.shot('phone-06-head-decides', { both: true });

    await bar().getByRole('button', { name: '办理完成' }).click();
    const dialog = page.getByRole('dialog');
    await expectInSight(dialog, 'the sign-off dialog');
    await dialog.getByLabel('办理意见（可选）').fill('同意签发。');
    await ui.shot('phone-07-head-signs');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });
    const head = await ui.stack.prisma.user.findUniqueOrThrow({ where: { login: HEAD } });
    expect(await ui.stack.prisma.task.findUniqueOrThrow({ where: { id: signOff.id } })).toMatchObject({ status: 'COMPLETED', comment: '同意签发。', completedById: head.id });
  }, 120_000);

  it('the city verifier returns the report with a reason and a problem list, all on the phone', async () => {
    const { page } = ui;
    const verification = await ui.openTask(executionId, 'city-verification');
    await ui.signIn('city-verifier');
    const verifyCard = card(verification.title, unitName);
    await verifyCard.waitFor({ timeout: 20_000 });
    await verifyCard.click();
    // The city office sees the report as the unit submitted it (another unit's steps are not shown to it).
    await page.getByTestId('report-view').getByText(report.sections.s5).waitFor({ timeout: 20_000 });
    await ui.shot('phone-08-verifier-task', { both: true });

    await bar().getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await expectInSight(dialog, 'the 退回 dialog');
    await dialog.getByRole('combobox', { name: /退回原因/ }).click();
    await page.getByRole('option', { name: '不符合规范要求' }).click();
    await dialog.getByLabel(/退回意见/).fill('请按核查意见修改后重新报送。');
    await dialog.getByLabel(/问题清单/).fill('第五部分未写明改进措施的时间安排\n第六部分未说明是否收取信息处理费的依据');
    await dialog.getByText('已填写 2 条；退回后办理人会逐条看到').waitFor();
    await expectInSight(dialog.getByRole('button', { name: '确认' }), '确认 of 退回');
    await ui.shot('phone-09-verifier-returns');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已退回', { exact: true }).first().waitFor({ timeout: 15_000 });
    const again = await ui.openTask(executionId, 'self-check', { round: 2 });
    expect(again.returnedWith).toMatchObject({
      fromStageKey: 'city-verification', reasonCode: 'non-compliant', byLogin: 'city-verifier',
      problems: ['第五部分未写明改进措施的时间安排', '第六部分未说明是否收取信息处理费的依据'],
    });
  }, 120_000);

  it('a supervisor previews and sends a bulk 催办 from the overdue cards, and each card\'s 催办 and 延期 fit the screen', async () => {
    const { page } = ui;
    const task = await ui.openTask(executionId, 'self-check', { round: 2 });
    // Arrange: the reopened self-check is long overdue.
    await ui.stack.prisma.task.update({ where: { id: task.id }, data: { deadlineAt: new Date('2001-01-05T09:00:00.000Z') } });
    await ui.signIn('supervisor');
    await ui.menu('逾期待办');
    const overdue = card(task.title, unitName);
    await overdue.waitFor({ timeout: 20_000 });
    await overdue.getByText(/逾期 \d+ 个工作日/).waitFor();
    await ui.shot('phone-10-overdue-cards', { both: true });

    await page.getByRole('button', { name: '批量催办' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/将催办 \d+ 项逾期待办，涉及 \d+ 个单位。/).waitFor({ timeout: 15_000 });
    await dialog.getByText(new RegExp(unitName)).first().waitFor();
    await expectInSight(dialog.getByRole('button', { name: '发送催办' }), '发送催办');
    await ui.shot('phone-11-bulk-preview');
    await dialog.getByRole('button', { name: '发送催办' }).click();
    await page.getByText(/已催办 \d+ 项待办/).waitFor({ timeout: 30_000 });
    expect(await ui.stack.prisma.reminder.count({ where: { taskId: task.id, kind: 'manual' } })).toBe(1);

    // One card's 催办 within the hour is refused with the server's sentence; 延期 opens its form.
    await overdue.getByRole('button', { name: '催办', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByRole('dialog').getByText(/该待办一小时内已催办过，请\d+分钟后再催办。/).waitFor({ timeout: 15_000 });
    await expectInSight(page.getByRole('dialog'), 'the 催办 dialog');
    await ui.shot('phone-12-remind-refused');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await overdue.getByRole('button', { name: '延期' }).click();
    await page.getByRole('dialog').getByLabel(/延期理由/).waitFor();
    await expectInSight(page.getByRole('dialog').getByRole('button', { name: '确认' }), '确认 of 延期');
    await ui.shot('phone-13-extend-dialog');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();

    // The task page for a supervisor: 催办 in the bar, 延期 and 暂停计时 under 更多.
    await overdue.getByText(task.title).click();
    await expectInSight(bar().getByRole('button', { name: '催办' }), '催办 in the bottom bar');
    await bar().getByRole('button', { name: '更多' }).click();
    await page.getByRole('menu', { name: '更多' }).getByRole('button', { name: '延期' }).waitFor();
    await ui.shot('phone-14-supervisor-more');
  }, 120_000);

  it('every screen of the menu fits a phone from 360 to 430 px wide', async () => {
    const { page } = ui;
    const narrow = { width: 360, height: 780 };
    const wide = { width: 430, height: 932 };
    await page.setViewportSize(narrow);
    try {
      await ui.signIn('admin');
      await page.getByRole('button', { name: '打开菜单' }).click();
      const screens = (await page.getByRole('menuitem').allInnerTexts()).map((n) => n.trim()).filter(Boolean);
      await page.keyboard.press('Escape');
      await page.getByRole('menuitem').first().waitFor({ state: 'hidden' });
      // The administrator's menu: every screen there is (the menu follows the roles).
      expect(screens).toEqual(expect.arrayContaining(['待办', '逾期待办', '通知', '单位', '账号']));
      for (const [i, name] of screens.entries()) {
        await ui.menu(name);
        await page.waitForLoadState('networkidle');
        // A list is cards on a phone, never a table of squeezed columns: 环节设置 and 账号 always have rows.
        expect({ name, tables: await page.locator('.RaDatagrid-table').count() }).toEqual({ name, tables: 0 });
        if (name === '环节设置') await page.getByTestId('stage-card').filter({ hasText: '主要负责同志签发' }).getByText(/\d+ 个工作日/).first().waitFor();
        if (name === '账号') await page.getByTestId('user-card').filter({ hasText: '（admin）' }).waitFor();
        await screenshot(page, `phone-15-screen-${String(i + 1).padStart(2, '0')}-360`);
        await page.setViewportSize(wide);
        await page.waitForTimeout(200);
        await expectFits(page, `${name} at 430 px`);
        await page.setViewportSize(narrow);
      }
    } finally {
      await ui.setViewport('phone');
    }
  }, 120_000);

  it('an administrator finds the report\'s run as a card in 流程监控 and opens 改派 from its open step\'s card', async () => {
    const { page } = ui;
    // Still signed in as the administrator of the sweep above (at 390 px again).
    // 流程监控: the file's run as a card; its page lists the steps as cards, and 改派 opens a dialog that fits.
    await ui.menu('流程监控');
    await page.getByRole('button', { name: /筛选/ }).click();
    await page.getByRole('dialog', { name: '筛选' }).getByRole('textbox').first().fill(unitName);
    await page.getByRole('dialog', { name: '筛选' }).getByRole('button', { name: '完成' }).click();
    const run = page.getByTestId('flow-instance-card').filter({ hasText: '2025' }).filter({ hasText: unitName });
    await run.getByText(/\d+ 天/).waitFor({ timeout: 20_000 });
    await ui.shot('phone-16-flow-instances');
    await run.click();
    const steps = page.getByTestId('instance-steps');
    await steps.locator('[data-status="OPEN"]').first().waitFor({ timeout: 40_000 });
    expect(await steps.locator('table').count()).toBe(0);
    await ui.shot('phone-17-flow-instance');
    await steps.locator('[data-status="OPEN"]').first().getByRole('button', { name: '改派' }).click();
    await expectInSight(page.getByRole('dialog'), 'the 改派 dialog');
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  }, 120_000);
});
