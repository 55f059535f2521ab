/**
 * 全市汇总 through the API against the real stack: a small campaign (a municipal department and three streets
 * of 东城区) where two units' reports are signed off, one awaits its head's sign-off and one has none; the
 * city's sum counts exactly the two, the drill-down opens the district, a district supervisor sees only
 * the district, and the .xlsx export parses back with the same figures laid out like the template.
 */
import ExcelJS from 'exceljs';
import { T3_ROW_KEYS, T4_COLUMN_KEYS, T4_ROW_KEYS } from '../../domain/annual-report';
import { longgang2024 } from '../domain/annual-report/fixtures/longgang-2024';
import { CampaignDriver } from '../support/campaign';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

const YEAR = 2041;
const UNITS = ['BJ-D030', 'BJ-Q01-S04', 'BJ-Q01-S05', 'BJ-Q01-S06'];
let stack: TestStack;
let admin: ApiSession;
let supervisor: ApiSession;
let districtSupervisor: ApiSession;
let campaignId: string;

/** This year's campaign and its units' flows, as the file (or an earlier run on the same database) left them. */
async function cancelCampaign(): Promise<void> {
  const earlier = await stack.prisma.campaign.findMany({ where: { year: YEAR }, include: { units: { select: { workflowId: true } } } });
  await cancelWorkflows(stack.client, earlier.flatMap((c) => [c.workflowId, ...c.units.map((u) => u.workflowId)]));
}

beforeAll(async () => {
  stack = await startStack();
  await cancelCampaign();
  await stack.prisma.campaignUnit.deleteMany({ where: { campaign: { year: YEAR } } });
  await stack.prisma.campaign.deleteMany({ where: { year: YEAR } });
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  districtSupervisor = await ApiSession.login(stack.baseUrl, 'dc-supervisor');
  const preview = (await admin.get(`/api/campaigns/preview?year=${YEAR}&roots=${UNITS.join(',')}&townshipPublishBy=${YEAR + 1}-02-25`)).body;
  const res = await admin.post('/api/campaigns', { year: YEAR, rootCodes: UNITS, schedule: preview.schedule });
  expect([res.status, res.body.error]).toEqual([201, undefined]);
  campaignId = res.body.id;
  await eventually(async () => {
    const c = (await admin.get(`/api/campaigns/${campaignId}`)).body;
    return c.status !== 'LAUNCHING' && c.startedUnits === c.totalUnits ? c : undefined;
  }, 60_000, 'campaign launched');
  const driver = new CampaignDriver(stack.baseUrl, YEAR, admin);
  const report = { result: { report: longgang2024() } };
  await Promise.all([
    (async () => {
      for (const code of ['BJ-D030', 'BJ-Q01-S04']) {
        await driver.act(code, 'assign', 'complete');
        await driver.act(code, 'self-check', 'complete', report);
        await driver.act(code, 'sign-off', 'complete', { comment: '同意签发' });
      }
    })(),
    (async () => {
      await driver.act('BJ-Q01-S05', 'assign', 'complete');
      await driver.act('BJ-Q01-S05', 'self-check', 'complete', report);
    })(),
  ]);
}, 300_000);

afterAll(async () => {
  await cancelCampaign();
  await stack.stop();
});

