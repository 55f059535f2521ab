import { useState } from 'react';
import { Checkbox, ListItemText, MenuItem, TextField as MuiTextField, Typography } from '@mui/material';
import ShareIcon from '@mui/icons-material/Share';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { Colleague, GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';

/** 抄送: the assignee copies colleagues of the unit; they are notified and may read the task, not act on it. */
export const CcTaskButton = () => {
  const record = useRecordContext<AssignableTask & { id: string; status: string }>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [people, setPeople] = useState<Colleague[] | null>(null);
  const [userIds, setUserIds] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  if (!record || !mine || record.status !== 'OPEN') return null;

  const load = () => {
    setUserIds([]);
    setComment('');
    setPeople(null);
    dataProvider.taskUnitUsers(record.id).then(setPeople, () => setPeople([]));
  };
  const nameOf = (id: string) => people?.find((p) => p.id === id)?.displayName ?? '';

  return (
    <TaskActionDialogButton
      label="govflow.actions.cc" icon={<ShareIcon />} title="govflow.actions.cc_title" content="govflow.actions.cc_content"
      done="govflow.actions.cc_done" ready={userIds.length > 0} onOpen={load}
      submit={(requestId) => dataProvider.taskAction(record.id, 'cc', { requestId, userIds, comment: comment || undefined })}
    >
      {people && people.length === 0 ? (
        <Typography color="text.secondary" sx={{ mt: 2 }}>{translate('govflow.actions.nobody')}</Typography>
      ) : (
        <MuiTextField select label={translate('govflow.actions.cc_to')} value={userIds} fullWidth margin="normal"
          onChange={(e) => setUserIds(e.target.value as unknown as string[])}
          slotProps={{ select: { multiple: true, renderValue: (v) => (v as string[]).map(nameOf).join('、') } }}>
          {(people ?? []).map((c) => (
            <MenuItem key={c.id} value={c.id}>
              <Checkbox checked={userIds.includes(c.id)} size="small" />
              <ListItemText primary={`${c.displayName}（${c.login}）`} />
            </MenuItem>
          ))}
        </MuiTextField>
      )}
      <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
        fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
