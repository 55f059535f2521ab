import { useState, type ReactElement, type ReactNode } from 'react';
import { Alert, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { LabeledButton, ResponsiveDialog, useNarrow } from '../layout/responsive';

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
 * click or a network retry applies the action once. The server's refusal is shown as it wrote it. The button
 * keeps its label and the dialog fills a phone's screen (admin/src/layout/responsive.tsx).
 */
export const TaskActionDialogButton = ({ label, icon, title, content, done, children, ready = true, onOpen, submit }: TaskActionDialogButtonProps) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [refusal, setRefusal] = useState('');
  const narrow = useNarrow();

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
      // On a phone the dialog fills the screen and a toast would lie over its buttons: the dialog says it.
      setRefusal((err as Error).message);
      if (!narrow) notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <LabeledButton label={label} icon={icon} onClick={() => { setRequestId(crypto.randomUUID()); setRefusal(''); onOpen?.(); setOpen(true); }} />
      <ResponsiveDialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{translate(title)}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate(content)}</DialogContentText>
          {children}
          {refusal && <Alert severity="error" sx={{ mt: 2, whiteSpace: 'pre-line' }} data-testid="action-refusal">{refusal}</Alert>}
        </DialogContent>
        <DialogActions>
          <LabeledButton label="ra.action.cancel" onClick={() => setOpen(false)} />
          <LabeledButton label="ra.action.confirm" onClick={send} disabled={busy || !ready} variant="contained" />
        </DialogActions>
      </ResponsiveDialog>
    </>
  );
};
