import { useEffect, useState } from 'react';
import {
  Alert, Box, Breadcrumbs, Button, Card, CardContent, Chip, Link, Tab, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tabs, Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { T3, T4 } from '@domain/annual-report/template';
import { campaignApi, type Summary, type SummaryTables } from './api';

const fmt = (n: number) => n.toLocaleString('zh-CN');
type Cells = Record<string, Record<string, number>>;

/** The key figures of a drill-down line: 表三's 总计 column at its four headline rows, and 表四's totals. */
const KEY_FIGURES: Array<{ key: string; label: string; value: (s: SummaryTables) => number }> = [
  { key: 'newReceived', label: '本年新收', value: (s) => s.t3.newReceived.total },
  { key: 'carriedOver', label: '上年结转', value: (s) => s.t3.carriedOver.total },
  { key: 'resultsTotal', label: '办理结果总计', value: (s) => s.t3.resultsTotal.total },
  { key: 'carryForward', label: '结转下年度', value: (s) => s.t3.carryForward.total },
  { key: 'review', label: '行政复议', value: (s) => s.t4.review.total },
  { key: 'litigation', label: '行政诉讼', value: (s) => s.t4.litigationDirect.total + s.t4.litigationAfterReview.total },
];

const T3Table = ({ t3 }: { t3: Cells }) => (
  <TableContainer sx={{ maxHeight: 520, overflowX: 'auto' }}>
    <Table size="small" stickyHeader aria-label="summary-t3">
      <TableHead><TableRow>
        <TableCell sx={{ minWidth: 260 }}>表三</TableCell>
        {T3.columns.map((c) => <TableCell key={c.key} align="right" sx={{ whiteSpace: 'nowrap' }}>{c.displayLabel}</TableCell>)}
      </TableRow></TableHead>
      <TableBody>
        {T3.rows.map((r) => (
          <TableRow key={r.key} data-row={r.key} sx={r.key === 'resultsTotal' ? { '& td': { fontWeight: 600 } } : undefined}>
            <TableCell component="th" scope="row">{r.fullLabel}</TableCell>
            {T3.columns.map((c) => <TableCell key={c.key} align="right" data-cell={`${r.key}.${c.key}`}>{fmt(t3[r.key][c.key])}</TableCell>)}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </TableContainer>
);

const T4Table = ({ t4 }: { t4: Cells }) => (
  <TableContainer sx={{ overflowX: 'auto' }}>
    <Table size="small" aria-label="summary-t4">
      <TableHead><TableRow>
        <TableCell>表四</TableCell>
        {T4.columns.map((c) => <TableCell key={c.key} align="right">{c.label}</TableCell>)}
      </TableRow></TableHead>
      <TableBody>
        {T4.rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell component="th" scope="row">{r.fullLabel}</TableCell>
            {T4.columns.map((c) => <TableCell key={c.key} align="right" data-cell={`${r.key}.${c.key}`}>{fmt(t4[r.key][c.key])}</TableCell>)}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </TableContainer>
);

/**
 * 全市汇总 on the campaign dashboard: 表三 and 表四 summed over the signed-off reports of the city (or the
 * supervisor's district), how many units are counted and how many are missing, a drill-down city → district
 * → unit with each line's key figures, and the export of the same data to Excel laid out like the template.
 */
export const CampaignSummary = ({ campaignId }: { campaignId: string }) => {
  const t = useTranslate();
  const [trail, setTrail] = useState<Array<{ id: string; name: string }>>([]);
  const [data, setData] = useState<Summary>();
  const [error, setError] = useState<string>();
  const [tab, setTab] = useState<'T3' | 'T4' | 'units'>('units');
  const root = trail.at(-1)?.id;
  useEffect(() => {
    let live = true;
    campaignApi.summary(campaignId, root).then((s) => { if (live) { setData(s); setError(undefined); } }, (err: Error) => live && setError(err.message));
    return () => { live = false; };
  }, [campaignId, root]);

  return (
    <Card variant="outlined" data-testid="campaign-summary"><CardContent>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="subtitle1" component="h2">{t('govflow.summary.title')}</Typography>
        {data ? (
          <>
            <Chip size="small" color="primary" label={t('govflow.summary.included', { n: data.included, total: data.units })} data-testid="summary-included" />
            {data.missing ? <Chip size="small" color="warning" label={t('govflow.summary.missing', { n: data.missing, noReport: data.noReport, awaiting: data.awaitingSignOff })} /> : null}
          </>
        ) : null}
        <Box sx={{ flex: 1 }} />
        <Button size="small" variant="outlined" href={`/api/campaigns/${campaignId}/summary.xlsx${root ? `?root=${root}` : ''}`} data-testid="summary-export">{t('govflow.summary.export')}</Button>
      </Box>
      {error ? <Alert severity="error">{error}</Alert> : null}
      {data ? (
        <>
          <Typography variant="body2" color="text.secondary">{data.rule}</Typography>
          {data.ruleProblems.length ? <Alert severity="error" sx={{ my: 1 }}>{data.ruleProblems.map((p) => p.message).join(' ')}</Alert> : null}
          <Breadcrumbs sx={{ my: 1 }} aria-label="summary-trail">
            <Link component="button" underline={trail.length ? 'hover' : 'none'} onClick={() => setTrail([])}>{trail.length ? t('govflow.summary.top') : data.root.name}</Link>
            {trail.map((c, i) => <Link key={c.id} component="button" underline="hover" onClick={() => setTrail(trail.slice(0, i + 1))}>{c.name}</Link>)}
          </Breadcrumbs>
          <Tabs value={tab} onChange={(_e, v) => setTab(v)} variant="scrollable" sx={{ mb: 1 }}>
            <Tab value="units" label={t('govflow.summary.drill')} />
            <Tab value="T3" label="表三" />
            <Tab value="T4" label="表四" />
          </Tabs>
          {tab === 'T3' ? <T3Table t3={data.t3} /> : null}
          {tab === 'T4' ? <T4Table t4={data.t4} /> : null}
          {tab === 'units' ? (
            <TableContainer sx={{ maxHeight: 480, overflowX: 'auto' }}>
              <Table size="small" stickyHeader aria-label="summary-drill">
                <TableHead><TableRow>
                  {/* The figures keep their one-line headers; on a phone the table scrolls sideways inside its box. */}
                  <TableCell sx={{ minWidth: { xs: 140, md: 180 } }}>{t('govflow.campaign.unit')}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{t('govflow.summary.counted')}</TableCell>
                  {KEY_FIGURES.map((k) => <TableCell key={k.key} align="right" sx={{ whiteSpace: 'nowrap' }}>{k.label}</TableCell>)}
                </TableRow></TableHead>
                <TableBody>
                  <TableRow sx={{ '& td, & th': { fontWeight: 600 } }} data-summary-row="total">
                    <TableCell component="th" scope="row">{t('govflow.summary.sum', { name: data.root.name })}</TableCell>
                    <TableCell align="right">{data.included}/{data.units}</TableCell>
                    {KEY_FIGURES.map((k) => <TableCell key={k.key} align="right">{fmt(k.value(data))}</TableCell>)}
                  </TableRow>
                  {data.children.map((c) => (
                    <TableRow key={c.code} hover data-summary-row={c.code}>
                      <TableCell component="th" scope="row">
                        {c.hasChildren && c.orgUnitId
                          ? <Link component="button" onClick={() => setTrail([...trail, { id: c.orgUnitId!, name: c.name }])}>{c.name}</Link>
                          : c.name}
                        {c.statusLabel && c.status !== 'included' ? <Chip size="small" color="warning" variant="outlined" label={c.statusLabel} sx={{ ml: 1 }} /> : null}
                      </TableCell>
                      <TableCell align="right" sx={{ color: c.missing ? 'warning.dark' : undefined }}>{c.included}/{c.units}</TableCell>
                      {KEY_FIGURES.map((k) => <TableCell key={k.key} align="right">{fmt(k.value(c))}</TableCell>)}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          ) : null}
        </>
      ) : null}
    </CardContent></Card>
  );
};
