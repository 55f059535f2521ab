import {
  BooleanInput, Datagrid, TopToolbar, FilterButton, DateField, FunctionField, List, SearchInput, SelectInput, TextField, useTranslate,
} from 'react-admin';
import { BatchApproveButton, BatchApproveHost } from './BatchApproveButton';
import { FilterDrawerButton, PhoneBulkBar, ResponsivePagination, usePhone } from '../layout/responsive';
import { TaskCardList } from './TaskCardList';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { TaskDelegatedField } from './TaskDelegatedField';
import { TaskExportButton } from './TaskExportButton';
import { CHINA_TIME } from './taskFields';
import { TaskStageField, TaskStatusField, stageChoices, statusChoices } from './taskFields';

/**
 * The inbox: a table on a desktop; on a phone cards, the filters in a drawer and thumb paging (the app bar
 * refreshes), and 批量审批 from a bar once cards are ticked.
 */
export const TaskList = () => {
  const translate = useTranslate();
  const phone = usePhone();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="status" source="status" choices={statusChoices(translate)} alwaysOn />,
    <SelectInput key="flowKey" source="flowKey" choices={['annual-report', 'website-closure'].map((id) => ({ id, name: translate(`govflow.flows.${id}`) }))} />,
    <SelectInput key="stageKey" source="stageKey" choices={stageChoices(translate)} />,
    <BooleanInput key="overdue" source="overdue" />,
    <SelectInput key="dueWithinDays" source="dueWithinDays" choices={[3, 7, 15, 30].map((d) => ({ id: d, name: translate('govflow.inbox.dueWithin', { days: d }) }))} />,
  ];
  if (phone) {
    return (
      <List sort={{ field: 'deadlineAt', order: 'ASC' }} filterDefaultValues={{ status: 'OPEN' }} perPage={25} pagination={<ResponsivePagination />}
        actions={<TopToolbar sx={{ flexWrap: 'wrap' }}><FilterDrawerButton filters={filters} /><TaskExportButton /></TopToolbar>}>
        <BatchApproveHost>
          <TaskCardList selectable />
          <PhoneBulkBar><BatchApproveButton /></PhoneBulkBar>
        </BatchApproveHost>
      </List>
    );
  }
  return (
    <List sort={{ field: 'deadlineAt', order: 'ASC' }} filters={filters} filterDefaultValues={{ status: 'OPEN' }} perPage={25}
      actions={<TopToolbar><FilterButton /><TaskExportButton /></TopToolbar>}>
      <BatchApproveHost>
        <Datagrid rowClick="show" bulkActionButtons={<BatchApproveButton />}>
          <TextField source="title" />
          <FunctionField source="orgUnit.name" sortable={false} render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
          <TaskStageField source="stageKey" />
          <TaskStatusField source="status" />
          <TaskDelegatedField label="resources.tasks.fields.delegatedFrom" sortable={false} />
          <TaskDeadlineBadge label="resources.tasks.fields.deadlineAt" sortBy="deadlineAt" />
          <DateField source="startedAt" showTime locales="zh-CN" options={CHINA_TIME} />
        </Datagrid>
      </BatchApproveHost>
    </List>
  );
};
