/**
 * One unit's annual report from assignment to pre-release through the API, against the real stack:
 * the report is checked when self-check is submitted, districts review their streets, the city verifies
 * every report, and the clerk fixes the publication date. Also the draft API a clerk saves work with.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { longgang2024, copy } from '../domain/annual-report/fixtures/longgang-2024';
import type { annualReportWorkflow } from '../../workflows/annualReport';
import { ApiSession, eventually, startStack, type TestStack, cancelWorkflows } from '../support/stack';

let stack: TestStack;
let admin: ApiSession;
let cityVerifier: ApiSession;
let districtReviewer: ApiSession;
/** 区级汇总 is countersigned (会签): the district office's head signs beside its clerk. */
let districtHead: ApiSession;
const started: string[] = [];
const YEAR = 2024;

beforeAll(async () => {
  stack = await startStack();
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  cityVerifier = await ApiSession.login(stack.baseUrl, 'city-verifier');
  districtReviewer = await ApiSession.login(stack.baseUrl, 'dc-reviewer');
  districtHead = await ApiSession.login(stack.baseUrl, 'bj-q01-go-head');
});

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

async function startReport(code: string) {
  const res = await admin.post('/api/annual-reports', { orgUnitCode: code, year: YEAR });
  expect(res.body.error).toBeUndefined();
  expect(res.status).toBe(201);
  started.push(res.body.workflowId);
  const clerk = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-clerk`);
  const head = await ApiSession.login(stack.baseUrl, `${code.toLowerCase()}-head`);
  return { code, executionId: res.body.executionId as string, workflowId: res.body.workflowId as string, clerk, head };
}
type Run = Awaited<ReturnType<typeof startReport>>;

async function openTask(session: ApiSession, run: Run, stepKey: string) {
  return eventually(async () => {
    const filter = encodeURIComponent(JSON.stringify({ workflowId: run.workflowId, status: 'OPEN' }));
    const res = await session.get(`/api/tasks?filter=${filter}&range=${encodeURIComponent('[0,99]')}`);
    return res.body.find?.((t: any) => t.executionId === run.executionId && t.stepKey === stepKey);
  }, 20_000, `open task ${stepKey}`);
}

async function act(session: ApiSession, taskId: string, action: string, body: Record<string, unknown> = {}) {
  return session.post(`/api/tasks/${taskId}/${action}`, { requestId: randomUUID(), ...body });
}

async function complete(session: ApiSession, run: Run, stepKey: string, body: Record<string, unknown> = {}) {
  const task = await openTask(session, run, stepKey);
  const res = await act(session, task.id, 'complete', body);
  expect(res.body.error).toBeUndefined();
  expect(res.status).toBe(200);
  return task;
}

/** The valid fixture with 表三's first 自然人 cell off by one: R1 (and R2 on that row) fail. */
function brokenReport() {
  const r = copy(longgang2024());
  r.t3.newReceived.natural += 1;
  return r;
}

const nextYearsDate = () => `${new Date().getFullYear() + 1}-01-31`;

describe('a department\'s annual report', () => {
  it('walks assign, self-check (refused with REPORT_INVALID until the report is valid), sign-off, city verification and pre-release', async () => {
    const run = await startReport('BJ-D020');
    await complete(run.clerk, run, 'assign#1');

    const selfCheck = await openTask(run.clerk, run, 'self-check#1');
    const empty = await act(run.clerk, selfCheck.id, 'complete');
    const broken = await act(run.clerk, selfCheck.id, 'complete', { result: { report: brokenReport() } });
    const valid = await act(run.clerk, selfCheck.id, 'complete', { result: { report: longgang2024() } });

    expect([empty.status, empty.body.error.code]).toEqual([400, 'REPORT_INVALID']);
    expect([broken.status, broken.body.error.code]).toEqual([400, 'REPORT_INVALID']);
    expect(broken.body.error.message).toContain('[R1] 表三「自然人」列');
    expect(broken.body.error.message).toContain('[R2] 表三「一、本年新收政府信息公开申请数量」行');
    expect(valid.status).toBe(200);

    await complete(run.head, run, 'sign-off#1', { comment: '同意签发' });
    const verification = await complete(cityVerifier, run, 'city-verification#1', { comment: '核查通过' });
    expect(verification.orgUnit.code).toBe('BJ-GO');

    const preRelease = await openTask(run.clerk, run, 'pre-release#1');
    const badDate = await act(run.clerk, preRelease.id, 'complete', { result: { publicationDate: `${YEAR + 1}-02-30` } });
    const released = await act(run.clerk, preRelease.id, 'complete', { result: { publicationDate: nextYearsDate(), report: longgang2024() } });

    expect([badDate.status, badDate.body.error.code]).toEqual([400, 'INVALID_PUBLICATION_DATE']);
    expect(released.status).toBe(200);
    const result = await stack.client.workflow.getHandle<typeof annualReportWorkflow>(run.workflowId).result();
    expect(result.steps.map((s) => [s.stepKey, s.status])).toEqual([
      ['assign#1', 'COMPLETED'], ['self-check#1', 'COMPLETED'], ['sign-off#1', 'COMPLETED'],
      ['city-verification#1', 'COMPLETED'], ['pre-release#1', 'COMPLETED'],
    ]);
    expect(result.steps[4].result).toMatchObject({ publicationDate: nextYearsDate() });
  });
});

describe('a street\'s annual report', () => {
  it('goes through district review, is returned once by the district and once by the city, then passes in round 3', async () => {
    const run = await startReport('BJ-Q01-S03');
    const report = { result: { report: longgang2024() } };
    await complete(run.clerk, run, 'assign#1');
    await complete(run.clerk, run, 'self-check#1', report);
    await complete(run.head, run, 'sign-off#1');

    const review1 = await openTask(districtReviewer, run, 'district-review#1');
    const byDistrict = await act(districtReviewer, review1.id, 'return', { toStageKey: 'self-check', reasonCode: 'missing-content', comment: '第一部分缺少平台建设情况' });
    expect(byDistrict.status).toBe(200);
    expect(review1.orgUnit.code).toBe('BJ-Q01-GO');

    await complete(run.clerk, run, 'self-check#2', report);
    await complete(run.head, run, 'sign-off#2');
    await complete(districtReviewer, run, 'district-review#2');
    await complete(districtHead, run, 'district-review#2+1');
    const verification1 = await openTask(cityVerifier, run, 'city-verification#1');
    const problems = ['第五部分未写改进措施', '第六部分未说明信息处理费收取情况'];
    const byCity = await act(cityVerifier, verification1.id, 'return', { toStageKey: 'self-check', reasonCode: 'city-check', comment: '请按问题清单修改', problems });
    expect(byCity.status).toBe(200);

    const selfCheck3 = await openTask(run.clerk, run, 'self-check#3');
    expect(selfCheck3.returnedWith).toMatchObject({ fromStageKey: 'city-verification', kind: 'returned', problems });
    await complete(run.clerk, run, 'self-check#3', report);
    await complete(run.head, run, 'sign-off#3');
    await complete(districtReviewer, run, 'district-review#3');
    await complete(districtHead, run, 'district-review#3+1');
    await complete(cityVerifier, run, 'city-verification#2');
    await complete(run.clerk, run, 'pre-release#1', { result: { publicationDate: nextYearsDate() } });

    const result = await stack.client.workflow.getHandle<typeof annualReportWorkflow>(run.workflowId).result();
    expect(result.steps.map((s) => s.stepKey)).toEqual([
      'assign#1', 'self-check#1', 'sign-off#1', 'district-review#1',
      'self-check#2', 'sign-off#2', 'district-review#2', 'city-verification#1',
      'self-check#3', 'sign-off#3', 'district-review#3', 'city-verification#2', 'pre-release#1',
    ]);
  });
});

describe('the draft API', () => {
  it('saves a broken copy with its R1 errors naming the cells, and a valid one with none', async () => {
    const run = await startReport('BJ-D021');
    await complete(run.clerk, run, 'assign#1');
    const selfCheck = await openTask(run.clerk, run, 'self-check#1');

    const broken = await run.clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: brokenReport() });
    const valid = await run.clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: longgang2024() });

    expect(broken.status).toBe(200);
    expect(broken.body.ok).toBe(false);
    const r1 = broken.body.errors.filter((e: any) => e.code === 'R1');
    expect(r1).toHaveLength(1);
    expect(r1[0].cells).toContainEqual({ table: 'T3', row: 'newReceived', column: 'natural' });
    expect(valid.status).toBe(200);
    expect(valid.body).toMatchObject({ ok: true, issues: [], errors: [], warnings: [] });
    const row = await stack.prisma.task.findUniqueOrThrow({ where: { id: selfCheck.id } });
    expect((row.payload as any).draft).toEqual(longgang2024());
    expect(await stack.prisma.auditEvent.count({ where: { entityId: selfCheck.id, action: 'task.draft_saved' } })).toBe(2);
  });

  it('lists shape issues of an incomplete draft with 200, and refuses a body that is not an object with 400', async () => {
    const run = await startReport('BJ-D022');
    await complete(run.clerk, run, 'assign#1');
    const selfCheck = await openTask(run.clerk, run, 'self-check#1');
    const partial: any = copy(longgang2024());
    delete partial.t4;

    const incomplete = await run.clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: partial });
    const notAnObject = await run.clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, [1, 2]);

    expect(incomplete.status).toBe(200);
    expect(incomplete.body.ok).toBe(false);
    expect(incomplete.body.issues.map((i: any) => i.code)).toEqual(['MISSING_TABLE']);
    expect([notAnObject.status, notAnObject.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a draft on a task that is not an open self-check, and one by the unit head', async () => {
    const run = await startReport('BJ-D023');
    const assign = await openTask(run.clerk, run, 'assign#1');
    const onAssign = await run.clerk.request('PUT', `/api/tasks/${assign.id}/draft`, { report: longgang2024() });
    await act(run.clerk, assign.id, 'complete');
    const selfCheck = await openTask(run.clerk, run, 'self-check#1');
    const byHead = await run.head.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: longgang2024() });

    expect([onAssign.status, onAssign.body.error.code]).toEqual([409, 'DRAFT_NOT_ALLOWED']);
    expect([byHead.status, byHead.body.error.code]).toEqual([403, 'NOT_ASSIGNEE']);
  });

  it('exports tables 二–四 as an .xlsx, imports an edited copy into the draft, and refuses a file with bad cells naming each one and saving nothing', async () => {
    const run = await startReport('BJ-D026');
    await complete(run.clerk, run, 'assign#1');
    const selfCheck = await openTask(run.clerk, run, 'self-check#1');
    await run.clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report: longgang2024() });
    const path = `/api/tasks/${selfCheck.id}/report/tables.xlsx`;

    const exported = await run.clerk.downloadFile(path);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported.body as unknown as ArrayBuffer);
    const t3 = book.getWorksheet('表三')!;
    // D5: 一、本年新收 · 自然人, as the draft holds it; D7 （一）予以公开 · 自然人.
    expect(t3.getCell('D5').value).toBe(longgang2024().t3.newReceived.natural);
    t3.getCell('D5').value = 1000;
    t3.getCell('D7').value = '1,001';
    book.getWorksheet('表四')!.getCell('A5').value = 9;
    const edited = Buffer.from(await book.xlsx.writeBuffer());
    const imported = await run.clerk.upload(path, 'file', '表格.xlsx', edited);
    expect(imported.body.error).toBeUndefined();
    expect(imported.status).toBe(200);
    const saved = (await stack.prisma.task.findUniqueOrThrow({ where: { id: selfCheck.id } })).payload as any;
    expect([saved.draft.t3.newReceived.natural, saved.draft.t3.disclosed.natural, saved.draft.t4.review.upheld]).toEqual([1000, 1001, 9]);
    expect(saved.draft.sections).toEqual(longgang2024().sections);
    expect(await stack.prisma.auditEvent.count({ where: { entityId: selfCheck.id, action: 'task.draft_imported' } })).toBe(1);

    t3.getCell('D5').value = 'abc';
    t3.getCell('E6').value = -2;
    const bad = await run.clerk.upload(path, 'file', '表格.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    const byHead = await run.head.upload(path, 'file', '表格.xlsx', edited);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'REPORT_TABLES_INVALID']);
    expect(bad.body.error.message).toMatch(/2处错误，草稿未作任何修改/);
    expect(bad.body.error.details).toEqual([
      { sheet: '表三', cell: 'D5', message: expect.stringContaining('本年新收') },
      { sheet: '表三', cell: 'E6', message: expect.stringContaining('负数') },
    ]);
    expect([byHead.status, byHead.body.error.code]).toEqual([403, 'NOT_ASSIGNEE']);
    const after = (await stack.prisma.task.findUniqueOrThrow({ where: { id: selfCheck.id } })).payload as any;
    expect(after.draft).toEqual(saved.draft);
    expect(after.draftSavedAt).toBe(saved.draftSavedAt);
  });

  it('gives the console the template: six sections and tables two to four with their row and column labels', async () => {
    const res = await cityVerifier.get('/api/annual-report/template');
    expect(res.status).toBe(200);
    expect(res.body.sections).toHaveLength(6);
    expect(res.body.tables.map((t: any) => t.key)).toEqual(['T2', 'T3', 'T4']);
    const t3 = res.body.tables[1];
    expect(t3.rows[0]).toMatchObject({ key: 'newReceived' });
    expect(t3.columns.map((c: any) => c.key)).toContain('natural');
    expect(res.body.rules.R1).toContain('表三');
  });
});
