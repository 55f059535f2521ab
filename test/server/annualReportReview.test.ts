/**
 * The annual report reviewed like the city's own assessment, through the API on the real stack: last year's
 * problems returned at 全市核查 become this year's 整改 items; content checks on the draft and at submission
 * (errors refuse, warnings need confirming); 文字重复率 of a nearly copied report seen by the verifier and on
 * the campaign's units list; and 统一展示, the public pages, showing only what was published.
 */
import { randomUUID } from 'node:crypto';
import { warningKey, type Issue } from '../../domain/annual-report';
import { longgang2024, constructedPrevious2023 } from '../domain/annual-report/fixtures/longgang-2024';
import { CampaignDriver, unusedYearPair } from '../support/campaign';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';

/** A year no campaign or report of this database has used (the test may run again on the same database). */
let YEAR: number;
let stack: TestStack;
let admin: ApiSession;
let supervisor: ApiSession;
let verifier: ApiSession;
let driver: CampaignDriver;
let campaignId: string;
const started = new Set<string>();

/** Last year's report, with this year's content rules met (its numbers make R5/R6 hold against longgang2024). */
function lastYearsReport() {
  const r = constructedPrevious2023();
  r.sections = { ...longgang2024().sections };
  return r;
}

beforeAll(async () => {
  stack = await startStack();
  // A year and the one before that no other file (nor an earlier run on this database) has used; 2089–2099
  // are the batch-approval tests' years, and the API refuses years after 2100.
  YEAR = await unusedYearPair(stack.prisma, 2045, 2088);
  admin = await ApiSession.login(stack.baseUrl, 'admin');
  supervisor = await ApiSession.login(stack.baseUrl, 'supervisor');
  verifier = await ApiSession.login(stack.baseUrl, 'city-verifier');

  // Last year, outside any campaign: the city returns BJ-D002's report with two problems.
  const last = new CampaignDriver(stack.baseUrl, YEAR - 1, admin);
  const start = await admin.post('/api/annual-reports', { orgUnitCode: 'BJ-D002', year: YEAR - 1 });
  expect(start.status).toBe(201);
  started.add(start.body.workflowId);
  await last.act('BJ-D002', 'assign', 'complete');
  await last.act('BJ-D002', 'self-check', 'complete', { result: { report: lastYearsReport() } });
  await last.act('BJ-D002', 'sign-off', 'complete', { comment: '同意' });
  await last.act('BJ-D002', 'city-verification', 'return', {
    toStageKey: 'self-check', reasonCode: 'city-check', comment: '请按问题清单整改', problems: ['第六部分未说明信息处理费收取情况', '表三数据与正文不一致'],
  });

  // This year's campaign for two municipal departments.
  const p = (await admin.get(`/api/campaigns/preview?year=${YEAR}&roots=BJ-D002,BJ-D003`)).body;
  const launched = await admin.post('/api/campaigns', { year: YEAR, rootCodes: ['BJ-D002', 'BJ-D003'], schedule: p.schedule });
  expect(launched.status).toBe(201);
  campaignId = launched.body.id;
  driver = new CampaignDriver(stack.baseUrl, YEAR, admin);
}, 180_000);

afterAll(async () => {
  const units = campaignId ? await stack.prisma.campaignUnit.findMany({ where: { campaignId }, select: { workflowId: true } }) : [];
  const campaign = campaignId ? await stack.prisma.campaign.findUnique({ where: { id: campaignId }, select: { workflowId: true } }) : null;
  await cancelWorkflows(stack.client, [...units.map((u) => u.workflowId), ...(campaign ? [campaign.workflowId] : []), ...started]);
  await stack.stop();
});

const codes = (issues: Issue[]) => issues.map((i) => i.code);

