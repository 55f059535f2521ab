import {
  checkEvidence, checkFollowUp, checkJustification, checkMigrationPlan, checkNotice, checkPreRelease, checkReportResult,
  checkRetentionDecision, evidenceFields, reportChecks,
} from '../../../domain/flows';
import { warningKey } from '../../../domain/annual-report';
import { copy, longgang2024 } from '../annual-report/fixtures/longgang-2024';

// 10:00 China time on 1 March 2026: "today" for the date checks is 2026-03-01.
const now = new Date('2026-03-01T02:00:00Z');

describe('the annual report\'s form checks', () => {
  it('when 单位自查 is completed without a report, it is refused with REPORT_INVALID', () => {
    expect(checkReportResult({})).toEqual({ code: 'REPORT_INVALID', message: '请填写年度报告内容后再提交自查。' });
  });

  it('when the report breaks the template, every problem is listed in one refusal', () => {
    const refusal = checkReportResult({ report: { sections: {} } });
    expect(refusal?.code).toBe('REPORT_INVALID');
    expect(refusal?.message).toMatch(/^年度报告有\d+处与模板不符，请修改后再提交：\n1\. \[/);
  });

  it('when a T3 column breaks R1, the report is refused as a 逻辑错误; the published report passes', () => {
    expect(checkReportResult({ report: longgang2024() })).toBeUndefined();
    const broken = copy(longgang2024());
    broken.t3.newReceived.natural += 1;
    const refusal = checkReportResult({ report: broken });
    expect(refusal?.code).toBe('REPORT_INVALID');
    expect(refusal?.message).toMatch(/处问题，请修改后再提交：\n1\. \[R1\]/);
  });

  it('when section 一 misses a 第五十条 item, 单位自查 is refused with REPORT_INVALID naming the section', () => {
    const r = copy(longgang2024());
    r.sections.s1 = '本年度主动公开政府信息。';
    const refusal = checkReportResult({ report: r });
    expect(refusal?.code).toBe('REPORT_INVALID');
    expect(refusal?.message).toMatch(/\[CONTENT_TOPIC\] 「一、总体情况」未写到/);
  });

  it('when the report has a warning, 单位自查 is refused until the submission confirms that very warning', () => {
    const r = copy(longgang2024());
    r.sections.s1 += '全年共收到政府信息公开申请70件。';
    const refusal = checkReportResult({ report: r });
    expect(refusal?.code).toBe('REPORT_WARNINGS_UNCONFIRMED');
    expect(refusal?.message).toContain('70');
    const [warning] = reportChecks(r, {}, {}).warnings;
    expect(checkReportResult({ report: r, confirmedWarnings: ['NARRATIVE_NUMBER|s1|sections.s1|T3.newReceived.total|其他'] })?.code).toBe('REPORT_WARNINGS_UNCONFIRMED');
    expect(checkReportResult({ report: r, confirmedWarnings: [warningKey(warning)] })).toBeUndefined();
  });

  it('when last year\'s 整改 items are not answered, 单位自查 is refused; answered and covered in 五, it passes', () => {
    const rectification = [{ id: '2025-1', text: '未说明信息处理费收取情况', year: 2025 }];
    const r = copy(longgang2024());
    expect(checkReportResult({ report: r }, { rectification })?.message).toMatch(/\[RECTIFICATION\] 整改事项 1/);
    r.sections.s5 += '对上一年度指出的问题已全部整改。';
    const answers = [{ id: '2025-1', status: 'done', text: '已在第六部分说明' }];
    expect(checkReportResult({ report: r, rectification: answers }, { rectification })).toBeUndefined();
  });

  it('when 预发布 names a date that is not a real YYYY-MM-DD date, it is refused with INVALID_PUBLICATION_DATE', () => {
    for (const publicationDate of ['2026-3-1', 'soon', undefined, '2026-02-30']) {
      expect(checkPreRelease({ publicationDate }, { now })).toEqual({ code: 'INVALID_PUBLICATION_DATE', message: '请填写正确的公开日期（格式为 YYYY-MM-DD）。' });
    }
  });

  it('when 预发布 names month 13, it is refused as a bad date, not thrown as a RangeError', () => {
    expect(checkPreRelease({ publicationDate: '2026-13-45' }, { now })?.code).toBe('INVALID_PUBLICATION_DATE');
  });

  it('when the publication date is past, or after the statutory date while that has not passed, it is refused', () => {
    expect(checkPreRelease({ publicationDate: '2026-02-28' }, { now })?.message).toBe('公开日期 2026-02-28 已过，请填写今天或以后的日期。');
    expect(checkPreRelease({ publicationDate: '2026-04-01' }, { now, publishBy: '2026-03-31' })?.message)
      .toBe('公开日期 2026-04-01 晚于法定公开截止日期 2026-03-31，请提前。');
    expect(checkPreRelease({ publicationDate: '2026-03-31' }, { now, publishBy: '2026-03-31' })).toBeUndefined();
  });

  it('when the statutory date has already passed, a later publication date is accepted (the unit is flagged elsewhere)', () => {
    expect(checkPreRelease({ publicationDate: '2026-03-05' }, { now, publishBy: '2026-01-31' })).toBeUndefined();
  });
});

describe('the website closure\'s form checks', () => {
  it('when 申请提交 has no migration plan, or a row of an unknown kind, it is refused with MIGRATION_PLAN_REQUIRED', () => {
    expect(checkMigrationPlan({})?.code).toBe('MIGRATION_PLAN_REQUIRED');
    expect(checkMigrationPlan({ migrationPlan: [{ item: '通知公告', kind: 'archive', target: '门户网站' }] })?.code).toBe('MIGRATION_PLAN_REQUIRED');
    expect(checkMigrationPlan({ migrationPlan: [{ item: '通知公告', kind: 'content', target: '门户网站 / 通知公告' }] })).toBeUndefined();
  });

  it('when a deregistration lacks the evidence the site needs, the refusal names each missing one', () => {
    const site = { hasPartyGovMark: true, hasIcp: true, hasPsb: false };
    expect(evidenceFields('filing-deregistration', site)).toEqual([['icpEvidence', 'ICP备案']]);
    expect(checkEvidence({ siteCodeEvidence: { reference: '京标注〔2026〕1号' } }, evidenceFields('identifier-deregistration', site))).toEqual({
      code: 'EVIDENCE_REQUIRED',
      message: '请提供党政机关网站标识的注销凭证：上传的文件（fileId）或注销文号（reference，4到100字）。',
    });
    expect(checkEvidence({ domainEvidence: { fileId: 'not-a-uuid' } }, evidenceFields('domain-deregistration', site))?.code).toBe('EVIDENCE_REQUIRED');
    expect(checkEvidence({ domainEvidence: { fileId: '0b6f6c1e-3a55-4f59-9c0e-8f0f8b7d2a11' } }, evidenceFields('domain-deregistration', site))).toBeUndefined();
  });

  it('when 公示公告 lacks either notice URL, it is refused with NOTICE_URL_REQUIRED', () => {
    expect(checkNotice({ oldSiteNoticeUrl: 'https://old.example.gov.cn/notice' })?.code).toBe('NOTICE_URL_REQUIRED');
    expect(checkNotice({ oldSiteNoticeUrl: 'https://old.example.gov.cn/n', targetSiteNoticeUrl: 'http://new.example.gov.cn/n' })).toBeUndefined();
  });

  it('when 回头看 finds a problem without findings, it is refused with FINDINGS_REQUIRED', () => {
    expect(checkFollowUp({ siteDown: true })?.code).toBe('FOLLOW_UP_INCOMPLETE');
    expect(checkFollowUp({ siteDown: false, noNewUnapprovedSite: true })?.code).toBe('FINDINGS_REQUIRED');
    expect(checkFollowUp({ siteDown: false, noNewUnapprovedSite: true, findings: '原网站仍可访问，已责令整改。' })).toBeUndefined();
  });

  it('when 保留申请 gives fewer than 20 characters of reasons, it is refused with JUSTIFICATION_REQUIRED', () => {
    expect(checkJustification({ justification: '需要保留' })?.code).toBe('JUSTIFICATION_REQUIRED');
  });

  it('when 保留审批 approves without a review date after today, or decides nothing, it is refused', () => {
    expect(checkRetentionDecision({ decision: 'approve', reviewDate: '2026-03-01' }, { now })?.code).toBe('REVIEW_DATE_REQUIRED');
    expect(checkRetentionDecision({ decision: 'approve', reviewDate: '2027-03-01' }, { now })).toBeUndefined();
    expect(checkRetentionDecision({ decision: 'reject' }, { now })?.code).toBe('REASON_REQUIRED');
    expect(checkRetentionDecision({}, { now })?.code).toBe('RETENTION_DECISION_REQUIRED');
  });

  it('when 保留审批 names month 13 as the review date, it is refused as a bad date, not thrown as a RangeError', () => {
    expect(checkRetentionDecision({ decision: 'approve', reviewDate: '2027-13-45' }, { now })?.code).toBe('REVIEW_DATE_REQUIRED');
  });
});
