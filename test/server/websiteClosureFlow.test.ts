/**
 * The website-closure flow through the API against the real stack: a plan row approved by the city office
 * starts it; each stage is a task of the owner unit or an office; the site's status follows the flow and
 * every change is audited. The notice period and the 回头看 delays are shortened by configuration.
 */
import { randomUUID } from 'node:crypto';
import { closureStateQuery } from '../../workflows/websiteClosure';
import { ApiSession, cancelWorkflows, eventually, startStack, type TestStack } from '../support/stack';
import { multipart, stageResult } from '../support/websiteFixtures';
import { act, completeStage, createSite, openTask, planAndApprove, siteStatus, waitStatus } from '../support/websites';

let stack: TestStack;
const s: Record<string, ApiSession> = {};
const started: string[] = [];

beforeAll(async () => {
  stack = await startStack({ CLOSURE_NOTICE_PERIOD: '6s', CLOSURE_FOLLOW_UP_AFTER: '1s,2s' });
  for (const login of ['supervisor', 'dc-supervisor', 'street-clerk', 'street-head', 'dc-reviewer', 'city-verifier', 'fgw-clerk', 'fgw-head']) {
    s[login] = await ApiSession.login(stack.baseUrl, login);
  }
}, 120_000);

afterAll(async () => {
  await cancelWorkflows(stack.client, started);
  await stack.stop();
});

const ref = (n: string) => ({ reference: `京网办注〔2026〕${n}号` });

/** A street's site (BJ-Q01-S01) integrated into a district portal, its plan approved: the flow runs. */
async function streetClosure(extra: Record<string, unknown> = {}) {
  const target = await createSite(s.supervisor, 'BJ-Q01');
  const site = await createSite(s.supervisor, 'BJ-Q01-S01', { targetDomain: target.domain, ...extra });
  const workflowId = await planAndApprove(s['street-clerk'], s.supervisor, { websiteId: site.id, decision: 'INTEGRATE', targetSiteId: target.id });
  started.push(workflowId);
  return { site, target, workflowId };
}

async function approveAllLevels(workflowId: string) {
  await completeStage(s['street-head'], workflowId, 'approval-head', { comment: '同意关停' });
  await completeStage(s['dc-reviewer'], workflowId, 'approval-office', { comment: '区政府办公室同意' });
  await completeStage(s['city-verifier'], workflowId, 'approval-city', { comment: '市政府办公厅同意' });
}

const statusChanges = async (websiteId: string) =>
  (await stack.prisma.auditEvent.findMany({ where: { entityType: 'website', entityId: websiteId, action: 'website.status_changed' }, orderBy: { id: 'asc' } }))
    .map((e) => (e.after as { status: string }).status);

