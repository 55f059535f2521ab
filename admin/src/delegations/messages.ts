/** 我的委托 and 批量审批 labels: Chinese first, English with exactly the same keys (checked by a unit test). */
export const delegationZhCN = {
  resources: {
    delegations: {
      name: '我的委托 |||| 我的委托',
      fields: {
        delegatorName: '委托人', delegateName: '被委托人', delegateId: '被委托人', delegatorId: '委托人（管理员代设）', role: '委托岗位', flowKey: '流程',
        startDate: '开始日期', endDate: '结束日期', state: '状态', reason: '委托事由', moveOpenTasks: '同时把我在办的待办移交给被委托人',
        createdByLogin: '设置人', scope: '范围', current: '仅看当前有效',
      },
    },
  },
  govflow: {
    delegation: {
      state: { ACTIVE: '生效中', SCHEDULED: '未开始', ENDED: '已提前结束', EXPIRED: '已到期' },
      scope: { mine: '与我有关', all: '本辖区全部' },
      all_flows: '全部流程',
      end: '结束委托', end_title: '提前结束委托', end_confirm: '结束后新的待办将回到委托人；已移交给被委托人的待办仍由其办理。确定结束吗？', ended: '委托已结束',
      move: '移交在办待办', moved: '已移交 %{moved} 项待办，%{refused} 项未移交',
      created: '委托已设置', created_moved: '委托已设置，已移交 %{moved} 项在办待办',
      on_behalf: '代 %{name} 办理',
      hint: '委托期间，原本交给您的待办将交给被委托人，由其代您办理；只能委托给本单位同一岗位的同事。',
    },
    batch: {
      action: '批量审批', title: '批量审批（%{stage}）', preview: '已选 %{total} 项：%{eligible} 项可以批量审批，%{refused} 项不能批量审批（见原因）。',
      comment: '审批意见（同一意见用于所有待办）', approve: '确认批量审批', result_title: '批量审批结果',
      result: '已审批 %{approved} 项，%{refused} 项未通过', ok: '可审批', done: '已审批', refused: '未审批', close: '关闭',
      none: '所选待办都不能批量审批。', batch_id: '批次号：%{id}',
    },
  },
};

export const delegationEn: typeof delegationZhCN = {
  resources: {
    delegations: {
      name: 'Delegation |||| My delegations',
      fields: {
        delegatorName: 'Delegator', delegateName: 'Delegate', delegateId: 'Delegate', delegatorId: 'Delegator (set by an administrator)', role: 'Post', flowKey: 'Flow',
        startDate: 'First day', endDate: 'Last day', state: 'State', reason: 'Reason', moveOpenTasks: 'Also move my open tasks to the delegate',
        createdByLogin: 'Set by', scope: 'Scope', current: 'Current only',
      },
    },
  },
  govflow: {
    delegation: {
      state: { ACTIVE: 'In force', SCHEDULED: 'Not started', ENDED: 'Ended early', EXPIRED: 'Expired' },
      scope: { mine: 'Mine', all: 'All in my scope' },
      all_flows: 'All flows',
      end: 'End delegation', end_title: 'End the delegation early', end_confirm: 'New tasks will go to the delegator again; tasks already moved stay with the delegate. End it?', ended: 'Delegation ended',
      move: 'Move open tasks', moved: '%{moved} tasks moved, %{refused} not moved',
      created: 'Delegation set', created_moved: 'Delegation set; %{moved} open tasks moved',
      on_behalf: 'On behalf of %{name}',
      hint: 'While it is in force, tasks meant for you go to the delegate, who acts on your behalf; only a colleague of your unit and post can be chosen.',
    },
    batch: {
      action: 'Batch approve', title: 'Batch approval (%{stage})', preview: '%{total} selected: %{eligible} can be approved together, %{refused} cannot (see why).',
      comment: 'Opinion (the same for every task)', approve: 'Approve them', result_title: 'Batch approval result',
      result: '%{approved} approved, %{refused} not approved', ok: 'Can approve', done: 'Approved', refused: 'Not approved', close: 'Close',
      none: 'None of the selected tasks can be approved in a batch.', batch_id: 'Batch: %{id}',
    },
  },
};
