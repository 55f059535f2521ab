import { useState } from 'react';
import { MenuItem, TextField as MuiTextField, Typography } from '@mui/material';
import ForwardIcon from '@mui/icons-material/Forward';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { Colleague, GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';

/** 转交: hand an open task to a colleague of the same unit and post, with an optional comment. */
export const TransferTaskButton = () => {
  const record = useRecordContext<AssignableTask & { id: string; status: string }>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [to, setTo] = useState('');
  const [comment, setComment] = useState('');
  if (!record || !mine || record.status !== 'OPEN') return null;

  const load = () => {
    setTo('');
    setComment('');
    setColleagues(null);
    dataProvider.taskColleagues(record.id).then(setColleagues, () => setColleagues([]));
  };

  return (
    <TaskActionDialogButton
      label="govflow.actions.transfer" icon={<ForwardIcon />} title="govflow.actions.transfer_title"
      content="govflow.actions.transfer_content" done="govflow.actions.transferred_done" ready={to !== ''} onOpen={load}
      submit={(requestId) => dataProvider.taskAction(record.id, 'transfer', { requestId, toUserId: to, comment: comment || undefined })}
    >
      {colleagues && colleagues.length === 0 ? (
        <Typography color="text.secondary" sx={{ mt: 2 }}>{translate('govflow.actions.transfer_none')}</Typography>
      ) : (
        <MuiTextField select label={translate('govflow.actions.transfer_to')} value={to} onChange={(e) => setTo(e.target.value)} fullWidth margin="normal">
          {(colleagues ?? []).map((c) => <MenuItem key={c.id} value={c.id}>{c.displayName}（{c.login}）</MenuItem>)}
        </MuiTextField>
      )}
      <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
        fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