describe('the closure of one website', () => {
  it('goes from 运行中 through application, three approval levels, the notice, three deregistrations and two 回头看 to 回头看完成, every status change audited', async () => {
    const { site, target, workflowId } = await streetClosure({ partyGovMark: '党政机关网站标识0001' });
    expect(await waitStatus(s.supervisor, site.id, 'CLOSURE_APPROVAL')).toBe(true);

    await completeStage(s['street-clerk'], workflowId, 'application', stageResult('application', { targetSite: target }));
    await approveAllLevels(workflowId);
    await completeStage(s['street-clerk'], workflowId, 'public-notice', stageResult('public-notice', { domain: site.domain, targetSite: target }));
    expect(await siteStatus(s.supervisor, site.id)).toBe('NOTICE');
    // The notice period (6 s here, 30 calendar days by default) passes without objection.
    await completeStage(s['street-clerk'], workflowId, 'identifier-deregistration', { result: { siteCodeEvidence: ref('1'), partyGovMarkEvidence: ref('2') } });
    expect(await siteStatus(s.supervisor, site.id)).toBe('DEREGISTERING');
    await completeStage(s['street-clerk'], workflowId, 'filing-deregistration', stageResult('filing-deregistration', {}));
    await completeStage(s['street-clerk'], workflowId, 'domain-deregistration', stageResult('domain-deregistration', {}));
    await waitStatus(s.supervisor, site.id, 'CLOSED');
    await completeStage(s['dc-reviewer'], workflowId, 'follow-up-30', stageResult('follow-up-30', {}));
    await completeStage(s['dc-reviewer'], workflowId, 'follow-up-90', stageResult('follow-up-90', {}));
    await waitStatus(s.supervisor, site.id, 'FOLLOWED_UP');

    expect(await statusChanges(site.id)).toEqual(['CLOSURE_APPROVAL', 'NOTICE', 'DEREGISTERING', 'CLOSED', 'FOLLOWED_UP']);
    const timeline = await s.supervisor.get(`/api/websites/${site.id}/timeline`);
    expect(timeline.status).toBe(200);
    const done = timeline.body.entries.filter((e: any) => e.kind === 'step-completed');
    expect(done.map((e: any) => [e.stageKey, e.actorLogin])).toEqual([
      ['application', 'street-clerk'], ['approval-head', 'street-head'], ['approval-office', 'dc-reviewer'], ['approval-city', 'city-verifier'],
      ['public-notice', 'street-clerk'], ['identifier-deregistration', 'street-clerk'], ['filing-deregistration', 'street-clerk'],
      ['domain-deregistration', 'street-clerk'], ['follow-up-30', 'dc-reviewer'], ['follow-up-90', 'dc-reviewer'],
    ]);
    expect(done[1].comment).toBe('同意关停');
    const kinds = timeline.body.entries.map((e: any) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['website.created', 'website.plan_submitted', 'website.plan_approved', 'website.notice_published', 'website.domain_checked']));
    const dns = await stack.prisma.auditEvent.findFirstOrThrow({ where: { entityId: site.id, action: 'website.domain_checked' } });
    expect(dns.after).toMatchObject({ domain: site.domain, resolves: false });
    expect(await stack.client.workflow.getHandle(workflowId).result()).toMatchObject({ outcome: 'followed-up' });
  }, 180_000);

  it('when the district office (the second approval level) returns the case, the application runs again with its reasons and then goes on', async () => {
    const { site, target, workflowId } = await streetClosure();
    await completeStage(s['street-clerk'], workflowId, 'application', stageResult('application', { targetSite: target }));
    await completeStage(s['street-head'], workflowId, 'approval-head');
    const office = await openTask(s['dc-reviewer'], workflowId, 'approval-office');

    const res = await act(s['dc-reviewer'], office.id, 'return', { toStageKey: 'application', reasonCode: 'migration-plan', comment: '迁移方案缺少办事服务的去向' });
    expect(res.status).toBe(200);

    const again = await openTask(s['street-clerk'], workflowId, 'application');
    expect(again.stepKey).toBe('application#2');
    expect(again.returnedWith).toMatchObject({ fromStageKey: 'approval-office', comment: '迁移方案缺少办事服务的去向', byLogin: 'dc-reviewer' });
    expect(await siteStatus(s.supervisor, site.id)).toBe('CLOSURE_APPROVAL');
    await completeStage(s['street-clerk'], workflowId, 'application', stageResult('application', { targetSite: target }));
    const head = await openTask(s['street-head'], workflowId, 'approval-head');
    expect(head.stepKey).toBe('approval-head#2');
  }, 120_000);

  it('when an objection is filed during the notice, the notice stops and the case returns to approval with the objection', async () => {
    const { site, target, workflowId } = await streetClosure();
    await completeStage(s['street-clerk'], workflowId, 'application', stageResult('application', { targetSite: target }));
    await approveAllLevels(workflowId);
    await completeStage(s['street-clerk'], workflowId, 'public-notice', stageResult('public-notice', { domain: site.domain, targetSite: target }));
    const handle = stack.client.workflow.getHandle(workflowId);
    await eventually(async () => ((await handle.query(closureStateQuery)).phase === 'notice-period' ? true : undefined), 10_000, 'notice period');

    const filed = await s['street-clerk'].post(`/api/websites/${site.id}/objections`, { content: '原网站的办事指南尚未迁移，群众无法查询。', source: '12345热线' });

    expect(filed.status).toBe(201);
    const head = await openTask(s['street-head'], workflowId, 'approval-head');
    expect(head.stepKey).toBe('approval-head#2');
    expect(head.returnedWith).toMatchObject({ fromStageKey: 'public-notice', reasonCode: 'objection' });
    expect(head.returnedWith.comment).toContain('原网站的办事指南尚未迁移');
    expect(await siteStatus(s.supervisor, site.id)).toBe('CLOSURE_APPROVAL');
    expect(await stack.prisma.websiteObjection.count({ where: { websiteId: site.id } })).toBe(1);
    // Outside the notice period an objection is refused and nothing is recorded.
    const late = await s['street-clerk'].post(`/api/websites/${site.id}/objections`, { content: '再次异议' });
    expect([late.status, late.body.error.code]).toEqual([409, 'NOT_IN_NOTICE_PERIOD']);
    expect(await stack.prisma.websiteObjection.count({ where: { websiteId: site.id } })).toBe(1);
  }, 120_000);

  it('refuses a deregistration without its evidence (EVIDENCE_REQUIRED), and an unknown document, and changes nothing; an uploaded document is accepted', async () => {
    const { site, target, workflowId } = await streetClosure({ partyGovMark: '党政机关网站标识0002' });
    await completeStage(s['street-clerk'], workflowId, 'application', stageResult('application', { targetSite: target }));
    await approveAllLevels(workflowId);
    await completeStage(s['street-clerk'], workflowId, 'public-notice', stageResult('public-notice', { domain: site.domain, targetSite: target }));
    const task = await openTask(s['street-clerk'], workflowId, 'identifier-deregistration', 40_000);

    const none = await act(s['street-clerk'], task.id, 'complete', { result: {} });
    const onlyOne = await act(s['street-clerk'], task.id, 'complete', { result: { siteCodeEvidence: ref('1') } });
    const unknownFile = await act(s['street-clerk'], task.id, 'complete', { result: { siteCodeEvidence: { fileId: randomUUID() }, partyGovMarkEvidence: ref('2') } });

    expect([none.status, none.body.error.code]).toEqual([400, 'EVIDENCE_REQUIRED']);
    expect(none.body.error.message).toContain('网站标识码');
    expect([onlyOne.status, onlyOne.body.error.code]).toEqual([400, 'EVIDENCE_REQUIRED']);
    expect(onlyOne.body.error.message).toContain('党政机关网站标识');
    expect([unknownFile.status, unknownFile.body.error.code]).toEqual([400, 'EVIDENCE_NOT_FOUND']);
    expect((await s['street-clerk'].get(`/api/tasks/${task.id}`)).body.status).toBe('OPEN');
    expect(await siteStatus(s.supervisor, site.id)).toBe('DEREGISTERING');

    const { body, contentType } = multipart(Buffer.from('%PDF-1.4 注销通知'), 'zhuxiao.pdf', 'application/pdf');
    const uploaded = await s['street-clerk'].send(`/api/websites/${site.id}/evidence`, body, contentType);
    expect(uploaded.status).toBe(201);
    const ok = await act(s['street-clerk'], task.id, 'complete', { result: { siteCodeEvidence: { fileId: uploaded.body.id }, partyGovMarkEvidence: ref('2') } });
    expect(ok.status).toBe(200);
    const file = await s['street-clerk'].downloadFile(`/api/websites/${site.id}/evidence/${uploaded.body.id}`);
    expect(file.body.toString()).toBe('%PDF-1.4 注销通知');
  }, 120_000);
});

