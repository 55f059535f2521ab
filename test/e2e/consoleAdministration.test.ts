/**
 * Administrators' screens in a real browser against the real stack: a stage's deadline changed and applied
 * to the running steps after a preview of how many there are (and a running task's deadline moves); a
 * holiday added to the calendar shows in the month view and is removed again; an account created; the org
 * units drilled into as a tree. Clerks see none of these menus.
 */
import type { Page } from 'playwright-core';
import type { WorkflowHandle } from '@temporalio/client';
import { createWorkingCalendar, endOfChinaDay } from '../../domain/calendar';
import { Prisma } from '../../prisma/generated/client';
import { stepsQuery } from '../../workflows/humanStep';
import { screenshot, useConsole } from '../support/browser';
import { ApiSession, eventually, type TestStack } from '../support/stack';

// The stage and the calendar back as seeded, for the other files on this database (while the stack runs).
const ui = useConsole({
  beforeStop: async (stack) => {
    const assign = await stack.prisma.stageDefinition.findFirst({ where: { flowKey: 'annual-report', key: 'assign' } });
    if (assign) await stack.prisma.stageDefinition.update({ where: { id: assign.id }, data: { workingDays: 2 } });
    await stack.prisma.calendarOverride.deleteMany({ where: { date: HOLIDAY } });
    await stack.prisma.calendarOverride.deleteMany({ where: { date: { startsWith: `${NOTICE_YEAR}-` } } });
    await stack.prisma.calendarYear.deleteMany({ where: { year: NOTICE_YEAR } });
  },
});
let stack: TestStack;
let page: Page;
const { workflows } = ui;
const HOLIDAY = '2026-12-16';
/**
 * A year the calendar package does not cover, and a notice for it as an administrator would type it. The
 * dates are test data shaped like a real notice (元旦; 春节 with two make-up working days), not the State
 * Council's published arrangement.
 */
const NOTICE_YEAR = 2027;
const NOTICE = {
  periods: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }, { name: '春节', from: '2027-02-05', to: '2027-02-13' }],
  makeups: [{ date: '2027-01-31', name: '春节' }, { date: '2027-02-20', name: '春节' }],
};

const signIn = ui.signIn;

const china = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ({ stack, page } = ui);
  await stack.prisma.calendarOverride.deleteMany({ where: { date: HOLIDAY } });
});

