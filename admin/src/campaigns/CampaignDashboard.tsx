import { useCallback, useEffect, useState } from 'react';
import {
  Alert, Box, Breadcrumbs, Button, Card, CardContent, Chip, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Link,
  Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
} from '@mui/material';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Confirm, Title, useNotify, usePermissions, useTranslate } from 'react-admin';
import { CoverageWarning } from '../calendar/CoverageWarning';
import { usePhone } from '../layout/responsive';
import { CampaignDrillList } from './CampaignDrillList';
import { useParams } from 'react-router-dom';
import { ANNUAL_REPORT } from '@domain/flows/annualReport';
import { campaignApi, type Progress, type Timeline } from './api';
import { CampaignDuplication } from './CampaignDuplication';
import { CampaignSummary } from './CampaignSummary';

/** The report's task stages (the registry's order), then the campaign's own states of a unit. */
const MATRIX_STAGES = [...ANNUAL_REPORT.stages.filter((s) => s.task).map((s) => s.key as string), 'ready', 'published', 'ended'];
const CHINA = { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } as const;

const Kpi = ({ label, value, danger }: { label: string; value: number; danger?: boolean }) => (
  <Card variant="outlined" sx={{ minWidth: { xs: 'calc(50% - 4px)', sm: 140 }, flex: 1 }}>
    <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
      <Typography variant="body2" color="text.secondary">{label}</Typography>
      <Typography variant="h5" color={danger && value > 0 ? 'error' : 'text.primary'} data-kpi={label}>{value}</Typography>
    </CardContent>
  </Card>
);

/**
 * A campaign at a glance for supervisors: counts, where the units stand per stage (overdue in red), completion
 * over time, the org units × stages matrix with drill-down (city → district → unit), overdue units and each
 * unit's timeline. Refreshes every few seconds while the launch is under way. On a phone the tiles and charts
 * stack, the matrix is a drill-down list with overdue counts and the timeline fills the screen.
 */
