import { flowLabels, stageLabels } from '@domain/flows';

/** GovFlow's own labels in Chinese (the default language). */
export const appZhCN = {
  resources: {
    tasks: {
      name: '待办 |||| 我的待办',
      fields: {
        title: '事项', orgUnit: '单位', 'orgUnit.name': '单位', stageKey: '环节', status: '状态', round: '轮次',
        startedAt: '开始时间', deadlineAt: '办理期限', completedAt: '办结时间', comment: '办理意见', workingDaysLeft: '剩余工作日',
        flowKey: '流程', overdue: '仅看已逾期', dueWithinDays: '到期时间', campaignId: '专项编号', q: '搜索', currentRung: '催办阶梯', history: '办理记录', report: '年度报告', instance: '流程进度', temporal: '流程历史', pausedAt: '暂停计时于',
        deadlineTime: '期限时间',
      },
    },
    escalations: {
      name: '督办与拟通报 |||| 督办与拟通报',
      fields: {
        'task.title': '事项', 'task.orgUnit.name': '单位', kind: '类型', rung: '阶梯', reason: '原因', createdAt: '列入时间', decision: '处理决定',
        q: '搜索', pending: '仅看待决定',
      },
    },
    stages: {
      name: '环节设置 |||| 环节设置',
      fields: { flowKey: '流程', position: '顺序', key: '环节', assigneeRole: '办理岗位', workingDays: '办理期限', ladder: '催办阶梯', nameEn: '英文名称' },
    },
    'calendar-overrides': { name: '节假日日历 |||| 节假日日历' },
    users: {
      name: '账号 |||| 账号管理',
      fields: {
        login: '登录名', displayName: '姓名', 'orgUnit.name': '所属单位', orgUnitId: '所属单位', roles: '岗位', active: '启用', createdAt: '创建时间',
        email: '电子邮箱', password: '初始密码', q: '搜索', role: '岗位',
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
    roles: { CLERK: '经办人', UNIT_HEAD: '单位负责人', SUPERVISOR: '督办人员', ADMIN: '管理员' },
    export: { xlsx: '导出 Excel' },
    temporal: { open_history: '在 Temporal 中查看流程历史' },
    instance: {
      round: '第%{round}轮', position_before: '前加签', position_after: '后加签',
      assigned: '交办：%{who}，%{at}', completed: '办结：%{who}，%{at}',
      returned_from: '由 %{by} 从「%{stage}」退回，原因：%{reason}', withdrawn_from: '由 %{by} 从「%{stage}」撤回',
      reminders: '催办 %{count} 次，最近 %{at}',
    },
    report: {
      save: '保存草稿', submit: '提交自查', saved: '草稿已保存，校验通过', saved_with_problems: '草稿已保存，仍有 %{count} 处问题',
      fix_first: '还有 %{count} 处问题，请按标红的单元格修改后再提交', submitted: '年度报告已提交自查',
      problems: '有 %{count} 处问题（标红）', incomplete: '尚有 %{count} 处未填写', ready: '校验通过，可以提交',
      refused: '服务器拒绝了提交', errors_title: '%{count} 处问题', warnings_title: '请核对（不影响提交）',
      submit_title: '提交年度报告自查', submit_content: '提交后报告将送主要负责同志签发，确定提交吗？',
      submit_with_warnings: '报告有 %{count} 处提示，请确认已经核对。',
      section_text: '正文', section_note: '说明（可选）', none: '尚未提交年度报告',
      submitted_by: '提交人：%{who}，提交时间：%{at}（第%{round}轮）',
    },
    stage: {
      working_days: '%{days} 个工作日', statutory: '法定日期（次年 %{date}）', edit_title: '环节设置：%{flow} · %{stage}',
      deadline_days: '办理期限（工作日）', deadline_help: '1 到 120 个工作日，从环节开始的次日起算',
      ladder: '催办阶梯', ladder_help: '相对办理期限的工作日：负数为到期前提醒，0 为到期当日，正数为逾期后',
      rung_key: '阶梯名称', rung_offset: '工作日偏移', rung_action: '动作', rung_notify: '通知对象', add_rung: '增加阶梯',
      notify: { assignees: '办理人', leaderInCharge: '分管领导', supervisingOffice: '督办单位' },
      apply_running: '同时应用于在办事项（调整正在办理的环节的期限）',
      running_preview: '当前有 %{count} 个正在办理的此环节，勾选后其期限将按新设置重新计算。',
      saved: '环节设置已保存，之后开始的环节使用新设置', saved_applied: '环节设置已保存，已调整 %{moved} 个在办环节的期限（%{failed} 个未能调整）',
    },
    calendar: {
      title: '节假日日历', previous: '上个月', next: '下个月', year: '年份', month: '月份', year_n: '%{year}年', month_n: '%{month}月',
      weekday: { 0: '日', 1: '一', 2: '二', 3: '三', 4: '四', 5: '五', 6: '六' },
      kinds: { workday: '工作日', weekend: '周末', holiday: '法定节假日', 'makeup-workday': '调休上班', 'override-holiday': '本地放假', 'override-workday': '本地上班' },
      not_covered: '节假日数据未覆盖此年份，按周一至周五计算工作日，请核对。',
      overrides: '本地调整', no_overrides: '暂无调整', add: '增加调整', add_button: '增加', date: '日期', kind: '调整类型', name: '说明',
      override_kind: { holiday: '放假', workday: '上班' },
      added: '已增加 %{date} 的调整', removed: '已删除 %{date} 的调整',
    },
    users: {
      login_rule: '2-50位小写字母、数字、点、横线或下划线', password_rule: '至少12个字符；用户首次登录时须修改',
      reset_password: '重置密码', reset_title: '重置密码', reset_content: '设置新的初始密码，该用户的登录会话将立即失效，下次登录时须修改密码。',
      new_password: '新的初始密码', reset_done: '密码已重置',
    },
    escalations: {
      kinds: { SUPERVISE: '督办', CANDIDATE_NOTICE: '拟通报' },
      decide: '作出决定', decide_title: '拟通报事项的处理决定', decide_content: '是否通报批评由督办人员决定。请选择处理决定并说明理由。',
      decision: '处理决定', comment: '处理意见', decided: '已作出决定',
      decisions: { notice: '通报批评', dismiss: '不予通报' },
    },
    org: { expand: '展开 %{name}', collapse: '收起 %{name}', users: '账号', no_children: '无下级单位' },
    auth: { session_expired: '登录已过期，请重新登录' },
    // Flow and stage names come from the flows' registry (domain/flows), never typed here.
    flows: flowLabels('zh-CN'),
    stages: stageLabels('zh-CN'),
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
      add_approver: '加签', add_approver_title: '加签', add_approver_content: '请本单位一位同事在您之前或之后办理此待办：前加签时对方先办理，后加签时您办理后再由对方办理。',
      add_approver_position: '加签位置', position_before: '在我之前（前加签）', position_after: '在我之后（后加签）', add_approver_who: '加签人', approver_added: '已加签',
      nobody: '本单位没有其他可选的同事。',
      cc: '抄送', cc_title: '抄送待办', cc_content: '被抄送的同事会收到通知并可查看此待办，但不能办理。', cc_to: '抄送给', cc_done: '已抄送',
      extend: '延期', extend_title: '延长办理期限', extend_content: '办理期限顺延所填的工作日数，催办阶梯按新期限重新计算。法定期限不能延期。',
      extend_days: '延期工作日数', extend_days_help: '1 到 60 个工作日', extend_reason: '延期理由', extended: '已延期',
      pause: '暂停计时', pause_title: '暂停计时', pause_content: '暂停期间不计算工作日，恢复计时后办理期限按暂停的工作日数顺延。法定期限不能暂停。',
      pause_reason: '暂停理由', paused: '已暂停计时',
      resume: '恢复计时', resume_title: '恢复计时', resume_content: '恢复后继续计算工作日，办理期限按暂停的工作日数顺延。确定恢复计时吗？', resumed: '已恢复计时',
      return_problems: '问题清单（每行一条）', return_problems_help: '已填写 %{count} 条；退回后办理人会逐条看到',
      publication_date: '公开日期',
      withdraw_comment: '撤回说明（可选）',
    },
    return_reasons: { incomplete: '材料不全', 'data-error': '数据有误', 'non-compliant': '不符合规范要求', other: '其他原因', withdrawn: '提交人撤回' },
    returned: {
      title: '此待办已被 %{by} 从「%{stage}」退回，请重新办理', withdrawn_title: '此待办已由 %{by} 从「%{stage}」撤回',
      reason: '退回原因：%{reason}', comment: '意见：%{comment}',
      problems: '问题清单（%{count} 条）：',
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
