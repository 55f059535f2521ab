import { DateField, FunctionField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { CompleteTaskButton } from './CompleteTaskButton';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { CHINA_TIME } from './taskFields';
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
      <DateField source="deadlineAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <DateField source="startedAt" showTime locales="zh-CN" options={CHINA_TIME} />
      <DateField source="completedAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <TextField source="comment" emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
