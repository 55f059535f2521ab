import { Datagrid, FunctionField, List, NumberField, TextField, useTranslate } from 'react-admin';

interface Rung { key: string; offsetWorkingDays: number; action: string }
export interface StageRecord {
  id: string; flowKey: string; key: string; name: string; nameEn: string; position: number; assigneeRole: string;
  deadlineKind: 'WORKING_DAYS' | 'STATUTORY_DATE'; workingDays: number | null; statutoryDate: string | null; ladder: Rung[];
}

/** Each flow's stages in order, with their deadline and escalation ladder (administrators edit them). */
export const StageList = () => {
  const t = useTranslate();
  // GET /api/stages answers every stage, flow by flow in running order: a short list, no paging.
  return (
    <List pagination={false} sort={{ field: 'position', order: 'ASC' }} exporter={false} actions={false}>
      <Datagrid rowClick="edit" bulkActionButtons={false}>
        <FunctionField source="flowKey" sortable={false} render={(r: StageRecord) => t(`govflow.flows.${r.flowKey}`)} />
        <NumberField source="position" sortable={false} />
        <FunctionField source="key" sortable={false} render={(r: StageRecord) => t(`govflow.stages.${r.key}`, { _: r.name })} />
        <FunctionField source="assigneeRole" sortable={false} render={(r: StageRecord) => t(`govflow.roles.${r.assigneeRole}`)} />
        <FunctionField source="workingDays" sortable={false} render={(r: StageRecord) => (r.deadlineKind === 'WORKING_DAYS'
          ? t('govflow.stage.working_days', { days: r.workingDays ?? 0 }) : t('govflow.stage.statutory', { date: r.statutoryDate ?? '' }))} />
        <FunctionField source="ladder" sortable={false} render={(r: StageRecord) => (r.ladder ?? []).map((x) => x.key).join(' → ') || '—'} />
        <TextField source="nameEn" sortable={false} />
      </Datagrid>
    </List>
  );
};
