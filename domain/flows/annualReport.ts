/**
 * The annual report's stages (政府信息公开工作年度报告), in the order Beijing runs it (docs/domain.md §3):
 * 任务分派 → 单位自查 → 主要负责同志签发 → 区级汇总 (units inside a district) → 全市核查 → 预发布, then the
 * campaign's 集中公开. The one place these keys, names, roles and default deadlines are written.
 */
import { FLOW_ANNUAL_REPORT } from '../step';
import { defineFlow } from './registry';

export const ANNUAL_REPORT = defineFlow({
  key: FLOW_ANNUAL_REPORT,
  name: '政府信息公开工作年度报告',
  nameEn: 'Annual information-disclosure report',
  sequences: [
    [
      { key: 'assign', name: '任务分派', nameEn: 'Assignment', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 2 },
      { key: 'self-check', name: '单位自查', nameEn: 'Self-check', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 10 },
      // Beijing: every unit's report is signed off by its head (主要负责同志签发, docs/domain.md §3).
      { key: 'sign-off', name: '主要负责同志签发', nameEn: 'Head sign-off', assigneeRole: 'UNIT_HEAD', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 3 },
      // docs/domain.md §3 step 4: the district collects its streets', towns' and departments' reports.
      // The district's collected report goes out under the district office's name: its clerk checks it and
      // the office's head (区政府办公室负责人) signs it too, in parallel (会签, docs/domain.md §3).
      {
        key: 'district-review', name: '区级汇总', nameEn: 'District review', assigneeRole: 'CLERK', office: 'district-office', deadlineKind: 'WORKING_DAYS', workingDays: 5,
        countersign: {
          rule: { kind: 'all' },
          signers: [
            { role: 'CLERK', label: '区政府办公室经办人', labelEn: 'District office clerk' },
            { role: 'UNIT_HEAD', label: '区政府办公室负责人', labelEn: 'Head of the district office' },
          ],
        },
      },
      { key: 'city-verification', name: '全市核查', nameEn: 'City verification', assigneeRole: 'CLERK', office: 'city-office', deadlineKind: 'WORKING_DAYS', workingDays: 5 },
      { key: 'pre-release', name: '预发布', nameEn: 'Pre-release', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'WORKING_DAYS', workingDays: 3 },
    ],
    [
      // 条例 第四十九条: departments publish by 31 January; the campaign sets each unit's statutory date and
      // publishes ready units together, so no person works on this stage as a task of the unit's run.
      { key: 'publication', name: '集中公开', nameEn: 'Publication', assigneeRole: 'CLERK', office: 'unit', deadlineKind: 'STATUTORY_DATE', statutoryDate: '01-31', task: false },
    ],
  ],
});

export type AnnualReportStageKey = (typeof ANNUAL_REPORT.stages)[number]['key'];