describe('the stages screen', () => {
  it('shows how many running steps a change would move, applies the new deadline to them, and the running task\'s deadline moves', async () => {
    const admin = await ApiSession.login(stack.baseUrl, 'admin');
    const res = await admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D008', year: 2025 });
    expect(res.status).toBe(201);
    workflows.push(res.body.workflowId);
    const task = await eventually(() => stack.prisma.task.findFirst({ where: { executionId: res.body.executionId, stageKey: 'assign', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'assign open');
    const running = await stack.prisma.task.count({ where: { flowKey: 'annual-report', stageKey: 'assign', status: 'OPEN', position: 'main' } });

    await signIn('admin');
    await page.getByRole('menuitem', { name: '环节设置' }).click();
    // The stage's row (its English name is a column of the stages list only, not of the inbox left behind).
    await page.getByRole('row').filter({ hasText: '政府信息公开工作年度报告' }).filter({ hasText: 'Assignment' }).click();
    const preview = page.getByTestId('stage-running');
    await preview.getByText(`当前有 ${running} 个正在办理的此环节`).waitFor({ timeout: 20_000 });
    await page.getByLabel(/办理期限（工作日）/).fill('7');
    await page.getByLabel('同时应用于在办事项（调整正在办理的环节的期限）').check();
    await screenshot(page, 'admin-01-stage-edit');
    await page.getByRole('button', { name: '保存' }).click();
    // Every running step is tried; rows left open by other files' flows (on other Temporal servers) cannot move.
    const done = page.getByText(/环节设置已保存，已调整 \d+ 个在办环节的期限（\d+ 个未能调整）/);
    await done.waitFor({ timeout: 60_000 });
    const [, moved, failed] = /已调整 (\d+) 个在办环节的期限（(\d+) 个未能调整）/.exec((await done.textContent())!)!.map(Number);
    expect(moved).toBeGreaterThanOrEqual(1);
    expect(moved + failed).toBe(running);

    const after = await stack.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(china(after.deadlineAt!)).toBe(createWorkingCalendar().addWorkingDays(china(task.startedAt), 7));
    await page.getByRole('row').filter({ hasText: 'Assignment' }).getByText('7 个工作日').waitFor();
    await screenshot(page, 'admin-02-stages-list');
  }, 120_000);

  it('an administrator sets 会签 on a stage: a rule nobody can meet is refused with its reason, two posts are saved, and "按流程定义" puts the registry back', async () => {
    const where = { flowKey_key: { flowKey: 'annual-report', key: 'sign-off' } };
    try {
      await signIn('admin');
      await page.getByRole('menuitem', { name: '环节设置' }).click();
      await page.getByRole('row').filter({ hasText: '主要负责同志签发' }).click();
      const box = page.getByTestId('stage-countersign');
      await box.getByLabel('会签设置').click();
      await page.getByRole('option', { name: '会签', exact: true }).click();
      // No post ticked: the rule cannot be met, the setting is refused and nothing is written.
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByRole('alert').filter({ hasText: /会签规则无法满足/ }).first().waitFor({ timeout: 20_000 });
      expect((await stack.prisma.stageDefinition.findUniqueOrThrow({ where })).countersign).toBeNull();
      await box.getByLabel('经办人').check();
      await box.getByLabel('单位负责人').check();
      await screenshot(page, 'admin-03-stage-countersign');
      await page.getByRole('button', { name: '保存' }).click();
      await eventually(async () => {
        const cs = (await stack.prisma.stageDefinition.findUniqueOrThrow({ where })).countersign as { enabled?: boolean; signers?: Array<{ role?: string }> } | null;
        return cs?.enabled && cs.signers?.map((x) => x.role).sort().join() === 'CLERK,UNIT_HEAD' ? cs : undefined;
      }, 20_000, 'countersign saved');
      const audit = await stack.prisma.auditEvent.findFirst({ where: { action: 'stage.updated' }, orderBy: { at: 'desc' } });
      expect(JSON.stringify(audit?.after)).toContain('countersign');

      await page.getByRole('menuitem', { name: '环节设置' }).click();
      await page.getByRole('row').filter({ hasText: '主要负责同志签发' }).click();
      await box.getByLabel('会签设置').click();
      await page.getByRole('option', { name: '按流程定义' }).click();
      await page.getByRole('button', { name: '保存' }).click();
      await eventually(async () => ((await stack.prisma.stageDefinition.findUniqueOrThrow({ where })).countersign === null ? true : undefined), 20_000, 'registry default back');
    } finally {
      // Other files' sign-offs must not become countersigned.
      await stack.prisma.stageDefinition.update({ where, data: { countersign: Prisma.DbNull } });
    }
  }, 120_000);
});

describe('the holiday calendar', () => {
  it('adds a local holiday that the month view shows, and removes it', async () => {
    await signIn('admin');
    await page.getByRole('menuitem', { name: '节假日日历' }).click();
    await page.getByTestId('calendar-month').waitFor({ timeout: 20_000 });
    await page.getByLabel('日期').fill(HOLIDAY);
    await page.getByLabel('说明').fill('区运动会');
    await page.getByRole('button', { name: '增加', exact: true }).click();
    // Previewed first: nothing is saved until the administrator confirms.
    await page.getByTestId('calendar-change-counts').waitFor({ timeout: 15_000 });
    expect(await stack.prisma.calendarOverride.findUnique({ where: { date: HOLIDAY } })).toBeNull();
    await page.getByRole('button', { name: '确认并应用于在办事项' }).click();
    // The change is saved at once and its job follows: a progress bar, then the result.
    const job = page.getByTestId('calendar-change-job');
    await job.waitFor({ timeout: 15_000 });
    await page.getByText(new RegExp(`已增加 ${HOLIDAY} 的调整，已调整 \\d+ 个在办事项的期限`)).waitFor({ timeout: 60_000 });
    expect(await job.getAttribute('data-status')).toBe('DONE');
    await job.getByText(/已完成：检查在办事项 \d+ 个/).waitFor();
    await page.getByRole('button', { name: '关闭' }).click();
    const day = page.locator(`[data-date="${HOLIDAY}"]`);
    await day.getByText('区运动会 · 本地放假').waitFor({ timeout: 15_000 });
    expect(await day.getAttribute('data-kind')).toBe('override-holiday');
    await page.getByTestId('calendar-overrides').getByText('区运动会').waitFor();
    // The 调休 and holidays of the national calendar are there too: 2026-10-01 is 国庆节.
    await screenshot(page, 'admin-03-calendar-override');
    expect(await stack.prisma.calendarOverride.findUnique({ where: { date: HOLIDAY } })).toMatchObject({ kind: 'holiday', name: '区运动会' });

    await page.getByTestId('calendar-overrides').getByRole('row').filter({ hasText: '区运动会' }).getByRole('button', { name: '删除' }).click();
    await page.getByRole('button', { name: '确认并应用于在办事项' }).click();
    await page.getByText(new RegExp(`已删除 ${HOLIDAY} 的调整`)).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '关闭' }).click();
    await eventually(async () => ((await day.getAttribute('data-kind')) === 'workday' ? true : undefined), 15_000, 'the day to be a working day again');
  }, 90_000);

  it('shows the national holidays and make-up working days (调休) of a month', async () => {
    await signIn('admin');
    await page.getByRole('menuitem', { name: '节假日日历' }).click();
    await page.getByLabel('年份').click();
    await page.getByRole('option', { name: '2026年' }).click();
    await page.getByLabel('月份').click();
    await page.getByRole('option', { name: '10月', exact: true }).click();
    await page.locator('[data-date="2026-10-01"]').getByText(/国庆节/).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-date="2026-10-01"]').getAttribute('data-kind')).toBe('holiday');
    expect(await page.locator('[data-kind="makeup-workday"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'admin-04-calendar-october');
  }, 60_000);
});

describe('a year\'s holiday arrangement', () => {
  it('is entered in one form, previewed as the year\'s calendar with the running steps it moves, and applied: the workflow\'s deadline, ladder and timer move and the holder is told', async () => {
    expect(createWorkingCalendar().isCovered(`${NOTICE_YEAR}-01-04`)).toBe(false);
    // A step whose sixty working days run into the uncovered year (counted Monday–Friday until the notice is entered).
    const assign = await stack.prisma.stageDefinition.findFirstOrThrow({ where: { flowKey: 'annual-report', key: 'assign' } });
    await stack.prisma.stageDefinition.update({ where: { id: assign.id }, data: { workingDays: 60 } });
    const api = await ApiSession.login(stack.baseUrl, 'admin');
    const res = await api.post('/api/annual-reports', { orgUnitCode: 'BJ-D009', year: 2025 });
    expect(res.status).toBe(201);
    workflows.push(res.body.workflowId);
    const task = await eventually(() => stack.prisma.task.findFirst({ where: { executionId: res.body.executionId, stageKey: 'assign', status: 'OPEN' } }).then((t) => t ?? undefined), 20_000, 'assign open');
    const handle: WorkflowHandle = stack.client.workflow.getHandle(res.body.workflowId);
    // The task row is written by the step's activity; the workflow holds the deadline once it has the answer.
    const before = await eventually(async () => (await handle.query(stepsQuery)).steps.find((x) => x.opened), 20_000, 'step opened in the workflow');
    await stack.prisma.stageDefinition.update({ where: { id: assign.id }, data: { workingDays: 2 } });
    expect(before.deadlineAt).toBe(createWorkingCalendar().deadlineAfter(task.startedAt, 60).toISOString());
    expect((await api.get('/api/calendar/coverage')).body.years).toContain(NOTICE_YEAR);

    await signIn('admin');
    await page.getByRole('menuitem', { name: '节假日日历' }).click();
    await page.getByTestId('calendar-coverage-warning').getByText(new RegExp(`${NOTICE_YEAR}年的节假日安排尚未发布或录入`)).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '录入年度节假日安排' }).click();
    const dialog = page.getByRole('dialog', { name: '录入年度节假日安排' });
    await dialog.getByLabel('年度').fill(String(NOTICE_YEAR));
    for (const [i, p] of NOTICE.periods.entries()) {
      if (i > 0) await dialog.getByRole('button', { name: '增加放假时段' }).click();
      const row = dialog.getByTestId('holiday-period').nth(i);
      await row.getByLabel('节日名称').fill(p.name);
      await row.getByLabel('放假起').fill(p.from);
      await row.getByLabel('放假止').fill(p.to);
    }
    for (const [i, m] of NOTICE.makeups.entries()) {
      await dialog.getByRole('button', { name: '增加调休上班日' }).click();
      const row = dialog.getByTestId('makeup-day').nth(i);
      await row.getByLabel('上班日期').fill(m.date);
      await row.getByLabel('对应节日').fill(m.name);
    }
    await dialog.getByRole('button', { name: '预览' }).click();

    // The year as deadlines will count it, and what it does to running steps, before anything is saved.
    const year = dialog.getByTestId('year-preview');
    await year.waitFor({ timeout: 30_000 });
    expect(await year.locator('[data-date="2027-02-08"]').getAttribute('data-kind')).toBe('override-holiday');
    expect(await year.locator('[data-date="2027-02-20"]').getAttribute('data-kind')).toBe('override-workday');
    expect(await year.locator('[data-date="2027-03-01"]').getAttribute('data-kind')).toBe('workday');
    const moved = dialog.getByTestId('calendar-change-moved').getByRole('row').filter({ hasText: task.title });
    await moved.waitFor({ timeout: 10_000 });
    await dialog.getByTestId('calendar-change-counts').getByText(/个的办理期限将随之调整/).waitFor();
    expect(await stack.prisma.calendarYear.count({ where: { year: NOTICE_YEAR } })).toBe(0);
    await dialog.getByTestId('calendar-change-counts').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-05-year-arrangement-preview');

    await dialog.getByRole('button', { name: '确认录入并应用' }).click();
    // Saved at once; the dialog follows the change's job (a progress bar) until it is done, then shows what moved.
    const job = dialog.getByTestId('calendar-change-job');
    await job.waitFor({ timeout: 15_000 });
    await job.getByRole('progressbar', { name: '应用进度' }).waitFor();
    await page.getByText(new RegExp(`已录入${NOTICE_YEAR}年节假日安排，已调整 \\d+ 个在办事项的期限`)).waitFor({ timeout: 90_000 });
    expect(await job.getAttribute('data-status')).toBe('DONE');
    await job.getByTestId('calendar-change-job-moved').getByRole('row').filter({ hasText: task.title }).waitFor({ timeout: 10_000 });
    await job.getByText(/已完成：检查在办事项 \d+ 个，调整 [1-9]\d* 个/).waitFor();
    expect(await job.getByTestId('calendar-change-job-failures').count()).toBe(0);
    await screenshot(page, 'admin-06a-year-arrangement-job-done');
    await dialog.getByRole('button', { name: '关闭' }).click();
    await page.locator('[data-date="2027-01-01"]').getByText(/元旦/).waitFor({ timeout: 15_000 });
    await page.getByTestId('calendar-years').getByText(`${NOTICE_YEAR}年：国务院办公厅关于${NOTICE_YEAR}年部分节假日安排的通知（14 天与国家数据不同）`).waitFor({ timeout: 15_000 });
    // The warning no longer names the year (other files' rows may still rest on later years).
    await eventually(async () => ((await page.getByTestId('calendar-coverage-warning').allTextContents()).join('').includes(`${NOTICE_YEAR}年`) ? undefined : true), 15_000, 'the warning to drop the year');
    await screenshot(page, 'admin-06-year-arrangement-applied');

    // In the workflow: its deadline and ladder, the moveDeadline it ran, and the timer it now sleeps on.
    const entered = createWorkingCalendar([
      ...NOTICE.periods.flatMap((p) => daysBetween(p.from, p.to).map((date) => ({ date, kind: 'holiday' as const, name: p.name }))),
      ...NOTICE.makeups.map((m) => ({ date: m.date, kind: 'workday' as const, name: m.name })),
    ], { publishedYears: [NOTICE_YEAR] });
    const expected = entered.deadlineAfter(task.startedAt, 60);
    expect(expected.toISOString()).not.toBe(before.deadlineAt);
    const after = (await handle.query(stepsQuery)).steps[0];
    expect(after.deadlineAt).toBe(expected.toISOString());
    expect(after.rungs.find((r) => r.key === 'T+0')!.at).toBe(expected.toISOString());
    expect(after.rungs.find((r) => r.key === 'T+3')!.at).toBe(endOfChinaDay(entered.addWorkingDays(china(expected), 3)).toISOString());
    const events = (await handle.fetchHistory()).events ?? [];
    const updateAt = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'reschedule');
    expect(updateAt).toBeGreaterThan(0);
    // The step's projection runs as a local activity: its marker holds the activity's type and its result
    // (the new deadline); what it was asked (a recount of 60 working days, and why) is in its audit row.
    const decode = (p: { data?: Uint8Array | null } | undefined) => (p?.data ? JSON.parse(Buffer.from(p.data).toString('utf8')) : undefined);
    const moves = events.slice(updateAt).flatMap((e) => {
      const m = e.markerRecordedEventAttributes;
      if (m?.markerName !== 'core_local_activity') return [];
      const data = decode(m.details?.data?.payloads?.[0]);
      return data?.activity_type === 'moveDeadline' ? [decode(m.details?.result?.payloads?.[0]) as { deadlineAt: string }] : [];
    });
    expect(moves).toEqual([expect.objectContaining({ deadlineAt: expected.toISOString() })]);
    const audit = await stack.prisma.auditEvent.findFirstOrThrow({ where: { entityId: task.id, action: 'task.rescheduled' }, orderBy: { at: 'desc' } });
    expect(audit.after).toMatchObject({ deadlineAt: expected.toISOString(), workingDays: 60, reason: expect.stringContaining(`${NOTICE_YEAR}年`) });
    expect(events.slice(updateAt).some((e) => e.timerStartedEventAttributes)).toBe(true);

    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.deadlineAt!.toISOString()).toBe(expected.toISOString());
    const told = await eventually(() => stack.prisma.notification.findFirst({ where: { taskId: task.id, kind: 'rescheduled' } }).then((n) => n ?? undefined), 20_000, 'holder told');
    expect(told.body).toContain(`由 ${china(new Date(before.deadlineAt!))} 调整为 ${china(expected)}`);
    expect((await api.get('/api/calendar/coverage')).body.years).not.toContain(NOTICE_YEAR);
  }, 240_000);
});

