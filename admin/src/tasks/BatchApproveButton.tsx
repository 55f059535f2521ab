import { createContext, useContext, useState, type ReactNode } from 'react';
import {
  Alert, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Table, TableBody, TableCell, TableHead,
  TableRow, TextField as MuiTextField, Chip, useMediaQuery, type Theme,
} from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useListContext, useNotify, useRefresh, useTranslate, useUnselectAll } from 'react-admin';
import { LabeledButton } from '../layout/responsive';
import { useBusyAction } from '../layout/useBusyAction';
import { httpClient } from '../providers/httpClient';

interface BatchRow { taskId: string; title: string; orgUnitName: string | null; ok: boolean; code?: string; message?: string }
interface Preview { stageName: string | null; rows: BatchRow[]; eligible: number; refused: number }
interface Result extends Preview { batchId: string; approved: number }

const post = async <T,>(url: string, body: unknown): Promise<T> => (await httpClient(url, { method: 'POST', body: JSON.stringify(body) })).json as T;

/** One table for the preview and the result: each selected task, whether it goes (went) through, and why not. */
const BatchTable = ({ rows, done }: { rows: BatchRow[]; done: boolean }) => {
  const t = useTranslate();
  // On a phone the unit goes under the title: two columns fit, three do not.
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <Table size="small" data-testid={done ? 'batch-result' : 'batch-preview'}>
      <TableHead>
        <TableRow>
          <TableCell>{t('resources.tasks.fields.title')}</TableCell>
          {!phone && <TableCell>{t('resources.tasks.fields.orgUnit')}</TableCell>}
          <TableCell>{t('resources.tasks.fields.status')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.taskId}>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>{r.title || r.taskId}{phone && r.orgUnitName ? `（${r.orgUnitName}）` : ''}</TableCell>
            {!phone && <TableCell>{r.orgUnitName ?? '—'}</TableCell>}
            <TableCell>
              {r.ok
                ? <Chip size="small" color="success" label={t(done ? 'govflow.batch.done' : 'govflow.batch.ok')} />
                : <><Chip size="small" color="warning" label={t('govflow.batch.refused')} /> {r.message}</>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const BatchStart = createContext<(() => void) | null>(null);

/**
 * 批量审批 in the inbox: the selected tasks are previewed first (which can go, which cannot and why), then
 * approved with one opinion in one request; the result lists each task's outcome. The server completes each
 * task through its workflow, so every check of a single completion still applies.
 *
 * The host holds the dialog and wraps the inbox's body in both forms (table and cards), so the preview or the
 * result stays open when the width crosses the phone breakpoint and the body switches form (a tablet turned).
 */
export const BatchApproveHost = ({ children }: { children: ReactNode }) => {
  const { selectedIds } = useListContext();
  const t = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('tasks');
  const [preview, setPreview] = useState<Preview>();
  const [result, setResult] = useState<Result>();
  const [open, setOpen] = useState(false);
  const { busy, run } = useBusyAction();
  const [comment, setComment] = useState('');
  // the tasks previewed: approved as they were previewed, whatever the selection becomes meanwhile
  const [taskIds, setTaskIds] = useState<unknown[]>([]);
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));

  const start = async () => {
    setTaskIds(selectedIds);
    setPreview(undefined);
    setResult(undefined);
    setComment('');
    setOpen(true);
    try {
      setPreview(await post<Preview>('/api/task-batches/preview', { taskIds: selectedIds }));
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
      setOpen(false);
    }
  };

  const approve = async () => {
    if (!preview) return;
    await run(async () => {
      const out = await post<Result>('/api/task-batches', { taskIds, requestId: crypto.randomUUID(), ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setResult(out);
      unselectAll();
      refresh();
    });
  };

  const close = () => setOpen(false);
  return (
    <BatchStart.Provider value={() => void start()}>
      {children}
      <Dialog open={open} onClose={close} fullWidth maxWidth="md" fullScreen={phone}>
        <DialogTitle>{result ? t('govflow.batch.result_title') : t('govflow.batch.title', { stage: preview?.stageName ?? '' })}</DialogTitle>
        <DialogContent>
          {!preview && <CircularProgress size={24} />}
          {preview && !result && (
            <>
              <DialogContentText>{t('govflow.batch.preview', { total: preview.rows.length, eligible: preview.eligible, refused: preview.refused })}</DialogContentText>
              {preview.eligible === 0 && <Alert severity="warning" sx={{ mt: 1 }}>{t('govflow.batch.none')}</Alert>}
              <BatchTable rows={preview.rows} done={false} />
              <MuiTextField label={t('govflow.batch.comment')} value={comment} onChange={(e) => setComment(e.target.value)} multiline minRows={2}
                fullWidth sx={{ mt: 2 }} slotProps={{ htmlInput: { maxLength: 2000 } }} />
            </>
          )}
          {result && (
            <>
              <Alert severity={result.refused ? 'warning' : 'success'} sx={{ mb: 1 }}>
                {t('govflow.batch.result', { approved: result.approved, refused: result.refused })}
              </Alert>
              <BatchTable rows={result.rows} done />
              <DialogContentText variant="caption">{t('govflow.batch.batch_id', { id: result.batchId })}</DialogContentText>
            </>
          )}
        </DialogContent>
        <DialogActions>
          {result ? <LabeledButton label="govflow.batch.close" onClick={close} /> : (
            <>
              <LabeledButton label="ra.action.cancel" onClick={close} />
              <LabeledButton label="govflow.batch.approve" onClick={approve} disabled={busy || !preview || preview.eligible === 0} variant="contained" />
            </>
          )}
        </DialogActions>
      </Dialog>
    </BatchStart.Provider>
  );
};

/** The 批量审批 button of the inbox's bulk actions (desktop toolbar, phone bar): opens the host's preview. */
export const BatchApproveButton = () => {
  const start = useContext(BatchStart);
  return <LabeledButton label="govflow.batch.action" onClick={() => start?.()} icon={<DoneAllIcon />} disabled={!start} />;
};
