/**
 * A year's holiday arrangement and the coverage warning through the API against the real stack: a campaign
 * launched for a year the calendar does not cover says so (and the dashboard keeps saying it) until the year's
 * arrangement is entered; the entry is previewed, checked and applied; bad input changes nothing.
 */
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let admin: ApiSession;
let supervisor: ApiSession;

/**
 * Report year 2044 (no other file uses it): its timetable runs from late 2044 into 2045, years no package covers.
 * The 2045 notice in the calendar package's JSON shape (test data shaped like a notice): 元旦, 春节 with two
 * make-up Saturdays.
 */
const REPORT_YEAR = 2044;
const YEARS = [2044, 2045];
const notice2045 = {
  year: 2045,
  holidays: {
    '2045-01-01': "New Year's Day,元旦,1",
    '2045-02-16': 'Spring Festival,春节,3', '2045-02-17': 'Spring Festival,春节,3', '2045-02-18': 'Spring Festival,春节,3',
    '2045-02-19': 'Spring Festival,春节,3', '2045-02-20': 'Spring Festival,春节,3', '2045-02-21': 'Spring Festival,春节,3',
    '2045-02-22': 'Spring Festival,春节,3',
  },
  workdays: { '2045-02-11': 'Spring Festival,春节,3', '2045-02-25': 'Spring Festival,春节,3' },
};

/** This file's calendar entries only: other files may be entering other years on the same database. */
async function removeEntries() {
  await stack.prisma.calendarOverride.deleteMany({ where: { OR: YEARS.map((y) => ({ date: { startsWith: `${y}-` } })) } });
  await stack.prisma.calendarYear.deleteMany({ where: { year: { in: YEARS } } });
}

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  await removeEntries();
  await removeCampaigns();
}, 120_000);

/** This file's campaign and its units' rows, so the launch can run again. */
async function removeCampaigns() {
  const campaigns = await stack.prisma.campaign.findMany({ where: { year: REPORT_YEAR }, select: { id: true } });
  await stack.prisma.campaignUnit.deleteMany({ where: { campaignId: { in: campaigns.map((c) => c.id) } } });
  await stack.prisma.campaign.deleteMany({ where: { id: { in: campaigns.map((c) => c.id) } } });
}

afterAll(async () => {
  const campaigns = await stack.prisma.campaign.findMany({ where: { year: REPORT_YEAR }, select: { id: true, workflowId: true } });
  const units = await stack.prisma.campaignUnit.findMany({ where: { campaignId: { in: campaigns.map((c) => c.id) } }, select: { workflowId: true } });
  await cancelWorkflows(stack.client, [...campaigns.map((c) => c.workflowId), ...units.map((u) => u.workflowId)]);
  await removeEntries();
  await removeCampaigns();
  await stack.stop();
});

