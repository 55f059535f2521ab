import { useState } from 'react';
import { TextField as MuiTextField } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import { useDataProvider, useGetIdentity, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';

/** 撤回: the submitter takes back a task they completed, while the next stage has not been acted on. */
export const WithdrawTaskButton = () => {
  const record = useRecordContext<{ id: string; status: string; completedById: string | null }>();
  const { identity } = useGetIdentity();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [comment, setComment] = useState('');
  if (!record || record.status !== 'COMPLETED' || !identity || record.completedById !== identity.id) return null;
  return (
    <TaskActionDialogButton
      label="govflow.actions.withdraw" icon={<ReplayIcon />} title="govflow.actions.withdraw_title" content="govflow.actions.withdraw_content"
      done="govflow.actions.withdrawn" onOpen={() => setComment('')}
      submit={(requestId) => dataProvider.taskAction(record.id, 'withdraw', { requestId, comment: comment || undefined })}
    >
      <MuiTextField label={translate('govflow.actions.withdraw_comment')} value={comment} onChange={(e) => setComment(e.target.value)}
        fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
