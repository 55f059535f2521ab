/**
 * Annual-report campaigns through the API against the real stack: the launch preview with the statutory
 * dates, refusals that change nothing, the launch (one workflow per unit, tagged with the campaign id),
 * adding units, and a small campaign driven to 集中公开 with returns, a unit ready after its round, the
 * progress views and a unit's timeline.
 */
import ExcelJS from 'exceljs';
import { chinaToday, expectReadyToRead, savedFileName } from '../support/xlsxChecks';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';
import { CampaignDriver } from '../support/campaign';

let stack: TestStack;
let admin: ApiSession;
let supervisor: ApiSession;
let districtSupervisor: ApiSession;
const workflowsToCancel = new Set<string>();

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  districtSupervisor = await ApiSession.login(stack.baseUrl, 'dc-supervisor');
});

afterAll(async () => {
  const units = await stack.prisma.campaignUnit.findMany({ select: { workflowId: true } });
  const campaigns = await stack.prisma.campaign.findMany({ select: { workflowId: true } });
  await cancelWorkflows(stack.client, [...campaigns.map((c) => c.workflowId), ...units.map((u) => u.workflowId), ...workflowsToCancel]);
  await stack.stop();
});

async function preview(year: number, roots: string, townshipPublishBy?: string) {
  const res = await admin.get(`/api/campaigns/preview?year=${year}&roots=${roots}${townshipPublishBy ? `&townshipPublishBy=${townshipPublishBy}` : ''}`);
  expect(res.body.error).toBeUndefined();
  return res.body;
}

async function launch(year: number, roots: string[], townshipPublishBy?: string) {
  const p = await preview(year, roots.join(','), townshipPublishBy);
  const res = await admin.post('/api/campaigns', { year, rootCodes: roots, schedule: p.schedule });
  expect(res.body.error).toBeUndefined();
  expect(res.status).toBe(201);
  return { campaign: res.body, preview: p };
}

async function launched(id: string) {
  return eventually(async () => {
    const res = await admin.get(`/api/campaigns/${id}`);
    return res.body.status !== 'LAUNCHING' && res.body.startedUnits === res.body.totalUnits ? res.body : undefined;
  }, 60_000, 'campaign launched');
}

