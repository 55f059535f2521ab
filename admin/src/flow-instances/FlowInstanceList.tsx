import { Chip } from '@mui/material';
import {
  AutocompleteInput, Datagrid, DateField, FunctionField, List, NumberField, NumberInput, ReferenceInput, SearchInput, SelectInput, TextField, TopToolbar,
  useCreatePath, useTranslate,
} from 'react-admin';
import { FLOW_LIST } from '@domain/flows';
import { RecordCards } from '../layout/RecordCards';
import { FilterDrawerButton, ResponsivePagination, usePhone } from '../layout/responsive';
import { CHINA_TIME, stageChoices } from '../tasks/taskFields';

export interface FlowInstanceRow {
  id: string; workflowId: string; flowKey: string; stageKey: string; round: number; orgUnitName: string; title: string;
  stepStartedAt: string; runStartedAt: string; deadlineAt: string | null; openTasks: number; ageDays: number;
}

/** How long the current step has stood still, coloured the way a supervisor reads it: a week amber, a month red. */
const AgeChip = ({ days }: { days: number }) => {
  const t = useTranslate();
  const color = days >= 30 ? 'error' : days >= 7 ? 'warning' : 'default';
  return <Chip size="small" color={color} label={t('govflow.flow_instances.age_days', { days })} data-age={days} />;
};

/** 流程监控: every run with a step open now, by flow, stage, unit and age (paged, sorted, filtered). */
export const FlowInstanceList = () => {
  const t = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="flowKey" source="flowKey" alwaysOn choices={FLOW_LIST.map((f) => ({ id: f.key, name: t(`govflow.flows.${f.key}`) }))} />,
    <SelectInput key="stageKey" source="stageKey" alwaysOn choices={stageChoices(t)} />,
    <ReferenceInput key="orgUnitId" source="orgUnitId" reference="org-units">
      <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} />
    </ReferenceInput>,
    <NumberInput key="minAgeDays" source="minAgeDays" min={0} />,
  ];
  const createPath = useCreatePath();
  const stage = (r: FlowInstanceRow) => `${t(`govflow.stages.${r.stageKey}`)}${r.round > 1 ? ` · 第${r.round}轮` : ''}`;
  if (usePhone()) {
    // On a phone a card per run: its title, the unit holding it, the flow and stage; how long the step has stood
    // still as the badge; a tap opens the run (history and interventions).
    return (
      <List sort={{ field: 'stepStartedAt', order: 'ASC' }} perPage={25} exporter={false} pagination={<ResponsivePagination />}
        actions={<TopToolbar><FilterDrawerButton filters={filters} /></TopToolbar>}>
        <RecordCards<FlowInstanceRow> testId="flow-instance-card"
          title={(r) => r.title}
          lines={(r) => [r.orgUnitName, t(`govflow.flows.${r.flowKey}`), stage(r)]}
          chips={(r) => <><AgeChip days={r.ageDays} />{r.deadlineAt && <Chip size="small" variant="outlined" label={`${t('resources.flow-instances.fields.deadlineAt')} ${new Date(r.deadlineAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' })}`} />}</>}
          link={(r) => createPath({ resource: 'flow-instances', id: r.id, type: 'show' })} />
      </List>
    );
  }
  return (
    <List filters={filters} sort={{ field: 'stepStartedAt', order: 'ASC' }} perPage={25} exporter={false}>
      <Datagrid bulkActionButtons={false} rowClick="show">
        <TextField source="title" sortable={false} />
        <FunctionField source="flowKey" render={(r: FlowInstanceRow) => t(`govflow.flows.${r.flowKey}`)} />
        <FunctionField source="stageKey" render={stage} />
        <TextField source="orgUnitName" sortable={false} />
        <NumberField source="openTasks" sortable={false} />
        <DateField source="stepStartedAt" showTime locales="zh-CN" options={CHINA_TIME} />
        <FunctionField source="ageDays" sortable={false} render={(r: FlowInstanceRow) => <AgeChip days={r.ageDays} />} />
        <DateField source="deadlineAt" showTime locales="zh-CN" options={CHINA_TIME} />
        <DateField source="runStartedAt" showTime locales="zh-CN" options={CHINA_TIME} />
      </Datagrid>
    </List>
  );
};
