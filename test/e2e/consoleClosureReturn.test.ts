/**
 * 退回 in a website closure, in a real browser against the real stack: a street's site is on its way through
 * 审核报批; the city general office's reviewer (the last approval level) returns it from the console to 申请提交
 * with a reason, and the street's clerk signs in and finds the returned task with the reviewer's reason.
 * The console's 退回 targets come from the flows' registry: when the console had its own stage list, which
 * did not know `approval-city`, this reviewer had no 退回 button at all.
 */
import type { Page } from 'playwright-core';
import { WEBSITE_CLOSURE } from '../../domain/flows';
import { screenshot, screenshotOf, useConsole } from '../support/browser';
import { ApiSession, eventually, type TestStack } from '../support/stack';
import { stageResult } from '../support/websiteFixtures';
import { completeStage, createSite, planAndApprove } from '../support/websites';

const ui = useConsole();
let stack: TestStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = ui);
});
const { workflows } = ui;

const signIn = ui.signIn;

describe('退回 in a website closure, from the console', () => {
  it('when the city office returns a closure application with a reason, the unit\'s clerk sees the returned task with that reason', async () => {
    // Arrange (API): a site of 东华门街道 (inside 东城区), integrated into the district portal, approved by the
    // unit head and the district office: the city office's approval (审核报批（市政府办公厅）) is open.
    const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    const clerk = await ApiSession.login(stack.baseUrl, 'street-clerk');
    const target = await createSite(supervisor, 'BJ-Q01');
    const site = await createSite(supervisor, 'BJ-Q01-S01', { targetDomain: target.domain });
    const workflowId = await planAndApprove(clerk, supervisor, { websiteId: site.id, decision: 'INTEGRATE', targetSiteId: target.id });
    workflows.push(workflowId);
    await completeStage(clerk, workflowId, 'application', stageResult('application', { targetSite: target }));
    await completeStage(await ApiSession.login(stack.baseUrl, 'street-head'), workflowId, 'approval-head', { comment: '同意关停' });
    await completeStage(await ApiSession.login(stack.baseUrl, 'dc-reviewer'), workflowId, 'approval-office', { comment: '区政府办公室同意' });
    const cityTask = await eventually(() => stack.prisma.task.findFirst({ where: { workflowId, stageKey: 'approval-city', status: 'OPEN', position: 'main' } })
      .then((t) => t ?? undefined), 30_000, 'approval-city open');
    const cityStage = WEBSITE_CLOSURE.stage('approval-city').name;
    const applicationStage = WEBSITE_CLOSURE.stage('application').name;

    // Act: the city office's reviewer finds the task in the inbox and returns it to 申请提交.
    await signIn('city-verifier');
    const inboxRow = page.getByRole('row').filter({ hasText: site.domain });
    await inboxRow.waitFor({ timeout: 20_000 });
    // The stage column names the approval level (the console's labels come from the registry).
    await inboxRow.getByText(cityStage, { exact: true }).waitFor();
    await screenshot(page, 'closure-return-01-city-inbox');
    await inboxRow.click();
    await page.getByRole('button', { name: '退回' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /退回到/ }).click();
    // Every earlier level that ran is offered, by its Chinese name.
    for (const key of ['application', 'approval-head', 'approval-office'] as const) {
      await page.getByRole('option', { name: WEBSITE_CLOSURE.stage(key).name, exact: true }).waitFor();
    }
    await page.getByRole('option', { name: applicationStage, exact: true }).click();
    await dialog.getByRole('combobox', { name: /退回原因/ }).click();
    await page.getByRole('option', { name: '材料不全' }).click();
    const reason = '迁移方案未写明在线办事入口迁往何处，请补充后重新报批。';
    await dialog.getByLabel(/退回意见/).fill(reason);
    await screenshotOf(dialog, 'closure-return-02-return-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('已退回', { exact: true }).first().waitFor({ timeout: 15_000 });

    // Assert: the flow reopened 申请提交 in a second round, with the reviewer's reason.
    const reopened = await eventually(() => stack.prisma.task.findFirst({ where: { workflowId, stageKey: 'application', round: 2, status: 'OPEN', position: 'main' } })
      .then((t) => t ?? undefined), 20_000, 'application round 2');
    expect(reopened.returnedWith).toMatchObject({ fromStageKey: 'approval-city', reasonCode: 'incomplete', comment: reason, byLogin: 'city-verifier' });
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: cityTask.id } })).status).toBe('RETURNED');

    // Assert: the street's clerk sees the returned task in the inbox, and on it who returned it, from where and why.
    await signIn('street-clerk');
    const row = page.getByRole('row').filter({ hasText: site.domain }).filter({ hasText: '第2轮' });
    await row.waitFor({ timeout: 20_000 });
    await screenshot(page, 'closure-return-03-clerk-inbox');
    await row.click();
    await page.getByText(`此待办已被 city-verifier 从「${cityStage}」退回，请重新办理`).waitFor({ timeout: 15_000 });
    await page.getByText('退回原因：材料不全').waitFor();
    await page.getByRole('alert').getByText(`意见：${reason}`).waitFor();
    await page.getByTestId('task-timeline').waitFor();
    await screenshot(page, 'closure-return-04-clerk-returned-task');
  }, 240_000);
});
