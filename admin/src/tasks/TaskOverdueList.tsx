import { Datagrid, DateField, FunctionField, List, TextField, TopToolbar } from 'react-admin';
import { BulkRemindButton } from './BulkRemindButton';
import { ExtendTaskButton } from './ExtendTaskButton';
import { RemindTaskButton } from './RemindTaskButton';
import { TaskExportButton } from './TaskExportButton';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { CHINA_TIME, TaskStageField } from './taskFields';

/** 逾期待办 for supervisors: open tasks past their deadline in the subtree they oversee, each with 催办. */
export const TaskOverdueList = () => (
      <List resource="tasks" title="govflow.overdue.title" filter={{ overdue: true, status: 'OPEN' }} sort={{ field: 'deadlineAt', order: 'ASC' }}
        perPage={25} actions={<TopToolbar><BulkRemindButton /><TaskExportButton filter={{ overdue: true, status: 'OPEN' }} /></TopToolbar>} storeKey="tasks.overdue" disableSyncWithLocation
        empty={false}>
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
      </List>
);
