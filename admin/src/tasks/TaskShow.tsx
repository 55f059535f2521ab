import { DateField, FunctionField, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions } from 'react-admin';
import { PhoneActionBar, PhoneActionBarSpacer, usePhone } from '../layout/responsive';
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
import { TaskPreviousStep } from './TaskPreviousStep';
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

/**
 * The same actions on a phone: the decisions (认领, 退回, 办理完成; 催办 for supervisors) in the bottom bar,
 * the rest under 更多.
 */
const TaskPhoneActions = () => {
  const { permissions } = usePermissions<string[]>();
  const supervisor = isSupervisor(permissions);
  return (
    <PhoneActionBar more={[
      <TransferTaskButton key="transfer" />, <AddApproverTaskButton key="add" />, <CcTaskButton key="cc" />, <WithdrawTaskButton key="withdraw" />,
      <ExtendTaskButton key="extend" />, <PauseTaskButton key="pause" />,
    ]}>
      <ClaimTaskButton />
      {supervisor && <RemindTaskButton />}
      <ReturnTaskButton />
      <CompleteTaskButton />
    </PhoneActionBar>
  );
};

/**
 * A task on a phone: what to decide first (why it came back, the title, the stage, the deadline, what the
 * previous step sent, the report read-only), then the details and the history; the actions in a bar at
 * the bottom of the screen.
 */
const TaskShowPhone = () => (
  <Show actions={false}>
    <SimpleShowLayout sx={{ px: 1.5 }}>
      <TaskReturnedWith />
      <TaskCountersign label={false} />
      <TextField source="title" variant="subtitle1" />
      <TaskStageField source="stageKey" />
      <TaskDelegatedField label="resources.tasks.fields.delegatedFrom" />
      <TaskDeadlineBadge label="resources.tasks.fields.workingDaysLeft" />
      <DateField source="deadlineAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <FunctionField source="orgUnit.name" render={(r: { orgUnit: { name: string } }) => r.orgUnit.name} />
      <TaskPreviousStep label="govflow.phone.previous_step" />
      <TaskReportPanel label={false} />
      <TaskStatusField source="status" />
      <TaskRungField label="resources.tasks.fields.currentRung" />
      <FunctionField source="pausedAt" render={(r: { pausedAt: string | null }) => (r.pausedAt ? new Date(r.pausedAt).toLocaleString('zh-CN', CHINA_TIME) : '—')} />
      <DateField source="startedAt" showTime locales="zh-CN" options={CHINA_TIME} />
      <DateField source="completedAt" showTime locales="zh-CN" options={CHINA_TIME} emptyText="—" />
      <TextField source="comment" emptyText="—" />
      <TaskInstanceTimeline label="resources.tasks.fields.instance" />
      <TaskTimeline label="resources.tasks.fields.history" />
      <TemporalHistoryLink label={false} />
      <PhoneActionBarSpacer />
    </SimpleShowLayout>
    <TaskPhoneActions />
  </Show>
);

const TaskShowDesktop = () => (
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

export const TaskShow = () => (usePhone() ? <TaskShowPhone /> : <TaskShowDesktop />);
