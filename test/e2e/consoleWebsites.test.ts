/**
 * The site inventory in the console, in a real browser against the real stack: a supervisor checks a file
 * with a bad row (the report names the row and the reason, nothing is imported), checks the fixed file,
 * imports it and finds the sites in the list; a unit's plan row is approved from 《整合计划表》.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { WEBSITE_COLUMNS } from '../../domain/websites';
import { screenshot, useConsole } from '../support/browser';
import { ApiSession, eventually, type TestStack } from '../support/stack';
import { generateSites, toCsv, toRows, type FixtureUnit } from '../support/websiteFixtures';

const ui = useConsole();
let stack: TestStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = ui);
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'govflow-sites-'));

const signIn = ui.signIn;

describe('the site inventory in the console', () => {
  it('shows the validation report of a file with a bad row and imports nothing, then imports the fixed file', async () => {
    const units: FixtureUnit[] = (await stack.prisma.orgUnit.findMany({ include: { parent: true } }))
      .map((u) => ({ code: u.code, name: u.name, kind: u.kind, parentCode: u.parent?.code ?? null }));
    const sites = generateSites(units).slice(0, 12);
    const rows = toRows(sites);
    const domainCol = WEBSITE_COLUMNS.findIndex(([, f]) => f === 'domain');
    const bad = rows.map((r) => [...r]);
    bad[3][domainCol] = 'http://bad domain/网站';
    const badFile = path.join(dir, '网站清单-有误.csv');
    const goodFile = path.join(dir, '网站清单.csv');
    writeFileSync(badFile, toCsv(sites, bad));
    writeFileSync(goodFile, toCsv(sites, rows));
    const before = await stack.prisma.website.count();

    await signIn('supervisor');
    await page.getByRole('menuitem', { name: '网站清单' }).click();
    await page.getByRole('link', { name: '导入网站' }).click();
    await page.getByLabel('site-file').setInputFiles(badFile);
    await page.getByRole('button', { name: '检查文件' }).click();
    const report = page.getByRole('table', { name: 'import-report' });
    // Spreadsheet row 5 is data row 4 (the header is row 1).
    await report.getByRole('row').filter({ hasText: '5' }).filter({ hasText: 'domain' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);
    expect(await stack.prisma.website.count()).toBe(before);
    await screenshot(page, 'websites-import-report');

    await page.getByLabel('site-file').setInputFiles(goodFile);
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('共 12 行，全部通过检查').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('已导入 12 个网站').waitFor({ timeout: 20_000 });
    expect(await stack.prisma.website.count()).toBe(before + 12);

    await page.getByLabel('搜索').fill(sites[0].domain);
    await page.getByRole('row').filter({ hasText: sites[0].name }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'websites-list');
  }, 180_000);

  it('the city office approves a unit\'s plan row from 《整合计划表》', async () => {
    const site = await stack.prisma.website.findFirstOrThrow({ where: { status: 'RUNNING', plan: null }, include: { ownerUnit: true }, orderBy: { createdAt: 'desc' } });
    const clerk = await ApiSession.login(stack.baseUrl, `${site.ownerUnit.code.toLowerCase()}-clerk`).catch(() => null);
    const submitter = clerk ?? await ApiSession.login(stack.baseUrl, 'admin');
    const submitted = await submitter.post('/api/consolidation-plans', { rows: [{ websiteId: site.id, decision: 'CLOSE', plannedDate: `${new Date().getFullYear() + 1}-03-01` }] });
    expect(submitted.body.error).toBeUndefined();

    await signIn('supervisor');
    await page.getByRole('menuitem', { name: '整合计划表' }).click();
    const row = page.getByRole('row').filter({ hasText: site.domain });
    await row.waitFor({ timeout: 20_000 });
    await screenshot(page, 'websites-plans');
    await row.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByText('已批准，流程已启动').waitFor({ timeout: 20_000 });
    const plan = await eventually(() => stack.prisma.consolidationPlan.findFirst({ where: { websiteId: site.id, status: 'APPROVED' } }).then((p) => p ?? undefined), 20_000, 'plan approved');
    expect(plan.decision).toBe('CLOSE');
    const started = await stack.prisma.website.findUniqueOrThrow({ where: { id: site.id } });
    if (started.workflowId) await stack.client.workflow.getHandle(started.workflowId).cancel().catch(() => undefined);
  }, 180_000);
});
