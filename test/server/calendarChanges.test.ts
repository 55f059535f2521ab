/**
 * A year's holiday arrangement and the coverage warning through the API against the real stack: a campaign
 * launched for a year the calendar does not cover says so (and the dashboard keeps saying it) until the year's
 * arrangement is entered; the entry is previewed, checked and applied; bad input changes nothing.
 */
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';
import { chinaDate, createWorkingCalendar } from '../../domain/calendar';
import { calendarChangeWorkflow } from '../../workflows/calendarChange';
import { stepsQuery } from '../../workflows/humanStep';

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
  // Batches of two and two batches per run: a job over this file's five steps runs three batches and continues as new once.
  stack = await startStack({ CALENDAR_CHANGE_BATCH_SIZE: '2', CALENDAR_CHANGE_BATCHES_PER_RUN: '2' });
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

/** A change's job, followed as the console does until it is done (or the time runs out). */
async function untilDone(changeId: string, seen: Array<{ done: number; total: number; phase: string }> = []) {
  return eventually(async () => {
    const res = await admin.get(`/api/calendar/changes/${changeId}`);
    expect(res.status).toBe(200);
    seen.push(res.body.progress);
    return res.body.status === 'RUNNING' ? undefined : res.body;
  }, 90_000, 'the calendar change job to finish');
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
    const started = await admin.post('/api/calendar/changes', { arrangement: notice2045, requestId });
    expect(started.status).toBe(202);
    const applied = { body: await untilDone(started.body.id) };
    expect(applied.body.failures).toEqual([]);
    expect(await stack.prisma.calendarOverride.count({ where: { source: 'notice', date: { startsWith: '2045-' } } })).toBe(10);
    expect(await stack.prisma.auditEvent.count({ where: { action: 'calendar.year_entered', entityId: '2045', requestId } })).toBe(1);
    expect((await admin.get('/api/calendar/years')).body.filter((y: any) => YEARS.includes(y.year)).map((y: any) => [y.year, y.nationalDataCovers])).toEqual([[2045, false]]);
    expect(applied.body.progress.total).toBeGreaterThan(0);
    // Still shown for 2044 until that year is entered too.
    const half = (await supervisor.get('/api/calendar/coverage')).body;
    expect(half.years).toContain(2044);
    expect(half.years).not.toContain(2045);
    expect(half.campaigns.find((c: any) => c.campaignId === launched.body.id).warning.years).toEqual([2044]);
    const notice2044 = { year: 2044, holidays: { '2044-01-01': "New Year's Day,元旦,1", '2044-10-03': 'National Day,国庆节,3' }, workdays: {} };
    const second = await admin.post('/api/calendar/changes', { arrangement: notice2044 });
    expect(second.status).toBe(202);
    await untilDone(second.body.id);
    const covered = (await supervisor.get('/api/calendar/coverage')).body;
    expect(covered.years).not.toContain(2044);
    expect(covered.years).not.toContain(2045);
    expect(covered.campaigns.map((c: any) => c.campaignId)).not.toContain(launched.body.id);
    expect((await admin.get(`/api/tasks/${task.id}`)).body.calendarAssumed).toBe(false);

    // A step of the campaign whose own deadline falls in a year nobody has published (here 2047: a long extension,
    // set on its row) puts the warning back on the campaign's dashboard, with that date, though the timetable is covered.
    const original = task.deadlineAt;
    await stack.prisma.task.update({ where: { id: task.id }, data: { deadlineAt: new Date('2047-03-01T15:59:59.999Z') } });
    try {
      const again = (await supervisor.get('/api/calendar/coverage')).body;
      const mine = again.campaigns.find((c: any) => c.campaignId === launched.body.id);
      expect(mine?.warning).toMatchObject({ code: 'CALENDAR_NOT_COVERED', years: [2047], dates: ['2047-03-01'] });
      expect((await admin.get(`/api/tasks/${task.id}`)).body.calendarAssumed).toBe(true);
    } finally {
      await stack.prisma.task.update({ where: { id: task.id }, data: { deadlineAt: original } });
    }

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

describe('a calendar change applied to running steps through its job', () => {
  const JOB_YEAR = 2043;
  const UNITS = ['BJ-D010', 'BJ-D011', 'BJ-D012', 'BJ-D013', 'BJ-D014'];
  const started: string[] = [];
  let holiday = '';
  afterAll(async () => {
    await cancelWorkflows(stack.client, started);
    if (holiday) await stack.prisma.calendarOverride.deleteMany({ where: { date: holiday, name: '区庆（作业测试）' } });
  });

  it('answers at once, shows progress to done, moves each step\'s deadline and rungs in its workflow once, and audits it; the same request again and a restarted job move nothing', async () => {
    for (const code of UNITS) {
      const res = await admin.post('/api/annual-reports', { orgUnitCode: code, year: JOB_YEAR });
      expect(res.status).toBe(201);
      started.push(res.body.workflowId);
    }
    // Each unit's first step, open in its workflow with its deadline.
    const steps = await Promise.all(started.map((workflowId) => eventually(async () => {
      const step = (await stack.client.workflow.getHandle(workflowId).query(stepsQuery)).steps.find((s) => s.opened && s.status === 'OPEN');
      const task = step && await stack.prisma.task.findFirst({ where: { workflowId, stepKey: step.stepKey, status: 'OPEN', position: 'main' } });
      return step && task ? { workflowId, step, taskId: task.id } : undefined;
    }, 30_000, `the first step of ${workflowId} open`)));
    // A local holiday on the next working day: inside every step's window (started today, due in working days).
    const national = createWorkingCalendar();
    holiday = national.addWorkingDays(chinaDate(new Date()), 1);
    const change = { add: [{ date: holiday, kind: 'holiday', name: '区庆（作业测试）' }], requestId: `calendar-job-test-${Date.now()}` };

    const preview = (await admin.post('/api/calendar/changes/preview', change)).body;
    const planned = new Map(preview.moved.map((m: any) => [m.taskId, m]));
    for (const s of steps) expect(planned.get(s.taskId)).toMatchObject({ deadlineKind: 'working-days', deadlineBefore: s.step.deadlineAt });

    const t0 = Date.now();
    const res = await admin.post('/api/calendar/changes', change);
    const answeredIn = Date.now() - t0;
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'RUNNING', workflowId: `calendar-change/${res.body.id}` });
    expect(answeredIn).toBeLessThan(15_000);
    const seen: Array<{ done: number; total: number; phase: string }> = [];
    const done = await untilDone(res.body.id, seen);
    expect(done.status).toBe('DONE');
    expect(done.progress).toMatchObject({ phase: 'done', percent: 100 });
    expect(done.progress.done).toBe(done.progress.total);
    expect(done.progress.total).toBeGreaterThanOrEqual(UNITS.length);
    // Progress only goes forward.
    for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);

    const deadlines = new Map<string, string>();
    for (const s of steps) {
      const expected = (planned.get(s.taskId) as any).deadlineAfter as string;
      expect(expected).not.toBe(s.step.deadlineAt);
      // The workflow's own state: its deadline and its T+0 rung moved; the projection row follows.
      const now = (await stack.client.workflow.getHandle(s.workflowId).query(stepsQuery)).steps.find((x) => x.stepKey === s.step.stepKey)!;
      expect(now.deadlineAt).toBe(expected);
      expect(now.rungs.find((r) => r.key === 'T+0')!.at).toBe(expected);
      expect((await stack.prisma.task.findUniqueOrThrow({ where: { id: s.taskId } })).deadlineAt!.toISOString()).toBe(expected);
      expect(done.moved.find((m: any) => m.taskId === s.taskId)).toMatchObject({ deadlineBefore: s.step.deadlineAt, deadlineAfter: expected });
      expect(await stack.prisma.auditEvent.count({ where: { entityId: s.taskId, action: 'task.rescheduled' } })).toBe(1);
      expect(await stack.prisma.notification.count({ where: { taskId: s.taskId, kind: 'rescheduled' } })).toBeGreaterThan(0);
      deadlines.set(s.taskId, expected);
    }
    expect(done.failures.filter((f: any) => deadlines.has(f.taskId))).toEqual([]);
    expect(await stack.prisma.auditEvent.count({ where: { action: 'calendar.changed', requestId: change.requestId } })).toBe(1);
    const outcome = await stack.prisma.auditEvent.findFirstOrThrow({ where: { action: 'calendar.change_applied', entityId: res.body.id } });
    expect(outcome.after).toMatchObject({ moved: done.progress.moved, failed: done.progress.failed });
    // Two steps a batch, two batches a run: the job continued as new (its latest run started from the one before).
    const history = await stack.client.workflow.getHandle(done.workflowId).fetchHistory();
    expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();

    // The same request again answers the same change; nothing is saved or moved again.
    const again = await admin.post('/api/calendar/changes', change);
    expect([again.status, again.body.id, again.body.status]).toEqual([202, res.body.id, 'DONE']);
    expect(await stack.prisma.calendarChange.count({ where: { requestId: change.requestId } })).toBe(1);

    // A restarted job (its step's outcome lost, as if the worker died before writing it) moves no step twice:
    // the step is examined again and sent the same request id, which its workflow answers without moving.
    const lost = steps[0];
    await stack.prisma.calendarChangeStep.update({ where: { changeId_taskId: { changeId: res.body.id, taskId: lost.taskId } }, data: { status: 'PENDING' } });
    await stack.prisma.calendarChange.update({ where: { id: res.body.id }, data: { status: 'RUNNING' } });
    const rerun = await stack.client.workflow.start(calendarChangeWorkflow, { workflowId: done.workflowId, taskQueue: stack.taskQueue, args: [{ changeId: res.body.id }] });
    expect((await rerun.result()).done).toBe(done.progress.total);
    for (const s of steps) {
      const now = (await stack.client.workflow.getHandle(s.workflowId).query(stepsQuery)).steps.find((x) => x.stepKey === s.step.stepKey)!;
      expect(now.deadlineAt).toBe(deadlines.get(s.taskId));
      expect(await stack.prisma.auditEvent.count({ where: { entityId: s.taskId, action: 'task.rescheduled' } })).toBe(1);
    }
    expect(await stack.prisma.auditEvent.count({ where: { action: 'calendar.change_applied', entityId: res.body.id } })).toBe(1);
  }, 180_000);

  it('refuses a second change while one is being applied, saving nothing', async () => {
    // A change whose job is running (on a queue no worker polls, so it stays running while the test looks).
    const id = '00000000-0000-4000-8000-0000000ca1e0';
    const workflowId = `calendar-change/${id}`;
    await stack.prisma.calendarChange.deleteMany({ where: { id } });
    await stack.prisma.calendarChange.create({ data: { id, requestId: `calendar-running-${Date.now()}`, workflowId, summary: '测试：正在应用的调整', change: {}, before: {}, status: 'RUNNING' } });
    const job = await stack.client.workflow.start(calendarChangeWorkflow, { workflowId, taskQueue: `nobody-polls-${Date.now()}`, args: [{ changeId: id }] });
    try {
      const res = await admin.post('/api/calendar/changes', { add: [{ date: '2039-06-06', kind: 'holiday', name: '测试' }] });
      expect([res.status, res.body.error.code]).toEqual([409, 'CALENDAR_CHANGE_RUNNING']);
      expect(res.body.error.message).toContain('正在应用');
      expect(await stack.prisma.calendarOverride.count({ where: { date: '2039-06-06' } })).toBe(0);
    } finally {
      await job.terminate('test over').catch(() => undefined);
      await stack.prisma.calendarChange.delete({ where: { id } });
    }
  });
});
