import { useEffect, useState } from 'react';
import { Alert, Box, Chip, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { DuplicationView, GovFlowDataProvider } from '../../providers/dataProvider';
import { SECTIONS } from './templateView';

const TITLE = Object.fromEntries(SECTIONS.map((s) => [s.key, s.title]));
const TONE = { ok: 'success', warn: 'warning', return: 'error' } as const;

/**
 * 文字重复率 for the reviewers (区级汇总, 全市核查): the share of each part repeated from the unit's last year
 * and from other units of the campaign, against the thresholds (settings), and the repeated sentences side
 * by side with where they come from, highlighted.
 */
export const ReportDuplication = ({ taskId }: { taskId: string }) => {
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [data, setData] = useState<DuplicationView>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    dataProvider.taskDuplication(taskId).then((d) => { if (live) setData(d); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [taskId, dataProvider]);
  if (failed) return null;
  if (!data) return <LinearProgress sx={{ my: 1 }} />;
  if (!data.checked) return <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{data.reason}</Typography>;
  const level = data.level ?? 'ok';
  const sections = (data.sections ?? []).filter((s) => s.chars > 0);
  return (
    <Box component="section" data-testid="report-duplication" sx={{ mb: 3 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: "center" }}>
        <Typography variant="h6" component="h3" sx={{ fontSize: 17 }}>{translate('govflow.duplication.title')}</Typography>
        <Chip color={TONE[level]} label={`${data.total}%`} data-testid="duplication-total" />
        <Typography variant="body2" color="text.secondary">
          {translate('govflow.duplication.summary', { lastYear: data.lastYear, others: data.others, warn: data.thresholds.warnPercent, ret: data.thresholds.returnPercent, reports: data.reports })}
        </Typography>
      </Stack>
      {level !== 'ok' && <Alert severity={level === 'return' ? 'error' : 'warning'} sx={{ mb: 1 }}>{translate(`govflow.duplication.level_${level}`)}</Alert>}
      <Table size="small" sx={{ mb: 2, maxWidth: 640 }}>
        <TableHead><TableRow>
          <TableCell>{translate('govflow.duplication.section')}</TableCell>
          <TableCell align="right">{translate('govflow.duplication.last_year')}</TableCell>
          <TableCell align="right">{translate('govflow.duplication.others')}</TableCell>
          <TableCell align="right">{translate('govflow.duplication.total')}</TableCell>
        </TableRow></TableHead>
        <TableBody>{sections.map((s) => (
          <TableRow key={s.section} data-section-duplication={s.section}>
            <TableCell>{TITLE[s.section]}</TableCell>
            <TableCell align="right">{s.lastYear}%</TableCell>
            <TableCell align="right">{s.others}%</TableCell>
            <TableCell align="right" sx={{ fontWeight: 600, color: s.total >= data.thresholds.returnPercent ? 'error.main' : s.total >= data.thresholds.warnPercent ? 'warning.dark' : undefined }}>{s.total}%</TableCell>
          </TableRow>
        ))}</TableBody>
      </Table>
      {(data.matches ?? []).length > 0 && (
        <Box data-testid="duplication-matches" sx={{ maxHeight: 360, overflowY: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', position: 'sticky', top: 0, bgcolor: 'grey.100', px: 1, py: 0.5, zIndex: 1 }}>
            <Typography variant="caption" sx={{ fontWeight: 600 }}>{translate('govflow.duplication.this_report')}</Typography>
            <Typography variant="caption" sx={{ fontWeight: 600 }}>{translate('govflow.duplication.source')}</Typography>
          </Box>
          {data.matches!.map((m, n) => (
            <Box key={n} sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1, px: 1, py: 0.75, borderTop: 1, borderColor: 'divider' }} data-testid="duplication-match">
              <Typography variant="body2"><Box component="mark" sx={{ bgcolor: '#ffe08a', px: 0.25 }}>{m.sentence.text}</Box>
                <Typography component="span" variant="caption" color="text.secondary"> · {TITLE[m.section]}</Typography></Typography>
              <Typography variant="body2"><Box component="mark" sx={{ bgcolor: m.source.lastYear ? '#cfe3ff' : '#ffd1cc', px: 0.25 }}>{m.source.text}</Box>
                <Typography component="span" variant="caption" color="text.secondary"> · {m.source.label ?? ''} · {TITLE[m.source.section]}{m.others > 1 ? ` · ${translate('govflow.duplication.also_in', { n: m.others - 1 })}` : ''}</Typography></Typography>
            </Box>
          ))}
        </Box>
      )}
      {(data.hiddenMatches ?? 0) > 0 && <Typography variant="caption" color="text.secondary">{translate('govflow.duplication.hidden', { n: data.hiddenMatches })}</Typography>}
    </Box>
  );
};
