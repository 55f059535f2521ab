import { Chip } from '@mui/material';
import { Datagrid, FunctionField, List, NumberField, TextField, useCreatePath, useLocaleState, useTranslate } from 'react-admin';
import { RecordCards } from '../layout/RecordCards';
import { usePhone } from '../layout/responsive';
import { stageOf } from '@domain/flows';

interface Rung { key: string; offsetWorkingDays: number; action: string }
export interface StageRecord {
  id: string; flowKey: string; key: string; name: string; nameEn: string; position: number; assigneeRole: string;
  deadlineKind: 'WORKING_DAYS' | 'STATUTORY_DATE'; workingDays: number | null; statutoryDate: string | null; ladder: Rung[];
}

/** Each flow's stages in order, with their deadline and escalation ladder (administrators edit them). */
export const StageList = () => {
  const t = useTranslate();
  const [locale] = useLocaleState();
  // 会签 comes from the stage registry (domain/flows), the one place it is defined.
  const countersign = (r: StageRecord) => {
    const c = stageOf(r.flowKey, r.key)?.countersign;
    if (!c) return '—';
    const rule = c.rule.kind === 'all' ? t('govflow.countersign.rule_all') : t('govflow.countersign.rule_quorum', { quorum: c.rule.quorum, of: c.signers.length });
    return `${c.signers.map((x) => (locale === 'en' ? x.labelEn : x.label)).join(locale === 'en' ? ', ' : '、')}（${rule}）`;
  };
  const deadline = (r: StageRecord) => (r.deadlineKind === 'WORKING_DAYS'
    ? t('govflow.stage.working_days', { days: r.workingDays ?? 0 }) : t('govflow.stage.statutory', { date: r.statutoryDate ?? '' }));
  const phone = usePhone();
  const createPath = useCreatePath();
  // GET /api/stages answers every stage, flow by flow in running order: a short list, no paging.
  return (
    <List pagination={false} sort={{ field: 'position', order: 'ASC' }} exporter={false} actions={false}>
      {phone ? (
        // On a phone a card per stage: its name, flow, post, 会签 and ladder, the deadline as a badge; a tap edits it.
        <RecordCards<StageRecord> testId="stage-card"
          title={(r) => `${r.position}. ${t(`govflow.stages.${r.key}`, { _: r.name })}`}
          lines={(r) => [t(`govflow.flows.${r.flowKey}`), t(`govflow.roles.${r.assigneeRole}`),
            countersign(r) !== '—' && t('govflow.countersign.signer', { signer: countersign(r) }), (r.ladder ?? []).map((x) => x.key).join(' → ')]}
          chips={(r) => <Chip size="small" variant="outlined" label={deadline(r)} />}
          link={(r) => createPath({ resource: 'stages', id: r.id, type: 'edit' })} />
      ) : (
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <FunctionField source="flowKey" sortable={false} render={(r: StageRecord) => t(`govflow.flows.${r.flowKey}`)} />
        <NumberField source="position" sortable={false} />
        <FunctionField source="key" sortable={false} render={(r: StageRecord) => t(`govflow.stages.${r.key}`, { _: r.name })} />
        <FunctionField source="assigneeRole" sortable={false} render={(r: StageRecord) => t(`govflow.roles.${r.assigneeRole}`)} />
        <FunctionField source="workingDays" sortable={false} render={deadline} />
        <FunctionField source="countersign" sortable={false} render={countersign} />
        <FunctionField source="ladder" sortable={false} render={(r: StageRecord) => (r.ladder ?? []).map((x) => x.key).join(' → ') || '—'} />
        <TextField source="nameEn" sortable={false} />
      </Datagrid>
      )}
    </List>
  );
};
