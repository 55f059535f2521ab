/**
 * Default stage definitions and escalation ladders. Administrators change them at run time in the
 * console; the seed only writes them when they do not exist yet, so a re-seed never undoes an edit.
 */
export interface LadderRung {
  key: string;
  /** working days relative to the deadline: negative before it, positive after it */
  offsetWorkingDays: number;
  action: 'remind' | 'urge' | 'supervise' | 'candidate-notice';
  notify: Array<'assignees' | 'leaderInCharge' | 'supervisingOffice'>;
}

/** domain.md §5: T−5/T−2 reminders, T+0 催办 to assignee and 分管领导, T+3 督办, T+10 candidate 通报. */
export const DEFAULT_LADDER: LadderRung[] = [
  { key: 'T-5', offsetWorkingDays: -5, action: 'remind', notify: ['assignees'] },
  { key: 'T-2', offsetWorkingDays: -2, action: 'remind', notify: ['assignees'] },
  { key: 'T+0', offsetWorkingDays: 0, action: 'urge', notify: ['assignees', 'leaderInCharge'] },
  { key: 'T+3', offsetWorkingDays: 3, action: 'supervise', notify: ['supervisingOffice'] },
  { key: 'T+10', offsetWorkingDays: 10, action: 'candidate-notice', notify: ['supervisingOffice'] },
];

export interface StageSeed {
  key: string;
  name: string;
  nameEn: string;
  assigneeRole: 'CLERK' | 'UNIT_HEAD' | 'SUPERVISOR' | 'ADMIN';
  deadlineKind: 'WORKING_DAYS' | 'STATUTORY_DATE';
  workingDays?: number;
  statutoryDate?: string;
}

export const FLOWS: Array<{ key: string; name: string; nameEn: string; stages: StageSeed[] }> = [
  {
    key: 'annual-report',
    name: '政府信息公开工作年度报告',
    nameEn: 'Annual information-disclosure report',
    stages: [
      { key: 'assign', name: '任务分派', nameEn: 'Assignment', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 2 },
      { key: 'self-check', name: '单位自查', nameEn: 'Self-check', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'sign-off', name: '主要负责同志签发', nameEn: 'Head sign-off', assigneeRole: 'UNIT_HEAD', deadlineKind: 'WORKING_DAYS', workingDays: 3 },
      { key: 'district-review', name: '区级汇总', nameEn: 'District review', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'city-verification', name: '全市核查', nameEn: 'City verification', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'pre-release', name: '预发布', nameEn: 'Pre-release', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 3 },
      // 条例 第四十九条: departments publish by 31 January; the campaign sets each unit's statutory date.
      { key: 'publication', name: '集中公开', nameEn: 'Publication', assigneeRole: 'CLERK', deadlineKind: 'STATUTORY_DATE', statutoryDate: '01-31' },
    ],
  },
  {
    key: 'website-closure',
    name: '政府网站集约化整合',
    nameEn: 'Government website closure',
    stages: [
      // 保留申请 (Shanghai: a written request from the department to 市政府办公厅, domain.md §4).
      { key: 'retention-application', name: '保留申请', nameEn: 'Retention request', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'retention-review', name: '保留审批（市政府办公厅）', nameEn: 'Retention review (city office)', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'application', name: '申请提交', nameEn: 'Application', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'approval-head', name: '审核报批（单位负责人）', nameEn: 'Approval (unit head)', assigneeRole: 'UNIT_HEAD', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'approval-office', name: '审核报批（区政府办公室）', nameEn: 'Approval (district office)', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'approval-city', name: '审核报批（市政府办公厅）', nameEn: 'Approval (city office)', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'public-notice', name: '公示公告', nameEn: 'Public notice', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'identifier-deregistration', name: '标识注销', nameEn: 'Identifier deregistration', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'filing-deregistration', name: '备案注销', nameEn: 'Filing deregistration', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      // 国办函〔2018〕55号: the registry finishes within 3 working days of verification; the unit gets 10 in all.
      { key: 'domain-deregistration', name: '域名注销', nameEn: 'Domain deregistration', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      { key: 'follow-up-30', name: '回头看（关停后30天）', nameEn: 'Follow-up check (+30 days)', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'follow-up-90', name: '回头看（关停后90天）', nameEn: 'Follow-up check (+90 days)', assigneeRole: 'CLERK', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
    ],
  },
];
