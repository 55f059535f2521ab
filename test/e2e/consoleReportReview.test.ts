/**
 * The annual report reviewed like the city's own assessment, in a real browser against the real stack:
 * the clerk answers last year's 整改 items and confirms a warning one by one; the city verifier sees a near
 * copy's 文字重复率 with the repeated sentences side by side, and last year's list beside the answers; the
 * supervisor's dashboard lists and filters units by duplication; and the public 统一展示 page, signed out,
 * lists and renders only the published report, on a desktop and a phone, and prints without its search form.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { warningKey, type Issue } from '../../domain/annual-report';
import { DEMO_PASSWORD } from '../../prisma/seed/users';
import { constructedPrevious2023, longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { openBrowser, screenshot, screenshotOf, signInFresh } from '../support/browser';
import { CampaignDriver, unusedYearPair } from '../support/campaign';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let browser: BrowserContext;
let page: Page;
let admin: ApiSession;
let YEAR: number;
let campaignId: string;
const started: string[] = [];
const UNIT = 'BJ-D005';
const COPIER = 'BJ-D006';

beforeAll(async () => {
  stack = await startStack();
  // A year and the one before that no other file (nor an earlier run on this database) has used; 2089–2099
  // are the batch-approval tests' years, and the API refuses years after 2100.
  YEAR = await unusedYearPair(stack.prisma, 2061, 2088);
  browser = await openBrowser();
  page = await browser.newPage();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  const units = campaignId ? await stack.prisma.campaignUnit.findMany({ where: { campaignId }, select: { workflowId: true } }) : [];
  const campaign = campaignId ? await stack.prisma.campaign.findUnique({ where: { id: campaignId }, select: { workflowId: true } }) : null;
  await cancelWorkflows(stack.client, [...units.map((u) => u.workflowId), ...(campaign ? [campaign.workflowId] : []), ...started]);
  await stack.stop();
});

const signIn = (login: string) => signInFresh(browser, page, stack.baseUrl, login, DEMO_PASSWORD);

describe('the reviewer\'s journey and the public page', () => {
  it('整改 answered and a warning confirmed by the clerk; duplication and last year\'s list seen by the verifier; the dashboard filter; then the public page', async () => {
    // Arrange, through the API: last year the city returned BJ-D005 with a problem; this year's campaign.
    const last = new CampaignDriver(stack.baseUrl, YEAR - 1, admin);
    const start = await admin.post('/api/annual-reports', { orgUnitCode: UNIT, year: YEAR - 1 });
    expect(start.status).toBe(201);
    started.push(start.body.workflowId);
    const lastReport = constructedPrevious2023();
    lastReport.sections = { ...longgang2024().sections };
    await last.act(UNIT, 'assign', 'complete');
    await last.act(UNIT, 'self-check', 'complete', { result: { report: lastReport } });
    await last.act(UNIT, 'sign-off', 'complete', {});
    await last.act(UNIT, 'city-verification', 'return', { toStageKey: 'self-check', reasonCode: 'city-check', comment: '请整改', problems: ['第六部分未说明信息处理费收取情况'] });
    const p = (await admin.get(`/api/campaigns/preview?year=${YEAR}&roots=${UNIT},${COPIER}`)).body;
    const launched = await admin.post('/api/campaigns', { year: YEAR, rootCodes: [UNIT, COPIER], schedule: p.schedule });
    expect(launched.status).toBe(201);
    campaignId = launched.body.id;
    const driver = new CampaignDriver(stack.baseUrl, YEAR, admin);
    await driver.act(UNIT, 'assign', 'complete');
    const selfCheck = await driver.openStep(UNIT, 'self-check');
    const clerk = await driver.assigneeOf(selfCheck);
    const draft = longgang2024();
    draft.sections.s1 += '全年共收到政府信息公开申请70件。';
    expect((await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: draft })).status).toBe(200);

    // The clerk: the 整改 item is on the form; unanswered it is an error; answered and covered in 五, the
    // report may be submitted once the warning (70 in the text against 66 in 表三) is confirmed.
    await signIn('bj-d005-clerk');
    await page.goto(`${stack.baseUrl}/#/tasks/${selfCheck.id}/show`);
    const panel = page.getByTestId('report-rectification');
    await panel.getByText('第六部分未说明信息处理费收取情况', { exact: true }).waitFor({ timeout: 20_000 });
    await page.getByTestId('report-errors').getByText(/整改事项 1.*未作答/).waitFor();
    await panel.getByRole('radio', { name: '已整改' }).check();
    await page.getByTestId(`rectification-answer-${YEAR - 1}-1`).fill('已在第六部分写明本年度未收取信息处理费。');
    const s5 = page.getByLabel('五、存在的主要问题及改进情况', { exact: true });
    await s5.fill(`${draft.sections.s5}针对上一年度全市核查指出的问题，已逐项整改。`);
    await page.getByTestId('report-status').getByText('校验通过，可以提交').waitFor();
    await page.getByTestId('report-warnings').getByText(/收到政府信息公开申请70件/).waitFor();
    await screenshot(page, 'review-01-clerk-rectification');
    await page.getByTestId('report-editor').getByRole('button', { name: '提交自查' }).click();
    const confirm = page.getByTestId('report-submit-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('report-confirm-warnings').getByRole('checkbox').check();
    await screenshotOf(page.getByRole('dialog'), 'review-02-confirm-warning');
    await confirm.click();
    await page.getByText('年度报告已提交自查').waitFor({ timeout: 20_000 });
    await driver.act(UNIT, 'sign-off', 'complete', {});

    // BJ-D006 submits a near copy of BJ-D005's text (through the API).
    await driver.act(COPIER, 'assign', 'complete');
    const copied = longgang2024();
    copied.sections.s1 += '全年共收到政府信息公开申请70件。本单位另行组织了两次政务公开专题培训。';
    const copierTask = await driver.openStep(COPIER, 'self-check');
    const copierClerk = await driver.assigneeOf(copierTask);
    const checked = await copierClerk.request('PUT', `/api/tasks/${copierTask.id}/draft`, { report: copied });
    expect((await copierClerk.post(`/api/tasks/${copierTask.id}/complete`, { requestId: randomUUID(), result: { report: copied, confirmedWarnings: checked.body.warnings.map((w: Issue) => warningKey(w)) } })).status).toBe(200);
    await driver.act(COPIER, 'sign-off', 'complete', {});

    // The verifier: the copy's 文字重复率, per part and sentence by sentence beside its source.
    const copyVerification = await driver.openStep(COPIER, 'city-verification');
    await signIn('city-verifier');
    await page.goto(`${stack.baseUrl}/#/tasks/${copyVerification.id}/show`);
    const dup = page.getByTestId('report-duplication');
    await dup.waitFor({ timeout: 20_000 });
    const total = Number((await dup.getByTestId('duplication-total').textContent())!.replace('%', ''));
    expect(total).toBeGreaterThan(60);
    await dup.getByText('重复率达到退回阈值，建议退回修改。').waitFor();
    const first = dup.getByTestId('duplication-match').first();
    const [mine, theirs] = await first.locator('mark').allTextContents();
    expect(mine).toBe(theirs);
    await screenshotOf(dup, 'review-03-duplication-side-by-side');

    // The verifier on BJ-D005: last year's list beside the clerk's answer, and the confirmed warning.
    const verification = await driver.openStep(UNIT, 'city-verification');
    await page.goto(`${stack.baseUrl}/#/tasks/${verification.id}/show`);
    const list = page.getByTestId('report-rectification');
    await list.getByText('第六部分未说明信息处理费收取情况', { exact: true }).waitFor({ timeout: 20_000 });
    await list.getByTestId(`rectification-answer-${YEAR - 1}-1`).getByText('已在第六部分写明本年度未收取信息处理费。').waitFor();
    await page.getByTestId('report-view-warnings').getByText('提交人已逐项确认 1 处提示').waitFor();
    await screenshotOf(list, 'review-04-rectification-beside-answers');

    // The supervisor's dashboard: the campaign-wide pass, then the units at the return threshold.
    await signIn('supervisor');
    await page.goto(`${stack.baseUrl}/#/campaigns/${campaignId}/show`);
    const widget = page.getByTestId('campaign-duplication');
    await widget.waitFor({ timeout: 30_000 });
    await widget.getByTestId('duplication-run').click();
    await page.getByText(/已计算 2 份报告/).waitFor({ timeout: 20_000 });
    await widget.getByTestId('duplication-filter').click();
    await page.getByRole('option', { name: '达到退回阈值' }).click();
    await eventually(async () => ((await widget.locator('[data-duplication-unit]').count()) === 2 ? true : undefined), 10_000, 'both units listed');
    await screenshotOf(widget, 'review-05-dashboard-duplication');

    // Publish BJ-D005 (through the API); BJ-D006 stays in review.
    await driver.act(UNIT, 'city-verification', 'complete', {});
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await driver.act(UNIT, 'pre-release', 'complete', { result: { publicationDate: today } });
    await eventually(async () => ((await admin.get(`/api/campaigns/${campaignId}/units`)).body as any[]).find((u) => u.code === UNIT && u.state === 'READY'), 60_000, 'ready');
    expect((await admin.post(`/api/campaigns/${campaignId}/publish`, { group: 'DEPARTMENT' })).status).toBe(200);
    await eventually(async () => ((await admin.get(`/api/campaigns/${campaignId}/units`)).body as any[]).find((u) => u.code === UNIT && u.state === 'PUBLISHED'), 60_000, 'published');

    // 统一展示, signed out: the list by the org tree, a search, the report as the template prints it.
    await browser.clearCookies();
    await page.goto(`${stack.baseUrl}/public/annual-reports?year=${YEAR}`);
    await page.getByRole('heading', { level: 1, name: '政府信息公开工作年度报告' }).waitFor();
    const links = page.locator('ul.reports a');
    expect(await links.count()).toBe(1);
    expect(await links.first().textContent()).toContain(`${YEAR}年政府信息公开工作年度报告`);
    await page.getByLabel('单位名称或正文关键词').fill('逐项整改');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('共 1 份年度报告').waitFor();
    await screenshot(page, 'public-01-list');
    await links.first().click();
    await page.getByRole('heading', { level: 2, name: '三、收到和处理政府信息公开申请情况' }).waitFor();
    expect(await page.locator('h2').allTextContents()).toEqual(['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']);
    expect(await page.locator('table caption').allTextContents()).toEqual(['表二 主动公开政府信息情况', '表三 收到和处理政府信息公开申请情况', '表四 政府信息公开行政复议、行政诉讼情况']);
    expect(await page.locator('th[scope="row"]').count()).toBeGreaterThan(25);
    await screenshot(page, 'public-02-report-desktop');
    // A phone: the page does not scroll sideways; the tables scroll inside their own box.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await screenshot(page, 'public-03-report-phone');
    await page.goto(`${stack.baseUrl}/public/annual-reports?year=${YEAR}`);
    await screenshot(page, 'public-04-list-phone');
    // Printing drops the search form.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.search').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 860 });
    // The report still in review is not shown.
    const notYet = await page.goto(`${stack.baseUrl}/public/annual-reports/${YEAR}/${COPIER}`);
    expect(notYet?.status()).toBe(404);
  }, 300_000);
});
