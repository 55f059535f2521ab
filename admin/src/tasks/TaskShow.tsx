import { DateField, FunctionField, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions } from 'react-admin';
import { ClaimTaskButton } from './ClaimTaskButton';
import { CompleteTaskButton } from './CompleteTaskButton';
import { RemindTaskButton } from './RemindTaskButton';
import { ReturnTaskButton } from './ReturnTaskButton';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { TaskReturnedWith } from './TaskReturnedWith';
import { TaskRungField } from './TaskRungField';
import { TaskTimeline } from './TaskTimeline';
import { TransferTaskButton } from './TransferTaskButton';
import { WithdrawTaskButton } from './WithdrawTaskButton';
import { CHINA_TIME, isSupervisor } from './taskFields';
import { TaskStageField, TaskStatusField } from './taskFields';

const TaskShowActions = () => {
  const { permissions } = usePermissions<string[]>();
  return (
    <TopToolbar>
      <ClaimTaskButton />
      <ReturnTaskButton />
      <TransferTaskButton />
      <WithdrawTaskButton />
      {isSupervisor(permissions) && <RemindTaskButton />}
      <CompleteTaskButton />
    </TopToolbar>
  );
};

export const TaskShow = () => (
  <Show actions={<TaskShowActions />}>
    <SimpleShowLayout>
      <TaskReturnedWith />
      <TextField source="title" />
      <FunctionField source="orgUnit.name" render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
      <TaskStageField source="stageKey" />
      <TaskStatusField source="status" />
      <TaskDeadlineBadge label="resources.tasks.fields.workingDaysLeft" />
      <DateField source="deadlineAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <TaskRungField label="resources.tasks.fields.currentRung" />
      <DateField source="startedAt" showTime locales="zh-CN" options={CHINA_TIME} />
      <DateField source="completedAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <TextField source="comment" emptyText="—" />
      <TaskTimeline label="resources.tasks.fields.history" />
    </SimpleShowLayout>
  </Show>
);
