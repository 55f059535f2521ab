import { DateField, FunctionField, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions } from 'react-admin';
import { AddApproverTaskButton } from './AddApproverTaskButton';
import { CcTaskButton } from './CcTaskButton';
import { ClaimTaskButton } from './ClaimTaskButton';
import { CompleteTaskButton } from './CompleteTaskButton';
import { ExtendTaskButton } from './ExtendTaskButton';
import { PauseTaskButton } from './PauseTaskButton';
import { RemindTaskButton } from './RemindTaskButton';
import { ReturnTaskButton } from './ReturnTaskButton';
import { TaskDeadlineBadge } from './TaskDeadlineBadge';
import { TaskDelegatedField } from './TaskDelegatedField';
import { TaskInstanceTimeline } from './TaskInstanceTimeline';
import { TaskReturnedWith } from './TaskReturnedWith';
import { TaskCountersign } from './TaskCountersign';
import { TaskRungField } from './TaskRungField';
import { TaskTimeline } from './TaskTimeline';
import { TemporalHistoryLink } from './TemporalHistoryLink';
import { TransferTaskButton } from './TransferTaskButton';
import { WithdrawTaskButton } from './WithdrawTaskButton';
import { TaskReportPanel } from './report/TaskReportPanel';
import { CHINA_TIME, isSupervisor } from './taskFields';
import { TaskStageField, TaskStatusField } from './taskFields';

/** The assignee's actions first, then the supervisors' (each button hides itself where it does not apply). */
const TaskShowActions = () => {
  const { permissions } = usePermissions<string[]>();
  return (
    <TopToolbar sx={{ flexWrap: 'wrap' }}>
      <ClaimTaskButton />
      <ReturnTaskButton />
      <TransferTaskButton />
      <AddApproverTaskButton />
      <CcTaskButton />
      <WithdrawTaskButton />
      {isSupervisor(permissions) && <RemindTaskButton />}
      <ExtendTaskButton />
      <PauseTaskButton />
      <CompleteTaskButton />
    </TopToolbar>
  );
};

export const TaskShow = () => (
  <Show actions={<TaskShowActions />}>
    <SimpleShowLayout>
      <TaskReturnedWith />
      <TaskCountersign label={false} />
      <TextField source="title" />
      <FunctionField source="orgUnit.name" render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
      <TaskStageField source="stageKey" />
      <TaskStatusField source="status" />
      <TaskDelegatedField label="resources.tasks.fields.delegatedFrom" />
      <TaskDeadlineBadge label="resources.tasks.fields.workingDaysLeft" />
      <DateField source="deadlineAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <FunctionField source="pausedAt" render={(r: { pausedAt: string | null }) => (r.pausedAt ? new Date(r.pausedAt).toLocaleString('zh-CN', CHINA_TIME) : '—')} />
      <TaskRungField label="resources.tasks.fields.currentRung" />
      <DateField source="startedAt" showTime locales="zh-CN" options={CHINA_TIME} />
      <DateField source="completedAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <TextField source="comment" emptyText="—" />
      <TaskReportPanel label={false} />
      <TaskInstanceTimeline label="resources.tasks.fields.instance" />
      <TaskTimeline label="resources.tasks.fields.history" />
      <TemporalHistoryLink label={false} />
    </SimpleShowLayout>
  </Show>
);
