import { useEffect, useState } from 'react';
import { Alert, Box, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { CalendarChangeJob, GovFlowDataProvider } from '../providers/dataProvider';
import { chinaDay } from './ChangePreview';

const POLL_MS = 1_000;
const MAX_ROWS = 50;

/**
 * A calendar change being applied to running steps: a progress bar while its job runs (GET
 * /api/calendar/changes/:id, read every second), then the result: the steps moved (old and new deadline) and
 * those that could not be, with the reason. `onDone` hears the finished job once.
 */
export const ChangeProgress = ({ job: first, onDone }: { job: CalendarChangeJob; onDone?: (job: CalendarChangeJob) => void }) => {
  const t = useTranslate();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const [job, setJob] = useState(first);
  const [lost, setLost] = useState('');
  const running = job.status === 'RUNNING';

  useEffect(() => {
    if (!running) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      dataProvider.calendarChange(job.id).then((next) => {
        if (!live) return;
        setLost('');
        setJob(next);
        if (next.status !== 'RUNNING') onDone?.(next);
      }, (err) => { if (live) { setLost((err as Error).message); setJob({ ...job }); } });
    }, POLL_MS);
    return () => { live = false; clearTimeout(timer); };
  }, [dataProvider, job, running, onDone]);
  // A job already done when it was answered (nothing to examine) is reported once, as a polled one is.
  const [reported, setReported] = useState(false);
  useEffect(() => {
    if (first.status !== 'RUNNING' && !reported) { setReported(true); onDone?.(first); }
  }, [first, reported, onDone]);

  const p = job.progress;
  return (
    <Box data-testid="calendar-change-job" data-status={job.status} sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography variant="body2">{job.summary}</Typography>
      <LinearProgress variant={p.phase === 'planning' ? 'indeterminate' : 'determinate'} value={p.percent} aria-label={t('govflow.calendar.job.progress_label')} sx={{ height: 10, borderRadius: 1 }} />
      <Typography variant="body2" data-testid="calendar-change-job-counts">
        {running
          ? t(p.phase === 'planning' ? 'govflow.calendar.job.planning' : 'govflow.calendar.job.running', { done: p.done, total: p.total, moved: p.moved, failed: p.failed })
          : t('govflow.calendar.job.done', { total: p.total, moved: p.moved, unchanged: p.unchanged, failed: p.failed })}
      </Typography>
      {lost && <Alert severity="warning">{t('govflow.calendar.job.poll_failed', { message: lost })}</Alert>}
      {job.status === 'FAILED' && <Alert severity="error">{t('govflow.calendar.job.ended')}</Alert>}
      {!running && job.moved.length ? (
        <Table size="small" data-testid="calendar-change-job-moved">
          <TableHead>
            <TableRow>
              <TableCell>{t('govflow.calendar.preview.step')}</TableCell>
              <TableCell>{t('govflow.calendar.preview.before')}</TableCell>
              <TableCell>{t('govflow.calendar.preview.after')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {job.moved.slice(0, MAX_ROWS).map((m) => (
              <TableRow key={m.taskId}>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{m.title}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{m.deadlineBefore ? chinaDay(m.deadlineBefore) : ''}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {m.deadlineAfter ? chinaDay(m.deadlineAfter) : ''}
                  {m.deadlineAfter === m.deadlineBefore ? `（${t('govflow.calendar.preview.rungs_only', { count: m.rungsMoved })}）` : ''}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {!running && p.moved > MAX_ROWS ? <Typography variant="caption">{t('govflow.calendar.preview.more', { count: p.moved - MAX_ROWS })}</Typography> : null}
      {job.failures.length ? (
        <Alert severity="error" data-testid="calendar-change-job-failures">
          {t('govflow.calendar.job.failures', { count: p.failed })}
          <ul style={{ margin: 0 }}>{job.failures.slice(0, 20).map((f) => <li key={f.taskId}>{f.title}：{f.reason}</li>)}</ul>
        </Alert>
      ) : null}
    </Box>
  );
};
