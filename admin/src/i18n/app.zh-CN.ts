/** GovFlow's own labels in Chinese (the default language). */
export const appZhCN = {
  resources: {
    tasks: {
      name: '待办 |||| 我的待办',
      fields: {
        title: '事项', orgUnit: '单位', 'orgUnit.name': '单位', stageKey: '环节', status: '状态', round: '轮次',
        startedAt: '开始时间', deadlineAt: '办理期限', completedAt: '办结时间', comment: '办理意见', workingDaysLeft: '剩余工作日',
        flowKey: '流程', overdue: '仅看已逾期', q: '搜索',
      },
    },
    'org-units': {
      name: '单位 |||| 组织机构',
      fields: { code: '编码', name: '名称', shortName: '简称', kind: '类型', depth: '层级', path: '路径', q: '搜索' },
    },
  },
  govflow: {
    auth: { session_expired: '登录已过期，请重新登录' },
    flows: { 'annual-report': '政府信息公开工作年度报告', 'website-closure': '政府网站集约化整合' },
    stages: {
      assign: '任务分派', 'self-check': '单位自查', 'sign-off': '主要负责同志签发', 'district-review': '区级汇总',
      'city-verification': '全市核查', 'pre-release': '预发布', publication: '集中公开',
      application: '申请提交', approval: '审核报批', 'public-notice': '公示公告', 'identifier-deregistration': '标识注销',
      'filing-deregistration': '备案注销', 'domain-deregistration': '域名注销', 'follow-up': '回头看',
    },
    status: { OPEN: '待办理', COMPLETED: '已办结', RETURNED: '已退回', WITHDRAWN: '已撤回', CANCELLED: '已取消' },
    kinds: {
      CITY_GOVERNMENT: '市政府', GENERAL_OFFICE: '政府办公厅（室）', MUNICIPAL_DEPARTMENT: '市级部门', DISTRICT_GOVERNMENT: '区政府',
      DISTRICT_DEPARTMENT: '区级部门', STREET: '街道', TOWN: '乡镇',
    },
    deadline: {
      none: '无期限', today: '今日到期', left: '剩 %{days} 个工作日', overdue: '逾期 %{days} 个工作日',
    },
    actions: {
      complete: '办理完成', complete_title: '确认办理完成', complete_content: '提交后将进入下一环节，确定要办理完成吗？',
      comment: '办理意见（可选）', completed: '已办理完成',
    },
  },
};
