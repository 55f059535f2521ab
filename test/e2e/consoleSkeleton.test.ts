/**
 * The console in a real browser against the real stack: a clerk signs in, finds the assignment in the
 * inbox in Chinese with its working-days badge, and completes it.
 */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { loginInBrowser, screenshot, useConsole } from '../support/browser';
import { eventually, type TestStack } from '../support/stack';

const ui = useConsole();
let stack: TestStack;
let page: Page;
let executionId: string;

beforeAll(async () => {
  ({ stack, page } = ui);
  ({ executionId } = await ui.startReport('BJ-D020', 2024));
});

describe('the console', () => {
  it('shows the sign-in page in Chinese and refuses a wrong password with the server\'s sentence', async () => {
    await page.goto(`${stack.baseUrl}/#/login`);
    await page.locator('input[name="username"]').fill('bj-d020-clerk');
    await page.locator('input[name="password"]').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('用户名或密码不正确').waitFor({ timeout: 15_000 });
    await screenshot(page, 'skeleton-01-login-refused');
  }, 30_000);

  it('lists the clerk\'s assignment in the inbox with the working days left, and completes it after a confirmation', async () => {
    await loginInBrowser(page, stack.baseUrl, 'bj-d020-clerk', DEMO_PASSWORD);
    const row = page.getByRole('row').filter({ hasText: '2024年度政府信息公开工作年度报告 · 任务分派' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByText(/剩 \d+ 个工作日|今日到期|逾期 \d+ 个工作日/).waitFor();
    await screenshot(page, 'skeleton-02-inbox');

    await row.click();
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByLabel('办理意见（可选）').fill('已接收');
    await screenshot(page, 'skeleton-03-confirm');
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'skeleton-04-completed');

    const tasks = await eventually(async () => {
      const rows = await stack.prisma.task.findMany({ where: { executionId }, orderBy: { startedAt: 'asc' } });
      return rows.length === 2 ? rows : undefined;
    });
    expect(tasks.map((t) => [t.stageKey, t.status])).toEqual([['assign', 'COMPLETED'], ['self-check', 'OPEN']]);
    expect(tasks[0].comment).toBe('已接收');
  }, 60_000);
});
