import { Datagrid, DateField, FunctionField, List, TextField, TopToolbar } from 'react-admin';
import { ResponsivePagination, usePhone } from '../layout/responsive';
import { BulkRemindButton } from './BulkRemindButton';
import { ExtendTaskButton } from './ExtendTaskButton';
import { RemindTaskButton } from './RemindTaskButton';
import { TaskCardList } from './TaskCardList';
import { TaskExportButton } from './TaskExportButton';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { CHINA_TIME, TaskStageField } from './taskFields';

/**
 * 逾期待办 for supervisors: open tasks past their deadline in the subtree they oversee, each with 催办.
 * On a phone: cards with 催办 and 延期 under each, 批量催办 above.
 */
export const TaskOverdueList = () => {
  const phone = usePhone();
  return (
    <List resource="tasks" title="govflow.overdue.title" filter={{ overdue: true, status: 'OPEN' }} sort={{ field: 'deadlineAt', order: 'ASC' }}
      perPage={25} storeKey="tasks.overdue" disableSyncWithLocation empty={false} pagination={<ResponsivePagination />}
      actions={<TopToolbar sx={{ flexWrap: 'wrap' }}><BulkRemindButton /><TaskExportButton filter={{ overdue: true, status: 'OPEN' }} /></TopToolbar>}>
      {phone ? <TaskCardList actions={<><RemindTaskButton /><ExtendTaskButton /></>} /> : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="title" />
          <FunctionField source="orgUnit.name" sortable={false} render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
          <TaskStageField source="stageKey" />
          <TaskDeadlineBadge label="resources.tasks.fields.deadlineAt" sortBy="deadlineAt" />
          <FunctionField source="currentRung" sortable={false} sx={{ whiteSpace: 'nowrap' }} render={(r: { currentRung: string | null }) => r.currentRung ?? '—'} />
          <DateField source="deadlineAt" sx={{ whiteSpace: 'nowrap' }} label="resources.tasks.fields.deadlineTime" showTime locales="zh-CN" options={CHINA_TIME} />
          <RemindTaskButton label="govflow.remind.action" />
          <ExtendTaskButton label="govflow.actions.extend" />
        </Datagrid>
      )}
    </List>
  );
};
