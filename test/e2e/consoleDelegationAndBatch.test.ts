/**
 * 委托 and 批量审批 in a real browser against the real stack. A unit head sets a week's delegation to a deputy in
 * 我的委托; a sign-off that opens in the week lands in the deputy's inbox marked 代 刘洋 办理, the deputy signs it
 * off on the head's behalf, and the head ends the delegation early. A city verifier selects ten reports at
 * 全市核查 in the inbox, previews the batch (one waits for an added approver), approves with one opinion, and
 * the result lists eight approved and two refused with their reasons (one was done by someone else meanwhile).
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { hashPassword } from '../../server/passwords';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { consoleFormSettled, openBrowser, screenshot, signInFresh } from '../support/browser';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: BrowserContext;
let page: Page;
const workflows: string[] = [];
const s: Record<string, ApiSession> = {};
let deputy: { id: string; login: string };
// Years of BJ-D001 reports no other test file uses (test/server/delegationAndBatch.test.ts stays below 2089).
const DELEGATION_YEAR = 2089;
const BATCH_YEARS = Array.from({ length: 10 }, (_, i) => 2090 + i);

/** Signs in afresh and reloads, so the console reads the new user's identity (not the previous one's, cached in the page). */
async function signIn(login: string) {
  await signInFresh(browser, page, stack.baseUrl, login, DEMO_PASSWORD);
  await page.reload();
  await page.getByRole('menuitem', { name: '待办', exact: true }).waitFor({ timeout: 20_000 });
}

async function startReport(year: number) {
  const res = await s.admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D001', year });
  expect(res.status).toBe(201);
  workflows.push(res.body.workflowId);
  return res.body as { workflowId: string; executionId: string };
}

const openTask = (executionId: string, stageKey: string) =>
  eventually(() => stack.prisma.task.findFirst({ where: { executionId, stageKey, status: 'OPEN', position: 'main' } }).then((t) => t ?? undefined), 30_000, `${stageKey} open`);

async function complete(who: ApiSession, taskId: string, body: Record<string, unknown> = {}) {
  const res = await who.post(`/api/tasks/${taskId}/complete`, { requestId: randomUUID(), ...body });
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
}

/** A report of BJ-D001 through 任务分派 and 单位自查 by its clerk: 主要负责同志签发 is open. */
async function toSignOff(year: number) {
  const run = await startReport(year);
  await complete(s['fgw-clerk'], (await openTask(run.executionId, 'assign')).id);
  await complete(s['fgw-clerk'], (await openTask(run.executionId, 'self-check')).id, { result: { report: longgang2024() } });
  return run;
}

beforeAll(async () => {
  stack = await startStack();
  browser = await openBrowser();
  page = await browser.newPage();
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D001' } });
  const login = `fgw-deputy-${randomUUID().slice(0, 6)}`;
  deputy = await stack.prisma.user.create({ data: { login, displayName: '王副主任', orgUnitId: unit.id, roles: ['UNIT_HEAD'], passwordHash: await hashPassword(DEMO_PASSWORD) } });
  for (const who of ['admin', 'fgw-clerk', 'fgw-head', 'city-verifier']) s[who] = await ApiSession.login(stack.baseUrl, who);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await cancelWorkflows(stack.client, workflows);
  await stack.prisma.delegation.updateMany({ where: { delegateId: deputy.id, endedAt: null }, data: { endedAt: new Date() } });
  await stack.prisma.user.update({ where: { id: deputy.id }, data: { active: false } });
  await stack.stop();
});

