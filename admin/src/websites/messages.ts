/** Site inventory and 《整合计划表》 labels: Chinese first, English with the same keys (checked by the type). */
export const websiteZhCN = {
  resources: {
    websites: {
      name: '网站清单 |||| 网站清单',
      fields: { name: '网站名称', domain: '域名', siteCode: '网站标识码', icpNumber: 'ICP备案号', psbNumber: '公安备案号', 'ownerUnit.name': '主办单位', status: '状态', q: '搜索', updatedAt: '更新时间' },
    },
    'consolidation-plans': {
      name: '整合计划表 |||| 整合计划表',
      fields: { 'website.name': '网站', decision: '整合意见', plannedDate: '计划日期', status: '审批状态', submittedAt: '报送时间', justification: '说明' },
    },
  },
  govflow: {
    website: {
      status: { RUNNING: '运行中', RETENTION_REVIEW: '保留审批中', RETAINED: '保留', CLOSURE_APPROVAL: '关停审批中', NOTICE: '公示中', DEREGISTERING: '注销中', CLOSED: '已关停', FOLLOWED_UP: '回头看完成', FLOW_ENDED: '流程已终止' },
      decision: { INTEGRATE: '整合', CLOSE: '关停', KEEP: '保留' },
      planStatus: { SUBMITTED: '待审批', APPROVED: '已批准', REJECTED: '不予批准' },
      import: '导入网站', importTitle: '导入网站清单（CSV 或 Excel）', check: '检查文件', doImport: '确认导入', chooseFile: '选择文件',
      importEncodings: 'CSV 文件可以是 UTF-8（Excel 的“CSV UTF-8”）或 GBK（中文 Excel、WPS 默认的“CSV（逗号分隔）”），系统自动识别。',
      reportOk: '共 %{total} 行，全部通过检查', reportBad: '共 %{total} 行，其中 %{bad} 行有问题，未导入任何网站：', imported: '已导入 %{count} 个网站',
      row: '行号', field: '字段', problem: '问题', exportCsv: '导出 CSV', exportXlsx: '导出 Excel',
      approve: '批准', reject: '不予批准', rejectReason: '不予批准的理由', approved: '已批准，流程已启动', rejected: '已退回报送单位',
    },
  },
};

export const websiteEn: typeof websiteZhCN = {
  resources: {
    websites: {
      name: 'Website |||| Website inventory',
      fields: { name: 'Site name', domain: 'Domain', siteCode: 'Site identifier', icpNumber: 'ICP filing', psbNumber: 'Police filing', 'ownerUnit.name': 'Owner unit', status: 'Status', q: 'Search', updatedAt: 'Updated' },
    },
    'consolidation-plans': {
      name: 'Consolidation plan |||| Consolidation plan',
      fields: { 'website.name': 'Site', decision: 'Decision', plannedDate: 'Planned date', status: 'Approval', submittedAt: 'Submitted', justification: 'Justification' },
    },
  },
  govflow: {
    website: {
      status: { RUNNING: 'Running', RETENTION_REVIEW: 'Retention under review', RETAINED: 'Retained', CLOSURE_APPROVAL: 'Closure approval', NOTICE: 'Public notice', DEREGISTERING: 'Deregistering', CLOSED: 'Closed', FOLLOWED_UP: 'Follow-up done', FLOW_ENDED: 'Flow ended' },
      decision: { INTEGRATE: 'Integrate', CLOSE: 'Close', KEEP: 'Keep' },
      planStatus: { SUBMITTED: 'Awaiting approval', APPROVED: 'Approved', REJECTED: 'Rejected' },
      import: 'Import sites', importTitle: 'Import the site inventory (CSV or Excel)', check: 'Check the file', doImport: 'Import', chooseFile: 'Choose a file',
      importEncodings: 'A CSV file may be UTF-8 (Excel\'s "CSV UTF-8") or GBK (the "CSV (comma delimited)" of Chinese Excel and WPS); the encoding is detected.',
      reportOk: '%{total} rows, all valid', reportBad: '%{total} rows, %{bad} with problems; nothing was imported:', imported: '%{count} sites imported',
      row: 'Row', field: 'Field', problem: 'Problem', exportCsv: 'Export CSV', exportXlsx: 'Export Excel',
      approve: 'Approve', reject: 'Reject', rejectReason: 'Reason for rejecting', approved: 'Approved; the flow has started', rejected: 'Sent back to the unit',
    },
  },
};
