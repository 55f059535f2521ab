import { useEffect, useState } from 'react';
import {
  Alert, Box, Card, CardContent, Checkbox, FormControlLabel, IconButton, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow,
  TextField as MuiTextField, Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import AddIcon from '@mui/icons-material/Add';
import { Button, Loading, Title, useDataProvider, useEditController, useNotify, useRedirect, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import type { StageRecord } from './StageList';

const ACTIONS = ['remind', 'urge', 'supervise', 'candidate-notice'] as const;
const NOTIFY = ['assignees', 'leaderInCharge', 'supervisingOffice'] as const;
interface Rung { key: string; offsetWorkingDays: number | string; action: string; notify: string[] }
const SIGNER_ROLES = ['CLERK', 'UNIT_HEAD', 'SUPERVISOR'] as const;
type CountersignSetting = null | { enabled: false } | { enabled: true; rule: { kind: 'all' } | { kind: 'quorum'; quorum: number }; signers: Signer[] };
interface Signer { role?: string; userId?: string; label?: string }

/**
 * A stage's deadline (working days) and escalation ladder. "Apply to running steps" also moves the
 * deadline of every running step of the stage in place (an Update per workflow); the number it will move
 * is shown before saving (GET /api/stages/:id/running).
 */
export const StageEdit = () => {
  const { record, isPending } = useEditController<StageRecord>({ resource: 'stages' });
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const t = useTranslate();
  const [days, setDays] = useState('');
  const [ladder, setLadder] = useState<Rung[]>([]);
  const [apply, setApply] = useState(false);
  const [running, setRunning] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState('');
  // 会签 (环节设置): 'default' keeps the flow registry's declaration; named signers are set through the API.
  const [csMode, setCsMode] = useState<'default' | 'off' | 'on'>('default');
  const [csRule, setCsRule] = useState<'all' | 'quorum'>('all');
  const [csQuorum, setCsQuorum] = useState('1');
  const [csSigners, setCsSigners] = useState<Signer[]>([]);

  useEffect(() => {
    if (!record) return;
    setDays(record.workingDays == null ? '' : String(record.workingDays));
    setLadder((record.ladder as unknown as Rung[]).map((r) => ({ ...r, notify: [...(r.notify ?? [])] })));
    const cs = (record as StageRecord & { countersign?: CountersignSetting }).countersign ?? null;
    setCsMode(cs === null ? 'default' : cs.enabled ? 'on' : 'off');
    if (cs?.enabled) {
      setCsRule(cs.rule.kind);
      setCsQuorum(cs.rule.kind === 'quorum' ? String(cs.rule.quorum) : '1');
      setCsSigners(cs.signers);
    }
    dataProvider.runningSteps(record.id).then((r) => setRunning(r.running), () => undefined);
  }, [record, dataProvider]);

  if (isPending || !record) return <Loading />;
  const byDays = record.deadlineKind === 'WORKING_DAYS';
  const setRung = (i: number, patch: Partial<Rung>) => setLadder((l) => l.map((r, n) => (n === i ? { ...r, ...patch } : r)));

  const save = async () => {
    setBusy(true);
    setRefusal('');
    try {
      const out = await dataProvider.updateStage(record.id, {
        ...(byDays ? { workingDays: Number(days) } : {}),
        ladder: ladder.map((r) => ({ ...r, offsetWorkingDays: Number(r.offsetWorkingDays) })),
        applyToRunning: apply,
        countersign: csMode === 'default' ? null : csMode === 'off' ? { enabled: false }
          : { enabled: true, rule: csRule === 'all' ? { kind: 'all' } : { kind: 'quorum', quorum: Number(csQuorum) }, signers: csSigners },
        requestId: crypto.randomUUID(),
      }) as { applied: { moved: number; failed: string[] } };
      notify(apply ? 'govflow.stage.saved_applied' : 'govflow.stage.saved', { type: 'success', messageArgs: { moved: out.applied.moved, failed: out.applied.failed.length } });
      redirect('list', 'stages');
    } catch (err) {
      setRefusal((err as Error).message);
      notify((err as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box sx={{ mt: 1 }}>
      <Title title={t('govflow.stage.edit_title', { stage: t(`govflow.stages.${record.key}`, { _: record.name }), flow: t(`govflow.flows.${record.flowKey}`) })} />
      <Card>
        <CardContent>
          <Typography variant="h6" sx={{ mb: 2 }}>{t(`govflow.flows.${record.flowKey}`)} · {t(`govflow.stages.${record.key}`, { _: record.name })}</Typography>
          {byDays ? (
            <MuiTextField label={t('govflow.stage.deadline_days')} value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, ''))} required
              sx={{ width: 260 }} helperText={t('govflow.stage.deadline_help')} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 3 } }} />
          ) : (
            <Alert severity="info">{t('govflow.stage.statutory', { date: record.statutoryDate ?? '' })}</Alert>
          )}
          <Typography variant="subtitle1" sx={{ mt: 3 }}>{t('govflow.stage.ladder')}</Typography>
          <Typography variant="body2" color="text.secondary">{t('govflow.stage.ladder_help')}</Typography>
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" sx={{ mt: 1, minWidth: 760 }} data-testid="stage-ladder">
              <TableHead>
                <TableRow>
                  <TableCell>{t('govflow.stage.rung_key')}</TableCell><TableCell>{t('govflow.stage.rung_offset')}</TableCell>
                  <TableCell>{t('govflow.stage.rung_action')}</TableCell><TableCell>{t('govflow.stage.rung_notify')}</TableCell><TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {ladder.map((r, i) => (
                  <TableRow key={i}>
                    <TableCell><MuiTextField size="small" value={r.key} onChange={(e) => setRung(i, { key: e.target.value })} sx={{ width: 100 }} slotProps={{ htmlInput: { 'aria-label': t('govflow.stage.rung_key') } }} /></TableCell>
                    <TableCell><MuiTextField size="small" value={r.offsetWorkingDays} onChange={(e) => setRung(i, { offsetWorkingDays: e.target.value.replace(/[^\d-]/g, '') })} sx={{ width: 90 }} slotProps={{ htmlInput: { 'aria-label': t('govflow.stage.rung_offset') } }} /></TableCell>
                    <TableCell>
                      <MuiTextField select size="small" value={r.action} onChange={(e) => setRung(i, { action: e.target.value })} sx={{ width: 150 }}>
                        {ACTIONS.map((a) => <MenuItem key={a} value={a}>{t(`govflow.events.escalation.${a}`)}</MenuItem>)}
                      </MuiTextField>
                    </TableCell>
                    <TableCell>
                      {NOTIFY.map((n) => (
                        <FormControlLabel key={n} label={t(`govflow.stage.notify.${n}`)} control={
                          <Checkbox size="small" checked={r.notify.includes(n)} onChange={(e) => setRung(i, { notify: e.target.checked ? [...r.notify, n] : r.notify.filter((x) => x !== n) })} />} />
                      ))}
                    </TableCell>
                    <TableCell><IconButton aria-label={t('ra.action.delete')} onClick={() => setLadder((l) => l.filter((_, n) => n !== i))}><DeleteIcon fontSize="small" /></IconButton></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
          <Button label="govflow.stage.add_rung" onClick={() => setLadder((l) => [...l, { key: `T+${l.length}`, offsetWorkingDays: 0, action: 'urge', notify: ['assignees'] }])}><AddIcon /></Button>
          <Typography variant="subtitle1" sx={{ mt: 3 }}>{t('govflow.stage.countersign')}</Typography>
          <Typography variant="body2" color="text.secondary">{t('govflow.stage.countersign_help')}</Typography>
          <Stack direction="row" spacing={2} sx={{ mt: 1, flexWrap: 'wrap' }} data-testid="stage-countersign">
            <MuiTextField select size="small" label={t('govflow.stage.countersign_mode')} value={csMode} onChange={(e) => setCsMode(e.target.value as typeof csMode)} sx={{ width: 220 }}>
              {(['default', 'off', 'on'] as const).map((m) => <MenuItem key={m} value={m}>{t(`govflow.stage.countersign_modes.${m}`)}</MenuItem>)}
            </MuiTextField>
            {csMode === 'on' && (
              <>
                <MuiTextField select size="small" label={t('govflow.stage.countersign_rule')} value={csRule} onChange={(e) => setCsRule(e.target.value as 'all' | 'quorum')} sx={{ width: 200 }}>
                  <MenuItem value="all">{t('govflow.stage.countersign_rules.all')}</MenuItem>
                  <MenuItem value="quorum">{t('govflow.stage.countersign_rules.quorum')}</MenuItem>
                </MuiTextField>
                {csRule === 'quorum' && (
                  <MuiTextField size="small" label={t('govflow.stage.countersign_quorum')} value={csQuorum} onChange={(e) => setCsQuorum(e.target.value.replace(/\D/g, ''))} sx={{ width: 120 }} />
                )}
                {SIGNER_ROLES.map((role) => (
                  <FormControlLabel key={role} label={t(`govflow.roles.${role}`)} control={
                    <Checkbox size="small" checked={csSigners.some((x) => x.role === role)}
                      onChange={(e) => setCsSigners((l) => (e.target.checked ? [...l, { role }] : l.filter((x) => x.role !== role)))} />} />
                ))}
                {csSigners.some((x) => x.userId) && (
                  <Typography variant="body2" sx={{ alignSelf: 'center' }}>{t('govflow.stage.countersign_named', { count: csSigners.filter((x) => x.userId).length })}</Typography>
                )}
              </>
            )}
          </Stack>
          <Box sx={{ mt: 3 }}>
            <FormControlLabel control={<Checkbox checked={apply} onChange={(e) => setApply(e.target.checked)} />} label={t('govflow.stage.apply_running')} />
            <Typography variant="body2" color={apply ? 'warning.main' : 'text.secondary'} data-testid="stage-running">
              {running === undefined ? '…' : t('govflow.stage.running_preview', { count: running })}
            </Typography>
          </Box>
          {refusal && <Alert severity="error" sx={{ mt: 2, whiteSpace: 'pre-line' }}>{refusal}</Alert>}
          <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
            <Button label="ra.action.save" variant="contained" onClick={save} disabled={busy || (byDays && days === '')} />
            <Button label="ra.action.cancel" onClick={() => redirect('list', 'stages')} />
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
};