describe('launching a campaign', () => {
  it('prefills the statutory dates: departments by 31 January, governments by 31 March, streets and towns on the local date the administrator sets', async () => {
    const without = await preview(2031, 'BJ-Q01');
    expect(without.groups.map((g: any) => [g.group, g.statutory, g.needsLocalDate])).toEqual([
      ['DEPARTMENT', '2032-01-31', false], ['GOVERNMENT', '2032-03-31', false], ['TOWNSHIP', null, true],
    ]);
    expect(without.schedule.TOWNSHIP).toBeUndefined();

    const p = await preview(2031, 'BJ-Q01', '2032-02-27');
    expect(p.units).toBe(await stack.prisma.orgUnit.count({ where: { path: { startsWith: '/BJ/BJ-Q01/' } } }));
    // 2032-01-31 is a Saturday: the centralized publication runs on Friday the 30th at 10:00 China time.
    expect(p.schedule.DEPARTMENT).toMatchObject({ publishBy: '2032-01-31', publishAt: '2032-01-30T02:00:00.000Z' });
    expect(p.schedule.DEPARTMENT.dueDates['pre-release']).toBe('2032-01-29');
    expect(p.schedule.GOVERNMENT.publishBy).toBe('2032-03-31');
    expect(p.schedule.TOWNSHIP.publishBy).toBe('2032-02-27');
    for (const g of ['DEPARTMENT', 'GOVERNMENT', 'TOWNSHIP']) {
      const dates = Object.values(p.schedule[g].dueDates) as string[];
      expect([...dates].sort()).toEqual(dates);
    }
    expect(p.problems).toEqual([]);
  });

  it('refuses a timetable with problems, listing every one with its group and field, and saves nothing', async () => {
    const p = await preview(2031, 'BJ-Q01', '2032-02-27');
    const schedule = structuredClone(p.schedule);
    schedule.DEPARTMENT.publishBy = '2032-02-15';
    schedule.GOVERNMENT.dueDates['sign-off'] = '2020-01-01';
    delete schedule.TOWNSHIP;
    const before = await stack.prisma.campaign.count();

    const res = await admin.post('/api/campaigns', { year: 2031, rootCodes: ['BJ-Q01'], schedule });

    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_SCHEDULE']);
    expect(res.body.error.details.map((d: any) => `${d.group}.${d.field}`)).toEqual(expect.arrayContaining([
      'DEPARTMENT.publishBy', 'GOVERNMENT.dueDates.sign-off', 'TOWNSHIP.publishBy',
    ]));
    expect(res.body.error.message).toContain('不能晚于法定日期 2032-01-31');
    expect(await stack.prisma.campaign.count()).toBe(before);
    expect(await stack.prisma.campaignUnit.count({ where: { campaign: { year: 2031 } } })).toBe(0);
  });

  it('starts one workflow per unit tagged with the campaign id, due on the timetable\'s dates; a second launch is refused; units can be added', async () => {
    const { campaign, preview: p } = await launch(2031, ['BJ-Q01'], '2032-02-27');
    expect(campaign).toMatchObject({ key: 'annual-report/2031', totalUnits: p.units });

    const done = await launched(campaign.id);
    expect(done).toMatchObject({ status: 'RUNNING', startedUnits: p.units, launchPercent: 100 });
    const tagged = await eventually(async () => {
      const { count } = await stack.client.workflow.count(`GovFlowCampaignId = "${campaign.id}"`);
      return count === p.units ? count : undefined;
    }, 30_000, 'workflows visible by campaign id');
    expect(tagged).toBe(p.units);

    const driver = new CampaignDriver(stack.baseUrl, 2031, admin);
    const street = await driver.openStep('BJ-Q01-S01', 'assign');
    expect(new Date(street.deadlineAt).toISOString()).toBe(new Date(`${p.schedule.TOWNSHIP.dueDates.assign}T23:59:59.999+08:00`).toISOString());
    const office = await driver.openStep('BJ-Q01-GO', 'assign');
    expect(new Date(office.deadlineAt).toISOString()).toBe(new Date(`${p.schedule.DEPARTMENT.dueDates.assign}T23:59:59.999+08:00`).toISOString());

    const again = await admin.post('/api/campaigns', { year: 2031, rootCodes: ['BJ-Q01'], schedule: p.schedule });
    expect([again.status, again.body.error.code]).toEqual([409, 'CAMPAIGN_EXISTS']);
    expect(await stack.prisma.campaign.count({ where: { year: 2031 } })).toBe(1);

    const refused = await admin.post(`/api/campaigns/${campaign.id}/units`, { orgUnitCodes: ['BJ-D030', 'BJ-Q01-S01', 'NO-SUCH'] });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_UNITS']);
    expect(refused.body.error.details.map((d: any) => d.code)).toEqual(['BJ-Q01-S01', 'NO-SUCH']);
    expect(await stack.prisma.campaignUnit.count({ where: { campaignId: campaign.id } })).toBe(p.units);

    const added = await admin.post(`/api/campaigns/${campaign.id}/units`, { orgUnitCodes: ['BJ-D030'] });
    expect(added.body.error).toBeUndefined();
    expect(added.body.added).toBe(1);
    await driver.openStep('BJ-D030', 'assign');
    expect(await launched(campaign.id)).toMatchObject({ totalUnits: p.units + 1, startedUnits: p.units + 1 });
  }, 300_000);
});