export const CampaignDashboard = () => {
  const { id } = useParams<{ id: string }>();
  const t = useTranslate();
  const notify = useNotify();
  const { permissions } = usePermissions<string[]>();
  const phone = usePhone();
  const [trail, setTrail] = useState<Array<{ id?: string; name: string }>>([]);
  const [data, setData] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [publishing, setPublishing] = useState<string | null>(null);
  const root = trail.at(-1)?.id;

  const load = useCallback(async () => {
    if (!id) return;
    try {
      setData(await campaignApi.progress(id, root));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [id, root]);

  useEffect(() => {
    void load();
    const every = data?.campaign.status === 'LAUNCHING' ? 2000 : 15000;
    const timer = setInterval(() => void load(), every);
    return () => clearInterval(timer);
  }, [load, data?.campaign.status]);

  if (error) return <Alert severity="error" sx={{ m: 2 }}>{error}</Alert>;
  if (!data) return <LinearProgress sx={{ m: 2 }} />;
  const { campaign, totals } = data;
  const launchPercent = campaign.totalUnits ? Math.round((campaign.startedUnits / campaign.totalUnits) * 100) : 100;
  const stageLabel = (key: string) => data.stages.find((s) => s.stageKey === key)?.label ?? key;
  const chartStages = data.stages.filter((s) => s.units > 0 || MATRIX_STAGES.includes(s.stageKey)).map((s) => ({ ...s, onTime: s.units - s.overdue }));
  const groups = Object.keys(campaign.schedule ?? {});

  return (
    <Box sx={{ p: { xs: 1, md: 2 }, display: 'flex', flexDirection: 'column', gap: 2, minWidth: 0, '& > *': { minWidth: 0 } }}>
      <Title title={campaign.title} />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6">{campaign.title}</Typography>
        <Chip size="small" label={t(`govflow.campaign.status.${campaign.status}`)} color={campaign.status === 'PUBLISHED' ? 'success' : 'primary'} />
        <Box sx={{ flex: 1 }} />
        <Button size="small" variant="outlined" href={`/api/campaigns/${campaign.id}/units/export.xlsx${root ? `?filter=${encodeURIComponent(JSON.stringify({ root }))}` : ''}`}>{t('govflow.campaign.export')}</Button>
        {permissions?.includes('ADMIN') && campaign.status !== 'PUBLISHED'
          ? groups.filter((g) => !campaign.publishedRounds?.[g]).map((g) => (
            <Button key={g} size="small" variant="outlined" onClick={() => setPublishing(g)}>{t('govflow.campaign.publishGroup', { group: t(`govflow.campaign.group.${g}`) })}</Button>
          ))
          : null}
      </Box>
      <CoverageWarning campaignId={campaign.id} />
      {campaign.status === 'LAUNCHING' || launchPercent < 100 ? (
        <Box>
          <LinearProgress variant="determinate" value={launchPercent} aria-label="launch-progress" sx={{ height: 10, borderRadius: 1 }} />
          <Typography variant="body2">{t('govflow.campaign.launching', { started: campaign.startedUnits, total: campaign.totalUnits })}</Typography>
        </Box>
      ) : null}

      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Kpi label={t('govflow.campaign.kpi.units')} value={totals.units} />
        <Kpi label={t('govflow.campaign.kpi.published')} value={totals.published} />
        <Kpi label={t('govflow.campaign.kpi.overdue')} value={totals.overdue} danger />
        <Kpi label={t('govflow.campaign.kpi.statutoryMissed')} value={totals.statutoryMissed} danger />
        <Kpi label={t('govflow.campaign.kpi.withReturns')} value={totals.withReturns} />
      </Box>

      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 3fr) minmax(0, 2fr)' }, gap: 2 }}>
        <Card variant="outlined"><CardContent>
          <Typography variant="subtitle1">{t('govflow.campaign.stagesChart')}</Typography>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={chartStages} margin={{ left: 0, right: 8, top: 8, bottom: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" interval={0} tick={{ fontSize: 11 }} angle={-20} textAnchor="end" height={50} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Bar dataKey="onTime" stackId="s" fill="#1976d2" name={t('govflow.campaign.kpi.units')} />
              <Bar dataKey="overdue" stackId="s" fill="#d32f2f" name={t('govflow.campaign.kpi.overdue')} />
            </BarChart>
          </ResponsiveContainer>
        </CardContent></Card>
        <Card variant="outlined"><CardContent>
          <Typography variant="subtitle1">{t('govflow.campaign.seriesChart')}</Typography>
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={data.series} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Line type="monotone" dataKey="submitted" stroke="#1976d2" name={t('govflow.campaign.series.submitted')} />
              <Line type="monotone" dataKey="verified" stroke="#ed6c02" name={t('govflow.campaign.series.verified')} />
              <Line type="monotone" dataKey="published" stroke="#2e7d32" name={t('govflow.campaign.series.published')} />
            </LineChart>
          </ResponsiveContainer>
        </CardContent></Card>
      </Box>

      <Card variant="outlined"><CardContent>
        <Typography variant="subtitle1">{t('govflow.campaign.matrix')}</Typography>
        <Breadcrumbs sx={{ my: 1 }}>
          <Link component="button" underline={trail.length ? 'hover' : 'none'} onClick={() => setTrail([])}>{trail.length ? t('govflow.campaign.drillUp') : data.root.name}</Link>
          {trail.map((c, i) => <Link key={c.id} component="button" underline="hover" onClick={() => setTrail(trail.slice(0, i + 1))}>{c.name}</Link>)}
        </Breadcrumbs>
        {phone ? (
          <CampaignDrillList rows={data.children} stages={MATRIX_STAGES} stageLabel={stageLabel}
            onDrill={(c) => setTrail([...trail, { id: c.orgUnitId!, name: c.name }])}
            onTimeline={async (c) => setTimeline(await campaignApi.timeline(campaign.id, c.orgUnitId!))} />
        ) : (
        <TableContainer sx={{ maxHeight: 480, overflowX: 'auto' }}>
          <Table size="small" stickyHeader aria-label="progress-matrix">
            <TableHead>
              <TableRow>
                <TableCell sx={{ minWidth: 180 }}>{t('govflow.campaign.unit')}</TableCell>
                <TableCell align="right">{t('govflow.campaign.total')}</TableCell>
                {MATRIX_STAGES.map((s) => <TableCell key={s} align="right" sx={{ whiteSpace: 'nowrap' }}>{stageLabel(s)}</TableCell>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.children.map((c) => (
                <TableRow key={c.code} hover>
                  <TableCell>
                    {c.hasChildren && c.orgUnitId
                      ? <Link component="button" onClick={() => setTrail([...trail, { id: c.orgUnitId!, name: c.name }])}>{c.name}</Link>
                      : c.orgUnitId ? <Link component="button" onClick={async () => setTimeline(await campaignApi.timeline(campaign.id, c.orgUnitId!))}>{c.name}</Link> : c.name}
                  </TableCell>
                  <TableCell align="right">{c.units}</TableCell>
                  {MATRIX_STAGES.map((s) => {
                    const n = c.byStage[s] ?? 0;
                    const late = c.overdueByStage[s] ?? 0;
                    return (
                      <TableCell key={s} align="right" data-overdue={late > 0 ? 'true' : undefined}
                        sx={{ bgcolor: late > 0 ? 'error.light' : s === 'published' && n > 0 ? 'success.light' : undefined, color: late > 0 ? 'error.contrastText' : undefined }}>
                        {n || ''}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        )}
      </CardContent></Card>

      <Card variant="outlined"><CardContent>
        <Typography variant="subtitle1">{t('govflow.campaign.overdueList')}</Typography>
        <Table size="small" sx={phone ? { '& tr': { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, borderBottom: 1, borderColor: 'divider', py: 0.5 }, '& td': { border: 0, p: 0 } } : undefined}>
          <TableBody>
            {data.overdueUnits.slice(0, 20).map((u) => (
              <TableRow key={u.orgUnitId} hover>
                <TableCell><Link component="button" onClick={async () => setTimeline(await campaignApi.timeline(campaign.id, u.orgUnitId))}>{u.name}</Link></TableCell>
                <TableCell>{u.stageLabel}</TableCell>
                <TableCell><Chip size="small" color="error" label={t('govflow.campaign.overdueDays', { days: u.overdueWorkingDays })} /></TableCell>
                <TableCell>{t('govflow.campaign.returns')}: {u.returns}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Typography variant="subtitle2" sx={{ mt: 2 }}>{t('govflow.campaign.rounds')}</Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          {Object.entries(data.returnRounds).map(([k, n]) => <Chip key={k} size="small" variant="outlined" label={`${t(`govflow.campaign.roundsLabel.${k}`)}: ${n}`} />)}
        </Box>
      </CardContent></Card>

      <CampaignSummary campaignId={campaign.id} />

      <CampaignDuplication campaignId={campaign.id} root={root} />

      {/* Mounted only while a timeline is shown: a closed dialog left mounted could keep the page aria-hidden. */}
      {timeline && <Dialog open onClose={() => setTimeline(null)} maxWidth="md" fullWidth fullScreen={phone}>
        <DialogTitle>{timeline ? t('govflow.campaign.timelineOf', { name: timeline.unit.name }) : ''}</DialogTitle>
        <DialogContent>
          <Table size="small" aria-label="unit-timeline" sx={phone ? { '& tr': { display: 'flex', flexWrap: 'wrap', columnGap: 1, borderBottom: 1, borderColor: 'divider', py: 0.5 }, '& td': { border: 0, p: 0 } } : undefined}>
            <TableBody>
              {timeline?.events.filter((e) => e.action !== 'task.draft_saved').map((e) => (
                <TableRow key={e.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(e.at).toLocaleString('zh-CN', CHINA)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{e.stageKey ? `${stageLabel(e.stageKey)}${e.round && e.round > 1 ? ` #${e.round}` : ''}` : ''}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`govflow.campaign.event.${e.action}`, { _: t('govflow.campaign.event.other') })}</TableCell>
                  <TableCell>{e.actorLogin ?? ''}</TableCell>
                  <TableCell>{e.comment ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </DialogContent>
        <DialogActions><Button onClick={() => setTimeline(null)}>{t('govflow.campaign.close')}</Button></DialogActions>
      </Dialog>}

      <Confirm
        isOpen={Boolean(publishing)}
        title={publishing ? t('govflow.campaign.publishGroup', { group: t(`govflow.campaign.group.${publishing}`) }) : ''}
        content={publishing ? t('govflow.campaign.publishConfirm', { group: t(`govflow.campaign.group.${publishing}`) }) : ''}
        onConfirm={async () => {
          const group = publishing!;
          setPublishing(null);
          try {
            await campaignApi.publishNow(campaign.id, group);
            notify('govflow.campaign.publishRequested', { type: 'success' });
            setTimeout(() => void load(), 1500);
          } catch (err) {
            notify((err as Error).message, { type: 'error' });
          }
        }}
        onClose={() => setPublishing(null)}
      />
    </Box>
  );
};
