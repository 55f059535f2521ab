import { useCallback, useEffect, useState } from 'react';
import {
  Box, Button, Card, CardContent, Chip, FormControl, InputLabel, MenuItem, Select, Table, TableBody, TableCell, TableHead, TablePagination, TableRow, Typography,
} from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { useNotify, useTranslate } from 'react-admin';
import { campaignApi, type DuplicationUnitRow } from './api';

const LEVELS = ['', 'return', 'warn', 'ok', 'unchecked'] as const;
const PER_PAGE = 10;

/**
 * The dashboard's 文字重复率 widget: the campaign's units by their report's duplication (a column, highest
 * first), a filter by level against the thresholds, paging, and the campaign-wide pass for supervisors.
 */
export const CampaignDuplication = ({ campaignId, root }: { campaignId: string; root?: string }) => {
  const t = useTranslate();
  const notify = useNotify();
  const [level, setLevel] = useState<string>('');
  const [page, setPage] = useState(0);
  const [data, setData] = useState<{ rows: DuplicationUnitRow[]; total: number }>();
  const [running, setRunning] = useState(false);
  const load = useCallback(async () => {
    setData(await campaignApi.duplicationUnits(campaignId, { level: level || undefined, page, perPage: PER_PAGE, root }));
  }, [campaignId, level, page, root]);
  useEffect(() => { void load().catch(() => undefined); }, [load]);
  const run = async () => {
    setRunning(true);
    try {
      const out = await campaignApi.duplicationPass(campaignId);
      notify('govflow.duplication.ran', { type: 'success', messageArgs: { checked: out.checked, warn: out.warn, ret: out.return, ms: out.tookMs } });
      await load();
    } catch (err) {
      notify((err as Error).message, { type: 'error' });
    } finally {
      setRunning(false);
    }
  };
  return (
    <Card variant="outlined" data-testid="campaign-duplication"><CardContent>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="subtitle1">{t('govflow.duplication.title')}</Typography>
        <FormControl size="small" sx={{ minWidth: 180 }}>
          <InputLabel id="dup-level">{t('govflow.duplication.filter')}</InputLabel>
          <Select labelId="dup-level" label={t('govflow.duplication.filter')} value={level} onChange={(e) => { setLevel(e.target.value); setPage(0); }} data-testid="duplication-filter">
            {LEVELS.map((l) => <MenuItem key={l} value={l}>{l ? t(`govflow.duplication.${l}`) : t('govflow.duplication.all')}</MenuItem>)}
          </Select>
        </FormControl>
        <Box sx={{ flex: 1 }} />
        <Button size="small" variant="outlined" onClick={run} disabled={running} data-testid="duplication-run">{t('govflow.duplication.run')}</Button>
      </Box>
      <Table size="small">
        <TableHead><TableRow>
          <TableCell>{t('govflow.duplication.unit')}</TableCell>
          <TableCell>{t('govflow.duplication.stage')}</TableCell>
          <TableCell align="right">{t('govflow.duplication.column')}</TableCell>
        </TableRow></TableHead>
        <TableBody>
          {data?.rows.map((u) => (
            <TableRow key={u.orgUnitId} data-duplication-unit={u.code}>
              <TableCell>{u.taskId ? <RouterLink to={`/tasks/${u.taskId}/show`}>{u.name}</RouterLink> : u.name}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{u.stageLabel}</TableCell>
              <TableCell align="right">{u.duplicationPercent === null ? '—' : <Chip size="small" label={`${u.duplicationPercent}%`} />}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination component="div" count={data?.total ?? 0} page={page} rowsPerPage={PER_PAGE} rowsPerPageOptions={[PER_PAGE]} onPageChange={(_e, p) => setPage(p)} />
    </CardContent></Card>
  );
};