describe('the city summary (全市汇总) of a campaign', () => {
  it('sums the signed-off last reports only, says which units are missing and why, and drills down city → district → unit', async () => {
    const one = longgang2024();
    const city = (await supervisor.get(`/api/campaigns/${campaignId}/summary`)).body;
    expect(city.error).toBeUndefined();
    expect(city).toMatchObject({ units: 4, included: 2, missing: 2, noReport: 1, awaitingSignOff: 1, ruleProblems: [] });
    for (const row of T3_ROW_KEYS) expect([row, city.t3[row]]).toEqual([row, Object.fromEntries(Object.entries(one.t3[row]).map(([c, v]) => [c, 2 * v]))]);
    for (const row of T4_ROW_KEYS) for (const col of T4_COLUMN_KEYS) expect(city.t4[row][col]).toBe(2 * one.t4[row][col]);

    // Drill-down: the department is a leaf with its own report; the district holds the three streets.
    const byCode = Object.fromEntries(city.children.map((c: any) => [c.code, c]));
    expect(Object.keys(byCode).sort()).toEqual(['BJ-D030', 'BJ-Q01']);
    expect(byCode['BJ-D030']).toMatchObject({ units: 1, included: 1, hasChildren: false, status: 'included' });
    expect(byCode['BJ-Q01']).toMatchObject({ units: 3, included: 1, missing: 2, hasChildren: true });
    expect(byCode['BJ-Q01'].t3.newReceived.total).toBe(one.t3.newReceived.total);
    // The children's sums add up to the city's.
    expect(byCode['BJ-D030'].t3.resultsTotal.total + byCode['BJ-Q01'].t3.resultsTotal.total).toBe(city.t3.resultsTotal.total);

    const district = (await supervisor.get(`/api/campaigns/${campaignId}/summary?root=${byCode['BJ-Q01'].orgUnitId}`)).body;
    expect(district.root.code).toBe('BJ-Q01');
    expect(district.children.map((c: any) => [c.code, c.status]).sort()).toEqual([
      ['BJ-Q01-S04', 'included'], ['BJ-Q01-S05', 'awaiting-sign-off'], ['BJ-Q01-S06', 'no-report'],
    ]);
    expect(district.t4.review.total).toBe(one.t4.review.total);
  }, 120_000);

  it('lets a district supervisor see the district only: the city-wide root is its district, another unit is not found', async () => {
    const own = (await districtSupervisor.get(`/api/campaigns/${campaignId}/summary`)).body;
    expect([own.root.code, own.units, own.included]).toEqual(['BJ-Q01', 3, 1]);
    const department = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-D030' } });
    const foreign = await districtSupervisor.get(`/api/campaigns/${campaignId}/summary?root=${department.id}`);
    expect([foreign.status, foreign.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    const clerk = await ApiSession.login(stack.baseUrl, 'bj-q01-s04-clerk');
    expect((await clerk.get(`/api/campaigns/${campaignId}/summary`)).status).toBe(403);
  }, 60_000);

  it('exports the same figures to Excel: 表三 and 表四 laid out like the template, and one row per unit', async () => {
    const one = longgang2024();
    const res = await supervisor.downloadFile(`/api/campaigns/${campaignId}/summary.xlsx`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['表三', '表四', '各单位']);

    const t3 = book.getWorksheet('表三')!;
    expect(String(t3.getCell('A1').value)).toContain('计入 2 个单位，缺报 2 个，共 4 个');
    const rowOf = (label: string) => t3.getRows(1, t3.rowCount)!.find((r) => r.getCell(1).value === label || r.getCell(2).value === label)!;
    expect(rowOf('一、本年新收政府信息公开申请数量').getCell(9).value).toBe(2 * one.t3.newReceived.total);
    expect(rowOf('（七）总计').getCell(3).value).toBe(2 * one.t3.resultsTotal.natural);
    expect(rowOf('1.属于国家秘密').getCell(1).value).toBe('（三）不予公开');

    const t4 = book.getWorksheet('表四')!;
    expect([t4.getCell('A3').value, t4.getCell('F3').value, t4.getCell('F4').value, t4.getCell('K4').value]).toEqual(['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉']);
    expect(t4.getRow(6).values).toEqual([undefined, ...T4_ROW_KEYS.flatMap((r) => T4_COLUMN_KEYS.map((c) => 2 * one.t4[r][c]))]);

    const units = book.getWorksheet('各单位')!;
    const lines = units.getRows(2, units.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(4).value]);
    expect(lines).toEqual([['BJ-D030', '已计入'], ['BJ-Q01-S04', '已计入'], ['BJ-Q01-S05', '待主要负责同志签发'], ['BJ-Q01-S06', '未提交报告']]);
  }, 60_000);
});
