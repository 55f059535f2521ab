/** The phone layout's own labels (admin/src/layout/responsive.tsx and the phone forms of the screens). */
export const phoneZhCN = {
  govflow: {
    phone: {
      filters: '筛选', filters_done: '完成', paging: '翻页', previous: '上一页', next: '下一页', page_of: '第 %{page}/%{pages} 页 · 共 %{total} 项',
      actions: '办理操作', more: '更多', decide: '待办要点', previous_step: '上一步', previous_step_none: '这是流程的第一步',
      previous_step_by: '%{stage}：%{who} 于 %{at} 办结', no_comment: '（未填写意见）',
      self_check_note: '在手机上只能查看报告。填写表二至表四请在电脑上打开此待办。',
      draft_none: '尚未保存草稿。', overdue_count: '逾期 %{count}', units_count: '%{count} 个单位', open_timeline: '查看办理过程',
      select: '选择：%{title}', bulk: '批量操作', selected: '已选 %{count} 项', unselect: '取消选择',
    },
  },
};

export const phoneEn = {
  govflow: {
    phone: {
      filters: 'Filters', filters_done: 'Done', paging: 'Pages', previous: 'Previous', next: 'Next', page_of: 'Page %{page}/%{pages} · %{total} items',
      actions: 'Actions', more: 'More', decide: 'To decide', previous_step: 'Previous step', previous_step_none: 'This is the first step of the flow',
      previous_step_by: '%{stage}: completed by %{who} at %{at}', no_comment: '(no comment)',
      self_check_note: 'On a phone the report is read-only. Fill in tables 2 to 4 on a computer.',
      draft_none: 'No draft saved yet.', overdue_count: '%{count} overdue', units_count: '%{count} units', open_timeline: 'View the timeline',
      select: 'Select: %{title}', bulk: 'Bulk actions', selected: '%{count} selected', unselect: 'Clear selection',
    },
  },
};
