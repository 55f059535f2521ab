/**
 * API the console's task screens read beyond the list: the Excel export of a task list (same filter and
 * scope as the list, Chinese headers), the instance history with every step of the run, the people a step
 * can be shared with (加签, 抄送), and the console's settings (the Temporal Web UI link).
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ApiSession, startStack, type TestStack } from '../support/stack';
import { chinaToday, expectReadyToRead, openXlsx, savedFileName } from '../support/xlsxChecks';

let stack: TestStack;
const MARKER = `导出测试-${randomUUID().slice(0, 8)}`;
const executionId = randomUUID();

async function task(code: string, stageKey: string, extra: Record<string, unknown> = {}) {
  const unit = await stack.prisma.orgUnit.findUniqueOrThrow({ where: { code } });
  return stack.prisma.task.create({
    data: {
      workflowId: `export/${executionId}`, executionId, stepKey: `${stageKey}-${randomUUID().slice(0, 6)}`, flowKey: 'annual-report', stageKey,
      title: `${MARKER} ${code}`, orgUnitId: unit.id, assigneeRole: 'CLERK', startedAt: new Date(), ...extra,
    },
  });
}

async function xlsxRows(session: ApiSession, filter: Record<string, unknown>) {
  const res = await session.download(`/api/tasks/export.xlsx?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${encodeURIComponent('["deadlineAt","ASC"]')}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

beforeAll(async () => {
  stack = await startStack();
  await task('BJ-Q01-S01', 'assign', { status: 'COMPLETED', completedAt: new Date(), comment: '已分派' });
  await task('BJ-Q01-S01', 'self-check', { deadlineAt: new Date('2001-01-05T09:00:00Z') });
  await task('BJ-D001', 'self-check', { deadlineAt: new Date('2001-01-05T09:00:00Z') });
});
afterAll(async () => {
  await stack.prisma.task.deleteMany({ where: { title: { startsWith: MARKER } } });
  await stack.stop();
});

describe('exporting a task list to Excel', () => {
  it('writes the overdue tasks a district supervisor oversees, with Chinese headers and values, and nothing outside the district', async () => {
    const supervisor = await ApiSession.login(stack.baseUrl, 'dc-supervisor');
    const rows = await xlsxRows(supervisor, { q: MARKER, overdue: true });
    expect(rows[0].slice(0, 7)).toEqual(['事项', '单位', '单位编码', '流程', '环节', '轮次', '状态']);
    expect(rows.slice(1).map((r) => [r[0], r[4], r[6]])).toEqual([[`${MARKER} BJ-Q01-S01`, '单位自查', '待办理']]);
    expect(Number(rows[1][10])).toBeGreaterThan(0);
  });

  it('opens ready to read: bold frozen header with filters, fitted widths, dates and numbers typed, named 逾期待办 with the date', async () => {
    const supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
    const filter = encodeURIComponent(JSON.stringify({ q: MARKER }));
    const all = await supervisor.downloadBytes(`/api/tasks/export.xlsx?filter=${filter}`);
    const sheet = await openXlsx(all.bytes);
    expect(sheet.rowCount).toBe(4);
    expectReadyToRead(sheet, { dates: ['开始时间', '办理期限', '办结时间'], numbers: ['轮次', '剩余工作日', '逾期工作日', '催办阶梯'] });
    // A deadline of 09:00 UTC shows as 17:00, China time, as the console shows it.
    const deadline = sheet.getRow(2).getCell(9).value as Date;
    expect(deadline.toISOString()).toBe('2001-01-05T17:00:00.000Z');
    expect(savedFileName(all.headers.get('content-disposition'))).toBe(`待办事项-${chinaToday()}.xlsx`);
    const overdue = await supervisor.downloadBytes(`/api/tasks/export.xlsx?filter=${encodeURIComponent(JSON.stringify({ q: MARKER, overdue: true }))}`);
    expect(savedFileName(overdue.headers.get('content-disposition'))).toBe(`逾期待办-${chinaToday()}.xlsx`);
  });

  it('gives a clerk only their own unit\'s tasks, as the list does', async () => {
    const clerk = await ApiSession.login(stack.baseUrl, 'street-clerk');
    const rows = await xlsxRows(clerk, { q: MARKER });
    expect(rows.slice(1).map((r) => r[2]).sort()).toEqual(['BJ-Q01-S01', 'BJ-Q01-S01']);
  });
});

describe('the instance history', () => {
  it('lists every step of the run the caller may see, with its round, status and comment', async () => {
    const clerk = await ApiSession.login(stack.baseUrl, 'street-clerk');
    const open = await stack.prisma.task.findFirstOrThrow({ where: { title: `${MARKER} BJ-Q01-S01`, stageKey: 'self-check' } });
    const res = await clerk.get(`/api/tasks/${open.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: any) => [s.stageKey, s.round, s.status, s.comment])).toEqual([
      ['assign', 1, 'COMPLETED', '已分派'], ['self-check', 1, 'OPEN', null],
    ]);
  });
});

describe('people a step can be shared with', () => {
  it('offers the active users of the task\'s unit in any post, without the caller', async () => {
    const clerk = await ApiSession.login(stack.baseUrl, 'street-clerk');
    const open = await stack.prisma.task.findFirstOrThrow({ where: { title: `${MARKER} BJ-Q01-S01`, stageKey: 'self-check' } });
    const res = await clerk.get(`/api/tasks/${open.id}/unit-users`);
    const logins = res.body.map((u: any) => u.login);
    expect(logins).toContain('street-head');
    expect(logins).not.toContain('street-clerk');
  });
});

describe('the console settings', () => {
  it('name the Temporal Web UI and namespace for links to a flow\'s history', async () => {
    const clerk = await ApiSession.login(stack.baseUrl, 'street-clerk');
    const res = await clerk.get('/api/config');
    expect(res.body.temporalUi.url).toMatch(/^https?:\/\//);
    expect(res.body.temporalUi.namespace).toBe(stack.config.TEMPORAL_NAMESPACE);
  });
});

describe('the inbox\'s due window', () => {
  it('lists open tasks due within the chosen number of days, overdue ones included, and refuses a window that is not a number of days', async () => {
    const stack2 = await startStack();
    try {
      const admin = await ApiSession.login(stack2.baseUrl, 'admin');
      const all = await admin.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ status: 'OPEN' }))}&range=${encodeURIComponent('[0,499]')}`);
      const soon = await admin.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ dueWithinDays: 7 }))}&range=${encodeURIComponent('[0,499]')}`);
      const limit = Date.now() + 7 * 86_400_000;
      expect(soon.status).toBe(200);
      expect(soon.body.every((t: any) => t.status === 'OPEN' && t.deadlineAt && new Date(t.deadlineAt).getTime() < limit)).toBe(true);
      expect(soon.body.length).toBe(all.body.filter((t: any) => t.deadlineAt && new Date(t.deadlineAt).getTime() < limit).length);
      const bad = await admin.get(`/api/tasks?filter=${encodeURIComponent(JSON.stringify({ dueWithinDays: 'soon' }))}`);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_FILTER']);
    } finally {
      await stack2.stop();
    }
  });
});
