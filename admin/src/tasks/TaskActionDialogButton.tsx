import { useState, type ReactElement, type ReactNode } from 'react';
import { Alert, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { Button, useNotify, useRefresh, useTranslate } from 'react-admin';

export interface TaskActionDialogButtonProps {
  label: string;
  icon: ReactElement;
  title: string;
  content: string;
  done: string;
  /** the dialog's form fields, if any */
  children?: ReactNode;
  /** false while a required field is empty */
  ready?: boolean;
  onOpen?: () => void;
  /** sends the action with the dialog's request id */
  submit: (requestId: string) => Promise<unknown>;
}

/**
 * One button and its confirmation dialog for a task action. A fresh request id per opened dialog: a double
 * click or a network retry applies the action once. The server's refusal is shown as it wrote it.
 */
export const TaskActionDialogButton = ({ label, icon, title, content, done, children, ready = true, onOpen, submit }: TaskActionDialogButtonProps) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [refusal, setRefusal] = useState('');

  const send = async () => {
    setBusy(true);
    setRefusal('');
    try {
      await submit(requestId);
      notify(done, { type: 'success' });
      setOpen(false);
      refresh();
    } catch (err) {
      // The dialog stays open with the server's sentence in it: the user reads why and may correct the form.
      setRefusal((err as Error).message);
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label={label} onClick={() => { setRequestId(crypto.randomUUID()); setRefusal(''); onOpen?.(); setOpen(true); }}>{icon}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate(title)}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate(content)}</DialogContentText>
          {children}
          {refusal && <Alert severity="error" sx={{ mt: 2, whiteSpace: 'pre-line' }} data-testid="action-refusal">{refusal}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
          <Button label="ra.action.confirm" onClick={send} disabled={busy || !ready} variant="contained" />
        </DialogActions>
      </Dialog>
    </>
  );
};
