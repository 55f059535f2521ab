/**
 * Campaigns in the console, in a real browser against the real stack: an administrator drafts the
 * timetable (the statutory dates prefilled), sees an edited date refused with the server's reason, launches
 * and watches the launch progress bar fill; a supervisor opens the dashboard, sees the matrix with an
 * overdue unit in red, drills down from the city to a district, and reads a unit's timeline; on a phone the
 * same dashboard stacks and its matrix is a drill-down list with overdue counts. The 全市汇总 section drills
 * down to the district and exports its workbook.
 */
import type { Page } from 'playwright-core';
import { screenshot, useConsole } from '../support/browser';
import { cancelWorkflows, eventually, type TestStack } from '../support/stack';

const YEAR = 2036;

/** This year's campaign and its units' flows, as the file (or an earlier run) left them. */
async function cancelCampaigns(stack: TestStack): Promise<void> {
  const earlier = await stack.prisma.campaign.findMany({ where: { year: YEAR }, include: { units: { select: { workflowId: true } } } });
  await cancelWorkflows(stack.client, earlier.flatMap((c) => [c.workflowId, ...c.units.map((u) => u.workflowId)]));
}

const ui = useConsole({ beforeStop: cancelCampaigns, stopTimeoutMs: 300_000 });
let stack: TestStack;
let page: Page;
const signIn = ui.signIn;

beforeAll(async () => {
  ({ stack, page } = ui);
  // A rerun on the same database starts clean: this year's campaign from an earlier run is taken away.
  await cancelCampaigns(stack);
  await stack.prisma.campaignUnit.deleteMany({ where: { campaign: { year: YEAR } } });
  await stack.prisma.campaign.deleteMany({ where: { year: YEAR } });
}, 300_000);