describe('a year the calendar does not cover', () => {
  it('is named with its dates at launch and on the dashboard, until its arrangement is entered, previewed and applied', async () => {
    const p = (await admin.get(`/api/campaigns/preview?year=${REPORT_YEAR}&roots=BJ-D025`)).body;
    // The timetable counts back from the 2045 publication date into late 2044: both years are uncovered.
    expect(p.calendarWarning).toMatchObject({ code: 'CALENDAR_NOT_COVERED', years: [2044, 2045] });
    expect(p.calendarWarning.dates).toContain(p.schedule.DEPARTMENT.publishBy);
    expect(p.calendarWarning.message).toContain('周一至周五');

    const launched = await admin.post('/api/campaigns', { year: REPORT_YEAR, rootCodes: ['BJ-D025'], schedule: p.schedule });
    expect(launched.status).toBe(201);
    expect(launched.body.calendarWarning).toMatchObject({ code: 'CALENDAR_NOT_COVERED', years: [2044, 2045], dates: p.calendarWarning.dates });
    await eventually(async () => {
      const c = (await admin.get(`/api/campaigns/${launched.body.id}`)).body;
      return c.startedUnits === c.totalUnits && c.status !== 'LAUNCHING' ? c : undefined;
    }, 60_000, 'campaign launched');

    // The step's own deadline says so too.
    const task = await eventually(() => stack.prisma.task.findFirst({ where: { campaignId: launched.body.id, status: 'OPEN' } }).then((t) => t ?? undefined), 30_000, 'a campaign task open');
    expect((await admin.get(`/api/tasks/${task.id}`)).body).toMatchObject({ id: task.id, calendarAssumed: true });

    const coverage = (await supervisor.get('/api/calendar/coverage')).body;
    // Rows other files left open on this database may rest on other uncovered years: only these two are asserted.
    expect(coverage.covered).toBe(false);
    expect(coverage.years).toEqual(expect.arrayContaining([2044, 2045]));
    expect(coverage.campaigns.map((c: any) => c.campaignId)).toContain(launched.body.id);

    // The preview shows the year as deadlines will count it and saves nothing.
    const preview = await admin.post('/api/calendar/changes/preview', { arrangement: notice2045 });
    expect(preview.status).toBe(200);
    expect(preview.body.year).toMatchObject({ year: 2045, title: '国务院办公厅关于2045年部分节假日安排的通知' });
    expect(preview.body.days).toHaveLength(365);
    expect(preview.body.days.find((d: any) => d.date === '2045-02-19')).toMatchObject({ working: false, kind: 'override-holiday', name: '春节', covered: true });
    expect(preview.body.days.find((d: any) => d.date === '2045-02-25')).toMatchObject({ working: true, kind: 'override-workday', covered: true });
    expect(preview.body.add).toHaveLength(10);
    expect(await stack.prisma.calendarOverride.count({ where: { date: { startsWith: '2045-' } } })).toBe(0);
    expect((await supervisor.get('/api/calendar/coverage')).body.years).toEqual(expect.arrayContaining([2044, 2045]));

    const requestId = `calendar-test-${Date.now()}`;
    const applied = await admin.post('/api/calendar/changes', { arrangement: notice2045, requestId });
    expect(applied.status).toBe(201);
    expect(applied.body.failed).toEqual([]);
    expect(await stack.prisma.calendarOverride.count({ where: { source: 'notice', date: { startsWith: '2045-' } } })).toBe(10);
    expect(await stack.prisma.auditEvent.count({ where: { action: 'calendar.year_entered', entityId: '2045', requestId } })).toBe(1);
    expect((await admin.get('/api/calendar/years')).body.filter((y: any) => YEARS.includes(y.year)).map((y: any) => [y.year, y.nationalDataCovers])).toEqual([[2045, false]]);
    expect(applied.body.counts.running).toBeGreaterThan(0);
    // Still shown for 2044 until that year is entered too.
    const half = (await supervisor.get('/api/calendar/coverage')).body;
    expect(half.years).toContain(2044);
    expect(half.years).not.toContain(2045);
    expect(half.campaigns.find((c: any) => c.campaignId === launched.body.id).warning.years).toEqual([2044]);
    const notice2044 = { year: 2044, holidays: { '2044-01-01': "New Year's Day,元旦,1", '2044-10-03': 'National Day,国庆节,3' }, workdays: {} };
    expect((await admin.post('/api/calendar/changes', { arrangement: notice2044 })).status).toBe(201);
    const covered = (await supervisor.get('/api/calendar/coverage')).body;
    expect(covered.years).not.toContain(2044);
    expect(covered.years).not.toContain(2045);
    expect(covered.campaigns.map((c: any) => c.campaignId)).not.toContain(launched.body.id);
    expect((await admin.get(`/api/tasks/${task.id}`)).body.calendarAssumed).toBe(false);

    // Entering the same notice again changes nothing; a shorter one removes the days it no longer lists.
    expect((await admin.post('/api/calendar/changes', { arrangement: notice2045 })).body.error.code).toBe('EMPTY_CALENDAR_CHANGE');
    const shorter = { ...notice2045, holidays: { '2045-01-01': "New Year's Day,元旦,1" }, workdays: {} };
    const replaced = await admin.post('/api/calendar/changes/preview', { arrangement: shorter });
    expect(replaced.body.remove.map((o: any) => o.date)).toHaveLength(9);
  }, 180_000);

  it('stores nothing again for a year the package covers: days it already holds are listed, not doubled', async () => {
    const res = await admin.post('/api/calendar/changes/preview', {
      arrangement: { year: 2026, holidays: { '2026-10-01': 'National Day,国庆节,3', '2026-10-09': '区庆' }, workdays: { '2026-10-10': 'National Day,国庆节,3' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.alreadyNational).toEqual(['2026-10-01', '2026-10-10']);
    expect(res.body.add.map((o: any) => o.date)).toEqual(['2026-10-09']);
  });

  it('refuses an arrangement with a make-up day on a weekday or a date outside the year, in Chinese, saving nothing', async () => {
    const mine = { where: { OR: [{ date: { startsWith: '2038-' } }, { date: { startsWith: '2039-' } }] } };
    const before = await stack.prisma.calendarOverride.count(mine);
    const res = await admin.post('/api/calendar/changes', { arrangement: { year: 2038, holidays: { '2038-01-01': '元旦', '2039-01-01': '元旦' }, workdays: { '2038-01-04': '调休' } } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARRANGEMENT');
    expect(res.body.error.message).toContain('2039-01-01 不在2038年内');
    expect(res.body.error.message).toContain('2038-01-04 是工作日，调休上班日应在周末');
    expect(await stack.prisma.calendarOverride.count(mine)).toBe(before);
    expect(await stack.prisma.calendarYear.count({ where: { year: 2038 } })).toBe(0);

    const bad = await admin.post('/api/calendar/changes', { arrangement: { year: 2038, holidays: { '2038-02-30': '春节' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(bad.body)).not.toMatch(/at \w+ \(/);

    const forbidden = await supervisor.post('/api/calendar/changes', { arrangement: notice2045 });
    expect(forbidden.status).toBe(403);
  });
});
