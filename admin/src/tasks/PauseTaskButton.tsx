import { useState } from 'react';
import { TextField as MuiTextField } from '@mui/material';
import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import PlayCircleIcon from '@mui/icons-material/PlayCircle';
import { useDataProvider, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { isSupervisor } from './taskFields';

/**
 * 暂停计时 / 恢复计时 (supervisors): while paused the working days do not run (e.g. the unit waits for a
 * third party's opinion); resuming moves the deadline by the working days the pause lasted.
 */
export const PauseTaskButton = () => {
  const record = useRecordContext<{ id: string; status: string; position: string; pausedAt: string | null }>();
  const { permissions } = usePermissions<string[]>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  if (!record || !isSupervisor(permissions) || record.status !== 'OPEN' || record.position !== 'main') return null;
  if (record.pausedAt) {
    return (
      <TaskActionDialogButton
        label="govflow.actions.resume" icon={<PlayCircleIcon />} title="govflow.actions.resume_title" content="govflow.actions.resume_content"
        done="govflow.actions.resumed" submit={(requestId) => dataProvider.taskAction(record.id, 'resume', { requestId })}
      />
    );
  }
  return (
    <TaskActionDialogButton
      label="govflow.actions.pause" icon={<PauseCircleIcon />} title="govflow.actions.pause_title" content="govflow.actions.pause_content"
      done="govflow.actions.paused" ready={reason.trim() !== ''} onOpen={() => setReason('')}
      submit={(requestId) => dataProvider.taskAction(record.id, 'pause', { requestId, reason })}
    >
      <MuiTextField label={translate('govflow.actions.pause_reason')} value={reason} onChange={(e) => setReason(e.target.value)} required
        fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
    </TaskActionDialogButton>
  );
};
