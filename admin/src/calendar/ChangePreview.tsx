import { Alert, Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CalendarChangePreview } from '../providers/dataProvider';

/** An instant as its China date (deadlines are the end of a China day). */
export const chinaDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const MAX_ROWS = 50;

/**
 * What a calendar change would do to running steps, before it is applied: how many deadlines move (and by
 * how much), how many steps keep their date but get re-planned reminders, and which steps are already past
 * their deadline (left as they are).
 */
export const ChangePreview = ({ preview }: { preview: CalendarChangePreview }) => {
  const t = useTranslate();
  const { counts } = preview;
  return (
    <Box data-testid="calendar-change-preview" sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Alert severity={preview.moved.length ? 'info' : 'success'} data-testid="calendar-change-counts">
        {t('govflow.calendar.preview.counts', {
          running: counts.running, deadlines: counts.deadlinesMoved, rungs: counts.rungsOnlyMoved, past: counts.pastDeadline,
        })}
        {preview.alreadyNational.length ? <Box component="span" sx={{ display: 'block' }}>{t('govflow.calendar.preview.already_national', { count: preview.alreadyNational.length })}</Box> : null}
      </Alert>
      {preview.moved.length ? (
        <Table size="small" data-testid="calendar-change-moved">
          <TableHead>
            <TableRow>
              <TableCell>{t('govflow.calendar.preview.step')}</TableCell>
              <TableCell>{t('govflow.calendar.preview.deadline_kind')}</TableCell>
              <TableCell>{t('govflow.calendar.preview.before')}</TableCell>
              <TableCell>{t('govflow.calendar.preview.after')}</TableCell>
              <TableCell>{t('govflow.calendar.preview.shift')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.moved.slice(0, MAX_ROWS).map((m) => (
              <TableRow key={m.taskId}>
                <TableCell sx={{ overflowWrap: 'anywhere' }}>{m.title}</TableCell>
                <TableCell>{t(`govflow.calendar.preview.kinds.${m.deadlineKind}`)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{chinaDay(m.deadlineBefore)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{chinaDay(m.deadlineAfter)}</TableCell>
                <TableCell>
                  {m.shiftDays ? t('govflow.calendar.preview.shift_days', { days: m.shiftDays > 0 ? `+${m.shiftDays}` : String(m.shiftDays) }) : t('govflow.calendar.preview.rungs_only', { count: m.rungs.length })}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {preview.moved.length > MAX_ROWS ? <Typography variant="caption">{t('govflow.calendar.preview.more', { count: preview.moved.length - MAX_ROWS })}</Typography> : null}
      {preview.pastDeadline.length ? (
        <Alert severity="warning" data-testid="calendar-change-past">
          {t('govflow.calendar.preview.past', { count: preview.pastDeadline.length })}
          <ul style={{ margin: 0 }}>{preview.pastDeadline.slice(0, 10).map((p) => <li key={p.taskId}>{p.title}（{chinaDay(p.deadlineAt)}）</li>)}</ul>
        </Alert>
      ) : null}
    </Box>
  );
};
