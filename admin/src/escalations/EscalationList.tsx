import { useState } from 'react';
import { MenuItem, TextField as MuiTextField } from '@mui/material';
import GavelIcon from '@mui/icons-material/Gavel';
import {
  BooleanInput, Datagrid, DateField, FunctionField, List, SearchInput, SelectInput, TextField, useDataProvider, useRecordContext, useTranslate,
} from 'react-admin';
import type { GovFlowDataProvider } from '../providers/dataProvider';
import { TaskActionDialogButton } from '../tasks/TaskActionDialogButton';
import { Chip } from '@mui/material';
import { RecordCards } from '../layout/RecordCards';
import { ResponsivePagination, usePhone } from '../layout/responsive';
import { CHINA_TIME } from '../tasks/taskFields';

interface EscalationRecord {
  id: string; kind: 'SUPERVISE' | 'CANDIDATE_NOTICE'; rung: string; reason: string; createdAt: string; decidedAt: string | null; decision: string | null; taskId: string;
  task: { title: string; stageKey: string; deadlineAt: string | null; status: string; orgUnit: { name: string; code: string } };
}

/** 通报 is a human decision (docs/domain.md §5): a supervisor decides each candidate, notice or dismiss, with reasons. */
const DecideButton = (_props: { label?: string }) => {
  const record = useRecordContext<EscalationRecord>();
  const dataProvider = useDataProvider<GovFlowDataProvider>();
  const t = useTranslate();
  const [decision, setDecision] = useState<'notice' | 'dismiss'>('notice');
  const [comment, setComment] = useState('');
  if (!record || record.kind !== 'CANDIDATE_NOTICE' || record.decidedAt) return null;
  return (
    <span onClick={(e) => e.stopPropagation()}>
      <TaskActionDialogButton label="govflow.escalations.decide" icon={<GavelIcon />} title="govflow.escalations.decide_title" content="govflow.escalations.decide_content"
        done="govflow.escalations.decided" ready={comment.trim() !== ''} onOpen={() => { setDecision('notice'); setComment(''); }}
        submit={() => dataProvider.decideEscalation(record.id, { decision, comment })}>
        <MuiTextField select label={t('govflow.escalations.decision')} value={decision} onChange={(e) => setDecision(e.target.value as 'notice' | 'dismiss')} fullWidth margin="normal">
          <MenuItem value="notice">{t('govflow.escalations.decisions.notice')}</MenuItem>
          <MenuItem value="dismiss">{t('govflow.escalations.decisions.dismiss')}</MenuItem>
        </MuiTextField>
        <MuiTextField label={t('govflow.escalations.comment')} value={comment} onChange={(e) => setComment(e.target.value)} required fullWidth multiline minRows={2} margin="normal"
          slotProps={{ htmlInput: { maxLength: 1000 } }} />
      </TaskActionDialogButton>
    </span>
  );
};

/** 督办 records and the candidate 通报 list (ladder rung T+10 or a missed statutory date) under the supervisor's subtree. */
export const EscalationList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="kind" source="kind" alwaysOn choices={['CANDIDATE_NOTICE', 'SUPERVISE'].map((id) => ({ id, name: t(`govflow.escalations.kinds.${id}`) }))} />,
    <BooleanInput key="pending" source="pending" alwaysOn />,
  ];
  const phone = usePhone();
  return (
    <List filters={filters} filterDefaultValues={{ kind: 'CANDIDATE_NOTICE', pending: true }} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}
      pagination={<ResponsivePagination />}>
      {phone ? (
        // On a phone a card per record: the task and its unit, the rung and why; 决定 under it; a tap opens the task.
        <RecordCards<EscalationRecord> testId="escalation-card" actions={<DecideButton />}
          title={(r) => r.task.title}
          lines={(r) => [r.task.orgUnit.name, r.reason, new Date(r.createdAt).toLocaleString('zh-CN', CHINA_TIME)]}
          chips={(r) => <><Chip size="small" color={r.kind === 'CANDIDATE_NOTICE' ? 'error' : 'warning'} label={`${t(`govflow.escalations.kinds.${r.kind}`)} · ${r.rung}`} />
            {r.decision && <Chip size="small" variant="outlined" label={t(`govflow.escalations.decisions.${r.decision}`)} />}</>}
          link={(r) => `/tasks/${r.taskId}/show`} />
      ) : (
      <Datagrid bulkActionButtons={false} rowClick={(_id, _r, record) => `/tasks/${(record as EscalationRecord).taskId}/show`}>
        <FunctionField source="task.title" sortable={false} render={(r: EscalationRecord) => r.task.title} />
        <FunctionField source="task.orgUnit.name" sortable={false} render={(r: EscalationRecord) => r.task.orgUnit.name} />
        <FunctionField source="kind" render={(r: EscalationRecord) => t(`govflow.escalations.kinds.${r.kind}`)} />
        <TextField source="rung" sortable={false} />
        <TextField source="reason" sortable={false} />
        <DateField source="createdAt" showTime locales="zh-CN" options={CHINA_TIME} />
        <FunctionField source="decision" sortable={false} render={(r: EscalationRecord) => (r.decision ? t(`govflow.escalations.decisions.${r.decision}`) : '—')} />
        <DecideButton label="govflow.escalations.decide" />
      </Datagrid>
      )}
    </List>
  );
};