describe('the retention branch (保留申请)', () => {
  async function retention() {
    const site = await createSite(s.supervisor, 'BJ-D001');
    const justification = '本网站承载全市发展改革领域的项目申报系统，无法整合，申请保留并按年复核。';
    const workflowId = await planAndApprove(s['fgw-clerk'], s.supervisor, { websiteId: site.id, decision: 'KEEP', justification });
    started.push(workflowId);
    await waitStatus(s.supervisor, site.id, 'RETENTION_REVIEW');
    const application = await openTask(s['fgw-clerk'], workflowId, 'retention-application');
    const short = await act(s['fgw-clerk'], application.id, 'complete', { result: { justification: '需要保留' } });
    expect([short.status, short.body.error.code]).toEqual([400, 'JUSTIFICATION_REQUIRED']);
    await act(s['fgw-clerk'], application.id, 'complete', { result: { justification } });
    return { site, workflowId };
  }

  it('when the city office approves, the site is kept with a yearly review date and the flow ends', async () => {
    const { site, workflowId } = await retention();
    const review = await openTask(s['city-verifier'], workflowId, 'retention-review');
    const noDate = await act(s['city-verifier'], review.id, 'complete', { result: { decision: 'approve' } });
    expect([noDate.status, noDate.body.error.code]).toEqual([400, 'REVIEW_DATE_REQUIRED']);
    const reviewDate = `${new Date().getFullYear() + 1}-06-30`;

    const res = await act(s['city-verifier'], review.id, 'complete', { result: { decision: 'approve', reviewDate } });

    expect(res.status).toBe(200);
    await waitStatus(s.supervisor, site.id, 'RETAINED');
    expect((await s.supervisor.get(`/api/websites/${site.id}`)).body.reviewDate).toBe(reviewDate);
    expect(await stack.client.workflow.getHandle(workflowId).result()).toMatchObject({ outcome: 'retained' });
  }, 120_000);

  it('when the city office rejects, the closure flow starts: the unit is asked for its application', async () => {
    const { site, workflowId } = await retention();
    const review = await openTask(s['city-verifier'], workflowId, 'retention-review');

    const res = await act(s['city-verifier'], review.id, 'complete', { result: { decision: 'reject', reason: '功能可由市政务服务网承接' } });

    expect(res.status).toBe(200);
    const application = await openTask(s['fgw-clerk'], workflowId, 'application');
    expect(application.title).toContain('申请提交');
    expect(await siteStatus(s.supervisor, site.id)).toBe('CLOSURE_APPROVAL');
    // A city department is outside any district: after its head, the city office is the next level.
    await completeStage(s['fgw-clerk'], workflowId, 'application', stageResult('application', {}));
    await completeStage(s['fgw-head'], workflowId, 'approval-head');
    expect((await openTask(s['city-verifier'], workflowId, 'approval-city')).stageKey).toBe('approval-city');
  }, 120_000);
});

