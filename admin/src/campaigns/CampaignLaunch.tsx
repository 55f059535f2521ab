import { useEffect, useState } from 'react';
import {
  Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, FormGroup, Table, TableBody, TableCell, TableContainer, TableHead, TableRow,
  TextField, Typography,
} from '@mui/material';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { ANNUAL_REPORT } from '@domain/flows/annualReport';
import { campaignApi, type Preview } from './api';
import { UncoveredAlert } from '../calendar/CoverageWarning';

/** The stages a timetable sets a due date for: the report's task stages, in the registry's order. */
const STAGES = ANNUAL_REPORT.stages.filter((s) => s.task).map((s) => s.key);
/** An ISO instant as the value of a datetime-local input, in China time. */
const toLocal = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
const fromLocal = (v: string) => new Date(`${v}:00+08:00`).toISOString();

/**
 * 部署专项: the administrator picks the year and the scope, gets the timetable prefilled from the statutory
 * dates, edits any date, and launches; the server lists every problem of an edited timetable at once.
 */
export const CampaignLaunch = () => {
  const t = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const [year, setYear] = useState(new Date().getFullYear());
  const [districts, setDistricts] = useState<Array<{ id: string; code: string; name: string }>>([]);
  const [roots, setRoots] = useState<string[]>([]);
  const [township, setTownship] = useState(`${new Date().getFullYear() + 1}-02-26`);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => { void campaignApi.topUnits().then(setDistricts).catch(() => setDistricts([])); }, []);

  const draft = async () => {
    setBusy(true);
    try {
      const p = await campaignApi.preview({ year, roots, townshipPublishBy: township || undefined });
      setPreview(p);
      setProblems(p.problems.map((x) => x.message));
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const setDate = (group: string, field: string, value: string) => {
    if (!preview) return;
    const g = { ...preview.schedule[group] };
    if (field === 'publishBy') g.publishBy = value;
    else if (field === 'publishAt') g.publishAt = fromLocal(value);
    else g.dueDates = { ...g.dueDates, [field]: value };
    setPreview({ ...preview, schedule: { ...preview.schedule, [group]: g } });
  };

  const launch = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const out = await campaignApi.launch({ year, rootCodes: roots.length ? roots : undefined, schedule: preview.schedule });
      notify('govflow.campaign.launch.submitted', { type: 'success' });
      redirect('show', 'campaigns', out.id);
    } catch (err) {
      const body = (err as { body?: { error?: { details?: Array<{ message: string }> } } }).body;
      setProblems(body?.error?.details?.map((d) => d.message) ?? [(err as Error).message]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Title title={t('govflow.campaign.launch.title')} />
      <Card variant="outlined"><CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          <TextField label={t('govflow.campaign.launch.year')} type="number" size="small" value={year} onChange={(e) => setYear(Number(e.target.value))} slotProps={{ htmlInput: { 'aria-label': 'year' } }} />
          <TextField label={t('govflow.campaign.launch.townshipPublishBy')} type="date" size="small" value={township} onChange={(e) => setTownship(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} sx={{ minWidth: 260 }} />
        </Box>
        <Typography variant="body2">{t('govflow.campaign.launch.roots')}</Typography>
        <FormGroup row>
          {districts.map((d) => (
            <FormControlLabel key={d.code} label={d.name} control={<Checkbox size="small" checked={roots.includes(d.code)} onChange={(e) => setRoots(e.target.checked ? [...roots, d.code] : roots.filter((r) => r !== d.code))} />} />
          ))}
        </FormGroup>
        <Box><Button variant="outlined" disabled={busy} onClick={draft}>{t('govflow.campaign.launch.preview')}</Button></Box>
      </CardContent></Card>

      {preview ? (
        <Card variant="outlined"><CardContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Typography variant="subtitle1">{preview.title} · {t('govflow.campaign.launch.units', { count: preview.units })}</Typography>
          {preview.alreadyLaunched ? <Alert severity="warning">{t('govflow.campaign.launch.already')}</Alert> : null}
          <TableContainer sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="timetable">
              <TableHead>
                <TableRow>
                  <TableCell />
                  {preview.groups.map((g) => <TableCell key={g.group} sx={{ minWidth: 190 }}>{t(`govflow.campaign.group.${g.group}`)}（{g.units}）</TableCell>)}
                </TableRow>
              </TableHead>
              <TableBody>
                <TableRow>
                  <TableCell>{t('govflow.campaign.launch.statutory')}</TableCell>
                  {preview.groups.map((g) => <TableCell key={g.group}>{g.statutory ?? '—'}</TableCell>)}
                </TableRow>
                <TableRow>
                  <TableCell>{t('govflow.campaign.launch.publishBy')}</TableCell>
                  {preview.groups.map((g) => (
                    <TableCell key={g.group}>{preview.schedule[g.group]
                      ? <TextField type="date" size="small" value={preview.schedule[g.group].publishBy} onChange={(e) => setDate(g.group, 'publishBy', e.target.value)} slotProps={{ htmlInput: { 'aria-label': `${g.group}-publishBy` } }} />
                      : t('govflow.campaign.launch.needsLocalDate')}</TableCell>
                  ))}
                </TableRow>
                <TableRow>
                  <TableCell>{t('govflow.campaign.launch.publishAt')}</TableCell>
                  {preview.groups.map((g) => (
                    <TableCell key={g.group}>{preview.schedule[g.group]
                      ? <TextField type="datetime-local" size="small" value={toLocal(preview.schedule[g.group].publishAt)} onChange={(e) => setDate(g.group, 'publishAt', e.target.value)} /> : null}</TableCell>
                  ))}
                </TableRow>
                {STAGES.map((s) => (
                  <TableRow key={s}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`govflow.stages.${s}`)}</TableCell>
                    {preview.groups.map((g) => (
                      <TableCell key={g.group}>{preview.schedule[g.group]
                        ? <TextField type="date" size="small" value={preview.schedule[g.group].dueDates[s]} onChange={(e) => setDate(g.group, s, e.target.value)} slotProps={{ htmlInput: { 'aria-label': `${g.group}-${s}` } }} /> : null}</TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {preview.calendarWarning ? <UncoveredAlert warning={preview.calendarWarning} /> : null}
          {problems.length ? (
            <Alert severity="error" data-testid="schedule-problems">
              {t('govflow.campaign.launch.problems')}
              <ul>{problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </Alert>
          ) : null}
          <Box><Button variant="contained" disabled={busy || Boolean(preview.alreadyLaunched)} onClick={launch}>{t('govflow.campaign.launch.submit')}</Button></Box>
        </CardContent></Card>
      ) : null}
    </Box>
  );
};
