import { useState } from 'react';
import { Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField as MuiTextField } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { Button, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';

/** Completes the task after a confirmation; the server's refusal is shown as it wrote it. */
export const CompleteTaskButton = () => {
  const record = useRecordContext<AssignableTask & { id: string; status: string }>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  // One request id per dialog: a double click or a network retry completes the task once.
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  if (!record || !mine || record.status !== 'OPEN') return null;

  const submit = async () => {
    setBusy(true);
    try {
      await dataProvider.taskAction(record.id, 'complete', { requestId, comment: comment || undefined });
      notify('govflow.actions.completed', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="govflow.actions.complete" onClick={() => { setRequestId(crypto.randomUUID()); setOpen(true); }}>
        <CheckIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate('govflow.actions.complete_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('govflow.actions.complete_content')}</DialogContentText>
          <MuiTextField label={translate('govflow.actions.comment')} value={comment} onChange={(e) => setComment(e.target.value)}
            fullWidth multiline minRows={3} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button label="ra.action.confirm" onClick={submit} disabled={busy} variant="contained" />
        </DialogActions>
      </Dialog>
    </>
  );
};
