import { useState } from 'react';
import { TextField as MuiTextField } from '@mui/material';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import { useDataProvider, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { isSupervisor } from './taskFields';

/**
 * 延期 (supervisors): the deadline moves by whole working days with a reason; the escalation ladder is
 * planned again from the new deadline. A statutory deadline (条例 第四十九条) cannot move: the server says so.
 */
export const ExtendTaskButton = (_props: { label?: string }) => {
  const record = useRecordContext<{ id: string; status: string; position: string; deadlineAt: string | null }>();
  const { permissions } = usePermissions<string[]>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [days, setDays] = useState('5');
  const [reason, setReason] = useState('');
  if (!record || !isSupervisor(permissions) || record.status !== 'OPEN' || record.position !== 'main' || !record.deadlineAt) return null;
  const n = Number(days);
  const valid = /^\d+$/.test(days) && n >= 1 && n <= 60;
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <TaskActionDialogButton
        label="govflow.actions.extend" icon={<EventRepeatIcon />} title="govflow.actions.extend_title" content="govflow.actions.extend_content"
        done="govflow.actions.extended" ready={valid && reason.trim() !== ''} onOpen={() => { setDays('5'); setReason(''); }}
        submit={(requestId) => dataProvider.taskAction(record.id, 'extend', { requestId, workingDays: n, reason })}
      >
        <MuiTextField label={translate('govflow.actions.extend_days')} value={days} onChange={(e) => setDays(e.target.value.replace(/[^\d]/g, ''))}
          fullWidth margin="normal" required error={days !== '' && !valid} helperText={translate('govflow.actions.extend_days_help')}
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 2 } }} />
        <MuiTextField label={translate('govflow.actions.extend_reason')} value={reason} onChange={(e) => setReason(e.target.value)} required
          fullWidth multiline minRows={2} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
      </TaskActionDialogButton>
    </span>
  );
};
