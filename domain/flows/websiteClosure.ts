/**
 * A government website's closure (政府网站集约化整合, docs/domain.md §4), as Shanghai ran it for 644 → 78
 * sites: [保留申请 → 保留审批] → 申请提交 → 审核报批 level by level → 公示公告 → 标识注销 → 备案注销 → 域名注销,
 * then 回头看 at +30 and +90 days. The one place these keys, names, roles and default deadlines are written.
 *
 * The keys are the ones running workflows and recorded histories carry: never rename one.
 */
import type { WebsiteStatus } from '../websites';
import { FLOW_WEBSITE_CLOSURE } from '../step';
import { defineFlow } from './registry';

export const WEBSITE_CLOSURE = defineFlow({
  key: FLOW_WEBSITE_CLOSURE,
  name: '政府网站集约化整合',
  nameEn: 'Government website closure',
  sequences: [
    [
      // 保留申请: Shanghai asked a written request from the department to 市政府办公厅 (docs/domain.md §4).
      { key: 'retention-application', name: '保留申请', nameEn: 'Retention request', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'retention-review', name: '保留审批（市政府办公厅）', nameEn: 'Retention review (city office)', assigneeRole: 'CLERK', office: 'city-office', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
    ],
    [
      { key: 'application', name: '申请提交', nameEn: 'Application', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      // 逐级审核报批: the unit head, the district general office (units inside a district), the city general office.
      { key: 'approval-head', name: '审核报批（单位负责人）', nameEn: 'Approval (unit head)', assigneeRole: 'UNIT_HEAD', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'approval-office', name: '审核报批（区政府办公室）', nameEn: 'Approval (district office)', assigneeRole: 'CLERK', office: 'district-office', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'approval-city', name: '审核报批（市政府办公厅）', nameEn: 'Approval (city office)', assigneeRole: 'CLERK', office: 'city-office', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'public-notice', name: '公示公告', nameEn: 'Public notice', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'identifier-deregistration', name: '标识注销', nameEn: 'Identifier deregistration', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'filing-deregistration', name: '备案注销', nameEn: 'Filing deregistration', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      // 国办函〔2018〕55号: the registry finishes within 3 working days of verification; the unit gets 10 in all.
      { key: 'domain-deregistration', name: '域名注销', nameEn: 'Domain deregistration', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
    ],
    // 回头看、继续查 (Shanghai): each check stands alone, with no earlier stage to return to.
    [{ key: 'follow-up-30', name: '回头看（关停后30天）', nameEn: 'Follow-up check (+30 days)', assigneeRole: 'CLERK', office: 'supervising-office', deadlineKind: 'WORKING_DAYS', workingDays: 5 }],
    [{ key: 'follow-up-90', name: '回头看（关停后90天）', nameEn: 'Follow-up check (+90 days)', assigneeRole: 'CLERK', office: 'supervising-office', deadlineKind: 'WORKING_DAYS', workingDays: 5 }],
  ],
});

export type WebsiteClosureStageKey = (typeof WEBSITE_CLOSURE.stages)[number]['key'];

/** The site's status in the inventory while a stage runs (回头看 runs on a closed site and leaves it as it is). */
export const SITE_STATUS_OF_STAGE: Partial<Record<WebsiteClosureStageKey, WebsiteStatus>> = {
  'retention-application': 'RETENTION_REVIEW',
  'retention-review': 'RETENTION_REVIEW',
  application: 'CLOSURE_APPROVAL',
  'approval-head': 'CLOSURE_APPROVAL',
  'approval-office': 'CLOSURE_APPROVAL',
  'approval-city': 'CLOSURE_APPROVAL',
  'public-notice': 'NOTICE',
  'identifier-deregistration': 'DEREGISTERING',
  'filing-deregistration': 'DEREGISTERING',
  'domain-deregistration': 'DEREGISTERING',
};
