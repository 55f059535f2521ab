import { useState } from 'react';
import { TextField as MuiTextField } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';

/** 办理完成 with an optional comment, after a confirmation. */
export const CompleteTaskButton = () => {
  const record = useRecordContext<AssignableTask & { id: string; status: string }>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [comment, setComment] = useState('');
  if (!record || !mine || record.status !== 'OPEN') return null;
  return (
    <TaskActionDialogButton
      label="govflow.actions.complete" icon={<CheckIcon />} title="govflow.actions.complete_title"
      content="govflow.actions.complete_content" done="govflow.actions.completed" onOpen={() => setComment('')}
      submit={(requestId) => dataProvider.taskAction(record.id, 'complete', { requestId, comment: comment || undefined })}
    >
      <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
        fullWidth multiline minRows={3} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
