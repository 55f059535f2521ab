/**
 * 会签 and 流程监控 in a real browser against the real stack: the district office's clerk and head each sign
 * their own task of a countersigned 区级汇总, and the stage waits for both; an administrator finds a run in
 * 流程监控, jumps it back to an earlier stage with a reason, reassigns the reopened step, and ends another run.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { hashPassword } from '../../server/passwords';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { openBrowser, screenshot, signInFresh } from '../support/browser';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: BrowserContext;
let page: Page;
const workflows: string[] = [];
const YEAR = 2034;

beforeAll(async () => {
  stack = await startStack();
  browser = await openBrowser();
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await cancelWorkflows(stack.client, workflows);
  await stack.stop();
});

const signIn = (login: string) => signInFresh(browser, page, stack.baseUrl, login, DEMO_PASSWORD);

async function startReport(orgUnitCode: string) {
  const admin = await ApiSession.login(stack.baseUrl, 'admin');
  const res = await admin.post('/api/annual-reports', { orgUnitCode, year: YEAR });
  expect(res.status).toBe(201);
  workflows.push(res.body.workflowId);
  return res.body as { workflowId: string; executionId: string };
}

const openTask = (executionId: string, stepKey: string) =>
  eventually(() => stack.prisma.task.findFirst({ where: { executionId, stepKey, status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, `${stepKey} open`);

/** Completes the run's stages through the API as their assignees, up to the stage the browser takes over. */
async function drive(executionId: string, code: string, steps: Array<[string, 'clerk' | 'head']>) {
  for (const [stepKey, who] of steps) {
    const session = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-${who}`);
    const task = await openTask(executionId, stepKey);
    const res = await session.post(`/api/tasks/${task.id}/complete`, stepKey.startsWith('self-check') ? { result: { report: longgang2024() } } : {});
    expect(res.body.error).toBeUndefined();
  }
}

async function completeInBrowser(comment: string) {
  await page.getByRole('button', { name: '办理完成' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/办理意见/).fill(comment);
  await dialog.getByRole('button', { name: '确认' }).click();
  await page.getByText('已办理完成', { exact: true }).first().waitFor({ timeout: 20_000 });
}

describe('会签 on 区级汇总', () => {
  it('two signers each sign their own task; the stage waits for the second before city verification opens', async () => {
    const run = await startReport('BJ-Q01-S06');
    await drive(run.executionId, 'BJ-Q01-S06', [['assign#1', 'clerk'], ['self-check#1', 'clerk'], ['sign-off#1', 'head']]);
    const clerkTask = await openTask(run.executionId, 'district-review#1');
    const headTask = await openTask(run.executionId, 'district-review#1+1');

    await signIn('dc-reviewer');
    await page.goto(`${stack.baseUrl}/#/tasks/${clerkTask.id}/show`);
    await page.getByTestId('task-countersign').getByText(/由 区政府办公室经办人、区政府办公室负责人 共同签署/).waitFor({ timeout: 20_000 });
    await page.getByTestId('task-countersign').getByText(/以「区政府办公室经办人」身份签署/).waitFor();
    await screenshot(page, 'countersign-01-clerk-task');
    await completeInBrowser('数据已与台账核对一致');
    // One signature in: the stage is still open for the head, and nothing of city verification exists.
    expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: headTask.id } })).status).toBe('OPEN');
    expect(await stack.prisma.task.count({ where: { executionId: run.executionId, stageKey: 'city-verification' } })).toBe(0);

    await signIn('bj-q01-go-head');
    const row = page.getByRole('row').filter({ hasText: '会签：区政府办公室负责人' }).filter({ hasText: `${YEAR}年度` }).first();
    await row.waitFor({ timeout: 20_000 });
    await row.click();
    await page.getByTestId('task-countersign').waitFor({ timeout: 20_000 });
    await completeInBrowser('同意报送');
    await openTask(run.executionId, 'city-verification#1');

    // The run's progress shows both signers with their opinions.
    await page.reload();
    const progress = page.getByTestId('instance-timeline');
    await progress.getByText('会签：区政府办公室经办人').waitFor({ timeout: 20_000 });
    await progress.getByText('会签：区政府办公室负责人').waitFor();
    await progress.getByText(/数据已与台账核对一致/).waitFor();
    await progress.getByText(/同意报送/).waitFor();
    await screenshot(page, 'countersign-02-both-signed');
  }, 150_000);
});

