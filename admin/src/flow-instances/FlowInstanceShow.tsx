import { useState } from 'react';
import {
  Box, Card, CardContent, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField as MuiTextField, Typography,
} from '@mui/material';
import UndoIcon from '@mui/icons-material/Undo';
import StopCircleIcon from '@mui/icons-material/StopCircle';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import { Show, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from '../tasks/TaskActionDialogButton';
import { usePhone } from '../layout/responsive';
import { CHINA_TIME } from '../tasks/taskFields';

interface InstanceTask {
  id: string; stepKey: string; stageKey: string; round: number; title: string; status: string; orgUnitName: string;
  assignee: string | null; completedBy: string | null; comment: string | null; startedAt: string; completedAt: string | null;
}
interface InstanceEvent { id: string; at: string; action: string; actorLogin: string | null; entityType: string; entityId: string; after: Record<string, unknown> | null }
export interface FlowInstanceRecord {
  id: string; workflowId: string; flowKey: string; flowName: string; status: string; currentStageKey: string | null;
  jumpTargets: string[]; tasks: InstanceTask[]; events: InstanceEvent[];
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', CHINA_TIME) : '—');
/** A countersigned step's signer, as the workflow titles their task ("…（会签：区政府办公室负责人）"). */
const signerOf = (title: string) => /（会签：([^）]+)）$/.exec(title)?.[1] ?? null;

const ReasonField = ({ value, onChange }: { value: string; onChange: (v: string) => void }) => {
  const t = useTranslate();
  return (
    <MuiTextField label={t('govflow.flow_instances.reason')} value={value} onChange={(e) => onChange(e.target.value)} required fullWidth multiline minRows={2}
      margin="normal" slotProps={{ htmlInput: { maxLength: 2000, 'data-testid': 'intervention-reason' } }} />
  );
};

const JumpBackButton = () => {
  const record = useRecordContext<FlowInstanceRecord>()!;
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const t = useTranslate();
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  if (record.jumpTargets.length === 0) return null;
  return (
    <TaskActionDialogButton label="govflow.flow_instances.jump_back" icon={<UndoIcon />} title="govflow.flow_instances.jump_back_title"
      content="govflow.flow_instances.jump_back_content" done="govflow.flow_instances.jumped_back" ready={target !== '' && reason.trim() !== ''}
      onOpen={() => { setTarget(record.jumpTargets.at(-1) ?? ''); setReason(''); }}
      submit={(requestId) => dataProvider.intervene(record.id, 'jump-back', { requestId, toStageKey: target, reason })}>
      <MuiTextField select label={t('govflow.flow_instances.jump_target')} value={target} onChange={(e) => setTarget(e.target.value)} fullWidth margin="normal">
        {record.jumpTargets.map((k) => <MenuItem key={k} value={k}>{t(`govflow.stages.${k}`)}</MenuItem>)}
      </MuiTextField>
      <ReasonField value={reason} onChange={setReason} />
    </TaskActionDialogButton>
  );
};

const EndFlowButton = () => {
  const record = useRecordContext<FlowInstanceRecord>()!;
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const [reason, setReason] = useState('');
  return (
    <TaskActionDialogButton label="govflow.flow_instances.end" icon={<StopCircleIcon />} title="govflow.flow_instances.end_title"
      content="govflow.flow_instances.end_content" done="govflow.flow_instances.ended" ready={reason.trim() !== ''} onOpen={() => setReason('')}
      submit={(requestId) => dataProvider.intervene(record.id, 'end', { requestId, reason })}>
      <ReasonField value={reason} onChange={setReason} />
    </TaskActionDialogButton>
  );
};

const ReassignButton = ({ task }: { task: InstanceTask }) => {
  const record = useRecordContext<FlowInstanceRecord>()!;
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const t = useTranslate();
  const [people, setPeople] = useState<Array<{ id: string; displayName: string; login: string }>>([]);
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  return (
    <TaskActionDialogButton label="govflow.flow_instances.reassign" icon={<SwapHorizIcon />} title="govflow.flow_instances.reassign_title"
      content="govflow.flow_instances.reassign_content" done="govflow.flow_instances.reassigned" ready={to !== '' && reason.trim() !== ''}
      onOpen={() => { setTo(''); setReason(''); void dataProvider.reassignCandidates(record.id, task.id).then(setPeople); }}
      submit={(requestId) => dataProvider.intervene(record.id, 'reassign', { requestId, taskId: task.id, toUserId: to, reason })}>
      <MuiTextField select label={t('govflow.flow_instances.reassign_to')} value={to} onChange={(e) => setTo(e.target.value)} fullWidth margin="normal"
        helperText={people.length === 0 ? t('govflow.flow_instances.no_candidates') : undefined}>
        {people.map((p) => <MenuItem key={p.id} value={p.id}>{`${p.displayName}（${p.login}）`}</MenuItem>)}
      </MuiTextField>
      <ReasonField value={reason} onChange={setReason} />
    </TaskActionDialogButton>
  );
};

const STATUS_COLOR: Record<string, 'success' | 'default' | 'warning' | 'info'> = { OPEN: 'info', COMPLETED: 'success', RETURNED: 'warning', CANCELLED: 'default', WITHDRAWN: 'default' };

/** Every step of the run, one row per task (a countersigned step has one per signer), with each opinion. */
const InstanceSteps = () => {
  const record = useRecordContext<FlowInstanceRecord>();
  const t = useTranslate();
  const phone = usePhone();
  // Opened from the list, the show page first holds the list's row (no tasks yet) until the history arrives.
  if (!record?.tasks) return null;
  const running = record.status === 'RUNNING';
  const stage = (task: InstanceTask) => `${t(`govflow.stages.${task.stageKey}`)}${task.round > 1 ? ` · 第${task.round}轮` : ''}`;
  const status = (task: InstanceTask) => <Chip size="small" color={STATUS_COLOR[task.status] ?? 'default'} label={t(`govflow.status.${task.status}`)} />;
  if (phone) {
    // On a phone a card per task: the stage and its state, who holds it where, the opinion, the times; 改派 under it.
    return (
      <Stack spacing={1} data-testid="instance-steps">
        {record.tasks.map((task) => (
          <Card key={task.id} variant="outlined" data-step={task.stepKey} data-status={task.status}>
            <CardContent sx={{ py: 1, '&:last-child': { pb: 1 } }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="subtitle2">{stage(task)}</Typography>{status(task)}
              </Stack>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {[signerOf(task.title), task.orgUnitName, task.completedBy ?? task.assignee ?? t('govflow.flow_instances.any_holder')].filter(Boolean).join(' · ')}
              </Typography>
              {task.comment && <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{task.comment}</Typography>}
              <Typography variant="caption" color="text.secondary">{when(task.startedAt)}{task.completedAt ? ` → ${when(task.completedAt)}` : ''}</Typography>
              {running && task.status === 'OPEN' && <Box><ReassignButton task={task} /></Box>}
            </CardContent>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table size="small" data-testid="instance-steps">
      <TableHead>
        <TableRow>
          {['stage', 'signer', 'unit', 'assignee', 'status', 'comment', 'started', 'completed', 'actions'].map((c) => (
            <TableCell key={c}>{t(`govflow.flow_instances.columns.${c}`)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {record.tasks.map((task) => (
          <TableRow key={task.id} data-step={task.stepKey} data-status={task.status}>
            <TableCell>{stage(task)}</TableCell>
            <TableCell>{signerOf(task.title) ?? '—'}</TableCell>
            <TableCell>{task.orgUnitName}</TableCell>
            <TableCell>{task.completedBy ?? task.assignee ?? t('govflow.flow_instances.any_holder')}</TableCell>
            <TableCell>{status(task)}</TableCell>
            <TableCell sx={{ maxWidth: 320, whiteSpace: 'pre-wrap' }}>{task.comment ?? ''}</TableCell>
            <TableCell>{when(task.startedAt)}</TableCell>
            <TableCell>{when(task.completedAt)}</TableCell>
            <TableCell>{running && task.status === 'OPEN' ? <ReassignButton task={task} /> : null}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The run's audited events, interventions first among equals: who, when, what, and the reason. */
const InstanceEvents = () => {
  const record = useRecordContext<FlowInstanceRecord>();
  const t = useTranslate();
  if (!record?.events) return null;
  const stepOf = new Map(record.tasks.map((x) => [x.id, x]));
  return (
    <Stack component="ol" spacing={0.5} sx={{ pl: 2 }} data-testid="instance-events">
      {record.events.map((e) => {
        const reason = (e.after?.reason ?? e.after?.comment) as string | undefined;
        const task = stepOf.get(e.entityId);
        return (
          <li key={e.id} data-action={e.action}>
            <Typography variant="body2" sx={{ fontWeight: e.entityType === 'flow' ? 700 : 400 }}>
              {`${when(e.at)} · ${t(`govflow.flow_instances.events.${e.action}`, { _: e.action })}`}
              {task ? ` · ${t(`govflow.stages.${task.stageKey}`)}` : ''}
              {e.actorLogin ? ` · ${e.actorLogin}` : ''}
              {reason ? `：${reason}` : ''}
            </Typography>
          </li>
        );
      })}
    </Stack>
  );
};

const InstanceHeader = () => {
  const record = useRecordContext<FlowInstanceRecord>();
  const t = useTranslate();
  if (!record?.tasks) return null;
  const running = record.status === 'RUNNING';
  return (
    <Box sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h6">{t(`govflow.flows.${record.flowKey}`, { _: record.flowName })}</Typography>
        <Chip label={t(`govflow.flow_instances.workflow_status.${record.status}`, { _: record.status })} color={running ? 'info' : 'default'} data-testid="instance-status" />
        {record.currentStageKey && <Chip variant="outlined" label={t('govflow.flow_instances.current', { stage: t(`govflow.stages.${record.currentStageKey}`) })} />}
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>{record.workflowId}</Typography>
      {running && (
        <Stack direction="row" sx={{ mt: 1, flexWrap: 'wrap', gap: 1 }}>
          <JumpBackButton />
          <EndFlowButton />
        </Stack>
      )}
    </Box>
  );
};

/** One run's history and the administrator's interventions (流程监控). */
export const FlowInstanceShow = () => {
  const t = useTranslate();
  return (
    <Show actions={false}>
      <Card variant="outlined">
        <CardContent>
          <InstanceHeader />
          <Typography variant="subtitle1" sx={{ mt: 2 }}>{t('govflow.flow_instances.steps')}</Typography>
          <Box sx={{ overflowX: 'auto' }}><InstanceSteps /></Box>
          <Typography variant="subtitle1" sx={{ mt: 2 }}>{t('govflow.flow_instances.history')}</Typography>
          <InstanceEvents />
        </CardContent>
      </Card>
    </Show>
  );
};
