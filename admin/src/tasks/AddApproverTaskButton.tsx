import { useState } from 'react';
import { MenuItem, TextField as MuiTextField, Typography } from '@mui/material';
import GroupAddIcon from '@mui/icons-material/GroupAdd';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { Colleague, GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';

interface TaskRecord extends AssignableTask { id: string; status: string; position: string }

/**
 * 加签: the assignee adds a colleague of the unit (any post: a head who signs after the clerk) before the
 * assignee (前加签: they act first) or after (后加签: they act once the assignee has).
 */
export const AddApproverTaskButton = () => {
  const record = useRecordContext<TaskRecord>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [people, setPeople] = useState<Colleague[] | null>(null);
  const [userId, setUserId] = useState('');
  const [position, setPosition] = useState<'before' | 'after'>('after');
  const [comment, setComment] = useState('');
  if (!record || !mine || record.status !== 'OPEN' || record.position !== 'main') return null;

  const load = () => {
    setUserId('');
    setPosition('after');
    setComment('');
    setPeople(null);
    dataProvider.taskUnitUsers(record.id).then(setPeople, () => setPeople([]));
  };

  return (
    <TaskActionDialogButton
      label="govflow.actions.add_approver" icon={<GroupAddIcon />} title="govflow.actions.add_approver_title"
      content="govflow.actions.add_approver_content" done="govflow.actions.approver_added" ready={userId !== ''} onOpen={load}
      submit={(requestId) => dataProvider.taskAction(record.id, 'add-approver', { requestId, userId, position, comment: comment || undefined })}
    >
      <MuiTextField select label={translate('govflow.actions.add_approver_position')} value={position} onChange={(e) => setPosition(e.target.value as 'before' | 'after')} fullWidth margin="normal">
        <MenuItem value="before">{translate('govflow.actions.position_before')}</MenuItem>
        <MenuItem value="after">{translate('govflow.actions.position_after')}</MenuItem>
      </MuiTextField>
      {people && people.length === 0 ? (
        <Typography color="text.secondary" sx={{ mt: 2 }}>{translate('govflow.actions.nobody')}</Typography>
      ) : (
        <MuiTextField select label={translate('govflow.actions.add_approver_who')} value={userId} onChange={(e) => setUserId(e.target.value)} fullWidth margin="normal">
          {(people ?? []).map((c) => <MenuItem key={c.id} value={c.id}>{c.displayName}（{c.login}）</MenuItem>)}
        </MuiTextField>
      )}
      <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
        fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