describe('campaigns in the console', () => {
  it('an administrator launches a district\'s campaign with the prefilled timetable and watches the launch progress', async () => {
    await signIn('admin');
    await page.goto(`${stack.baseUrl}/#/campaigns/create`);
    await page.getByLabel('year').fill(String(YEAR));
    await page.getByLabel('东城区人民政府').check();
    await page.getByRole('button', { name: '生成工作安排' }).click();
    await page.getByText('法定日期').waitFor();
    // The statutory dates (条例 第四十九条) are prefilled: departments 31 January, governments 31 March.
    await page.getByText(`${YEAR + 1}-01-31`).first().waitFor();
    await page.getByText(`${YEAR + 1}-03-31`).first().waitFor();
    await screenshot(page, 'campaign-launch-timetable');

    // An edited date after the statutory one is refused with the server's sentence; nothing is launched.
    await page.getByLabel('DEPARTMENT-publishBy').fill(`${YEAR + 1}-02-15`);
    await page.getByRole('button', { name: '部署专项' }).click();
    await page.getByTestId('schedule-problems').getByText(`不能晚于法定日期 ${YEAR + 1}-01-31`).waitFor();
    expect(await stack.prisma.campaign.count({ where: { year: YEAR } })).toBe(0);
    await screenshot(page, 'campaign-launch-refused');

    await page.getByLabel('DEPARTMENT-publishBy').fill(`${YEAR + 1}-01-31`);
    await page.getByRole('button', { name: '部署专项' }).click();
    await page.getByRole('progressbar', { name: 'launch-progress' }).first().waitFor({ timeout: 20_000 });
    const campaign = await eventually(() => stack.prisma.campaign.findFirst({ where: { year: YEAR } }).then((c) => c ?? undefined), 20_000, 'campaign row');
    await eventually(async () => ((await stack.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).status === 'RUNNING' ? true : undefined), 120_000, 'launch finished');
    await page.getByText('进行中').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'campaign-launched');
  }, 300_000);

  it('a supervisor sees the progress matrix with an overdue unit in red, drills down, and reads a unit\'s timeline', async () => {
    const campaign = await stack.prisma.campaign.findFirstOrThrow({ where: { year: YEAR } });
    // Arrange: one street's first step is long overdue.
    const street = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S02' } });
    const task = await eventually(() => stack.prisma.task.findFirst({ where: { campaignId: campaign.id, orgUnitId: street.id, status: 'OPEN' } }).then((t) => t ?? undefined), 60_000, 'street task');
    await stack.prisma.task.update({ where: { id: task.id }, data: { deadlineAt: new Date(Date.now() - 20 * 86_400_000) } });

    await signIn('supervisor');
    await page.getByRole('menuitem', { name: '年度报告专项' }).click();
    // The inbox behind it lists the campaign's tasks under the same title: wait for the campaigns list.
    await page.waitForURL(/#\/campaigns$/);
    await page.getByRole('row').filter({ hasText: '进行中' }).filter({ hasText: `${YEAR}年度政府信息公开工作年度报告` }).click();
    const matrix = page.getByRole('table', { name: 'progress-matrix' });
    await matrix.waitFor({ timeout: 20_000 });
    // The city-level view: one row for the district, with its overdue cell marked.
    const district = matrix.getByRole('row').filter({ hasText: '东城区人民政府' });
    await district.waitFor();
    expect(await district.locator('[data-overdue="true"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'campaign-dashboard');

    // 全市汇总: no report is signed off yet, so nothing is counted and the district's line says so; it drills
    // down to the district's units, and 导出 Excel downloads the workbook of the same root.
    const summary = page.getByTestId('campaign-summary');
    const summaryDistrict = summary.getByRole('table', { name: 'summary-drill' }).getByRole('row').filter({ hasText: '东城区人民政府' });
    await summaryDistrict.getByText(/^0\/\d+$/).waitFor({ timeout: 20_000 });
    await summaryDistrict.getByRole('button', { name: '东城区人民政府' }).click();
    await summary.getByRole('row').filter({ hasText: street.name }).waitFor({ timeout: 20_000 });
    const href = await summary.getByTestId('summary-export').getAttribute('href');
    expect(href).toMatch(new RegExp(`^/api/campaigns/${campaign.id}/summary\\.xlsx\\?root=[0-9a-f-]{36}$`));
    const xlsx = await page.request.get(`${stack.baseUrl}${href}`);
    expect([xlsx.status(), xlsx.headers()['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    await screenshot(page, 'campaign-summary-district');

    await district.getByRole('button', { name: '东城区人民政府' }).click();
    const streetRow = matrix.getByRole('row').filter({ hasText: street.name });
    await streetRow.waitFor({ timeout: 20_000 });
    expect(await streetRow.locator('[data-overdue="true"]').count()).toBe(1);
    await screenshot(page, 'campaign-dashboard-district');

    await streetRow.getByRole('button', { name: street.name }).click();
    const timeline = page.getByRole('table', { name: 'unit-timeline' });
    await timeline.getByText('收到待办').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'campaign-unit-timeline');

    // The same dashboard on a phone: the matrix becomes a drill-down list and the page fits the screen.
    await page.keyboard.press('Escape');
    await timeline.waitFor({ state: 'hidden' });
    await ui.setViewport('phone');
    try {
      const list = page.locator('[aria-label="progress-list"]');
      await list.waitFor({ timeout: 20_000 });
      const up = page.getByRole('button', { name: '返回上一级' });
      if (await up.isVisible()) await up.click();
      const districtLine = list.getByRole('button', { name: '东城区人民政府' });
      await districtLine.getByText(/逾期 \d+/).waitFor({ timeout: 20_000 });
      expect(await districtLine.getAttribute('data-overdue')).toBe('true');
      await ui.shot('campaign-dashboard');
      await districtLine.click();
      const streetLine = list.getByRole('button', { name: street.name });
      await streetLine.getByText(/逾期 \d+/).waitFor({ timeout: 20_000 });
      expect(await streetLine.getAttribute('data-overdue')).toBe('true');
      await ui.shot('campaign-dashboard-district');
      await streetLine.click();
      await timeline.getByText('收到待办').first().waitFor({ timeout: 20_000 });
      await ui.shot('campaign-unit-timeline');
      await page.keyboard.press('Escape');
    } finally {
      await ui.setViewport('desktop');
    }
  }, 300_000);
});
