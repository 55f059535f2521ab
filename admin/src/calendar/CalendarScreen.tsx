import { useCallback, useEffect, useState } from 'react';
import {
  Alert, Box, Button as MuiButton, Card, CardContent, Chip, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, MenuItem, Stack, Table, TableBody,
  TableCell, TableHead, TableRow, TextField as MuiTextField, Typography,
} from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import DeleteIcon from '@mui/icons-material/Delete';
import { Button, Title, useDataProvider, useGetList, useNotify, usePermissions, useTranslate } from 'react-admin';
import { useBusyAction } from '../layout/useBusyAction';
import type { CalendarChange, CalendarChangeJob, CalendarChangePreview, CalendarDay, CalendarYearEntry, GovFlowDataProvider } from '../providers/dataProvider';
import { ChangePreview } from './ChangePreview';
import { ChangeProgress } from './ChangeProgress';
import { CoverageWarning } from './CoverageWarning';
import { TONE } from './tones';
import { YearArrangement } from './YearArrangement';

interface Override { id: string; date: string; kind: 'holiday' | 'workday'; name: string; source?: 'manual' | 'notice' }
/** A change waiting for the administrator's confirmation, with what it would do to running steps; then its job. */
interface Pending { change: CalendarChange; preview: CalendarChangePreview; done: { message: string; date: string }; job?: CalendarChangeJob }

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * 节假日日历: a month of the statutory working-day calendar as deadlines see it (national holidays, 调休
 * make-up days, weekends, administrators' overrides; GET /api/calendar/days), and the overrides themselves
 * (a local holiday, a corrected day), which administrators add and remove, or a whole year's arrangement entered
 * in one go. Every change is previewed first (which running steps' deadlines and reminders move, by how much)
 * and applied to them on confirmation (POST /api/calendar/changes).
 */
export const CalendarScreen = () => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const t = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const admin = Array.isArray(permissions) && permissions.includes('ADMIN');
  const now = new Date();
  const [year, setYear] = useState(now.getFullYear());
  const [month, setMonth] = useState(now.getMonth() + 1);
  const [days, setDays] = useState<CalendarDay[]>();
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'holiday' | 'workday'>('holiday');
  const [name, setName] = useState('');
  const [refusal, setRefusal] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [yearOpen, setYearOpen] = useState(false);
  const { busy, run } = useBusyAction();
  const [years, setYears] = useState<CalendarYearEntry[]>();
  const { data: overrides, refetch } = useGetList<Override>('calendar-overrides', { pagination: { page: 1, perPage: 500 }, sort: { field: 'date', order: 'ASC' } });

  // Bumped after an override changes: the month shown is read again. A late answer for a month no longer
  // shown is dropped (live), so switching months quickly never shows the wrong one.
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  useEffect(() => {
    let live = true;
    dataProvider.calendarYears().then((y) => { if (live) setYears(y); }, () => undefined);
    return () => { live = false; };
  }, [dataProvider, version]);
  useEffect(() => {
    let live = true;
    dataProvider.calendarDays(`${year}-${pad(month)}-01`, `${year}-${pad(month)}-${pad(lastDay(year, month))}`)
      .then((d) => { if (live) setDays(d); }, (e) => notify((e as Error).message, { type: 'error' }));
    return () => { live = false; };
  }, [dataProvider, year, month, version, notify]);

  const move = (delta: number) => {
    const m = month + delta;
    setYear(year + Math.floor((m - 1) / 12));
    setMonth(((m - 1 + 120) % 12) + 1);
  };
  // A change is previewed first; nothing is saved until the administrator confirms it.
  const propose = async (change: CalendarChange, done: Pending['done']) => {
    setRefusal('');
    try {
      setPending({ change, preview: await dataProvider.previewCalendarChange(change), done });
    } catch (err) {
      setRefusal((err as Error).message);
      notify((err as Error).message, { type: 'error' });
    }
  };
  // Confirmed: the API saves the change and answers at once with its job, whose progress the dialog shows.
  const confirm = async () => {
    if (!pending) return;
    await run(async () => {
      const job = await dataProvider.applyCalendarChange(pending.change);
      setPending({ ...pending, job });
      if (pending.change.add?.length) {
        setDate(''); setName('');
        const [y, m] = pending.done.date.split('-').map(Number);
        setYear(y); setMonth(m);
      }
      refetch(); reload();
    });
  };
  const finished = useCallback((job: CalendarChangeJob) => {
    if (!pending) return;
    notify(pending.done.message, { type: job.progress.failed ? 'warning' : 'success', messageArgs: { date: pending.done.date, moved: job.progress.moved, failed: job.progress.failed } });
    refetch(); reload();
  }, [pending, notify, refetch]);
  const add = () => propose({ add: [{ date, kind, name: name.trim() }] }, { message: 'govflow.calendar.added', date });
  const remove = (o: Override) => propose({ remove: [o.date] }, { message: 'govflow.calendar.removed', date: o.date });

  // Monday-first weeks: blanks before the 1st.
  const first = days?.[0] ? (new Date(`${days[0].date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
  const cells: Array<CalendarDay | null> = [...Array(first).fill(null), ...(days ?? [])];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));

  return (
    <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 1 }}>
      <Title title={t('govflow.calendar.title')} />
      <Card sx={{ flex: 2, minWidth: 0 }}>
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <IconButton aria-label={t('govflow.calendar.previous')} onClick={() => move(-1)}><ChevronLeftIcon /></IconButton>
            <MuiTextField select size="small" value={year} onChange={(e) => setYear(Number(e.target.value))} slotProps={{ htmlInput: { 'aria-label': t('govflow.calendar.year') } }}>
              {Array.from({ length: 9 }, (_, i) => now.getFullYear() - 4 + i).map((y) => <MenuItem key={y} value={y}>{t('govflow.calendar.year_n', { year: y })}</MenuItem>)}
            </MuiTextField>
            <MuiTextField select size="small" value={month} onChange={(e) => setMonth(Number(e.target.value))} slotProps={{ htmlInput: { 'aria-label': t('govflow.calendar.month') } }}>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => <MenuItem key={m} value={m}>{t('govflow.calendar.month_n', { month: m })}</MenuItem>)}
            </MuiTextField>
            <IconButton aria-label={t('govflow.calendar.next')} onClick={() => move(1)}><ChevronRightIcon /></IconButton>
          </Stack>
          <Table size="small" sx={{ tableLayout: 'fixed' }} data-testid="calendar-month">
            <TableHead>
              <TableRow>{[1, 2, 3, 4, 5, 6, 0].map((d) => <TableCell key={d} align="center">{t(`govflow.calendar.weekday.${d}`)}</TableCell>)}</TableRow>
            </TableHead>
            <TableBody>
              {weeks.map((w, i) => (
                <TableRow key={i}>
                  {w.map((d, j) => (
                    <TableCell key={j} sx={{ p: 0.5, height: 64, verticalAlign: 'top', border: 1, borderColor: 'divider', bgcolor: d ? TONE[d.kind].bg : undefined }}
                      data-date={d?.date} data-kind={d?.kind}>
                      {d && (
                        <>
                          <Typography variant="body2" sx={{ fontWeight: 600, color: TONE[d.kind].fg }}>{Number(d.date.slice(8))}</Typography>
                          {d.kind !== 'workday' && d.kind !== 'weekend' && (
                            <Typography variant="caption" sx={{ color: TONE[d.kind].fg, display: 'block', lineHeight: 1.2, overflowWrap: 'anywhere' }}>
                              {d.name ? `${d.name} · ` : ''}{t(`govflow.calendar.kinds.${d.kind}`)}
                            </Typography>
                          )}
                        </>
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap', rowGap: 1 }}>
            {(Object.keys(TONE) as CalendarDay['kind'][]).map((k) => <Chip key={k} size="small" label={t(`govflow.calendar.kinds.${k}`)} sx={{ bgcolor: TONE[k].bg, color: TONE[k].fg, border: 1, borderColor: 'divider' }} />)}
          </Stack>
          {days?.some((d) => !d.covered) && <Alert severity="warning" sx={{ mt: 1 }}>{t('govflow.calendar.not_covered')}</Alert>}
        </CardContent>
      </Card>
      <Card sx={{ flex: 1, minWidth: 0 }}>
        <CardContent>
          <CoverageWarning version={version} />
          {admin && (
            <Box sx={{ mb: 2 }}>
              <MuiButton variant="outlined" onClick={() => setYearOpen(true)}>{t('govflow.calendar.year_form.open')}</MuiButton>
            </Box>
          )}
          {years?.length ? (
            <Box sx={{ mb: 2 }} data-testid="calendar-years">
              <Typography variant="h6" sx={{ fontSize: 17 }}>{t('govflow.calendar.years')}</Typography>
              {years.map((y) => (
                <Typography key={y.year} variant="body2">
                  {t('govflow.calendar.year_entry', { year: y.year, title: y.title, days: (overrides ?? []).filter((o) => o.source === 'notice' && o.date.startsWith(`${y.year}-`)).length })}
                  {y.nationalDataCovers ? <Chip size="small" sx={{ ml: 0.5 }} label={t('govflow.calendar.national_covers')} /> : null}
                </Typography>
              ))}
            </Box>
          ) : null}
          <Typography variant="h6" sx={{ fontSize: 17 }}>{t('govflow.calendar.overrides')}</Typography>
          <Table size="small" data-testid="calendar-overrides">
            <TableBody>
              {(overrides ?? []).filter((o) => o.source !== 'notice').map((o) => (
                <TableRow key={o.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{o.date}</TableCell>
                  <TableCell>{t(`govflow.calendar.override_kind.${o.kind}`)}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{o.name}</TableCell>
                  <TableCell padding="none">{admin && <IconButton aria-label={t('ra.action.delete')} onClick={() => remove(o)}><DeleteIcon fontSize="small" /></IconButton>}</TableCell>
                </TableRow>
              ))}
              {overrides?.every((o) => o.source === 'notice') && <TableRow><TableCell colSpan={4}>{t('govflow.calendar.no_overrides')}</TableCell></TableRow>}
            </TableBody>
          </Table>
          {admin && (
            <Box sx={{ mt: 2 }}>
              <Typography variant="subtitle2">{t('govflow.calendar.add')}</Typography>
              <MuiTextField type="date" label={t('govflow.calendar.date')} value={date} onChange={(e) => setDate(e.target.value)} fullWidth margin="dense" slotProps={{ inputLabel: { shrink: true } }} />
              <MuiTextField select label={t('govflow.calendar.kind')} value={kind} onChange={(e) => setKind(e.target.value as 'holiday' | 'workday')} fullWidth margin="dense">
                <MenuItem value="holiday">{t('govflow.calendar.override_kind.holiday')}</MenuItem>
                <MenuItem value="workday">{t('govflow.calendar.override_kind.workday')}</MenuItem>
              </MuiTextField>
              <MuiTextField label={t('govflow.calendar.name')} value={name} onChange={(e) => setName(e.target.value)} fullWidth margin="dense" slotProps={{ htmlInput: { maxLength: 50 } }} />
              {refusal && <Alert severity="error" sx={{ mt: 1 }}>{refusal}</Alert>}
              <Button label="govflow.calendar.add_button" variant="contained" sx={{ mt: 1 }} onClick={add} disabled={!date || !name.trim()} />
            </Box>
          )}
        </CardContent>
      </Card>
      <Dialog open={Boolean(pending)} onClose={() => setPending(null)} maxWidth="md" fullWidth aria-labelledby="calendar-change-title">
        <DialogTitle id="calendar-change-title">{t('govflow.calendar.preview.title')}</DialogTitle>
        <DialogContent>
          {pending?.job ? <ChangeProgress job={pending.job} onDone={finished} /> : (
            <>
              <Typography variant="body2" sx={{ mb: 1 }}>{pending?.preview.summary}</Typography>
              {pending && <ChangePreview preview={pending.preview} />}
            </>
          )}
        </DialogContent>
        <DialogActions>
          {pending?.job ? <MuiButton onClick={() => setPending(null)}>{t('govflow.calendar.job.close')}</MuiButton> : (
            <>
              <MuiButton onClick={() => setPending(null)}>{t('ra.action.cancel')}</MuiButton>
              <MuiButton variant="contained" disabled={busy} onClick={confirm}>{t('govflow.calendar.preview.confirm')}</MuiButton>
            </>
          )}
        </DialogActions>
      </Dialog>
      <YearArrangement open={yearOpen} onClose={() => setYearOpen(false)} onApplied={(y) => { setYear(y); setMonth(1); refetch(); reload(); }} />
    </Stack>
  );
};