describe('a year\'s holiday arrangement uploaded', () => {
  it('fills the form from a file in the calendar package\'s JSON shape and previews the year without saving anything', async () => {
    await signIn('admin');
    await page.getByRole('menuitem', { name: '节假日日历' }).click();
    await page.getByRole('button', { name: '录入年度节假日安排' }).click();
    const dialog = page.getByRole('dialog', { name: '录入年度节假日安排' });
    await dialog.getByLabel('年度').fill('2028');
    // The package's own shape, two years in one file: only the chosen year's days are taken.
    const file = {
      holidays: { '2028-01-01': "New Year's Day,元旦,1", '2028-05-01': 'Labour Day,劳动节,2', '2028-05-02': 'Labour Day,劳动节,2', '2029-01-01': "New Year's Day,元旦,1" },
      workdays: { '2028-04-29': 'Labour Day,劳动节,2' },
      inLieuDays: {},
    };
    await dialog.getByTestId('arrangement-upload').setInputFiles({ name: 'chinese-days-2028.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await eventually(async () => ((await dialog.getByTestId('holiday-period').count()) === 2 ? true : undefined), 10_000, 'two holiday periods from the file');
    expect(await dialog.getByTestId('holiday-period').nth(1).getByLabel('节日名称').inputValue()).toBe('劳动节');
    expect(await dialog.getByTestId('holiday-period').nth(1).getByLabel('放假止').inputValue()).toBe('2028-05-02');
    expect(await dialog.getByTestId('makeup-day').nth(0).getByLabel('上班日期').inputValue()).toBe('2028-04-29');
    await dialog.getByRole('button', { name: '预览' }).click();
    const year = dialog.getByTestId('year-preview');
    await year.waitFor({ timeout: 30_000 });
    expect(await year.locator('[data-date="2028-05-02"]').getAttribute('data-kind')).toBe('override-holiday');
    expect(await year.locator('[data-date="2028-04-29"]').getAttribute('data-kind')).toBe('override-workday');
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await stack.prisma.calendarYear.count({ where: { year: 2028 } })).toBe(0);
    expect(await stack.prisma.calendarOverride.count({ where: { date: { startsWith: '2028-' } } })).toBe(0);
  }, 90_000);
});

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) out.push(d);
  return out;
}