describe('the consolidation plan (整合计划表)', () => {
  it('is approved by the city office only; a rejection carries its reason and the unit may submit again', async () => {
    const site = await createSite(s.supervisor, 'BJ-Q01-S01');
    const submitted = await s['street-clerk'].post('/api/consolidation-plans', { rows: [{ websiteId: site.id, decision: 'CLOSE', plannedDate: '2026-12-31' }] });
    expect(submitted.status).toBe(201);
    const id = submitted.body.ids[0];

    const byDistrict = await s['dc-supervisor'].post(`/api/consolidation-plans/${id}/approve`, {});
    const noReason = await s.supervisor.post(`/api/consolidation-plans/${id}/reject`, {});
    const rejected = await s.supervisor.post(`/api/consolidation-plans/${id}/reject`, { reason: '请与区政府门户整合，而不是直接关停' });
    const twice = await s.supervisor.post(`/api/consolidation-plans/${id}/approve`, {});

    expect([byDistrict.status, byDistrict.body.error.code]).toEqual([403, 'CITY_OFFICE_ONLY']);
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(rejected.status).toBe(200);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'PLAN_NOT_PENDING']);
    expect(await siteStatus(s.supervisor, site.id)).toBe('RUNNING');
    const again = await s['street-clerk'].post('/api/consolidation-plans', { rows: [{ websiteId: site.id, decision: 'KEEP', plannedDate: '2026-12-31', justification: '太短' }] });
    expect([again.status, again.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const resubmitted = await s['street-clerk'].post('/api/consolidation-plans', { rows: [{ websiteId: site.id, decision: 'CLOSE', plannedDate: '2027-03-31' }] });
    expect(resubmitted.status).toBe(201);
    const list = await s['street-clerk'].get(`/api/consolidation-plans?filter=${encodeURIComponent(JSON.stringify({ websiteId: site.id }))}`);
    expect(list.body).toMatchObject([{ status: 'SUBMITTED', plannedDate: '2027-03-31', rejectReason: null }]);
  });

  it('does not let a unit plan a site of another unit: it does not exist for them', async () => {
    const site = await createSite(s.supervisor, 'BJ-D001');
    const res = await s['street-clerk'].post('/api/consolidation-plans', { rows: [{ websiteId: site.id, decision: 'CLOSE', plannedDate: '2026-12-31' }] });
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect(await stack.prisma.consolidationPlan.count({ where: { websiteId: site.id } })).toBe(0);
  });
});
