/** GovFlow's own labels in Chinese (the default language). */
export const appZhCN = {
  resources: {
    tasks: {
      name: '待办 |||| 我的待办',
      fields: {
        title: '事项', orgUnit: '单位', 'orgUnit.name': '单位', stageKey: '环节', status: '状态', round: '轮次',
        startedAt: '开始时间', deadlineAt: '办理期限', completedAt: '办结时间', comment: '办理意见', workingDaysLeft: '剩余工作日',
        flowKey: '流程', overdue: '仅看已逾期', q: '搜索', currentRung: '催办阶梯', history: '办理记录', deadlineTime: '期限时间',
      },
    },
    'overdue-tasks': { name: '逾期待办 |||| 逾期待办' },
    notifications: {
      name: '通知 |||| 消息通知',
      fields: { kind: '类型', subject: '标题', body: '内容', createdAt: '时间', readAt: '状态', unread: '未读' },
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
      return: '退回', return_title: '退回待办', return_content: '退回后，所选环节将重新办理，本环节的办理人会收到您的退回原因和意见。',
      return_to: '退回到', return_reason: '退回原因', return_comment: '退回意见', returned: '已退回',
      transfer: '转交', transfer_title: '转交待办', transfer_content: '转交后此待办由所选同事办理，您将不能再办理。', transfer_to: '转交给', transfer_none: '本单位没有同岗位的其他同事可以转交。', transferred_done: '已转交',
      claim: '认领', claim_title: '认领待办', claim_content: '认领后此待办由您本人办理，本单位其他同事将不再看到办理按钮。确定认领吗？', claimed: '已认领',
      withdraw: '撤回', withdraw_title: '撤回已提交的待办', withdraw_content: '下一环节尚未开始办理时可以撤回，撤回后此环节将重新由您办理。确定撤回吗？', withdrawn: '已撤回',
      withdraw_comment: '撤回说明（可选）',
    },
    return_reasons: { incomplete: '材料不全', 'data-error': '数据有误', 'non-compliant': '不符合规范要求', other: '其他原因', withdrawn: '提交人撤回' },
    returned: {
      title: '此待办已被 %{by} 从「%{stage}」退回，请重新办理', withdrawn_title: '此待办已由 %{by} 从「%{stage}」撤回',
      reason: '退回原因：%{reason}', comment: '意见：%{comment}',
    },
    rung: { current: '当前阶梯 %{rung}', none: '尚未触发', next: '下一阶梯 %{at}' },
    events: {
      task: {
        opened: '开始办理', approver_added: '加签', completed: '办理完成', returned: '退回', withdrawn: '撤回', cancelled: '取消',
        transferred: '转交', claimed: '认领', cc: '抄送', reminded: '催办', extended: '延期', paused: '暂停计时', resumed: '恢复计时', rescheduled: '调整期限',
      },
      escalation: { remind: '到期提醒', urge: '逾期催办', supervise: '列入督办', 'candidate-notice': '列入拟通报' },
      other: '其他操作',
    },
    timeline: { empty: '暂无办理记录', system: '系统' },
    remind: {
      action: '催办', title: '催办此待办', content: '将向办理人发送催办通知（同一待办一小时内只能催办一次）。确定催办吗？', done: '已催办',
    },
    bulk_remind: {
      action: '批量催办', title: '批量催办逾期待办', send: '发送催办',
      preview: '将催办 %{tasks} 项逾期待办，涉及 %{units} 个单位。', skipped: '另有 %{count} 项一小时内已催办过，本次跳过。',
      units: '涉及单位：%{units}', done: '已催办 %{count} 项待办',
    },
    overdue: { title: '逾期待办' },
    notifications: {
      read_all: '全部标为已读', read_all_done: '已将 %{count} 条通知标为已读', open_task: '查看待办', mark_read: '标为已读',
      read: '已读', unread: '未读', unread_count: '%{count} 条未读通知',
      kinds: {
        assigned: '新待办', reminder: '到期提醒', urge: '催办', supervise: '督办', 'candidate-notice': '拟通报', 'manual-reminder': '催办',
        cc: '抄送', completed: '办结', returned: '退回', withdrawn: '撤回', other: '其他',
      },
    },
  },
};
