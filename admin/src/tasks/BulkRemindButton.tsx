import { useState } from 'react';
import { Alert, CircularProgress, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import CampaignIcon from '@mui/icons-material/Campaign';
import { useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { LabeledButton, ResponsiveDialog } from '../layout/responsive';
import { useBusyAction } from '../layout/useBusyAction';
import type { BulkRemindSummary, GovFlowDataProvider } from '../providers/dataProvider';

/**
 * 批量催办: first a preview (how many overdue tasks in how many units, how many skipped because they were
 * reminded within the hour), then the same request id sends it, so a retry reminds once.
 */
export const BulkRemindButton = () => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const { busy, run } = useBusyAction();
  const [preview, setPreview] = useState<BulkRemindSummary>();
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());

  const start = async () => {
    const id = crypto.randomUUID();
    setRequestId(id);
    setPreview(undefined);
    setOpen(true);
    try {
      setPreview(await dataProvider.bulkRemind({ requestId: id, preview: true }));
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
      setOpen(false);
    }
  };

  const send = () => run(async () => {
    const out = await dataProvider.bulkRemind({ requestId });
    notify('govflow.bulk_remind.done', { type: 'success', messageArgs: { count: out.reminded } });
    setOpen(false);
    refresh();
  });

  return (
    <>
      <LabeledButton label="govflow.bulk_remind.action" icon={<CampaignIcon />} onClick={start} />
      <ResponsiveDialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{translate('govflow.bulk_remind.title')}</DialogTitle>
        <DialogContent>
          {!preview ? <CircularProgress size={24} /> : (
            <>
              <DialogContentText>
                {translate('govflow.bulk_remind.preview', { tasks: preview.toRemind, units: preview.units.length })}
              </DialogContentText>
              {preview.skippedRecentlyReminded > 0 && (
                <Alert severity="info" sx={{ mt: 2 }}>{translate('govflow.bulk_remind.skipped', { count: preview.skippedRecentlyReminded })}</Alert>
              )}
              {preview.units.length > 0 && (
                <DialogContentText sx={{ mt: 2, overflowWrap: 'anywhere' }}>
                  {translate('govflow.bulk_remind.units', { units: preview.units.join('、') })}
                </DialogContentText>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          <LabeledButton label="ra.action.cancel" onClick={() => setOpen(false)} />
          <LabeledButton label="govflow.bulk_remind.send" onClick={send} disabled={busy || !preview || preview.toRemind === 0} variant="contained" />
        </DialogActions>
      </ResponsiveDialog>
    </>
  );
};