describe('a campaign driven to its centralized publication', () => {
  it('publishes every ready unit together, with a URL and a time; counts stages, returns and overdue; tells each unit\'s story', async () => {
    const year = 2032;
    const { campaign } = await launch(year, ['BJ-D020', 'BJ-D021', 'BJ-Q01-S03'], '2033-02-25');
    await launched(campaign.id);
    const driver = new CampaignDriver(stack.baseUrl, year, admin);
    const publicationDate = `${year + 1}-01-20`;

    // A department on the happy path, and a street returned by its district once and by the city twice.
    await driver.driveToReady('BJ-D020', { publicationDate });
    await driver.driveToReady('BJ-Q01-S03', { publicationDate, returns: ['district', 'city', 'city'] });
    await driver.act('BJ-D021', 'assign', 'complete');
    // The completion answers once 任务分派 is closed; 单位自查 opens a moment later. Counting before it has
    // opened would see the unit at no stage (a race on a loaded machine, not what this test is about).
    await driver.openStep('BJ-D021', 'self-check');

    const mid = (await supervisor.get(`/api/campaigns/${campaign.id}/progress`)).body;
    expect(mid.totals).toMatchObject({ units: 3, published: 0, withReturns: 1 });
    expect(mid.stages.find((s: any) => s.stageKey === 'ready').units).toBe(2);
    expect(mid.stages.find((s: any) => s.stageKey === 'self-check').units).toBe(1);
    expect(mid.returnRounds).toEqual({ '0': 2, '1': 0, '2': 0, '3+': 1 });
    expect(mid.byLevel.map((l: any) => l.kind).sort()).toEqual(['MUNICIPAL_DEPARTMENT', 'STREET']);

    // The district supervisor sees the district's street only.
    const district = (await districtSupervisor.get(`/api/campaigns/${campaign.id}/progress`)).body;
    expect(district.totals.units).toBe(1);

    for (const group of ['DEPARTMENT', 'TOWNSHIP']) {
      const res = await admin.post(`/api/campaigns/${campaign.id}/publish`, { group });
      expect(res.body.error).toBeUndefined();
    }
    const published = await eventually(async () => {
      const units = await stack.prisma.campaignUnit.findMany({ where: { campaignId: campaign.id, state: 'PUBLISHED' }, include: { orgUnit: true } });
      return units.length === 2 ? units : undefined;
    }, 30_000, 'two units published');
    expect(published.map((u) => u.publicationUrl).sort()).toEqual([
      `https://www.beijing.gov.cn/gongkai/zfxxgk/ndbg/${year}/BJ-D020.html`, `https://www.beijing.gov.cn/gongkai/zfxxgk/ndbg/${year}/BJ-Q01-S03.html`,
    ]);
    const again = await admin.post(`/api/campaigns/${campaign.id}/publish`, { group: 'DEPARTMENT' });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_PUBLISHED']);

    // A department ready after its group's round, still before its statutory date, is published at once.
    await driver.driveToReady('BJ-D021', { publicationDate, fromStage: 'self-check' });
    const single = await eventually(async () => {
      const u = await stack.prisma.campaignUnit.findFirst({ where: { campaignId: campaign.id, orgUnit: { code: 'BJ-D021' } } });
      return u?.state === 'PUBLISHED' ? u : undefined;
    }, 30_000, 'the late-ready department published');
    expect(single.publishedAt).not.toBeNull();
    const result = await stack.client.workflow.getHandle(driver.workflowId('BJ-D021')).result();
    expect(result.publication).toMatchObject({ round: 'single', state: 'PUBLISHED' });

    const finished = await eventually(async () => {
      const c = (await admin.get(`/api/campaigns/${campaign.id}`)).body;
      return c.status === 'PUBLISHED' ? c : undefined;
    }, 30_000, 'campaign finished');
    expect(Object.keys(finished.publishedRounds).sort()).toEqual(['DEPARTMENT', 'TOWNSHIP']);
    const closed = await admin.post(`/api/campaigns/${campaign.id}/units`, { orgUnitCodes: ['BJ-D022'] });
    expect([closed.status, closed.body.error.code]).toEqual([409, 'CAMPAIGN_CLOSED']);

    const end = (await supervisor.get(`/api/campaigns/${campaign.id}/progress`)).body;
    expect(end.totals.byState).toMatchObject({ PUBLISHED: 3, PUBLISHED_LATE: 0, RUNNING: 0, READY: 0 });
    // Completion over time, as running totals per China day.
    expect(end.series.at(-1)).toMatchObject({ day: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), submitted: 3, verified: 3, published: 3 });
    expect(end.children.map((c: any) => c.code).sort()).toEqual(['BJ-D020', 'BJ-D021', 'BJ-Q01']);

    const street = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code: 'BJ-Q01-S03' } });
    const timeline = (await supervisor.get(`/api/campaigns/${campaign.id}/units/${street.id}/timeline`)).body;
    expect(timeline.unit).toMatchObject({ code: 'BJ-Q01-S03', state: 'PUBLISHED' });
    expect(timeline.steps.filter((s: any) => s.stageKey === 'self-check').map((s: any) => s.round)).toEqual([1, 2, 3, 4]);
    const returned = timeline.events.filter((e: any) => e.action === 'task.returned');
    expect(returned.map((e: any) => [e.stageKey, e.actorLogin])).toEqual([
      ['district-review', 'dc-reviewer'], ['city-verification', 'city-verifier'], ['city-verification', 'city-verifier'],
    ]);
    expect(returned[0].comment).toBe('第一部分缺少平台建设情况');
    expect(timeline.events.at(-1)).toMatchObject({ action: 'campaign.unit_published' });

    const list = await supervisor.get(`/api/campaigns/${campaign.id}/units?sort=${encodeURIComponent('["returns","DESC"]')}&range=${encodeURIComponent('[0,1]')}`);
    expect(list.headers.get('content-range')).toBe('units 0-1/3');
    expect(list.body.map((u: any) => u.code)).toEqual(['BJ-Q01-S03', 'BJ-D020']);

    // The same list as an Excel sheet, with Chinese headers, one row per unit.
    const file = await supervisor.downloadBytes(`/api/campaigns/${campaign.id}/units/export.xlsx?sort=${encodeURIComponent('["returns","DESC"]')}`);
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(2).value).toBe('单位');
    expect(sheet.rowCount).toBe(4);
    expect([sheet.getRow(2).getCell(1).value, sheet.getRow(2).getCell(4).value, sheet.getRow(2).getCell(8).value]).toEqual(['BJ-Q01-S03', '已公开', 3]);
    expectReadyToRead(sheet, { dates: ['环节期限', '法定公开日期', '公开时间'], numbers: ['逾期工作日', '退回次数'] });
    expect(savedFileName(file.headers.get('content-disposition'))).toBe(`${campaign.title}-进度-${chinaToday()}.xlsx`);
  }, 300_000);
});
