import { DateField, FunctionField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { CompleteTaskButton } from './CompleteTaskButton';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { TaskStageField, TaskStatusField } from './taskFields';

const TaskShowActions = () => (
  <TopToolbar>
    <CompleteTaskButton />
  </TopToolbar>
);

export const TaskShow = () => (
  <Show actions={<TaskShowActions />}>
    <SimpleShowLayout>
      <TextField source="title" />
      <FunctionField source="orgUnit.name" render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
      <TaskStageField source="stageKey" />
      <TaskStatusField source="status" />
      <TaskDeadlineBadge label="resources.tasks.fields.workingDaysLeft" />
      <DateField source="deadlineAt" showTime locales="zh-CN" emptyText="—" />
      <DateField source="startedAt" showTime locales="zh-CN" />
      <DateField source="completedAt" showTime locales="zh-CN" emptyText="—" />
      <TextField source="comment" emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
