import { useState } from 'react';
import { MenuItem, TextField as MuiTextField } from '@mui/material';
import UndoIcon from '@mui/icons-material/Undo';
import { useDataProvider, useGetOne, useRecordContext, useTranslate } from 'react-admin';
import type { GovFlowDataProvider, TaskHistory } from '../providers/dataProvider';
import { useIsAssignee, type AssignableTask } from './useIsAssignee';
import { TaskActionDialogButton } from './TaskActionDialogButton';
import { RETURN_REASONS, returnChoices } from './taskFlows';

interface TaskRecord extends AssignableTask { id: string; status: string; position: string; flowKey: string; stageKey: string; workflowId: string }

/** 退回: to a stage before this one that ran in this workflow, with a reason and a required comment. */
export const ReturnTaskButton = () => {
  const record = useRecordContext<TaskRecord>();
  const mine = useIsAssignee(record);
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const translate = useTranslate();
  const [toStageKey, setToStageKey] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState('');
  // The stages that ran in this run (from the history: a reviewing office cannot list the unit's own steps).
  const enabled = mine && record?.status === 'OPEN' && record?.position === 'main';
  const { data: history } = useGetOne<TaskHistory & { id: string }>('task-history', { id: record?.id ?? '' }, { enabled: !!enabled });
  if (!record || !mine || record.status !== 'OPEN' || record.position !== 'main') return null;
  const targets = returnChoices(record.flowKey, record.stageKey, history?.stagesRun ?? []);
  if (targets.length === 0) return null;
  // 区级汇总 and 全市核查 return a report with the list of what to fix (docs/domain.md §3 step 5): one per line.
  const reviewing = record.stageKey === 'city-verification' || record.stageKey === 'district-review';
  const problemList = problems.split('\n').map((p) => p.trim()).filter(Boolean);

  return (
    <TaskActionDialogButton
      label="govflow.actions.return" icon={<UndoIcon />} title="govflow.actions.return_title" content="govflow.actions.return_content"
      done="govflow.actions.returned" ready={!!toStageKey && !!reasonCode && comment.trim() !== ''}
      onOpen={() => { setToStageKey(reviewing && targets.includes('self-check') ? 'self-check' : targets[targets.length - 1]); setReasonCode(''); setComment(''); setProblems(''); }}
      submit={(requestId) => dataProvider.taskAction(record.id, 'return', { requestId, toStageKey, reasonCode, comment, problems: problemList.length ? problemList : undefined })}
    >
      <MuiTextField select label={translate('govflow.actions.return_to')} value={toStageKey} onChange={(e) => setToStageKey(e.target.value)} fullWidth margin="normal" required>
        {targets.map((s) => <MenuItem key={s} value={s}>{translate(`govflow.stages.${s}`)}</MenuItem>)}
      </MuiTextField>
      <MuiTextField select label={translate('govflow.actions.return_reason')} value={reasonCode} onChange={(e) => setReasonCode(e.target.value)} fullWidth margin="normal" required>
        {RETURN_REASONS.map((r) => <MenuItem key={r} value={r}>{translate(`govflow.return_reasons.${r}`)}</MenuItem>)}
      </MuiTextField>
      <MuiTextField label={translate('govflow.actions.return_comment')} value={comment} onChange={(e) => setComment(e.target.value)} required
        fullWidth multiline minRows={3} margin="normal" slotProps={{ htmlInput: { maxLength: 2000 } }} />
      {reviewing && (
        <MuiTextField label={translate('govflow.actions.return_problems')} value={problems} onChange={(e) => setProblems(e.target.value)}
          helperText={translate('govflow.actions.return_problems_help', { count: problemList.length })}
          fullWidth multiline minRows={4} margin="normal" slotProps={{ htmlInput: { maxLength: 20000 } }} />
      )}
    </TaskActionDialogButton>
  );
};