describe('整改 items, content checks and 文字重复率 through one campaign', () => {
  let clerk: ApiSession;
  let selfCheck: any;

  it('when last year\'s report was returned at 全市核查 with problems, this year\'s self-check carries them as 整改 items', async () => {
    await driver.act('BJ-D002', 'assign', 'complete');
    const open = await driver.openStep('BJ-D002', 'self-check');
    clerk = await driver.assigneeOf(open);
    selfCheck = (await clerk.get(`/api/tasks/${open.id}`)).body;
    expect(selfCheck.payload.rectification).toEqual([
      { id: `${YEAR - 1}-1`, text: '第六部分未说明信息处理费收取情况', year: YEAR - 1 },
      { id: `${YEAR - 1}-2`, text: '表三数据与正文不一致', year: YEAR - 1 },
    ]);
  });

  it('when a draft leaves the 整改 items unanswered and contradicts 表三 in the text, the save lists the errors and the warning with their places', async () => {
    const report = longgang2024();
    report.sections.s1 += '全年共收到政府信息公开申请70件。';
    const res = await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(codes(res.body.errors)).toEqual(['RECTIFICATION', 'RECTIFICATION', 'RECTIFICATION']);
    expect(res.body.warnings).toEqual([expect.objectContaining({ code: 'NARRATIVE_NUMBER', section: 's1', cells: [{ table: 'T3', row: 'newReceived', column: 'total' }] })]);
  });

  it('when submitted without the answers it is refused and nothing moves; answered, covered in 五 and the warning confirmed, it goes on', async () => {
    const report = longgang2024();
    report.sections.s1 += '全年共收到政府信息公开申请70件。';
    const refused = await clerk.post(`/api/tasks/${selfCheck.id}/complete`, { requestId: randomUUID(), result: { report } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('REPORT_INVALID');
    expect(refused.body.error.message).toContain('整改事项 1');
    expect((await clerk.get(`/api/tasks/${selfCheck.id}`)).body.status).toBe('OPEN');

    report.sections.s5 += '针对上一年度全市核查指出的问题，已逐项整改。';
    const rectification = [
      { id: `${YEAR - 1}-1`, status: 'done', text: '已在第六部分写明未收取信息处理费' },
      { id: `${YEAR - 1}-2`, status: 'in-progress', text: '正在建立正文与表格数据的复核机制' },
    ];
    const unconfirmed = await clerk.post(`/api/tasks/${selfCheck.id}/complete`, { requestId: randomUUID(), result: { report, rectification } });
    expect(unconfirmed.body.error?.code).toBe('REPORT_WARNINGS_UNCONFIRMED');
    const draft = await clerk.request('PUT', `/api/tasks/${selfCheck.id}/draft`, { report, rectification });
    expect(draft.body.errors).toEqual([]);
    const confirmedWarnings = draft.body.warnings.map((w: Issue) => warningKey(w));
    const ok = await clerk.post(`/api/tasks/${selfCheck.id}/complete`, { requestId: randomUUID(), result: { report, rectification, confirmedWarnings } });
    expect(ok.status).toBe(200);
    await driver.act('BJ-D002', 'sign-off', 'complete', { comment: '同意签发' });
  });

  it('at 全市核查 the verifier sees last year\'s list beside the answers, the checks as submitted and the confirmed warning', async () => {
    const task = await driver.openStep('BJ-D002', 'city-verification');
    const res = await verifier.get(`/api/tasks/${task.id}/report`);
    expect(res.body.rectification.items.map((i: any) => i.text)).toEqual(['第六部分未说明信息处理费收取情况', '表三数据与正文不一致']);
    expect(res.body.rectification.answers.map((a: any) => a.status)).toEqual(['done', 'in-progress']);
    expect(res.body.checks.errors).toEqual([]);
    expect(res.body.checks.warnings.map((w: Issue) => w.code)).toEqual(['NARRATIVE_NUMBER']);
    expect(res.body.confirmedWarnings).toHaveLength(1);
  });

  it('when another unit submits a near copy, the verifier sees its 文字重复率 with the repeated sentences side by side, and the campaign list filters by it', async () => {
    // BJ-D003 takes over BJ-D002's text, adding one sentence of its own.
    await driver.act('BJ-D003', 'assign', 'complete');
    const copied = longgang2024();
    copied.sections.s1 += '全年共收到政府信息公开申请70件。本单位另行组织了两次政务公开专题培训，覆盖全体干部职工。';
    copied.sections.s5 += '针对上一年度全市核查指出的问题，已逐项整改。';
    const d3 = await driver.openStep('BJ-D003', 'self-check');
    const d3clerk = await driver.assigneeOf(d3);
    const draft = await d3clerk.request('PUT', `/api/tasks/${d3.id}/draft`, { report: copied });
    await driver.act('BJ-D003', 'self-check', 'complete', { result: { report: copied, confirmedWarnings: draft.body.warnings.map((w: Issue) => warningKey(w)) } });
    await driver.act('BJ-D003', 'sign-off', 'complete', { comment: '同意签发' });
    const task = await driver.openStep('BJ-D003', 'city-verification');

    const dup = await verifier.get(`/api/tasks/${task.id}/duplication`);
    expect(dup.status).toBe(200);
    expect(dup.body.checked).toBe(true);
    expect(dup.body.others).toBeGreaterThan(60);
    expect(dup.body.level).toBe('return');
    const s1 = dup.body.sections.find((s: any) => s.section === 's1');
    expect(s1.others).toBeGreaterThan(50);
    const match = dup.body.matches.find((m: any) => m.section === 's1');
    expect(match.sentence.text).toBe(match.source.text);
    expect(match.source).toMatchObject({ label: expect.stringContaining(''), lastYear: false });

    const pass = await supervisor.post(`/api/campaigns/${campaignId}/duplication`, {});
    expect(pass.status).toBe(200);
    expect(pass.body).toMatchObject({ checked: 2, return: 2 });
    const filter = encodeURIComponent(JSON.stringify({ duplication: 'return' }));
    const list = await supervisor.get(`/api/campaigns/${campaignId}/units?filter=${filter}&sort=${encodeURIComponent('["duplicationPercent","DESC"]')}`);
    expect(list.body.map((u: any) => u.code).sort()).toEqual(['BJ-D002', 'BJ-D003']);
    expect(list.body[0].duplicationPercent).toBeGreaterThan(60);
    const none = await supervisor.get(`/api/campaigns/${campaignId}/units?filter=${encodeURIComponent(JSON.stringify({ duplication: 'ok' }))}`);
    expect(none.body).toEqual([]);
  });
});

describe('统一展示: the public pages', () => {
  it('lists and renders only published reports, without signing in; a unit still in review is not there', async () => {
    await driver.act('BJ-D002', 'city-verification', 'complete', { comment: '核查通过' });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await driver.act('BJ-D002', 'pre-release', 'complete', { result: { publicationDate: today } });
    await eventually(async () => ((await admin.get(`/api/campaigns/${campaignId}/units`)).body as any[]).find((u) => u.code === 'BJ-D002' && u.state === 'READY'), 60_000, 'BJ-D002 ready');
    expect((await admin.post(`/api/campaigns/${campaignId}/publish`, { group: 'DEPARTMENT' })).status).toBe(200);
    await eventually(async () => ((await admin.get(`/api/campaigns/${campaignId}/units`)).body as any[]).find((u) => u.code === 'BJ-D002' && u.state === 'PUBLISHED'), 60_000, 'BJ-D002 published');

    const anonymous = new ApiSession(stack.baseUrl);
    const list = await anonymous.get(`/api/public/annual-reports?year=${YEAR}`);
    expect(list.status).toBe(200);
    expect(list.body.rows.map((r: any) => r.code)).toEqual(['BJ-D002']);
    expect((await anonymous.get(`/api/public/annual-reports?year=${YEAR}&q=${encodeURIComponent('逐项整改')}`)).body.total).toBe(1);
    expect((await anonymous.get(`/api/public/annual-reports?year=${YEAR}&q=${encodeURIComponent('没有这句话')}`)).body.total).toBe(0);
    expect((await anonymous.get(`/api/public/annual-reports/${YEAR}/BJ-D003`)).status).toBe(404);
    const one = await anonymous.get(`/api/public/annual-reports/${YEAR}/BJ-D002`);
    expect(one.body.report.t3.newReceived.total).toBe(66);

    const html = await fetch(`${stack.baseUrl}/public/annual-reports/${YEAR}/BJ-D002`);
    expect(html.status).toBe(200);
    const text = await html.text();
    for (const heading of ['一、总体情况', '五、存在的主要问题及改进情况', '表二 主动公开政府信息情况', '表三 收到和处理政府信息公开申请情况', '结转下年度继续办理', '复议后起诉']) expect(text).toContain(heading);
    expect((await fetch(`${stack.baseUrl}/public/annual-reports/${YEAR}/BJ-D003`)).status).toBe(404);
    const bad = await fetch(`${stack.baseUrl}/public/annual-reports?year=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at \w+ \(/);
  });
});