describe('委托 in the console', () => {
  it('a head delegates a week to a deputy, the deputy signs off a report on the head\'s behalf, and the head ends the delegation early', async () => {
    await signIn('fgw-head');
    await page.getByRole('menuitem', { name: '我的委托' }).click();
    await page.getByRole('link', { name: '新建' }).click();
    await page.getByText('只能委托给本单位同一岗位的同事').waitFor({ timeout: 20_000 });
    await page.getByRole('combobox', { name: '被委托人' }).click();
    await page.getByRole('option', { name: `王副主任（${deputy.login}）` }).click();
    await page.getByLabel('委托事由').fill('春节期间休假');
    await screenshot(page, 'delegation-01-create');
    await page.getByRole('button', { name: '保存' }).click();
    const row = page.getByRole('row').filter({ hasText: '王副主任' });
    await row.getByText('生效中').waitFor({ timeout: 20_000 });
    await screenshot(page, 'delegation-02-list');

    // A sign-off opening during the week goes to the deputy.
    const run = await toSignOff(DELEGATION_YEAR);
    const signOff = await openTask(run.executionId, 'sign-off');
    expect(signOff).toMatchObject({ assigneeUserId: deputy.id });

    await signIn(deputy.login);
    const inboxRow = page.getByRole('row').filter({ hasText: `${DELEGATION_YEAR}年度` });
    await inboxRow.getByText('代 刘洋 办理').waitFor({ timeout: 20_000 });
    await screenshot(page, 'delegation-03-deputy-inbox');
    await inboxRow.getByText(signOff.title).click();
    await page.getByText('代 刘洋 办理').first().waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '办理完成' }).click();
    await page.getByRole('dialog').getByLabel(/办理意见/).fill('同意签发');
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByText('已办理完成').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('task-timeline').getByText(deputy.login).first().waitFor({ timeout: 15_000 });
    await page.getByTestId('task-timeline').getByText('代 刘洋（fgw-head） 办理').waitFor();
    await screenshot(page, 'delegation-04-signed-on-behalf');
    const closed = await stack.prisma.auditEvent.findFirstOrThrow({ where: { entityId: signOff.id, action: 'task.completed' } });
    const head = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'fgw-head' } });
    expect(closed).toMatchObject({ actorLogin: deputy.login, after: expect.objectContaining({ onBehalfOf: head.id, comment: '同意签发' }) });

    // The head is back early: 结束委托.
    await signIn('fgw-head');
    await page.getByRole('menuitem', { name: '我的委托' }).click();
    const mine = page.getByRole('row').filter({ hasText: '王副主任' }).filter({ hasText: '生效中' });
    await mine.getByRole('button', { name: '结束委托' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认' }).click();
    await page.getByRole('row').filter({ hasText: '生效中' }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('row').filter({ hasText: '王副主任' }).getByText('已提前结束').first().waitFor();
    await screenshot(page, 'delegation-05-ended');
    // On a phone the list is one line per delegation, its actions beside it.
    await page.setViewportSize({ width: 390, height: 844 });
    await consoleFormSettled(page);
    await page.getByText('王副主任').first().waitFor();
    await screenshot(page, 'delegation-06-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    expect(await stack.prisma.delegation.count({ where: { delegatorId: head.id, endedAt: null } })).toBe(0);
  }, 240_000);
});

describe('批量审批 in the console', () => {
  it('a city verifier previews ten reports, approves them with one opinion, and sees eight approved and two refused with the reasons', async () => {
    // Ten reports at 全市核查, four at a time.
    const runs: Array<{ workflowId: string; executionId: string }> = [];
    const queue = [...BATCH_YEARS];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let year = queue.shift(); year; year = queue.shift()) {
        const run = await toSignOff(year);
        await complete(s['fgw-head'], (await openTask(run.executionId, 'sign-off')).id, { comment: '同意签发' });
        runs.push(run);
      }
    }));
    const tasks = await Promise.all(runs.map((r) => openTask(r.executionId, 'city-verification')));
    const byYear = (y: number) => tasks.find((t) => t.title.startsWith(`${y}年度`))!;
    // One waits for an approver added before (前加签): the preview already says so.
    const supervisor = await stack.prisma.user.findUniqueOrThrow({ where: { login: 'supervisor' } });
    const added = await s['city-verifier'].post(`/api/tasks/${byYear(BATCH_YEARS[0]).id}/add-approver`, { requestId: randomUUID(), userId: supervisor.id, position: 'before' });
    expect(added.status).toBe(200);

    await signIn('city-verifier');
    await page.getByPlaceholder('搜索').fill('发展和改革');
    for (const year of BATCH_YEARS) {
      const row = page.getByRole('row').filter({ hasText: `${year}年度` }).filter({ hasText: '全市核查' }).filter({ hasNotText: '（加签）' });
      await row.waitFor({ timeout: 20_000 });
      await row.getByRole('checkbox').check();
    }
    await page.getByRole('button', { name: '批量审批' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('已选 10 项：9 项可以批量审批，1 项不能批量审批（见原因）。').waitFor({ timeout: 20_000 });
    await dialog.getByText(/请等待加签人（supervisor）先办理/).waitFor();
    await screenshot(page, 'batch-01-preview');

    // Meanwhile a colleague finishes one of them on its own page.
    await complete(s['city-verifier'], byYear(BATCH_YEARS[1]).id, { comment: '已单独核查' });
    await dialog.getByLabel('审批意见（同一意见用于所有待办）').fill('核查通过');
    await dialog.getByRole('button', { name: '确认批量审批' }).click();
    await dialog.getByText('已审批 8 项，2 项未通过').waitFor({ timeout: 60_000 });
    await dialog.getByTestId('batch-result').getByText(/该待办已被处理/).waitFor();
    await screenshot(page, 'batch-02-result');
    await page.setViewportSize({ width: 390, height: 844 });
    await consoleFormSettled(page);
    await screenshot(page, 'batch-03-result-phone');
    await page.setViewportSize({ width: 1366, height: 860 });
    await consoleFormSettled(page);
    await dialog.getByRole('button', { name: '关闭' }).click();

    const after = await stack.prisma.task.findMany({ where: { id: { in: tasks.map((t) => t.id) } } });
    expect(after.filter((t) => t.status === 'COMPLETED' && t.comment === '核查通过')).toHaveLength(8);
    const batchRows = await stack.prisma.auditEvent.findMany({ where: { action: 'task.batch_approved', entityId: { in: tasks.map((t) => t.id) } } });
    expect(new Set(batchRows.map((r) => (r.after as { batchId: string }).batchId)).size).toBe(1);
    expect(batchRows).toHaveLength(8);
  }, 300_000);
});