describe('流程监控', () => {
  it('an administrator jumps a run back with a reason, reassigns the reopened step, and ends another run', async () => {
    const jumped = await startReport('BJ-Q01-S07');
    await drive(jumped.executionId, 'BJ-Q01-S07', [['assign#1', 'clerk'], ['self-check#1', 'clerk']]);
    await openTask(jumped.executionId, 'sign-off#1');
    const ended = await startReport('BJ-Q01-S08');
    const endedTask = await openTask(ended.executionId, 'assign#1');
    const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S07' } });
    const deputy = await stack.prisma.user.create({ data: { login: `bj-q01-s07-deputy-${Date.now()}`, displayName: '代理经办人', orgUnitId: unit.id, roles: ['CLERK'], passwordHash: await hashPassword(DEMO_PASSWORD) } });

    await signIn('admin');
    await page.getByRole('menuitem', { name: '流程监控' }).click();
    await page.getByRole('row').filter({ hasText: `${YEAR}年度` }).first().waitFor({ timeout: 20_000 });
    // Filtered by the stage the run waits at (the list's own filter, as the URL keeps it).
    await page.goto(`${stack.baseUrl}/#/flow-instances?filter=${encodeURIComponent(JSON.stringify({ stageKey: 'sign-off', q: `/${YEAR}/` }))}`);
    const row = page.getByRole('row').filter({ hasText: '主要负责同志签发' }).filter({ hasText: `${YEAR}年度` }).first();
    await row.waitFor({ timeout: 20_000 }).catch(async (err) => {
      await screenshot(page, 'monitor-01-list-failed');
      throw err;
    });
    await screenshot(page, 'monitor-01-list');
    await row.click();
    await page.waitForURL(/flow-instances\/.+\/show/, { timeout: 20_000 });
    await page.getByTestId('instance-steps').waitFor({ timeout: 20_000 }).catch(async (err) => {
      await screenshot(page, 'monitor-01-show-failed');
      throw err;
    });

    await page.getByRole('button', { name: '跳回前序环节' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /跳回到/ }).waitFor();
    await dialog.getByTestId('intervention-reason').fill('报告数据口径调整，需重新自查');
    await screenshot(page, 'monitor-02-jump-dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('流程已跳回', { exact: true }).first().waitFor({ timeout: 20_000 });
    const reopened = await openTask(jumped.executionId, 'self-check#2');
    expect(reopened.returnedWith).toMatchObject({ reasonCode: 'intervention', byLogin: 'admin' });
    const events = page.getByTestId('instance-events');
    await events.getByText(/管理员跳回前序环节 · admin：报告数据口径调整，需重新自查/).waitFor({ timeout: 20_000 });

    // The reopened step is stuck with its clerk: hand it to the deputy.
    await page.getByTestId('instance-steps').locator('[data-step="self-check#2"]').getByRole('button', { name: '改派' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /改派给/ }).click();
    await page.getByRole('option', { name: new RegExp(deputy.login) }).click();
    await dialog.getByTestId('intervention-reason').fill('原经办人休假');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('待办已改派', { exact: true }).first().waitFor({ timeout: 20_000 });
    await eventually(async () => ((await stack.prisma.task.findUniqueOrThrow({ where: { id: reopened.id } })).assigneeUserId === deputy.id ? true : undefined), 15_000, 'reassigned');
    await events.getByText(/管理员改派 · admin：原经办人休假/).waitFor({ timeout: 20_000 });
    await screenshot(page, 'monitor-03-jumped-and-reassigned');

    await page.goto(`${stack.baseUrl}/#/flow-instances/${ended.executionId}/show`);
    await page.getByRole('button', { name: '终止流程' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByTestId('intervention-reason').fill('该街道并入相邻街道，不再单独报送');
    await dialog.getByRole('button', { name: '确认' }).click();
    await page.getByText('流程已终止', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByTestId('instance-status').getByText('已终止').waitFor({ timeout: 20_000 });
    const closed = await stack.prisma.task.findUniqueOrThrow({ where: { id: endedTask.id } });
    expect(closed.status).toBe('CANCELLED');
    expect(closed.comment).toMatch(/终止：该街道并入相邻街道/);
    expect(await page.getByRole('button', { name: '终止流程' }).count()).toBe(0);
    await screenshot(page, 'monitor-04-ended');
  }, 150_000);
});
