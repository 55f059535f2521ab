import { useCallback, useState, type ChangeEvent } from 'react';
import {
  Alert, Box, Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Stack, TextField, Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { CalendarChange, CalendarChangeJob, CalendarChangePreview, CalendarDay, GovFlowDataProvider } from '../providers/dataProvider';
import { ChangePreview } from './ChangePreview';
import { ChangeProgress } from './ChangeProgress';
import { TONE } from './tones';

interface Period { name: string; from: string; to: string }
interface Makeup { date: string; name: string }

const DAY_MS = 86_400_000;
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The form's periods and make-up days in the calendar package's JSON shape ("English,中文,days": here the Chinese name twice). */
export function toPackageShape(year: number, title: string, periods: Period[], makeups: Makeup[]): NonNullable<CalendarChange['arrangement']> {
  const holidays: Record<string, string> = {};
  for (const p of periods) {
    if (!p.from) continue;
    const to = p.to || p.from;
    const days: string[] = [];
    for (let d = p.from; d <= to && days.length < 60; d = nextDay(d)) days.push(d);
    for (const d of days) holidays[d] = `${p.name},${p.name},${days.length}`;
  }
  const workdays: Record<string, string> = {};
  for (const m of makeups) if (m.date) workdays[m.date] = `${m.name},${m.name},1`;
  return { year, ...(title.trim() ? { title: title.trim() } : {}), holidays, workdays };
}

/** An uploaded package file (one year or the whole package) back into the form's periods and make-up days, for one year. */
export function fromPackageShape(json: unknown, year: number): { periods: Period[]; makeups: Makeup[] } {
  const data = (json ?? {}) as { holidays?: Record<string, string>; workdays?: Record<string, string> };
  const name = (v: string) => { const parts = String(v).split(','); return (parts.length >= 2 ? parts[1] : parts[0]).trim(); };
  const periods: Period[] = [];
  for (const [date, value] of Object.entries(data.holidays ?? {}).filter(([d]) => d.startsWith(`${year}-`)).sort(([a], [b]) => a.localeCompare(b))) {
    const last = periods[periods.length - 1];
    if (last && last.name === name(value) && nextDay(last.to) === date) last.to = date;
    else periods.push({ name: name(value), from: date, to: date });
  }
  const makeups = Object.entries(data.workdays ?? {}).filter(([d]) => d.startsWith(`${year}-`)).sort(([a], [b]) => a.localeCompare(b)).map(([date, value]) => ({ date, name: name(value) }));
  return { periods, makeups };
}

/** Twelve small months of the year as the calendar will count them, for the administrator to check before saving. */
const YearGrid = ({ days }: { days: CalendarDay[] }) => {
  const t = useTranslate();
  const months = Array.from({ length: 12 }, (_, m) => days.filter((d) => Number(d.date.slice(5, 7)) === m + 1));
  return (
    <Box data-testid="year-preview" sx={{ display: 'grid', gridTemplateColumns: { xs: 'repeat(2, 1fr)', md: 'repeat(4, 1fr)' }, gap: 1 }}>
      {months.map((month, i) => {
        const blanks = month[0] ? (new Date(`${month[0].date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
        return (
          <Box key={i}>
            <Typography variant="caption" sx={{ fontWeight: 600 }}>{t('govflow.calendar.month_n', { month: i + 1 })}</Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: '1px' }}>
              {Array.from({ length: blanks }, (_, b) => <Box key={`b${b}`} />)}
              {month.map((d) => (
                <Box key={d.date} data-date={d.date} data-kind={d.kind} title={`${d.date}${d.name ? ` ${d.name}` : ''} · ${t(`govflow.calendar.kinds.${d.kind}`)}`}
                  sx={{ fontSize: 10, textAlign: 'center', bgcolor: TONE[d.kind].bg, color: TONE[d.kind].fg, border: 1, borderColor: 'divider', lineHeight: '16px' }}>
                  {Number(d.date.slice(8))}
                </Box>
              ))}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
};

/**
 * 录入年度节假日安排: the next year's notice (国务院办公厅关于X年部分节假日安排的通知) entered in one go, as
 * holiday periods and make-up working days (调休上班), or uploaded as a file in the calendar package's JSON
 * shape; previewed as the year's calendar with the running steps it moves; applied on confirmation, the dialog
 * then following the change's job until it is done (`onApplied` when the year is saved, to show it).
 */
export const YearArrangement = ({ open, onClose, onApplied }: { open: boolean; onClose: () => void; onApplied: (year: number) => void }) => {
  const t = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const [title, setTitle] = useState('');
  const [periods, setPeriods] = useState<Period[]>([{ name: '元旦', from: '', to: '' }]);
  const [makeups, setMakeups] = useState<Makeup[]>([]);
  const [preview, setPreview] = useState<CalendarChangePreview | null>(null);
  const [refusal, setRefusal] = useState('');
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<CalendarChangeJob | null>(null);

  const edited = <T,>(f: (v: T) => void) => (v: T) => { f(v); setPreview(null); };
  const setPeriod = edited((p: { i: number; field: keyof Period; value: string }) => setPeriods(periods.map((x, i) => (i === p.i ? { ...x, [p.field]: p.value } : x))));
  const setMakeup = edited((p: { i: number; field: keyof Makeup; value: string }) => setMakeups(makeups.map((x, i) => (i === p.i ? { ...x, [p.field]: p.value } : x))));
  const change = (): CalendarChange => ({ arrangement: toPackageShape(year, title, periods, makeups) });

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const parsed = fromPackageShape(JSON.parse(await file.text()), year);
      if (!parsed.periods.length) throw new Error(t('govflow.calendar.year_form.upload_empty', { year }));
      setPeriods(parsed.periods);
      setMakeups(parsed.makeups);
      setPreview(null);
      setRefusal('');
    } catch (err) {
      setRefusal(err instanceof SyntaxError ? t('govflow.calendar.year_form.upload_invalid') : (err as Error).message);
    }
  };
  const run = async (apply: boolean) => {
    setBusy(true);
    setRefusal('');
    try {
      if (!apply) {
        setPreview(await dataProvider.previewCalendarChange(change()));
      } else {
        setJob(await dataProvider.applyCalendarChange(change()));
        setPreview(null);
        onApplied(year);
      }
    } catch (err) {
      setRefusal((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const finished = useCallback((done: CalendarChangeJob) => {
    notify('govflow.calendar.year_form.applied', { type: done.progress.failed ? 'warning' : 'success', messageArgs: { year, moved: done.progress.moved, failed: done.progress.failed } });
    onApplied(year);
  }, [notify, onApplied, year]);
  const close = () => { setJob(null); onClose(); };

  if (job) {
    return (
      <Dialog open={open} onClose={close} maxWidth="md" fullWidth aria-labelledby="year-arrangement-title">
        <DialogTitle id="year-arrangement-title">{t('govflow.calendar.year_form.title')}</DialogTitle>
        <DialogContent><ChangeProgress job={job} onDone={finished} /></DialogContent>
        <DialogActions><MuiButton onClick={close}>{t('govflow.calendar.job.close')}</MuiButton></DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog open={open} onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="year-arrangement-title">
      <DialogTitle id="year-arrangement-title">{t('govflow.calendar.year_form.title')}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        <Typography variant="body2" color="text.secondary">{t('govflow.calendar.year_form.help')}</Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center', pt: 1 }}>
          <TextField label={t('govflow.calendar.year_form.year')} type="number" size="small" value={year} onChange={(e) => edited(setYear)(Number(e.target.value))} sx={{ width: 120 }} />
          <TextField label={t('govflow.calendar.year_form.notice_title')} size="small" value={title} onChange={(e) => edited(setTitle)(e.target.value)} sx={{ minWidth: 360 }}
            placeholder={t('govflow.calendar.year_form.notice_placeholder', { year })} slotProps={{ htmlInput: { maxLength: 100 } }} />
          <MuiButton component="label" variant="outlined" size="small">
            {t('govflow.calendar.year_form.upload')}
            <input hidden type="file" accept="application/json,.json" onChange={upload} data-testid="arrangement-upload" />
          </MuiButton>
        </Box>

        <Typography variant="subtitle2">{t('govflow.calendar.year_form.periods')}</Typography>
        {periods.map((p, i) => (
          <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="holiday-period">
            <TextField label={t('govflow.calendar.year_form.holiday_name')} size="small" value={p.name} onChange={(e) => setPeriod({ i, field: 'name', value: e.target.value })} slotProps={{ htmlInput: { maxLength: 50 } }} />
            <TextField label={t('govflow.calendar.year_form.from')} type="date" size="small" value={p.from} onChange={(e) => setPeriod({ i, field: 'from', value: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField label={t('govflow.calendar.year_form.to')} type="date" size="small" value={p.to} onChange={(e) => setPeriod({ i, field: 'to', value: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
            <IconButton aria-label={t('govflow.calendar.year_form.remove_period')} onClick={() => edited(setPeriods)(periods.filter((_, j) => j !== i))}><DeleteIcon fontSize="small" /></IconButton>
          </Stack>
        ))}
        <Box><MuiButton size="small" onClick={() => edited(setPeriods)([...periods, { name: '', from: '', to: '' }])}>{t('govflow.calendar.year_form.add_period')}</MuiButton></Box>

        <Typography variant="subtitle2">{t('govflow.calendar.year_form.makeups')}</Typography>
        {makeups.map((m, i) => (
          <Stack key={i} direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="makeup-day">
            <TextField label={t('govflow.calendar.year_form.makeup_date')} type="date" size="small" value={m.date} onChange={(e) => setMakeup({ i, field: 'date', value: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField label={t('govflow.calendar.year_form.makeup_for')} size="small" value={m.name} onChange={(e) => setMakeup({ i, field: 'name', value: e.target.value })} slotProps={{ htmlInput: { maxLength: 50 } }} />
            <IconButton aria-label={t('govflow.calendar.year_form.remove_makeup')} onClick={() => edited(setMakeups)(makeups.filter((_, j) => j !== i))}><DeleteIcon fontSize="small" /></IconButton>
          </Stack>
        ))}
        <Box><MuiButton size="small" onClick={() => edited(setMakeups)([...makeups, { date: '', name: periods[periods.length - 1]?.name ?? '' }])}>{t('govflow.calendar.year_form.add_makeup')}</MuiButton></Box>

        {refusal && <Alert severity="error">{refusal}</Alert>}
        {preview ? <ChangePreview preview={preview} /> : null}
        {preview?.days ? <YearGrid days={preview.days} /> : null}
      </DialogContent>
      <DialogActions>
        <MuiButton onClick={onClose}>{t('ra.action.cancel')}</MuiButton>
        <MuiButton variant="outlined" disabled={busy} onClick={() => run(false)}>{t('govflow.calendar.year_form.preview')}</MuiButton>
        <MuiButton variant="contained" disabled={busy || !preview} onClick={() => run(true)}>{t('govflow.calendar.year_form.apply')}</MuiButton>
      </DialogActions>
    </Dialog>
  );
};
