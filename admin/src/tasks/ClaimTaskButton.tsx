import PanToolIcon from '@mui/icons-material/PanTool';
import { useDataProvider, useRecordContext } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';
import { TaskActionDialogButton } from './TaskActionDialogButton';

/** 认领: an open task assigned to the unit's post (no one in person yet) becomes the current user's. */
export const ClaimTaskButton = () => {
  const record = useRecordContext<AssignableTask & { id: string; status: string }>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  if (!record || !mine || record.status !== 'OPEN' || record.assigneeUserId) return null;
  return (
    <TaskActionDialogButton
      label="govflow.actions.claim" icon={<PanToolIcon />} title="govflow.actions.claim_title" content="govflow.actions.claim_content"
      done="govflow.actions.claimed" submit={(requestId) => dataProvider.taskAction(record.id, 'claim', { requestId })}
    />
  );
};