describe('accounts', () => {
  it('an administrator creates an account in a unit, with a post and an initial password to change at the first sign-in', async () => {
    const login = `e2e-${Date.now().toString(36)}`;
    await signIn('admin');
    await page.getByRole('menuitem', { name: '账号', exact: true }).click();
    await page.getByRole('link', { name: '新建' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="displayName"]').fill('测试新用户');
    await page.getByRole('combobox', { name: /所属单位/ }).fill('东华门');
    await page.getByRole('option', { name: /东华门街道/ }).first().click();
    await page.getByLabel('经办人').check();
    await page.locator('input[name="password"]').fill('Initial#Password2026');
    await screenshot(page, 'admin-05-user-create');
    await page.getByRole('button', { name: '保存' }).click();
    // Back on the list (a thousand accounts): the search finds the new one.
    await page.getByPlaceholder('搜索').fill(login);
    await page.getByRole('row').filter({ hasText: login }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'admin-06-user-list');
    const created = await stack.prisma.user.findUniqueOrThrow({ where: { login }, include: { orgUnit: true } });
    expect(created).toMatchObject({ displayName: '测试新用户', roles: ['CLERK'], mustChangePassword: true, active: true });
    expect(created.orgUnit.name).toContain('东华门街道');
    await stack.prisma.user.update({ where: { id: created.id }, data: { active: false } });
  }, 90_000);
});

describe('the org units tree', () => {
  it('opens a district to its streets', async () => {
    await signIn('admin');
    await page.getByRole('menuitem', { name: '单位' }).click();
    const tree = page.getByTestId('org-tree');
    await tree.getByRole('button', { name: /展开 .*东城区人民政府/ }).click();
    await tree.getByText('东城区东华门街道').waitFor({ timeout: 15_000 });
    await screenshot(page, 'admin-07-org-tree');
  }, 60_000);

  it('shows a clerk none of the administrators\' menus', async () => {
    await signIn('street-clerk');
    await page.getByRole('menuitem', { name: '通知', exact: true }).waitFor();
    for (const menu of ['环节设置', '节假日日历', '账号', '逾期待办', '督办与拟通报']) {
      expect(await page.getByRole('menuitem', { name: menu, exact: true }).count()).toBe(0);
    }
  }, 60_000);
});
